"""The manager's digest: alerts, each salesperson's load (waiting for an answer, follow-ups,
stalled, churn risks, complaints), the pipeline by stage, complaints, stalled deals,
churn risks, who waits for an answer, the public pool. Written for a manager who does
not read the customers' languages: facts, stages and tags, never a mail's subject or text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from ..config import Config
from ..customers.plans import behind_plan
from ..engine.agenda import agenda
from ..engine import figures
from .digest_text import Document, Section, Words, counted, display_name, flag_sentence, owner_label, section
from .history import history_line, since_day
from .pool import POOL_OWNER, released_since
from .settings import STAGES, DigestSettings, pool_settings

AGENDA_LIMIT = 10**6  # the manager's counts need every item


class TeamFacts:
    """What the manager digest reads, loaded once."""

    def __init__(self, db, config: Config, today: date):
        self.db, self.today = db, today
        self.customers = {
            r["id"]: dict(r)
            for r in db.query(
                "SELECT c.id, c.key, c.name, c.country, c.owner, c.grade, c.stage, "
                "coalesce(g.value_12m, 0) AS value, g.rank FROM customers c "
                "LEFT JOIN customer_grades g ON g.customer = c.id WHERE c.status = 'active'"
            )
        }
        self.currency = figures.value_currency(db, config)  # of every value above
        self.plan = agenda(db, config, today=today, limit=AGENDA_LIMIT)
        self.flags = [
            dict(r)
            for r in db.query(
                "SELECT customer, flag, rule, evidence, raised FROM customer_flags WHERE resolved IS NULL "
                "ORDER BY raised, id"
            )
        ]
        self.tags = self.load_tags()

    def load_tags(self) -> dict[int, list[str]]:
        tags: dict[int, list[str]] = defaultdict(list)
        for customer, tag in self.db.execute(
            "SELECT customer, tag FROM customer_tags WHERE active = 1 ORDER BY count DESC, tag"
        ):
            tags[customer].append(tag)
        return tags

    def flagged(self, flag: str) -> list[dict]:
        return [f for f in self.flags if f["flag"] == flag and f["customer"] in self.customers]

    def owner_of(self, customer: int) -> str | None:
        return self.customers.get(customer, {}).get("owner")


def manager_digest(db, config: Config, today: date, settings: DigestSettings) -> Document:
    words = Words(settings.manager_language)
    manager = settings.manager or "manager"
    since = since_day(db, "manager", manager, today)
    team = TeamFacts(db, config, today)
    alerts = manager_alerts(db)
    limit = settings.limit
    sections = [
        manager_alert_section(words, alerts, team, limit),
        team_section(words, team, config, db),
        pipeline_section(words, team),
        complaints_section(words, team, limit),
        stalled_section(words, team, limit),
        churn_section(words, team, limit),
        waiting_section(words, team, limit),
        plans_section(words, db, config, today, limit),
    ]
    if pool_settings(config).enabled:
        sections.append(pool_section(words, released_since(db, since), limit))
    summary = manager_summary(words, team, db, config)
    return Document(
        kind="manager",
        person=manager,
        email=settings.manager_email,
        language=words.language,
        day=today.isoformat(),
        subject=words.get("subject_manager", day=today.isoformat(), summary=words.get("separator").join(summary[1:5])),
        greeting=words.get("greeting", person=manager),
        intro=words.get("intro_manager", day=today.isoformat()),
        summary=summary + history_line(db, words, "manager", manager, team.plan),
        sections=sections,
        footer=words.get("footer_manager"),
        nothing=words.get("nothing"),
        alert_ids=[a["id"] for a in alerts],
    )


def manager_summary(words: Words, team: TeamFacts, db, config: Config) -> list[str]:
    customers = team.customers.values()
    summary = [  # the agenda's counts and figures' grades, as `today` and the report count
        counted(words, "customers", len(team.customers)),
        counted(words, "complaints", team.plan["counts"]["complaints"]),
        counted(words, "stalled", team.plan["counts"]["stalled"]),
        counted(words, "churn", team.plan["counts"]["churn-risk"]),
        counted(words, "team_unanswered", team.plan["counts"]["unanswered"]),
        counted(words, "a_customers", figures.grade_counts(db)["A"]),
    ]
    if pool_settings(config).enabled:
        summary.append(counted(words, "pool", sum(1 for c in customers if c["owner"] == POOL_OWNER)))
    return summary


def manager_alerts(db) -> list[dict]:
    return [
        dict(r)
        for r in db.query(
            "SELECT a.id, a.customer, a.rule, a.created, c.name, c.key, c.owner, "
            "(SELECT flag FROM customer_flags f WHERE f.customer = a.customer AND f.rule = a.rule "
            " ORDER BY f.id DESC LIMIT 1) AS flag FROM alerts a JOIN customers c ON c.id = a.customer "
            "WHERE a.delivered IS NULL AND a.recipient = 'manager' ORDER BY a.created, a.id"
        )
    ]


def manager_alert_section(words: Words, alerts: list[dict], team: TeamFacts, limit: int) -> Section:
    rows = [
        [
            display_name(a, True),
            owner_label(words, a["owner"]),
            words.label("flag", a["flag"]) or a["rule"],
            a["created"][:10],
        ]
        for a in alerts
    ]
    return section(words, "alerts", ["customer", "owner", "alert", "created"], rows, limit)


def team_section(words: Words, team: TeamFacts, config: Config, db) -> Section:
    """One row per salesperson (and the pool): their customers and what is open."""
    load = team_load(team, config, db)
    rows = [
        [
            owner_label(words, owner),
            str(n["customers"]),
            f"{n['A']} / {n['B']} / {n['C']}",
            waiting_text(words, n),
            str(n["follow-ups"]),
            str(n["stalled"]),
            str(n["churn-risk"]),
            str(n["complaints"]),
            str(n["drafts"]),
        ]
        for owner, n in load.items()
    ]
    return section(
        words,
        "team",
        ["owner", "customers", "grades", "waiting", "follow_ups", "stalled", "churn", "complaints", "drafts"],
        rows,
        len(rows) or 1,
        labelled=True,
    )


def team_load(team: TeamFacts, config: Config, db) -> dict[str | None, Counter]:
    owners: list[str | None] = list(dict.fromkeys(a.owner for a in config.accounts))
    load: dict[str | None, Counter] = {owner: Counter() for owner in owners}
    for customer in team.customers.values():
        load.setdefault(customer["owner"], Counter())
        load[customer["owner"]]["customers"] += 1
        load[customer["owner"]][customer["grade"] or "-"] += 1
    for name in ("complaints", "unanswered", "follow-ups", "stalled", "churn-risk"):
        for item in team.plan["sections"][name]:
            load.setdefault(item["owner"], Counter())[name] += 1
    for item in team.plan["sections"]["unanswered"]:
        days = (team.today - date.fromisoformat(item["since"])).days if item["since"] else 0
        entry = load[item["owner"]]
        entry["oldest"] = max(entry["oldest"], days)
    by_account = {a.name: a.owner for a in config.accounts}
    for account, count in db.execute("SELECT account, count(*) FROM drafts WHERE status = 'pushed' GROUP BY account"):
        load.setdefault(by_account.get(account), Counter())["drafts"] += count
    return load


def waiting_text(words: Words, load: Counter) -> str:
    """ "13, the oldest for 21 days" / "13 位客户，最久已等 21 天"."""
    if not load["unanswered"]:
        return "0"
    if not load["oldest"]:
        return words.get("fact.waiting", n=load["unanswered"])
    return words.get("fact.waiting_oldest", n=load["unanswered"], oldest=words.days(load["oldest"]))


def pipeline_section(words: Words, team: TeamFacts) -> Section:
    by_stage: dict[str | None, Counter] = defaultdict(Counter)
    for customer in team.customers.values():
        entry = by_stage[customer["stage"]]
        entry["customers"] += 1
        entry["A"] += customer["grade"] == "A"
        entry["value"] += customer["value"]
    order = [s for s in STAGES if s in by_stage] + [s for s in by_stage if s not in STAGES]
    rows = [
        [
            words.label("stage", stage),
            str(by_stage[stage]["customers"]),
            str(by_stage[stage]["A"]),
            words.money(by_stage[stage]["value"], team.currency),
        ]
        for stage in order
    ]
    return section(
        words, "pipeline", ["stage", "customers", "a_customers", "value"], rows, len(rows) or 1, labelled=True
    )


def customer_cells(words: Words, team: TeamFacts, customer: int) -> list[str]:
    row = team.customers[customer]
    return [
        display_name(row, True),
        words.country(row["country"]),
        row["grade"] or "",
        owner_label(words, row["owner"]),
    ]


def tag_text(words: Words, team: TeamFacts, customer: int) -> str:
    return words.listing([words.label("tag", t) for t in team.tags.get(customer, [])[:4]])


def complaints_section(words: Words, team: TeamFacts, limit: int) -> Section:
    rows = [
        customer_cells(words, team, f["customer"])
        + [
            f["raised"],
            words.days((team.today - date.fromisoformat(f["raised"])).days),
            tag_text(words, team, f["customer"]),
        ]
        for f in team.flagged("complaint")
    ]
    return section(
        words, "team_complaints", ["customer", "country", "grade", "owner", "raised", "open_days", "tags"], rows, limit
    )


def stalled_section(words: Words, team: TeamFacts, limit: int) -> Section:
    rows = [
        customer_cells(words, team, f["customer"])
        + [words.label("stage", team.customers[f["customer"]]["stage"]), flag_fact(words, f, team)]
        for f in team.flagged("stalled")
    ]
    return section(words, "team_stalled", ["customer", "country", "grade", "owner", "stage", "facts"], rows, limit)


def churn_section(words: Words, team: TeamFacts, limit: int) -> Section:
    flags = sorted(team.flagged("churn-risk"), key=lambda f: -team.customers[f["customer"]]["value"])
    rows = [
        customer_cells(words, team, f["customer"]) + [flag_fact(words, f, team), tag_text(words, team, f["customer"])]
        for f in flags
    ]
    return section(words, "team_churn", ["customer", "country", "grade", "owner", "facts", "tags"], rows, limit)


def waiting_section(words: Words, team: TeamFacts, limit: int) -> Section:
    """Who waits for an answer, per salesperson; no subjects: the manager may not read them."""
    items = sorted(team.plan["sections"]["unanswered"], key=lambda i: i["owner"] or "")  # the agenda's order
    rows = [
        [owner_label(words, i["owner"])]
        + customer_cells(words, team, i["customer"])[:3]
        + [words.days((team.today - date.fromisoformat(i["since"])).days) if i["since"] else ""]
        for i in items
        if i["customer"] in team.customers
    ]
    return section(words, "team_waiting", ["owner", "customer", "country", "grade", "waiting"], rows, limit)


def plans_section(words: Words, db, config: Config, today: date, limit: int) -> Section:
    """The customers furthest behind their sales plan this year, to the end of last month."""
    found = behind_plan(db, config, today)
    base = found["base_currency"]
    rows = [
        [
            display_name({**c, "key": c["customer"]}, True),
            owner_label(words, c["owner"]),
            words.money(c["to_date"]["plan"], base),
            words.money(c["to_date"]["actual"], base),
            words.money(-c["to_date"]["difference"], base),
            f"{c['to_date']['share']:.0%}" if c["to_date"]["share"] is not None else "",
        ]
        for c in found["behind"]
    ]
    columns = ["customer", "owner", "plan_to_date", "ordered_to_date", "behind", "share_of_plan"]
    found_section = section(words, "team_plans", columns, rows, limit)
    found_section.title = words.get("section.team_plans", month=found["through"] or "")
    return found_section


def pool_section(words: Words, released: list[dict], limit: int) -> Section:
    rows = [
        [
            display_name(r, True),
            words.country(r["country"]),
            r["grade"] or "",
            words.get("fact.pooled", days=r["idle_days"] or 0, owner=r["owner"] or "?"),
            r["day"],
        ]
        for r in released
    ]
    return section(words, "pool", ["customer", "country", "grade", "facts", "released"], rows, limit)


def flag_fact(words: Words, flag: dict, team: TeamFacts) -> str:
    return flag_sentence(words, flag, team.customers[flag["customer"]]["stage"])
