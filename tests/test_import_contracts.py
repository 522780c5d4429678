"""The house's import rules (pyproject.toml, [tool.importlinter]): the model never imports the
UI, screens sit over widgets over the model, the model's areas over its tables over core, and
no package or module imports one that imports it back. Checked by import-linter, on the real
tree and on a copy with a rule broken on purpose (so that the check itself is known to bite)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lint(tree: Path) -> subprocess.CompletedProcess:
    """import-linter over the salesdesk package in ``tree``, with the project's contracts."""
    code = ("import sys; from importlinter.cli import lint_imports; "
            f"sys.exit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r}, no_cache=True))")
    return subprocess.run([sys.executable, "-c", code], cwd=tree, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"})


def test_every_import_contract_is_kept():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def copy_of_the_package(tmp_path_factory) -> Path:
    tree = tmp_path_factory.mktemp("tree")
    shutil.copytree(ROOT / "salesdesk", tree / "salesdesk", ignore=shutil.ignore_patterns("__pycache__"))
    return tree


def break_rule(tree: Path, module: str, line: str) -> Path:
    """Append ``line`` to ``module`` (a path below salesdesk/) in the copy; returns the file to restore."""
    path = tree / "salesdesk" / module
    path.write_text(path.read_text() + "\n" + line + "\n")
    return path


@pytest.mark.parametrize(("module", "line", "contract"), [
    # a relative, lazy UI import inside the model (the kind a plain test of import lines misses)
    ("model/sales/pricing.py", "def _ui():\n    from ...widgets import format  # noqa", "never imports Textual"),
    ("model/core/money.py", "def _rich():\n    import rich.text  # noqa", "never imports Textual"),
    # core importing an area
    ("model/core/numbering.py", "def _area():\n    from ..sales import kinds  # noqa", "over core"),
    # a circle between two areas: receivables back into posting
    ("model/receivables/applications.py", "def _back():\n    from ..posting import posting  # noqa", "over core"),
    # a widget reaching up into the screens
    ("widgets/format.py", "def _up():\n    from ..screens.common import dialogs  # noqa", "Screens over widgets"),
    # two modules of one area importing each other
    ("model/sales/pricing.py", "def _circle():\n    from . import doc_lines  # noqa", "No import circles"),
])
def test_a_broken_rule_fails_the_check(copy_of_the_package, module, line, contract):
    path = copy_of_the_package / "salesdesk" / module
    original = path.read_text()
    try:
        break_rule(copy_of_the_package, module, line)
        result = lint(copy_of_the_package)
    finally:
        path.write_text(original)
    assert result.returncode != 0, result.stdout
    summary = " ".join(result.stdout.split())  # long contract names wrap
    assert re.search(re.escape(contract) + r"(?:(?!KEPT)[^.])*? BROKEN", summary), result.stdout
