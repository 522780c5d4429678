"""Receivables screens: the cash receipt journal, applying entries, bank reconciliation, the aged
balance and customer statements."""
