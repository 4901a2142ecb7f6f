"""What people decide and the mail cannot tell: merge, split, set fields, notes, ignore.

Each change holds the database lock, runs in one transaction, then refreshes so that
counts and links follow. Decisions live in their own rows (customer_keys, ignores,
overrides, notes, events) and survive a full rebuild.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterator

from ..clock import utcnow
from ..config import Config
from ..db import transaction
from ..errors import MailcrmError, NotFoundError
from ..lock import database_lock
from ..mail.addresses import (
    Classifier,
    check_ignore_target,
    customer_settings,
    looks_like_domain,
    looks_like_email,
    registrable_domain,
)
from .aggregates import apply_effective
from .country import country_code
from .filing import rebuild_message_customers, refresh
from .keys import add_event, customer_keys, ensure_customer, mark_dirty, register_functions
from .merging import find_merge, keep_apart, merge_recorded, merges_of, undo_merge
from .lookup import find_customer, profile, resolve_owner
from .triage import promote_key

STAGES = ("inquiry", "quotation", "sample", "negotiation", "order", "shipment", "after-sales")
GRADES = ("A", "B", "C")
CREDIT_LISTS = ("red", "grey", "black")
CLEAR = ("", "none", "-", "clear")


@contextmanager
def changing(db, config: Config, what: str) -> Iterator[None]:
    """Hold the lock, change in one transaction, then refresh so counts and links follow."""
    with database_lock(config.database_path, what):
        with transaction(db):
            yield
        refresh(db, config, lock=False)


def merge(db, config: Config, keep_ref: str, other_ref: str) -> dict:
    keep = find_customer(db, keep_ref)
    other = find_customer(db, other_ref)
    if keep["id"] == other["id"]:
        raise MailcrmError(f"{keep_ref} and {other_ref} are the same customer ({keep['key']})")
    with changing(db, config, "customers merge"):
        moved = merge_recorded(db, keep, other, "manual", "", automatic=False)
        rebuild_for_contacts(db, moved)
    return profile(db, keep["key"])


def rebuild_for_contacts(db, contacts: set[int]) -> None:
    if contacts:
        mark_dirty(db, rebuild_message_customers(db, 1 << 62, contacts))


def split(db, config: Config, ref: str, part: str | None = None) -> dict:
    """Undo a merge (automatic or by hand), or take a domain or an address out of a customer
    into its own customer. Either way the two are never merged automatically again.

    ``part``: the merged customer's key, a domain or an address; None when the customer has
    one merge only (or ``ref`` names the merged key itself).
    """
    customer = find_customer(db, ref)
    if part is None:
        named = ref.strip().lower().lstrip("@")
        if named != customer["key"] and find_merge(db, customer["id"], named):
            part = named
    part = part.strip().lower().lstrip("@") if part else None
    merge = find_merge(db, customer["id"], part)
    if merge is not None:
        with changing(db, config, "customers split"):
            rebuild_for_contacts(db, undo_merge(db, customer["id"], merge))
        return profile(db, merge["key"])
    if part is None:
        merges = merges_of(db, customer["id"])
        if not merges:
            raise MailcrmError(f"nothing was merged into {customer['key']}: name a domain or an address to split off")
        keys = ", ".join(m["key"] for m in merges)
        raise MailcrmError(f"{customer['key']} holds several merges ({keys}): say which with --from KEY")
    return split_part(db, config, customer, part)


def split_part(db, config: Config, customer: dict, part: str) -> dict:
    """Take a domain or an address (no merge of its own brought it) into its own customer."""
    classifier = Classifier(config)
    with changing(db, config, "customers split"):
        if looks_like_email(part):
            contact = db.execute("SELECT id, customer FROM contacts WHERE email = ?", [part]).fetchone()
            if not contact or contact[1] != customer["id"]:
                raise MailcrmError(f"{part} is not a contact of {customer['key']}")
            keys = {part}
            contact_ids = {contact[0]}
        elif looks_like_domain(part):
            domain = registrable_domain(part)
            if domain == customer["key"] and len(customer_keys(db, customer["id"])) == 1:
                raise MailcrmError(f"{domain} is the only domain of {customer['key']}: nothing to split from")
            owned = db.execute(
                "SELECT 1 FROM customer_keys WHERE key = ? AND customer = ?", [domain, customer["id"]]
            ).fetchone()
            if not owned:
                raise MailcrmError(f"{domain} is not a domain of {customer['key']}")
            keys = {domain}
            contact_ids = {
                row[0]
                for row in db.execute(
                    "SELECT id FROM contacts WHERE customer = ? AND key = ?", [customer["id"], domain]
                )
            }
        else:
            raise MailcrmError(f"{part!r} is neither an address nor a domain")
        new_key = part if "@" in part else registrable_domain(part)
        db.execute("DELETE FROM customer_keys WHERE key IN (%s)" % ",".join("?" * len(keys)), list(keys))
        source = "mail" if classifier.classify(part if "@" in part else f"x@{part}")[0] == "external" else "manual"
        new = ensure_customer(db, new_key, source)
        db.execute(
            "UPDATE contacts SET customer = ?, pinned = ? WHERE id IN (%s)" % ",".join("?" * len(contact_ids)),
            [new, int("@" in part), *contact_ids],
        )
        mark_dirty(db, {customer["id"], new})
        add_event(db, customer["id"], "split", f"{part} split off into its own customer", {"key": new_key})
        add_event(db, new, "split", f"split off from {customer['key']}", {"from": customer["key"]})
        keep_apart(db, customer["key"], new_key)
        rebuild_for_contacts(db, contact_ids)
    return profile(db, new_key)


def parse_next_contact(value: str, today: date | None = None) -> str:
    today = today or date.today()
    match = re.fullmatch(r"\+?(\d+)\s*([dwm])", value.strip().lower())
    if match:
        n, unit = int(match.group(1)), match.group(2)
        days = n * {"d": 1, "w": 7, "m": 30}[unit]
        return (today + timedelta(days=days)).isoformat()
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise MailcrmError(f"next contact {value!r}: use YYYY-MM-DD or +14d / +2w / +3m") from None


@dataclass
class Changes:
    name: str | None = None
    country: str | None = None
    timezone: str | None = None
    language: str | None = None
    owner: str | None = None
    stage: str | None = None
    grade: str | None = None
    next_contact: str | None = None
    credit: str | None = None


def set_fields(db, config: Config, ref: str, changes: Changes, today: date | None = None) -> dict:
    """Set what a person knows better than the mail; an empty value ('' / none) clears it."""
    customer = find_customer(db, ref)
    columns = validate_changes(config, changes, today)
    if not columns:
        raise MailcrmError("nothing to set: give at least one option (see --help)")
    with database_lock(config.database_path, "customers set"), transaction(db):
        assignments = ", ".join(f"{column} = ?" for column in columns)
        db.execute(f"UPDATE customers SET {assignments} WHERE id = ?", [*columns.values(), customer["id"]])
        for column, value in columns.items():
            label = column.removesuffix("_override")
            add_event(
                db,
                customer["id"],
                "stage" if column == "stage" else "set",
                f"{label}: {customer.get(label) or '—'} → {value or '(inferred)'}",
                {"field": label, "old": customer.get(label), "new": value},
            )
        apply_effective(db, [customer["id"]])
    return profile(db, customer["key"])


def validate_changes(config: Config, changes: Changes, today: date | None) -> dict:
    columns: dict[str, str | None] = {}

    def given(value):
        return value is not None

    def cleared(value: str) -> bool:
        return value.strip().lower() in CLEAR

    if given(changes.name):
        columns["name_override"] = None if cleared(changes.name) else changes.name.strip()
    if given(changes.country):
        code = None if cleared(changes.country) else country_code(changes.country)
        if not cleared(changes.country) and not code:
            raise MailcrmError(f"unknown country {changes.country!r} (use a code like DE or a name like Germany)")
        columns["country_override"] = code
    if given(changes.timezone):
        if not cleared(changes.timezone):
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(changes.timezone.strip())
            except (ZoneInfoNotFoundError, ValueError):
                raise MailcrmError(f"unknown time zone {changes.timezone!r} (e.g. Europe/Berlin)") from None
        columns["timezone_override"] = None if cleared(changes.timezone) else changes.timezone.strip()
    if given(changes.language):
        value = changes.language.strip().lower()
        value = value.replace("-", "_")
        if not cleared(value) and not re.fullmatch(r"[a-z]{2}(_[a-z]{2})?", value):
            raise MailcrmError(f"language {changes.language!r}: use a code such as de, es, zh, zh_tw")
        columns["language_override"] = None if cleared(value) else value
    if given(changes.owner):
        columns["owner_override"] = None if cleared(changes.owner) else resolve_owner(config, changes.owner.strip())
    if given(changes.stage):
        value = changes.stage.strip().lower()
        if not cleared(value) and value not in STAGES:
            raise MailcrmError(f"unknown stage {changes.stage!r} (one of: {', '.join(STAGES)})")
        columns["stage"] = None if cleared(value) else value
    if given(changes.grade):
        value = changes.grade.strip().upper()
        if not cleared(value) and value not in GRADES:
            raise MailcrmError(f"grade {changes.grade!r}: one of {', '.join(GRADES)}")
        columns["grade_override"] = None if cleared(value) else value
    if given(changes.next_contact):
        columns["next_contact"] = (
            None if cleared(changes.next_contact) else parse_next_contact(changes.next_contact, today)
        )
    if given(changes.credit):
        value = changes.credit.strip().lower().replace("gray", "grey")
        if not cleared(value) and value not in CREDIT_LISTS:
            raise MailcrmError(f"credit list {changes.credit!r}: one of {', '.join(CREDIT_LISTS)} (or none)")
        columns["credit_list"] = None if cleared(value) else value
    return columns


@dataclass
class IgnoreResult:
    target: str
    kind: str
    undone: bool
    customers: list[str] = field(default_factory=list)  # customers now ignored (or active again)
    contacts: int = 0


def ignore(db, config: Config, target: str, *, reason: str | None = None, undo: bool = False) -> IgnoreResult:
    """Mark an address or a domain as not a customer (supplier, forwarder, colleague)."""
    classifier = Classifier(config)
    target, kind = check_ignore_target(classifier, target)
    if undo and target in classifier.settings.ignore:
        raise MailcrmError(f"{target} is ignored in the config file ([customers] ignore): remove it there")
    with changing(db, config, "customers ignore"):
        if undo:
            if not db.execute("DELETE FROM ignores WHERE target = ? RETURNING target", [target]).fetchall():
                raise NotFoundError(f"{target} is not ignored")
        else:
            db.execute(
                "INSERT INTO ignores (target, kind, reason, created) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (target) DO UPDATE SET reason = excluded.reason",
                [target, kind, reason, utcnow()],
            )
        register_functions(db, classifier, config)
        status = "ignored" if undo else "active"
        affected = db.execute(
            "SELECT id, key FROM customers WHERE status = ? AND mc_ignored_key(key) = ?", [status, 0 if undo else 1]
        ).fetchall()
        for pk, _ in affected:
            text = (
                f"no longer ignored ({target})"
                if undo
                else f"ignored: not a customer ({target}{': ' + reason if reason else ''})"
            )
            add_event(db, pk, "ignore", text, {"target": target, "undo": undo})
    contacts = db.execute(
        "SELECT count(*) FROM contacts WHERE ignored = ? AND (email = ? OR key = ? OR email LIKE ?)",
        [0 if undo else 1, target, target, f"%@%{target}"],
    ).fetchone()[0]
    return IgnoreResult(target, kind, undo, [key for _, key in affected], contacts)


def promote(db, config: Config, target: str) -> dict:
    """Make a customer of a sender the triage held back (pending, or set aside as spam, a forwarder …)."""
    classifier = Classifier(config)
    target = target.strip().lower().lstrip("@")
    if looks_like_email(target):
        kind, key = classifier.classify(target)
        if kind != "external":
            raise MailcrmError(f"{target} is {'one of our addresses' if kind == 'own' else f'a {kind} sender'}")
    elif looks_like_domain(target):
        key = registrable_domain(target)
    else:
        raise MailcrmError(f"{target!r} is neither an address nor a domain")
    if db.execute("SELECT 1 FROM customer_keys WHERE key = ?", [key]).fetchone():
        raise MailcrmError(f"{key} is a customer already")
    if not db.execute("SELECT 1 FROM contacts WHERE key = ?", [key]).fetchone():
        raise NotFoundError(f"no mail from {key}: nothing to promote (see `mailcrm customers pending --all`)")
    if db.execute("SELECT 1 FROM contacts WHERE key = ? AND ignored = 1", [key]).fetchone():
        raise MailcrmError(f"{key} is ignored: `mailcrm customers ignore {key} --undo` first")
    verdict = db.execute("SELECT verdict, reason FROM triage WHERE key = ?", [key]).fetchone()
    why = f"promoted by hand (the triage had: {verdict[0]}, {verdict[1]})" if verdict else "promoted by hand"
    with changing(db, config, "customers promote"):
        promote_key(db, key, why, {"verdict": verdict[0] if verdict else None})
    return profile(db, key)


def ignored_list(db, config: Config) -> list[dict]:
    rows = [
        dict(row, origin="database")
        for row in db.query("SELECT target, kind, reason, created FROM ignores ORDER BY target")
    ]
    settings = customer_settings(config)
    rows += [
        {
            "target": t,
            "kind": "address" if "@" in t else "domain",
            "reason": "config file",
            "created": None,
            "origin": "config",
        }
        for t in settings.ignore
    ]
    return rows
