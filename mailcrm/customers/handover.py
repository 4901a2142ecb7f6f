"""Hand-over when a salesperson leaves: ownership moves, and the new owner gets a brief
per customer (who they are, contacts, last exchanges, open threads, orders, what is pending).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..config import Config
from ..db import transaction
from ..errors import MailcrmError, NotFoundError
from ..lock import database_lock
from .aggregates import apply_effective
from . import documents
from .country import country_name
from .keys import add_event
from .contacts import describe
from .lookup import find_customer, profile, resolve_owner, summary_line, timeline

LANGUAGES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "tr": "Turkish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "fa": "Persian",
    "he": "Hebrew",
    "th": "Thai",
    "vi": "Vietnamese",
    "id": "Indonesian",
    "sv": "Swedish",
    "el": "Greek",
    "hi": "Hindi",
}


@dataclass
class Brief:
    key: str
    name: str
    path: str
    markdown: str = field(repr=False, default="")


@dataclass
class HandoverResult:
    from_owner: str
    to_owner: str
    directory: str
    briefs: list[Brief] = field(default_factory=list)


def handover(
    db,
    config: Config,
    from_owner: str,
    to_owner: str,
    *,
    customer: str | None = None,
    directory: Path | None = None,
    today: date | None = None,
) -> HandoverResult:
    """Move the customers of `from_owner` (or one of them) to `to_owner` and write the briefs."""
    source = resolve_owner(config, from_owner)
    target = resolve_owner(config, to_owner)
    if source.lower() == target.lower():
        raise MailcrmError(f"{source} would hand over to themselves")
    if customer:
        chosen = [find_customer(db, customer)]
        if (chosen[0]["owner"] or "").lower() != source.lower():
            raise MailcrmError(f"{chosen[0]['key']} is owned by {chosen[0]['owner'] or 'nobody'}, not {source}")
    else:
        chosen = [
            dict(row)
            for row in db.query(
                "SELECT * FROM customers WHERE status = 'active' AND lower(owner) = lower(?) ORDER BY name", [source]
            )
        ]
        if not chosen:
            owners = [
                row[0]
                for row in db.execute(
                    "SELECT DISTINCT owner FROM customers WHERE status = 'active' AND owner IS NOT NULL ORDER BY owner"
                )
            ]
            raise NotFoundError(f"{source} owns no customers (owners: {', '.join(owners) or 'none yet'})")
    today = today or date.today()
    folder = Path(directory or f"handover-{slug(source)}-to-{slug(target)}-{today.isoformat()}")
    folder.mkdir(parents=True, exist_ok=True)
    result = HandoverResult(source, target, str(folder))
    with database_lock(config.database_path, "handover"):
        for row in chosen:
            text = brief_markdown(db, row["key"], source, target, today)
            path = folder / f"{slug(row['key'])}.md"
            path.write_text(text, encoding="utf-8")
            result.briefs.append(Brief(row["key"], row["name"], str(path), text))
        with transaction(db):
            for row in chosen:
                db.execute("UPDATE customers SET owner_override = ? WHERE id = ?", [target, row["id"]])
                add_event(
                    db, row["id"], "handover", f"handed over from {source} to {target}", {"from": source, "to": target}
                )
            apply_effective(db, [row["id"] for row in chosen])
    (folder / "README.md").write_text(index_markdown(result, today), encoding="utf-8")
    return result


def slug(text: str) -> str:
    return re.sub(r"[^\w.@-]+", "-", text.lower()).strip("-") or "customer"


def index_markdown(result: HandoverResult, today: date) -> str:
    lines = [
        f"# Hand-over from {result.from_owner} to {result.to_owner}",
        "",
        f"{today.isoformat()} — {len(result.briefs)} customers.",
        "",
    ]
    lines += [f"- [{b.name}]({Path(b.path).name}) — `{b.key}`" for b in result.briefs]
    return "\n".join(lines) + "\n"


def brief_markdown(db, key: str, from_owner: str, to_owner: str, today: date | None = None) -> str:
    """One customer's brief: who they are, contacts, last exchanges, open threads, orders, pending."""
    today = today or date.today()
    info = profile(db, key)
    events = timeline(db, key, limit=None)
    messages = [e for e in events if e["kind"] == "message"]
    lines = [
        f"# {info['name']} (`{info['key']}`)",
        "",
        f"Handed over from **{from_owner}** to **{to_owner}** on {today.isoformat()}.",
        "",
        "## Who they are",
        "",
    ]
    facts = [
        ("Domains / addresses", ", ".join(info["keys"]) or info["key"]),
        ("Country", f"{country_name(info['country'])} ({info['country']})" if info["country"] else "unknown"),
        ("Time zone", info["timezone"] or "unknown"),
        ("Language", LANGUAGES.get(info["language"] or "", info["language"] or "unknown")),
        ("Source", info["source"]),
        ("First contact", first(info["first_in"], info["first_out"])),
        ("Last contact", last(info["last_in"], info["last_out"])),
        ("Mail", f"{info['messages_in']} from them, {info['messages_out']} from us, {info['threads']} threads"),
        ("Reply time", reply_times(info)),
        ("Stage", info["stage"] or "—"),
        ("Grade", info["grade"] or "—"),
        ("Credit list", info["credit_list"] or "—"),
    ]
    lines += [f"- **{label}:** {value}" for label, value in facts]
    lines += ["", "## Contacts", ""]
    if info["contacts"]:
        lines += ["| name | address | role | phone | messages |", "| --- | --- | --- | --- | --- |"]
        lines += [
            f"| {cell(c['name'])} | {cell(c['email'])} | {cell(c['title'])} | {cell(c['phone'])} | {c['messages']} |"
            for c in info["contacts"]
        ]
    else:
        lines.append("No contacts with an address yet.")
    lines += ["", "## Pending", ""]
    lines += [f"- {item}" for item in pending(info, messages, today)] or ["- Nothing pending."]
    lines += ["", "## Open threads", ""]
    open_threads = threads_waiting(messages)
    lines += [f"- {item}" for item in open_threads] or ["- No open threads."]
    lines += ["", "## Last exchanges", ""]
    human = [m for m in messages if not m["automated"]][:10]
    if human:
        lines += ["| date | direction | from | subject | attachments |", "| --- | --- | --- | --- | --- |"]
        for m in human:
            arrow = (
                "← from them" if m["direction"] == "in" else "→ to them" if m["direction"] == "out" else m["direction"]
            )
            lines.append(
                f"| {(m['at'] or '')[:10]} | {arrow} | {cell(m['from_email'])} | {cell(m['subject'])} | "
                f"{cell(m['attachment_names'].replace(chr(10), ', '))} |"
            )
    else:
        lines.append("No mail exchanged yet.")
    lines += ["", "## Orders", ""]
    orders = [e for e in events if e["kind"] == "order"]
    if orders:
        lines += [
            "| date | product | quantity | amount | paid | outstanding |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {o['at']} | {cell(o['product'])} | {o['quantity'] if o['quantity'] is not None else ''} | "
            f"{amount_cell(o)} | {o['paid']:,.2f} | {o['outstanding']:,.2f} |"
            for o in orders
        ]
        for total in info["orders"]["by_currency"]:
            count = f"{total['orders']} order{'' if total['orders'] == 1 else 's'}"
            lines.append(
                f"\nTotal {total['currency']} {total['amount']:,.2f} in {count}, "
                f"outstanding {total['outstanding']:,.2f}."
            )
    else:
        lines.append("No orders recorded.")
    lines += ["", "## Documents", "", *documents.brief_lines(db, info["key"])]
    if info["notes"]:
        contacted = any(n["kind"] != "note" for n in info["notes"])
        lines += ["", "## Calls, visits and notes" if contacted else "## Notes", ""]
        lines += [
            f"- {n['at'][:10]}{'' if n['kind'] == 'note' else ' ' + describe(n)}"
            f"{' (' + n['author'] + ')' if n['author'] else ''}: {n['text']}"
            for n in info["notes"]
        ]
    return "\n".join(lines) + "\n"


