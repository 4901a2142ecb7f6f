"""The nightly run: sync → customers → rules → alerts → pool → drafts → digests (→ report).

One lock is held over every stage (``run_lock``): another sync, import or
nightly waits its turn instead of interleaving. Each stage is timed, logged and
isolated — an account that cannot log in or a stage that fails is reported,
and the others still run. The run and its problems are recorded in
``sync_runs`` (kind ``nightly``) for ``mailcrm status``.

Safe to repeat: sync is incremental, rules are idempotent, a draft is pushed
once, a day's digest goes to each person once, and an alert is mailed once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from ..clock import utcnow
from . import pipeline
from ..config import Config
from ..lock import run_lock
from .settings import NightlySettings, digest_settings, nightly_settings, sending_account
from .pipeline import Step, run_step
from ..progress import NullProgress, Progress
from ..mail.runs import finish_run as record_finish, start_run as record_start
from ..mail.sync import sync as run_sync

log = logging.getLogger("mailcrm.night.run")


@dataclass
class NightlyReport:
    day: str
    started: str = ""
    finished: str = ""
    seconds: float = 0.0
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    def problems(self) -> list[str]:
        return [problem for step in self.steps for problem in step.problems]

    def warnings(self) -> list[str]:
        return [warning for step in self.steps for warning in step.warnings]

    def line(self) -> str:
        problems = len(self.problems())
        verdict = "ok" if not problems else f"{problems} problem{'' if problems == 1 else 's'}"
        return f"nightly {self.day}: {len(self.steps)} stages in {self.seconds:.1f} s, {verdict}"

    def as_dict(self) -> dict:
        return {
            "day": self.day,
            "started": self.started,
            "finished": self.finished,
            "ok": self.ok,
            "seconds": round(self.seconds, 2),
            "problems": self.problems(),
            "stages": [asdict(step) | {"seconds": round(step.seconds, 3)} for step in self.steps],
        }


def nightly(db, config: Config, *, today: date | None = None, progress: Progress | None = None) -> NightlyReport:
    """Run every stage under one lock; raises LockError only when another run holds the database."""
    settings = nightly_settings(config)
    digest_settings(config)  # a bad [digest] section fails now, not after the sync
    report = NightlyReport((today or date.today()).isoformat(), started=utcnow())
    started = time.monotonic()
    with run_lock(config.database_path, "nightly"):
        run = start_run(db)
        run_stages(db, config, settings, report, today, progress or NullProgress())
        report.seconds, report.finished = time.monotonic() - started, utcnow()
        finish_run(db, run, report)
    return report


def run_stages(
    db, config: Config, settings: NightlySettings, report: NightlyReport, today: date | None, progress: Progress
) -> None:
    synced: dict = {}
    add(report, run_step("sync", lambda step: sync_stage(db, config, step, progress, synced)))
    summary = synced.get("summary")
    after = pipeline.after_store(
        db,
        config,
        stored=bool(summary and pipeline.sync_changed(summary)),
        track_drafts=bool(summary and summary.ok),
        force_rules=True,
        today=today,
    )
    for step in after.steps:
        add(report, step)
    add(report, run_step("pool", lambda step: pool_stage(db, config, step, today)))
    add(report, run_step("drafts", lambda step: drafts_stage(db, config, step)))
    if settings.push_drafts:
        add(report, run_step("drafts-push", lambda step: push_stage(db, config, step)))
    add(report, run_step("digests", lambda step: digest_stage(db, config, settings, step, today)))
    if settings.report:
        add(report, run_step("report", lambda step: report_stage(db, config, settings.report, step, today)))


def add(report: NightlyReport, step: Step) -> None:
    report.steps.append(step)
    state = "failed" if step.problems else ("skipped" if step.skipped else "ok")
    log.info(
        "nightly %s %s in %.2f s: %s",
        step.name,
        state,
        step.seconds,
        "; ".join(step.lines + step.problems) or step.skipped or "nothing to do",
    )


# -- the stages ---------------------------------------------------------------------------------


def sync_stage(db, config: Config, step: Step, progress: Progress, synced: dict) -> None:
    if not any(account.imap for account in config.accounts):
        step.skipped = "no account has [accounts.imap]"
        return
    summary = run_sync(config, db, progress=progress)  # takes the database lock: ours, so it passes
    synced["summary"] = summary
    step.lines.append(summary.line())
    step.problems.extend(f"sync: {error}" for error in summary.errors)
    step.problems.extend(f"sync: {folder.line()}" for folder in summary.folders if folder.error)
    step.warnings.extend(f"sync: server alert: {alert}" for alert in summary.alerts)


def pool_stage(db, config: Config, step: Step, today: date | None) -> None:
    from .pool import release_idle

    released = release_idle(db, config, today=today)
    if not released.days:
        step.skipped = "no public pool ([pool] days)"
        return
    step.lines.append(released.line())


def drafts_stage(db, config: Config, step: Step) -> None:
    from ..drafts.generate import generate

    generated = generate(db, config)
    step.lines.append(generated.line())
    step.problems.extend(
        f"drafts: customer #{o.customer} {o.purpose}: {o.detail}" for o in generated.outcomes if o.result == "failed"
    )


def push_stage(db, config: Config, step: Step) -> None:
    from ..drafts.push import push

    mailboxes = [account.name for account in config.accounts if account.imap]
    if not mailboxes:
        step.skipped = "no account has [accounts.imap]: drafts stay in the review queue"
        return
    for name in mailboxes:
        pushed = push(db, config, account=name)
        if pushed.results:
            step.lines.append(f"{name}: {pushed.line()}")
        step.problems.extend(
            f"drafts-push: {name}: draft #{r.draft}: {r.detail}" for r in pushed.results if r.result == "failed"
        )


def digest_stage(db, config: Config, settings: NightlySettings, step: Step, today: date | None) -> None:
    if not settings.send_digests:
        step.skipped = "[nightly] send_digests = false"
        return
    account = sending_account(config, digest_settings(config))
    if account is None:
        why = "digests not sent: no account has [accounts.smtp] to send them from"
        step.skipped = why
        if settings.digests_asked:  # cron must hear of it: the config asks for them
            step.problems.append(f"{why} (add one, or set [nightly] send_digests = false)")
        else:
            step.warnings.append(f"{why} (`mailcrm digest` prints them; [nightly] send_digests = false silences this)")
        return
    from .digest import build_digests
    from .mailout import send_digests

    sent = send_digests(db, config, build_digests(db, config, today=today))
    step.lines.extend(sent.lines())
    step.problems.extend(f"digests: {problem}" for problem in sent.problems)


def report_stage(db, config: Config, path: Path, step: Step, today: date | None) -> None:
    from .report import write_report

    written = write_report(db, config, path, today=today)
    step.lines.append(f"report: {written}")


# -- the record -----------------------------------------------------------------------------------


def start_run(db) -> int:
    return record_start(db, "nightly")


def finish_run(db, run: int, report: NightlyReport) -> None:
    record_finish(db, run, report.as_dict(), report.ok)
