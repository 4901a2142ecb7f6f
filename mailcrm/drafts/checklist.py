"""The checklist: each stored draft against the customer's history, as a senior salesperson
would read it before sending. A draft passes when no check fails; each failure says why.

    window     no draft about a thread whose last mail is older than [drafts] window_days
    owed       none while we owe the answer (their last mail in the thread asks something)
    complaint  no sales mail while a complaint is open
    balance    no promotion with an overdue balance (or an open payment risk)
    offers     no offer within [drafts] days_between_offers of another one (drafts, quotations)
    addressee  the addressee wrote in the thread (a promotion: wrote to us or got our mail);
               never a Cc-only address
    role       a promotion does not go to logistics, shipping, accounts or QC while a buyer,
               owner or director of the customer wrote to us (addressee.wrong_role)
    salutation the greeting follows the register of the thread (addressee.greeting_line)
    language   subject and text in the draft's one language (customers/language.py)
    latest     a reply answers the latest message of its thread
    quoted     past days and amounts the text names are in the history (claims.py)

The window, owed, complaint and balance checks are decision.py's own, asked again now; the
others read what was stored. ``check_drafts`` checks and returns; ``record`` stores the
failures on the drafts (``drafts.checks``: `drafts list` shows "needs edit").
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from ..clock import utcnow
from ..config import Config
from . import claims
from .addressee import greeting_line, wrong_role
from .culture import person, style_for
from .decision import ANSWERS, REPLIES, TRIGGERED_REPLIES, Decider
from .salutation import greeting_in, register_of
from .settings import Settings, load_settings
from .templating import Templates
from .sources import (
    buyer_of,
    customer,
    latest_thread,
    offers_made,
    platform_of,
    reachable_contacts,
    rows,
    thread_messages,
    thread_of,
    thread_people,
)

CHECKS = (
    "window",
    "owed",
    "complaint",
    "balance",
    "offers",
    "addressee",
    "role",
    "salutation",
    "language",
    "latest",
    "quoted",
)
OPEN = ("new", "approved", "pushed")


@dataclass
class Failure:
    check: str
    reason: str


@dataclass
class Result:
    draft: int
    customer: int
    customer_name: str
    purpose: str
    language: str
    status: str
    to: str
    subject: str
    failures: list[Failure] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict:
        return asdict(self) | {"passed": self.passed}


def check_drafts(db, config: Config, ids: list[int] | None = None, *, now: datetime | None = None) -> list[Result]:
    """The checklist over the given drafts (default: the open ones: new, approved, pushed)."""
    return Checklist(db, load_settings(config), config, now).run(ids)


def record(db, results: list[Result]) -> None:
    """Store each draft's failures (JSON; '[]' when it passed) and when it was checked."""
    for result in results:
        failures = json.dumps([asdict(f) for f in result.failures], ensure_ascii=False)
        db.execute("UPDATE drafts SET checks = ?, checked = ? WHERE id = ?", [failures, utcnow(), result.draft])


def summary(results: list[Result]) -> str:
    failed = sum(1 for r in results if not r.passed)
    return f"checklist: {len(results) - failed} of {len(results)} drafts pass, {failed} need edit"


class Checklist:
    def __init__(self, db, settings: Settings, config: Config, now: datetime | None = None):
        self.db, self.settings, self.config = db, settings, config
        self.now = now or datetime.now(timezone.utc)
        self.decider = Decider(db, settings, self.now)  # the decision's checks, asked again now
        self.templates = Templates(config.templates_dirs, settings.drafts.fallback_language)

    def drafts(self, ids: list[int] | None) -> list[dict]:
        if ids:
            marks = ",".join("?" * len(ids))
            return rows(self.db, f"SELECT * FROM drafts WHERE id IN ({marks}) ORDER BY id", ids)
        marks = ",".join("?" * len(OPEN))
        return rows(self.db, f"SELECT * FROM drafts WHERE status IN ({marks}) ORDER BY id", OPEN)

    def run(self, ids: list[int] | None = None) -> list[Result]:
        found = self.drafts(ids)
        missing = sorted(set(ids or ()) - {d["id"] for d in found})
        if missing:
            from ..errors import NotFoundError

            raise NotFoundError(f"no draft {', '.join(f'#{i}' for i in missing)}")
        return [self.check(draft) for draft in found]

    def check(self, draft: dict) -> Result:
        row = customer(self.db, draft["customer"]) or {"id": draft["customer"], "name": "", "country": None}
        result = Result(
            draft["id"],
            row["id"],
            row.get("name") or "",
            draft["purpose"],
            draft["language"],
            draft["status"],
            draft["to_email"],
            draft["subject"],
        )
        case = Case(draft, row, self)
        for name in CHECKS:
            reason = getattr(case, name.replace("-", "_"))()
            if reason:
                result.failures.append(Failure(name, reason))
        return result


