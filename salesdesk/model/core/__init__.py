"""Plumbing every area uses: the database and its units of work, exact money, number series,
errors, field rules, list filters, search text, master records, the references that refuse a
delete, and the frozen snapshots of posted rows. Imports no area."""
