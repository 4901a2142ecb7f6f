"""Set-based recomputation of customers (all, or those a refresh touched).

Counts, first and last contact each way, whose turn, reply latency; then the profile
(name, country, time zone, language, owner) from the mail's facts and the contacts'
stated details (country and zone weighed in location.py); then the effective values, where what a person set wins. A few grouped
queries per part of PART customers, so a refresh stays fast, and flat in memory, on
100,000 messages.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from operator import itemgetter
from typing import Iterator

from ..streams import Merge, groups, id_ranges, spans, within
from .country import country_from_domain, phone_place, zone_for
from .location import Clue, weigh
from .signature import normalize_company


def touch(db, ids: set[int] | None) -> tuple[str, str]:
    """Restrict the recomputation to some customers: SQL snippets for customer columns.

    ids None means every customer; the set goes to a temp table so that the
    grouped queries below stay single statements however many ids there are.
    """
    if ids is None:
        return "", ""
    db.execute("DROP TABLE IF EXISTS temp._touched")
    db.execute("CREATE TEMP TABLE _touched (id INTEGER PRIMARY KEY)")
    db.conn.executemany("INSERT INTO _touched VALUES (?)", [(i,) for i in ids])
    return " AND mc.customer IN (SELECT id FROM _touched)", " AND id IN (SELECT id FROM _touched)"


# Customers recomputed per statement. The latency and owner queries sort and window every
# conversation message they read: over all customers at once SQLite's memory grew with the
# mailbox (34 MB at 200,000 messages); a part of 1,000 customers keeps it flat.
PART = 1000


def customer_parts(db, ids: set[int] | None) -> Iterator[tuple[str, str]]:
    """(message_customers clause, customers clause) for each part of the customers recomputed."""
    only_mc, only_id = touch(db, ids)
    every = ids if ids is not None else [row[0] for row in db.execute("SELECT id FROM customers")]
    for span in spans(every, PART):
        yield only_mc + within(span, "mc.customer"), only_id + within(span, "id")


def update_aggregates(db, ids: set[int] | None = None) -> None:
    """Counts, first/last contact each way, whose turn, and reply latency (all customers, or `ids`).

    Automated mail (auto-replies, list mail) is in the timeline but not counted.
    """
    if ids is not None and not ids:
        return
    for only_mc, only_id in customer_parts(db, ids):
        update_counts(db, only_mc, only_id)
        update_latency(db, only_mc, only_id)


def update_counts(db, only_mc: str = "", only_id: str = "") -> None:
    """Messages each way, threads, attachments, first and last contact, whose turn."""
    db.execute("DROP TABLE IF EXISTS temp._agg")
    db.execute(
        "CREATE TEMP TABLE _agg AS SELECT mc.customer AS customer, "
        "sum(m.direction = 'in') AS n_in, sum(m.direction = 'out') AS n_out, "
        "count(DISTINCT m.thread_id) AS threads, sum(m.attachment_count) AS attachments, "
        "min(CASE WHEN m.direction = 'in' THEN m.date END) AS first_in, "
        "max(CASE WHEN m.direction = 'in' THEN m.date END) AS last_in, "
        "min(CASE WHEN m.direction = 'out' THEN m.date END) AS first_out, "
        "max(CASE WHEN m.direction = 'out' THEN m.date END) AS last_out "
        "FROM message_customers mc JOIN messages m ON m.id = mc.message "
        f"WHERE mc.automated = 0 AND m.direction IN ('in', 'out'){only_mc} GROUP BY mc.customer"
    )
    db.execute("CREATE INDEX temp._agg_customer ON _agg (customer)")
    db.execute("DROP TABLE IF EXISTS temp._last")
    db.execute(
        "CREATE TEMP TABLE _last AS SELECT customer, message, direction FROM ("
        " SELECT mc.customer, m.id AS message, m.direction, row_number() OVER ("
        "  PARTITION BY mc.customer ORDER BY m.date DESC, m.id DESC) AS rn "
        " FROM message_customers mc JOIN messages m ON m.id = mc.message "
        f" WHERE mc.automated = 0 AND m.direction IN ('in', 'out'){only_mc}) WHERE rn = 1"
    )
    db.execute("CREATE INDEX temp._last_customer ON _last (customer)")
    db.execute(
        "UPDATE customers SET messages_in = 0, messages_out = 0, threads = 0, attachments = 0, "
        "first_in = NULL, last_in = NULL, first_out = NULL, last_out = NULL, last_message = NULL, "
        "last_direction = NULL, turn = NULL, their_reply_hours = NULL, our_reply_hours = NULL "
        f"WHERE id NOT IN (SELECT customer FROM _agg){only_id}"
    )
    db.execute(
        "UPDATE customers SET messages_in = a.n_in, messages_out = a.n_out, threads = a.threads, "
        "attachments = a.attachments, first_in = a.first_in, last_in = a.last_in, "
        "first_out = a.first_out, last_out = a.last_out, last_message = l.message, "
        "last_direction = l.direction, turn = CASE l.direction WHEN 'in' THEN 'us' ELSE 'them' END "
        "FROM _agg a JOIN _last l ON l.customer = a.customer WHERE a.customer = customers.id"
    )
    update_contacts(db, only_mc.replace("mc.customer", "n.customer"))


def update_contacts(db, only_n: str = "") -> None:
    """Calls, visits, meetings, chats and faxes (customers/contacts.py) count like mail in the
    last contact each way and whose turn it is; a contact as late as a message comes after it."""
    db.execute("DROP TABLE IF EXISTS temp._contacted")
    db.execute(
        "CREATE TEMP TABLE _contacted AS SELECT n.customer AS customer, "
        "max(CASE WHEN n.direction = 'in' THEN n.at END) AS last_in, "
        "max(CASE WHEN n.direction = 'out' THEN n.at END) AS last_out FROM notes n "
        f"WHERE n.kind != 'note' AND n.direction IN ('in', 'out'){only_n} GROUP BY n.customer"
    )
    contact, mail = (
        "max(coalesce(x.last_in, ''), coalesce(x.last_out, ''))",
        "max(coalesce(customers.last_in, ''), coalesce(customers.last_out, ''))",
    )
    latest_in = "coalesce(x.last_in, '') > coalesce(x.last_out, '')"
    db.execute(
        "UPDATE customers SET "
        "last_in = nullif(max(coalesce(customers.last_in, ''), coalesce(x.last_in, '')), ''), "
        "last_out = nullif(max(coalesce(customers.last_out, ''), coalesce(x.last_out, '')), ''), "
        f"turn = CASE WHEN {contact} >= {mail} THEN CASE WHEN {latest_in} THEN 'us' ELSE 'them' END ELSE turn END, "
        f"last_direction = CASE WHEN {contact} >= {mail} THEN CASE WHEN {latest_in} THEN 'in' ELSE 'out' END "
        "ELSE last_direction END FROM _contacted x WHERE x.customer = customers.id"
    )


def update_latency(db, only_mc: str = "", only_id: str = "") -> None:
    """Median hours from the first unanswered message of one side to the other side's answer."""
    rows = db.execute(
        "WITH seq AS ("
        " SELECT mc.customer, m.thread_id, m.date, m.direction, "
        "  lag(m.direction) OVER (PARTITION BY mc.customer, m.thread_id ORDER BY m.date, m.id) AS prev "
        " FROM message_customers mc JOIN messages m ON m.id = mc.message "
        f" WHERE mc.automated = 0 AND m.direction IN ('in', 'out') AND m.date IS NOT NULL{only_mc}), "
        "starts AS (SELECT customer, thread_id, date, direction FROM seq "
        " WHERE prev IS NULL OR prev != direction), "
        "pairs AS (SELECT customer, direction, "
        " (julianday(date) - julianday(lag(date) OVER w)) * 24 AS hours, lag(direction) OVER w AS before "
        " FROM starts WINDOW w AS (PARTITION BY customer, thread_id ORDER BY date)) "
        "SELECT customer, direction, hours FROM pairs WHERE before IS NOT NULL AND before != direction "
        "AND hours >= 0 ORDER BY customer"
    )
    updates = [(*reply_medians(samples), customer) for customer, samples in groups(rows)]
    db.execute(f"UPDATE customers SET their_reply_hours = NULL, our_reply_hours = NULL WHERE 1{only_id}")
    db.conn.executemany("UPDATE customers SET their_reply_hours = ?, our_reply_hours = ? WHERE id = ?", updates)


