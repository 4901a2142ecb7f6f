"""Tables of the management side: digests sent, the public pool's history.

An append-only migration set of its own, applied by db.open_db with the
others. ``ensure_schema`` stays for connections opened without migrating.
"""

from __future__ import annotations

from sqlite_utils import Migrations

from ..db import add_foreign_keys

migrations = Migrations("mailcrm-management")

M001_MANAGEMENT = """
-- One row per digest or alert mail: a day's digest goes to a person once.
CREATE TABLE digest_log (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,               -- YYYY-MM-DD the digest is for
    kind TEXT NOT NULL,              -- salesperson, manager
    person TEXT NOT NULL,            -- owner name, or the manager
    recipient TEXT NOT NULL,         -- email address
    status TEXT NOT NULL,            -- sending, sent
    subject TEXT NOT NULL DEFAULT '',
    message_id TEXT,
    started TEXT NOT NULL,
    sent TEXT,
    UNIQUE (day, kind, person)
);
-- Customers released to the public pool (公海) and claimed from it.
CREATE TABLE pool_moves (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL,
    kind TEXT NOT NULL,              -- released, claimed
    at TEXT NOT NULL,                -- ISO timestamp
    day TEXT NOT NULL,               -- YYYY-MM-DD
    owner TEXT,                      -- released: the owner before; claimed: the new owner
    idle_days INTEGER,               -- released: days without a follow-up
    note TEXT
);
CREATE INDEX pool_moves_customer ON pool_moves (customer, id)
"""


@migrations()
def m001_management(db):
    for statement in M001_MANAGEMENT.split(";\n"):
        if statement.strip():
            db.execute(statement)


def ensure_schema(db) -> None:
    migrations.apply(db)


@migrations(transactional=False)
def m002_foreign_keys(db):
    # The customer and message columns point at their rows as declared foreign keys (Datasette
    # links them; SQLite refuses a row pointing nowhere). Customers and messages are never
    # deleted, so no ON DELETE action is needed.
    add_foreign_keys(db, {"pool_moves": [("customer", "customers", "id")]})
