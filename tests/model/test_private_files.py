"""What the desk writes is readable by the clerk's user only, under a safe name."""

import stat
from decimal import Decimal

import pytest

from salesdesk.model import DocKind
from salesdesk.model.output.files import open_private, safe_file_name, write_private


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("name, safe", [
    ("picking-list-SO-00001.txt", "picking-list-SO-00001.txt"),
    ("picking-list-../../etc/x.txt", "picking-list-.._.._etc_x.txt"),
    ("../secret", "_secret"),
    (".hidden", "hidden"),
    ("a\x1b[2Jb\nc.txt", "a__2Jb_c.txt"),
    ("", "file"),
])
def test_a_file_name_keeps_only_safe_characters(name, safe):
    assert safe_file_name(name) == safe
    assert "/" not in safe_file_name(name) and not safe_file_name(name).startswith(".")


def test_a_report_saved_under_a_hostile_name_stays_in_its_folder_and_is_private(tmp_path):
    folder = tmp_path / "reports" / "new"
    path = write_private(folder, "../../escape.txt", b"amounts")
    assert path.parent == folder and path.read_bytes() == b"amounts"
    assert _mode(path) == 0o600
    assert _mode(folder) == 0o700 and _mode(folder.parent) == 0o700
    assert not (tmp_path / "escape.txt").exists()


def test_appending_to_a_log_that_was_world_readable_makes_it_private(tmp_path):
    log = tmp_path / "salesdesk.log"
    log.write_text("old\n")
    log.chmod(0o644)
    with open_private(log, append=True) as handle:
        handle.write(b"new\n")
    assert log.read_text() == "old\nnew\n" and _mode(log) == 0o600


def test_a_printed_pdf_is_private(shop, tmp_path):
    shop.setup.update_company(print_folder=str(tmp_path / "printed"), open_printed=False)
    doc = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(doc, "A", Decimal("2"))
    path = shop.reports.print(doc)
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700


def test_a_new_database_and_its_new_folder_are_private(tmp_path):
    from salesdesk.model import Desk

    path = tmp_path / "new" / "desk.db"
    with Desk.open(path):
        pass
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
