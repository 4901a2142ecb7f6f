"""The public pool (公海): customers nobody follows up go back to the team.

A customer whose owner has not followed up for ``[pool] days`` (no mail from us,
no note, no hand-over or claim) is released: their owner becomes ``pool`` and
any salesperson may claim them. Grades and stages in ``exempt_grades`` /
``exempt_stages`` never go back. Every move is kept in ``pool_moves`` and in the
customer's timeline.

Follow-up clock: the latest of our last mail, their first mail (a lead nobody
answered), a note, an owner change (set, hand-over, claim); for a customer
without any mail, the day they were recorded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from ..clock import utcnow
from ..config import Config
from ..customers.keys import add_event
from ..customers.lookup import find_customer, resolve_owner
from ..db import transaction
from ..errors import MailcrmError
from ..lock import database_lock
from .schema import ensure_schema
from .settings import PoolSettings, pool_settings
from ..customers.aggregates import apply_effective

POOL_OWNER = "pool"

# The last follow-up per customer, as an ISO day; see the module docstring.
LAST_FOLLOW_UP = """
SELECT c.id, c.key, c.name, c.owner, c.grade, c.stage, c.country, c.created,
  max(coalesce(c.last_out, ''), coalesce(c.first_in, ''),
      coalesce((SELECT max(at) FROM notes n WHERE n.customer = c.id), ''),
      coalesce((SELECT max(at) FROM customer_events e WHERE e.customer = c.id AND (e.kind = 'handover'
                OR (e.kind = 'set' AND json_extract(e.data, '$.field') = 'owner'))), ''),
      coalesce((SELECT max(at) FROM pool_moves p WHERE p.customer = c.id AND p.kind = 'claimed'), '')) AS last
FROM customers c
WHERE c.status = 'active' AND c.owner IS NOT NULL AND c.owner != ?
"""


@dataclass
class PoolReport:
    days: int
    released: list[dict] = field(default_factory=list)
    dry_run: bool = False

    def line(self) -> str:
        verb = "would go" if self.dry_run else "went"
        return (
            f"pool: {len(self.released)} customers {verb} back to the public pool (no follow-up for {self.days}+ days)"
        )

    def as_dict(self) -> dict:
        return asdict(self)


def idle_customers(db, settings: PoolSettings, today: date) -> list[dict]:
    """Owned customers without a follow-up for `days` or more, longest idle first."""
    found = []
    for row in db.query(LAST_FOLLOW_UP, [POOL_OWNER]):
        last = (row["last"] or row["created"])[:10]
        idle = (today - date.fromisoformat(last)).days
        if idle >= settings.days and not exempt(row, settings):
            found.append(dict(row, last=last, idle_days=idle))
    return sorted(found, key=lambda r: (-r["idle_days"], r["id"]))


def exempt(row: dict, settings: PoolSettings) -> bool:
    return row["grade"] in settings.exempt_grades or row["stage"] in settings.exempt_stages


def release_idle(db, config: Config, *, today: date | None = None, dry_run: bool = False) -> PoolReport:
    """Release every idle customer to the pool (nightly). Running it twice releases nobody twice."""
    settings = pool_settings(config)
    report = PoolReport(settings.days, dry_run=dry_run)
    if not settings.enabled:
        return report
    ensure_schema(db)
    today = today or date.today()
    report.released = idle_customers(db, settings, today)
    if report.released and not dry_run:
        with database_lock(config.database_path, "pool"), transaction(db):
            for row in report.released:
                release(db, row, today)
            apply_effective(db, [row["id"] for row in report.released])
    return report


def release(db, row: dict, today: date) -> None:
    db.execute("UPDATE customers SET owner_override = ? WHERE id = ?", [POOL_OWNER, row["id"]])
    text = f"back to the public pool (公海): no follow-up by {row['owner']} for {row['idle_days']} days"
    add_event(db, row["id"], "pool", text, {"owner": row["owner"], "idle_days": row["idle_days"]})
    record_move(db, row["id"], "released", today, row["owner"], row["idle_days"], text)


def record_move(db, customer: int, kind: str, today: date, owner: str | None, idle_days: int | None, note: str) -> None:
    db.execute(
        "INSERT INTO pool_moves (customer, kind, at, day, owner, idle_days, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [customer, kind, utcnow(), today.isoformat(), owner, idle_days, note],
    )


# -- reading the pool -------------------------------------------------------------------------


POOL_SQL = """
SELECT c.id, c.key, c.name, c.country, c.grade, c.stage, c.last_in, c.last_out, c.turn,
       p.owner AS previous_owner, p.day AS released, p.idle_days
FROM customers c LEFT JOIN pool_moves p ON p.id = (
    SELECT max(id) FROM pool_moves WHERE customer = c.id AND kind = 'released')
WHERE c.status = 'active' AND c.owner = ?
ORDER BY CASE c.grade WHEN 'A' THEN 0 WHEN 'B' THEN 1 WHEN 'C' THEN 2 ELSE 3 END, p.day DESC, c.id
"""


def pool_list(db) -> list[dict]:
    """Customers in the public pool, best grade first, with who had them and why they went back."""
    ensure_schema(db)
    return [dict(row) for row in db.query(POOL_SQL, [POOL_OWNER])]


def released_since(db, since: str, owner: str | None = None) -> list[dict]:
    """Releases on or after `since` (YYYY-MM-DD), optionally only from one owner."""
    ensure_schema(db)
    sql = (
        "SELECT p.customer, p.day, p.owner, p.idle_days, c.key, c.name, c.country, c.grade FROM pool_moves p "
        "JOIN customers c ON c.id = p.customer WHERE p.kind = 'released' AND p.day >= ? AND c.owner = ?"
    )
    params = [since, POOL_OWNER]
    if owner:
        sql += " AND p.owner = ?"
        params.append(owner)
    return [dict(row) for row in db.query(sql + " ORDER BY p.idle_days DESC, p.id", params)]


# -- claiming -----------------------------------------------------------------------------------


def owners(config: Config) -> list[str]:
    return list(dict.fromkeys(account.owner for account in config.accounts))


def claimer(config: Config, owner: str | None) -> str:
    """Who claims: a configured salesperson (name or account); the only one when not said."""
    known = owners(config)
    if owner is None:
        if len(known) == 1:
            return known[0]
        raise MailcrmError(f"say who claims the customer: --owner NAME (one of: {', '.join(known) or 'none'})")
    person = resolve_owner(config, owner)
    if person not in known:
        raise MailcrmError(f"{owner!r} is not a salesperson in the config (one of: {', '.join(known) or 'none'})")
    return person


def claim(db, config: Config, ref: str, owner: str | None = None, *, today: date | None = None) -> dict:
    """Take a customer out of the pool; their follow-up clock starts again today."""
    ensure_schema(db)
    customer = find_customer(db, ref)
    person = claimer(config, owner)
    if customer["owner"] != POOL_OWNER:
        raise MailcrmError(
            f"{customer['name'] or customer['key']} is not in the public pool (owner: "
            f"{customer['owner'] or 'nobody'}); `customers set --owner` or `handover` moves it"
        )
    text = f"claimed from the public pool (公海) by {person}"
    with database_lock(config.database_path, "pool claim"), transaction(db):
        db.execute("UPDATE customers SET owner_override = ? WHERE id = ?", [person, customer["id"]])
        add_event(db, customer["id"], "pool", text, {"owner": person})
        record_move(db, customer["id"], "claimed", today or date.today(), person, None, text)
        apply_effective(db, [customer["id"]])
    return {"id": customer["id"], "key": customer["key"], "name": customer["name"], "owner": person}
