"""The README's scripting example runs as written, on a fresh database: a file in tmp_path,
or a PostgreSQL database when SALESDESK_TEST_PG is set (the same code, unchanged)."""

from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_scripting_example_runs(database, capsys):
    text = README.read_text(encoding="utf-8")
    start = text.index("```python") + len("```python")
    code = text[start:text.index("```", start)]
    assert 'Desk.open("shop.db")' in code
    code = code.replace('Desk.open("shop.db")', f"Desk.open({str(database)!r})")
    exec(compile(code, str(README), "exec"), {"__name__": "readme"})
    assert "would make it negative" in capsys.readouterr().out
