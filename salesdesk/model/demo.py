"""The demo company: a French home-and-garden shop with customers, items and stock.

``load_demo`` builds the small company through the public API (so every rule is exercised);
``generate`` builds a large one quickly with bulk inserts, for benchmarks.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import insert

from ..i18n import _
from .core.errors import SalesDeskError
from .core.text import search_key
from .inventory.stock import rebuild_stock
from .tables import CustLedgerEntry, Customer, Item, ItemLedgerEntry

FIRST = ["Éric", "Hélène", "François", "Amélie", "Jérôme", "Céline", "Loïc", "Noémie", "Thierry",
         "Sophie", "Benoît", "Maëlle", "Grégoire", "Inès", "Raphaël", "Chloé", "Stéphane", "Zoé",
         "Antoine", "Léa", "Mathieu", "Camille", "Hugo", "Manon", "Julien"]
LAST = ["Dupré", "Lefèvre", "Moreau", "Girard", "Bréval", "Rousseau", "Fournier", "Gauthier",
        "Mercier", "Bonnet", "Lambert", "Faure", "Chevalier", "Garnier", "Lemaître", "Perrin",
        "Müller", "Da Silva", "Roux", "Vincent", "Masson", "Blanchard", "Noël", "Laurent", "Picard"]
COMPANIES = ["Boulangerie {}", "Jardins {}", "Café {}", "Hôtel {}", "Atelier {}", "Épicerie {}",
             "Pépinière {}", "Cave {}", "Fleurs {}", "Maison {}"]
CITIES = [("75011", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("33000", "Bordeaux"),
          ("59000", "Lille"), ("44000", "Nantes"), ("67000", "Strasbourg"), ("31000", "Toulouse"),
          ("06000", "Nice"), ("35000", "Rennes"), ("21000", "Dijon"), ("37000", "Tours"),
          ("1000", "Bruxelles"), ("L-1009", "Luxembourg"), ("1201", "Genève")]
STREETS = ["rue de la République", "avenue Jean-Jaurès", "boulevard Victor-Hugo", "rue des Écoles",
           "place du Marché", "rue Pasteur", "chemin des Vignes", "quai de Saône", "rue Émile-Zola"]

# customers (by creation order) who read their documents in English; the others get the company's French
ENGLISH_CUSTOMERS = (1, 13)
PAPER_CUSTOMERS = (5, 20)  # Post and Send prints their documents (Send Documents By: print)

# (description, price, cost, VAT group, type, uom)
ITEMS = [
    ("Arrosoir galvanisé 10 L", "24.90", "11.20", "STD", "inventory", "PCS"),
    ("Sécateur professionnel", "39.00", "17.50", "STD", "inventory", "PCS"),
    ("Bêche forgée", "32.50", "14.00", "STD", "inventory", "PCS"),
    ("Râteau à feuilles", "14.90", "6.10", "STD", "inventory", "PCS"),
    ("Gants de jardin cuir", "9.90", "3.80", "STD", "inventory", "PCS"),
    ("Tuyau d'arrosage 25 m", "44.00", "21.00", "STD", "inventory", "PCS"),
    ("Pot en terre cuite Ø30", "18.50", "7.40", "STD", "inventory", "PCS"),
    ("Jardinière balcon 80 cm", "21.00", "8.90", "STD", "inventory", "PCS"),
    ("Brouette 100 L", "89.00", "46.00", "STD", "inventory", "PCS"),
    ("Tondeuse à main", "129.00", "71.00", "STD", "inventory", "PCS"),
    ("Lampe de jardin solaire", "12.90", "4.90", "STD", "inventory", "PCS"),
    ("Banc en chêne", "249.00", "132.00", "STD", "inventory", "PCS"),
    ("Table de pique-nique", "199.00", "104.00", "STD", "inventory", "PCS"),
    ("Chaise pliante métal", "34.90", "15.80", "STD", "inventory", "PCS"),
    ("Parasol Ø3 m", "79.00", "38.00", "STD", "inventory", "PCS"),
    ("Hamac coton", "49.00", "22.00", "STD", "inventory", "PCS"),
    ("Nichoir à mésanges", "16.90", "6.70", "STD", "inventory", "PCS"),
    ("Composteur 400 L", "69.00", "33.00", "STD", "inventory", "PCS"),
    ("Bâche de protection", "19.90", "7.90", "STD", "inventory", "PCS"),
    ("Tuteur bambou (lot de 10)", "7.50", "2.60", "STD", "inventory", "PCS"),
    ("Terreau universel 40 L", "8.90", "4.10", "REDUCED", "inventory", "PCS"),
    ("Engrais organique 5 kg", "15.90", "7.20", "REDUCED", "inventory", "PCS"),
    ("Paillage écorces 50 L", "11.50", "5.00", "REDUCED", "inventory", "PCS"),
    ("Bois de chauffage (stère)", "85.00", "52.00", "REDUCED", "inventory", "PCS"),
    ("Plant de tomate cœur-de-bœuf", "3.50", "1.20", "REDUCED", "inventory", "PCS"),
    ("Rosier grimpant", "19.90", "8.00", "REDUCED", "inventory", "PCS"),
    ("Olivier en pot", "79.00", "39.00", "REDUCED", "inventory", "PCS"),
    ("Lavande (godet)", "4.90", "1.60", "REDUCED", "inventory", "PCS"),
    ("Graines de radis", "2.20", "0.70", "FOOD", "inventory", "PCS"),
    ("Graines de haricots verts", "2.90", "0.90", "FOOD", "inventory", "PCS"),
    ("Miel de lavande 500 g", "9.50", "5.20", "FOOD", "inventory", "PCS"),
    ("Confiture de figues", "5.90", "2.80", "FOOD", "inventory", "PCS"),
    ("Huile d'olive 1 L", "14.50", "8.30", "FOOD", "inventory", "PCS"),
    ("Jus de pomme artisanal 1 L", "4.20", "1.90", "FOOD", "inventory", "PCS"),
    ("Guide du potager (livre)", "24.00", "14.00", "BOOK", "inventory", "PCS"),
    ("Livre : Tailler les arbres", "19.50", "11.00", "BOOK", "inventory", "PCS"),
    ("Conseil en aménagement", "65.00", "0", "STD", "service", "HOUR"),
    ("Taille de haies", "45.00", "0", "STD", "service", "HOUR"),
    ("Livraison à domicile", "15.00", "0", "STD", "service", "PCS"),
    ("Carte cadeau 50 €", "50.00", "0", "EXEMPT", "non_inventory", "PCS"),
]


def _setup_company(desk) -> None:
    desk.setup.update_company(
        name="Jardins & Maison Lefèvre SARL", address="12 rue des Écoles", post_code="21000",
        city="Dijon", country="France", vat_reg_no="FR40123456789", phone="+33 3 80 12 34 56",
        email="contact@jardins-lefevre.fr", currency="EUR",
    )
    _documents_out(desk)
    desk.setup.set_vat("STD", Decimal("20"), description="Standard rate")
    desk.setup.set_vat("REDUCED", Decimal("10"), description="Intermediate rate")
    desk.setup.set_vat("FOOD", Decimal("5.5"), description="Reduced rate")
    desk.setup.set_vat("BOOK", Decimal("5.5"), description="Books")
    desk.setup.set_vat("EXEMPT", Decimal("0"), description="Exempt")
    desk.setup.save("vat_bus_group", {"code": "EU", "description": "EU customers (reverse charge)"})
    for prod in ("STD", "REDUCED", "FOOD", "BOOK", "EXEMPT"):
        desk.setup.set_vat(prod, Decimal("0"), bus_group="EU", description="Intra-EU supply")
    desk.setup.add_payment_terms("30D", due_days=30, description="Net 30 days")
    desk.setup.add_payment_terms("14D2", due_days=30, discount_days=14, discount_pct=Decimal("2"),
                                 description="2 % 14 days, net 30")
    desk.setup.add_payment_terms("COD", due_days=0, description="Cash on delivery")
    desk.setup.add_shipment_method("PICKUP", "Pick-up at the shop")
    desk.setup.add_shipment_method("DELIVERY", "Our own delivery van")
    desk.setup.add_shipment_method("CARRIER", "Parcel carrier")
    desk.setup.add_location("YARD", "Garden yard", city="Dijon")


def _documents_out(desk) -> None:
    """What the shop's documents say and how they leave: French legal mentions (SIREN, RCS,
    capital, late-payment penalties and the 40 EUR recovery fee), bank details, a payment link,
    and an SMTP server on localhost:2525 without TLS: run a local test server there
    (``python -m aiosmtpd -n -l localhost:2525``) to see the e-mails; without one, sending fails
    cleanly and the e-mail waits in the outbox."""
    desk.setup.update_company(
        language="fr", registration_no="123456789",
        legal_form="SARL au capital de 50 000 €, RCS Dijon 123 456 789",
        legal_mentions=("En cas de retard de paiement, une pénalité égale à 3 fois le taux d'intérêt légal sera "
                        "exigible, ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 €. "
                        "Pas d'escompte pour paiement anticipé."),
        iban="FR7630006000011234567890189", bic="AGRIFRPP", website="www.jardins-lefevre.fr",
        payment_link="https://pay.jardins-lefevre.fr/{no}?amount={amount}",
        smtp_host="localhost", smtp_port=2525, smtp_security="none", smtp_sender="factures@jardins-lefevre.fr",
    )


def load_demo(desk, *, seed: int = 7) -> None:
    """Fill an empty database with about 50 customers and 40 items with stock."""
    if not desk.is_empty():
        raise SalesDeskError(_("The demo company can only be loaded into an empty database."))
    rng = random.Random(seed)
    _setup_company(desk)
    customers = []
    for n in range(50):
        post_code, city = rng.choice(CITIES)
        first, last = (FIRST[0], LAST[0]) if n == 0 else (rng.choice(FIRST), rng.choice(LAST))
        name = rng.choice(COMPANIES).format(last) if n % 3 else f"{first} {last}"
        foreign = city in ("Bruxelles", "Luxembourg", "Genève")
        customers.append(desk.customers.create(
            name,
            address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
            post_code=post_code, city=city,
            country={"Bruxelles": "Belgique", "Luxembourg": "Luxembourg", "Genève": "Suisse"}.get(city, "France"),
            contact=f"{first} {last}",
            email=f"{search_key(first)}.{search_key(last).replace(' ', '')}@example.fr",
            phone=f"+33 {rng.randint(1, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                  f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
            vat_bus_group="EU" if foreign else "DOMESTIC",
            vat_reg_no=f"FR{rng.randint(10, 99)}{rng.randint(100000000, 999999999)}" if n % 3 else "",
            payment_terms=rng.choice(("30D", "14D2", "COD")),
            credit_limit=Decimal(rng.choice((0, 1000, 2500, 5000, 10000))),
            shipment_method=rng.choice(("PICKUP", "DELIVERY", "CARRIER")),
            combine_shipments=n % 5 == 0,
            shipping_advice="complete" if n % 11 == 0 else "partial",
            blocked="ship" if n == 47 else "",
            language="en" if n in ENGLISH_CUSTOMERS else "",
            send_by="print" if n in PAPER_CUSTOMERS else "email",
        ))
    items = []
    for description, price, cost, vat, kind, uom in ITEMS:
        item = desk.items.create(description, unit_price=Decimal(price), unit_cost=Decimal(cost),
                                 vat_prod_group=vat, type=kind, uom=uom)
        items.append(item)
        if kind == "inventory":
            desk.items.adjust(item.no, Decimal(rng.choice((12, 25, 40, 60, 100, 150))),
                              description=_("Opening stock"))
            if rng.random() < 0.3:
                desk.items.adjust(item.no, Decimal(rng.randint(2, 10)), location="YARD",
                                  description=_("Opening stock"))

    vendors = _vendors(desk)
    _post_history(desk, customers, items, rng)
    _recurring_lines(desk, customers, items)
    _purchase_history(desk, vendors, [i.no for i in items if i.type == "inventory"], desk.today())
    _drop_shipment_order(desk, customers, items, vendors)


def _recurring_lines(desk, customers, items) -> None:
    """Standard code MONTHLY (gloves, a maintenance fee on G/L 706000, a comment), used by two
    customers: one is asked on each new invoice, the other gets it on each new order."""
    codes = desk.sales.standard_codes
    codes.create("MONTHLY", _("Monthly garden care"))
    gloves = next(i.no for i in items if i.description.startswith("Gants"))
    codes.add_line("MONTHLY", gloves, Decimal(2))
    codes.add_line("MONTHLY", "706000", Decimal(1), type="gl_account", amount=Decimal("45.00"),
                   description=_("Garden maintenance"), vat_prod_group="STD")
    codes.add_line("MONTHLY", type="comment", description=_("Monthly visit as agreed"))
    users = [c.no for c in customers if c.vat_bus_group == "DOMESTIC" and not c.blocked][5:7]
    desk.customers.add_standard_code(users[0], "MONTHLY", insert_on_invoices="always_ask")
    desk.customers.add_standard_code(users[1], "MONTHLY", insert_on_orders="automatic",
                                     valid_from=desk.today().replace(day=1))


def _purchase_history(desk, vendors: list[str], stock: list[str], today) -> None:
    """The first three suppliers supply the stock items in turn; a purchase order received and
    invoiced a week ago (posted receipt, invoice, vendor entry), and one open order."""
    from .purchases.kinds import PurchaseKind

    vendors = vendors[:3]
    for index, item_no in enumerate(stock):
        desk.items.update(item_no, vendor_no=vendors[index % len(vendors)])
    week_ago = today - dt.timedelta(days=7)
    order = desk.purchases.create(PurchaseKind.ORDER, vendors[0], vendor_invoice_no="FA-2026-0412",
                                  order_date=week_ago, document_date=week_ago, posting_date=week_ago)
    for item_no, quantity in ((stock[0], 20), (stock[3], 10)):
        desk.purchases.add_line(order, item_no, Decimal(quantity))
    desk.purchases.post(order, receive=True, invoice=True, posting_date=week_ago)
    open_order = desk.purchases.create(PurchaseKind.ORDER, vendors[1], vendor_order_no="CDE-5531")
    for item_no, quantity in ((stock[1], 12), (stock[4], 6), (stock[7], 24)):
        desk.purchases.add_line(open_order, item_no, Decimal(quantity))


def _drop_shipment_order(desk, customers, items, vendors: list[str]) -> None:
    """Purchasing code DROP; the oak bench is delivered by its maker straight to the customer
    (its order lines are drop shipments from now on); one open order of two benches, whose
    purchase order is still to be made (Create Purchase Orders on the order card)."""
    from .sales.kinds import DocKind

    desk.setup.add_purchasing_code("DROP", drop_shipment=True, description=_("Drop shipment (vendor delivers)"))
    bench = next(i for i in items if i.description.startswith("Banc en chêne"))
    desk.items.update(bench.no, vendor_no=vendors[0], purchasing_code="DROP", last_direct_cost=bench.unit_cost)
    customer = next(c for c in customers if c.vat_bus_group == "DOMESTIC" and not c.blocked)
    order = desk.sales.create(DocKind.ORDER, customer.no, external_document_no="BANC-2")
    desk.sales.add_line(order, bench.no, Decimal(2))


# the shop's suppliers: name, city (post code), terms, payment method, contact, lead time (days), blocked
VENDORS = (
    ("Pépinières Delaunay", "49000", "Angers", "30D", "BANK", "Odile Delaunay", 7, ""),
    ("Outillage Marchand SA", "69007", "Lyon", "30D", "BANK", "Rémi Marchand", 5, ""),
    ("Terreaux du Périgord", "24000", "Périgueux", "14D2", "CHEQUE", "Agnès Brunet", 10, ""),
    ("Céramiques Vallauris", "06220", "Vallauris", "30D", "BANK", "Jean-Luc Fabre", 21, ""),
    ("Arrosage Lemoine SARL", "59000", "Lille", "COD", "CARD", "Pascale Lemoine", 3, ""),
    ("Bois & Jardins de Sologne", "41200", "Romorantin-Lanthenay", "30D", "BANK", "Yves Perrot", 14, "payment"),
)


def _vendors(desk) -> list[str]:
    """The shop's suppliers (their purchases: ``_purchase_history``); the numbers of those not blocked."""
    nos = []
    for n, (name, post_code, city, terms, method, contact, lead_days, blocked) in enumerate(VENDORS, 1):
        last = contact.split(" ", 1)[1]
        vendor = desk.vendors.create(
            name, address=f"{n * 7} {STREETS[n % len(STREETS)]}", post_code=post_code, city=city, country="France",
            contact=contact, email=f"commandes@{search_key(last).replace(' ', '')}.example.fr",
            phone=f"+33 {n} {n + 20} {n + 30} {n + 40} {n + 50}", vat_reg_no=f"FR{n + 10}{400000000 + n * 1234567}",
            payment_terms=terms, payment_method=method, lead_time_days=lead_days, blocked=blocked)
        if not blocked:
            nos.append(vendor.no)
    return nos


