"""Reading FETCH replies: whole messages, flags, INTERNALDATE and header sections.

The sync reads every message of a mailbox through here, so the usual reply shapes are
read with a few regular expressions instead of imapclient's byte-by-byte parser;
ImapSession falls back to that parser for anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from imapclient.datetime_util import parse_to_datetime
from imapclient.fixed_offset import FixedOffset


@dataclass(frozen=True)
class Fetched:
    uid: int
    flags: tuple[str, ...]
    internaldate: datetime | None
    raw: bytes


MESSAGE_ID = re.compile(rb"^Message-ID:\s*<?\s*([^>\s]+)", re.IGNORECASE | re.MULTILINE)


def decode_flags(flags) -> tuple[str, ...]:
    return tuple(sorted(f.decode() if isinstance(f, bytes) else str(f) for f in flags))


def message_flags(flags) -> tuple[str, ...]:
    """A message's flags as stored: \\Recent belongs to one session of one client and goes stale."""
    return tuple(flag for flag in decode_flags(flags) if flag.lower() != "\\recent")


def header_section(item: dict) -> bytes:
    """The BODY[HEADER…] of a FETCH item, whatever the server's spelling of its key.

    Courier echoes the field names quoted (``BODY[HEADER.FIELDS ("MESSAGE-ID")]``).
    """
    for key, value in item.items():
        if isinstance(key, bytes) and key.startswith(b"BODY[HEADER"):
            return value or b""
    return b""


# One message of a BODY.PEEK[] FLAGS INTERNALDATE reply, as servers send it:
# "12 (UID 34 FLAGS (\\Seen) INTERNALDATE "..." BODY[] {1234}", the literal, then ")".
BODY_PREFIX = re.compile(rb"\d+ \((.*)BODY\[\] \{\d+\}", re.DOTALL)
UID_ITEM = re.compile(rb"(?:^| )UID (\d+)")
LISTED_UID = re.compile(rb"[( ]UID (\d+)")
FLAGS_ITEM = re.compile(rb"(?:^| )FLAGS \(([^()]*)\)")
INTERNALDATE_ITEM = re.compile(rb'(?:^| )INTERNALDATE "([^"]+)"')


def quick_bodies(data: list, normalise_times: bool) -> list[Fetched] | None:
    """Read a whole-message FETCH reply with a few regular expressions.

    imapclient's general parser lexes every reply byte by byte in Python; for
    a first sync that was a second of CPU per 20,000 messages. Replies of any
    other shape (items after the literal, several literals) return None, and
    the caller uses imapclient's parser. Unsolicited FETCHes (a flag changed
    by another client) carry no body and are skipped, as the parser would.
    """
    fetched = []
    # imapclient's normalised times are naive local times: the zone is looked up once a batch
    local = FixedOffset.for_system() if normalise_times else None
    for position, item in enumerate(data):
        if isinstance(item, bytes):
            if item == b")" and position and isinstance(data[position - 1], tuple):
                continue  # the end of the message before
            if b"BODY[" in item or b"{" in item:
                return None
            continue
        match = BODY_PREFIX.fullmatch(item[0])
        trailer = data[position + 1] if position + 1 < len(data) else None
        if match is None or trailer != b")":
            return None
        message = quick_message(match.group(1), item[1], local)
        if message is None:
            return None
        fetched.append(message)
    return fetched


def quick_message(items: bytes, raw: bytes, local: FixedOffset | None) -> Fetched | None:
    uid, flags, when = UID_ITEM.search(items), FLAGS_ITEM.search(items), INTERNALDATE_ITEM.search(items)
    if uid is None or flags is None:
        return None
    try:
        internaldate = read_internaldate(when.group(1), local) if when else None
    except ValueError:
        internaldate = None  # as imapclient does with a date it cannot read
    return Fetched(int(uid.group(1)), message_flags(flags.group(1).split()), internaldate, raw)


# INTERNALDATE as RFC 3501 spells it: "04-Dec-2026 10:12:00 +0800" (the day may be space-padded).
INTERNALDATE = re.compile(rb" ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})")
MONTHS = {
    name: number
    for number, name in enumerate(
        (b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"), 1
    )
}


def read_internaldate(text: bytes, local: FixedOffset | None) -> datetime:
    """What imapclient's `parse_to_datetime` returns, at a fraction of its cost for the usual form.

    With `local` (the system's zone), the result is a naive local time, as
    imapclient's ``normalise_times`` gives; without, it keeps the server's offset.
    A first sync reads one per message, and imapclient goes through the general
    `email.utils` date parser: 0.25 s of the fetch thread's CPU per 20,000
    messages. Anything unusual is left to imapclient.
    """
    match = INTERNALDATE.fullmatch(text)
    month = MONTHS.get(match.group(2).lower()) if match else None
    if month is None:
        return parse_to_datetime(text, normalise=local is not None)
    day, _, year, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    zone = utc_offset((-1 if sign == b"-" else 1) * (int(zone_hours) * 60 + int(zone_minutes)))
    when = datetime(int(year), month, int(day), int(hour), int(minute), int(second), tzinfo=zone)
    return when.astimezone(local).replace(tzinfo=None) if local is not None else when


@lru_cache(maxsize=64)
def utc_offset(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))
