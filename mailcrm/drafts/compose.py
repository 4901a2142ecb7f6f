"""Build a draft the way a mail client would: safe headers, reply threading,
the quoted customer message, and a multipart/alternative UTF-8 MIME message.

Everything that came from a customer (names, subjects, bodies) is treated as
data: header values lose CR, LF, NUL and other control characters before they
reach a header, and quoted text is escaped before it reaches the HTML part.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime

from markupsafe import Markup

from ..errors import MailcrmError
from .localdates import date_and_time
from .templating import paragraphs

ID_HEADERS = frozenset({"message-id", "in-reply-to", "references"})
MAX_MESSAGE_ID = 900  # with "References: <" and ">" a line stays under RFC 5322's 998 bytes


class DraftPolicy(EmailPolicy):
    """The SMTP policy, except that Message-ID, In-Reply-To and References are written as they are.

    The email package folds a long unstructured value (an Outlook Message-ID is over 100
    characters) into RFC 2047 encoded words (CPython gh-100991). Mail clients compare the ids
    literally, so a reply draft with ``In-Reply-To: =?utf-8?q?=3CPA4PR…`` drops out of its thread.
    Here the ids are folded between ids only, never inside one and never encoded.
    """

    def fold(self, name, value):
        return folded_ids(name, value, self) or super().fold(name, value)

    def fold_binary(self, name, value):
        folded = folded_ids(name, value, self)
        return folded.encode("ascii") if folded else super().fold_binary(name, value)


def folded_ids(name: str, value, policy: EmailPolicy) -> str | None:
    """``References: <a> <b>`` with CRLF + space before an id that would pass the line length;
    None for other headers, and for values that are not plain ASCII ids (left to the email package)."""
    ids = str(value).split()
    if name.lower() not in ID_HEADERS or not ids or not all(i.isascii() and i.isprintable() for i in ids):
        return None
    limit = policy.max_line_length or 78
    lines, line = [], f"{name}: {ids[0]}"
    for item in ids[1:]:
        if len(line) + 1 + len(item) > limit:
            lines.append(line)
            line = ""
        line += " " + item
    return policy.linesep.join(lines + [line]) + policy.linesep


# 7bit: every body part is quoted-printable or base64, whatever the server accepts.
POLICY = DraftPolicy(linesep="\r\n", cte_type="7bit", max_line_length=78)
DRAFT_HEADER = "X-Mailcrm-Draft"
MAX_REFERENCES = 20
MAX_HEADER_TEXT = 250

ATTRIBUTION = {
    "en": "On {date} at {time}, {name} wrote:",
    "de": "Am {date} um {time} schrieb {name}:",
    "es": "El {date}, a las {time}, {name} escribió:",
    "fr": "Le {date} à {time}, {name} a écrit :",
    "pt": "Em {date}, às {time}, {name} escreveu:",
    "it": "Il giorno {date} alle ore {time}, {name} ha scritto:",  # as Gmail: no "Il 8" / "L'8" to get wrong
    "ru": "{date}, в {time}, {name} пишет:",
    "ar": "في {date}، الساعة {time}، كتب {name}:",
    "tr": "{date} {time} tarihinde {name} şunu yazdı:",
    "zh": "{name} 于 {date} {time} 写道：",
    "zh-TW": "{name} 於 {date} {time} 寫道：",
    "ja": "{date} {time}、{name} さんは書きました：",
}
# Reply and forward prefixes in the languages customers write in, stacked or not: "AW: WG:",
# "YNT: İLT:", "回复：转发：", "Re[2]:" … all go, and the reply gets one "Re: ".
PREFIXES = (
    # reply: en, pt (res), de (aw, antw), nordic (sv, vs), tr (ynt, cvp), es (rv: reenviar is below), it, pl, fr
    "re|res|aw|antw|antwort|sv|vs|ynt|cvp|r|rif|odp|ref|réf|"
    # forward: en, de (wg), fr (tr), pt (enc), es (rv), it (i), pl (pd), nl (doorst), nordic (vb, vl), tr (ilt)
    "fwd|fw|wg|tr|enc|rv|i|pd|doorst|vb|vl|ilt|İlt|İLT|"
    "השב|הועבר|απ|σχετ|πρθ|ответ|отв|пересл|переслано|"
    "回复|回覆|答复|答覆|转发|轉寄|轉發|返信|転送|답장|회신|전달|رد|إعادة توجيه"
)
REPLY_PREFIX = re.compile(rf"^\s*((?:{PREFIXES})\s*(\[\d+\]|\(\d+\))?\s*[:：]\s*)+", re.IGNORECASE)
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


class ComposeError(MailcrmError):
    """A draft cannot be turned into a safe mail (e.g. an unusable address)."""


@dataclass
class Parent:
    """The message a reply continues (the customer's last message in the thread)."""

    message_id: str | None
    references: list[str]
    subject: str
    from_name: str
    from_email: str
    date: str | None  # ISO 8601
    body_text: str


@dataclass
class Envelope:
    from_name: str
    from_email: str
    to_name: str
    to_email: str
    subject: str
    message_id: str  # without angle brackets
    token: str  # mailcrm's own id, in the X-Mailcrm-Draft header
    language: str = "en"
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)


# -- header safety ----------------------------------------------------------------


def clean_header_text(value: str | None, limit: int = MAX_HEADER_TEXT) -> str:
    """One line of text fit for a header: control characters (CR, LF, NUL, TAB …)
    and Unicode line separators become spaces, runs of spaces collapse."""
    text = unicodedata.normalize("NFC", value or "")
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return re.sub(r"\s+", " ", text).strip()[:limit]


