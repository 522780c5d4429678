"""Documents-out screens: Print and Send by E-mail actions, the e-mail dialog and the outbox."""
