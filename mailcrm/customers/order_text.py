"""Does this mail place an order? Its number, amount and currency when it says them.

Pure text: no database. An inbound message places an order when a purchase order is
attached ("PO-4471.pdf", "Purchase Order 4471.xlsx", "Bestellung 4471.pdf") or when the
customer says so in a sentence that is neither a question nor a condition ("please find
our PO", "we confirm the order", "wir bestellen hiermit", "确认订单，附件是采购订单"). A
proforma invoice we sent becomes an order when they confirm it or pay ("PI confirmed",
"we have paid the deposit", "已付定金"): the PI lends the confirmation its number and total.

"Could you confirm the order?", "can we order 500 pcs?", "if you confirm the price we will
place the order" and "we would like to place an order, please send the PI" are not orders.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .signature import own_text


@dataclass(frozen=True)
class OrderInMail:
    order_no: str | None = None
    amount: float | None = None
    currency: str | None = None
    how: str = "order"  # purchase order, confirmation, payment, proforma


# -- what places an order --------------------------------------------------------------

# A purchase order attached: the document's name and a number in the file name.
PO_WORDS = (
    r"purchase[ ._-]*order|p\.?o\.?|order|bestellung|auftrag|orden[ ._-]*de[ ._-]*compra|pedido|"
    r"ordem[ ._-]*de[ ._-]*compra|bon[ ._-]*de[ ._-]*commande|commande|ordine(?:[ ._-]*d[' ]?acquisto)?|"
    r"заказ|zam[oó]wienie|sipari[sş]|采购订单|订单|注文書|発注書|주문서|발주서|أمر[ ._-]*شراء"
)
PI_WORDS = r"p\.?i\.?|pro[ ._-]*forma(?:[ ._-]*invoice)?|proforma-?rechnung|проформа|形式发票|프로포마"
NUMBER_SEP = r"[ ._#:：-]*(?:no\.?|nr\.?|n[°º]\.?|number|num\.?|№|号|番号|번호)?[ ._#:：-]*"
NUMBER = r"([A-Z]{0,6}[-/]?\d[A-Z0-9/_-]*)"
ATTACHED_DOC = re.compile(rf"(?<![^\W_])(?:(?P<pi>{PI_WORDS})|(?P<po>{PO_WORDS})){NUMBER_SEP}{NUMBER}", re.I)
DRAFT = re.compile(r"draft|entwurf|borrador|rascunho|brouillon|bozza|черновик|草稿|草案|taslak|projekt|초안", re.I)
SIGNED = re.compile(
    r"signed|stamped|countersigned|firmad|assinad|sign[ée]|unterschrieben|firmat|подписан|盖章|签字|回签"
)

# The customer says they order, confirm or pay, in the languages of the rule pack.
PLACING = [
    # en
    r"\b(?:please\s+)?(?:find|see)\s+(?:attached\s+|enclosed\s+|herewith\s+)?(?:our|the)\s+(?:new\s+|revised\s+|"
    r"official\s+)?(?:purchase\s+order|p\.?o\.?|order)\b",
    r"\b(?:attached|enclosed)\s+(?:is|are|please\s+find)?\s*(?:our|the)\s+(?:new\s+)?(?:purchase\s+order|p\.?o\.?)\b",
    r"\bwe\s+(?:hereby\s+)?(?:confirm|place|placed|release|issue|issued|have\s+placed|have\s+issued)\s+"
    r"(?:the|our|this|an|a|your)?\s*(?:order|p\.?o\.?|purchase\s+order|proforma|pi)\b",
    r"\bwe\s+hereby\s+order\b",
    r"\b(?:order|p\.?o\.?|pi|proforma(?:\s+invoice)?)\s+(?:is\s+|has\s+been\s+)?(?:confirmed|approved|accepted|signed)\b",
    r"\bplease\s+(?:proceed|go\s+ahead)\s+with\s+(?:the\s+)?(?:order|production)\b",
    # es, pt
    r"\badjunt[oa]s?\s+(?:nuestr[oa]|la|el)\s+(?:orden\s+de\s+compra|pedido)\b",
    r"\bconfirmamos\s+(?:el|la|o|a|nuestro|nossa|nosso)\s+(?:pedido|orden|ordem|encomenda)\b",
    r"\b(?:pedido|orden|encomenda)\s+confirmad[oa]\b",
    r"\bsegue\s+(?:em\s+anexo\s+)?(?:o\s+|a\s+)?(?:nosso|nossa)\s+(?:pedido|ordem\s+de\s+compra)\b",
    # fr, it
    r"\b(?:veuillez\s+trouver\s+)?ci-joint\s+(?:notre|le)\s+(?:bon\s+de\s+)?commande\b",
    r"\bnous\s+(?:confirmons|passons)\s+(?:la\s+|notre\s+)?commande\b",
    r"\bcommande\s+confirm[ée]e\b",
    r"\b(?:in\s+allegato|alleghiamo)\s+(?:il\s+)?(?:nostro\s+)?ordine\b",
    r"\bconfermiamo\s+(?:l'|il\s+nostro\s+)ordine\b",
    r"\bordine\s+confermato\b",
    # de
    r"\b(?:anbei|im\s+anhang)\s+(?:finden\s+sie\s+)?(?:unsere|die)\s+bestellung\b",
    r"\bhiermit\s+bestellen\s+wir\b|\bbestellen\s+(?:wir\s+)?hiermit\b",
    r"\bwir\s+best[äa]tigen\s+(?:die|unsere|den|unseren)\s+(?:bestellung|auftrag)\b",
    r"\berteilen\s+ihnen\s+(?:hiermit\s+)?den\s+auftrag\b",
    r"\b(?:bestellung|auftrag)\s+(?:ist\s+)?best[äa]tigt\b",
    # ru, pl, tr
    r"(?:направляем|высылаем|прилагаем)\s+(?:вам\s+)?(?:наш\s+)?заказ",
    r"во\s+вложении\s+(?:наш\s+)?заказ",
    r"подтверждаем\s+заказ|заказ\s+подтвержд",
    r"\bw\s+za[łl][aą]czeniu\s+(?:nasze\s+)?zam[oó]wienie|\bprzesy[łl]amy\s+(?:nasze\s+)?zam[oó]wienie",
    r"\bpotwierdzamy\s+zam[oó]wienie|\bzam[oó]wienie\s+potwierdzone|\bniniejszym\s+zamawiamy",
    r"\bekte(?:ki)?\s+(?:satın\s+alma\s+)?sipari[sş]imiz|\bsipari[sş]i\s+onayl[ıi]yoruz|\bsipari[sş]\s+onayland[ıi]",
    # ar, zh, ja, ko
    r"مرفق\s+أمر\s+الشراء|نرفق\s+أمر\s+الشراء|نؤكد\s+الطلب|تم\s+تأكيد\s+الطلب",
    r"附件是?我们?的?(?:采购)?订单|附上(?:我们的)?(?:采购)?订单|请查收(?:我们的)?(?:采购)?订单|"
    r"确认订单|订单已确认|正式下单|我们下单了|已下单",
    r"(?:注文書|発注書)を(?:添付|お送り)|発注いたします|注文いたします|(?:注文|発注)を確定",
    r"(?:발주서|주문서)를\s*(?:첨부|보내)|주문을\s*확정|발주합니다|주문합니다",
]
PAYING = [
    r"\bwe\s+(?:have\s+)?(?:paid|transferred|remitted|wired|sent)\s+(?:the\s+|our\s+|a\s+)?(?:\d+\s*%\s+)?"
    r"(?:deposit|advance|payment|balance|down\s+payment)\b",
    r"\b(?:deposit|advance|payment)\s+(?:has\s+been|was)\s+(?:paid|made|sent|transferred|remitted)\b",
    r"\bpayment\s+(?:is\s+)?(?:done|made|completed)\b",
    r"\b(?:bank|payment)\s+slip\b|\bt/?t\s+copy\b|\bremittance\s+(?:copy|advice)\b|\bswift\s+copy\b",
    r"\bhemos\s+(?:realizado\s+el\s+pago|pagado|transferido)|\befetuamos\s+o\s+pagamento|\bcomprovante\s+de\s+pagamento",
    r"\bnous\s+avons\s+(?:effectu[ée]\s+le\s+(?:paiement|virement)|pay[ée]|r[ée]gl[ée])|\bavis\s+de\s+virement",
    r"\b(?:anzahlung|zahlung|[üu]berweisung|betrag)\s+(?:wurde|ist)\s+(?:\w+\s+){0,2}(?:veranlasst|get[äa]tigt|"
    r"[üu]berwiesen|geleistet|bezahlt)\b|\bhaben\s+(?:\w+\s+){0,3}(?:bezahlt|[üu]berwiesen)\b|\bzahlungsbeleg\b",
    r"\babbiamo\s+(?:effettuato\s+il\s+(?:pagamento|bonifico)|pagato)",
    r"оплатили|произвели\s+оплату|платежное\s+поручение",
    r"\bdokonali[śs]my\s+(?:p[łl]atno[śs]ci|przelewu)|\bpotwierdzenie\s+przelewu|\bzap[łl]acili[śs]my",
    r"\b[öo]demeyi\s+yapt[ıi]k|\b[öo]deme\s+yap[ıi]ld[ıi]|\bdekont",
    r"تم\s+الدفع|قمنا\s+بالدفع|قمنا\s+بتحويل",
    r"已付款|已付定金|定金已付|已支付|已汇款|水单|付款凭证",
    r"お支払いしました|送金しました|振り?込みました|入金しました",
    r"송금했습니다|입금했습니다|결제했습니다|송금\s*완료",
]
CONFIRMING = [  # of a proforma invoice we sent
    r"\b(?:we\s+)?(?:confirm|accept|approve)\s+(?:the\s+|your\s+)?(?:pi|proforma|order)\b",
    r"\b(?:pi|proforma(?:\s+invoice)?)\s+(?:is\s+)?(?:confirmed|accepted|approved|ok|signed)\b",
    r"\bsigned\s+(?:pi|proforma)\b|\bgo\s+ahead\b",
    r"\bconfirmamos\b|\bnous\s+confirmons\b|\bwir\s+best[äa]tigen\b|\bconfermiamo\b|подтверждаем|\bpotwierdzamy\b",
    r"\bonayl[ıi]yoruz\b|نؤكد|确认|同意|没问题|承認します|確認しました|확인했습니다|승인합니다",
]


class Phrases:
    """Many patterns, each tried only on text that holds a word it cannot match without.

    As one alternation they cost ~300 µs per message: Python's regex engine tries every
    branch at every position. Most branches need a word ("bestellen", "订单") most mail lacks,
    and looking for it in the lowered text is a substring search."""

    def __init__(self, patterns: list[str]):
        self.parts = [
            (required_words(alternative), re.compile(alternative, re.I))
            for pattern in patterns
            for alternative in top_level(pattern)
        ]

    def finditer(self, text: str) -> list[re.Match]:
        lowered = text.lower()
        found = [
            m
            for words, rx in self.parts
            if words is None or any(word in lowered for word in words)
            for m in rx.finditer(text)
        ]
        return sorted(found, key=lambda m: m.start())


def top_level(pattern: str) -> list[str]:
    """The pattern's alternatives at the outermost level: "a(?:b|c)|d" -> ["a(?:b|c)", "d"]."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]


