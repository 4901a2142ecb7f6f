"""The first digest's word on history: threads a first sync found long unanswered.

Mail older than the horizon (engine/horizon.py) waits for no answer, so a first
sync of years of mail does not put hundreds of dead threads on the agenda. The
first digest a person receives says, in one line, how many such threads there
are and which command lists them; later digests do not repeat it.
"""

from __future__ import annotations

from datetime import date, timedelta

from .digest_text import Words


def since_day(db, kind: str, person: str, today: date) -> str:
    """The day of the last digest this person received, else yesterday."""
    row = db.execute(
        "SELECT max(day) FROM digest_log WHERE kind = ? AND person = ? AND status = 'sent' AND day < ?",
        [kind, person, today.isoformat()],
    ).fetchone()
    return row[0] or (today - timedelta(days=1)).isoformat()


def first_digest(db, kind: str, person: str, today: date) -> bool:
    """No digest of this kind went to this person before today."""
    row = db.execute(
        "SELECT 1 FROM digest_log WHERE kind = ? AND person = ? AND status = 'sent' AND day < ? LIMIT 1",
        [kind, person, today.isoformat()],
    ).fetchone()
    return row is None


def history_line(db, words: Words, kind: str, person: str, plan: dict, account: str | None = None) -> list[str]:
    """[the line] in a first digest when old threads were left unanswered, else []; its command
    lists the ``account``'s threads (everyone's without one)."""
    line = plan.get("horizon") or {}
    n = line.get("old_unanswered", 0)
    if not n or not first_digest(db, kind, person, date.fromisoformat(plan["today"])):
        return []
    command = "mailcrm today --old" + (f" --owner {account}" if account else "")
    were = "was" if n == 1 else "were"
    return [words.get("history.old_unanswered", n=n, days=line["days"], were=were, command=command)]
