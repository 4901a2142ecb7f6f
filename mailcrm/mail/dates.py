"""The date of a message: its Date header in any dialect seen in mail, else INTERNALDATE or Received."""

from __future__ import annotations

import email.utils
import re
from datetime import datetime, timedelta, timezone

from .headers import COMMENT, Ctx, first_value, snip, to_bytes, unfold


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_OLDEST_SANE = datetime(1990, 1, 1, tzinfo=timezone.utc)
_FUTURE_SLACK = timedelta(days=2)


_CN_WEEKDAY = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天]")
_CN_MONTH = re.compile(r"(十[一二]?|[一二三四五六七八九])月")
_CN_MONTHS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_MONTH_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b", re.I)
_COLON_ZONE = re.compile(r"([+-])(\d{2}):(\d{2})\b")
_NUMERIC_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?[T\s,]*"
    r"(\d{1,2})[:时](\d{2})(?:[:分](\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{4})?",
    re.I,
)


# The form nearly every client writes ("Thu, 3 Dec 2026 22:57:36 +0800"), read
# without the dialect rewriting and email.utils: 5% of parsing went to dates.
# Anything else, or an impossible zone, takes the general path below.
_STRICT_DATE = re.compile(
    r"[ \t]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9]\d{3}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})([0-5]\d)[ \t]*"
)
_MONTH_NUMBER = {name: number for number, name in enumerate(_MONTH_ABBR, 1)}


def strict_date(value: str) -> tuple[datetime, int | None] | None:
    """(aware datetime, minutes east of UTC) of a plain RFC 5322 date; None otherwise.

    Years below 1000 are left to email.utils, which reads "0001" as 2001.
    """
    m = _STRICT_DATE.fullmatch(value)
    if m is None:
        return None
    day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = m.groups()
    offset = int(zone_hours) * 60 + int(zone_minutes)
    if offset > 14 * 60:
        return None  # a typo, not a zone: the general path reports it
    offset = -offset if sign == "-" else offset
    try:
        dt = datetime(
            int(year),
            _MONTH_NUMBER[month],
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=timezone(timedelta(minutes=offset)),
        )
    except ValueError:  # 31 Feb, hour 25: the general path gives up on it the same way
        return None
    return dt, offset


def _normalize_date_text(value: str) -> str:
    """Rewrite dialects (comments, 'GMT+8', '+08:00', Chinese names) into RFC 2822 tokens."""
    text = COMMENT.sub(" ", unfold(value))
    text = _CN_WEEKDAY.sub(" ", text)
    text = _CN_MONTH.sub(lambda m: f" {_MONTH_ABBR[_CN_MONTHS[m.group(1)] - 1]} ", text)
    text = _GMT_OFFSET.sub(lambda m: f"{m.group(1)}{int(m.group(2)):02d}{m.group(3) or '00'}", text)
    return _COLON_ZONE.sub(r"\1\2\3", text)


def parse_date(value: str | None, ctx: Ctx | None = None) -> datetime | None:
    """Any date dialect seen in mail -> aware UTC datetime, or None."""
    if not value or not value.strip():
        return None
    try:
        strict = strict_date(value)
        if strict is not None:
            return strict[0].astimezone(timezone.utc)
        text = _normalize_date_text(to_bytes(value).decode("utf-8", "replace"))
        dt = _parse_numeric_date(text) or _parse_rfc2822_date(text, ctx)
        return dt.astimezone(timezone.utc) if dt else None
    except (ValueError, OverflowError):  # 31 Feb, hour 25; 31 Dec 9999 west of UTC is past year 9999
        return None


def _parse_rfc2822_date(text: str, ctx: Ctx | None) -> datetime | None:
    try:
        parts = email.utils.parsedate_tz(text)
    except (ValueError, IndexError, TypeError):
        return None
    if not parts:
        return None
    offset = parts[9] or 0
    if abs(offset) > 14 * 3600:  # "+8000" is a typo, not a zone
        if ctx:
            ctx.defect(f"Date {snip(text)}: impossible zone offset ignored")
        offset = 0
    return datetime(*parts[:6], tzinfo=timezone(timedelta(seconds=offset)))


def _parse_numeric_date(text: str) -> datetime | None:
    """ISO-like and Chinese '2024年3月5日 14:22' dates some clients write."""
    m = _NUMERIC_DATE.search(text)
    if not m:
        return None
    year, month, day, hour, minute = (int(g) for g in m.groups()[:5])
    zone = m.group(7) or "+0000"  # no zone: UTC is as good a guess as any
    offset = 0 if zone.upper() == "Z" else int(zone[1:3]) * 60 + int(zone[3:5])
    tz = timezone(timedelta(minutes=-offset if zone.startswith("-") else offset))
    return datetime(year, month, day, hour, minute, int(m.group(6) or 0), tzinfo=tz)


def _sane(dt: datetime, reference: datetime) -> bool:
    try:
        latest = reference + _FUTURE_SLACK
    except OverflowError:  # an INTERNALDATE in the last days of year 9999
        latest = reference
    return _OLDEST_SANE <= dt <= latest


def _as_utc(dt: datetime) -> datetime | None:
    try:
        return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)
    except OverflowError:  # an INTERNALDATE of 31 Dec 9999 west of UTC
        return None


def pick_date(heads: dict[str, list[str]], internaldate: datetime | None, ctx: Ctx) -> tuple[datetime, str]:
    """Date header if plausible, else INTERNALDATE, else newest Received, else epoch."""
    now = datetime.now(timezone.utc)
    internaldate = _as_utc(internaldate) if internaldate else None
    reference = internaldate or now
    raw = first_value(heads, "date")
    header = parse_date(raw, ctx)
    if header and _sane(header, reference):
        return header, "header"
    ctx.defect("no Date header" if raw is None else f"implausible or unreadable Date {snip(raw)}")
    if internaldate:
        return reference, "internaldate"
    received = _newest_received(heads.get("received", []), now)
    if received:
        return received, "received"
    return (header, "header") if header else (EPOCH, "none")


def _newest_received(values: list[str], now: datetime) -> datetime | None:
    # The date follows the last ';' of each Received header (RFC 5321 trace fields).
    dates = (parse_date(v.rpartition(";")[2]) for v in values if ";" in v)
    sane = [d for d in dates if d and _sane(d, now)]
    return max(sane, default=None)


def utc_offset(value: str | None) -> int | None:
    """Minutes east of UTC as the Date header's first line states them."""
    if not value:
        return None
    strict = strict_date(value)
    if strict is not None:
        return strict[1]
    parsed = email.utils.parsedate_tz(value.split("\n")[0].strip())
    if not parsed or parsed[9] is None or abs(parsed[9]) > 14 * 3600:
        return None  # "+9900" is a typo, not where the sender is
    return parsed[9] // 60