def checked_email(value: str | None) -> str:
    """A plain addr-spec or ComposeError: never a place to smuggle in a header."""
    text = (value or "").strip()
    if not EMAIL.match(text) or len(text) > 254:
        raise ComposeError(f"not a usable email address: {clean_header_text(text, 80)!r}")
    return text


def checked_message_id(value: str) -> str:
    text = value.strip().strip("<>")
    if len(text) > MAX_MESSAGE_ID or not re.fullmatch(r"[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+", text):
        raise ComposeError(f"not a usable Message-ID: {clean_header_text(text, 80)!r}")
    return text


def address(name: str, email: str) -> Address:
    return Address(display_name=clean_header_text(name, 120), addr_spec=checked_email(email))


# -- ids and threading -------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_hex(10)


def message_id_for(token: str, from_email: str) -> str:
    domain = checked_email(from_email).rsplit("@", 1)[1].lower()
    return f"mailcrm.{token}@{domain}"


def reply_subject(subject: str) -> str:
    """ "AW: WG: Angebot" -> "Re: Angebot", "Re: YNT: fiyat" -> "Re: fiyat": one Re:, as mail clients write it."""
    rest = REPLY_PREFIX.sub("", clean_header_text(subject))
    return f"Re: {rest}" if rest else "Re:"


def thread_references(parent: Parent) -> list[str]:
    """References of a reply: the parent's own references plus the parent (RFC 5322 3.6.4)."""
    chain = [r for r in parent.references if safe_id(r)]
    if parent.message_id and safe_id(parent.message_id):
        chain.append(parent.message_id.strip("<>"))
    unique = list(dict.fromkeys(chain))
    # Keep the thread root and the newest ones when the chain is long.
    return unique if len(unique) <= MAX_REFERENCES else unique[:1] + unique[-(MAX_REFERENCES - 1) :]


def safe_id(value: str) -> bool:
    try:
        checked_message_id(value)
    except ComposeError:
        return False
    return True


# -- quoting -------------------------------------------------------------------------------


@dataclass
class Quote:
    text: str
    html: Markup


def quote(parent: Parent, language: str, tz: str | None, max_lines: int) -> Quote:
    """The parent quoted below the reply, with a "On …, … wrote:" line in the draft's language."""
    line = attribution(parent, language, tz)
    body = quoted_lines(parent.body_text, max_lines)
    text = line + "\n" + "\n".join(quote_line(b) for b in body)
    html = Markup(
        '<div class="mailcrm-quote"><p>{}</p><blockquote type="cite" style="margin:0 0 0 .8ex;'
        'border-left:1px solid #ccc;padding-left:1ex">{}</blockquote></div>'
    ).format(line, paragraphs("\n".join(body)))
    return Quote(text + "\n", html)


def quote_line(line: str) -> str:
    if not line:
        return ">"
    return ">" + ("" if line.startswith(">") else " ") + line


def attribution(parent: Parent, language: str, tz: str | None) -> str:
    base = language.split("-")[0]
    traditional = language in ("zh-TW", "zh-HK", "zh-MO")  # the Traditional Chinese templates
    template = ATTRIBUTION["zh-TW"] if traditional else ATTRIBUTION.get(base, ATTRIBUTION["en"])
    name = clean_header_text(parent.from_name) or parent.from_email
    when = date_and_time(parent.date, base if base in ATTRIBUTION else "en", tz)
    day, _, time = when.rpartition(" ")
    return template.format(date=day or when, time=time if day else "", name=name)


def quoted_lines(body: str, max_lines: int) -> list[str]:
    lines = (body or "").replace("\r\n", "\n").replace("\r", "\n").rstrip().split("\n")
    lines = ["".join(ch for ch in line if ch == "\t" or unicodedata.category(ch) != "Cc") for line in lines]
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines] + ["[…]"]
    return lines


def with_quote(text: str, html: str, q: Quote | None) -> tuple[str, str]:
    """The reply above, the quote below: what Thunderbird and Outlook produce."""
    if q is None:
        return text, html
    full_text = text.rstrip("\n") + "\n\n" + q.text
    at = html.lower().rfind("</body>")
    full_html = html[:at] + str(q.html) + "\n" + html[at:] if at >= 0 else html + str(q.html)
    return full_text, full_html


# -- the MIME message -------------------------------------------------------------------------


def build_message(envelope: Envelope, text: str, html: str, date: datetime | None = None) -> EmailMessage:
    msg = EmailMessage(policy=POLICY)
    msg["From"] = address(envelope.from_name, envelope.from_email)
    msg["To"] = address(envelope.to_name, envelope.to_email)
    msg["Subject"] = clean_header_text(envelope.subject, 400)
    msg["Date"] = format_datetime((date or datetime.now(UTC)).astimezone())
    msg["Message-ID"] = f"<{checked_message_id(envelope.message_id)}>"
    if envelope.in_reply_to and safe_id(envelope.in_reply_to):
        msg["In-Reply-To"] = f"<{envelope.in_reply_to.strip('<>')}>"
    refs = [r.strip("<>") for r in envelope.references if safe_id(r)]
    if refs:
        msg["References"] = " ".join(f"<{r}>" for r in refs)
    msg[DRAFT_HEADER] = re.sub(r"[^0-9a-f]", "", envelope.token)
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    for part in msg.iter_parts():
        del part["MIME-Version"]  # add_alternative copies it into the part; it belongs on top only
    # After set_content, which clears the message's Content-* headers.
    msg["Content-Language"] = re.sub(r"[^A-Za-z-]", "", envelope.language) or "en"
    return msg


def message_bytes(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=POLICY)
