"""What a customer's mail tells us about them: company name, role, phone, country,
time zone, language — and the set-based aggregates (counts, latency, turn, owner).

The text functions work on one message body and know nothing of the database;
``update_profiles`` and ``update_aggregates`` recompute every customer with a
few grouped queries, so a refresh stays fast on 100,000 messages.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from operator import itemgetter
from typing import Iterator
from importlib import resources
from zoneinfo import ZoneInfo

from ..mail.addresses import registrable_domain
from ..streams import Merge, groups, id_ranges, spans, within

# --------------------------------------------------------------------------- countries


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
GENERIC_CCTLDS = {"io", "co", "me", "tv", "cc", "ai", "ws", "fm", "to", "nu", "tk", "gg", "la",
                  "ly", "sh", "ac", "vc", "am", "eu", "asia", "app", "dev"}


def country_from_domain(domain: str) -> str | None:
    tld = domain.rsplit(".", 1)[-1].lower()
    if tld in GENERIC_CCTLDS or len(tld) != 2:
        return None
    code = "GB" if tld == "uk" else tld.upper()
    return code if code in countries()[0] else None


@lru_cache(maxsize=1)
def _calling_codes() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in countries()[0].values():
        # Shared codes (+1, +7) belong to the biggest member unless a longer prefix says otherwise.
        if country.calling not in table or country.code in ("US", "RU"):
            table[country.calling] = country.code
    table.update({"76": "KZ", "77": "KZ"})
    return table


def country_from_phone(number: str) -> str | None:
    """Country of an international number (+49 …, 0049 …); None for local numbers."""
    text = number.strip()
    if text.startswith("00"):
        digits = re.sub(r"\D", "", text)[2:]
    elif text.startswith("+") or text.startswith("(+"):
        digits = re.sub(r"\D", "", text)
    else:
        return None
    table = _calling_codes()
    for length in (3, 2, 1):
        if digits[:length] in table:
            return table[digits[:length]]
    return None


# Countries spanning several time zones: the zone is picked by the UTC offset of their mail.
ZONE_CHOICES = {
    "US": ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
           "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"],
    "CA": ["America/Toronto", "America/Halifax", "America/Winnipeg", "America/Edmonton", "America/Vancouver"],
    "BR": ["America/Sao_Paulo", "America/Manaus"],
    "MX": ["America/Mexico_City", "America/Cancun", "America/Tijuana"],
    "RU": ["Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Novosibirsk",
           "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Vladivostok"],
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
                break
    return votes.most_common(1)[0][0] if votes else found.zone


# --------------------------------------------------------------------------- the customer's own text

_QUOTE_LINE = re.compile(
    r"^(>|_{8,}\s*$|-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"messaggio originale|mensagem original|oorspronkelijk bericht|原始邮件|原始郵件|исходное сообщение|"
    r"forwarded message|weitergeleitete nachricht|转发的邮件|original|原始)\s*-{2,})", re.I)
_ATTRIBUTION = re.compile(
    r"^(on\b.{0,200}\bwrote:?|am\b.{0,200}\bschrieb\b.{0,200}:|le\b.{0,200}a écrit\s*:|"
    r"el\b.{0,200}escribió\s*:|il\b.{0,200}ha scritto\s*:|em\b.{0,200}escreveu\s*:|op\b.{0,200}schreef.{0,200}:|"
    r".{0,200}写道[:：]?)\s*$", re.I)
_HEADER_FROM = re.compile(r"^\*?(from|von|de|da|van|od|от|发件人|寄件者|差出人)\s*\*?\s*[:：]", re.I)
_HEADER_SENT = re.compile(r"^\*?(sent|date|gesendet|datum|envoyé|enviado|fecha|inviato|data|verzonden|wysłano|"
                          r"отправлено|发送时间|日期|寄件日期|送信日時)\s*\*?\s*[:：]", re.I)


def own_text(body: str, limit: int = 6000) -> str:
    """The part of a reply its author wrote: quoted history and forwarded headers cut off."""
    lines = body[:limit * 2].splitlines()
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        # Cheap tests first: a quote marker starts with > - _ or ends like an attribution line.
        if text[0] in ">-_" and _QUOTE_LINE.match(text):
            return "\n".join(lines[:index])[:limit]
        if text.endswith((":", "：", "写道", "wrote")) and _ATTRIBUTION.match(text):
            return "\n".join(lines[:index])[:limit]
        if text[:3].lower() == "on " and index + 1 < len(lines) and lines[index + 1].strip().endswith("wrote:"):
            return "\n".join(lines[:index])[:limit]
        if (":" in text[:12] or "：" in text[:12]) and _HEADER_FROM.match(text) \
                and any(_HEADER_SENT.match(n.strip()) for n in lines[index + 1:index + 5]):
            return "\n".join(lines[:index])[:limit]
    return "\n".join(lines)[:limit]


_CLOSING = re.compile(
    r"^(best|kind|warm|warmest|many thanks|thanks( and regards)?|thank you|regards|best regards|kind regards|"
    r"warm regards|with best regards|best wishes|sincerely|yours sincerely|yours faithfully|yours truly|cheers|"
    r"br|b\.r\.|mit freundlichen grüßen|mit freundlichen gruessen|freundliche grüße|viele grüße|beste grüße|"
    r"mfg|gruß|grüße|cordialement|bien cordialement|salutations|meilleures salutations|bien à vous|saludos|"
    r"saludos cordiales|un saludo|atentamente|cordiali saluti|distinti saluti|saluti|atenciosamente|"
    r"abraços|met vriendelijke groet|vriendelijke groeten|groeten|pozdrawiam|z poważaniem|с уважением|"
    r"saygılarımla|saygılarımızla|此致|敬礼|谢谢|祝好|顺祝商祺|顺颂商祺|よろしくお願いいたします)[\s,.!，。]*$",
    re.I)

_SUFFIXES = (
    r"GmbH & Co\.? KG|GmbH|gGmbH|mbH|AG|KG|OHG|e\.K\.|UG|"
    r"S\.r\.l\.|S\.R\.L\.|Srl|SRL|S\.p\.A\.|SpA|S\.P\.A\.|S\.A\.S\.|SAS|SARL|S\.A\.R\.L\.|S\.A\. de C\.V\.|"
    r"SA de CV|S\.A\.|SA|S\.L\.U\.|S\.L\.|SL|B\.V\.|BV|N\.V\.|NV|"
    r"[Cc][Oo]\.?\s*,?\s*(?:[Ll][Tt][Dd]|[Ll]imited|LIMITED)\.?|Pty\.? Ltd\.?|Pvt\.? Ltd\.?|Private Limited|"
    r"Ltd\.?|LTD\.?|Limited|LIMITED|LLC|L\.L\.C\.|Inc\.?|INC\.?|Incorporated|Corp\.?|Corporation|"
    r"PLC|plc|LLP|Sp\. z o\.o\.|sp\. z o\.o\.|s\.r\.o\.|a\.s\.|Kft\.?|Zrt\.?|Oyj|Oy|AB|A/S|ApS|ASA|AS|"
    r"Ltda\.?|LTDA\.?|EIRELI|A\.Ş\.|Ltd\. Şti\.|San\. ve Tic\. Ltd\. Şti\.|JSC|OJSC|CJSC|PJSC|"
    r"Sdn\.? Bhd\.?|Bhd\.?|FZE|FZCO|FZ-LLC|W\.L\.L\.?|WLL|K\.K\.|Pte\.? Ltd\.?|Company|Co\."
)
_COMPANY_SUFFIX = re.compile(rf"[\s,](?:{_SUFFIXES})[\s,;]*$")
_COMPANY_PREFIX = re.compile(r"^(?P<name>(?:PT|CV|OOO|ООО|ЗАО|ОАО|АО|TOO|ТОО|株式会社)\s*[«\"]?\S.{1,60})$")
_COMPANY_CJK = re.compile(r"(?P<name>[\w\u4e00-\u9fff（）()]{2,40}?(?:股份有限公司|有限责任公司|有限公司|株式会社|公司))")
_COMPANY_LABEL = re.compile(r"^(company|company name|firma|société|empresa|azienda|公司|公司名称)\s*[:：]\s*", re.I)
_LEGAL_WORDS = re.compile(rf"[\s,]+(?:{_SUFFIXES})\.?$")

_PHONE = re.compile(
    r"(?:^|\b)(?P<label>tel|phone|ph|mob|mobile|cell|m|t|p|whatsapp|wechat|viber|telefon|telefono|teléfono|"
    r"tél|tlf|fon|handy|fax|f|电话|手机|座机|传真)\b\.?\s*[.:：]?\s*(?P<number>(?:\+|00|\(\+)[\d\s()./-]{7,22}\d)",
    re.I)
_BARE_PHONE = re.compile(r"^(?P<number>(?:\+|00)\d[\d\s()./-]{7,22}\d)$")
_SEGMENTS = re.compile(r"\s+[|•·]\s+|\s{3,}|\t")
_DIGIT = re.compile(r"\d")
_NOT_A_NAME = re.compile(r"[\d@:|/]")
_WEBSITE = re.compile(r"(?:https?://)?\bwww\.([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.I)
_TITLE_WORDS = re.compile(
    r"(purchas|procure|buyer|sourcing|import|export|manager|director|head of|\bceo\b|\bcfo\b|\bcoo\b|\bcto\b|"
    r"owner|founder|president|chairman|engineer|sales|supply chain|logistics|assistant|officer|\bvp\b|"
    r"einkauf|einkäufer|geschäftsführer|leiter|inhaber|acheteur|directeur|responsable|gérant|gerente|compras|"
    r"comprador|jefe|acquisti|responsabile|titolare|inkoop|zakup|kierownik|закуп|менеджер|директор|"
    r"采购|经理|总监|总经理|董事长|主管|部長|課長|購買)", re.I)


@dataclass
class Signature:
    company: str | None = None
    title: str | None = None
    phone: str | None = None
    phone_country: str | None = None
    website: str | None = None
    name: str | None = None


def signature_lines(text: str) -> list[str]:
    """The lines after the closing formula (or the '-- ' delimiter, or the last lines)."""
    lines = [line.rstrip() for line in text.splitlines()]
    start = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "--" or line == "-- ":
            start = index + 1
        elif _CLOSING.match(stripped):
            start = index + 1
    if start is None:
        tail = [line for line in lines if line.strip()][-6:]
        return [line.strip() for line in tail]
    return [line.strip() for line in lines[start:start + 12] if line.strip()]


def company_in(line: str) -> str | None:
    """A company name with its legal form, kept as written ('Acme Armaturen GmbH')."""
    for segment in _SEGMENTS.split(line):
        segment = _COMPANY_LABEL.sub("", segment.strip()).strip(" *_-–")
        if not segment or "@" in segment or len(segment) > 80 or segment.count(" ") > 8:
            continue
        starts_well = segment[0].isupper() or segment[0].isdigit() or not segment[0].isascii()
        if starts_well and (segment[0].isalnum() or segment[0] in "&'(") and _COMPANY_SUFFIX.search(segment):
            return segment.rstrip(" ,;")
        if starts_well and _COMPANY_PREFIX.match(segment):
            return segment
        if not segment.isascii():
            match = _COMPANY_CJK.search(segment)
            if match:
                return match.group("name")
    return None


def parse_signature(text: str, own_company: str = "") -> Signature:
    """Company, title, phone and website from the signature of the author's own text."""
    found = Signature()
    lines = signature_lines(text)
    ours = normalize_company(own_company) if own_company else ""
    for position, line in enumerate(lines):
        if not found.company:
            company = company_in(line)
            if company and (not ours or normalize_company(company) != ours):
                found.company = company
                continue
        # Both phone patterns need a "+" or "00" before the number: checking for them
        # first skips the case-blind label search on most lines (a tenth of filing's workers).
        if not found.phone and ("+" in line or "00" in line):
            match = _PHONE.search(line) or _BARE_PHONE.match(line)
            if match and not (match.groupdict().get("label") or "").lower().startswith(("fax", "f", "传真")):
                found.phone = re.sub(r"\s+", " ", match.group("number")).strip()
                found.phone_country = country_from_phone(found.phone)
                continue
        if not found.website:
            match = _WEBSITE.search(line)
            if match:
                found.website = registrable_domain(match.group(1).lower())
        if (not found.title and _TITLE_WORDS.search(line) and len(line) <= 60 and "@" not in line
                and not _DIGIT.search(line) and len(line.split()) <= 7):
            found.title = line.strip(" *_-–|")
        if position == 0 and not found.name and looks_like_person(line):
            found.name = line
    if not found.company:
        found.company = company_after_title(lines, found.title)
    return found


