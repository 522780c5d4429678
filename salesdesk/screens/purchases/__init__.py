"""Purchases and payables screens: vendors, vendor payments, aged payables."""
