"""Small RFC 5322 messages for tests, built with the stdlib email package."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

BASE_DATE = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def make_message(
    n: int = 0,
    *,
    subject: str | None = None,
    sender: str = "hans@acme-armaturen.de",
    to: str = "lisa@hengtai-valve.com",
    body: str | None = None,
    message_id: str | None = "auto",
    in_reply_to: str | None = None,
    attachment: tuple[str, bytes] | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject if subject is not None else f"Inquiry {n}: DN50 ball valves"
    msg["Date"] = format_datetime(BASE_DATE + timedelta(hours=n))
    if message_id == "auto":
        msg["Message-ID"] = f"<test-{n}@acme-armaturen.de>"
    elif message_id:
        msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content(body if body is not None else f"Please quote 500 pcs, message number {n}.\n")
    if attachment:
        msg.add_attachment(attachment[1], maintype="application", subtype="pdf", filename=attachment[0])
    return bytes(msg).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
