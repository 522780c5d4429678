"""A plain-text report on screen (the picking list): read it, save it to a file."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from ...i18n import _
from ...widgets.footer import DeskFooter


def reports_dir() -> Path:
    from ...config import data_dir

    return data_dir() / "reports"


class TextReportScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", _("Close"), id="report.close"),
        Binding("ctrl+s", "save", _("Save to file"), id="report.save"),
    ]

    def __init__(self, title: str, text: str, file_name: str):
        super().__init__()
        self.title_text, self.text, self.file_name = title, text, file_name

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.title_text, classes="title", markup=False)
        with VerticalScroll(id="report-body"):
            yield Static(self.text, id="report-text", markup=False)
        yield DeskFooter()

    def on_mount(self) -> None:
        self.sub_title = self.title_text
        self.query_one("#report-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        from ...model.output.files import safe_file_name, write_private

        path = reports_dir() / safe_file_name(self.file_name, default="report.txt")
        try:
            path = write_private(reports_dir(), self.file_name, self.text.encode("utf-8"))
        except OSError as err:
            self.notify(_("Could not save {path}: {err}").format(path=path, err=err.strerror or err),
                        severity="error")
            return
        self.notify(_("Saved to {path}").format(path=path))
