"""Posting: turning a sales document into history in one transaction (Sales-Post): the checks,
the shipment and invoice, item, customer, G/L and VAT entries, and what posted shipments leave
to invoice."""
