"""Documents out (desk.reports, desk.mail): what a document says, in the customer's language;
the PDF reports and Factur-X e-invoices; printing; e-mail with its outbox."""
