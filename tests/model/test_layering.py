"""Layering: the model never imports Textual or Rich; screens and widgets never touch SQL."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import salesdesk

PACKAGE = Path(salesdesk.__file__).parent
UI_ONLY = ("textual", "rich")
DB_ONLY = ("sqlalchemy", "sqlmodel", "sqlite3")


def imported_modules(source: str) -> set[str]:
    """Top-level names of every module a source file imports (also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
              in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)):
            found.add(str(node.args[0].value).split(".")[0])
    return found


def calls_execute(source: str) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
               and n.func.attr in ("execute", "exec_driver_sql", "executemany", "exec")
               for n in ast.walk(ast.parse(source)))


def python_files(*folders: str) -> list[Path]:
    return sorted(p for f in folders for p in (PACKAGE / f).rglob("*.py"))


def test_the_checks_themselves_catch_offenders():
    assert imported_modules("import textual.app") == {"textual"}
    assert imported_modules("def f():\n    from rich.text import Text") == {"rich"}
    assert imported_modules("import importlib\nimportlib.import_module('sqlmodel')") == {"importlib", "sqlmodel"}
    assert imported_modules("from .db import x") == set()
    assert calls_execute("self.desk.db.session.execute(text('DELETE FROM customer'))")
    assert not calls_execute("desk.customers.page('x')")


def test_importing_the_model_loads_no_ui_library():
    code = (
        "import sys, salesdesk.model\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
        "assert 'salesdesk.model' in sys.modules and 'sqlalchemy' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_no_model_file_imports_textual_or_rich():
    files = python_files("model")
    assert len(files) >= 10  # the model package was found
    offenders = {str(p.relative_to(PACKAGE)): sorted(imported_modules(p.read_text()) & set(UI_ONLY))
                 for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("folder", ["screens", "widgets"])
def test_screens_and_widgets_never_touch_the_database(folder):
    assert (PACKAGE / folder).is_dir()
    offenders = {}
    for path in python_files(folder):
        source = path.read_text()
        problems = sorted(imported_modules(source) & set(DB_ONLY))
        if calls_execute(source):
            problems.append(".execute(")
        if problems:
            offenders[str(path.relative_to(PACKAGE))] = problems
    assert offenders == {}
