"""Drafts: why a draft is written, from what, in which words, when it should arrive, and how it
reaches the salesperson's Drafts folder (or is sent, once approved) and what became of it.

The parts above use the modules named in ``__all__``.
"""

__all__ = ["checklist", "generate", "push", "queue", "schema", "settings", "smtp", "tracking"]
