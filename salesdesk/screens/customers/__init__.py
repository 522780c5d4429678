"""Customer screens: the customer list and card."""
