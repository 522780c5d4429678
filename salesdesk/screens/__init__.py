"""One module per screen: lists, cards, dialogs."""
