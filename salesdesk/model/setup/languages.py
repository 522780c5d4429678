"""How documents leave the desk, as setup knows them: the languages documents are printed in
(the company's default, or the customer's Language Code) and how a customer takes them."""

DOCUMENT_LANGUAGES = ("en", "fr")
# how Post and Send sends a customer's documents (BC's Document Sending Profile)
SENDING_PROFILES = ("email", "print", "both")