def required_words(alternative: str) -> tuple[str, ...] | None:
    """Words one of which every match contains: the alternative's own required word, else a
    group it cannot do without whose every branch has one ("(?:find|see)"). None: always run."""
    word = required_word(alternative)
    if word:
        return (word,)
    depth, start = 0, None
    for i, char in enumerate(alternative):
        if char == "(" and (i == 0 or alternative[i - 1] != "\\"):
            depth += 1
            start = i if depth == 1 else start
        elif char == ")" and (i == 0 or alternative[i - 1] != "\\"):
            depth -= 1
            if depth == 0 and alternative[i + 1 : i + 2] not in ("?", "*", "{"):
                inner = alternative[start + 1 : i].removeprefix("?:")
                words = [required_word(branch) for branch in top_level(inner)]
                if all(words):
                    return tuple(words)
    return None


def required_word(alternative: str) -> str | None:
    """The longest run of plain letters outside any group that every match contains, lowered
    (None when there is none of 3 letters or more: the alternative then always runs)."""
    runs, run, depth, i = [], "", 0, 0
    while i < len(alternative):
        char = alternative[i]
        if char == "{":  # a count {m,n}: the letter before it may be missing, the digits are no text
            runs.append(run[:-1])
            run = ""
            i = alternative.find("}", i) + 1 or len(alternative)
            continue
        if char == "\\" or char in "()[].^$|":
            runs.append(run)
            run = ""
            if char == "\\":
                i += 1
            depth += char in "(["
            depth -= char in ")]"
        elif char in "?*":
            runs.append(run[:-1])  # the quantifier makes the letter before it optional
            run = ""
        elif char == "+" or depth:
            runs.append(run)
            run = ""
        else:
            run += char
        i += 1
    runs.append(run)
    best = max((r.strip() for r in runs), key=len)
    return best.lower() if len(best) >= 3 and " " not in best else None


