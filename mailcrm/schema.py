"""The whole database: every part's migration set, gathered here at the top.

Each part owns an append-only set (mail, customers, rule engine, drafts, the nightly
management side; the core's own is applied by db.open_db). Open the database
through ``open_db`` here to have them all applied.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from . import db
from .customers.schema import migrations as customers_migrations
from .drafts.schema import migrations as drafts_migrations
from .engine.schema import migrations as engine_migrations
from .mail.schema import migrations as mail_migrations
from .night.schema import migrations as night_migrations

__all__ = ["migration_sets", "open_db"]


def migration_sets() -> list:
    """In dependency order: the drafts' set reads the engine's draft_requests."""
    return [mail_migrations, customers_migrations, engine_migrations, drafts_migrations, night_migrations]


def open_db(path: str | Path, *, migrate: bool = True) -> sqlite_utils.Database:
    return db.open_db(path, migrate=migrate, migration_sets=migration_sets() if migrate else ())
