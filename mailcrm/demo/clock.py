"""Time in the sample: each party's local time with its own DST rules, and dates as mail clients write them.

The DST rules are our own so the output does not depend on the machine's tz database.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache


def _last_sunday(year: int, month: int) -> date:
    d = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def _nth_sunday(year: int, month: int, n: int) -> date:
    d = date(year, month, 1)
    d += timedelta(days=(6 - d.weekday()) % 7)
    return d + timedelta(days=7 * (n - 1))


# zone -> (standard offset minutes, DST rule or None)
_ZONES: dict[str, tuple[int, str | None]] = {
    "CN": (480, None),
    "EU_C": (60, "eu"),
    "EU_W": (0, "eu"),
    "EU_E": (120, "eu"),
    "US_C": (-360, "us"),
    "US_E": (-300, "us"),
    "US_P": (-480, "us"),
    "US_M": (-420, "us"),
    "BR": (-180, None),
    "MX": (-360, None),
    "RU": (180, None),
    "AE": (240, None),
    "SA": (180, None),
    "TR": (180, None),
    "JP": (540, None),
    "IN": (330, None),
    "VN": (420, None),
    "AU": (600, "au"),
    "EG": (120, None),
    "CO": (-300, None),
    "SG": (480, None),
}


@lru_cache(maxsize=16384)
def _offset_minutes(zone: str, local_day: date) -> int:
    std, rule = _ZONES[zone]
    if rule is None:
        return std
    y = local_day.year
    if rule == "eu":
        dst = _last_sunday(y, 3) <= local_day < _last_sunday(y, 10)
    elif rule == "us":
        dst = _nth_sunday(y, 3, 2) <= local_day < _nth_sunday(y, 11, 1)
    else:  # southern hemisphere: summer time from first Sunday of October to first of April
        dst = not (_nth_sunday(y, 4, 1) <= local_day < _nth_sunday(y, 10, 1))
    return std + 60 if dst else std


_WDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_datetime(d: datetime) -> str:  # noqa: F811 - same output as email.utils.format_datetime, faster
    off = int(d.utcoffset().total_seconds()) // 60
    sign = "-" if off < 0 else "+"
    off = abs(off)
    return "%s, %02d %s %04d %02d:%02d:%02d %s%02d%02d" % (
        _WDAYS[d.weekday()],
        d.day,
        _MONS[d.month - 1],
        d.year,
        d.hour,
        d.minute,
        d.second,
        sign,
        off // 60,
        off % 60,
    )


@lru_cache(maxsize=64)
def _tz(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


CN_TZ = _tz(480)


def _local_dt(zone: str, day: date, seconds: int) -> datetime:
    """A tz-aware datetime at ``seconds`` after local midnight of ``day`` in ``zone``."""
    tz = _tz(_offset_minutes(zone, day))
    return datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(seconds=seconds)


_EN_WDAY = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MON = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _long_date(d: datetime) -> str:
    h = d.hour % 12 or 12
    return "%s, %s %d, %d %d:%02d %s" % (
        _EN_WDAY[d.weekday()],
        _EN_MON[d.month - 1],
        d.day,
        d.year,
        h,
        d.minute,
        "AM" if d.hour < 12 else "PM",
    )


def _short_date(d: datetime) -> str:
    h = d.hour % 12 or 12
    return "%s, %s %d, %d at %d:%02d %s" % (
        _EN_WDAY[d.weekday()][:3],
        _EN_MON[d.month - 1][:3],
        d.day,
        d.year,
        h,
        d.minute,
        "AM" if d.hour < 12 else "PM",
    )
