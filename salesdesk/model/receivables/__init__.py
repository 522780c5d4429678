"""Receivables (desk.payments, desk.receivables): customer payments and the cash receipt journal,
applying and unapplying entries with payment discounts, bank statement import and matching,
the aged balance and customer statements."""
