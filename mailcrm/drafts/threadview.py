"""What a reply draft needs to know about its thread, read from the mail itself.

    view = read_thread(db, customer_id, trigger)
    view.parent      the message the draft answers: the thread's latest, whoever wrote it
    view.theirs      the customer's latest message in the thread (their offer, their question)
    view.they_sent   what they already sent in the thread: photos, order number, quantity …
    view.quotation   our message that carried the quotation (its real date and amount)
    view.lead        a B2B platform notification: the buyer, the product, the platform

``template_vars`` turns it into the templates' ``thread`` variable, with dates written the
customer's way. A platform lead is answered to the buyer with a subject of our own
(``lead_subject``), never under the notification and never quoting its footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..mail.segments import segment
from .localdates import long_date, to_date
from .sources import attachment_types, buyer_of, message_row, platform_of, reply_parent, thread_messages

# -- what they proposed ---------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:[,.\s]\d{3})+|\d+(?:[.,]\d+)?"
_UNITS = (
    r"(?:pcs|pc|pieces?|units?|sets?|valves?|fittings?|cartons?|boxes|pallets?|rolls?|tons?|kg|"
    r"Stück|Stk|Ventile|Kartons|unidades|válvulas|peças|pièces|vannes|pezzi|valvole|adet|шт\.?|件|个|台|套)"
)
_TRIAL = r"(?:trial|test|sample|Probe|Test|prueba|teste|essai|prova|deneme|пробн\w*|试单|试订)"
_DISCOUNT = (
    r"(?:discount|off|reduction|lower|cheaper|Rabatt|Nachlass|Preisnachlass|günstiger|descuento|rebaja|desconto|"
    r"remise|réduction|sconto|indirim|скидк\w*|折扣|优惠)"
)
_ABOVE = (
    r"(?:above|higher than|more than|more expensive than|over|below|under|cheaper than|über|höher als|teurer als|"
    r"unter|por encima de|más caro que|acima d[oa]|mais caro que|plus cher que|au-dessus de|più caro di|"
    r"daha pahalı|выше|дороже|高于|比)"
)
_RIVAL = r"(?:competitor\w*|competition|other suppliers?|Wettbewerb\w*|Konkurrenz|competencia|concorr[eê]n\w*|concurren\w*|rakip\w*|конкурент\w*|竞争对手|同行)"
OFFER_PATTERNS = [
    # "10% above your competitor", "10 % teurer als der Wettbewerb"
    re.compile(rf"(?:{_NUM})\s?%\s+{_ABOVE}\s+(?:\w+\s+){{0,3}}?{_RIVAL}", re.I),
    # "-5%", "−5 %"
    re.compile(rf"[-−–]\s?(?:{_NUM})\s?%", re.I),
    # "5% discount", "5 % Rabatt", "a discount of 5%"
    re.compile(rf"(?:{_NUM})\s?%\s+(?:\w+\s+)?{_DISCOUNT}", re.I),
    re.compile(rf"{_DISCOUNT}\s+(?:of\s+|von\s+|de\s+|du\s+|del\s+|dello\s+|do\s+|da\s+)?(?:{_NUM})\s?%", re.I),
    # "a 1,000-piece trial", "1000 pcs trial order", "Probebestellung über 1.000 Stück"
    re.compile(rf"(?:an?\s+)?(?:{_NUM})[\s-]?{_UNITS}\s+{_TRIAL}(?:\s+order|\s+run|bestellung)?", re.I),
    re.compile(rf"{_TRIAL}\w*\s+(?:order\s+)?(?:of|über|de|di|von)\s+(?:{_NUM})\s?{_UNITS}", re.I),
    # "target price USD 16.80", "we can accept EUR 15"
    re.compile(
        r"(?:target price|our target|can accept|could accept|budget|Zielpreis|Preisvorstellung|precio objetivo|"
        r"preço alvo|prix cible|prezzo target|hedef fiyat|目标价)[^.?!\n]{0,30}?"
        r"(?:USD|EUR|US\$|\$|€|£|GBP|RMB|CNY)\s?(?:\d+(?:[.,]\d+)*)",
        re.I,
    ),
]

# -- what they already sent -------------------------------------------------------------------------

SENT_TEXT = {
    "photos": re.compile(
        r"\b(?:photos?|pictures?|images?|Fotos?|Bilder|fotos|fotografías|imagens|photographies|fotografie|"
        r"fotoğraf\w*|фото\w*)\b|照片|图片|写真",
        re.I,
    ),
    "order_number": re.compile(
        r"\b(?:P\.?O\.?|purchase order|order|Bestellung|Bestell-?(?:nr|nummer)|Auftrag|Auftragsnummer|pedido|"
        r"commande|ordine|sipariş|заказ\w*)\s*(?:no\.?|nr\.?|number|num\.?|n[°º]|№|#)?\s*[:#]?\s*[A-Z]{0,4}-?\d{3,}",
        re.I,
    ),
    "batch_number": re.compile(
        r"\b(?:batch|lot|Charge|Chargen-?(?:nr|nummer)|lote|lotto|parti|парти\w*)\s*(?:no\.?|nr\.?|number|#)?"
        r"\s*[:#]?\s*[A-Z]{0,4}-?\d{2,}",
        re.I,
    ),
    "quantity": re.compile(rf"(?<![\w.,])(?:{_NUM})\s?{_UNITS}(?!\w)", re.I),
}
SENT_KINDS = ("photos", "video", "order_number", "batch_number", "quantity", "documents")
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|heic|gif|webp|bmp|tiff?)$", re.I)
VIDEO_FILE = re.compile(r"\.(?:mp4|mov|avi|mkv|3gp)$", re.I)

# -- our quotation ----------------------------------------------------------------------------------

QUOTATION_WORDS = re.compile(
    r"quotation|\bquote\b|\boffer\b|proforma|\bPI\b|price list|Angebot|cotizaci[oó]n|cota[cç][aã]o|\bdevis\b|"
    r"\boffre\b|offerta|preventivo|oferta|teklif|предложени|\bКП\b|报价|報價|見積|عرض سعر",
    re.I,
)
AMOUNT = re.compile(
    r"(?:USD|EUR|GBP|RMB|CNY|JPY|US\$|\$|€|£|¥)\s?\d+(?:[.,]\d+)*|\d+(?:[.,]\d+)*\s?(?:USD|EUR|GBP|RMB|CNY|€)"
)
GREETING_QUESTION = re.compile(r"how are you|how is|wie geht|¿?cómo est|como vai|comment allez|как дела", re.I)
SENTENCE = re.compile(r"[^.!?。！？؟\n]+(?:[.!?。！？؟]+|$)")

LEAD_SUBJECTS = {
    "en": ("Your inquiry about {product} — {company}", "Your inquiry — {company}"),
    "de": ("Ihre Anfrage zu {product} — {company}", "Ihre Anfrage — {company}"),
    "es": ("Su consulta sobre {product} — {company}", "Su consulta — {company}"),
    "pt": ("Sua consulta sobre {product} — {company}", "Sua consulta — {company}"),
    "fr": ("Votre demande concernant {product} — {company}", "Votre demande — {company}"),
    "it": ("La Sua richiesta per {product} — {company}", "La Sua richiesta — {company}"),
    "ru": ("Ваш запрос: {product} — {company}", "Ваш запрос — {company}"),
    "ar": ("استفساركم عن {product} — {company}", "استفساركم — {company}"),
    "tr": ("{product} talebiniz hakkında — {company}", "Talebiniz hakkında — {company}"),
    "zh": ("关于您对{product}的询价 — {company}", "关于您的询价 — {company}"),
    "ja": ("{product}のお問い合わせについて — {company}", "お問い合わせについて — {company}"),
}


@dataclass
class ThreadView:
    parent: dict  # the message the draft answers (a messages row)
    messages: list[dict]  # the thread with this customer, oldest first
    theirs: dict | None = None  # the customer's latest message in it
    quotation: dict | None = None  # our latest message that carried a quotation
    they_sent: list[str] = field(default_factory=list)
    their_offer: str | None = None
    question: str | None = None
    lead: dict | None = None  # platform, product, buyer (a contacts row)

    @property
    def answering(self) -> str:
        """'ours' when the draft continues our own latest message, else 'theirs'."""
        return "ours" if self.parent["direction"] == "out" else "theirs"

    @property
    def ours(self) -> dict | None:
        found = [m for m in self.messages if m["direction"] == "out"]
        return found[-1] if found else None

    def addressee_email(self) -> str | None:
        """Who the reply goes to: the buyer of a lead, else the sender of their latest message."""
        if self.lead:
            return (self.lead.get("buyer") or {}).get("email")
        return self.theirs["from_email"] if self.theirs else None


def read_thread(db, customer_id: int, trigger: int | None, chase: bool = False) -> ThreadView | None:
    found = reply_parent(db, customer_id, trigger, chase)
    parent = message_row(db, found["id"]) if found else None
    if parent is None:
        return None
    messages = thread_messages(db, parent["thread_id"], customer_id) if parent["thread_id"] else [parent]
    view = ThreadView(parent, messages or [parent])
    platform = platform_of(db, parent["id"])
    if platform:
        view.lead = lead_of(db, parent, platform)
        view.theirs = parent
    else:
        theirs = [m for m in view.messages if m["direction"] == "in"]
        view.theirs = theirs[-1] if theirs else None
    quotations = [m for m in view.messages if m["direction"] == "out" and is_quotation(m)]
    view.quotation = quotations[-1] if quotations else None
    if view.theirs and view.answering == "theirs":  # once we answered, their question is not open
        words = new_text(view.theirs["body_text"] or "")
        view.their_offer = their_offer(words)
        view.question = their_question(words)
    view.they_sent = sent_kinds(db, [m for m in view.messages if m["direction"] == "in"])
    return view


def lead_of(db, notification: dict, platform: str) -> dict:
    from ..customers.platform import inquiry_product  # the customers module knows the platforms

    return {
        "platform": platform,
        "product": inquiry_product(notification["subject"] or "", notification["body_text"] or ""),
        "buyer": buyer_of(db, notification["id"]),
    }


# -- reading their words ------------------------------------------------------------------------------


def new_text(body: str) -> str:
    """Their own text: no quoted or forwarded mail, no disclaimer. The signature stays: a
    short mail ("Thanks, -5% possible?") can be read as all closing line."""
    return "".join(s.text for s in segment(body) if s.kind in ("new", "signature"))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text.replace("\r\n", "\n")) if s.strip()]


def their_offer(text: str) -> str | None:
    """Their counter-offer as they put it ("-5%", "a 1,000-piece trial", "10% above your competitor")."""
    for pattern in OFFER_PATTERNS:
        match = pattern.search(text)
        if match:
            return re.sub(r"\s+", " ", match.group(0)).strip(" ,;")
    return None


def their_question(text: str) -> str | None:
    """Their first real question (not "how are you?"), as they wrote it."""
    for sentence in sentences(text):
        if sentence[-1] in "?？؟" and not GREETING_QUESTION.search(sentence) and len(sentence) > 8:
            return sentence[:200]
    return None


def sent_kinds(db, theirs: list[dict]) -> list[str]:
    """What they already sent in the thread, from their words and their attachments."""
    found: set[str] = set()
    for message in theirs:
        words = (message["subject"] or "") + "\n" + new_text(message["body_text"] or "")
        found |= {kind for kind, pattern in SENT_TEXT.items() if pattern.search(words)}
        for filename, content_type, inline in attachment_types(db, message["id"]):
            if content_type.startswith("image/") and not inline or IMAGE_FILE.search(filename):
                found.add("photos")
            elif content_type.startswith("video/") or VIDEO_FILE.search(filename):
                found.add("video")
            elif content_type in ("application/pdf",) or filename.lower().endswith((".pdf", ".xlsx", ".xls", ".docx")):
                found.add("documents")
    return [kind for kind in SENT_KINDS if kind in found]


def is_quotation(message: dict) -> bool:
    words = new_text(message["body_text"] or "")
    return bool(
        QUOTATION_WORDS.search(message["subject"] or "")
        or QUOTATION_WORDS.search(words)
        or QUOTATION_WORDS.search(message.get("attachment_names") or "")
        or AMOUNT.search(words)
    )


def quoted_amount(message: dict | None) -> str | None:
    if not message:
        return None
    match = AMOUNT.search(new_text(message["body_text"] or ""))
    return match.group(0) if match else None


# -- for the templates ---------------------------------------------------------------------------------


def template_vars(view: ThreadView | None, language: str, country: str | None, zone: str | None) -> dict | None:
    """The templates' ``thread`` (see templates/README.md): plain data, dates as the customer writes them."""
    if view is None:
        return None
    ours = view.ours
    dated = view.quotation or ours or view.parent
    theirs = view.theirs
    lead = view.lead or {}
    return {
        "subject": view.parent["subject"],
        "date": str(to_date(dated["date"], zone) or ""),  # the day in their zone
        # "the quotation I sent you on …" only with a message of ours: never a lead's notification date
        "date_text": long_date(dated["date"], language, country, zone) if view.quotation or ours else "",
        "answering": view.answering,
        "quotation_date": long_date(view.quotation["date"], language, country, zone) if view.quotation else "",
        "quotation_amount": quoted_amount(view.quotation) or "",
        "their_date": long_date(theirs["date"], language, country, zone) if theirs else "",
        "their_offer": view.their_offer or "",
        "question": view.question or "",
        "they_sent": list(view.they_sent),
        "lead": {
            "platform": lead["platform"],
            "product": lead["product"],
            "buyer_name": (lead.get("buyer") or {}).get("name") or "",
            "buyer_company": (lead.get("buyer") or {}).get("company") or "",
        }
        if lead
        else None,
    }


def lead_subject(view: ThreadView, language: str, company: str) -> str:
    """A subject of our own for a platform lead: "Your inquiry about DN50 ball valves — Hengtai"."""
    with_product, without = LEAD_SUBJECTS.get(language.split("-")[0], LEAD_SUBJECTS["en"])
    product = (view.lead or {}).get("product") or ""
    text = with_product.format(product=product, company=company) if product else without.format(company=company)
    return text.removesuffix(" — ") if not company else text