def company_after_title(lines: list[str], title: str | None) -> str | None:
    """Name / title / company: the classic block, for companies that write no legal form."""
    if not title or len(lines) < 3 or not looks_like_person(lines[0]) or lines[1].strip(" *_-–|") != title:
        return None
    line = lines[2]
    words = line.split()
    if (not 2 <= len(words) <= 7 or re.search(r"[\d@:/|]", line) or _TITLE_WORDS.search(line)
            or not line[0].isupper() or country_code(line) or country_code(words[-1].strip(",."))):
        return None
    return line


def looks_like_person(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 4 or _NOT_A_NAME.search(line):
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha()) and not _TITLE_WORDS.search(line)


@lru_cache(maxsize=4096)
def normalize_company(name: str) -> str:
    """'ACME Armaturen GmbH' -> 'acme armaturen' (for comparing names, never for display)."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    previous = None
    while previous != text:
        previous = text
        text = _LEGAL_WORDS.sub("", text).strip(" ,.")
    text = re.sub(r"(股份有限公司|有限责任公司|有限公司|公司|株式会社)$", "", text)
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    return " ".join(text.split())


# --------------------------------------------------------------------------- language

_SCRIPTS = [
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
]
_STOPWORDS = {
    "en": "the and to of you for is we please with your this that are have will our be on can would "
          "thanks regards price order need could us from dear hello",
    "de": "und der die das ist nicht wir sie mit für ein eine den bitte ihnen uns auf zu von auch "
          "haben wie grüße freundlichen vielen dank sehr geehrte angebot bestellung",
    "fr": "le la les et des est nous vous pour une dans pas merci avec sur que qui du au votre "
          "cordialement bonjour prix commande madame monsieur",
    "es": "el los las y que en por para con una es nosotros usted su gracias saludos precio pedido "
          "estimado favor hola necesitamos",
    "it": "il di che è per un una con non sono ci della grazie saluti prezzo vostro nostro gentile "
          "buongiorno cordiali ordine",
    "pt": "os em para com não uma obrigado obrigada atenciosamente preço pedido nós você vocês olá "
          "prezados precisamos cotação",
    "nl": "het een en van niet wij u met voor op graag bedankt groet vriendelijke prijs bestelling "
          "onze jullie",
    "pl": "i w nie na się z jest do że dla proszę dziękuję pozdrawiam cena zamówienie",
    "tr": "ve bir bu için ile çok teşekkürler fiyat sipariş saygılarımızla merhaba lütfen",
    "id": "dan yang untuk dengan ini kami anda terima kasih harga pesanan tidak",
    "sv": "och att det som för med är vi ni tack hälsningar pris beställning",
}
_WORD_LANGUAGES: dict[str, list[str]] = defaultdict(list)
for _lang, _words in _STOPWORDS.items():
    for _word in set(_words.split()):
        _WORD_LANGUAGES[_word].append(_lang)
_LANGUAGE_ORDER = {lang: index for index, lang in enumerate(_STOPWORDS)}
# Characters that exist only in one of the two scripts (among the most frequent in business mail).
_TRADITIONAL = set("們來這個為與說對時會價貨單廠機關應請謝謹隨報號週產業務額聯繫訂購運輸範於從還給過開發")
_SIMPLIFIED = set("们来这个为与说对时会价货单厂机关应请谢谨随报号周产业务额联系订购运输范于从还给过开发")
_TRADITIONAL -= _SIMPLIFIED
_SIMPLIFIED -= _TRADITIONAL


def chinese_variant(text: str) -> str:
    """zh for Simplified, zh_tw for Traditional (Taiwan, Hong Kong): drafts must match."""
    traditional = sum(1 for ch in text if ch in _TRADITIONAL)
    simplified = sum(1 for ch in text if ch in _SIMPLIFIED)
    return "zh_tw" if traditional > simplified else "zh"


_VIETNAMESE = re.compile(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", re.I)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of a message text (zh_tw for Traditional Chinese), or None when too little to tell.

    Scripts decide for CJK, Cyrillic, Arabic and the like; Latin-script
    languages are told apart by counting frequent function words.
    """
    sample = text[:2000]
    letters = sum(map(str.isalpha, sample))
    if letters < 12:
        return None
    if not sample.isascii():
        for lang, pattern in _SCRIPTS:
            count = len(pattern.findall(sample))
            if not count:
                continue
            if lang == "ja" and count >= 5:
                return "ja"
            if lang == "zh" and count / letters > 0.15:
                return chinese_variant(sample)
            if count / letters > (0.15 if lang == "ko" else 0.3):
                if lang == "ru" and re.search(r"[іїєґ]", sample, re.I):
                    return "uk"
                if lang == "ar" and re.search(r"[پچژگ]", sample):
                    return "fa"
                return lang
        if len(_VIETNAMESE.findall(sample)) >= 3:
            return "vi"
    scores: Counter = Counter()
    for word in _WORDS.findall(sample.casefold()):
        for lang in _WORD_LANGUAGES.get(word, ()):
            scores[lang] += 1
    if not scores:
        return None
    best, count = max(scores.items(), key=lambda item: (item[1], -_LANGUAGE_ORDER[item[0]]))
    return best if count >= 2 else None


