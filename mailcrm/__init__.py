"""mailcrm: the inbox assistant for export-trade salespeople."""

__version__ = "0.1.0"
