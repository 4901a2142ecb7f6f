"""When to send: a suggested time inside the customer's business hours, in their zone.

- Weekends follow the customer's country (Friday/Saturday in Saudi Arabia …), and
  public holidays come from the ``holidays`` package; no draft is timed on either.
- Value content and promotions (``[drafts] hold_purposes``) are also held back
  during Ramadan in Muslim-majority countries (Hijri calendar from ``hijridate``).
- Our own closures (``[holidays] closures``, e.g. Chinese New Year) hold every draft
  except a complaint reply: nobody would be there to answer the customer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from hijridate import Gregorian

from .culture import muslim_majority
from .settings import Closure, DraftSettings

SEARCH_DAYS = 400  # a hold never lasts longer than this
STEP_MINUTES = 15  # suggested times are on the quarter hour
NEVER_HELD_BY_CLOSURES = {"complaint-reply"}
GREETING_NAMES = {
    "christmas": r"christmas day|^christmas$|nativity",
    "new-year": r"^new year'?s? day$|^new year$",
    "eid-al-fitr": r"fitr|hari raya puasa|aidilfitri|lebaran|ramazan bayram",
    "eid-al-adha": r"adha|sacrifice|kurban|qurban|hari raya haji",
    "diwali": r"diwali|deepavali",
    "lunar-new-year": r"lunar new year|chinese new year|spring festival|tết|\btet\b",
}


@dataclass
class SendTime:
    at: datetime  # aware, in the customer's zone
    zone: str
    zone_known: bool
    notes: list[str] = field(default_factory=list)  # why it is later than the next business slot

    def line(self) -> str:
        text = self.at.strftime("%a %Y-%m-%d %H:%M") + f" {self.zone}"
        return text + ("" if self.zone_known else " (customer's time zone unknown)")


@dataclass
class Holiday:
    key: str  # christmas, eid-al-fitr …
    name: str
    date: date


@lru_cache(maxsize=512)
def country_calendar(country: str | None, year: int) -> tuple[dict[date, str], frozenset[int]]:
    """(public holidays, weekend weekdays) of a country; Sat/Sun and none when unknown."""
    if not country:
        return {}, frozenset({5, 6})
    try:
        found = holidays.country_holidays(country.upper(), years=year, language=english(country))
    except NotImplementedError:
        return {}, frozenset({5, 6})
    return dict(found.items()), frozenset(found.weekend)


@lru_cache(maxsize=256)
def english(country: str) -> str | None:
    """An English variant of the holiday names when the package has one."""
    try:
        languages = holidays.country_holidays(country.upper()).supported_languages
    except NotImplementedError:
        return None
    return next((lang for lang in ("en_US", "en_GB", "en") if lang in languages), None)


def in_ramadan(day: date) -> bool:
    return Gregorian.fromdate(day).to_hijri().month == 9


def zone_of(zone: str | None) -> tuple[ZoneInfo | timezone, str, bool]:
    if zone:
        try:
            return ZoneInfo(zone), zone, True
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.utc, "UTC", False


class Calendar:
    """Suggests send times; one instance per run (holiday tables are cached)."""

    def __init__(self, settings: DraftSettings, closures: list[Closure]):
        self.settings, self.closures = settings, closures

    def suggest(
        self, now: datetime, country: str | None, zone: str | None, purpose: str, not_before: date | None = None
    ) -> SendTime:
        tz, zone_name, known = zone_of(zone)
        earliest = (now + timedelta(minutes=self.settings.lead_minutes)).astimezone(tz)
        if not_before and earliest.date() < not_before:
            earliest = datetime.combine(not_before, time(0), tz)
        held: dict[str, list[date]] = {}
        for offset in range(SEARCH_DAYS):
            day = earliest.date() + timedelta(days=offset)
            reason = self.blocked(day, country, purpose)
            if reason:
                held.setdefault(reason, [day, day])[1] = day
                continue
            slot = self.slot(day, tz, earliest if offset == 0 else None)
            if slot:
                notes = [describe_hold(r, d) for r, d in held.items() if r != "weekend"]
                return SendTime(slot, zone_name, known, notes)
        raise ValueError(f"no business day within {SEARCH_DAYS} days")  # only with absurd settings

    def slot(self, day: date, tz, earliest: datetime | None) -> datetime | None:
        opens, closes = (datetime.combine(day, t, tz) for t in self.settings.business_hours)
        candidate = max(opens, earliest) if earliest else opens
        candidate = round_up(candidate)
        return candidate if candidate < closes else None

    def blocked(self, day: date, country: str | None, purpose: str) -> str | None:
        """Why nothing should be sent that day (None: it is a business day for this draft)."""
        public, weekend = country_calendar(country, day.year)
        if day.weekday() in weekend:
            return "weekend"
        if day in public:
            return f"public holiday in {country.upper()}: {public[day]}"
        if purpose in self.settings.hold_purposes and muslim_majority(country) and in_ramadan(day):
            return "Ramadan (no promotions)"
        if purpose not in NEVER_HELD_BY_CLOSURES:
            for closure in self.closures:
                if closure.start <= day <= closure.end:
                    return f"our closure: {closure.name}"
        return None

    def upcoming_holiday(self, country: str | None, today: date) -> Holiday | None:
        """The first greetable holiday in the customer's country within the greeting window."""
        wanted = self.settings.holiday_greetings
        for offset in range(1, self.settings.greeting_days_ahead + 1):
            day = today + timedelta(days=offset)
            name = country_calendar(country, day.year)[0].get(day)
            key = greeting_key(name, wanted) if name else None
            if key:
                return Holiday(key, name, day)
        return None


def greeting_key(name: str, wanted: list[str]) -> str | None:
    for key in wanted:
        if re.search(GREETING_NAMES[key], name, re.IGNORECASE):
            return key
    return None


def round_up(moment: datetime) -> datetime:
    moment = moment.replace(second=0, microsecond=0)
    extra = (-moment.minute) % STEP_MINUTES
    return moment + timedelta(minutes=extra)


def describe_hold(reason: str, days: list[date]) -> str:
    first, last = days
    span = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    return f"{reason}, {span}"
