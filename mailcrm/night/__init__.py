"""The nightly side: the run and its pipeline, alerts, digests, the public pool, the report.

The parts above use the modules named in ``__all__``.
"""

__all__ = ["digest", "mailout", "pipeline", "pool", "report", "run", "schema", "settings"]
