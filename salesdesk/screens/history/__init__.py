"""History screens: posted document lists and cards, their corrections, and the ledger entries."""
