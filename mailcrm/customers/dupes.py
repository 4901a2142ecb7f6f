"""Probable duplicates (查重): customers that are probably one company, where the evidence
is not strong enough to merge them automatically (merging.py does that during the refresh).
Suggestions only: a person merges them with `mailcrm customers merge`; a pair a person split
apart is not suggested again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .merging import apart_pairs, thread_continuations
from .signature import normalize_company


@dataclass
class Dupe:
    keep: str  # the company (or the customer with more mail)
    other: str
    keep_name: str
    other_name: str
    reasons: list[str]

    @property
    def command(self) -> str:
        return f"mailcrm customers merge {self.keep} {self.other}"


def find_dupes(db) -> list[Dupe]:
    """Customers that are probably one company: same name across domains, free-mail
    contacts who sign for a known company, the same person or phone under two customers, a
    colleague answering in a thread we had with the other customer."""
    customers = {
        row["id"]: row
        for row in db.query(
            "SELECT id, key, kind, name, messages_in + messages_out AS messages FROM customers WHERE status = 'active'"
        )
    }
    pairs: dict[tuple[int, int], list[str]] = defaultdict(list)

    def add(a: int, b: int, reason: str) -> None:
        if a == b or a not in customers or b not in customers:
            return
        pair = tuple(sorted((a, b)))
        if reason not in pairs[pair]:
            pairs[pair].append(reason)

    names: dict[str, set[int]] = defaultdict(set)
    shown: dict[str, str] = {}
    for pk, row in customers.items():
        if row["name"] and normalize_company(row["name"]) and row["name"] != row["key"]:
            names[normalize_company(row["name"])].add(pk)
            shown[normalize_company(row["name"])] = row["name"]
    signed = db.execute(
        "SELECT customer, company, website, name, phone, email FROM contacts WHERE customer IS NOT NULL"
    ).fetchall()
    for customer, company, _, _, _, _ in signed:
        if company and len(normalize_company(company)) >= 3:
            names[normalize_company(company)].add(customer)
            shown.setdefault(normalize_company(company), company)
    for norm, members in names.items():
        if len(norm) < 3 or len(members) < 2:
            continue
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                kinds = {customers[a]["kind"], customers[b]["kind"]} if a in customers and b in customers else set()
                if "person" in kinds and "company" in kinds:
                    person = a if customers[a]["kind"] == "person" else b
                    add(a, b, f"{customers[person]['key']} (free mail) signs for “{shown[norm]}”")
                else:
                    add(a, b, f"same company name “{shown[norm]}”")
    by_key = {row["key"]: pk for pk, row in customers.items()}
    for customer, _, website, _, _, email in signed:
        if website and website in by_key and by_key[website] != customer:
            add(customer, by_key[website], f"{email} gives the website {website} in the signature")
    labels: dict[str, set[int]] = defaultdict(set)
    for pk, row in customers.items():
        if row["kind"] == "company":
            label = row["key"].split(".")[0]
            if len(label) >= 4:
                labels[label].add(pk)
    for label, members in labels.items():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                add(a, b, f"same name under two domains: {customers[a]['key']}, {customers[b]['key']}")
    people: dict[str, set[int]] = defaultdict(set)
    phones: dict[str, set[int]] = defaultdict(set)
    for customer, _, _, name, phone, _ in signed:
        tokens = " ".join(sorted(t for t in re.split(r"\W+", (name or "").casefold()) if len(t) > 1))
        if tokens.count(" ") >= 1:
            people[tokens].add(customer)
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) >= 8:
            phones[digits].add(customer)
    for groups, label in ((people, "the same person"), (phones, "the same phone number")):
        for value, members in groups.items():
            ordered = sorted(members)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    add(a, b, f"{label} under both" + (f" (+{value})" if groups is phones else ""))
    for candidate, _same in thread_continuations(db):
        # A colleague from the other domain (the same person was merged already). Between free-mail
        # senders it is a friend the offer was passed to ("Priya passed me your offer"), not a duplicate.
        kinds = {customers.get(candidate.a, {}).get("kind"), customers.get(candidate.b, {}).get("kind")}
        if kinds == {"company"}:
            add(candidate.a, candidate.b, candidate.evidence)
    dupes = []
    apart = apart_pairs(db)
    for (a, b), reasons in pairs.items():
        first, second = customers[a], customers[b]
        if tuple(sorted((first["key"], second["key"]))) in apart:
            continue  # a person decided: two customers
        # Keep the company over a free-mail person or a lead, then the one with more mail.
        rank = {"company": 0, "person": 1, "lead": 2}
        keep, other = sorted((first, second), key=lambda c: (rank[c["kind"]], -c["messages"], c["id"]))
        dupes.append(Dupe(keep["key"], other["key"], keep["name"], other["name"], reasons))
    dupes.sort(key=lambda d: (-len(d.reasons), d.keep, d.other))
    return dupes