def _post_history(desk, customers, items, rng) -> None:
    """A little posted history: orders shipped and invoiced, one only shipped, a posted
    invoice and credit memo, and one open order, so the posted lists and ledgers have rows."""
    domestic = [c.no for c in customers if c.vat_bus_group == "DOMESTIC" and not c.blocked][:5]
    stock = [i.no for i in items if i.type == "inventory"]
    service = next(i.no for i in items if i.type == "service")
    today = desk.today()

    def document(kind: str, customer_no: str, lines: int, *, with_service: bool = False, dated=None):
        doc = desk.sales.create(kind, customer_no, **({"document_date": dated, "posting_date": dated} if dated else {}))
        for item_no in rng.sample(stock, lines):
            desk.sales.add_line(doc, item_no, Decimal(rng.randint(1, 4)))
        if with_service:
            desk.sales.add_line(doc, service, Decimal(2))
        return desk.sales.get(kind, doc.no)

    plan = [  # (customer, kind, lines, service line, how to post, days ago; None: left open)
        (0, "order", 3, False, {"ship": True, "invoice": True}, 20),
        (1, "order", 2, True, {"ship": True, "invoice": True}, 12),
        (2, "order", 2, False, {"ship": True}, 6),
        (3, "invoice", 2, False, {}, 4),
        (0, "credit_memo", 1, False, {}, 2),
        (4, "order", 3, False, None, 0),
    ]
    for who, kind, lines, with_service, post, days_ago in plan:
        doc = document(kind, domestic[who], lines, with_service=with_service)
        if post is not None:
            desk.sales.post(doc, posting_date=today - dt.timedelta(days=days_ago), **post)
    _receivables_history(desk, domestic, document, today)
    _blanket_agreement(desk, domestic[1], stock[0], today)


