"""``drafts generate``: turn the rule engine's draft requests into drafts for review.

Per request: check that this customer may be written to (not ignored, not on the
black list, not do-not-contact, no open draft for the purpose, not cooling down),
pick the mailbox, the contact and the thread, choose content, render the template
in the customer's language, quote the customer's last message when replying, and
suggest a send time. A problem with one customer's draft (a broken template, an
unusable address) is reported and that request stays pending; the run goes on.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone

from . import queue as store
from .compose import Parent, checked_email, message_id_for, new_token, quote, reply_subject, thread_references
from ..config import Account, Config
from .addressee import choose, greeting_line, whereabouts
from .content import Blocks
from .content import choose as choose_content
from .culture import person, style_for
from .decision import Decider, Held
from .priority import WAITS, ordered, waiting_line
from ..db import transaction
from .settings import Settings, load_settings
from .sources import (
    account_for,
    active_tags,
    customer,
    customer_keys,
    greeting_candidates,
    ignored_target,
    contact_by_email,
    last_order_date,
    pending_requests,
    references_of,
    set_request_status,
)
from .threadview import lead_subject, read_thread, template_vars
from ..errors import MailcrmError
from .sendtime import Calendar, SendTime
from .templating import Rendered, Templates

ALWAYS_REPLY = {"quote-follow-up", "stalled-nudge", "complaint-reply"}
REPLY_WHEN_TRIGGERED = {"after-sales"}  # a reply only when a message triggered it
GREETING_EVERY_DAYS = 30  # one holiday greeting per customer per month at most
REPLY_BY_DAYS = {"complaint-reply": 3}  # "you will have our findings by …"
URGENT = {"complaint-reply"}  # never spaced out after other drafts
CHASERS = {"quote-follow-up", "stalled-nudge"}  # they continue the thread of what we sent


class Skip(Exception):
    """This request gets no draft, for a reason the user should see (not an error)."""


@dataclass
class Outcome:
    request: int | None
    customer: int
    purpose: str
    result: str  # drafted, needs you, skipped, failed, waits (past per_run; "would draft" on a dry run)
    detail: str = ""
    draft: int | None = None
    subject: str = ""
    language: str = ""
    to: str = ""
    send_at: str = ""
    needs_edit: list[str] = field(default_factory=list)  # the checklist's failures (checklist.py)


@dataclass
class GenerateReport:
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)
    per_run: int = 0  # [drafts] per_run: the rest waits for the next run

    @property
    def needing_edit(self) -> int:
        return sum(1 for o in self.outcomes if o.needs_edit)

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)

    def line(self) -> str:
        drafted = "would draft" if self.dry_run else "drafted"
        return (
            f"drafts: {self.count(drafted)} {drafted}, "
            + (f"{waiting_line(self.count(WAITS), self.per_run, self.dry_run)}, " if self.count(WAITS) else "")
            + f"{self.count('needs you')} need you first, "
            f"{self.count('skipped')} skipped, "
            f"{self.count('failed')} failed"
            + (f"; {self.needing_edit} drafted need edit (`mailcrm drafts check`)" if self.needing_edit else "")
            + (" (dry run: nothing stored)" if self.dry_run else "")
        )

    def as_dict(self) -> dict:
        return {"dry_run": self.dry_run, "outcomes": [asdict(o) for o in self.outcomes]}


def generate(db, config: Config, *, dry_run: bool = False, now: datetime | None = None) -> GenerateReport:
    return Generator(db, config, now=now, dry_run=dry_run).run()


class Generator:
    def __init__(self, db, config: Config, *, now: datetime | None = None, dry_run: bool = False):
        self.db, self.config, self.dry_run = db, config, dry_run
        self.now = now or datetime.now(timezone.utc)
        self.settings: Settings = load_settings(config)
        self.templates = Templates(config.templates_dirs, self.settings.drafts.fallback_language)
        self.calendar = Calendar(self.settings.drafts, self.settings.closures)
        self.decider = Decider(db, self.settings, self.now)  # whether to draft at all: decision.py

    def run(self) -> GenerateReport:
        report = GenerateReport(self.dry_run, per_run=self.settings.drafts.per_run)
        if not self.dry_run:
            with transaction(self.db):
                self.decider.refresh()  # tasks done since the last run (answered, settled, paid)
        requests = pending_requests(self.db) + self.greeting_requests()
        drafted = "would draft" if self.dry_run else "drafted"
        for request in ordered(self.db, requests, self.decider.siblings.yielding()):  # priority.py
            full = report.per_run and report.count(drafted) >= report.per_run
            report.outcomes.append(self.handle(request, wait=bool(full)))
        if not self.dry_run:
            self.check(report)
        return report

    def check(self, report: GenerateReport) -> None:
        """The checklist over the new drafts: a failing one is stored marked "needs edit"."""
        from .checklist import Checklist, record

        drafted = {o.draft: o for o in report.outcomes if o.draft}
        if not drafted:
            return
        results = Checklist(self.db, self.settings, self.config, self.now).run(list(drafted))
        with transaction(self.db):
            record(self.db, results)
        for result in results:
            drafted[result.draft].needs_edit = [f"{f.check}: {f.reason}" for f in result.failures]

    def handle(self, request: dict, *, wait: bool = False) -> Outcome:
        """``wait``: past [drafts] per_run: decided and written as usual (a skip or a task for the
        salesperson is recorded at once), but not stored: the request stays pending for the next run."""
        outcome = Outcome(request["id"], request["customer"], request["purpose"], "failed")
        try:
            fields = self.draft_fields(request)
        except Held as held:
            return self.held(outcome, request, held.decision)
        except Skip as skip:
            return self.skipped(outcome, str(skip))
        except MailcrmError as exc:  # broken template, bad address: this draft only
            outcome.detail = str(exc)
            return outcome
        if wait:
            outcome.result = WAITS
            outcome.detail = f"{request.get('decision', '')}; waits: [drafts] per_run = {self.settings.drafts.per_run}"
            return outcome
        return self.store(outcome, request, fields)

    def skipped(self, outcome: Outcome, reason: str) -> Outcome:
        outcome.result, outcome.detail = "skipped", reason
        if not self.dry_run:
            with transaction(self.db):
                store.record_skip(self.db, outcome.request, reason)
                set_request_status(self.db, outcome.request, "dismissed")
        return outcome

    def held(self, outcome: Outcome, request: dict, decision) -> Outcome:
        """No draft: the salesperson first (answer them, settle the claim, collect the balance)."""
        outcome.result, outcome.detail = "needs you", decision.reason
        if not self.dry_run:
            with transaction(self.db):
                self.decider.store(request, customer(self.db, request["customer"]), decision.hold)
                store.record_skip(self.db, outcome.request, decision.reason)
                set_request_status(self.db, outcome.request, "dismissed")
        return outcome

    def store(self, outcome: Outcome, request: dict, fields: dict) -> Outcome:
        outcome.result = "would draft" if self.dry_run else "drafted"
        outcome.detail = request.get("decision", "")
        outcome.subject, outcome.language = fields["subject"], fields["language"]
        outcome.to, outcome.send_at = fields["to_email"], fields["send_at"]
        if not self.dry_run:
            with transaction(self.db):
                outcome.draft = store.insert(self.db, fields)
                set_request_status(self.db, request["id"], "drafted")
        what = f"draft #{outcome.draft}" if outcome.draft else "the draft this run would write"
        self.decider.siblings.planning(fields["customer"], request["purpose"], what)  # one mail per company
        return outcome

    # -- holiday greetings: mailcrm's own requests ---------------------------------------------

    def greeting_requests(self) -> list[dict]:
        if not self.settings.drafts.holiday_greetings:
            return []
        since = self.now - timedelta(days=GREETING_EVERY_DAYS)
        found = []
        for row in greeting_candidates(self.db):
            holiday = self.calendar.upcoming_holiday(row["country"], self.today)
            if holiday and not store.recent_draft(self.db, row["id"], "holiday-greeting", since):
                found.append(
                    {
                        "id": None,
                        "customer": row["id"],
                        "purpose": "holiday-greeting",
                        "rule": "holiday-greeting",
                        "event_key": f"{holiday.key}:{holiday.date}",
                        "evidence": {
                            "holiday": holiday.name,
                            "key": holiday.key,
                            "date": holiday.date.isoformat(),
                            "country": row["country"],
                        },
                    }
                )
        return found

    @property
    def today(self) -> date:
        return self.now.date()

    # -- one draft --------------------------------------------------------------------------------

    def draft_fields(self, request: dict) -> dict:
        row = self.writable_customer(request)
        account = self.account(row)
        parent = self.parent(request, row)
        contact = self.contact(row, parent, request["purpose"])
        language = row["language"] or self.settings.drafts.fallback_language
        blocks = self.blocks(request, row, language)
        written_in = self.templates.written_in(request["purpose"], language, row["country"])
        context = self.context(request, row, account, contact, parent, blocks, written_in)
        context["salutation"] = greeting_line(
            self.db, row, contact, written_in, account.owner, context["style"]["region"]
        )
        rendered = self.templates.render(request["purpose"], language, row["country"], context)
        send = self.send_time(request, row, contact)
        return self.fields(request, row, account, contact, parent, rendered, blocks, send)

    def writable_customer(self, request: dict) -> dict:
        row = customer(self.db, request["customer"])
        if row is None:
            raise Skip(f"customer #{request['customer']} does not exist")
        reason = self.customer_block(row)
        if reason:
            raise Skip(reason)
        purpose = request["purpose"]
        open_id = store.open_draft(self.db, row["id"], purpose)
        if open_id:
            raise Skip(f"draft #{open_id} ({purpose}) for this customer is still open")
        until = store.cooling_down_until(self.db, row["id"], purpose, self.settings.drafts.cooldown_days, self.now)
        if until:
            raise Skip(f"cooling down after a rejected or discarded {purpose} draft until {until}")
        decision = self.decider.decide(request, row)  # the customer's whole state: decision.py
        if decision.verdict == "hold":
            raise Held(decision)
        if decision.verdict == "none":
            raise Skip(decision.reason)
        request["decision"] = decision.reason
        return row

    def customer_block(self, row: dict) -> str | None:
        if row["status"] != "active":
            return f"customer is {row['status']}"
        if row["credit_list"] == "black":
            return "customer is on the black list"
        keys = set(customer_keys(self.db, row["id"])) | {row["key"]}
        if keys & set(self.settings.drafts.do_not_contact):
            return "customer is on the do-not-contact list ([drafts] do_not_contact)"
        return None

    def account(self, row: dict) -> Account:
        account = account_for(self.db, self.config, row, self.settings.drafts.account)
        if account is None:
            raise Skip("no account to write from (configure [[accounts]])")
        return account

    def parent(self, request: dict, row: dict) -> dict | None:
        purpose, trigger = request["purpose"], request["evidence"].get("message")
        trigger = trigger if isinstance(trigger, int) and not isinstance(trigger, bool) else None
        if purpose not in ALWAYS_REPLY and not (purpose in REPLY_WHEN_TRIGGERED and trigger):
            return None
        chase = purpose in CHASERS  # a chaser continues the thread of what we sent
        view = read_thread(self.db, row["id"], trigger, chase)  # the thread's latest message, whoever wrote it
        return dict(view.parent, view=view) if view else None

    def contact(self, row: dict, parent: dict | None, purpose: str) -> dict:
        found = None
        if parent and parent["view"].lead:  # a platform lead: the buyer the notification names
            email = parent["view"].addressee_email()
            found = contact_by_email(self.db, email) if email else None
        found = found or choose(self.db, row["id"], purpose, parent)  # addressee.py: never a Cc-only address
        if not found or not found["email"]:
            raise Skip("no contact address for this customer")
        email = found["email"].lower()
        if found["ignored"] or ignored_target(self.db, email):
            raise Skip(f"{email} is ignored")
        dnc = self.settings.drafts.do_not_contact
        if email in dnc or email.rsplit("@", 1)[1] in dnc:
            raise Skip(f"{email} is on the do-not-contact list ([drafts] do_not_contact)")
        checked_email(email)
        return found

    def blocks(self, request: dict, row: dict, language: str) -> Blocks:
        chosen = choose_content(
            self.settings.content,
            request["purpose"],
            language,
            self.settings.drafts.fallback_language,
            tags=active_tags(self.db, row["id"]),
            industry=row.get("industry"),
            used=store.used_content(self.db, row["id"]),
            today=self.today,
        )
        if request["purpose"] == "value-content" and not chosen.items:
            # Not a failure: nothing suitable to send yet. A nightly run must not exit 1 for it.
            raise Skip(
                "no [content] item left for this customer (add [[content.items]] that match their industry or tags)"
            )
        return chosen

    # -- the template's variables ---------------------------------------------------------------

    def context(
        self,
        request: dict,
        row: dict,
        account: Account,
        contact: dict,
        parent: dict | None,
        blocks: Blocks,
        written_in: str,
    ) -> dict:
        """Plain data only (dicts, lists, strings, numbers): see templates/README.md."""
        from ..customers.country import country_name  # the customers module's country table

        return {
            "customer": {
                "id": row["id"],
                "name": row["name"],
                "country": row["country"],
                "country_name": country_name(row["country"]),
                "language": row["language"],
                "stage": row["stage"],
                "grade": row["grade"],
                "industry": row.get("industry"),
                "tags": active_tags(self.db, row["id"]),
            },
            "contact": person(contact["name"] or "", contact["email"]).as_dict(),
            "me": {
                "name": account.owner,
                "email": account.email,
                "company": self.config.me.company,
                "account": account.name,
            },
            "style": style_for(row["country"]).as_dict(),
            "purpose": request["purpose"],
            "rule": request["rule"],
            "evidence": json.loads(json.dumps(request["evidence"], default=str)),
            "catalogue": blocks.catalogue,
            "offer": blocks.offer,
            "items": blocks.items,
            "holiday": self.holiday(request),
            "thread": self.thread(parent, row, contact, written_in),
            "months_silent": self.months_silent(row),
            "reply_by": (self.today + timedelta(days=REPLY_BY_DAYS.get(request["purpose"], 7))).isoformat(),
            "today": self.today.isoformat(),
            "signature": self.signature(account),
        }

    def holiday(self, request: dict) -> dict | None:
        evidence = request["evidence"]
        if request["purpose"] != "holiday-greeting" or "key" not in evidence:
            return None
        return {"key": evidence["key"], "name": evidence.get("holiday", ""), "date": evidence.get("date", "")}

    def thread(self, parent: dict | None, row: dict, contact: dict, written_in: str) -> dict | None:
        """Dates in the language the draft is written in (a Turkish buyer's English draft says
        "30 July 2026"), on the addressee's clock."""
        language = written_in
        zone = whereabouts(self.db, row, contact).zone  # their dates on their clock, as the send time
        return template_vars(parent["view"] if parent else None, language, row["country"], zone)

    def months_silent(self, row: dict) -> int | None:
        last = last_order_date(self.db, row["id"]) or row["last_in"]
        if not last:
            return None
        days = (self.today - date.fromisoformat(last[:10])).days
        return days // 30 if days >= 60 else None

    def signature(self, account: Account) -> str:
        signatures = self.settings.content.signatures
        return (
            signatures.get(account.name)
            or signatures.get("default")
            or "\n".join(x for x in (account.owner, self.config.me.company) if x)
        )

    # -- timing and the stored row ---------------------------------------------------------------

    def send_time(self, request: dict, row: dict, contact: dict | None = None) -> SendTime:
        not_before, notes = None, []
        if request["purpose"] == "holiday-greeting" and request["evidence"].get("date"):
            # a few days before the holiday, not on it
            not_before = date.fromisoformat(request["evidence"]["date"]) - timedelta(days=3)
        waiting = store.latest_open(self.db, row["id"])
        if waiting and request["purpose"] not in URGENT:
            # No customer gets two of our mails in one go: space them out.
            days = self.settings.drafts.spacing_days
            spaced = date.fromisoformat(waiting["send_at"][:10]) + timedelta(days=days)
            not_before = max(not_before or spaced, spaced)
            notes.append(f"{days} days after draft #{waiting['id']} to the same customer")
        where = whereabouts(self.db, row, contact)  # the addressee's own zone, else the customer's
        if where.zone and not where.evidence.startswith("customer"):
            notes.append(f"time zone {where.zone} from their {where.evidence}")
        send = self.calendar.suggest(self.now, where.country, where.zone, request["purpose"], not_before)
        send.notes[:0] = notes
        return send

    def fields(
        self,
        request: dict,
        row: dict,
        account: Account,
        contact: dict,
        parent: dict | None,
        rendered: Rendered,
        blocks: Blocks,
        send: SendTime,
    ) -> dict:
        token = new_token()
        lead = parent["view"] if parent and parent["view"].lead else None
        parent = None if lead else parent  # a lead: never under the notification, never its footer
        quoted = self.quoted(parent, rendered.language, send.zone) if parent else None
        return {
            "customer": row["id"],
            "request": request["id"],
            "purpose": request["purpose"],
            "rule": request["rule"],
            "evidence": json.dumps(request["evidence"], ensure_ascii=False, default=str),
            "account": account.name,
            "from_name": account.owner,
            "from_email": account.email,
            "contact": contact["id"],
            "to_name": contact["name"] or "",
            "to_email": contact["email"].lower(),
            "language": rendered.language,
            "template": rendered.template,
            "subject": lead_subject(lead, rendered.language, self.config.me.company or "")
            if lead
            else reply_subject(parent["subject"])
            if parent
            else rendered.subject,
            "body_text": rendered.text,
            "body_html": rendered.html,
            "quote_text": quoted.text if quoted else None,
            "quote_html": str(quoted.html) if quoted else None,
            "token": token,
            "message_id": message_id_for(token, account.email),
            "in_reply_to": parent["message_id"] if parent else None,
            "refs": " ".join(self.references(parent)) if parent else "",
            "parent_message": parent["id"] if parent else None,
            "content_keys": json.dumps(blocks.keys),
            "send_at": send.at.isoformat(),
            "send_zone": send.zone,
            "send_notes": json.dumps(
                send.notes + ([] if send.zone_known else ["customer's time zone unknown"]), ensure_ascii=False
            ),
        }

    def quoted(self, parent: dict, language: str, zone: str):
        record = Parent(
            parent["message_id"],
            [],
            parent["subject"],
            parent["from_name"] or "",
            parent["from_email"] or "",
            parent["date"],
            parent["body_text"] or "",
        )
        return quote(record, language, zone, self.settings.drafts.quote_lines)

    def references(self, parent: dict) -> list[str]:
        record = Parent(parent["message_id"], references_of(self.db, parent["id"]), "", "", "", None, "")
        return thread_references(record)
