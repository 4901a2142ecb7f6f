"""Which draft requests come first, and how many drafts one run writes (``[drafts] per_run``).

A first sync of a real mailbox queues dozens of requests at once (most of them reactivations of
customers silent for years): a salesperson reviews 25 drafts, not 86. So one ``drafts generate``
writes at most ``per_run`` drafts (0: no limit), the most important first:

1. complaint replies,
2. answers in a thread (quotation follow-ups, stalled-deal nudges, after-sales on a message),
3. everything else (reactivation, value content, greetings);

within each, A customers before B before C (ungraded last), then the oldest request. Of two
customers that are probably one company, the one ``customers dupes`` would keep goes first (the
other is then skipped, siblings.py). The requests past the limit are still decided (a skip or a
task for the salesperson is recorded at once) but those that would be drafted stay pending for the
next run.
"""

from __future__ import annotations

from .decision import ANSWERS, REPLIES, TRIGGERED_REPLIES
from .sources import rows

GRADES = {"A": 0, "B": 1, "C": 2}
WAITS = "waits"  # the outcome of a request past the limit that would be drafted


def kind(request: dict) -> int:
    """0 a complaint reply, 1 an answer in a thread, 2 anything else."""
    purpose = request["purpose"]
    trigger = (request.get("evidence") or {}).get("message")
    if purpose in ANSWERS:
        return 0
    if purpose in REPLIES or (purpose in TRIGGERED_REPLIES and isinstance(trigger, int) and trigger):
        return 1
    return 2


def ordered(db, requests: list[dict], second: set[int] = frozenset()) -> list[dict]:
    """``requests`` most important first; ``second``: customers that yield to a probable twin."""
    grades = {
        r["id"]: r["grade"] for r in rows(db, "SELECT id, coalesce(grade_override, grade) AS grade FROM customers")
    }

    def rank(request: dict) -> tuple:
        return (
            kind(request),
            GRADES.get(grades.get(request["customer"]) or "", len(GRADES)),
            request["customer"] in second,
            request.get("created") or "9999",  # mailcrm's own greetings: made now, the newest
            request["id"] if request["id"] is not None else float("inf"),
        )

    return sorted(requests, key=rank)


def waiting_line(count: int, limit: int, dry_run: bool) -> str:
    """'49 wait for the next run ([drafts] per_run = 25)'"""
    verb = "would wait" if dry_run else ("waits" if count == 1 else "wait")
    return f"{count} {verb} for the next run ([drafts] per_run = {limit})"
