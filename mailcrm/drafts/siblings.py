"""One mail per company: customers that are probably one company (customers/dupes.py: the
uncertain pairs nobody merged yet) do not both get a draft of the same purpose, neither in one
run nor within ``[drafts] days_between_offers``. The second is skipped with a reason naming the
pair and the ``mailcrm customers merge`` command that makes them one customer.

A complaint reply answers that customer's own mail: it is never held back for the other record.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..customers.dupes import Dupe, find_dupes
from .sources import rows

EXEMPT = {"complaint-reply"}  # the answer to their own mail


class Siblings:
    """The probable duplicates of each customer, read once per run (``find_dupes`` reads every
    customer and contact), and the drafts this run decided on so far (a dry run stores none)."""

    def __init__(self, db):
        self.db = db
        self._pairs: dict[int, list[tuple[int, str, Dupe]]] | None = None
        self.planned: dict[tuple[int, str], str] = {}  # (customer, purpose) -> "draft #12" / "this run"

    def pairs(self) -> dict[int, list[tuple[int, str, Dupe]]]:
        """customer -> [(its probable twin, the twin's key, the pair)]"""
        if self._pairs is None:
            ids = {r["key"]: r["id"] for r in rows(self.db, "SELECT id, key FROM customers WHERE status = 'active'")}
            self._pairs = {}
            for dupe in find_dupes(self.db):
                keep, other = ids.get(dupe.keep), ids.get(dupe.other)
                if keep is None or other is None:
                    continue
                self._pairs.setdefault(keep, []).append((other, dupe.other, dupe))
                self._pairs.setdefault(other, []).append((keep, dupe.keep, dupe))
        return self._pairs

    def yielding(self) -> set[int]:
        """The customers ``customers dupes`` would merge into their twin: drafted second."""
        return {customer for customer, pairs in self.pairs().items() for _, key, dupe in pairs if key == dupe.keep}

    def planning(self, customer: int, purpose: str, what: str) -> None:
        """This run drafts ``purpose`` for ``customer`` (called for a dry run's drafts too)."""
        self.planned[(customer, purpose)] = what

    def already(self, customer: int, purpose: str, now: datetime, days: int) -> str | None:
        """Why ``customer`` gets no ``purpose`` draft: its probable twin got one in this run or
        within ``days`` (a draft open or sent; a sent one dated by its copy in Sent)."""
        if purpose in EXEMPT:
            return None
        for other, key, dupe in self.pairs().get(customer, []):
            got = self.planned.get((other, purpose)) or self.stored(other, purpose, now - timedelta(days=days))
            if got:
                return (
                    f"{dupe.keep} and {dupe.other} are probably one company ({dupe.reasons[0]}): "
                    f"{got} ({purpose}) is for {key}; one mail per company, "
                    f"within [drafts] days_between_offers = {days}; make them one customer: `{dupe.command}`"
                )
        return None

    def stored(self, customer: int, purpose: str, since: datetime) -> str | None:
        found = rows(
            self.db,
            "SELECT d.id, coalesce(m.date, d.sent, d.created) AS date FROM drafts d "
            "LEFT JOIN messages m ON m.id = d.sent_message WHERE d.customer = ? AND d.purpose = ? "
            "AND d.status IN ('new', 'approved', 'pushed', 'sent') ORDER BY date DESC LIMIT 1",
            [customer, purpose],
        )
        if not found or not found[0]["date"]:
            return None
        when = datetime.fromisoformat(found[0]["date"])
        when = when if when.tzinfo else when.replace(tzinfo=since.tzinfo)
        return f"draft #{found[0]['id']} of {found[0]['date'][:10]}" if when >= since else None