def _blanket_agreement(desk, customer_no: str, item_no: str, today) -> None:
    """A blanket order: 80 units over four weekly deliveries at an agreed price below the
    item's, the first due next Monday (Make Order takes the lines whose To Ship is set)."""
    price = desk.items.get(item_no).unit_price * Decimal("0.9")
    monday = today + dt.timedelta(days=7 - today.weekday())
    blanket = desk.sales.create("blanket_order", customer_no, external_document_no="CONTRAT-2027")
    for week in range(4):
        desk.sales.add_line(blanket, item_no, Decimal(20), unit_price=price.quantize(Decimal("0.01")),
                            shipment_date=monday + dt.timedelta(weeks=week))


def _receivables_history(desk, domestic, document, today) -> None:
    """Older invoices (some overdue, for the aged balance), a partial payment, an invoice
    paid in full, and a payment left open on account."""
    invoices = []
    for who, days_ago in ((1, 45), (2, 75), (3, 110), (4, 38)):
        dated = today - dt.timedelta(days=days_ago)
        invoices.append(desk.sales.post(document("invoice", domestic[who], 1, dated=dated),
                                        posting_date=dated).invoice_no)
    entries = {e.document_no: e for who in (1, 2, 4) for e in desk.ledger.customer_entries(domestic[who])}
    half = (entries[invoices[0]].remaining_amount / 2).quantize(Decimal("0.01"))
    desk.payments.register(domestic[1], half, posting_date=today - dt.timedelta(days=10), apply_to=[invoices[0]],
                           reference="VIR 2211", payment_method="BANK")
    desk.payments.register(domestic[4], entries[invoices[3]].remaining_amount, posting_date=today - dt.timedelta(days=5),
                           apply_to=[invoices[3]], reference="CHQ 0042", payment_method="CHEQUE")
    desk.payments.register(domestic[2], Decimal("50.00"), posting_date=today - dt.timedelta(days=3),
                           reference="VIR 2301", payment_method="BANK")


