"""Payables: what we owe vendors. Vendor payments, their applications, aged payables."""