PLACING_RE = Phrases(PLACING)
PAYING_RE = Phrases(PAYING)
CONFIRMING_RE = Phrases(CONFIRMING)

# A sentence asking, supposing or denying is no order: "could you confirm the order?",
# "if you confirm the price we will place the order", "we cannot confirm the order yet".
# Asking and denying words count before the order words ("... please confirm the delivery
# date" after "please find our PO" is fine); conditions anywhere in the sentence.
ASKING = re.compile(
    r"\b(?:could|can|would|will|shall|should|may|do|did)\s+(?:you|we|i)\b|\bplease\s+(?:confirm|advise|let\s+us)\b|"
    r"\bkindly\s+confirm\b|\bwould\s+like\s+to\b|\bwant\s+to\b|"
    r"\b(?:not|cannot|can't|won't|don't|didn't|haven't|hasn't|yet)\b|"
    r"\b(?:puede|podr[ií]a|podemos|no\s+podemos|todav[ií]a\s+no|pode|poderia|ainda\s+n[ãa]o)\b|"
    r"\b(?:pouvez|pourriez|pouvons|pas\s+encore|ne\s+pouvons)\b|"
    r"\b(?:k[öo]nnen|k[öo]nnten|m[öo]chten|noch\s+nicht|nicht|kein)\b|"
    r"\b(?:potete|potreste|possiamo|non)\b|"
    r"(?:можете|могли\s+бы|ещё\s+не|еще\s+не|не\s+можем|хотели\s+бы)|"
    r"\b(?:czy|jeszcze\s+nie|nie|chcieliby[śs]my)\b|\b(?:misiniz|m[ıi]s[ıi]n[ıi]z|hen[üu]z)\b|"
    r"هل|لم|请确认|能否|可否|是否|还没|尚未|不能|想|ますか|でしょうか|まだ|할까요|주시겠|아직",
    re.I,
)
CONDITION = re.compile(
    r"\b(?:if|once|before|unless|whether|si|antes\s+de|avant\s+de|wenn|falls|bevor|prima\s+di|"
    r"je[śs]li|je[żz]eli|zanim|e[ğg]er)\b|если|прежде|إذا|قبل|如果|之前|もし|前に|만약|전에|吗|\?|？",
    re.I,
)
SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|[。！？；\n]")