def amount_cell(order: dict) -> str:
    if not order.get("amount_known", 1):
        return "not stated (seen in the mail)"
    return f"{order['currency']} {order['amount']:,.2f}" + (
        " (seen in the mail)" if order.get("source") == "mail" else ""
    )


def pending(info: dict, messages: list[dict], today: date) -> list[str]:
    items = []
    if info.get("turn") == "us":
        items.append(f"**Reply owed**: {summary_line(info)}.")
    elif info.get("turn") == "them":
        items.append(f"Waiting for them: {summary_line(info)}.")
    if info.get("next_contact"):
        due = "overdue" if info["next_contact"] < today.isoformat() else "due"
        items.append(f"Next contact {due}: {info['next_contact']}.")
    for total in info["orders"]["by_currency"]:
        if total["outstanding"]:
            items.append(f"Outstanding payment: {total['currency']} {total['outstanding']:,.2f}.")
    if info.get("credit_list"):
        items.append(f"On the {info['credit_list']} credit list: check payment terms before shipping.")
    return items


def threads_waiting(messages: list[dict]) -> list[str]:
    """Threads whose last human message is theirs (we owe a reply) or ours (they owe one)."""
    latest: dict[int, dict] = {}
    started: dict[int, str] = {}
    for m in messages:  # newest first
        if m["automated"] or m["thread_id"] is None:
            continue
        latest.setdefault(m["thread_id"], m)
        started[m["thread_id"]] = m["subject"]  # ends with the thread's first subject
    items = []
    for thread, m in sorted(latest.items(), key=lambda item: item[1]["at"] or "", reverse=True)[:10]:
        who = "we owe a reply" if m["direction"] == "in" else "waiting for their answer"
        items.append(f"“{started[thread]}” — last mail {(m['at'] or '')[:10]} from {m['from_email']}: {who}")
    return items


def reply_times(info: dict) -> str:
    parts = []
    if info.get("our_reply_hours") is not None:
        parts.append(f"we answer in {info['our_reply_hours']:.0f} h")
    if info.get("their_reply_hours") is not None:
        parts.append(f"they answer in {info['their_reply_hours']:.0f} h")
    return ", ".join(parts) + " (median)" if parts else "—"


def first(*dates) -> str:
    found = [d for d in dates if d]
    return min(found)[:10] if found else "—"


def last(*dates) -> str:
    found = [d for d in dates if d]
    return max(found)[:10] if found else "—"


def cell(value) -> str:
    return str(value or "").replace("|", "\\|").replace("\n", " ")
