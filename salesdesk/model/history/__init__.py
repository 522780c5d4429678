"""History (desk.posted, desk.ledger): posted shipments, invoices, credit memos and return
receipts, read-only; their corrections (cancel, correct, corrective credit memo, undo shipment),
what has been returned, the ledgers and Navigate."""
