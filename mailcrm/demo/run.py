"""The demo: the whole pipeline on a generated sample mailbox, no server needed."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..mail import archive
from ..customers import documents, filing, lookup
from ..config import Config, load_config
from ..engine import summary
from ..engine.agenda import agenda
from ..engine.changes import RunReport
from ..engine.runner import run_rules
from ..engine.why import explain
from ..schema import open_db
from ..mail.importer import ImportSummary, import_path
from ..customers.contacts import import_contacts_csv
from ..customers.orders import import_orders_csv
from ..customers.plans import import_plans_csv, plan_vs_actual
from ..progress import NullProgress, Progress
from .firstday import generate_first_day
from .sample import generate_mailbox, write_maildir, write_orders_csv, write_plan_csv
from ..drafts import queue as draft_queue
from ..drafts.settings import DEMO_SECTIONS
from ..sample_config import LISA, TOM, config_text
from ..drafts.generate import GenerateReport, generate as generate_drafts
from ..drafts.push import write_maildir as write_drafts_maildir


def demo_config(suppliers: list[str] = ()) -> str:
    """The demo's config; a first-day mailbox adds its suppliers to [customers] suppliers."""
    customers = {"ignore": ["yonggu-casting.com.cn", "oceanlink-logistics.com"]}
    return config_text(
        header="Written by `mailcrm demo`. A real setup adds [accounts.imap]: see config.example.toml.",
        me={"manager": "Grace Zhou", "manager_email": "grace@hengtai-valve.com"},
        sections={
            "customers": customers | ({"suppliers": list(suppliers)} if suppliers else {}),
            "digest": {"language": "en", "manager_language": "zh", "limit": 5},
        },
        notes={
            "customers": "our casting supplier and our freight forwarder: correspondents, not customers",
            "digest": "salespeople read English, the manager reads Chinese; `mailcrm digest --send` needs an "
            "[accounts.smtp]",
        },
        accounts=(LISA, TOM),
        extra=DEMO_SECTIONS,  # [drafts], [content], [holidays]: the content blocks drafts are written with
    )


DEMO_CONFIG = demo_config()

DEMO_SEARCHES = ["quotation ball valve", "报价", "Angebot", "L/C"]


@dataclass
class DemoResult:
    directory: Path
    config: Config
    imported: ImportSummary
    status: dict
    searches: dict[str, list[archive.Hit]] = field(default_factory=dict)
    thread: list[dict] = field(default_factory=list)
    filed: customers.RefreshSummary | None = None
    customers: list[dict] = field(default_factory=list)
    profile: dict = field(default_factory=dict)
    timeline: list[dict] = field(default_factory=list)
    documents_key: str = ""  # `customers docs` for the customer with the most contracts, POs and PIs
    documents: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)  # calls and visits from the demo's call log
    rules: RunReport | None = None
    tags: list[dict] = field(default_factory=list)
    grades: dict = field(default_factory=dict)
    why: dict = field(default_factory=dict)
    agenda: dict = field(default_factory=dict)
    drafts: GenerateReport | None = None
    draft_list: list[dict] = field(default_factory=list)
    drafts_written: list = field(default_factory=list)
    draft: dict = field(default_factory=dict)
    digests: list = field(default_factory=list)
    report: Path | None = None
    plan: dict = field(default_factory=dict)
    seconds: float = 0.0


def run_demo(
    directory: Path,
    *,
    n_messages: int = 400,
    today: date | None = None,
    progress: Progress | None = None,
    first_day: bool = False,
) -> DemoResult:
    """Generate a mailbox, import it into a fresh database, and collect what was found
    (``first_day``: the first-day mailbox of demo/firstday.py, with its phishing, bulk mail …)."""
    started = time.monotonic()
    config = prepare_directory(Path(directory), n_messages, today, first_day)
    db = open_db(config.database_path)
    imported = import_path(
        config, db, config.database_path.parent / "mailbox", account="lisa", progress=progress or NullProgress()
    )
    result = DemoResult(Path(directory), config, imported, archive.status(db))
    result.filed = filing.refresh(db, config)
    import_orders_csv(db, config, config.database_path.parent / "orders.csv")
    import_plans_csv(db, config, config.database_path.parent / "plan.csv")
    result.plan = plan_vs_actual(db, config, today=today or date.today())
    result.contacts = log_contacts(db, config, today or date.today())
    read_with_rules(result, db, config, today or date.today())
    write_drafts(result, db, config)
    write_digests_and_report(result, db, config, today or date.today())
    result.customers = lookup.list_customers(db, config, sort="messages")
    if result.customers:
        result.profile = lookup.profile(db, result.customers[0]["key"])
        result.timeline = lookup.timeline(db, result.customers[0]["key"], limit=12)
    result.documents_key = documents.busiest(db) or ""
    if result.documents_key:
        result.documents = documents.documents_of(db, result.documents_key, kinds=documents.LEAD_KINDS)
    result.searches = {q: archive.search(db, q, limit=5) for q in DEMO_SEARCHES}
    result.thread = longest_thread(db)
    result.seconds = time.monotonic() - started
    return result


