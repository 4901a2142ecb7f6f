"""`mailcrm report --html FILE`: one self-contained page of charts for the team.

Headline figures, pipeline funnel by stage, monthly trends, where inquiries came
from, ABC / Pareto of order value, RFM grid, customers by country and on a world
map (report_map), reply times both ways, activity per salesperson, churn risks.
The charts are inline SVG drawn by ``charts`` (each with a colour legend and its
data in a table below it) and the styles are inline, so the file opens anywhere,
offline, prints, and can be mailed as an attachment.

The figures come from ``engine.figures``, as the digests and the CLI take them:
grade counts, order values and agenda counts ("waiting for an answer" after the
horizon) cannot disagree between them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from markupsafe import Markup

from . import charts, report_map, report_plans, report_replies
from .report_replies import THEM, US, hours_text
from ..config import Config
from .digest_text import Section, Words, environment, flag_sentence
from ..engine import figures
from ..engine.summary import unpriced_orders
from ..money import money_settings
from .schema import ensure_schema
from .settings import STAGES, digest_settings
from .pool import POOL_OWNER
from .charts import Bar, Chart
from .report_trends import sources_chart, trends_chart

GRADE_COLORS = {"A": "#1b7f5f", "B": "#3b6ea5", "C": "#9aa5b1", None: "#d9dee4"}
ACTIVITY_DAYS = 90
TOP_COUNTRIES = 15


@dataclass
class Page:
    language: str
    title: str
    subtitle: str
    kpis: list[tuple[str, str]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def write_report(db, config: Config, path: Path, *, today: date | None = None, language: str | None = None) -> Path:
    """Write the HTML report; returns the path written."""
    html = render(build_page(db, config, today=today, language=language))
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(path)  # a reader never sees half a report
    return path


def render(page: Page) -> str:
    return (
        environment(True)
        .get_template("report.html.j2")
        .render(page=page, font_stack=Markup(charts.FONT_STACK), data_label=Words(page.language).get("report.data"))
    )


def build_page(db, config: Config, *, today: date | None = None, language: str | None = None) -> Page:
    ensure_schema(db)
    today = today or date.today()
    words = Words(language or digest_settings(config).manager_language)
    data = ReportData(db, config, today)
    page = Page(
        words.language,
        words.get("report.title"),
        words.get(
            "report.generated",
            company=config.me.company or "mailcrm",
            when=datetime.now().strftime("%Y-%m-%d %H:%M"),
            day=today.isoformat(),
        ),
    )
    page.kpis = kpis(words, data)
    page.charts = [
        funnel_chart(words, data),
        trends_chart(words, data),
        sources_chart(words, data),
        pareto_chart(words, data),
        rfm_chart(words, data),
        country_chart(words, data),
        report_map.map_chart(words, data, GRADE_COLORS, grade_legend(words)),
        report_replies.reply_chart(words, data),
        activity_chart(words, data),
        churn_chart(words, data),
        report_plans.plans_chart(words, data),
    ]
    return page


class ReportData:
    """Everything the charts read, loaded with a handful of queries."""

    def __init__(self, db, config: Config, today: date):
        self.db, self.config, self.today = db, config, today
        self.customers = [
            dict(r)
            for r in db.query(
                "SELECT c.id, c.key, c.name, c.country, c.owner, c.grade, c.stage, c.turn, c.our_reply_hours, "
                "c.their_reply_hours, coalesce(g.value_12m, 0) AS value, g.r_score, g.f_score, g.m_score "
                "FROM customers c LEFT JOIN customer_grades g ON g.customer = c.id WHERE c.status = 'active'"
            )
        ]
        self.by_id = {c["id"]: c for c in self.customers}
        self.values = figures.order_values(db, config)
        self.currency = self.values.currency  # of every value above
        self.grades = figures.grade_counts(db)
        self.agenda = figures.agenda_counts(db, config, today)
        self.agenda_by_owner = figures.agenda_counts_by_owner(db, config, today)
        self.rates = money_settings(config)
        self.unpriced = unpriced_orders(db)  # orders not in any value: their currency has no rate
        self.flags = [
            dict(r)
            for r in db.query(
                "SELECT customer, flag, rule, evidence, raised FROM customer_flags WHERE resolved IS NULL"
            )
        ]

    def open_flags(self, flag: str) -> list[dict]:
        return [f for f in self.flags if f["flag"] == flag and f["customer"] in self.by_id]


def kpis(words: Words, data: ReportData) -> list[tuple[str, str]]:
    customers = data.customers
    found = [
        (words.get("report.kpi_customers"), str(len(customers))),
        (words.get("report.kpi_value"), words.money(data.values.total, data.currency)),
        (words.get("report.kpi_a"), str(data.grades["A"])),
        (words.get("report.kpi_waiting"), str(data.agenda["unanswered"])),
        (words.get("report.kpi_stalled"), str(data.agenda["stalled"])),
        (words.get("report.kpi_churn"), str(data.agenda["churn-risk"])),
        (words.get("report.kpi_complaints"), str(data.agenda["complaints"])),
    ]
    pooled = sum(1 for c in customers if c["owner"] == POOL_OWNER)
    if pooled:
        found.append((words.get("report.kpi_pool"), str(pooled)))
    return found


# -- the charts ----------------------------------------------------------------------------------------


def funnel_chart(words: Words, data: ReportData) -> Chart:
    by_stage: dict[str | None, list[dict]] = defaultdict(list)
    for customer in data.customers:
        by_stage[customer["stage"]].append(customer)
    stages = [s for s in STAGES] + [s for s in by_stage if s not in STAGES and s is not None]
    rows = [(words.label("stage", s), len(by_stage[s]), stage_note(words, by_stage[s], data.currency)) for s in stages]
    legend = [(words.get("report.legend_customers"), charts.funnel_shade(0, len(rows)))]
    table = Section(
        "funnel",
        "",
        [words.get("report.stage"), words.get("column.customers"), "A", words.get("column.value")],
        [
            [
                words.label("stage", s),
                str(len(by_stage[s])),
                str(sum(1 for c in by_stage[s] if c["grade"] == "A")),
                words.money(sum(c["value"] for c in by_stage[s]), data.currency),
            ]
            for s in stages
        ],
    )
    return Chart(
        "chart-funnel",
        words.get("report.funnel"),
        words.get("report.funnel_note"),
        charts.funnel("chart-funnel", words.get("report.funnel"), rows, legend=legend),
        table,
    )


def grade_legend(words: Words) -> list[tuple[str, str]]:
    return [(words.get("report.legend_grade", grade=g), GRADE_COLORS[g]) for g in ("A", "B", "C")] + [
        (words.get("report.ungraded"), GRADE_COLORS[None])
    ]


def stage_note(words: Words, customers: list[dict], currency: str) -> str:
    a_count = sum(1 for c in customers if c["grade"] == "A")
    return f"A {a_count} · {words.money(sum(c['value'] for c in customers), currency)}"


def pareto_chart(words: Words, data: ReportData) -> Chart:
    ranked = sorted((c for c in data.customers if c["value"] > 0), key=lambda c: -c["value"])
    total = sum(c["value"] for c in ranked) or 1
    running, cumulative = 0.0, []
    for customer in ranked:
        running += customer["value"]
        cumulative.append(running / total)
    bars = [(display(c), c["value"], GRADE_COLORS.get(c["grade"], GRADE_COLORS[None])) for c in ranked]
    legend = grade_legend(words) + [(words.get("report.legend_cumulative"), charts.ACCENT)]
    return Chart(
        "chart-pareto",
        words.get("report.pareto"),
        " ".join([words.get("report.pareto_note"), *money_notes(words, data)]),
        charts.pareto(
            "chart-pareto", words.get("report.pareto"), bars, cumulative, currency=data.currency, legend=legend
        ),
        grade_table(words, data),
    )


def money_notes(words: Words, data: ReportData) -> list[str]:
    """In which currency the values are, with which rates; and the orders no value holds."""
    rates = data.rates
    configured = words.get("report.rates_configured", codes=", ".join(rates.configured)) if rates.configured else ""
    if rates.base != data.currency:  # the config's base changed since the last rules run
        notes = [words.get("report.rates_stale", currency=data.currency)]
    elif rates.as_of:
        notes = [words.get("report.rates_note", currency=data.currency, as_of=rates.as_of, configured=configured)]
    else:
        notes = [words.get("report.rates_own", currency=data.currency)]
    if data.unpriced:
        left_out = words.get("separator").join(
            words.get("report.unpriced_orders", n=e["orders"], currency=e["currency"]) for e in data.unpriced
        )
        notes.append(words.get("report.unpriced", orders=left_out))
    return notes


def grade_table(words: Words, data: ReportData) -> Section:
    """Customers and order value per grade: every active customer, as the CLI and the digests count
    (engine.figures), not only those with orders."""
    rows = []
    for grade in (*figures.GRADES, figures.UNGRADED):
        share = data.values.share(grade)
        label = grade if grade != figures.UNGRADED else words.get("report.ungraded")
        rows.append(
            [
                label,
                str(data.grades[grade]),
                words.money(data.values.by_grade[grade], data.currency),
                f"{share:.0%}" if share is not None else "–",
            ]
        )
    return Section(
        "grades",
        "",
        [words.get("column.grade"), words.get("column.customers"), words.get("column.value"), "%"],
        rows,
        len(rows),
    )


def display(customer: dict) -> str:
    return customer["name"] or customer["key"]


def rfm_chart(words: Words, data: ReportData) -> Chart:
    cells: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for customer in data.customers:
        if customer["r_score"] and customer["f_score"]:
            cells[(customer["r_score"], customer["f_score"])].append(customer)
    shaded = {cell: (len(members), rfm_tip(cell, members)) for cell, members in cells.items()}
    most = max((len(m) for m in cells.values()), default=1)
    legend = [
        (words.get("report.legend_few"), charts.heat_shade(1 / most)),
        (words.get("report.legend_many", n=most), charts.heat_shade(1.0)),
    ]
    ranked = sorted(cells.items(), key=lambda kv: (-kv[0][0], -kv[0][1]))
    table = Section(
        "rfm",
        "",
        [
            words.get("report.score_r"),
            words.get("report.score_f"),
            words.get("column.customers"),
            words.get("column.customer"),
        ],
        [[str(r), str(f), str(len(members)), ", ".join(display(c) for c in members)] for (r, f), members in ranked],
    )
    return Chart(
        "chart-rfm",
        words.get("report.rfm"),
        words.get("report.rfm_note"),
        charts.heat_grid(
            "chart-rfm",
            words.get("report.rfm"),
            shaded,
            x_title=words.get("report.rfm_x"),
            y_title=words.get("report.rfm_y"),
            legend=legend,
        ),
        table,
    )


def rfm_tip(cell: tuple[int, int], members: list[dict]) -> str:
    names = ", ".join(f"{display(c)} (M{c['m_score'] or '–'})" for c in members[:8])
    more = f" … +{len(members) - 8}" if len(members) > 8 else ""
    return f"R{cell[0]} F{cell[1]}: {names}{more}"


def country_chart(words: Words, data: ReportData) -> Chart:
    by_country: dict[str | None, Counter] = defaultdict(Counter)
    for customer in data.customers:
        by_country[customer["country"]][customer["grade"]] += 1
    ranked = sorted(by_country.items(), key=lambda kv: (-sum(kv[1].values()), kv[0] or "~"))
    rows = [(country_label(words, code), grade_bars(words, counts)) for code, counts in ranked[:TOP_COUNTRIES]]
    rest = Counter()
    for _, counts in ranked[TOP_COUNTRIES:]:
        rest.update(counts)
    if rest:
        rows.append((words.get("report.other_countries"), grade_bars(words, rest)))
    table = Section(
        "countries",
        "",
        [words.get("column.country"), "A", "B", "C", words.get("report.ungraded"), words.get("report.total")],
        [
            [country_label(words, code), *(str(counts[g]) for g in ("A", "B", "C", None)), str(sum(counts.values()))]
            for code, counts in ranked
        ],
    )
    return Chart(
        "chart-countries",
        words.get("report.countries"),
        words.get("report.countries_note"),
        charts.stacked_bars("chart-countries", words.get("report.countries"), rows, legend=grade_legend(words)),
        table,
    )


def country_label(words: Words, code: str | None) -> str:
    return words.country(code) if code else words.get("report.unknown_country")


def grade_bars(words: Words, counts: Counter) -> list[Bar]:
    return [
        Bar(counts[grade], GRADE_COLORS[grade], f"{grade or words.get('report.ungraded')}: {counts[grade]}")
        for grade in ("A", "B", "C", None)
        if counts[grade]
    ]


def activity_chart(words: Words, data: ReportData) -> Chart:
    rows = activity_rows(data)
    bars = [
        (
            owner,
            [
                Bar(r["sent"], US, f"{owner}: {r['sent']} {words.get('report.sent')}"),
                Bar(r["received"], THEM, f"{owner}: {r['received']} {words.get('report.received')}"),
            ],
        )
        for owner, r in rows.items()
    ]
    table = Section(
        "activity",
        "",
        [
            words.get("column.owner"),
            words.get("report.sent"),
            words.get("report.received"),
            words.get("report.owned"),
            words.get("report.our_reply"),
            words.get("report.unanswered"),
            words.get("report.drafts_pushed"),
            words.get("report.drafts_sent"),
        ],
        [
            [
                owner,
                str(r["sent"]),
                str(r["received"]),
                str(r["customers"]),
                hours_text(r["reply"]),
                str(r["waiting"]),
                str(r["pushed"]),
                str(r["drafts_sent"]),
            ]
            for owner, r in rows.items()
        ],
        len(rows),
    )
    title = words.get("report.activity", days=ACTIVITY_DAYS)
    return Chart(
        "chart-activity",
        title,
        words.get("report.activity_note"),
        charts.stacked_bars(
            "chart-activity", title, bars, legend=[(words.get("report.sent"), US), (words.get("report.received"), THEM)]
        ),
        table,
    )


def activity_rows(data: ReportData) -> dict[str, dict]:
    owner_of = {a.name: a.owner for a in data.config.accounts}
    rows: dict[str, dict] = {owner: empty_activity() for owner in owner_of.values()}
    since = (data.today - timedelta(days=ACTIVITY_DAYS)).isoformat()
    for account, direction, count in data.db.execute(
        "SELECT f.account, m.direction, count(DISTINCT m.id) FROM messages m JOIN locations l ON l.message = m.id "
        "JOIN folders f ON f.id = l.folder WHERE m.date >= ? AND m.direction IN ('in', 'out') "
        "GROUP BY f.account, m.direction",
        [since],
    ):
        entry = rows.setdefault(owner_of.get(account, account), empty_activity())
        entry["sent" if direction == "out" else "received"] += count
    for customer in data.customers:
        entry = rows.setdefault(customer["owner"] or "–", empty_activity())
        entry["customers"] += 1
        if customer["our_reply_hours"] is not None:
            entry["reply"].append(customer["our_reply_hours"])
    for owner, counts in data.agenda_by_owner.items():  # after the horizon, as `today` counts
        if counts["unanswered"]:
            rows.setdefault(owner or "–", empty_activity())["waiting"] += counts["unanswered"]
    for account, status, count in data.db.execute(
        "SELECT account, status, count(*) FROM drafts WHERE status IN ('pushed', 'sent') GROUP BY account, status"
    ):
        entry = rows.setdefault(owner_of.get(account, account), empty_activity())
        entry["pushed" if status == "pushed" else "drafts_sent"] += count
    return rows


def empty_activity() -> dict:
    return {"sent": 0, "received": 0, "customers": 0, "waiting": 0, "pushed": 0, "drafts_sent": 0, "reply": []}


def churn_chart(words: Words, data: ReportData) -> Chart:
    flags = sorted(data.open_flags("churn-risk"), key=lambda f: -data.by_id[f["customer"]]["value"])
    rows = [churn_row(words, data, f) for f in flags]
    bars = [
        (
            display(data.by_id[f["customer"]]),
            [
                Bar(
                    data.by_id[f["customer"]]["value"],
                    GRADE_COLORS.get(data.by_id[f["customer"]]["grade"], "#d9dee4"),
                    flag_sentence(words, f),
                )
            ],
        )
        for f in flags[:12]
    ]
    table = Section(
        "churn",
        "",
        [words.get(f"column.{c}") for c in ("customer", "country", "grade", "value", "facts", "owner")],
        rows,
        len(rows),
    )
    return Chart(
        "chart-churn",
        words.get("report.churn"),
        words.get("report.churn_note"),
        charts.stacked_bars(
            "chart-churn",
            words.get("report.churn"),
            bars,
            value_format=lambda v: words.money(v, data.currency),
            legend=grade_legend(words),
        ),
        table,
    )


def churn_row(words: Words, data: ReportData, flag: dict) -> list[str]:
    customer = data.by_id[flag["customer"]]
    owner = words.get("pool_owner") if customer["owner"] == POOL_OWNER else customer["owner"] or ""
    return [
        display(customer),
        words.country(customer["country"]),
        customer["grade"] or "",
        words.money(customer["value"], data.currency),
        flag_sentence(words, flag),
        owner,
    ]
