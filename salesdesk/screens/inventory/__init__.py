"""Inventory screens: the item list and card, Adjust Inventory."""
