"""The company the bank statement tests reconcile: four customers and the six invoices the
sample statements in tests/data/bank pay. Import ``bank_fixture`` into a test module and its
tests get the fixture as ``bank``."""

from decimal import Decimal
from pathlib import Path

import pytest

from tests.model.corrections_support import post_invoice

DATA = Path(__file__).parent / "data" / "bank"
CUSTOMERS = {"DUR": "Durand SARL", "MAR": "Martin et Fils", "PET": "Petit Commerce", "BOU": "Boulangerie Éclair"}


@pytest.fixture(name="bank")
def bank_fixture(shop):
    """The invoices camt053_sample.xml pays: PSI-00001 Durand 120.00, PSI-00002/3 Martin 60.00 and
    30.00, PSI-00004 Petit 50.00, PSI-00005 Boulangerie 25.00, PSI-00006 Durand 58.80."""
    shop.items.create("Service", no="S", unit_price=Decimal("1.00"), vat_prod_group="ZERO", type="service")
    for no, name in CUSTOMERS.items():
        shop.customers.create(name, no=no, vat_bus_group="DOMESTIC", payment_terms="30D")
    for customer, amount in (("DUR", "120"), ("MAR", "60"), ("MAR", "30"), ("PET", "50"), ("BOU", "25"),
                             ("DUR", "58.80")):
        post_invoice(shop, ("S", amount), customer=customer)
    return shop


def open_remaining(desk, customer_no: str) -> dict:
    """Document no. -> remaining amount of the customer's open entries."""
    return {e.document_no: e.remaining_amount for e in desk.ledger.customer_entries(customer_no) if e.open}
