"""Inventory: items, the item journal (adjustments), stock on hand per location from the item
ledger, and the G/L side of inventory adjustments."""