# --------------------------------------------------------------------------- set-based aggregates


def touch(db, ids: set[int] | None) -> tuple[str, str]:
    """Restrict the recomputation to some customers: SQL snippets for customer columns.

    ids None means every customer; the set goes to a temp table so that the
    grouped queries below stay single statements however many ids there are.
    """
    if ids is None:
        return "", ""
    db.execute("DROP TABLE IF EXISTS temp._touched")
    db.execute("CREATE TEMP TABLE _touched (id INTEGER PRIMARY KEY)")
    db.conn.executemany("INSERT INTO _touched VALUES (?)", [(i,) for i in ids])
    return " AND mc.customer IN (SELECT id FROM _touched)", " AND id IN (SELECT id FROM _touched)"


# Customers recomputed per statement. The latency and owner queries sort and window every
# conversation message they read: over all customers at once SQLite's memory grew with the
# mailbox (34 MB at 200,000 messages); a part of 1,000 customers keeps it flat.
PART = 1000


def customer_parts(db, ids: set[int] | None) -> Iterator[tuple[str, str]]:
    """(message_customers clause, customers clause) for each part of the customers recomputed."""
    only_mc, only_id = touch(db, ids)
    every = ids if ids is not None else [row[0] for row in db.execute("SELECT id FROM customers")]
    for span in spans(every, PART):
        yield only_mc + within(span, "mc.customer"), only_id + within(span, "id")


