"""The terminal tier: salesdesk itself in a pseudo-terminal, typed into at a clerk's speed."""

from __future__ import annotations

import shutil

import pytest

from salesdesk.model import Desk

from .terminal import Terminal


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo company, built once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    desk = Desk.open(path)
    desk.load_demo()
    desk.close()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    path = tmp_path / "desk.db"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def terminal_at(demo_db):
    """``terminal_at(columns, lines)``: salesdesk on the demo company, the desk shown."""
    opened: list[Terminal] = []

    def start(columns: int = 120, lines: int = 40, **kwargs) -> Terminal:
        term = Terminal(demo_db, columns=columns, lines=lines, **kwargs)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()