def reply_medians(samples: list[tuple]) -> tuple[float | None, float | None]:
    """(their, our) median reply hours: an 'out' answering an 'in' is our latency, an 'in' theirs."""
    hours: dict[str, list[float]] = {"in": [], "out": []}
    for _, direction, value in samples:
        hours[direction].append(value)
    return tuple(
        round(statistics.median(hours[side]), 1) if hours[side] else None  # type: ignore[return-value]
        for side in ("in", "out")
    )


def owner_votes(db, account_owners: dict[str, str], only_mc: str = "") -> dict[int, str]:
    """The salesperson whose mailboxes hold most of each customer's mail (latest wins ties)."""
    rows = db.execute(
        "SELECT mc.customer, f.account, count(DISTINCT mc.message), max(m.date) "
        "FROM message_customers mc JOIN messages m ON m.id = mc.message "
        "JOIN locations l ON l.message = mc.message JOIN folders f ON f.id = l.folder "
        f"WHERE mc.automated = 0{only_mc} GROUP BY mc.customer, f.account"
    ).fetchall()
    known = dict(db.execute("SELECT name, owner FROM accounts").fetchall())
    totals: dict[int, dict[str, list]] = defaultdict(dict)
    for customer, account, count, last in rows:
        owner = account_owners.get(account) or known.get(account)
        if not owner:
            continue  # imported without --account: no salesperson to credit
        entry = totals[customer].setdefault(owner, [0, ""])
        entry[0] += count
        entry[1] = max(entry[1], last or "")
    return {
        customer: max(owners.items(), key=lambda item: (item[1][0], item[1][1]))[0]
        for customer, owners in totals.items()
    }


