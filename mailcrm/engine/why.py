"""`mailcrm why CUSTOMER [TOPIC]`: every conclusion with its evidence.

Tags and stages quote the messages that produced them, with the matched
words marked; flags from customer rules show the facts that held; the grade
shows its share of order value, rank, RFM scores and the next-contact reason; the country
shows what says where they are (address, domain, phone, language) and what was outweighed
or left uncertain. When the customer's latest mail is an out-of-office notice, "away" says
until when.
"""

from __future__ import annotations

import json
from datetime import date

from ..customers.location import evidence_of
from ..customers.merging import merges_of
from ..errors import NotFoundError
from . import facts
from .away import away_summary
from .evidence import quote_hit
from .model import STAGES
from .parts import Speakers
from .state import GRADE_COLUMNS

AWAY_COLUMNS = ("auto_reply", "back_on")


def explain(
    db,
    customer_ref: str,
    topic: str | None = None,
    *,
    limit: int = 3,
    today: date | None = None,
    speakers: Speakers | None = None,
) -> dict:
    """``speakers``: our domains, to tell our words quoted back from theirs (default: the accounts')."""
    speakers = speakers or stored_speakers(db)
    customer = facts.find_customer(db, customer_ref)
    pk = customer["id"]
    result = {"customer": {k: customer.get(k) for k in ("id", "key", "name", "country", "owner", "grade", "stage")}}
    if not topic or topic.lower() == "grade":
        result["away"] = away(db, pk, today)
    sections = {
        "country": lambda: evidence_of(customer),
        "tags": lambda: tags(db, pk, limit, speakers),
        "flags": lambda: flags(db, pk, limit, speakers),
        "stage": lambda: stage(db, pk, limit, speakers),
        "grade": lambda: grade(db, pk),
        "merges": lambda: merges_of(db, pk),
    }
    wanted = pick_sections(db, pk, topic)
    for name, build in sections.items():
        if name in wanted:
            result[name] = build()
    if (
        topic
        and topic.lower() not in ("stage", "grade", "country", "timezone", "where", "merges", "merge", "merged")
        and topic.lower() not in STAGES
    ):
        result = narrow(result, topic.lower())
    return result


def away(db, customer: int, today: date | None = None) -> dict | None:
    """Away until when, from which auto-reply (its message, sent day, first day back, a line
    for people); None unless the customer's latest mail is an out-of-office notice."""
    return away_summary(db, customer, today or date.today())


def pick_sections(db, customer: int, topic: str | None) -> set[str]:
    if not topic:
        return {"country", "tags", "flags", "stage", "grade", "merges"}
    key = topic.lower()
    if key in ("merges", "merge", "merged"):
        return {"merges"}
    if key in ("country", "timezone", "where"):
        return {"country"}
    if key in ("stage", *STAGES):
        return {"stage"}
    if key == "grade":
        return {"grade"}
    tag_names = {r[0] for r in db.execute("SELECT tag FROM customer_tags WHERE customer = ?", [customer])}
    flag_names = {r[0] for r in db.execute("SELECT flag FROM customer_flags WHERE customer = ?", [customer])}
    if key in tag_names:
        return {"tags"}
    if key in flag_names:
        return {"flags"}
    known = ", ".join(sorted(tag_names | flag_names | {"stage", "grade", "country", "merges"}))
    raise NotFoundError(f"nothing called {topic!r} for this customer (try one of: {known})")


def narrow(result: dict, name: str) -> dict:
    for section, key in (("tags", "tag"), ("flags", "flag")):
        if section in result:
            result[section] = [item for item in result[section] if item[key] == name]
    return result


# -- sections ---------------------------------------------------------------------


def tags(db, customer: int, limit: int, speakers: Speakers) -> list[dict]:
    rows = db.query(
        "SELECT tag, status, first_seen, last_seen, count, rules, terms, fades_on FROM customer_tags "
        "WHERE customer = ? ORDER BY active DESC, last_seen DESC, tag",
        [customer],
    )
    found = []
    for row in rows:
        row["rules"], row["terms"] = json.loads(row["rules"]), json.loads(row["terms"])
        row["messages"] = evidence(db, customer, row["rules"], limit, speakers)
        found.append(row)
    return found


def flags(db, customer: int, limit: int, speakers: Speakers) -> list[dict]:
    rows = db.query(
        "SELECT flag, rule, severity, note, raised, expires, resolved, resolution, evidence, message "
        "FROM customer_flags WHERE customer = ? ORDER BY resolved IS NOT NULL, raised DESC, id DESC "
        "LIMIT 20",
        [customer],
    )
    found = []
    for row in rows:
        row["evidence"] = json.loads(row["evidence"] or "{}")
        row["messages"] = evidence(db, customer, [row["rule"]], limit, speakers) if row["message"] else []
        found.append(row)
    return found


def stage(db, customer: int, limit: int, speakers: Speakers) -> dict | None:
    current = db.execute(
        "SELECT stage, since, source, rule, message FROM customer_stage WHERE customer = ?", [customer]
    ).fetchone()
    if not current:
        return None
    result = dict(zip(("stage", "since", "source", "rule", "message"), current))
    result["history"] = [
        dict(r)
        for r in db.query(
            "SELECT stage, previous, since, source, rule FROM stage_history WHERE customer = ? ORDER BY id", [customer]
        )
    ]
    result["messages"] = (
        first_evidence(db, customer, result["rule"], result["message"], speakers) if result["rule"] else []
    )
    return result


def first_evidence(db, customer: int, rule: str, message: int | None, speakers: Speakers) -> list[dict]:
    """The message that moved the stage (its first evidence), then the latest ones."""
    hits = facts.customer_hits(db, customer, [rule], limit=200)
    if not hits:
        return []
    chosen = [hits[-1]] + [h for h in hits[:2] if h is not hits[-1]]
    return [quoted(h, speakers) for h in chosen]


def grade(db, customer: int) -> dict | None:
    keys = [c for c in GRADE_COLUMNS if c not in AWAY_COLUMNS]  # being away is shown on its own
    row = db.execute(f"SELECT {', '.join(keys)} FROM customer_grades WHERE customer = ?", [customer]).fetchone()
    if not row:
        return None
    found = dict(zip(keys, row))
    found["unpriced"] = json.loads(found["unpriced"]) if found["unpriced"] else {}
    return found


# -- quoting messages -----------------------------------------------------------------


def evidence(db, customer: int, rules: list[str], limit: int, speakers: Speakers) -> list[dict]:
    return [quoted(h, speakers) for h in facts.customer_hits(db, customer, rules, limit)]


def quoted(hit: dict, speakers: Speakers) -> dict:
    """The message, the part of it the words are in, and their sentence."""
    return {
        "message": hit["message"],
        "date": (hit["date"] or "")[:10],
        "direction": hit["direction"],
        "from": hit["from_email"],
        "subject": hit["subject"],
        "rule": hit["rule"],
        "terms": hit["terms"],
    } | quote_hit(hit, speakers)


def stored_speakers(db) -> Speakers:
    """Our domains as the database knows them (the accounts' addresses) when no config says."""
    domains = {r[0].rpartition("@")[2].lower() for r in db.execute("SELECT email FROM accounts") if "@" in r[0]}
    return Speakers(frozenset(domains))
