"""A customer's country and time zone from the strongest evidence, and that evidence.

Each clue names a country: what a platform or a CSV stated (strongest), the place an
address in their signatures names, the ccTLD of their domain (.de, .com.tr; a generic .com
says nothing), the phone in their signatures (read with libphonenumber's data, so +1 416 is
Canada), and, weakest, the language they write. Stated, address and domain are strong; a
phone only decides when nothing strong does, so a company in Atlanta with a Greek number
in its signature stays in the United States. When strong clues name different countries
and none has more of them, the country is left open and the conflict said ("country
uncertain: DE (domain) vs CN (address, phone)") rather than guessed.

The time zone follows the chosen country and its most specific clue: the address's city,
then the phone's area (+1 404 is New York's zone, +1 213 Los Angeles'), then the UTC offsets
of their mail among the country's zones, then the country's main zone.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from .country import ZONE_CHOICES, by_offsets, countries, zone_for

WEIGHTS = {"stated": 5.0, "address": 4.0, "domain": 3.0, "phone": 2.0, "language": 0.5}
STRONG = ("stated", "domain", "address")  # also the order a conflict names them in
KIND_ORDER = ("stated", "domain", "address", "phone", "language")

# Countries whose people write each language the rules read: a language supports these.
LANGUAGE_COUNTRIES = {
    "en": "US GB CA AU NZ IE IN SG PH ZA NG KE GH PK MY HK JM TT PR BS BB",
    "es": "ES MX AR CO CL PE EC VE UY PY BO GT SV HN NI CR PA DO CU PR US",
    "pt": "BR PT AO MZ",
    "fr": "FR BE CH CA LU MA DZ TN SN CI CM",
    "de": "DE AT CH LU",
    "it": "IT CH",
    "nl": "NL BE",
    "pl": "PL",
    "ru": "RU BY KZ UA KG UZ",
    "ar": "AE SA QA KW BH OM JO LB IQ EG MA DZ TN LY SY YE SD",
    "tr": "TR CY",
    "ja": "JP",
    "ko": "KR",
    "zh": "CN TW HK MO SG MY",
}
# A language that alone suggests a country (weakly: said as a guess).
LANGUAGE_HOME = {"ja": "JP", "ko": "KR", "pl": "PL", "tr": "TR", "it": "IT"}


@dataclass
class Clue:
    kind: str  # stated, address, domain, phone, language
    country: str | None  # None: looked at, says nothing (a generic .com)
    text: str  # "Atlanta, GA 30303", "+1 404 555 0123", "acme.de", "alibaba"
    zones: tuple[str, ...] = ()
    messages: int = 0  # messages it was read in (address, phone)
    last: int | None = None  # the latest of them
    outweighed: bool = False


@dataclass
class Verdict:
    country: str | None
    zone: str | None
    source: str | None  # the strongest kind behind the country; "conflict" when uncertain
    note: str
    clues: list[Clue] = field(default_factory=list)
    clock: list[tuple[str, int]] = field(default_factory=list)  # UTC offsets of their mail, most used first

    @property
    def uncertain(self) -> bool:
        return self.source == "conflict"

    def as_json(self) -> str:
        data = asdict(self)
        data["uncertain"] = self.uncertain
        return json.dumps(data, ensure_ascii=False)


def weigh(
    clues: list[Clue], offsets: list[tuple[str, int]], language: str | None, *, own_clock: bool = True
) -> Verdict:
    """The country and zone the clues support (offsets: [(iso date, minutes)] of their mail).

    own_clock: the offsets are their own computer's (a company's mail); free-mail webmail may
    write its server's zone, so there the clock does not contradict a phone.
    """
    named = [c for c in clues if c.country]
    kinds: dict[str, set[str]] = {}
    for clue in named:
        kinds.setdefault(clue.country, set()).add(clue.kind)
    speakers = set(LANGUAGE_COUNTRIES.get(language or "", "").split())
    if language and speakers:
        clues = clues + [Clue("language", None, language)]
    clock = clock_of(offsets)
    if not kinds:
        home = LANGUAGE_HOME.get(language or "")
        if home:
            clues[-1].country = home
            note = f"{home} guessed from their language ({language}) alone"
            return Verdict(home, zone_for(home, offsets), "language", note, clues, clock)
        return Verdict(None, None, None, "no evidence of a country", clues, clock)

    def strong(country: str) -> int:
        return len(kinds[country] & set(STRONG))

    def score(country: str) -> float:
        phones = sum(c.messages for c in named if c.country == country and c.kind == "phone")
        return (
            sum(WEIGHTS[k] for k in kinds[country])
            + (WEIGHTS["language"] if country in speakers else 0)
            + min(phones, 50) / 100
        )

    ranked = sorted(kinds, key=lambda c: (strong(c), score(c)), reverse=True)
    top = ranked[0]
    if strong(top):  # as many strong clues for another country: uncertain, whatever the phones say
        rivals = [c for c in ranked[1:] if strong(c) == strong(top)]
    else:  # phones only: the one in most of their mail, unless two tie
        rivals = [c for c in ranked[1:] if score(c) == score(top)]
    if rivals:
        both = [top, *rivals]
        both.sort(key=lambda c: min(KIND_ORDER.index(k) for k in kinds[c]))
        parts = [f"{c} ({', '.join(sorted(kinds[c], key=KIND_ORDER.index))})" for c in both]
        note = "country uncertain: " + " vs ".join(parts)
        return Verdict(None, clock_zone(both, named, offsets), "conflict", note, clues, clock)
    for clue in named:
        clue.outweighed = clue.country != top
    if not strong(top) and own_clock and clock_disagrees(top, named, offsets):
        note = f"country uncertain: {top} (phone) vs their mail's clock ({', '.join(label for label, _ in clock)})"
        return Verdict(None, None, "conflict", note, clues, clock)
    if language and top in speakers:
        clues[-1].country = top
    source = min(kinds[top], key=KIND_ORDER.index)
    return Verdict(top, zone_of(top, named, offsets), source, decided_note(top, named, source), clues, clock)


def decided_note(country: str, clues: list[Clue], source: str) -> str:
    best = next(c for c in clues if c.country == country and c.kind == source)
    label = {"stated": "stated by", "domain": "the domain", "address": "the address", "phone": "the phone"}[source]
    note = f"{country} from {label} {best.text}"
    others = [c for c in clues if c.outweighed]
    if others:
        note += "; outweighed: " + ", ".join(f"{c.kind} {c.text} ({c.country})" for c in others)
    return note


def zone_of(country: str, clues: list[Clue], offsets: list[tuple[str, int]]) -> str | None:
    """The zone of the city in their address, else of their phone's area, else by the mail's offsets."""
    mine = [c for c in clues if c.country == country and c.zones]
    for kind in ("address", "phone"):
        candidates = Counter()
        for clue in mine:
            if clue.kind == kind and len(clue.zones) == 1:
                candidates[clue.zones[0]] += max(clue.messages, 1)
        if candidates:
            return candidates.most_common(1)[0][0]
    several = {z for c in mine for z in c.zones}
    if several:  # a mobile number (+44 7… is London, Jersey, Guernsey …): the country's own zones first
        own = [z for z in own_zones(country) if z in several]
        chosen = by_offsets(own + sorted(several - set(own)), offsets)
        if chosen:
            return chosen
    return zone_for(country, offsets)


def own_zones(country: str) -> list[str]:
    """The country's main zone, then the others it spans."""
    found = countries()[0].get(country)
    main = [found.zone] if found else []
    return main + [z for z in ZONE_CHOICES.get(country, []) if z not in main]


