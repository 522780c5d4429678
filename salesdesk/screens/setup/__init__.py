"""Setup screens: the company card and the list and card of every setup table."""
