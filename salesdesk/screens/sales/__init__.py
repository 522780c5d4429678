"""Sales screens: document lists, the document card with its line editor, and its dialogs
(post, preview, statistics, copy, get shipment lines, get posted lines to reverse, combine)."""
