"""The config sections the drafts read: ``[drafts]``, ``[content]``, ``[holidays]``.

config.py passes them through in ``Config.sections``; they are validated here,
with errors naming the file, the key and (when it can be found) the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from ..config import Config, Validator
from ..errors import ConfigError

PURPOSES = (
    "reactivation",
    "value-content",
    "stalled-nudge",
    "quote-follow-up",
    "after-sales",
    "holiday-greeting",
    "complaint-reply",
)
GREETABLE_HOLIDAYS = ("christmas", "new-year", "eid-al-fitr", "eid-al-adha", "diwali", "lunar-new-year")
LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
HOURS = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
ITEM_KINDS = ("whitepaper", "trend-report", "case-study", "catalogue", "video", "other")

# A text is either one string or a table of language -> string ({en = "…", de = "…"}).
Localized = dict[str, str]


@dataclass
class ContentItem:
    key: str  # stable id: the same item is not sent twice to one customer
    title: Localized
    url: str
    kind: str = "whitepaper"
    summary: Localized = field(default_factory=dict)
    industries: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


@dataclass
class Offer:
    key: str
    text: Localized
    purposes: list[str]
    valid_until: date | None = None


@dataclass
class Closure:
    name: str
    start: date
    end: date


@dataclass
class DraftSettings:
    account: str | None = None  # send-from account when the customer's owner has none
    cooldown_days: int = 30  # after a rejected or discarded draft
    business_hours: tuple[time, time] = (time(9, 30), time(16, 30))
    lead_minutes: int = 60  # time to review before the suggested send time
    hold_purposes: list[str] = field(default_factory=lambda: ["reactivation", "value-content"])
    do_not_contact: list[str] = field(default_factory=list)  # addresses, domains or customer keys
    fallback_language: str = "en"
    holiday_greetings: list[str] = field(default_factory=lambda: ["christmas", "eid-al-fitr"])
    greeting_days_ahead: int = 7
    quote_lines: int = 60  # the quoted customer message is cut after this many lines
    spacing_days: int = 3  # days between two drafts to the same customer
    # The decision before any draft (decision.py):
    window_days: int = 60  # no draft about a thread whose last mail is older ([agenda] horizon_days)
    days_between_offers: int = 60  # no new offer within this many days of the last one
    chasers_per_quotation: int = 3  # our mails after a quotation that got no answer
    payment_terms_days: int = 30  # [agenda] payment_days: outstanding this long after the order is overdue
    per_run: int = 25  # drafts one `drafts generate` writes, the most important first (0: no limit)


@dataclass
class ContentSettings:
    catalogue: ContentItem | None = None
    items: list[ContentItem] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    signatures: dict[str, str] = field(default_factory=dict)  # account name (or "default") -> text


@dataclass
class Settings:
    drafts: DraftSettings
    content: ContentSettings
    closures: list[Closure]


def load_settings(config: Config) -> Settings:
    check = SectionValidator(config)
    return Settings(check.drafts(), check.content(), check.closures())


def localized(text: Localized, language: str, fallback: str = "en") -> str:
    """The text in this language, else the fallback language, else any.
    A customer's "zh_tw" (Traditional Chinese) reads a text under "zh-TW", else "zh"."""
    base, _, region = language.replace("_", "-").partition("-")
    for key in (language, f"{base}-{region.upper()}" if region else base, base, fallback):
        if key in text:
            return text[key]
    return next(iter(text.values()), "")


