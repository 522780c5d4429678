"""Purchases and payables: vendors, purchase documents and their posting, vendor ledger."""
