"""Print: a document's PDF written to the print folder, counted (BC's No. Printed), and opened
with the desktop's viewer when there is one.

A terminal desk often runs over ssh, with no desktop to open anything on: the file is then
simply written, and its path is what the clerk gets. Every print and every e-mail sent is a
``DocumentOutput`` row; a document's printed counter is the number of its rows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from ...i18n import _
from ..core.errors import SalesDeskError
from ..tables import DocumentOutput
from .files import open_private, private_folder, safe_file_name
from .mail import stamp
from .report_data import DocumentKey, key_of

_IN_CHUNK = 400  # keys per query in printed_counts (SQLite's host-parameter limit is far above)


def print_folder(company) -> Path:
    """Where Print writes: the company's Print Folder, else the user's documents folder/salesdesk."""
    if company.print_folder:
        return Path(company.print_folder).expanduser()
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "salesdesk"


def print_document(desk, doc, report: str | None = None) -> Path:
    """Write ``doc``'s PDF (``report`` picks another of its reports, e.g. "picking_list") into
    the print folder under a name never used there yet, count it as printed, and open it when
    the company asks to and a viewer is at hand. Refused when the folder cannot be written."""
    data = desk.reports.report(doc, report)
    company = desk.setup.company()
    pdf = desk.reports.render(data, created=desk.now())
    path = _write_new(print_folder(company), data.attachment_name(), pdf)
    key = data.key
    with desk.db.write() as s:
        s.add(DocumentOutput(posted=key.posted, doc_kind=key.kind, doc_no=key.no, report=data.report,
                             channel="print", at=stamp(desk), path=str(path)))
    if company.open_printed:
        open_file(path)
    return path


def _write_new(folder: Path, name: str, content: bytes) -> Path:
    """``content`` written to folder/name, or "name (2).pdf", "name (3).pdf"... (never
    overwriting: exclusive creation, so two desks printing at once get two files)."""
    try:
        private_folder(folder)
    except OSError as err:
        raise SalesDeskError(_("The print folder {folder} cannot be created: {reason}").format(
            folder=folder, reason=err.strerror or err)) from None
    name = safe_file_name(name, default="document.pdf")
    stem, suffix = os.path.splitext(name)
    for n in range(1, 10_000):
        path = folder / (name if n == 1 else f"{stem} ({n}){suffix}")
        try:
            with open_private(path, exclusive=True) as out:
                try:
                    out.write(content)
                except OSError:
                    out.close()
                    path.unlink(missing_ok=True)
                    raise
            return path
        except FileExistsError:
            continue
        except OSError as err:
            raise SalesDeskError(_("The PDF cannot be written to the print folder {folder}: {reason}").format(
                folder=folder, reason=err.strerror or err)) from None
    raise SalesDeskError(_("The print folder {folder} has too many copies of {name}.").format(folder=folder,
                                                                                                name=name))


def open_file(path: Path) -> bool:
    """Open ``path`` with the desktop's viewer, without waiting for it and without failing:
    False when there is no desktop (no DISPLAY / WAYLAND_DISPLAY on Linux, e.g. over ssh) or
    no viewer."""
    try:
        if sys.platform == "win32":
            os.startfile(str(path))  # type: ignore[attr-defined]
            return True
        if sys.platform == "darwin":
            opener = shutil.which("open")
        else:
            if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
                return False
            opener = shutil.which("xdg-open")
        if not opener:
            return False
        subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
        return True
    except Exception:  # noqa: BLE001 - the PDF is written; opening it is a courtesy
        return False


def printed_count(desk, doc) -> int:
    """How many times the document was printed or e-mailed (one COUNT)."""
    key = key_of(doc)
    with desk.db.read() as s:
        return s.execute(select(func.count()).select_from(DocumentOutput).where(
            DocumentOutput.posted == key.posted, DocumentOutput.doc_kind == key.kind,
            DocumentOutput.doc_no == key.no)).scalar_one()


def printed_counts(desk, docs) -> dict[DocumentKey, int]:
    """The printed counter of several documents (keys or documents) at once, for lists:
    {key: count}, 0 for those never printed. One query per kind of document (a list shows one)."""
    keys = [key_of(d) for d in docs]
    counts = dict.fromkeys(keys, 0)
    groups: dict[tuple[bool, str], list[str]] = {}
    for key in counts:
        groups.setdefault((key.posted, key.kind), []).append(key.no)
    with desk.db.read() as s:
        for (posted, kind), nos in groups.items():
            for start in range(0, len(nos), _IN_CHUNK):
                query = select(DocumentOutput.doc_no, func.count()).where(
                    DocumentOutput.posted == posted, DocumentOutput.doc_kind == kind,
                    DocumentOutput.doc_no.in_(nos[start:start + _IN_CHUNK])).group_by(DocumentOutput.doc_no)
                for no, n in s.execute(query):
                    counts[DocumentKey(posted, kind, no)] = n
    return counts
