"""Send approved drafts from mailcrm itself, for those who want it (aiosmtplib).

Only drafts a person approved are sent. Never twice: the start of a send is
recorded first, and a draft whose send was interrupted is not sent again
without ``retry`` (the customer may already have it). After sending, a copy is
APPENDed to the account's Sent folder unless the provider keeps one itself
(``save_to_sent = false`` for Gmail and Microsoft 365).
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage

import aiosmtplib

from . import queue as store
from .compose import message_bytes
from ..config import Account, Config, SmtpSettings
from ..db import transaction
from .sources import record_history, set_request_status
from ..errors import MailcrmError
from ..mail.imap import ImapSession


class SmtpError(MailcrmError):
    """The SMTP server refused or failed to take a message."""


@dataclass
class SendResult:
    draft: int
    result: str  # sent, failed
    detail: str = ""
    saved_to_sent: bool = False


@dataclass
class SendReport:
    results: list[SendResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.result == "sent" for r in self.results)

    def line(self) -> str:
        sent = sum(1 for r in self.results if r.result == "sent")
        return f"send: {sent} sent, {len(self.results) - sent} failed"

    def as_dict(self) -> dict:
        return {"ok": self.ok, "results": [asdict(r) for r in self.results]}


# -- talking SMTP ----------------------------------------------------------------------------


def tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if settings.ca_file:
        context.load_verify_locations(cafile=str(settings.ca_file))
    return context


async def deliver_async(settings: SmtpSettings, message: EmailMessage) -> None:
    client = aiosmtplib.SMTP(
        hostname=settings.host,
        port=settings.port,
        timeout=settings.timeout,
        use_tls=settings.security == "ssl",
        start_tls=settings.security == "starttls",
        tls_context=tls_context(settings),
    )
    async with client:
        creds = settings.credentials
        secret = creds.secret()
        if creds.uses_oauth2:
            await client.auth_xoauth2(creds.username, secret)
        else:
            await client.login(creds.username, secret)
        await client.send_message(message)


def deliver(settings: SmtpSettings, message: EmailMessage) -> None:
    """Send one message; any failure becomes one SmtpError line (no secrets in it)."""
    try:
        asyncio.run(deliver_async(settings, message))
    except aiosmtplib.SMTPException as exc:
        raise SmtpError(f"{settings.host}:{settings.port}: {one_line(exc)}") from None
    except (OSError, ssl.SSLError, asyncio.TimeoutError) as exc:
        raise SmtpError(f"{settings.host}:{settings.port}: {one_line(exc) or type(exc).__name__}") from None


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


# -- sending drafts ---------------------------------------------------------------------------


def send_drafts(
    db, config: Config, *, ids: list[int] | None = None, retry: bool = False, now: datetime | None = None
) -> SendReport:
    """Send the given drafts, or every approved one; each must be approved."""
    report = SendReport()
    for draft in chosen(db, ids):
        try:
            report.results.append(send_one(db, config, draft, retry, now))
        except MailcrmError as exc:
            report.results.append(SendResult(draft["id"], "failed", str(exc)))
    return report


def chosen(db, ids: list[int] | None) -> list[dict]:
    if ids:
        return [store.get(db, pk) for pk in ids]
    return [store.get(db, d["id"]) for d in store.list_drafts(db, statuses=("approved",))]


def send_one(db, config: Config, draft: dict, retry: bool, now: datetime | None) -> SendResult:
    if draft["status"] != "approved":
        raise store.DraftStateError(
            f"draft #{draft['id']} is {draft['status']}: only approved drafts are "
            f"sent (mailcrm drafts approve {draft['id']})"
        )
    if draft["send_started"] and not retry:
        raise SmtpError(
            f"draft #{draft['id']}: a send began at {draft['send_started']} and was interrupted; "
            "check the Sent folder, then use --retry to send it anyway"
        )
    account = config.account(draft["account"])
    if account.smtp is None:
        raise MailcrmError(f"account {account.name!r} has no [accounts.smtp] settings")
    with transaction(db):
        store.update(db, draft["id"], send_started=store.utcnow())
    message = store.mime(draft, now or datetime.now(timezone.utc))
    deliver(account.smtp, message)
    record_sent(db, draft)
    result = SendResult(draft["id"], "sent")
    if account.smtp.save_to_sent:
        result.saved_to_sent, result.detail = save_copy(account, message)
    return result


def record_sent(db, draft: dict) -> None:
    with transaction(db):
        store.transition(db, draft["id"], "send", "sent by mailcrm over SMTP", sent=store.utcnow(), sent_via="smtp")
        set_request_status(db, draft["request"], "sent")
        record_history(
            db,
            draft["customer"],
            "draft-sent",
            f"follow-up sent: {draft['purpose']} ({draft['subject']})",
            {"draft": draft["id"], "via": "smtp"},
        )


def save_copy(account: Account, message: EmailMessage) -> tuple[bool, str]:
    """A copy in Sent, like a mail client keeps; the send itself already succeeded."""
    if account.imap is None:
        return False, "no [accounts.imap]: no copy saved to Sent"
    try:
        with ImapSession(account.imap) as session:
            folder = session.find_special("\\Sent")
            if folder is None:
                return False, "no Sent folder found: no copy saved"
            session.append(folder.name, message_bytes(message), flags=("\\Seen",))
            return True, f"copy saved to {folder.name}"
    except MailcrmError as exc:
        return False, f"sent, but the copy for Sent failed: {exc}"