class SectionValidator:
    """Checks one section at a time; problems become ConfigError with file:line: key."""

    def __init__(self, config: Config):
        self.sections = config.sections
        self.accounts = {a.name for a in config.accounts}
        text = config.path.read_text(encoding="utf-8") if config.path and Path(config.path).exists() else ""
        self.validator = Validator(text, config.path)

    def fail(self, key: str, problem: str) -> ConfigError:
        return self.validator.fail(key, problem)

    def table(self, name: str) -> dict:
        value = self.sections.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(name, "must be a table")
        return value

    def keys(self, data: dict, allowed: set[str], prefix: str) -> None:
        self.validator.check_keys(data, allowed, prefix)

    def value(self, data: dict, key: str, kind, prefix: str, default: Any = None) -> Any:
        return self.validator.get(data, key, kind, prefix, default)

    def strings(self, data: dict, key: str, prefix: str, default: list[str]) -> list[str]:
        return self.validator.str_list(data, key, prefix, default)

    def whole(self, data: dict, key: str, prefix: str, default: int, low: int = 0) -> int:
        value = self.value(data, key, int, prefix, default)
        if value < low:
            raise self.fail(f"{prefix}{key}", f"must be a whole number ≥ {low}")
        return value

    # -- [drafts] ------------------------------------------------------------------

    DRAFT_KEYS = {
        "account",
        "cooldown_days",
        "business_hours",
        "lead_minutes",
        "hold_purposes",
        "do_not_contact",
        "fallback_language",
        "holiday_greetings",
        "greeting_days_ahead",
        "quote_lines",
        "spacing_days",
        "window_days",
        "days_between_offers",
        "chasers_per_quotation",
        "per_run",
    }

    def drafts(self) -> DraftSettings:
        data, p = self.table("drafts"), "drafts."
        self.keys(data, self.DRAFT_KEYS, p)
        defaults = DraftSettings()
        return DraftSettings(
            account=self.account(data, p),
            cooldown_days=self.whole(data, "cooldown_days", p, defaults.cooldown_days),
            business_hours=self.hours(data, p, defaults.business_hours),
            lead_minutes=self.whole(data, "lead_minutes", p, defaults.lead_minutes),
            hold_purposes=self.choices(data, "hold_purposes", p, defaults.hold_purposes, PURPOSES),
            do_not_contact=[t.strip().lower() for t in self.strings(data, "do_not_contact", p, [])],
            fallback_language=self.language(data, "fallback_language", p, "en"),
            holiday_greetings=self.choices(
                data, "holiday_greetings", p, defaults.holiday_greetings, GREETABLE_HOLIDAYS
            ),
            greeting_days_ahead=self.whole(data, "greeting_days_ahead", p, defaults.greeting_days_ahead, 1),
            quote_lines=self.whole(data, "quote_lines", p, defaults.quote_lines),
            spacing_days=self.whole(data, "spacing_days", p, defaults.spacing_days),
            window_days=self.whole(data, "window_days", p, self.agenda_days("horizon_days", defaults.window_days), 1),
            days_between_offers=self.whole(data, "days_between_offers", p, defaults.days_between_offers),
            chasers_per_quotation=self.whole(data, "chasers_per_quotation", p, defaults.chasers_per_quotation),
            payment_terms_days=self.agenda_days("payment_days", defaults.payment_terms_days),
            per_run=self.whole(data, "per_run", p, defaults.per_run),
        )

    def agenda_days(self, key: str, default: int) -> int:
        """An [agenda] setting (validated by the agenda, which owns it) the decision shares: mail
        older than horizon_days gets no draft; a balance unpaid payment_days is overdue (one
        setting, so `today` and the drafts agree on who owes money)."""
        agenda = self.sections.get("agenda")
        days = agenda.get(key) if isinstance(agenda, dict) else None
        return days if isinstance(days, int) and not isinstance(days, bool) and days >= 1 else default

    def account(self, data: dict, prefix: str) -> str | None:
        name = self.value(data, "account", str, prefix, None)
        if name is not None and name not in self.accounts:
            known = ", ".join(sorted(self.accounts)) or "none"
            raise self.fail(f"{prefix}account", f"no account named {name!r} (configured: {known})")
        return name

    def hours(self, data: dict, prefix: str, default: tuple[time, time]) -> tuple[time, time]:
        text = self.value(data, "business_hours", str, prefix, None)
        if text is None:
            return default
        match = HOURS.match(text.strip())
        try:
            start, end = (time(int(match[1]), int(match[2])), time(int(match[3]), int(match[4])))
        except (TypeError, ValueError):
            raise self.fail(f"{prefix}business_hours", f'{text!r} is not like "09:30-16:30"') from None
        if start >= end:
            raise self.fail(f"{prefix}business_hours", "must start before it ends")
        return start, end

    def choices(self, data: dict, key: str, prefix: str, default: list[str], allowed: tuple) -> list[str]:
        values = self.strings(data, key, prefix, default)
        for value in values:
            if value not in allowed:
                raise self.fail(f"{prefix}{key}", f"{value!r} is not one of {', '.join(allowed)}")
        return values

    def language(self, data: dict, key: str, prefix: str, default: str) -> str:
        value = self.value(data, key, str, prefix, default)
        if not LANGUAGE.match(value):
            raise self.fail(f"{prefix}{key}", f'{value!r} is not a language code like "en" or "pt-BR"')
        return value

    # -- [content] -------------------------------------------------------------------

    def content(self) -> ContentSettings:
        data, p = self.table("content"), "content."
        self.keys(data, {"catalogue", "items", "offers", "signature", "signatures"}, p)
        catalogue = self.value(data, "catalogue", dict, p, None)
        return ContentSettings(
            catalogue=self.item(catalogue, f"{p}catalogue.", "catalogue") if catalogue else None,
            items=[self.item(t, f"{p}items[{i}].", f"item-{i}") for i, t in enumerate(self.tables(data, "items", p))],
            offers=[self.offer(t, f"{p}offers[{i}].", i) for i, t in enumerate(self.tables(data, "offers", p))],
            signatures=self.signatures(data, p),
        )

    def tables(self, data: dict, key: str, prefix: str) -> list[dict]:
        values = self.value(data, key, list, prefix, [])
        if not all(isinstance(v, dict) for v in values):
            raise self.fail(f"{prefix}{key}", f"must be tables ([[{prefix}{key}]])")
        return values

    ITEM_KEYS = {"key", "title", "url", "kind", "summary", "industries", "tags", "languages"}

    def item(self, data: dict, prefix: str, default_key: str) -> ContentItem:
        self.keys(data, self.ITEM_KEYS, prefix)
        kind = self.value(data, "kind", str, prefix, "catalogue" if default_key == "catalogue" else "whitepaper")
        if kind not in ITEM_KINDS:
            raise self.fail(f"{prefix}kind", f"must be one of {', '.join(ITEM_KINDS)}")
        return ContentItem(
            key=self.value(data, "key", str, prefix, None) or self.url(data, prefix),
            title=self.text(data, "title", prefix, required=True),
            url=self.url(data, prefix),
            kind=kind,
            summary=self.text(data, "summary", prefix),
            industries=[v.lower() for v in self.strings(data, "industries", prefix, [])],
            tags=[v.lower() for v in self.strings(data, "tags", prefix, [])],
            languages=self.strings(data, "languages", prefix, []),
        )

    def url(self, data: dict, prefix: str) -> str:
        value = self.value(data, "url", str, prefix, None)
        # Only web links: a javascript: or data: URL must never reach a customer's mail.
        if not value or not re.match(r"^https?://[^\s<>\"']+$", value):
            raise self.fail(f"{prefix}url", "is required and must be an http(s) URL without spaces")
        return value

    def text(self, data: dict, key: str, prefix: str, required: bool = False) -> Localized:
        value = self.value(data, key, (str, dict), prefix, None)
        if value is None:
            if required:
                raise self.fail(f"{prefix}{key}", "is required")
            return {}
        if isinstance(value, str):
            return {"en": value}
        for lang, text in value.items():
            if not LANGUAGE.match(lang) or not isinstance(text, str):
                raise self.fail(f"{prefix}{key}.{lang}", "must be a text under a language code (en, de, pt-BR …)")
        return dict(value)

    def offer(self, data: dict, prefix: str, index: int) -> Offer:
        self.keys(data, {"key", "text", "purposes", "valid_until"}, prefix)
        until = self.value(data, "valid_until", date, prefix, None)
        return Offer(
            key=self.value(data, "key", str, prefix, f"offer-{index}"),
            text=self.text(data, "text", prefix, required=True),
            purposes=self.choices(data, "purposes", prefix, ["reactivation"], PURPOSES),
            valid_until=until,
        )

    def signatures(self, data: dict, prefix: str) -> dict[str, str]:
        found = {}
        default = self.value(data, "signature", str, prefix, None)
        if default is not None:
            found["default"] = default
        table = self.value(data, "signatures", dict, prefix, {})
        for name, text in table.items():
            if name not in self.accounts and name != "default":
                raise self.fail(f"{prefix}signatures.{name}", "no account of that name")
            if not isinstance(text, str):
                raise self.fail(f"{prefix}signatures.{name}", "must be a text")
            found[name] = text
        return found

    # -- [holidays] --------------------------------------------------------------------

    def closures(self) -> list[Closure]:
        data, p = self.table("holidays"), "holidays."
        self.keys(data, {"closures"}, p)
        return [self.closure(t, f"{p}closures[{i}].") for i, t in enumerate(self.tables(data, "closures", p))]

    def closure(self, data: dict, prefix: str) -> Closure:
        self.keys(data, {"name", "from", "to"}, prefix)
        start = self.value(data, "from", date, prefix, None)
        end = self.value(data, "to", date, prefix, None)
        if start is None or end is None:
            raise self.fail(f"{prefix}from", "closures need from = YYYY-MM-DD and to = YYYY-MM-DD")
        if end < start:
            raise self.fail(f"{prefix}to", "ends before it starts")
        return Closure(self.value(data, "name", str, prefix, "closed"), start, end)


