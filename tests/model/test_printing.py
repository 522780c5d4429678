"""Print: the PDF written to the print folder, counted, opened only where there is a desktop."""

import os
import subprocess
import sys
from decimal import Decimal
from types import SimpleNamespace

import pytest

from salesdesk.model import DocKind, SalesDeskError
from salesdesk.model.output import printing
from salesdesk.model.output.printing import printed_counts
from salesdesk.model.output.report_data import DocumentKey, key_of

D = Decimal


@pytest.fixture
def opened(monkeypatch):
    """Every viewer Print would start (none really is)."""
    started = []

    class Popen:
        def __init__(self, args, **kwargs):
            started.append(args)

    # printing's own view of the modules: patching shutil.which or subprocess.Popen themselves
    # would change them for the whole process (pypdf looks for its helpers with shutil.which)
    monkeypatch.setattr(printing, "subprocess", SimpleNamespace(Popen=Popen, DEVNULL=subprocess.DEVNULL))
    monkeypatch.setattr(printing, "shutil", SimpleNamespace(which=lambda name: f"/usr/bin/{name}"))
    return started


@pytest.fixture
def order(shop, tmp_path, opened):
    shop.setup.update_company(print_folder=str(tmp_path / "printed"), open_printed=False)
    doc = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(doc, "A", D("2"))
    return doc


def test_print_writes_the_pdf_into_the_print_folder_and_counts_it(shop, order, tmp_path):
    path = shop.reports.print(order)

    assert path.parent == tmp_path / "printed"
    assert path.name.endswith(".pdf") and order.no in path.name
    assert path.read_bytes().startswith(b"%PDF")
    assert shop.reports.printed_count(order) == 1


def test_printing_again_never_overwrites_and_counts_each_print(shop, order):
    first = shop.reports.print(order)
    second = shop.reports.print(order)
    third = shop.reports.print(order, "picking_list")

    assert second != first and second.stem == f"{first.stem} (2)"
    assert first.exists() and second.exists() and third.exists()
    assert shop.reports.printed_count(order) == 3


def test_a_posted_invoice_prints_and_counts_apart_from_its_order(shop, order):
    result = shop.sales.post(order, ship=True, invoice=True)
    invoice = shop.posted.invoice(result.invoice_no)

    path = shop.reports.print(invoice)

    assert path.exists() and result.invoice_no in path.name
    assert shop.reports.printed_count(invoice) == 1
    assert shop.reports.printed_count(DocumentKey(False, "order", order.no)) == 0


def test_printed_counts_reads_several_documents_at_once(shop, order):
    other = shop.sales.create(DocKind.ORDER, "C")
    shop.reports.print(order)
    shop.reports.print(order)

    counts = printed_counts(shop, [order, other, DocumentKey(True, "invoice", order.no)])

    assert counts == {key_of(order): 2, key_of(other): 0, DocumentKey(True, "invoice", order.no): 0}


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_a_folder_that_cannot_be_written_is_refused_and_nothing_counted(shop, order, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        shop.setup.update_company(print_folder=str(locked / "sub"))
        with pytest.raises(SalesDeskError, match="print folder .*locked"):
            shop.reports.print(order)
        shop.setup.update_company(print_folder=str(locked))
        with pytest.raises(SalesDeskError, match="print folder .*locked"):
            shop.reports.print(order)
    finally:
        locked.chmod(0o700)
    assert shop.reports.printed_count(order) == 0


def test_a_print_folder_that_is_a_file_is_refused(shop, order, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    shop.setup.update_company(print_folder=str(blocker))

    with pytest.raises(SalesDeskError, match="not-a-folder"):
        shop.reports.print(order)
    assert shop.reports.printed_count(order) == 0


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the DISPLAY rule is Linux's")
def test_without_a_desktop_the_pdf_is_not_opened(shop, order, opened, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    shop.setup.update_company(open_printed=True)

    path = shop.reports.print(order)

    assert path.exists()
    assert opened == []


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the DISPLAY rule is Linux's")
def test_with_a_desktop_the_pdf_is_opened_only_when_asked(shop, order, opened, monkeypatch):
    monkeypatch.setenv("DISPLAY", ":0")

    shop.reports.print(order)
    assert opened == []

    shop.setup.update_company(open_printed=True)
    path = shop.reports.print(order)
    assert opened == [["/usr/bin/xdg-open", str(path)]]


def test_a_viewer_that_cannot_start_does_not_fail_the_print(shop, order, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("no viewer")

    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(printing.subprocess, "Popen", broken)
    shop.setup.update_company(open_printed=True)

    assert shop.reports.print(order).exists()
    assert shop.reports.printed_count(order) == 1


def test_the_default_print_folder_is_in_the_users_documents(shop, monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(tmp_path / "Documents"))
    assert printing.print_folder(shop.setup.company()) == tmp_path / "Documents" / "salesdesk"
