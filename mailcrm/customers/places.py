"""Where a signature says its writer is: the city, region or country of an address line.

The gazetteer is data (data/places.tsv: major trade cities, US states, Canadian provinces,
Australian states, Chinese provinces, each with its time zone) beside the country names of
data/countries.tsv (in the languages mailcrm reads). A Latin-script line counts only when one
of its parts ("Atlanta", "GA 30303", "USA" in "Atlanta, GA 30303, USA") is made of known
names alone, postal codes and numbers aside: a person called Sydney or a sentence naming a
port does not place anyone. Chinese, Japanese and Korean addresses have no separators, so
there the first name found in the line counts ("中国浙江省宁波市…": China, Zhejiang, Ningbo;
the road named after another city comes later).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .country import countries


@dataclass(frozen=True)
class Name:
    kind: str  # city, region, country
    country: str
    zone: str | None
    name: str  # as the gazetteer writes it


@dataclass(frozen=True)
class Place:
    country: str
    zone: str | None  # the city's or region's zone; None: the country's own
    text: str  # the address line(s) it was read from


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SEPARATORS = re.compile(r"\s*(?:[,;|·•/،、，；]|\s[-–—]\s|\t)\s*")
_LABEL = re.compile(r"^[^\W\d][\w .]{0,18}[:：]\s*")
_WORD = re.compile(r"[^\s()]+")
_HAS_DIGIT = re.compile(r"\d")
_SHORT = re.compile(r"^[^\W\d_A-ZА-Я][^\W\d_]{0,3}\.$")  # lower-case abbreviations: г. ul. str.
# A CJK line is read only when it looks like an address or a company (whose name starts with its city).
_CJK_SENTENCE = re.compile(r"[。！？!?]|我们|我司|請|请")
_CJK_ADDRESS = re.compile(r"地址|住所|所在地|주소|[省市区區県縣州都府道구시군]|公司|会社")


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, tuple[Name, ...]], dict[str, tuple[Name, ...]], list[tuple[str, Name]]]:
    """(casefolded name -> names, abbreviation -> regions, CJK names longest first)."""
    names: dict[str, list[Name]] = {}
    abbreviations: dict[str, list[Name]] = {}
    cjk: list[tuple[str, Name]] = []

    def add(key: str, entry: Name) -> None:
        key = key.strip()
        if not key:
            return
        names.setdefault(key.casefold(), []).append(entry)
        # Katakana of two letters hides inside longer words (タイ in ネクタイ): not searched.
        if _CJK.search(key) and (len(key) >= 3 or not re.fullmatch(r"[\u30a0-\u30ff]+", key)):
            cjk.append((key, entry))

    text = resources.files("mailcrm").joinpath("data/places.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, country, zone, name, abbreviation, others = line.split("\t")
        entry = Name(kind, country, zone, name)
        for alias in [name, *others.split(",")]:
            add(alias, entry)
        if abbreviation:
            abbreviations.setdefault(abbreviation, []).append(entry)
    by_code, aliases = countries()
    for alias, code in aliases.items():
        # Every name and alias, but not the bare ISO code: "DE" after a comma is Delaware, "CA" California.
        if alias != code.casefold() or alias == "us":
            add(alias, Name("country", code, None, by_code[code].name))
    cjk.sort(key=lambda item: -len(item[0]))
    return ({k: tuple(v) for k, v in names.items()}, {k: tuple(v) for k, v in abbreviations.items()}, cjk)


def place_in(lines: list[str]) -> Place | None:
    """The place an address in these signature lines names; None when none does."""
    found: list[tuple[int, Name, str]] = []  # (line number, name, line)
    for number, line in enumerate(lines):
        text = line.strip()
        if not text or "@" in text or "www." in text.lower() or "http" in text.lower() or len(text) > 160:
            continue
        for name in names_in(text):
            found.append((number, name, text))
    if not found:
        return None
    return decide(found)


def decide(found: list[tuple[int, Name, str]]) -> Place | None:
    """The country most names agree on, its city's zone, else its region's.

    A tie goes to a country name, then a region, then the earlier name: "London, ON" is in
    Canada, "Tbilisi, Georgia" in Georgia and "Atlanta, Georgia" in the United States.
    """
    votes: Counter = Counter()
    first: dict[str, int] = {}
    for position, (_, name, _) in enumerate(found):
        votes[name.country] += 1 + {"country": 0.1, "region": 0.05}.get(name.kind, 0)
        first.setdefault(name.country, position)
    country = max(votes, key=lambda c: (votes[c], -first[c]))
    mine = [(n, name, line) for n, name, line in found if name.country == country]
    zone = next((name.zone for _, name, _ in mine if name.kind == "city" and name.zone), None)
    zone = zone or next((name.zone for _, name, _ in mine if name.kind == "region" and name.zone), None)
    lines = list(dict.fromkeys(line for _, _, line in mine))
    text = " / ".join(lines)
    return Place(country, zone, text if len(text) <= 100 else text[:99] + "…")


def names_in(line: str) -> list[Name]:
    """Every place named in one line (an entry can have several readings: Georgia)."""
    if _CJK.search(line):
        # An address or a company name, not a sentence ("请报FOB宁波…" names a port, not them).
        if len(line) > 50 or _CJK_SENTENCE.search(line) or not _CJK_ADDRESS.search(line):
            return []
        return cjk_names(line)
    result: list[Name] = []
    for index, segment in enumerate(s for s in _SEPARATORS.split(line) if s):
        result += segment_names(segment, first=index == 0)
    return result


def cjk_names(line: str) -> list[Name]:
    """Names in a CJK address, in the order written (country, province, city …), first of each kind."""
    hits: list[tuple[int, Name]] = []
    taken: list[tuple[int, int]] = []
    for key, entry in gazetteer()[2]:
        start = line.find(key)
        while start >= 0:
            end = start + len(key)
            if not any(a < end and start < b for a, b in taken):
                taken.append((start, end))
                hits.append((start, entry))
                break
            start = line.find(key, start + 1)
    hits.sort(key=lambda h: h[0])
    result: list[Name] = []
    kinds: set[str] = set()
    for _, entry in hits:
        if entry.kind not in kinds:  # a road named after another city comes after the city
            kinds.add(entry.kind)
            result.append(entry)
    return result


def segment_names(segment: str, *, first: bool) -> list[Name]:
    """The names one part of a line is made of, or none unless every word is a name (or a number)."""
    segment = _LABEL.sub("", segment.strip())
    words = [w.rstrip(",:") for w in _WORD.findall(segment)]
    # Numbers, postal codes and abbreviations like "г." or "ul." are no part of a place's name.
    words = [w for w in words if w and not _HAS_DIGIT.search(w) and w not in ("-", "–") and not _SHORT.match(w)]
    if not words or len(words) > 7:
        return []
    return cover(tuple(words), at_start=first) or []


def cover(words: tuple[str, ...], *, at_start: bool) -> list[Name] | None:
    """Split the words into known names, longest first; None when some word is not part of one.

    A state's abbreviation (GA, ON, NSW) counts only after something else: "Atlanta, GA".
    """
    if not words:
        return []
    names, abbreviations, _ = gazetteer()
    for size in range(len(words), 0, -1):
        phrase = " ".join(words[:size])
        entries: tuple[Name, ...] = ()
        if size == 1 and not at_start and phrase in abbreviations:
            entries = abbreviations[phrase]
        elif phrase[:1].isupper() or not phrase[:1].isascii():
            entries = names.get(phrase.casefold(), ()) or names.get(phrase.rstrip(".").casefold(), ())
        if entries:
            rest = cover(words[size:], at_start=False)
            if rest is not None:
                return list(entries) + rest
    return None