def usable(match: re.Match, text: str, ends: list[int]) -> bool:
    """The sentence holding the match states it: not asked, supposed or denied.

    ``ends``: where the text's sentences end, found once (looking back from each match
    through the whole text made long mails quadratic)."""
    k = bisect_right(ends, match.start())
    start = ends[k - 1] if k else 0
    k = bisect_left(ends, match.end() + 1)
    end = ends[k] if k < len(ends) else len(text)
    if text[start : match.start()].lstrip().startswith("¿") or ASKING.search(text, start, match.end()):
        return False
    return not CONDITION.search(text, start, end)


def said(pattern: re.Pattern, text: str) -> bool:
    matches = list(pattern.finditer(text))
    if not matches:
        return False
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    return any(usable(m, text, ends) for m in matches)


# -- numbers, amounts, currencies ------------------------------------------------------

IN_TEXT_NO = re.compile(
    rf"(?<![^\W_])(?:{PI_WORDS}|purchase\s+order|order|po|p\.o\.|bestellung|auftrag|pedido|orden\s+de\s+compra|"
    rf"ordem\s+de\s+compra|commande|ordine|заказ|zam[oó]wienie|sipari[sş]|订单|采购订单|注文|発注|주문|발주)"
    rf"\s*(?:no\.?|nr\.?|n[°º]\.?|number|num\.?|#|№|号|番号|번호)\s*[:：#]?\s*{NUMBER}"
    rf"|(?<![^\W_])(?:p\.?o\.?|p\.?i\.?)\s*[#:-]?\s*{NUMBER}",
    re.I,
)
CURRENCY = (
    r"US\$|USD|EUR|GBP|CNY|RMB|JPY|AUD|CAD|CHF|HKD|SGD|AED|SAR|TRY|PLN|RUB|BRL|MXN|INR|KRW|"
    r"\$|€|£|¥|￥|₩|₺|円|元|美元|欧元|人民币|zł|руб\.?|рублей"
)
AMOUNT = r"\d{1,3}(?:[.,'\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
MONEY = re.compile(
    rf"(?<![A-Za-z])(?P<c1>{CURRENCY})\s?(?P<a1>{AMOUNT})(?:,-|\.-)?(?!\d)"
    rf"|(?<![\d.,])(?P<a2>{AMOUNT})(?:,-|\.-)?\s?(?P<c2>{CURRENCY})(?![A-Za-z])",
    re.I,
)
CODES = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW", "₺": "TRY", "円": "JPY", "元": "CNY"}
CODES |= {"美元": "USD", "欧元": "EUR", "人民币": "CNY", "RMB": "CNY", "ZŁ": "PLN", "РУБ": "RUB", "РУБЛЕЙ": "RUB"}
TOTAL = re.compile(
    r"total|sum|amount|value|gesamt|summe|betrag|importe|montant|totale|importo|valor|итого|сумм|"
    r"总额|总计|合计|金额|總額|合計|総額|金額|toplam|tutar|razem|suma|kwota|warto|합계|총액|금액|الإجمالي|المجموع|المبلغ",
    re.I,
)
KANA = re.compile(r"[\u3040-\u30ff]")