def update_aggregates(db, ids: set[int] | None = None) -> None:
    """Counts, first/last contact each way, whose turn, and reply latency (all customers, or `ids`).

    Automated mail (auto-replies, list mail) is in the timeline but not counted.
    """
    if ids is not None and not ids:
        return
    for only_mc, only_id in customer_parts(db, ids):
        update_counts(db, only_mc, only_id)
        update_latency(db, only_mc, only_id)


def update_counts(db, only_mc: str = "", only_id: str = "") -> None:
    """Messages each way, threads, attachments, first and last contact, whose turn."""
    db.execute("DROP TABLE IF EXISTS temp._agg")
    db.execute(
        "CREATE TEMP TABLE _agg AS SELECT mc.customer AS customer, "
        "sum(m.direction = 'in') AS n_in, sum(m.direction = 'out') AS n_out, "
        "count(DISTINCT m.thread_id) AS threads, sum(m.attachment_count) AS attachments, "
        "min(CASE WHEN m.direction = 'in' THEN m.date END) AS first_in, "
        "max(CASE WHEN m.direction = 'in' THEN m.date END) AS last_in, "
        "min(CASE WHEN m.direction = 'out' THEN m.date END) AS first_out, "
        "max(CASE WHEN m.direction = 'out' THEN m.date END) AS last_out "
        "FROM message_customers mc JOIN messages m ON m.id = mc.message "
        f"WHERE mc.automated = 0 AND m.direction IN ('in', 'out'){only_mc} GROUP BY mc.customer")
    db.execute("CREATE INDEX temp._agg_customer ON _agg (customer)")
    db.execute("DROP TABLE IF EXISTS temp._last")
    db.execute(
        "CREATE TEMP TABLE _last AS SELECT customer, message, direction FROM ("
        " SELECT mc.customer, m.id AS message, m.direction, row_number() OVER ("
        "  PARTITION BY mc.customer ORDER BY m.date DESC, m.id DESC) AS rn "
        " FROM message_customers mc JOIN messages m ON m.id = mc.message "
        f" WHERE mc.automated = 0 AND m.direction IN ('in', 'out'){only_mc}) WHERE rn = 1")
    db.execute("CREATE INDEX temp._last_customer ON _last (customer)")
    db.execute(
        "UPDATE customers SET messages_in = 0, messages_out = 0, threads = 0, attachments = 0, "
        "first_in = NULL, last_in = NULL, first_out = NULL, last_out = NULL, last_message = NULL, "
        "last_direction = NULL, turn = NULL, their_reply_hours = NULL, our_reply_hours = NULL "
        f"WHERE id NOT IN (SELECT customer FROM _agg){only_id}")
    db.execute(
        "UPDATE customers SET messages_in = a.n_in, messages_out = a.n_out, threads = a.threads, "
        "attachments = a.attachments, first_in = a.first_in, last_in = a.last_in, "
        "first_out = a.first_out, last_out = a.last_out, last_message = l.message, "
        "last_direction = l.direction, turn = CASE l.direction WHEN 'in' THEN 'us' ELSE 'them' END "
        "FROM _agg a JOIN _last l ON l.customer = a.customer WHERE a.customer = customers.id")


