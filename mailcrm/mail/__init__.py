"""Mail in: the IMAP adapter and the sync worker, importing exports, parsing, storing, searching.

The parts above use the modules named in ``__all__``; the others are this part's own
(folder_sync, fetchreply, folders, retry, identity, headers, dates, mimeparts …).
tests/test_layers.py holds the parts above to that list.
"""

__all__ = [
    "addresses",
    "archive",
    "imap",
    "importer",
    "parse",
    "runs",
    "schema",
    "segments",
    "store",
    "sync",
    "textindex",
]