def update_profiles(db, own_company: str, account_owners: dict[str, str], ids: set[int] | None = None) -> None:
    """Name, country, time zone, language and owner (all customers, or `ids`), then the effective values.

    Mail facts and stated contact details are read ordered by customer and
    merged one customer at a time, so memory does not grow with the mailbox.
    """
    if ids is not None and not ids:
        return
    for only_mc, only_id in customer_parts(db, ids):
        update_profile_part(db, own_company, account_owners, only_mc, only_id)
    apply_effective(db, None if ids is None else sorted(ids))


def update_profile_part(db, own_company: str, account_owners: dict[str, str], only_mc: str, only_id: str) -> None:
    """update_profiles for the customers the clauses select."""
    only_contact = only_mc.replace("mc.customer", "c.customer")
    # CROSS JOIN keeps contacts (by their customer index) outermost: rows come in customer order, unsorted.
    mail = Merge(
        db.execute(
            "SELECT c.customer, f.message, f.company, f.language, f.phone, m.date, f.utc_offset, "
            "f.place, f.place_country, f.place_zone "
            "FROM contacts c CROSS JOIN message_facts f ON f.contact = c.id CROSS JOIN messages m ON m.id = f.message "
            f"WHERE c.customer IS NOT NULL AND f.automated = 0{only_contact} ORDER BY c.customer"
        )
    )
    stated = Merge(
        db.execute(
            "SELECT customer, name, company, country, source FROM contacts c "
            f"WHERE customer IS NOT NULL{only_contact} ORDER BY customer"
        )
    )
    keys = Merge(
        db.execute(
            "SELECT customer, key FROM customer_keys k "
            f"WHERE 1{only_mc.replace('mc.customer', 'k.customer')} ORDER BY customer, key"
        )
    )
    owners = owner_votes(db, account_owners, only_mc)
    ours = normalize_company(own_company) if own_company else ""
    updates = []
    for cid, key, kind, owner_auto in db.execute(
        f"SELECT id, key, kind, owner_auto FROM customers WHERE 1{only_id} ORDER BY id"
    ).fetchall():
        found, said = mail_facts(mail.take(cid)), stated_facts(stated.take(cid))
        name = pick_name(kind, key, found["company"], said, ours)
        language = pick_language(found)
        domains = [row[1] for row in keys.take(cid)] or [key]
        clues = location_clues(kind, domains, said, found)
        verdict = weigh(clues, list(found["offsets"].elements()), language, own_clock=kind == "company")
        updates.append(
            (name, verdict.country, verdict.source, verdict.zone, verdict.as_json(), language)
            + (owners.get(cid) or owner_auto, cid)
        )
    db.conn.executemany(
        "UPDATE customers SET name_auto = ?, country_auto = ?, country_source = ?, timezone_auto = ?, "
        "country_evidence = ?, language_auto = ?, owner_auto = ? WHERE id = ?",
        updates,
    )