def clock_zone(countries_: list[str], clues: list[Clue], offsets: list[tuple[str, int]]) -> str | None:
    """In a conflict: the one candidate zone the mail's UTC offsets fit, if any."""
    candidates = {z for c in clues if c.country in countries_ for z in c.zones}
    for code in countries_:
        candidates.update(own_zones(code))
    return by_offsets(sorted(candidates), offsets, unique=True)


def clock_disagrees(country: str, clues: list[Clue], offsets: list[tuple[str, int]]) -> bool:
    """True when their mail's UTC offsets fit none of the country's zones (UTC itself proves
    nothing: servers and webmail write it for anyone)."""
    told = [(when, minutes) for when, minutes in offsets if minutes != 0]
    if not told:
        return False
    candidates = {z for c in clues if c.country == country for z in c.zones} | set(own_zones(country))
    return by_offsets(sorted(candidates), told) is None


def clock_of(offsets: list[tuple[str, int]]) -> list[tuple[str, int]]:
    counts = Counter(minutes for _, minutes in offsets)
    return [(utc_label(m), n) for m, n in counts.most_common(3)]


def utc_label(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


# -- reading it back (`why`, `customers show`) ------------------------------------------------


def evidence_of(customer: dict) -> dict:
    """A customer row's country evidence for people and --json: the effective country and zone,
    whether a person set them, and the weighed clues."""
    try:
        stored = json.loads(customer.get("country_evidence") or "{}")
    except ValueError:
        stored = {}
    return {
        "country": customer.get("country"),
        "timezone": customer.get("timezone"),
        "set_by_hand": bool(customer.get("country_override") or customer.get("timezone_override")),
        "source": stored.get("source"),
        "uncertain": bool(stored.get("uncertain")) and not customer.get("country_override"),
        "note": stored.get("note") or "not weighed yet (run `mailcrm customers refresh`)",
        "clues": stored.get("clues") or [],
        "clock": stored.get("clock") or [],
    }


def evidence_lines(evidence: dict, key: str) -> list[str]:
    """The headline, then one line per clue: what `why` prints (the first line alone is the summary)."""
    from .country import country_name

    country, zone_name = evidence["country"], evidence["timezone"] or "time zone unknown"
    if evidence["set_by_hand"]:
        head = f"Country: {country_name(country)} ({country}) · {zone_name} — set by hand; the mail says: {evidence['note']}"
    elif evidence["uncertain"]:
        head = f"{evidence['note'][0].upper()}{evidence['note'][1:]} · {zone_name}"
    elif country:
        head = f"Country: {country_name(country)} ({country}) · {zone_name} — {evidence['note']}"
    else:
        head = f"Country: unknown — {evidence['note']}"
    lines = [head]
    if evidence["uncertain"]:
        lines.append(f"   set it: mailcrm customers set {key} --country CODE")
    for clue in evidence["clues"]:
        lines.append("   " + clue_line(clue))
    if evidence["clock"]:
        lines.append("   mail sent at " + ", ".join(f"{label} ({n})" for label, n in evidence["clock"]))
    return lines


def clue_line(clue: dict) -> str:
    if clue["kind"] == "language":
        says = f"supports {clue['country']}" if clue["country"] else "says nothing alone"
        return f"{'language':9} {clue['text']} → {says}"
    if not clue["country"]:
        return f"{clue['kind']:9} {clue['text']} → says nothing (a generic domain)"
    target = clue["country"] + (f", {clue['zones'][0]}" if len(clue["zones"]) == 1 else "")
    seen = ""
    if clue["messages"] and clue["kind"] != "stated":
        seen = f" ({clue['messages']} message{'s' if clue['messages'] != 1 else ''}, latest #{clue['last']})"
    elif clue["kind"] == "stated":
        seen = f" (stated by {clue['text'] or 'a card'})"
    text = "" if clue["kind"] == "stated" else f"{clue['text']} "
    return f"{clue['kind']:9} {text}→ {target}{seen}" + (" — outweighed" if clue["outweighed"] else "")
