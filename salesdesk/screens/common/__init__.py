"""What every area's screens share: the card and list bases, dialogs, lookups, the command
palette, the desk (home), Navigate and plain-text reports."""
