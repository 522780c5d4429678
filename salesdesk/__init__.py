"""salesdesk: a keyboard-driven terminal sales desk."""

__version__ = "0.1.0"
