"""Send digests and alerts as mail (SMTP through ``smtp.deliver``), each once.

A digest is recorded in ``digest_log`` before it is handed to the server and
marked sent after; a day's digest for a person is never sent twice, so the
nightly run can be repeated safely. The alerts a mail carries are marked
delivered in the same transaction that marks it sent.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from ..clock import utcnow
from ..config import Account, Config
from ..db import transaction
from .digest_text import Document
from ..errors import MailcrmError
from .schema import ensure_schema
from .settings import digest_settings, sending_account


@dataclass
class MailReport:
    sent: list[str] = field(default_factory=list)  # "salesperson digest to Lisa Chen <lisa@…>"
    skipped: list[str] = field(default_factory=list)  # already sent today, no address …
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        return [f"sent {line}" for line in self.sent] + [f"not sent: {line}" for line in self.skipped]

    def as_dict(self) -> dict:
        return asdict(self) | {"ok": self.ok}


def one_line(text: str) -> str:
    """Header-safe: no CR/LF or other control characters, whatever a customer's name holds."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())


def compose(document: Document, sender: Account, now: datetime | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr(("mailcrm", sender.email))
    message["To"] = formataddr((one_line(document.person), document.email or ""))
    message["Subject"] = one_line(document.subject)
    message["Date"] = format_datetime(now or datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(document.kind, domain=sender.email.split("@", 1)[1])
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: vacation replies must not answer it
    message["X-Mailcrm-Digest"] = f"{document.kind}; {document.day}"
    message.set_content(document.text())
    message.add_alternative(document.html(), subtype="html")
    return message


def sender_for(config: Config) -> Account:
    account = sending_account(config, digest_settings(config))
    if account is None or account.smtp is None:
        name = account.name if account else "none"
        raise MailcrmError(
            f"no account with [accounts.smtp] to send from (digest account: {name}); "
            "set [digest] account to one that has SMTP settings"
        )
    return account


def deliver(account: Account, message: EmailMessage) -> None:
    from ..drafts.smtp import deliver as smtp_deliver  # aiosmtplib loads only when mail is really sent

    smtp_deliver(account.smtp, message)


# -- digests ----------------------------------------------------------------------------------------


def send_digests(db, config: Config, documents: list[Document]) -> MailReport:
    """Send each digest that has an address and was not sent today; one failing does not stop the rest."""
    ensure_schema(db)
    report = MailReport()
    sender: Account | None = None
    for document in documents:
        label = f"{document.kind} digest to {document.person}"
        if not document.email:
            report.skipped.append(f"{label}: no address (set [digest] manager_email)")
            continue
        if already_sent(db, document):
            report.skipped.append(f"{label}: already sent for {document.day}")
            continue
        try:
            sender = sender or sender_for(config)
            send_digest(db, document, sender)
            report.sent.append(f"{label} <{document.email}>")
        except MailcrmError as exc:
            report.problems.append(f"{label}: {exc}")
    return report


def already_sent(db, document: Document) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM digest_log WHERE day = ? AND kind = ? AND person = ?",
            [document.day, document.kind, document.person],
        ).fetchone()
        is not None
    )


def send_digest(db, document: Document, sender: Account) -> None:
    message = compose(document, sender)
    with transaction(db):  # the intent first: a crash after the server took it never sends it twice
        pk = db.execute(
            "INSERT INTO digest_log (day, kind, person, recipient, status, subject, message_id, started) "
            "VALUES (?, ?, ?, ?, 'sending', ?, ?, ?)",
            [
                document.day,
                document.kind,
                document.person,
                document.email,
                message["Subject"],
                message["Message-ID"].strip("<>"),
                utcnow(),
            ],
        ).lastrowid
    try:
        deliver(sender, message)
    except BaseException:
        with transaction(db):
            db.execute("DELETE FROM digest_log WHERE id = ?", [pk])
        raise
    with transaction(db):
        db.execute("UPDATE digest_log SET status = 'sent', sent = ? WHERE id = ?", [utcnow(), pk])
        mark_delivered(db, document.alert_ids)


def mark_delivered(db, alert_ids: list[int]) -> None:
    now = utcnow()
    for alert in alert_ids:
        db.execute("UPDATE alerts SET delivered = ? WHERE id = ? AND delivered IS NULL", [now, alert])