def update_latency(db, only_mc: str = "", only_id: str = "") -> None:
    """Median hours from the first unanswered message of one side to the other side's answer."""
    rows = db.execute(
        "WITH seq AS ("
        " SELECT mc.customer, m.thread_id, m.date, m.direction, "
        "  lag(m.direction) OVER (PARTITION BY mc.customer, m.thread_id ORDER BY m.date, m.id) AS prev "
        " FROM message_customers mc JOIN messages m ON m.id = mc.message "
        f" WHERE mc.automated = 0 AND m.direction IN ('in', 'out') AND m.date IS NOT NULL{only_mc}), "
        "starts AS (SELECT customer, thread_id, date, direction FROM seq "
        " WHERE prev IS NULL OR prev != direction), "
        "pairs AS (SELECT customer, direction, "
        " (julianday(date) - julianday(lag(date) OVER w)) * 24 AS hours, lag(direction) OVER w AS before "
        " FROM starts WINDOW w AS (PARTITION BY customer, thread_id ORDER BY date)) "
        "SELECT customer, direction, hours FROM pairs WHERE before IS NOT NULL AND before != direction "
        "AND hours >= 0 ORDER BY customer")
    updates = [(*reply_medians(samples), customer) for customer, samples in groups(rows)]
    db.execute(f"UPDATE customers SET their_reply_hours = NULL, our_reply_hours = NULL WHERE 1{only_id}")
    db.conn.executemany("UPDATE customers SET their_reply_hours = ?, our_reply_hours = ? WHERE id = ?", updates)


