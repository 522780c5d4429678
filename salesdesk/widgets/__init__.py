"""Reusable widgets: the paged SQL-backed table, record forms, lookups."""
