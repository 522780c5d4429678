"""The salesdesk command: version, help, the large demo builder, where the database lives."""

import os
import subprocess
import sys
from pathlib import Path

from salesdesk import __version__
from salesdesk.config import default_db_path, resolve
from salesdesk.model import Desk


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "salesdesk", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_version_and_help():
    assert run("--version").stdout.strip() == f"salesdesk {__version__}"
    out = run("--help").stdout
    assert "--db PATH" in out and "--demo" in out and "demo" in out


def test_demo_command_builds_a_company_headless(tmp_path):
    db = tmp_path / "big.db"
    result = run("demo", "--db", str(db), "--customers", "30", "--items", "7", "--entries", "40")
    assert result.returncode == 0, result.stderr
    desk = Desk.open(db)
    try:
        counts = desk.counts()
        assert (counts["customers"], counts["items"]) == (30, 7)
        assert desk.items.inventory("I0000001") > 0
    finally:
        desk.close()
    assert oct(db.stat().st_mode & 0o777) == "0o600"


def test_demo_command_refuses_a_database_with_data(tmp_path):
    db = tmp_path / "big.db"
    assert run("demo", "--db", str(db), "--customers", "3", "--items", "1", "--entries", "1").returncode == 0
    result = run("demo", "--db", str(db), "--customers", "3", "--items", "1", "--entries", "1")
    assert result.returncode == 1
    assert "empty database" in result.stderr


def test_database_location_argument_then_environment_then_user_data_dir(tmp_path):
    assert resolve("x.db", environ={"SALESDESK_DB": "y.db"}).db == "x.db"
    assert resolve(None, environ={"SALESDESK_DB": "y.db"}).db == "y.db"
    default = resolve(None, environ={}).db
    assert default == str(default_db_path())
    assert Path(default).name == "salesdesk.db"


def test_default_database_is_created_in_the_user_data_directory_with_mode_0600(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    code = ("from salesdesk.config import resolve; from salesdesk.model import Desk; "
            "d = Desk.open(resolve(None).db); print(resolve(None).db); d.close()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, **env, "SALESDESK_DB": ""}, timeout=60)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.is_relative_to(tmp_path / "data")
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_every_start_area_is_an_area_of_the_app():
    from salesdesk.app import SalesDeskApp
    from salesdesk.cli import START_AREAS

    assert set(START_AREAS) == set(SalesDeskApp.MODES)


def test_copy_to_moves_a_company_and_says_it_checked(tmp_path, empty_database):
    """``salesdesk --db shop.db copy-to URL`` (a PostgreSQL URL when SALESDESK_TEST_PG is set)."""
    source = tmp_path / "shop.db"
    assert run("demo", "--db", str(source), "--customers", "12", "--items", "4", "--entries", "30").returncode == 0
    result = run("--db", str(source), "copy-to", str(empty_database))
    assert result.returncode == 0, result.stderr
    assert "every table has the same row count and totals in both" in result.stdout
    with Desk.open(empty_database) as copy:
        assert copy.counts()["customers"] == 12
    again = run("--db", str(source), "copy-to", str(empty_database))  # not empty any more
    assert again.returncode == 1 and "not empty" in again.stderr