class Case:
    """One draft and what the checks read about it."""

    def __init__(self, draft: dict, row: dict, checklist: Checklist):
        self.draft, self.row, self.checklist = draft, row, checklist
        self.db, self.decider = checklist.db, checklist.decider
        self.purpose = draft["purpose"]
        evidence = json.loads(draft["evidence"] or "{}")
        trigger = evidence.get("message")
        self.trigger = trigger if isinstance(trigger, int) and not isinstance(trigger, bool) else None
        self.about_thread = bool(draft["parent_message"]) or (
            self.purpose in REPLIES or (self.purpose in TRIGGERED_REPLIES and self.trigger is not None)
        )
        self.thread = (
            (thread_of(self.db, draft["parent_message"]) if draft["parent_message"] else None)
            or (thread_of(self.db, self.trigger) if self.trigger else None)
            or latest_thread(self.db, row["id"])
        )
        self.messages = thread_messages(self.db, self.thread, row["id"]) if self.thread else []

    # -- the decision, asked again ------------------------------------------------------------

    def window(self) -> str | None:
        found = self.decider.window(self.about_thread, self.messages)
        return found.reason if found else None

    def owed(self) -> str | None:
        if self.purpose in ANSWERS:
            return None
        found = self.decider.who_owes(self.purpose, self.messages, self.thread)
        return found.reason if found else None

    def complaint(self) -> str | None:
        found = self.decider.claim(self.purpose, self.row)
        return found.reason if found else None

    def balance(self) -> str | None:
        found = self.decider.balance(self.purpose, self.row)
        return found.reason if found else None

    # -- what was stored ------------------------------------------------------------------------

    def offers(self) -> str | None:
        promotions = self.decider.promotions
        if self.purpose not in promotions:
            return None
        limit = self.decider.limits.days_between_offers
        created = self.draft["created"]
        for offer in offers_made(self.db, self.row["id"], tuple(sorted(promotions))):
            if offer["kind"] == "draft" and (offer["id"] == self.draft["id"] or later(offer, self.draft)):
                continue  # itself, or one written after it (that one fails instead)
            apart = abs(days_between(offer["date"], created))
            if apart <= limit:
                what = f"draft #{offer['id']} ({offer['purpose']})" if offer["kind"] == "draft" else "our quotation"
                return (
                    f"{what} of {(offer['date'] or '')[:10]} is {int(apart)} days from this one: no offer within "
                    f"[drafts] days_between_offers = {limit}"
                )
        return None

    def addressee(self) -> str | None:
        email = (self.draft["to_email"] or "").lower()
        if self.about_thread and self.thread:
            lead = self.lead_buyer()
            if lead is not None:
                if email == lead:
                    return None
                return f"{email} is not the buyer the platform's notification names ({lead})"
            people = thread_people(self.db, self.row["id"], self.thread)
            wrote = [p["email"].lower() for p in people if p["direction"] == "in"]
            if wrote:
                if email in wrote:
                    return None
                return f"{email} never wrote in this thread (who did: {', '.join(dict.fromkeys(wrote))})"
            got = [p["email"].lower() for p in people if p["direction"] == "out"]
            if email in got:
                return None
            return f"{email} neither wrote in this thread nor got our mail in it"
        reachable = {c["email"].lower() for c in reachable_contacts(self.db, self.row["id"])}
        if email in reachable:
            return None
        return f"{email} never wrote to us and never got our mail (Cc only, or a stranger)"

    def role(self) -> str | None:
        in_thread = bool(self.draft["parent_message"])
        return wrong_role(self.db, self.row["id"], self.purpose, self.contact(), in_thread)

    def lead_buyer(self) -> str | None:
        for message in self.messages:
            if message["direction"] == "in" and platform_of(self.db, message["id"]):
                buyer = buyer_of(self.db, message["id"])
                return (buyer or {}).get("email", "").lower() if buyer else ""
        return None

    def salutation(self) -> str | None:
        contact = self.contact()
        if contact is None:
            return None  # the addressee check says why
        opening = self.opening()
        written = greeting_in("\n".join(opening), outbound=True)
        line = opening[0] if opening else ""
        region = style_for(self.row.get("country")).region
        expected = greeting_line(self.db, self.row, contact, self.draft["language"], self.draft["from_name"], region)
        if line == expected.strip():
            return None
        wanted = greeting_in(expected, outbound=True)
        addressed = person(contact.get("name") or "", contact["email"])
        if written is None:
            return f"no salutation the thread's way: “{expected}”" if wanted else None
        lang = claims.base(self.draft["language"])
        if wanted is None:
            return None
        if written.language != wanted.language and written.language != lang:
            return f"“{line}” is not {self.draft['language']}: the thread's way is “{expected}”"
        if register_of(written, addressed) != register_of(wanted, addressed):
            return f"“{line}” does not follow the thread: they address each other “{expected}”"
        return None

    def opening(self) -> list[str]:
        """The text's lines from the salutation on: a Japanese letter (and any other) that puts
        the company on the first line ("北陸バルブ株式会社" over "高橋様") greets on the next."""
        lines = [line.strip() for line in (self.draft["body_text"] or "").splitlines() if line.strip()]
        company = (self.row.get("name") or "").strip()
        if len(lines) > 1 and company and lines[0] == company:
            return lines[1:]
        return lines

    def contact(self) -> dict | None:
        found = rows(
            self.db,
            "SELECT id, email, name, customer, ignored, title FROM contacts WHERE id = ? OR email = ? "
            "ORDER BY id = ? DESC LIMIT 1",
            [self.draft["contact"], (self.draft["to_email"] or "").lower(), self.draft["contact"]],
        )
        return found[0] if found else None

    def language(self) -> str | None:
        ignore = self.signature_lines()
        found = claims.language_problems(
            self.draft["subject"], self.draft["body_text"] or "", self.draft["language"], ignore
        )
        theirs = self.their_language()
        return "; ".join(found + ([theirs] if theirs else [])) or None

    def their_language(self) -> str | None:
        """A reply in another language than the addressee's latest mail in the thread, when we
        have templates in theirs and nobody set the customer's language by hand."""
        email = (self.draft["to_email"] or "").lower()
        theirs = [m for m in self.messages if m["direction"] == "in" and (m["from_email"] or "").lower() == email]
        if not self.about_thread or not theirs:
            return None
        found = rows(
            self.db,
            "SELECT f.language, c.language_override FROM message_facts f, customers c WHERE f.message = ? AND c.id = ?",
            [theirs[-1]["id"], self.row["id"]],
        )
        if not found or not found[0]["language"] or found[0]["language_override"]:
            return None
        spoken = found[0]["language"]
        written = self.checklist.templates.written_in(self.purpose, spoken, self.row.get("country"))
        if claims.base(written) == claims.base(self.draft["language"]):
            return None
        return (
            f"{email} writes {spoken} in this thread (their mail of {(theirs[-1]['date'] or '')[:10]}), "
            f"the draft is {self.draft['language']}"
        )

    def signature_lines(self) -> set[str]:
        texts = list(self.checklist.settings.content.signatures.values())
        texts += [self.draft["from_name"] or "", self.checklist.config.me.company or ""]
        return {line.strip() for text in texts for line in text.splitlines() if line.strip()}

    def latest(self) -> str | None:
        parent = self.draft["parent_message"]
        if not parent or not self.messages:
            return None
        last = self.messages[-1]
        if last["id"] == parent:
            return None
        answered = next((m for m in self.messages if m["id"] == parent), None)
        when = (answered or {}).get("date") or "?"
        who = "our own mail" if last["direction"] == "out" else (last["from_name"] or last["from_email"])
        return (
            f"it answers the message of {when[:10]}, but the thread's latest is {who} of {(last['date'] or '')[:10]} "
            f"(message #{last['id']})"
        )

    def quoted(self) -> str | None:
        text = self.draft["body_text"] or ""
        zone = self.draft["send_zone"] or self.row.get("timezone")
        history = rows(
            self.db,
            "SELECT m.date, m.direction, m.body_text, m.subject FROM messages m "
            "JOIN message_customers mc ON mc.message = m.id AND mc.customer = ? "
            "WHERE m.direction IN ('in', 'out') AND m.date IS NOT NULL",
            [self.row["id"]],
        )
        today = claims.to_date(self.draft["created"], zone) or self.checklist.now.date()
        problems = []
        wrong_days = claims.false_dates(
            text, self.draft["language"], claims.mail_days([m["date"] for m in history], zone), today
        )
        if wrong_days:
            ours = sorted({m["date"][:10] for m in history if m["direction"] == "out"})[-3:]
            problems.append(
                f"{', '.join(wrong_days)}: no mail with the customer on that day"
                + (f" (our latest: {', '.join(ours)})" if ours else "")
            )
        known = [f"{m['subject'] or ''}\n{m['body_text'] or ''}" for m in history] + self.configured_texts()
        wrong_amounts = claims.false_amounts(text, known)
        if wrong_amounts:
            problems.append(f"{', '.join(wrong_amounts)}: in none of the customer's mail nor our [content]")
        return "; ".join(problems) if problems else None

    def configured_texts(self) -> list[str]:
        content = self.checklist.settings.content
        texts = [t for offer in content.offers for t in offer.text.values()]
        for item in [content.catalogue, *content.items]:
            if item:
                texts += list(item.title.values()) + list(item.summary.values())
        return texts


def later(offer: dict, draft: dict) -> bool:
    """Another draft's offer came after this draft (same moment: the higher number is later)."""
    when, created = offer["date"] or "", draft["created"] or ""
    return when > created or (when == created and offer["id"] > draft["id"])


def days_between(stamp: str | None, other: str | None) -> float:
    def moment(value: str | None) -> datetime:
        if not value:
            return datetime.now(timezone.utc)
        found = datetime.fromisoformat(value if "T" in value else value + "T00:00:00+00:00")
        return found if found.tzinfo else found.replace(tzinfo=timezone.utc)

    return (moment(other) - moment(stamp)).total_seconds() / 86400
