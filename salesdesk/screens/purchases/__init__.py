"""Purchases and payables screens: purchase documents and posted ones, vendors, vendor payments, aged payables."""