# The demo's sections (`mailcrm demo` appends them to its config): localized content blocks.
DEMO_SECTIONS = """
[drafts]
account = "lisa"

[content]
catalogue = { url = "https://hengtai-valve.com/catalogue-2026.pdf", title = { en = "2026 valve catalogue", de = "Armaturenkatalog 2026", es = "catálogo de válvulas 2026", fr = "catalogue de robinetterie 2026", pt = "catálogo de válvulas 2026", ru = "каталог арматуры 2026", ar = "كتالوج الصمامات 2026", zh = "2026年版阀门产品目录", zh-TW = "2026年版閥門產品型錄", ja = "2026年版バルブ総合カタログ", it = "catalogo valvole 2026" } }
signature = "Lisa Chen\\nSales Manager | Ningbo Hengtai Valve Co., Ltd.\\n+86 574 8618 2356 | www.hengtai-valve.com"

[[content.items]]
key = "water-treatment-whitepaper"
url = "https://hengtai-valve.com/whitepapers/water-treatment.pdf"
kind = "whitepaper"
industries = ["water"]
tags = ["green-product", "certification", "quality-focus"]
title = { en = "Valves for water treatment: materials, coatings and 40 project references", de = "Armaturen für die Wasseraufbereitung: Werkstoffe, Beschichtungen und 40 Referenzprojekte", es = "Válvulas para tratamiento de agua: materiales, recubrimientos y 40 proyectos de referencia", zh = "水处理阀门：材料、涂层与40个项目案例", zh-TW = "水處理閥門：材料、塗層與40個專案實例", ja = "水処理用バルブ：材質・コーティングと40件の導入事例", it = "Valvole per il trattamento delle acque: materiali, rivestimenti e 40 referenze" }

[[content.items]]
key = "valve-market-2026"
url = "https://hengtai-valve.com/reports/valve-market-2026.pdf"
kind = "trend-report"
title = { en = "Industrial valve market 2026: prices, lead times, trends", de = "Industriearmaturen-Markt 2026: Preise, Lieferzeiten, Trends", es = "Mercado de válvulas industriales 2026: precios, plazos y tendencias", fr = "Marché de la robinetterie industrielle 2026 : prix, délais, tendances", pt = "Mercado de válvulas industriais 2026: preços, prazos e tendências", ru = "Рынок промышленной арматуры 2026: цены, сроки, тенденции", ar = "سوق الصمامات الصناعية 2026: الأسعار ومواعيد التسليم والاتجاهات", zh = "2026年工业阀门市场：价格、交期与趋势", zh-TW = "2026年工業閥門市場：價格、交期與趨勢", ja = "2026年産業用バルブ市場：価格・納期・動向", it = "Mercato delle valvole industriali 2026: prezzi, tempi di consegna, tendenze" }

[[content.offers]]
key = "welcome-back-2026"
purposes = ["reactivation"]
text = { en = "5% off your next order above USD 10,000", de = "5 % Rabatt auf Ihre nächste Bestellung ab 10.000 USD", es = "un 5 % de descuento en su próximo pedido superior a 10.000 USD", fr = "5 % de remise sur votre prochaine commande de plus de 10 000 USD", pt = "5% de desconto no próximo pedido acima de USD 10.000", ru = "скидка 5 % на следующий заказ от 10 000 долларов США", ar = "خصم 5% على طلبيتكم القادمة التي تزيد عن 10,000 دولار أمريكي", zh = "下一笔订单满10,000美元可享95折", zh-TW = "下一筆訂單滿10,000美元可享95折", ja = "次回10,000米ドル以上のご注文で5％割引", it = "5% di sconto sul prossimo ordine oltre 10.000 USD" }

[[content.offers]]
key = "terms-2026"
purposes = ["stalled-nudge"]
text = { en = "3% off if you confirm this month, or 30% deposit and the balance against the copy of the B/L", de = "3 % Nachlass bei Auftragserteilung in diesem Monat, oder 30 % Anzahlung und Rest gegen Kopie des Konnossements", es = "un 3 % de descuento si confirma este mes, o 30 % de anticipo y el resto contra copia del B/L", fr = "3 % de remise si vous confirmez ce mois-ci, ou 30 % d'acompte et le solde contre copie du connaissement", pt = "3% de desconto se confirmar este mês, ou 30% de sinal e o saldo contra a cópia do B/L", ru = "скидка 3 % при подтверждении в этом месяце или 30 % предоплаты и остаток против копии коносамента", ar = "خصم 3% عند التأكيد هذا الشهر، أو دفعة مقدمة 30% والباقي مقابل نسخة بوليصة الشحن", zh = "本月内确认订单可享97折，或30%预付款、余款见提单副本支付", zh-TW = "本月內確認訂單可享97折，或30%訂金、餘款見提單副本支付", ja = "今月中のご発注で3％割引、または前金30％・残金はB/Lコピーと引き換え", it = "3% di sconto se conferma entro questo mese, oppure 30% di anticipo e saldo contro copia della polizza di carico" }

[holidays]
closures = [{ name = "Chinese New Year", from = 2027-02-04, to = 2027-02-14 }]
"""
