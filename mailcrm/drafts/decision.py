"""The decision before any draft: from the customer's whole state, a rule's draft request becomes
a draft of its purpose, no draft (with the reason), or a task for the salesperson first.

The checks, in order; the first that holds decides:

1. **window**: a reply about a thread whose last mail is older than ``[drafts] window_days``
   (default ``[agenda] horizon_days``) → no draft: that thread is history.
2. **who owes the next mail**: the last mail in the thread the draft is about (for a new-thread
   draft: the customer's latest thread) is theirs and asks something (a question mark in their own
   words, an inquiry, a price, discount or sample request, a complaint) → we owe the answer, and a
   template cannot give it: "answer the RFQ from … (3 days)" for the salesperson. A complaint reply
   is that answer (it says when our findings come), so it is written.
3. **an open complaint** → no sales mail (reactivation, value content, offers, chasers):
   "settle the claim before any promotion".
4. **an overdue balance** (an amount outstanding on an order for longer than ``[agenda] payment_days``,
   or an open payment-risk flag) → no promotion: "collect … before any promotion".
5. **stage**: a chaser needs a quotation, sample or negotiation still open; no reactivation while
   a deal is open and alive (mail within the window), nor for a customer we wrote to (or called,
   visited) within their grade's follow-up interval, through any of their addresses and domains
   (merged customers too): they are not dormant, and their follow-up is not due yet.
6. **offers**: no offer within ``days_between_offers`` of the last one (drafts with an offer, open
   or sent, and the quotations the rules found in our sent mail).
7. **chasers**: at most ``chasers_per_quotation`` of our mails after a quotation without answer.
8. **one mail per company**: customers that are probably one company (customers/dupes.py, not
   merged yet) do not both get a draft of one purpose in a run or within ``days_between_offers``
   (siblings.py): the second is skipped, naming the pair and ``mailcrm customers merge``.

Tasks for the salesperson are stored in ``draft_holds`` (one open per customer and kind);
``mailcrm today`` lists them under "Needs you before any draft", and a later non-dry run
resolves those that no longer hold (we answered, the claim was settled, the balance paid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..clock import utcnow
from ..mail.segments import segment
from .settings import Settings
from .siblings import Siblings
from .sources import (
    last_contact,
    latest_thread,
    offers_made,
    one,
    open_chasers,
    open_flags,
    rows,
    rules_hit,
    thread_messages,
    thread_of,
    unpaid_orders,
)

REPLIES = {"quote-follow-up", "stalled-nudge", "complaint-reply"}  # always about a thread
TRIGGERED_REPLIES = {"after-sales"}  # about a thread when a message triggered it
ANSWERS = {"complaint-reply"}  # a draft that is itself our answer to what they asked
OUR_OWN = {"holiday-greeting"}  # mailcrm's own greetings: no sales content, not decided here
SALES = {"reactivation", "value-content", "stalled-nudge", "quote-follow-up", "after-sales"}
PROMOTIONS = {"reactivation", "stalled-nudge"}  # they carry an offer (and any purpose [[content.offers]] names)
CHASERS = ("quote-follow-up", "stalled-nudge")
CHASE_STAGES = {"quotation", "sample", "negotiation"}
OPEN_DEAL = {"inquiry", "quotation", "sample", "negotiation"}
QUESTION = re.compile(r"[?？؟¿]")
# What their message asks for, by the message rule that matched it; the first found names it.
ASKING_RULES = {
    "risk.complaint": "complaint",
    "stage.negotiation": "price request",
    "stage.inquiry": "RFQ",
    "stage.sample": "sample request",
    "pref.certification": "request for certificates",
    "pref.small-batch": "question on quantities",
}


class Held(Exception):
    """The request waits for the salesperson: ``decision.hold`` says what to do first."""

    def __init__(self, decision: Decision):
        super().__init__(decision.reason)
        self.decision = decision


@dataclass
class Hold:
    kind: str  # answer, claim, balance
    what: str  # "answer the RFQ from Mohammed Al-Harbi"
    detail: str  # the subject, what is held back
    since: str | None  # their message's time (answer), the claim's day, the oldest unpaid order
    message: int | None = None
    thread: int | None = None


@dataclass
class Decision:
    verdict: str  # draft, none, hold
    reason: str
    hold: Hold | None = None


def said(term: str, folded: str) -> bool:
    """A rule's matched words ("*طلب عرض سعر", "within # days") in their own folded text."""
    parts = [p for p in re.split(r"[*#]", term.casefold()) if p.strip()]
    return bool(parts) and all(" ".join(p.split()) in folded for p in parts)


