"""The README's scripting example runs as written (on a fresh database in tmp_path)."""

from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_scripting_example_runs(tmp_path, capsys):
    text = README.read_text(encoding="utf-8")
    start = text.index("```python") + len("```python")
    code = text[start:text.index("```", start)]
    assert 'Desk.open("shop.db")' in code
    code = code.replace('Desk.open("shop.db")', f"Desk.open({str(tmp_path / 'shop.db')!r})")
    exec(compile(code, str(README), "exec"), {"__name__": "readme"})
    assert "would make it negative" in capsys.readouterr().out
