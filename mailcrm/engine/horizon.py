"""The horizon: what a first sync reads as history.

A first sync brings years of mail. The part older than ``[agenda] horizon_days``
(60) before that first day is history: it builds profiles, stages, grades and RFM
recency like any mail, but it makes nobody "waiting for your answer" and no
follow-up due. The horizon is fixed by the first day, so mail that arrives later
is read as before:

- **first day**: the ``today`` of the first rules run that read mail (rule_runs),
  or of the run in progress; before any run, the day asked about.
- **start**: first day − horizon_days. Inbound mail before it waits for no answer
  (`mailcrm today --old` lists those threads); a customer whose last mail, ours or
  theirs, is before it gets the grade's follow-up interval counted from the first
  day, not from that mail, so day one has no follow-ups of long-dormant customers
  and they come due one interval later (A in a week, C in a month).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..config import Config, validator_for

DEFAULT_DAYS = 60
PAYMENT_DAYS = 30  # an order's balance still outstanding this long after the order is overdue


@dataclass(frozen=True)
class AgendaSettings:
    horizon_days: int = DEFAULT_DAYS
    payment_days: int = PAYMENT_DAYS


def agenda_settings(config: Config | None) -> AgendaSettings:
    """Read and validate ``[agenda]``; errors name the file, the line and the key."""
    section = (config.sections.get("agenda") if config else None) or {}
    check = validator_for(config)
    if not isinstance(section, dict):
        raise check.fail("agenda", "must be a table ([agenda])")
    values = {}
    for key, value in section.items():
        if key not in ("horizon_days", "payment_days"):
            raise check.fail(f"agenda.{key}", "unknown setting (expected one of: horizon_days, payment_days)")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise check.fail(f"agenda.{key}", f"must be a whole number of days ≥ 1, not {value!r}")
        values[key] = value
    return AgendaSettings(**values)


@dataclass(frozen=True)
class Horizon:
    days: int
    first_day: date  # the first rules run that read mail

    @property
    def start(self) -> date:
        """Mail before this day is history."""
        return self.first_day - timedelta(days=self.days)

    @property
    def since(self) -> str:
        """The start as an ISO day, to compare with stored ISO dates ('2026-01-03T…' >= '2026-01-03')."""
        return self.start.isoformat()

    def before(self, day: date | None) -> bool:
        return day is not None and day < self.start

    def as_dict(self) -> dict:
        return {"days": self.days, "first_day": self.first_day.isoformat(), "start": self.since}


def first_day(db, reading: bool = False) -> date | None:
    """The day of the first rules run that read mail (an earlier run over an empty
    database, before the first sync worked, does not count). ``reading``: the run in
    progress reads mail, so it is the first such run when none is recorded."""
    row = db.execute("SELECT min(today) FROM rule_runs WHERE dry_run = 0 AND messages > 0").fetchone()
    if (not row or not row[0]) and not reading:  # rules that never read a message: their first run
        row = db.execute("SELECT min(today) FROM rule_runs WHERE dry_run = 0").fetchone()
    return date.fromisoformat(row[0][:10]) if row and row[0] else None


def horizon(db, config: Config | None, today: date, *, reading: bool = False) -> Horizon:
    """This database's horizon; ``today`` stands in for the first day before any run."""
    found = first_day(db, reading)
    return Horizon(agenda_settings(config).horizon_days, min(found, today) if found else today)