def days_ago(now: datetime, stamp: str) -> str:
    """ "6 days" for mail of the 2nd on the 8th at any hour: the count must agree with the date shown
    beside it (whole 24-hour periods said 5 before 9 a.m.); hours under two days, months past 60."""
    when = datetime.fromisoformat(stamp) if "T" in stamp else datetime.fromisoformat(stamp + "T00:00:00+00:00")
    if when.tzinfo is None:
        when = when.replace(tzinfo=now.tzinfo)
    days = (now - when).total_seconds() / 86400
    if days < 2 or days >= 60:
        return age(days)
    return f"{(now.date() - when.astimezone(now.tzinfo).date()).days} days"


def age(days: float) -> str:
    """3 days, 5 hours, 14 months."""
    if days < 2:
        return f"{max(int(days * 24), 0)} hours"
    if days < 60:
        return f"{int(days)} days"
    return f"{int(days // 30)} months"


class Decider:
    def __init__(self, db, settings: Settings, now: datetime):
        self.db, self.limits, self.now = db, settings.drafts, now
        self.promotions = PROMOTIONS | {p for offer in settings.content.offers for p in offer.purposes}
        self.siblings = Siblings(db)  # customers that are probably one company

    def days_since(self, stamp: str | None) -> float | None:
        if not stamp:
            return None
        when = datetime.fromisoformat(stamp) if "T" in stamp else datetime.fromisoformat(stamp + "T00:00:00+00:00")
        if when.tzinfo is None:
            when = when.replace(tzinfo=self.now.tzinfo)
        return (self.now - when).total_seconds() / 86400

    # -- the decision ----------------------------------------------------------------------------

    def decide(self, request: dict, row: dict) -> Decision:
        purpose = request["purpose"]
        if purpose in OUR_OWN:
            return self.one_per_company(purpose, row) or Decision("draft", "a greeting of our own")
        trigger = request["evidence"].get("message")
        trigger = trigger if isinstance(trigger, int) and not isinstance(trigger, bool) else None
        about_thread = purpose in REPLIES or (purpose in TRIGGERED_REPLIES and trigger is not None)
        thread = (thread_of(self.db, trigger) if trigger else None) or latest_thread(self.db, row["id"])
        messages = thread_messages(self.db, thread, row["id"]) if thread else []
        for check in (
            lambda: self.window(about_thread, messages),
            lambda: self.who_owes(purpose, messages, thread),
            lambda: self.claim(purpose, row),
            lambda: self.balance(purpose, row),
            lambda: self.stage(purpose, row),
            lambda: self.offers(purpose, row),
            lambda: self.chasers(purpose, row, messages),
            lambda: self.one_per_company(purpose, row),
        ):
            decision = check()
            if decision:
                return decision
        return Decision("draft", self.why_draft(purpose, messages))

    def window(self, about_thread: bool, messages: list[dict]) -> Decision | None:
        if not about_thread or not messages:
            return None
        days = self.days_since(messages[-1]["date"])
        if days is not None and days > self.limits.window_days:
            return Decision(
                "none",
                f"the thread's last mail is {int(days)} days old ({messages[-1]['date'][:10]}): history, outside "
                f"[drafts] window_days = {self.limits.window_days}",
            )
        return None

    def who_owes(self, purpose: str, messages: list[dict], thread: int | None) -> Decision | None:
        if purpose in ANSWERS or not messages or messages[-1]["direction"] != "in":
            return None
        last = messages[-1]
        asked = self.asks(last)
        if not asked:
            return None
        who = last["from_name"] or last["from_email"] or "them"
        days = self.days_since(last["date"]) or 0
        subject = last["subject"] or "(no subject)"
        hold = Hold("answer", f"answer the {asked} from {who}", f"“{subject}”", last["date"], last["id"], thread)
        return Decision("hold", f"{hold.what} ({age(days)}): we owe the next mail, no {purpose} draft", hold)

    def asks(self, message: dict) -> str | None:
        """What their message asks for, read in their own new text only (not the subject, not
        the quoted mail): a question mark, or the words of an asking rule (rule_hits)."""
        text = " ".join(s.text for s in segment(message["body_text"] or "") if s.kind == "new")
        folded = " ".join(text.casefold().split())
        hits = rules_hit(self.db, message["id"])
        for rule, label in ASKING_RULES.items():
            if any(said(term, folded) for term in hits.get(rule, ())):
                return label
        return "question" if QUESTION.search(text) else None

    def claim(self, purpose: str, row: dict) -> Decision | None:
        if purpose not in SALES:
            return None
        found = open_flags(self.db, row["id"], ("complaint",))
        if not found:
            return None
        first = found[0]
        hold = Hold(
            "claim", "settle the claim before any promotion", f"complaint of {first['raised']}", first["raised"]
        )
        return Decision("hold", f"{hold.what} (open since {first['raised']}): no {purpose} draft", hold)

    def balance(self, purpose: str, row: dict) -> Decision | None:
        if purpose not in self.promotions:
            return None
        due = (self.now.date() - timedelta(days=self.limits.payment_terms_days)).isoformat()
        unpaid = unpaid_orders(self.db, row["id"], due)
        risks = open_flags(self.db, row["id"], ("payment-risk",))
        if unpaid:
            totals: dict[str, float] = {}
            for order in unpaid:
                totals[order["currency"] or ""] = totals.get(order["currency"] or "", 0) + order["outstanding"]
            amounts = " + ".join(f"{cur} {value:,.0f}".strip() for cur, value in totals.items())
            since = unpaid[0]["date"][:10]
            what = f"collect {amounts} outstanding since {since} before any promotion"
        elif risks:
            since = risks[0]["raised"]
            what = "clear the payment issue before any promotion"
        else:
            return None
        hold = Hold("balance", what, risks[0]["note"] if risks and risks[0]["note"] else "", since)
        return Decision("hold", f"{what}: no {purpose} draft", hold)

    def stage(self, purpose: str, row: dict) -> Decision | None:
        stage = row.get("stage")
        if purpose in CHASERS and stage and stage not in CHASE_STAGES:
            return Decision("none", f"the stage is {stage} now: no quotation or negotiation left to chase")
        if purpose == "reactivation" and stage in OPEN_DEAL:
            days = self.days_since(max(row.get("last_in") or "", row.get("last_out") or "") or None)
            if days is not None and days <= self.limits.window_days:
                return Decision(
                    "none",
                    f"a deal is open (stage {stage}, last mail {int(days)} days ago): follow it, not a reactivation",
                )
        if purpose == "reactivation":
            return self.recently_contacted(row)
        return None

    def recently_contacted(self, row: dict) -> Decision | None:
        """We wrote to them (any of their domains) within their grade's follow-up interval."""
        last = last_contact(self.db, row["id"])
        interval = (last or {}).get("follow_up_days")
        days = self.days_since(last["at"]) if last else None
        if days is None or not interval or days >= interval:
            return None
        grade = f"grade {last['grade']}" if last.get("grade") else "ungraded"
        return Decision(
            "none",
            f"we wrote to them {days_ago(self.now, last['at'])} ago ({last['at'][:10]}), within their follow-up interval "
            f"({grade}: every {interval} days): not dormant, no reactivation",
        )

    def offers(self, purpose: str, row: dict) -> Decision | None:
        if purpose not in self.promotions:
            return None
        for offer in offers_made(self.db, row["id"], tuple(sorted(self.promotions))):
            days = self.days_since(offer["date"])
            if days is None or days > self.limits.days_between_offers:
                break  # latest first: the rest are older
            what = f"draft #{offer['id']} ({offer['purpose']})" if offer["kind"] == "draft" else "our quotation"
            return Decision(
                "none",
                f"an offer went out {int(days)} days ago ({what}, {offer['date'][:10]}): none within "
                f"[drafts] days_between_offers = {self.limits.days_between_offers}",
            )
        return None

    def chasers(self, purpose: str, row: dict, messages: list[dict]) -> Decision | None:
        if purpose not in CHASERS:
            return None
        tail = self.our_tail(messages)
        if not tail:
            return None
        sent = len(tail) - 1 + open_chasers(self.db, row["id"], CHASERS)
        if sent >= self.limits.chasers_per_quotation:
            return Decision(
                "none",
                f"{sent} chasers already went after our mail of {tail[0]['date'][:10]} without an answer "
                f"([drafts] chasers_per_quotation = {self.limits.chasers_per_quotation}): call them, or let it go",
            )
        return None

    def one_per_company(self, purpose: str, row: dict) -> Decision | None:
        why = self.siblings.already(row["id"], purpose, self.now, self.limits.days_between_offers)
        return Decision("none", why) if why else None

    @staticmethod
    def our_tail(messages: list[dict]) -> list[dict]:
        """Our mails after their last one: the quotation (or offer), then the chasers."""
        tail = []
        for message in reversed(messages):
            if message["direction"] != "out":
                break
            tail.append(message)
        return tail[::-1]

    def why_draft(self, purpose: str, messages: list[dict]) -> str:
        if not messages:
            return f"{purpose}: no mail in a thread yet"
        last = messages[-1]
        days = self.days_since(last["date"]) or 0
        if purpose in ANSWERS:
            return f"{purpose}: it answers their mail of {last['date'][:10]} ({age(days)})"
        whose = "ours" if last["direction"] == "out" else "theirs, asking nothing"
        chased = ""
        if purpose in CHASERS:
            tail = self.our_tail(messages)
            chased = f"; chaser {max(len(tail), 1)} of {self.limits.chasers_per_quotation}"
        return f"{purpose}: the last mail ({last['date'][:10]}, {age(days)}) is {whose}; no claim, no overdue balance{chased}"

    # -- the salesperson's tasks ---------------------------------------------------------------

    def store(self, request: dict, row: dict, hold: Hold) -> int:
        """One open task per customer and kind: a second request held for the same reason joins it."""
        now = utcnow()
        found = one(
            self.db,
            "SELECT id, purposes FROM draft_holds WHERE customer = ? AND kind = ? AND resolved IS NULL",
            [row["id"], hold.kind],
        )
        before = [p for p in ((found or {}).get("purposes") or "").split(", ") if p]
        held = ", ".join(dict.fromkeys(before + [request["purpose"]]))
        values = {
            "purposes": held,
            "request": request["id"],
            "rule": request.get("rule"),
            "message": hold.message,
            "thread": hold.thread,
            "what": hold.what,
            "detail": "; ".join(x for x in (hold.detail, f"{held} held back") if x),
            "since": hold.since,
            "updated": now,
        }
        if found:
            sets = ", ".join(f"{k} = ?" for k in values)
            self.db.execute(f"UPDATE draft_holds SET {sets} WHERE id = ?", [*values.values(), found["id"]])
            return found["id"]
        values |= {"customer": row["id"], "kind": hold.kind, "created": now}
        names = ", ".join(values)
        marks = ", ".join("?" * len(values))
        return self.db.execute(f"INSERT INTO draft_holds ({names}) VALUES ({marks})", list(values.values())).lastrowid

    def refresh(self) -> int:
        """Resolve the open tasks that no longer hold; how many were."""
        resolved = 0
        for hold in rows(self.db, "SELECT id, customer, kind, thread, since FROM draft_holds WHERE resolved IS NULL"):
            if not self.still_holds(hold):
                self.db.execute(
                    "UPDATE draft_holds SET resolved = ?, updated = ? WHERE id = ?", [utcnow(), utcnow(), hold["id"]]
                )
                resolved += 1
        return resolved

    def still_holds(self, hold: dict) -> bool:
        customer = hold["customer"]
        if hold["kind"] == "answer":
            messages = thread_messages(self.db, hold["thread"], customer) if hold["thread"] else []
            return not any(m["direction"] == "out" and m["date"] > (hold["since"] or "") for m in messages)
        if hold["kind"] == "claim":
            return bool(open_flags(self.db, customer, ("complaint",)))
        due = (self.now.date() - timedelta(days=self.limits.payment_terms_days)).isoformat()
        return bool(unpaid_orders(self.db, customer, due) or open_flags(self.db, customer, ("payment-risk",)))
