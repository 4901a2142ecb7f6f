"""Words and layout of digest and alert mails: strings per language, text and HTML.

A mail is a ``Document``: subject, greeting, a few summary lines and sections of
rows. The words come from ``data/digest/strings.toml`` (English and Simplified
Chinese); the layout from ``data/digest/mail.txt.j2`` and ``mail.html.j2``,
rendered in Jinja2's sandbox with StrictUndefined (HTML autoescaped), so a
customer's name can never become markup or template code.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..customers.country import countries
from ..money import show
from .pool import POOL_OWNER

CJK = re.compile(r"[\u3400-\u9fff]")


def data_dir() -> Path:
    return Path(str(resources.files("mailcrm") / "data" / "digest"))


@lru_cache(maxsize=1)
def all_strings() -> dict:
    return tomllib.loads((data_dir() / "strings.toml").read_text(encoding="utf-8"))


class Words:
    """The strings of one language, with English as the fallback for a missing key."""

    def __init__(self, language: str):
        self.language = language
        self.table = all_strings().get(language) or all_strings()["en"]
        self.english = all_strings()["en"]

    def get(self, key: str, /, **values) -> str:
        """The string of ``key`` filled with ``values``. A string with plural forms is a table
        ``{ one = "{n} day", other = "{n} days" }``: ``n`` (else ``days``) picks the form."""
        n = values.get("n", values.get("days"))
        text = self.lookup(self.table, key, n)
        if text is None:
            text = self.lookup(self.english, key, n)
        if text is None:
            return key.rsplit(".", 1)[-1]
        return text.format(s="" if n == 1 else "s", **values) if values else text

    @staticmethod
    def lookup(table: dict, key: str, n: int | None = None) -> str | None:
        node = table
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        if isinstance(node, dict) and "other" in node:  # plural forms
            node = node.get("one") if n == 1 and "one" in node else node["other"]
        return node if isinstance(node, str) else None

    def listing(self, labels: list[str]) -> str:
        """Labels joined, those sharing a first word said once: "付款方式：T/T、L/C", "pays T/T, L/C"."""
        heads: dict[str, list[str]] = {}
        for label in labels:
            head, _, rest = label.partition(" ")
            heads.setdefault(head if rest else label, []).append(rest)
        parts = []
        for head, rests in heads.items():
            rests = [r for r in rests if r]
            if len(rests) > 1:
                parts.append(self.get("grouped", head=head, items=self.get("list_separator").join(rests)))
            else:
                parts.append(f"{head} {rests[0]}" if rests else head)
        return self.get("list_separator").join(parts)

    def label(self, kind: str, value: str | None) -> str:
        """A stage, flag, tag or purpose in words; unknown ones (user rules) as they are."""
        if not value:
            return self.get(f"{kind}.none") if kind == "stage" else ""
        return self.lookup(self.table, f"{kind}.{value}") or self.lookup(self.english, f"{kind}.{value}") or value

    def country(self, code: str | None) -> str:
        if not code:
            return ""
        found = countries()[0].get(code)
        if found is None:
            return code
        if self.language == "zh":
            return chinese_country_name(code) or found.name
        return found.name

    def days(self, n: int) -> str:
        return self.get("fact.days", n=n)

    def money(self, value: float | None, currency: str | None) -> str:
        """'USD 1,127,922': a sum of order values always says its currency (mailcrm/money.py)."""
        return show(value, currency)


def display_name(row: dict, with_key: bool = False) -> str:
    name = row.get("name") or row.get("key") or f"#{row.get('id')}"
    return f"{name} ({row['key']})" if with_key and row.get("key") and row["key"] != name else name


def owner_label(words: Words, owner: str | None) -> str:
    if owner == POOL_OWNER:
        return words.get("pool_owner")
    return owner or words.get("unassigned")


def counted(words: Words, key: str, n: int) -> str:
    return words.get(f"count.{key}", n=n)


@lru_cache(maxsize=1)
def chinese_names() -> dict[str, str]:
    """code → the first Chinese alias in countries.tsv (德国 for DE)."""
    names: dict[str, str] = {}
    for alias, code in countries()[1].items():
        if CJK.search(alias) and code not in names:
            names[code] = alias
    return names


def chinese_country_name(code: str) -> str | None:
    return chinese_names().get(code)


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    total: int = 0  # rows before the limit
    more: str = ""  # "… and 5 more", when rows were left out
    labelled: bool = False  # plain text names each value (tables of numbers)
    separator: str = ", "  # between labelled values: "，" in Chinese

    @property
    def empty(self) -> bool:
        return not self.rows

    def text_rows(self) -> list[str]:
        """One line per row: values joined by ·, or "first: column value, …" when labelled."""
        if not self.labelled:
            return [" · ".join(cell for cell in row if cell) for row in self.rows]
        return [
            f"{row[0]}: " + self.separator.join(f"{column} {cell}" for column, cell in zip(self.columns[1:], row[1:]))
            for row in self.rows
        ]


@dataclass
class Document:
    kind: str  # salesperson, manager, alert
    person: str
    email: str | None
    language: str
    day: str
    subject: str
    greeting: str
    intro: str
    summary: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footer: str = ""
    nothing: str = ""  # shown when every section is empty
    alert_ids: list[int] = field(default_factory=list)  # alerts this mail delivers

    def text(self) -> str:
        return render("mail.txt.j2", self)

    def html(self) -> str:
        return render("mail.html.j2", self)

    def visible_sections(self) -> list[Section]:
        return [s for s in self.sections if not s.empty]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "person": self.person,
            "email": self.email,
            "language": self.language,
            "day": self.day,
            "subject": self.subject,
            "summary": self.summary,
            "sections": [
                {"key": s.key, "title": s.title, "columns": s.columns, "rows": s.rows, "total": s.total}
                for s in self.visible_sections()
            ],
            "alerts": self.alert_ids,
        }


def section(
    words: Words, key: str, columns: list[str], rows: list[list[str]], limit: int, *, labelled: bool = False
) -> Section:
    """A titled table, cut at `limit` rows with a "… and N more" line."""
    shown = rows[:limit]
    more = words.get("more", n=len(rows) - len(shown)) if len(rows) > len(shown) else ""
    return Section(
        key,
        words.get(f"section.{key}"),
        [words.get(f"column.{c}") for c in columns],
        [[str(cell) for cell in row] for row in shown],
        len(rows),
        more,
        labelled,
        words.get("separator"),
    )


@lru_cache(maxsize=2)
def environment(autoescape: bool) -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(data_dir())),
        undefined=StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, document: Document) -> str:
    return environment(name.endswith(".html.j2")).get_template(name).render(doc=document)


def flag_sentence(words: Words, flag: dict, stage: str | None = None) -> str:
    """A flag's evidence as a sentence in the reader's language, from the facts the rule saw
    (never the mail's own words, which the reader may not read)."""
    facts = json.loads(flag.get("evidence") or "{}").get("facts") or {}
    if "stage_days" in facts:
        return words.get(
            "fact.stage_days", days=facts["stage_days"], stage=words.label("stage", facts.get("stage") or stage)
        )
    if "awaiting_reply_days" in facts:
        return words.get("fact.awaiting_reply", days=facts["awaiting_reply_days"])
    if "days_since_order" in facts:
        key = "fact.order_interval" if "interval" in (flag.get("rule") or "") else "fact.since_order"
        return words.get(key, days=facts["days_since_order"])
    drop = facts.get("frequency_drop")
    if isinstance(drop, dict) and {"recent", "before"} <= set(drop):
        return words.get("fact.falling_frequency", recent=drop["recent"], before=drop["before"])
    return words.get("fact.flag", flag=words.label("flag", flag.get("flag")), raised=flag.get("raised") or "")