def reply_medians(samples: list[tuple]) -> tuple[float | None, float | None]:
    """(their, our) median reply hours: an 'out' answering an 'in' is our latency, an 'in' theirs."""
    hours: dict[str, list[float]] = {"in": [], "out": []}
    for _, direction, value in samples:
        hours[direction].append(value)
    return tuple(round(statistics.median(hours[side]), 1) if hours[side] else None  # type: ignore[return-value]
                 for side in ("in", "out"))


def owner_votes(db, account_owners: dict[str, str], only_mc: str = "") -> dict[int, str]:
    """The salesperson whose mailboxes hold most of each customer's mail (latest wins ties)."""
    rows = db.execute(
        "SELECT mc.customer, f.account, count(DISTINCT mc.message), max(m.date) "
        "FROM message_customers mc JOIN messages m ON m.id = mc.message "
        "JOIN locations l ON l.message = mc.message JOIN folders f ON f.id = l.folder "
        f"WHERE mc.automated = 0{only_mc} GROUP BY mc.customer, f.account").fetchall()
    known = dict(db.execute("SELECT name, owner FROM accounts").fetchall())
    totals: dict[int, dict[str, list]] = defaultdict(dict)
    for customer, account, count, last in rows:
        owner = account_owners.get(account) or known.get(account)
        if not owner:
            continue  # imported without --account: no salesperson to credit
        entry = totals[customer].setdefault(owner, [0, ""])
        entry[0] += count
        entry[1] = max(entry[1], last or "")
    return {customer: max(owners.items(), key=lambda item: (item[1][0], item[1][1]))[0]
            for customer, owners in totals.items()}


def update_profiles(db, own_company: str, account_owners: dict[str, str], ids: set[int] | None = None) -> None:
    """Name, country, time zone, language and owner (all customers, or `ids`), then the effective values.

    Mail facts and stated contact details are read ordered by customer and
    merged one customer at a time, so memory does not grow with the mailbox.
    """
    if ids is not None and not ids:
        return
    for only_mc, only_id in customer_parts(db, ids):
        update_profile_part(db, own_company, account_owners, only_mc, only_id)
    apply_effective(db, None if ids is None else sorted(ids))


def update_profile_part(db, own_company: str, account_owners: dict[str, str], only_mc: str, only_id: str) -> None:
    """update_profiles for the customers the clauses select."""
    only_contact = only_mc.replace("mc.customer", "c.customer")
    # CROSS JOIN keeps contacts (by their customer index) outermost: rows come in customer order, unsorted.
    mail = Merge(db.execute(
        "SELECT c.customer, f.message, f.company, f.language, f.phone_country, m.date, f.utc_offset "
        "FROM contacts c CROSS JOIN message_facts f ON f.contact = c.id CROSS JOIN messages m ON m.id = f.message "
        f"WHERE c.customer IS NOT NULL AND f.automated = 0{only_contact} ORDER BY c.customer"))
    stated = Merge(db.execute(
        "SELECT customer, name, company, country FROM contacts c "
        f"WHERE customer IS NOT NULL{only_contact} ORDER BY customer"))
    owners = owner_votes(db, account_owners, only_mc)
    ours = normalize_company(own_company) if own_company else ""
    updates = []
    for cid, key, kind, owner_auto in db.execute(
            f"SELECT id, key, kind, owner_auto FROM customers WHERE 1{only_id} ORDER BY id").fetchall():
        found, said = mail_facts(mail.take(cid)), stated_facts(stated.take(cid))
        name = pick_name(kind, key, found["company"], said, ours)
        country, source = pick_country(kind, key, said["country"], found["phone"])
        language = found["language"].most_common(1)[0][0] if found["language"] else None
        zone_name = zone_for(country, list(found["offsets"].elements()))
        updates.append((name, country, source, zone_name, language, owners.get(cid) or owner_auto, cid))
    db.conn.executemany(
        "UPDATE customers SET name_auto = ?, country_auto = ?, country_source = ?, timezone_auto = ?, "
        "language_auto = ?, owner_auto = ? WHERE id = ?", updates)


def mail_facts(rows: list[tuple]) -> dict[str, Counter]:
    """Company names, languages and phone countries seen in one customer's mail, and Date offsets.

    Counted in message order, so ties resolve to what was seen first.
    """
    found: dict[str, Counter] = defaultdict(Counter)
    for _, _, company, language, phone_country, offset_date, offset in sorted(rows, key=itemgetter(1)):
        if company:
            found["company"][company] += 1
        if language:
            found["language"][language] += 1
        if phone_country:
            found["phone"][phone_country] += 1
        if offset is not None and offset_date:
            found["offsets"][(offset_date, offset)] += 1
    return found


