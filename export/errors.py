"""The export's errors, importable without loading reportlab (the window catches them)."""


class ExportError(Exception):
    """The PDF was not written; the message says why in Chinese."""