def number(text: str) -> float | None:
    """'12,400.00', '8.350', '12.400', '12 400,50', "12'400" as people write amounts."""
    value = re.sub(r"[\s'\u00a0\u202f]", "", text)
    if "." in value and "," in value:
        decimal = "." if value.rfind(".") > value.rfind(",") else ","
        value = value.replace("," if decimal == "." else ".", "").replace(",", ".")
    elif "," in value:
        value = value.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", value) else value.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")
    try:
        return float(value)
    except ValueError:
        return None


def currency_code(symbol: str, text: str) -> str:
    symbol = symbol.upper().rstrip(".")
    if symbol in ("¥", "￥"):
        return "JPY" if KANA.search(text) else "CNY"
    return CODES.get(symbol, symbol)


def amount_in(text: str, *, totals_only: bool = False) -> tuple[float, str] | None:
    """The order's amount: on a line naming a total if there is one, else the largest."""
    found = []
    for line in text.splitlines():
        for m in MONEY.finditer(line):
            value = number(m.group("a1") or m.group("a2"))
            if value and value > 0:
                code = currency_code(m.group("c1") or m.group("c2"), text)
                found.append((bool(TOTAL.search(line)), value, code))
    if totals_only:
        found = [f for f in found if f[0]]
    if not found:
        return None
    _total, value, code = max(found)
    return round(value, 2), code


