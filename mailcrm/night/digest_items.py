"""Agenda items and alerts in the digest reader's language.

The agenda (engine/agenda.py) says each item in English for `mailcrm today` and keeps
its facts in ``detail``; a digest words those facts from data/digest/strings.toml
(``[LANG.item]``), so a Chinese digest is Chinese in its items, not only its headings.
A customer's own words (a mail's subject, a complaint's sentence) are quoted as written:
the salesperson answers them in that language.
"""

from __future__ import annotations

from .digest_text import Words, flag_sentence


def quoted(words: Words, text: str | None) -> str:
    return words.get("quoted", text=" ".join((text or "").split())) if text else words.get("no_subject")


def age(words: Words, hours: int) -> str:
    return words.get("fact.days", n=hours // 24) if hours >= 48 else words.get("fact.hours", n=hours)


def item_text(words: Words, item: dict) -> str:
    """What an agenda item is about, in the reader's language."""
    detail = item.get("detail") or {}
    section = item["section"]
    if section == "complaints":
        said = detail.get("said")
        return words.get("item.complaint", said=quoted(words, said)) if said else words.get("item.complaint_plain")
    if section == "unanswered":
        key = f"item.waiting_{detail.get('reason')}"
        reason = words.get(key) if words.lookup(words.english, key) else ""
        return words.get(
            "item.waiting", subject=quoted(words, detail.get("subject")), age=age(words, detail.get("hours", 0))
        ) + (words.get("item.because", reason=reason) if reason else "")
    if section == "follow-ups":
        return follow_up_text(words, detail)
    if section == "payments":
        order = detail.get("order_no")
        return words.get(
            "item.payment" if order else "item.payment_no_number",
            money=words.money(detail["amount"], detail["currency"]),
            order=order or "",
            date=detail["date"],
            days=detail["days"],
        )
    if section == "before-drafts" and detail.get("hold") in ("claim", "balance"):
        return words.get(f"item.hold_{detail['hold']}")  # the amounts are in the payments section
    if "flag" in detail:
        flag = {"flag": detail["flag"], "evidence": detail.get("evidence"), "rule": item.get("rule")}
        flag["raised"] = item.get("since")
        return flag_text(words, flag)
    return item["what"]


def follow_up_text(words: Words, detail: dict) -> str:
    source, due = detail.get("source"), detail.get("due")
    if source == "grade" and detail.get("interval"):
        text = words.get("item.follow_up_grade", due=due, grade=detail.get("grade") or "", days=detail["interval"])
    else:
        text = words.get("item.follow_up_manual" if source == "manual" else "item.follow_up_rule", due=due)
    if detail.get("back_on"):
        text += words.get("item.away", back=detail["back_on"])
    return text


def flag_text(words: Words, flag: dict) -> str:
    """A flag in words: its facts (days in a stage, since the last order), else what it means."""
    if (flag.get("evidence") or "").find('"facts"') >= 0:
        return flag_sentence(words, flag)
    key = f"item.flag_{flag.get('flag')}"
    if words.lookup(words.english, key):
        return words.get(key)
    return flag_sentence(words, flag)
