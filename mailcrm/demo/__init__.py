"""The demo: a generated sample mailbox run through the whole pipeline.

The parts above use the modules named in ``__all__``.
"""

__all__ = ["run", "sample"]