def generate(desk, *, customers: int, items: int, entries: int,
             progress: Callable[[str, int, int], None] | None = None, seed: int = 11) -> None:
    """Build a large company fast (bulk inserts in a few big transactions), for benchmarks.
    ``progress(stage, done, total)`` is called as it goes."""
    if not desk.is_empty():
        raise SalesDeskError(_("A large company can only be generated into an empty database."))
    rng = random.Random(seed)
    _setup_company(desk)
    report = progress or (lambda stage, done, total: None)
    batch = 10_000
    today = desk.today()

    def bulk(stage: str, table, total: int, make_row):
        done = 0
        while done < total:
            size = min(batch, total - done)
            rows = [make_row(done + k) for k in range(size)]
            with desk.db.write() as s:
                s.execute(insert(table), rows)
            done += size
            report(stage, done, total)

    def customer_row(k: int) -> dict:
        post_code, city = CITIES[k % len(CITIES)]
        name = f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]} {k}"
        no = f"C{k + 1:07d}"
        email = f"client{k}@example.fr"
        phone = f"+33 1 {k % 100:02d} {(k // 100) % 100:02d} {(k // 10000) % 100:02d} 00"
        return {"no": no, "name": name, "address": f"{k % 120 + 1} {STREETS[k % len(STREETS)]}",
                "address2": "", "post_code": post_code, "city": city, "country": "France",
                "contact": "", "email": email, "phone": phone, "vat_reg_no": "",
                "vat_bus_group": "DOMESTIC", "payment_terms": "30D", "shipment_method": None,
                "location": None, "credit_limit": Decimal(5000), "blocked": "",
                "combine_shipments": False, "prices_incl_vat": False, "invoice_disc_pct": Decimal(0),
                "shipping_advice": "partial", "bill_to_customer_no": None,
                "search_key": search_key(no, name, city, email, phone)}

    def item_row(k: int) -> dict:
        description, price, cost, vat, _kind, _uom = ITEMS[k % 36]
        no = f"I{k + 1:07d}"
        description = f"{description} #{k}"
        return {"no": no, "description": description, "type": "inventory", "base_uom": "PCS",
                "unit_price": Decimal(price), "unit_cost": Decimal(cost), "vat_prod_group": vat,
                "blocked": False, "sales_blocked": False, "search_key": search_key(no, description)}

    def item_entry_row(k: int) -> dict:
        qty = Decimal(rng.randint(1, 50))
        return {"item_no": f"I{k % items + 1:07d}", "posting_date": today - dt.timedelta(days=k % 400),
                "entry_type": "positive_adjmt", "document_type": "item_journal",
                "document_no": f"GEN-{k // 100:07d}", "location": "MAIN", "description": "",
                "quantity": qty, "cost_amount": qty * Decimal(3), "customer_no": None,
                "remaining_quantity": qty, "open": True}  # stock in, open (costing's open_inbound)

    def customer_entry_row(k: int) -> dict:
        # Skewed on purpose: customer C0000001 holds a tenth of all entries.
        customer = 0 if k % 10 == 0 else rng.randrange(customers)
        amount = Decimal(rng.randint(500, 500_000)) / 100
        posting = today - dt.timedelta(days=rng.randint(0, 150))
        return {"customer_no": f"C{customer + 1:07d}", "posting_date": posting,
                "document_type": "invoice", "document_no": f"GEN-{k:08d}", "description": "",
                "amount": amount, "remaining_amount": amount,
                "due_date": posting + dt.timedelta(days=30), "open": True}

    bulk(_("Customers"), Customer, customers, customer_row)
    bulk(_("Items"), Item, items, item_row)
    if items:
        bulk(_("Item ledger entries"), ItemLedgerEntry, entries, item_entry_row)
        with desk.db.write() as s:
            rebuild_stock(s)
    if customers:
        bulk(_("Customer ledger entries"), CustLedgerEntry, entries, customer_entry_row)