def mail_facts(rows: list[tuple]) -> dict[str, Counter]:
    """Company names, languages, phones and addresses' places seen in one customer's mail, and
    Date offsets. Counted in message order, so ties resolve to what was seen first; phones and
    places count (messages, latest message)."""
    found: dict[str, Counter] = defaultdict(Counter)
    for _, message, company, language, phone, offset_date, offset, place, place_country, place_zone in sorted(
        rows, key=itemgetter(1)
    ):
        if company:
            found["company"][company] += 1
        if language:
            found["language"][language] += 1
            found["language_last"][language] = (offset_date or "", message)
        if phone:
            found["phone"][phone] += 1
            found["phone_last"][phone] = message
        if place and place_country:
            found["place"][(place, place_country, place_zone)] += 1
            found["place_last"][(place, place_country, place_zone)] = message
        if offset is not None and offset_date:
            found["offsets"][(offset_date, offset)] += 1
    return found


def pick_language(found: dict[str, Counter]) -> str | None:
    """The language their people write most; a tie goes to the one they wrote last (by date),
    not to the one first seen: a customer merged from a company address and a buyer's private
    one counts both addresses' mail, and what they write now decides between equals."""
    if not found["language"]:
        return None
    return max(found["language"], key=lambda lang: (found["language"][lang], found["language_last"][lang]))


def stated_facts(rows: list[tuple]) -> dict[str, Counter]:
    """What one customer's contact records state: company, country (and who stated it), name."""
    said: dict[str, Counter] = defaultdict(Counter)
    for _, name, company, country, source in rows:
        if company:
            said["company"][company] += 1
        if country:
            said["country"][(country, source or "")] += 1
        if name:
            said["name"][name] += 1
    return said


CLUES_PER_KIND = 5  # the clues of one kind kept as evidence, most seen first


def location_clues(kind: str, domains: list[str], said: dict, found: dict) -> list[Clue]:
    """What says where a customer is: stated countries, their domains, addresses and phones."""
    clues = [Clue("stated", country, source, messages=n) for (country, source), n in said["country"].most_common()]
    if kind == "company":
        clues += [Clue("domain", country_from_domain(d), d) for d in domains if "@" not in d and ":" not in d]
    for (text, country, zone_name), n in found["place"].most_common(CLUES_PER_KIND):
        last = found["place_last"][(text, country, zone_name)]
        clues.append(Clue("address", country, text, (zone_name,) if zone_name else (), n, last))
    for phone, n in found["phone"].most_common(CLUES_PER_KIND):
        place = phone_place(phone)
        if place:
            clues.append(Clue("phone", place.country, phone, place.zones, n, found["phone_last"][phone]))
    return clues


def apply_effective(db, ids: list[int] | None = None) -> None:
    """Effective values: what a person set wins over what the mail says."""
    if ids is not None and not ids:
        return
    where = ""
    if ids is not None:
        touch(db, set(ids))
        where = "AND id IN (SELECT id FROM _touched)"
    # A part at a time: every customer's row and its update at once was 8 MB at 200,000 messages.
    for low, high in id_ranges(db, "customers", PART):
        apply_effective_range(db, low, high, where)


def apply_effective_range(db, low: int, high: int, where: str) -> None:
    rows = db.execute(
        "SELECT id, name_override, name_auto, country_override, country_auto, timezone_override, "
        "timezone_auto, language_override, language_auto, owner_override, owner_auto, grade_override, "
        f"grade_auto FROM customers WHERE id BETWEEN ? AND ? {where}",
        [low, high],
    ).fetchall()
    updates = []
    for (
        cid,
        name_o,
        name_a,
        country_o,
        country_a,
        zone_o,
        zone_a,
        lang_o,
        lang_a,
        owner_o,
        owner_a,
        grade_o,
        grade_a,
    ) in rows:
        country = country_o or country_a
        zone_name = zone_o or (zone_a if not country_o or country_o == country_a else zone_for(country_o))
        updates.append(
            (name_o or name_a, country, zone_name, lang_o or lang_a, owner_o or owner_a, grade_o or grade_a, cid)
        )
    db.conn.executemany(
        "UPDATE customers SET name = ?, country = ?, timezone = ?, language = ?, owner = ?, grade = ? WHERE id = ?",
        updates,
    )


def pick_name(kind: str, key: str, signed: Counter, stated: dict, ours: str) -> str:
    """Company as they sign it; else as stated (card, platform); else display name or domain."""
    candidates = [(n, c) for n, c in signed.most_common() if normalize_company(n) != ours]
    if candidates:
        best = max(candidates, key=lambda item: (item[1], len(item[0])))
        return best[0]
    if stated["company"]:
        return stated["company"].most_common(1)[0][0]
    if kind == "person" and stated["name"]:
        return stated["name"].most_common(1)[0][0]
    if kind == "lead" and stated["name"]:
        return stated["name"].most_common(1)[0][0]
    return key.removeprefix("lead:")
