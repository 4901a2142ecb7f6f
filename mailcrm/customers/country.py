"""Countries: names and aliases (data/countries.tsv), a domain's ccTLD or a phone's calling
code read as a country, and the time zone (picked by the mail's UTC offsets where a country
has several). Shared by filing, the drafts (names, zones) and the digests.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers.timezone import time_zones_for_geographical_number


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    calling: str
    zone: str


@lru_cache(maxsize=1)
def countries() -> tuple[dict[str, Country], dict[str, str]]:
    """(code -> Country, lower-case name or alias -> code)."""
    text = resources.files("mailcrm").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    by_code: dict[str, Country] = {}
    names: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name, calling, zone, aliases = line.split("\t")
        by_code[code] = Country(code, name, calling, zone)
        for alias in [code, name, *aliases.split(",")]:
            if alias.strip():
                names[alias.strip().casefold()] = code
    return by_code, names


def country_code(text: str | None) -> str | None:
    """ISO code for 'DE', 'Germany', 'Deutschland', '德国' …; None when unknown."""
    if not text or not text.strip():
        return None
    key = text.strip().casefold().rstrip(".")
    names = countries()[1]
    if key in names:
        return names[key]
    key = re.sub(r"\s+", " ", key.replace("_", " "))
    return names.get(key)


def country_name(code: str | None) -> str:
    if not code:
        return ""
    found = countries()[0].get(code)
    return found.name if found else code


# ccTLDs that are sold as generic names (.io, .co, .ai …) say nothing about a country.
GENERIC_CCTLDS = {
    "io",
    "co",
    "me",
    "tv",
    "cc",
    "ai",
    "ws",
    "fm",
    "to",
    "nu",
    "tk",
    "gg",
    "la",
    "ly",
    "sh",
    "ac",
    "vc",
    "am",
    "eu",
    "asia",
    "app",
    "dev",
}


def country_from_domain(domain: str) -> str | None:
    tld = domain.rsplit(".", 1)[-1].lower()
    if tld in GENERIC_CCTLDS or len(tld) != 2:
        return None
    code = "GB" if tld == "uk" else tld.upper()
    return code if code in countries()[0] else None


@dataclass(frozen=True)
class PhonePlace:
    country: str
    zones: tuple[str, ...]  # IANA zones the number's area can be in (one for most numbers)


@lru_cache(maxsize=4096)
def phone_place(number: str) -> PhonePlace | None:
    """Country and zones of an international number (+1 416 …, 0049 …, (+86) …), read with
    libphonenumber's data (phonenumbers): +1 416 is Canada, +1 876 Jamaica, +1 787 Puerto Rico.
    None for local numbers (no country code) and what is not a phone number."""
    text = number.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("(+"):
        text = "+" + text[2:].replace(")", " ", 1)
    if not text.startswith("+"):
        return None
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    # For a number outside the data's ranges, the region its prefix belongs to; else the
    # calling code's main region (+1 → US).
    region = phonenumbers.region_code_for_number(parsed) or phonenumbers.region_code_for_country_code(
        parsed.country_code
    )
    if not region or region == phonenumbers.UNKNOWN_REGION:
        return None
    zones = tuple(LEGACY_ZONES.get(z, z) for z in time_zones_for_geographical_number(parsed) if z != "Etc/Unknown")
    return PhonePlace(region, zones)


# Old IANA names in libphonenumber's data, by the names the zone database uses now.
LEGACY_ZONES = {
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Rangoon": "Asia/Yangon",
    "Europe/Kiev": "Europe/Kyiv",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "Atlantic/Faeroe": "Atlantic/Faroe",
    "Asia/Ulan_Bator": "Asia/Ulaanbaatar",
}


def country_from_phone(number: str) -> str | None:
    """Country of an international number (+49 …, 0049 …); None for local numbers."""
    found = phone_place(number)
    return found.country if found else None


# Countries spanning several time zones: the zone is picked by the UTC offset of their mail.
ZONE_CHOICES = {
    "US": [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
    ],
    "CA": ["America/Toronto", "America/Halifax", "America/Winnipeg", "America/Edmonton", "America/Vancouver"],
    "BR": ["America/Sao_Paulo", "America/Manaus"],
    "MX": ["America/Mexico_City", "America/Cancun", "America/Tijuana"],
    "RU": [
        "Europe/Moscow",
        "Europe/Samara",
        "Asia/Yekaterinburg",
        "Asia/Novosibirsk",
        "Asia/Krasnoyarsk",
        "Asia/Irkutsk",
        "Asia/Vladivostok",
    ],
    "AU": ["Australia/Sydney", "Australia/Brisbane", "Australia/Adelaide", "Australia/Perth"],
    "ID": ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"],
    "KZ": ["Asia/Almaty", "Asia/Aqtobe"],
}


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone_for(country: str | None, offsets: list[tuple[str, int]] | None = None) -> str | None:
    """IANA zone for a country; offsets [(iso date, minutes)] choose among several zones."""
    if not country:
        return None
    found = countries()[0].get(country)
    if found is None:
        return None
    choices = ZONE_CHOICES.get(country)
    if not choices or not offsets:
        return found.zone
    return by_offsets(choices, offsets, first=True) or found.zone


def by_offsets(
    choices: list[str], offsets: list[tuple[str, int]], *, unique: bool = False, first: bool = False
) -> str | None:
    """The zone whose UTC offset matches most of their mail (unique: only when no other matches;
    first: a message votes only for the first of the choices it fits)."""
    votes: Counter = Counter()
    for when, minutes in offsets:
        try:
            moment = datetime.fromisoformat(when)
        except (TypeError, ValueError):
            continue
        for choice in choices:
            offset = moment.astimezone(zone(choice)).utcoffset()
            if offset is not None and int(offset.total_seconds() // 60) == minutes:
                votes[choice] += 1
                if first:
                    break
    if not votes:
        return None
    ranked = votes.most_common()
    if unique and len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]
