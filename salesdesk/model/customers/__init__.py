"""Customers: the customer card, search, balance, and delete refused once there is history."""
