"""Digests: one mail per salesperson, one for the manager, built from what mailcrm knows.

- **Salesperson**: alerts for them, today's agenda from the rule engine, drafts
  waiting in their Drafts folder, new customers, stages that moved, customers
  that went back to the public pool.
- **Manager**: the team's digest, built in digest_team.py.

"Since" is the day of the last digest that person received (else yesterday).
Building never changes anything; ``mailout.send_digests`` sends and records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..config import Config
from .digest_team import manager_digest
from .digest_items import flag_text, item_text, quoted
from .digest_text import Document, Section, Words, counted, display_name, section
from ..engine.agenda import SECTIONS, agenda
from .schema import ensure_schema
from .settings import DigestSettings, digest_settings
from .pool import released_since
from .history import history_line, since_day


@dataclass
class Salesperson:
    owner: str
    account: str
    email: str


def salespeople(config: Config) -> list[Salesperson]:
    """One per owner in the config, with their first mailbox."""
    found: dict[str, Salesperson] = {}
    for account in config.accounts:
        found.setdefault(account.owner, Salesperson(account.owner, account.name, account.email))
    return list(found.values())


def build_digests(
    db, config: Config, *, today: date | None = None, owner: str | None = None, manager: bool = True
) -> list[Document]:
    """Every salesperson's digest (or one), then the manager's."""
    ensure_schema(db)
    today = today or date.today()
    settings = digest_settings(config)
    people = [p for p in salespeople(config) if owner is None or owner_matches(p, owner)]
    documents = [salesperson_digest(db, config, p, today, settings) for p in people]
    if manager and owner is None:
        documents.append(manager_digest(db, config, today, settings))
    return documents


def owner_matches(person: Salesperson, name: str) -> bool:
    return name.lower() in (person.owner.lower(), person.account.lower(), person.email)


# -- the salesperson ---------------------------------------------------------------------------


def salesperson_digest(db, config: Config, person: Salesperson, today: date, settings: DigestSettings) -> Document:
    words = Words(settings.language_of(person.owner))
    since = since_day(db, "salesperson", person.owner, today)
    plan = agenda(db, config, today=today, owner=person.owner, limit=settings.limit)
    alerts = owner_alerts(db, person.owner)
    waiting = drafts_waiting(db, config, person.owner)
    sections = [alert_section(words, alerts, settings.limit)]
    # The agenda's own drafts section is left out: the Drafts-folder section below says it for mail.
    sections += [agenda_section(words, name, plan, settings.limit) for name in SECTIONS if name != "drafts"]
    sections += [
        drafts_section(words, waiting, settings.limit),
        new_customers_section(words, new_customers(db, since, person.owner), settings.limit),
        moves_section(words, stage_moves(db, since, person.owner), settings.limit),
        pooled_section(words, released_since(db, since, person.owner), settings.limit),
    ]
    summary = [
        counted(words, "complaints", plan["counts"]["complaints"]),
        counted(words, "unanswered", plan["counts"]["unanswered"]),
        counted(words, "follow-ups", plan["counts"]["follow-ups"]),
        counted(words, "payments", plan["counts"]["payments"]),
        counted(words, "drafts_waiting", len(waiting)),
    ]
    summary = [line for line, n in zip(summary, (1, 1, 1, plan["counts"]["payments"], 1)) if n]
    return Document(
        kind="salesperson",
        person=person.owner,
        email=person.email,
        language=words.language,
        day=today.isoformat(),
        subject=words.get(
            "subject_salesperson",
            person=person.owner,
            day=today.isoformat(),
            summary=words.get("separator").join(summary),
        ),
        greeting=words.get("greeting", person=person.owner),
        intro=words.get("intro_salesperson", day=today.isoformat(), since=since),
        summary=summary + history_line(db, words, "salesperson", person.owner, plan, person.account),
        sections=sections,
        footer=words.get("footer_salesperson", account=person.account),
        nothing=words.get("nothing"),
        alert_ids=[a["id"] for a in alerts],
    )


def agenda_section(words: Words, name: str, plan: dict, limit: int) -> Section:
    rows = [
        [item["customer_name"], item["grade"] or "", item_text(words, item), item["since"] or ""]
        for item in plan["sections"][name]
    ]
    built = section(words, name, ["customer", "grade", "what", "since"], rows, limit)
    hidden = plan["counts"][name] - len(rows)
    if hidden > 0:
        built.total, built.more = plan["counts"][name], words.get("more", n=hidden)
    return built


def owner_alerts(db, owner: str) -> list[dict]:
    return [
        dict(r)
        for r in db.query(
            "SELECT a.id, a.customer, a.rule, a.note, a.created, c.name, c.key, f.flag, f.evidence, f.raised "
            "FROM alerts a JOIN customers c ON c.id = a.customer LEFT JOIN customer_flags f ON f.id = "
            "(SELECT max(id) FROM customer_flags WHERE customer = a.customer AND rule = a.rule) "
            "WHERE a.delivered IS NULL AND a.recipient = 'owner' "
            "AND a.person = ? ORDER BY a.created, a.id",
            [owner],
        )
    ]


def alert_section(words: Words, alerts: list[dict], limit: int) -> Section:
    rows = [[display_name(a), alert_text(words, a), a["created"][:10]] for a in alerts]
    return section(words, "alerts", ["customer", "alert", "created"], rows, limit)


def alert_text(words: Words, alert: dict) -> str:
    """The flag behind the alert in the reader's words; the rule's own note (without the
    customer's name, which the row already says) when no flag is left."""
    if alert.get("flag"):
        return flag_text(words, alert)
    note, name = alert["note"] or "", alert.get("name") or ""
    return note.removesuffix(f": {name}") if name else note


def drafts_waiting(db, config: Config, owner: str) -> list[dict]:
    """Pushed drafts sitting in this salesperson's Drafts folders."""
    accounts = [a.name for a in config.accounts if a.owner == owner]
    if not accounts:
        return []
    marks = ",".join("?" * len(accounts))
    return [
        dict(r)
        for r in db.query(
            f"SELECT d.id, d.purpose, d.subject, d.pushed, c.name, c.key FROM drafts d JOIN customers c "
            f"ON c.id = d.customer WHERE d.status = 'pushed' AND d.account IN ({marks}) ORDER BY d.pushed, d.id",
            accounts,
        )
    ]


def drafts_section(words: Words, drafts: list[dict], limit: int) -> Section:
    rows = [
        [display_name(d), words.label("purpose", d["purpose"]), quoted(words, d["subject"]), (d["pushed"] or "")[:10]]
        for d in drafts
    ]
    return section(words, "drafts_waiting", ["customer", "purpose", "subject", "pushed"], rows, limit)


FIRST_MAIL = "min(coalesce(first_in, '9'), coalesce(first_out, '9'))"


def new_customers(db, since: str, owner: str | None = None) -> list[dict]:
    """Recorded since `since`, with a first mail in the last month (an imported history is not news)."""
    recent = (date.fromisoformat(since) - timedelta(days=30)).isoformat()
    sql = (
        f"SELECT id, key, name, country, source, stage, grade, owner, {FIRST_MAIL} AS first FROM customers "
        f"WHERE status = 'active' AND created >= ? AND ({FIRST_MAIL} >= ? OR ({FIRST_MAIL} = '9' AND source != 'mail'))"
    )
    params = [since, recent]
    if owner:
        sql += " AND owner = ?"
        params.append(owner)
    return [dict(r) for r in db.query(sql + " ORDER BY first DESC, id", params)]


def new_customers_section(words: Words, rows: list[dict], limit: int) -> Section:
    table = [
        [
            display_name(r),
            words.country(r["country"]),
            "" if r["source"] == "mail" else r["source"],
            words.label("stage", r["stage"]),
            r["first"][:10] if r["first"] != "9" else "",
        ]
        for r in rows
    ]
    return section(words, "new_customers", ["customer", "country", "source", "stage", "first_contact"], table, limit)


def stage_moves(db, since: str, owner: str | None = None) -> list[dict]:
    sql = (
        "SELECT h.customer, h.stage, h.previous, h.since, c.name, c.key, c.owner FROM stage_history h "
        "JOIN customers c ON c.id = h.customer WHERE h.recorded >= ? AND h.previous IS NOT NULL "
        "AND h.previous != h.stage AND c.status = 'active'"
    )
    params = [since]
    if owner:
        sql += " AND c.owner = ?"
        params.append(owner)
    return [dict(r) for r in db.query(sql + " ORDER BY h.id", params)]


def moves_section(words: Words, moves: list[dict], limit: int) -> Section:
    rows = [
        [
            display_name(m),
            words.get(
                "fact.stage_move", previous=words.label("stage", m["previous"]), stage=words.label("stage", m["stage"])
            ),
            m["since"],
        ]
        for m in moves
    ]
    return section(words, "stage_moves", ["customer", "move", "since"], rows, limit)


def pooled_section(words: Words, released: list[dict], limit: int) -> Section:
    rows = [[display_name(r), r["grade"] or "", words.days(r["idle_days"] or 0), r["day"]] for r in released]
    return section(words, "pooled", ["customer", "grade", "idle", "released"], rows, limit)
