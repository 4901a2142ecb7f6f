"""What happens after messages are stored, in one place.

``sync``, ``import`` and the nightly run all call ``after_store``:

1. **customers**: file the new mail under customers, recompute profiles;
2. **rules**: tags, stages, flags, grades, follow-ups, draft requests, alerts
   (always in the nightly run, which is the daily pass);
3. **drafts-track**: what became of pushed drafts (sent, edited, deleted) — only
   after a complete sync, since a partial one may miss the Sent copy;
4. **alerts**: mail the owner and the manager at once when an A customer complains.

Each step is timed and isolated: one failing is reported, the next still runs.
When nothing was stored, the expensive steps are skipped: customers are
refreshed only when mail is waiting to be filed (or the identity settings
changed), rules only when something changed or they have not run today
(flags such as "stalled for 45 days" move with the calendar, not with the mail).
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Callable

from ..config import Config
from ..errors import MailcrmError
from ..memory import release_free_memory

log = logging.getLogger("mailcrm.night.pipeline")


@dataclass
class Step:
    name: str
    seconds: float = 0.0
    lines: list[str] = field(default_factory=list)  # what it did, one line each
    problems: list[str] = field(default_factory=list)  # what went wrong
    skipped: str | None = None  # why it did not run
    warnings: list[str] = field(default_factory=list)  # said on stderr, but not a failure

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class AfterStore:
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    def lines(self) -> list[str]:
        return [line for step in self.steps for line in step.lines]

    def problems(self) -> list[str]:
        return [problem for step in self.steps for problem in step.problems]

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    def as_dict(self) -> dict:
        return {"ok": self.ok, "steps": [asdict(s) for s in self.steps]}


def run_step(name: str, work: Callable[[Step], None]) -> Step:
    """Run one step, timing it; any failure becomes a problem line, never an exception."""
    step = Step(name)
    started = time.monotonic()
    try:
        work(step)
    except MailcrmError as exc:
        step.problems.append(f"{name}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one broken step must not stop the others
        log.debug("%s failed", name, exc_info=True)
        step.problems.append(f"{name}: unexpected {type(exc).__name__}: {exc}")
    step.seconds = time.monotonic() - started
    if not step.skipped:
        release_free_memory()  # each step's peak should not stack on the one before
    return step


def after_store(
    db,
    config: Config,
    *,
    stored: bool,
    account: str | None = None,
    track_drafts: bool = False,
    alerts: bool = True,
    force_rules: bool = False,
    today: date | None = None,
    untracked_because: str | None = None,
) -> AfterStore:
    """Everything that follows storing mail. ``stored``: the sync or import changed something.

    ``force_rules``: run the rules even when nothing changed (the nightly pass: orders,
    notes and hand-overs made during the day change grades and flags too).
    """
    result = AfterStore()
    behind = stored or customers_behind(db, config)
    result.steps.append(run_step("customers", lambda step: file_customers(db, config, step, behind)))
    rules = run_step("rules", lambda step: read_with_rules(db, config, step, behind or force_rules, today))
    result.steps.append(rules)
    if track_drafts:
        result.steps.append(run_step("drafts-track", lambda step: track(db, config, step, account)))
    elif untracked_because:  # said, so nobody wonders why a sent draft still shows as pushed
        result.steps.append(
            Step("drafts-track", skipped=untracked_because, lines=[f"drafts-track: skipped: {untracked_because}"])
        )
    # New alerts come only from a rules run: a skipped one leaves nothing new to mail.
    if alerts and not rules.skipped:
        result.steps.append(run_step("alerts", lambda step: urgent_alerts(db, config, step)))
    return result


# -- the steps ------------------------------------------------------------------------------


def file_customers(db, config: Config, step: Step, behind: bool) -> None:
    if not behind:
        step.skipped = "no new mail to file"
        step.lines.append("customers: 0 messages read, nothing new to file")
        return
    from ..customers.filing import refresh

    step.lines.append(refresh(db, config).line())


def read_with_rules(db, config: Config, step: Step, changed: bool, today: date | None) -> None:
    today = today or date.today()
    if not changed and rules_ran_on(db, today):
        step.skipped = f"nothing changed and the rules already ran on {today}"
        step.lines.append(f"rules: nothing new since their run on {today}")
        return
    from ..engine.runner import run_rules
    from ..engine.model import RuleError

    try:
        step.lines.append(run_rules(db, config, today=today, keep_changes=0).line())  # counts only
    except RuleError as exc:  # a bad rule file is reported; the rest of the run goes on
        step.problems.append(f"rules not run: {exc}")


def track(db, config: Config, step: Step, account: str | None) -> None:
    if not drafts_outstanding(db):  # the usual nightly: skip loading the drafts machinery
        step.skipped = "no pushed drafts to track"
        return
    from ..drafts.tracking import close_loop  # what became of pushed drafts: sent, edited, deleted

    tracked = close_loop(db, config, account=account)
    if tracked.anything():
        step.lines.append(tracked.line())
    step.problems.extend(f"drafts-track: {error}" for error in tracked.errors)


def urgent_alerts(db, config: Config, step: Step) -> None:
    from .alerts import send_urgent_alerts

    report = send_urgent_alerts(db, config)
    step.lines.extend(report.lines())
    step.problems.extend(report.problems)


# -- is there anything to do? ------------------------------------------------------------------


def customers_behind(db, config: Config) -> bool:
    """Mail stored but not yet filed, customers changed but not recounted (an interrupted
    run), or identity settings changed."""
    from ..mail.addresses import Classifier

    if db.execute("SELECT 1 FROM customer_dirty LIMIT 1").fetchone():
        return True  # the rules read the customers' counts and last dates: bring them up to date first
    meta = dict(db.execute("SELECT name, value FROM customer_meta WHERE name IN ('watermark', 'fingerprint')"))
    newest = db.execute("SELECT max(id) FROM messages").fetchone()[0] or 0
    if newest > int(meta.get("watermark") or 0):
        return True
    return bool(newest) and meta.get("fingerprint") != Classifier(config).fingerprint()


def drafts_outstanding(db) -> bool:
    """Pushed drafts, or recently discarded ones whose Sent copy may still turn up (loop.py)."""
    return db.execute("SELECT 1 FROM drafts WHERE status IN ('pushed', 'discarded') LIMIT 1").fetchone() is not None


def rules_ran_on(db, today: date) -> bool:
    return (
        db.execute("SELECT 1 FROM rule_runs WHERE today = ? AND dry_run = 0 LIMIT 1", [today.isoformat()]).fetchone()
        is not None
    )


def sync_changed(summary) -> bool:
    """A SyncSummary that stored, moved or re-flagged anything."""
    return any(summary.total(k) for k in ("new", "copies", "updated", "gone", "failed"))


def import_changed(summary) -> bool:
    """An ImportSummary that stored anything (failed messages are stored raw)."""
    return bool(summary.new or summary.failed)