# A salesperson's week outside the mail, for the customers with the most mail: who
# called whom, a visit, a chat (customers/contacts.py; `customers import-notes`).
DEMO_CONTACTS = (
    (0, 2, "call", "out", "Called about the delivery date: confirmed for next week"),
    (1, 6, "visit", "out", "Visited their warehouse; they want a second supplier for gate valves"),
    (2, 1, "call", "in", "They called: asked for the test certificates again"),
    (0, 9, "chat", "out", "WhatsApp: sent photos of the packing"),
)


def log_contacts(db, config: Config, today: date) -> list[dict]:
    """Write the demo's call log (calls.csv) and import it, as `customers import-notes` does."""
    keys = [c["key"] for c in lookup.list_customers(db, config, sort="messages")[:3]]
    if len(keys) < 3:
        return []
    path = config.database_path.parent / "calls.csv"
    rows = ["customer,date,kind,direction,text,author"]
    for index, days, kind, direction, text in DEMO_CONTACTS:
        when = date.fromordinal(today.toordinal() - days).isoformat()
        rows.append(f"{keys[index]},{when} 10:00,{kind},{direction},{text},Lisa Chen")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_contacts_csv(db, config, path)
    found = db.query(
        "SELECT c.key AS customer, n.at, n.kind, n.direction, n.text FROM notes n "
        "JOIN customers c ON c.id = n.customer WHERE n.kind != 'note' ORDER BY n.at DESC"
    )
    return list(found)


def read_with_rules(result: DemoResult, db, config: Config, today: date) -> None:
    """Rules, grades and the agenda: tags with evidence, who to contact today."""
    result.rules = run_rules(db, config, today=today)
    result.tags = summary.tag_overview(db)
    result.grades = summary.grade_overview(db)
    tagged = summary.most_tagged_customer(db)
    result.why = explain(db, f"#{tagged}", limit=1) if tagged else {}
    result.agenda = agenda(db, config, today=today, limit=5)


def write_drafts(result: DemoResult, db, config: Config) -> None:
    """Drafts for what the rules asked for, into a local Drafts Maildir (the demo has no IMAP)."""
    result.drafts = generate_drafts(db, config)
    result.draft_list = draft_queue.list_drafts(db)
    result.drafts_written = write_drafts_maildir(db, result.directory / "Drafts")
    example = draft_queue.example(db)
    result.draft = draft_queue.details(db, example) if example else {}


def write_digests_and_report(result: DemoResult, db, config: Config, today: date) -> None:
    """The digests as the nightly run would mail them (printed: the demo has no SMTP), and the report."""
    from ..night.digest import build_digests
    from ..night.report import write_report

    result.digests = build_digests(db, config, today=today)
    result.report = write_report(db, config, result.directory / "report.html", today=today, language="en")


def prepare_directory(directory: Path, n_messages: int, today: date | None, first_day: bool = False) -> Config:
    """A fresh demo folder: sample Maildir, orders and plan CSV and config; old database removed."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in ("mailbox", "Drafts"):
        shutil.rmtree(directory / stale, ignore_errors=True)
    for stale in directory.glob("mailcrm.db*"):
        stale.unlink()
    mailbox = generate_first_day(n_messages, today=today) if first_day else generate_mailbox(n_messages, today=today)
    write_maildir(mailbox, directory / "mailbox")
    write_orders_csv(mailbox.orders, directory / "orders.csv")
    write_plan_csv(mailbox.orders, directory / "plan.csv", today or date.today())
    text = demo_config(mailbox.truth.suppliers) if first_day else DEMO_CONFIG
    (directory / "config.toml").write_text(text, encoding="utf-8")
    return load_config(directory / "config.toml")


def longest_thread(db) -> list[dict]:
    row = db.execute(
        "SELECT thread_id FROM messages WHERE thread_id IS NOT NULL GROUP BY thread_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    if not row:
        return []
    return [
        dict(r)
        for r in db.query(
            "SELECT id, date, direction, from_email, subject, attachment_names FROM messages "
            "WHERE thread_id = ? ORDER BY date",
            [row[0]],
        )
    ]
