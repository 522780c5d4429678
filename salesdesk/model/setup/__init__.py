"""Setup: the company, number series, VAT posting setup, payment terms, shipment methods,
locations, units, payment methods, and the default chart of accounts with its posting setup."""
