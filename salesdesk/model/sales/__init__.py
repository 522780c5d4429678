"""Sales documents (desk.sales): quotes, orders, invoices, credit memos, return orders; their lines,
prices and VAT, states, conversions (make order, copy), warnings, Get Shipment Lines, Get Posted
Document Lines to Reverse, prepayments, and the document snapshots the API returns."""