def labelled(kind: str, value: str | None) -> str | None:
    """A bare number says what it numbers: '4471' of a purchase order is 'PO-4471'."""
    value = (value or "").strip("-/_.: ")
    if not value:
        return None
    return f"{kind[:2].upper()}-{value}" if value.isdigit() else value


def order_number(text: str) -> str | None:
    for m in IN_TEXT_NO.finditer(text):
        value = (m.group(1) or m.group(2) or "").strip("-/_.")
        if value and not re.fullmatch(r"\d{1,2}", value):  # "PO 2" is a count, not a number
            kind = "pi" if re.match(PI_WORDS, m.group(0), re.I) else "po"
            return labelled(kind, value)
    return None


def attached(names: str) -> tuple[str, str | None] | None:
    """('po' or 'pi', number) of an order document among the attachment names."""
    best = None
    for name in names.splitlines():
        stem = re.sub(r"\.[A-Za-z0-9]{2,5}$", "", name.strip())
        m = ATTACHED_DOC.search(stem.replace("_", " "))
        if not m or DRAFT.search(stem):
            continue
        kind = "pi" if m.group("pi") else "po"
        if kind == "pi" and not SIGNED.search(stem):
            kind = "pi-unsigned"
        found = (kind, labelled(kind, m.group(m.lastindex)))
        if best is None or kind == "po":
            best = found
    return best


def canonical_no(order_no: str | None) -> str:
    """'PO-4471', 'po 4471' and '4471' name one order; 'PI HT-2026-031' and 'HT-2026-031' too."""
    value = re.sub(r"[\W_]", "", (order_no or "").lower())
    return re.sub(r"^(?:po|pi)(?=.)", "", value)


# -- the verdict -----------------------------------------------------------------------


def proforma_in(subject: str, body: str, attachments: str) -> OrderInMail:
    """What a proforma invoice we sent says: its number and its total."""
    text = f"{subject}\n{own_text(body)}"
    doc = attached(attachments)
    found = amount_in(text)
    number_ = (doc[1] if doc and doc[0].startswith("pi") else None) or order_number(text)
    return OrderInMail(number_, found[0] if found else None, found[1] if found else None, "proforma")


def order_in(subject: str, body: str, attachments: str, *, proforma: OrderInMail | None = None) -> OrderInMail | None:
    """The order an inbound message places, or None. ``proforma``: the PI we sent earlier in
    the thread, if any; a confirmation or a payment of it is an order."""
    text = f"{subject}\n{own_text(body)}"
    doc = attached(attachments)
    paying = said(PAYING_RE, text)
    if doc and doc[0] == "po":
        how = "purchase order"
    elif said(PLACING_RE, text) or (doc and doc[0] == "pi"):
        how = "confirmation"
    elif proforma and (paying or said(CONFIRMING_RE, text)):
        how = "payment" if paying else "confirmation"
    elif paying and order_number(text):
        how = "payment"
    else:
        return None
    number_ = (doc[1] if doc else None) or order_number(text) or (proforma.order_no if proforma else None)
    # A payment names a deposit or a balance, not the order's value: only a stated total counts.
    found = amount_in(text, totals_only=how == "payment")
    if proforma and proforma.amount and (how == "payment" or not found):
        found = (proforma.amount, proforma.currency)
    return OrderInMail(number_, found[0] if found else None, found[1] if found else None, how)