def stated_facts(rows: list[tuple]) -> dict[str, Counter]:
    """What one customer's contact records state: company, country, name."""
    said: dict[str, Counter] = defaultdict(Counter)
    for _, name, company, country in rows:
        if company:
            said["company"][company] += 1
        if country:
            said["country"][country] += 1
        if name:
            said["name"][name] += 1
    return said


def apply_effective(db, ids: list[int] | None = None) -> None:
    """Effective values: what a person set wins over what the mail says."""
    if ids is not None and not ids:
        return
    where = ""
    if ids is not None:
        touch(db, set(ids))
        where = "AND id IN (SELECT id FROM _touched)"
    # A part at a time: every customer's row and its update at once was 8 MB at 200,000 messages.
    for low, high in id_ranges(db, "customers", PART):
        apply_effective_range(db, low, high, where)


def apply_effective_range(db, low: int, high: int, where: str) -> None:
    rows = db.execute(
        "SELECT id, name_override, name_auto, country_override, country_auto, timezone_override, "
        "timezone_auto, language_override, language_auto, owner_override, owner_auto, grade_override, "
        f"grade_auto FROM customers WHERE id BETWEEN ? AND ? {where}", [low, high]).fetchall()
    updates = []
    for (cid, name_o, name_a, country_o, country_a, zone_o, zone_a, lang_o, lang_a,
         owner_o, owner_a, grade_o, grade_a) in rows:
        country = country_o or country_a
        zone_name = zone_o or (zone_a if not country_o or country_o == country_a else zone_for(country_o))
        updates.append((name_o or name_a, country, zone_name, lang_o or lang_a, owner_o or owner_a,
                        grade_o or grade_a, cid))
    db.conn.executemany("UPDATE customers SET name = ?, country = ?, timezone = ?, language = ?, "
                        "owner = ?, grade = ? WHERE id = ?", updates)


def pick_name(kind: str, key: str, signed: Counter, stated: dict, ours: str) -> str:
    """Company as they sign it; else as stated (card, platform); else display name or domain."""
    candidates = [(n, c) for n, c in signed.most_common() if normalize_company(n) != ours]
    if candidates:
        best = max(candidates, key=lambda item: (item[1], len(item[0])))
        return best[0]
    if stated["company"]:
        return stated["company"].most_common(1)[0][0]
    if kind == "person" and stated["name"]:
        return stated["name"].most_common(1)[0][0]
    if kind == "lead" and stated["name"]:
        return stated["name"].most_common(1)[0][0]
    return key.removeprefix("lead:")


def pick_country(kind: str, key: str, stated: Counter, phones: Counter) -> tuple[str | None, str | None]:
    if stated:
        return stated.most_common(1)[0][0], "stated"
    if kind != "lead":
        domain = key.rpartition("@")[2]
        found = country_from_domain(domain)
        if found:
            return found, "cctld"
    if phones:
        return phones.most_common(1)[0][0], "phone"
    return None, None


# --------------------------------------------------------------------------- B2B platform notifications

_LABELLED = re.compile(
    r"^\s*[*•-]?\s*(?P<label>buyer|buyer name|buyer's name|from|sender|contact|contact name|contact person|"
    r"name|inquirer|买家|买家姓名|联系人|询盘人|company|company name|buyer company|buyer's company|organization|"
    r"公司|公司名称|country|country/region|country / region|region|location|buyer location|国家|国家/地区|"
    r"所在地|e-?mail|email address|buyer e-?mail|邮箱)\s*[:：]\s*(?P<value>\S.*?)\s*$",
    re.I | re.M)
_NAME_LABELS = {"buyer", "buyer name", "buyer's name", "from", "sender", "contact", "contact name",
                "contact person", "name", "inquirer", "买家", "买家姓名", "联系人", "询盘人"}
_COMPANY_LABELS = {"company", "company name", "buyer company", "buyer's company", "organization", "公司", "公司名称"}
_COUNTRY_LABELS = {"country", "country/region", "country / region", "region", "location", "buyer location",
                   "国家", "国家/地区", "所在地"}
