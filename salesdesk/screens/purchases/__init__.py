"""Purchase screens: purchase order, invoice and credit memo lists and cards, posted purchase documents."""