_SUBJECT_BUYER = re.compile(
    r"(?:inquiry|enquiry|message|rfq|quotation request|询盘)\s+(?:from|von|de|来自)\s+"
    r"(?P<who>[^()\[\]]+?)(?:\s*[(\[](?P<paren>[^)\]]+)[)\]])?\s*$", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class Buyer:
    name: str = ""
    company: str = ""
    country: str | None = None
    emails: list[str] | None = None

    @property
    def found(self) -> bool:
        return bool(self.name or self.company or self.emails)


def parse_platform_buyer(subject: str, body: str) -> Buyer:
    """The buyer named in an Alibaba / Made-in-China / Global Sources notification."""
    buyer = Buyer(emails=[])
    for match in _LABELLED.finditer(body[:8000]):
        label = match.group("label").lower()
        value = match.group("value").strip().strip("*").strip()
        if label in _NAME_LABELS and not buyer.name and "@" not in value:
            buyer.name = value[:80]
        elif label in _COMPANY_LABELS and not buyer.company:
            buyer.company = value[:100]
        elif label in _COUNTRY_LABELS and not buyer.country:
            buyer.country = country_code(value) or country_code(value.split(",")[-1])
        elif "mail" in label or label == "邮箱":
            buyer.emails.extend(e.lower() for e in _EMAIL.findall(value))
    match = _SUBJECT_BUYER.search(subject or "")
    if match:
        who = match.group("who").strip(" :-")
        paren = (match.group("paren") or "").strip()
        if not buyer.name and who and not country_code(who):
            buyer.name = who[:80]
        if paren:
            if country_code(paren) and not buyer.country:
                buyer.country = country_code(paren)
            elif not buyer.company:
                buyer.company = paren[:100]
    if not buyer.emails:
        buyer.emails = [e.lower() for e in _EMAIL.findall(body[:8000])]
    return buyer


# --------------------------------------------------------------------------- probable duplicates (查重)


@dataclass
class Dupe:
    keep: str           # the company (or the customer with more mail)
    other: str
    keep_name: str
    other_name: str
    reasons: list[str]

    @property
    def command(self) -> str:
        return f"mailcrm customers merge {self.keep} {self.other}"


def find_dupes(db) -> list[Dupe]:
    """Customers that are probably one company: same name across domains, free-mail
    contacts who sign for a known company, the same person or phone under two customers."""
    customers = {row["id"]: row for row in db.query(
        "SELECT id, key, kind, name, messages_in + messages_out AS messages FROM customers WHERE status = 'active'")}
    pairs: dict[tuple[int, int], list[str]] = defaultdict(list)

    def add(a: int, b: int, reason: str) -> None:
        if a == b or a not in customers or b not in customers:
            return
        pair = tuple(sorted((a, b)))
        if reason not in pairs[pair]:
            pairs[pair].append(reason)

    names: dict[str, set[int]] = defaultdict(set)
    shown: dict[str, str] = {}
    for pk, row in customers.items():
        if row["name"] and normalize_company(row["name"]) and row["name"] != row["key"]:
            names[normalize_company(row["name"])].add(pk)
            shown[normalize_company(row["name"])] = row["name"]
    signed = db.execute("SELECT customer, company, website, name, phone, email FROM contacts "
                        "WHERE customer IS NOT NULL").fetchall()
    for customer, company, _, _, _, _ in signed:
        if company and len(normalize_company(company)) >= 3:
            names[normalize_company(company)].add(customer)
            shown.setdefault(normalize_company(company), company)
    for norm, members in names.items():
        if len(norm) < 3 or len(members) < 2:
            continue
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                kinds = {customers[a]["kind"], customers[b]["kind"]} if a in customers and b in customers else set()
                if "person" in kinds and "company" in kinds:
                    person = a if customers[a]["kind"] == "person" else b
                    add(a, b, f"{customers[person]['key']} (free mail) signs for “{shown[norm]}”")
                else:
                    add(a, b, f"same company name “{shown[norm]}”")
    by_key = {row["key"]: pk for pk, row in customers.items()}
    for customer, _, website, _, _, email in signed:
        if website and website in by_key and by_key[website] != customer:
            add(customer, by_key[website], f"{email} gives the website {website} in the signature")
    labels: dict[str, set[int]] = defaultdict(set)
    for pk, row in customers.items():
        if row["kind"] == "company":
            label = row["key"].split(".")[0]
            if len(label) >= 4:
                labels[label].add(pk)
    for label, members in labels.items():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                add(a, b, f"same name under two domains: {customers[a]['key']}, {customers[b]['key']}")
    people: dict[str, set[int]] = defaultdict(set)
    phones: dict[str, set[int]] = defaultdict(set)
    for customer, _, _, name, phone, _ in signed:
        tokens = " ".join(sorted(t for t in re.split(r"\W+", (name or "").casefold()) if len(t) > 1))
        if tokens.count(" ") >= 1:
            people[tokens].add(customer)
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) >= 8:
            phones[digits].add(customer)
    for groups, label in ((people, "the same person"), (phones, "the same phone number")):
        for value, members in groups.items():
            ordered = sorted(members)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    add(a, b, f"{label} under both" + (f" (+{value})" if groups is phones else ""))
    dupes = []
    for (a, b), reasons in pairs.items():
        first, second = customers[a], customers[b]
        # Keep the company over a free-mail person or a lead, then the one with more mail.
        rank = {"company": 0, "person": 1, "lead": 2}
        keep, other = sorted((first, second), key=lambda c: (rank[c["kind"]], -c["messages"], c["id"]))
        dupes.append(Dupe(keep["key"], other["key"], keep["name"], other["name"], reasons))
    dupes.sort(key=lambda d: (-len(d.reasons), d.keep, d.other))
    return dupes
