"""Where the sender's own text ends: the signature and the legal disclaimer below it.

A stretch of the sender's text is cut in three: new | signature | disclaimer.

- The disclaimer is found first: a few cue words ("confidential", "vertraulich", "机密",
  "before printing" …) are looked for with one regex search, and a hit counts only when its
  paragraph or line opens like a notice ("This e-mail …", "Diese E-Mail …", "本邮件 …").
  A sentence that merely says "confidential" stays new.
- The signature starts at a "-- " line, or at the last valediction ("Best regards",
  "此致", "С уважением" …) followed only by short lines, or at the paragraph of contact lines
  (phone, e-mail, www) that closes the text. Lines are walked from the end, so the walk stops
  after a few lines however long the text is.
"""

from __future__ import annotations

import re

# Closing lines, case-folded, without trailing punctuation. A line is a valediction when it is
# one of these, or one of these followed by ", <name>" or " / <the same in another language>".
_VALEDICTIONS = {
    "en": "best regards, kind regards, warm regards, warmest regards, kindest regards, regards, best, best wishes, "
    "with best regards, with kind regards, best rgds, rgds, br, b.r, many thanks, thanks, thank you, thanks again, "
    "thanks and regards, thanks & regards, thanks and best regards, thanks & best regards, thanks & br, "
    "thank you and best regards, thanks in advance, sincerely, yours sincerely, sincerely yours, yours faithfully, "
    "yours truly, cheers, all the best, many thanks and best regards, thx, brgds, b.rgds, kr, tks, tks & rgds",
    "es": "saludos, saludos cordiales, un saludo, un cordial saludo, atentamente, cordialmente, muchas gracias, "
    "gracias, reciba un cordial saludo, saludos y gracias, quedo atento, quedo atenta, slds, sds, saludos cordiales",
    "pt": "atenciosamente, abraços, abraço, cumprimentos, melhores cumprimentos, obrigado, obrigada, att, at.te, "
    "grato, grata, saudações, um abraço, abs, att., atte, sds, cordialmente",
    "fr": "cordialement, bien à vous, bien cordialement, salutations, sincères salutations, meilleures salutations, "
    "merci, merci beaucoup, bonne journée, amicalement, très cordialement, salutations distinguées, cdlt, bàv",
    "de": "mit freundlichen grüßen, mit freundlichem gruß, freundliche grüße, viele grüße, beste grüße, "
    "herzliche grüße, liebe grüße, schöne grüße, lg, vg, mfg, bg, gruß, grüße, danke, vielen dank",
    "it": "cordiali saluti, distinti saluti, saluti, un saluto, un cordiale saluto, grazie, grazie mille, "
    "buona giornata, cordialità",
    "ru": "с уважением, спасибо, с наилучшими пожеланиями, всего доброго, всего наилучшего, благодарю, "
    "с уважением и наилучшими пожеланиями",
    "ar": "مع تحياتي, تحياتي, مع خالص التحيات, مع التحية, شكرا, شكراً, شكرا لكم, وتفضلوا بقبول فائق الاحترام, "
    "وشكرا, وشكراً, مع الشكر, مع خالص الشكر, وتقبلوا تحياتي, ولكم جزيل الشكر, مع التقدير",
    "zh": "此致, 敬礼, 此致敬礼, 祝好, 谢谢, 謝謝, 多谢, 顺祝商祺, 顺颂商祺, 祝商祺, 商祺, 此致敬禮, 祝工作顺利",
    "ja": "よろしくお願いいたします, よろしくお願いします, 宜しくお願い致します, 宜しくお願いいたします, "
    "よろしくお願い申し上げます, 何卒よろしくお願い申し上げます, 以上、よろしくお願いいたします, 敬具",
    "tr": "saygılarımla, saygılarımızla, iyi çalışmalar, teşekkürler, teşekkür ederim, selamlar, saygılar, iyi günler",
    "pl": "pozdrawiam, z poważaniem, serdecznie pozdrawiam, pozdrawiam serdecznie, dziękuję, z wyrazami szacunku, "
    "pozdrowienia, łączę pozdrowienia",
    "ko": "감사합니다, 고맙습니다, 수고하세요, 감사드립니다, 수고하십시오, 잘 부탁드립니다",
    "nl": "met vriendelijke groet, met vriendelijke groeten, vriendelijke groeten, vriendelijke groet, groeten, "
    "groet, mvg, hartelijke groet, bedankt, dank je wel, met hartelijke groet",
}
VALEDICTIONS = frozenset(v.strip().casefold() for words in _VALEDICTIONS.values() for v in words.split(","))
_VALEDICTION_TAILS = (",", "，", " / ", " - ")
_CLOSING_PUNCTUATION = " \t\r,.!;:~-–—。，！、…*_"

# Phone-client footers: a signature line even without a valediction above.
SENT_FROM = (
    "sent from my",
    "get outlook for",
    "von meinem",
    "gesendet von",
    "enviado desde mi",
    "envoyé de mon",
    "enviado do meu",
    "inviato da",
    "отправлено с",
    "发自我的",
    "iphoneから送信",
    "iphone'umdan gönderildi",
    "wysłane z",
    "verzonden vanaf",
)

_CONTACT = re.compile(
    r"(?i)(?:^|[\s|/,;(])(?:tel|ph|phone|fax|mob|mobile|m|t|f|e|w|cell|whatsapp|wechat|skype|e-?mail|web|website|"
    r"add|addr|address|tél|teléfono|telefone|telefono|telefon|handy|móvil|movil|celular|cellulare|cel|tlf|"
    r"тел|моб|факс|e-posta|adres|전화|팩스|휴대폰|이메일|電話|携帯|传真|手机|手機|电话|邮箱|地址|网址|網址|"
    r"هاتف|جوال|فاكس|بريد)\.?\s*[:：]|@[\w-]+\.\w|www\.|https?://|\+\s?\d[\d\s().-]{6,}"
)

_DISCLAIMER_CUE = re.compile(
    r"(?i)confiden|privileg|intended (?:solely )?for|disclaimer|vertraulich|haftungsausschluss|riservat|"
    r"конфиденциальн|机密|機密|保密|秘密|免责|gizli|yasal uyar|poufn|기밀|비밀|vertrouwelijk|سري|إخلاء المسؤولية|"
    r"before printing|think before you print|ausdrucken|imprimer|imprimir|stampare|печат|打印|印刷|yazdırmadan|"
    r"drukowaniem|drukuj|인쇄|printen|طباعة|"
    # a data-protection notice (GDPR/RODO/KVKK) and a system's "generated automatically, do not reply"
    r"personal data|datos personales|dados pessoais|données personnelles|personenbezogen|dati personali|"
    r"danych osobowych|персональн|kişisel veri|persoonsgegevens|个人信息|個人情報|개인정보|البيانات الشخصية|"
    r"generated automatically|automatically generated|automatisch (?:generiert|erstellt)|generado automáticamente|"
    r"gerada automaticamente|généré automatiquement|generato automaticamente|wygenerowana automatycznie|"
    r"сформировано автоматически|otomatik olarak oluşturul|automatisch gegenereerd|系统自动|系統自動|自動送信|자동 발송"
)
_DISCLAIMER_OPENING = re.compile(
    r"(?i)[\s*\[(_=-]{0,6}(?:confidentiality|confidential|disclaimer|important|notice|legal notice|"
    r"(?:this|the) (?:e-?mail|message|communication|transmission|information)|the information (?:contained|in)|"
    r"please consider|please think|think before|save paper|"
    r"diese (?:e-?mail|nachricht)|vertraulichkeit|haftungsausschluss|bitte (?:denken|prüfen|beachten)|"
    r"este (?:mensaje|correo|e-?mail)|esta (?:mensagem|comunicação)|aviso|antes de imprimir|por favor,? considere|"
    r"ce (?:message|courriel|mail|e-?mail)|le présent|avis|avertissement|pensez|merci de penser|"
    r"questo (?:messaggio|e-?mail)|questa (?:e-?mail|comunicazione)|il presente|le informazioni|avviso|prima di stampare|"
    r"данное|это (?:сообщение|письмо)|настоящее|информация,? содержащаяся|подумайте|"
    r"本邮件|本郵件|此邮件|本电子邮件|本電子郵件|保密|免责|请|請|この(?:メール|電子メール|メッセージ)|本メール|"
    r"bu (?:e-?posta|mesaj|elektronik)|yasal|lütfen|"
    r"ta wiadomość|niniejsza|treść|pomyśl|zanim wydrukujesz|"
    r"이 (?:메일|이메일|전자)|본 (?:메일|이메일)|인쇄|"
    r"dit (?:e-?mail|bericht)|deze (?:e-?mail|bericht)|denk aan|"
    r"هذه الرسالة|إخلاء|تنويه|يرجى|"
    r"administratorem|the (?:data )?controller|your personal data|responsable del tratamiento|sus datos personales|"
    r"os seus dados pessoais|vos données personnelles|le responsable du traitement|ihre personenbezogenen|"
    r"verantwortlich(?:er)? im sinne|i suoi dati personali|titolare del trattamento|ваши персональные|оператором|"
    r"kişisel verileriniz|uw persoonsgegevens|您的个人信息|個人情報|개인정보|بياناتك الشخصية)"
)
_SENTENCE_END = re.compile(r"[.!?] |[。！？]")
_PRINTING = re.compile("print|imprim|stampa|druck|печат|打印|印刷|yazdır|drukow|drukuj|인쇄|طباع")
_PRINTING_LATIN = ("print", "imprim", "stampa", "druck", "drukow", "drukuj")
_BLANK = re.compile(r"\s*")
# "Rispetta l'ambiente: non stampare …", "Берегите природу - не распечатывайте …": printing and the
# environment (or paper) named in one line is a footer, however it opens
_ENVIRONMENT = re.compile(
    r"(?i)environment|umwelt|environnement|ambiente|natur|planet|paper|papier|carta|papel|tree|baum|arbre|albero|"
    r"árbol|árvore|природ|бумаг|环保|環保|环境|環境|纸|紙|환경|종이|البيئة|ورق|çevre|kağıt|środowisk|milieu"
)
_NOTICE_PARAGRAPHS = 3
_ECO_REACH = 300  # characters before the end (or the notice) where the printing line is looked for
_SIGNATURE_LINES = 25  # non-blank lines walked up from the end
_TAIL_REACH = 2000  # characters: the most a signature's lines take
_SHORT = 120  # characters: a longer line is body text, never part of a signature
_NAME_LINES = 4  # name, title, company … kept with the contact lines below them


def split_own_text(text: str, start: int, end: int, first: bool) -> list[tuple[str, int, int]]:
    """Cut text[start:end] (the sender's own words) into ("new"|"signature"|"disclaimer", start, end).

    ``first``: the stretch that opens the body, where a disclaimer cannot be the first paragraph.
    """
    disclaimer = disclaimer_start(text, start, end, first)
    signature = signature_start(text, start, disclaimer)
    parts = [("new", start, signature), ("signature", signature, disclaimer), ("disclaimer", disclaimer, end)]
    return [part for part in parts if part[1] < part[2]]


# -- disclaimer ---------------------------------------------------------------------------------


def disclaimer_start(text: str, start: int, end: int, first: bool) -> int:
    """Where the closing notice paragraphs (and an "environment before printing" line) begin."""
    # In the body's opening stretch a notice needs some text above it: "Confidential: our new
    # price list" is a message, not a disclaimer. Below a quote it may stand alone.
    floor = _BLANK.match(text, start, end).end() + 1 if first else start
    found, position = end, end
    for _ in range(_NOTICE_PARAGRAPHS):  # notices close the text: only its last paragraphs are read
        paragraph = _paragraph_start(text, start, position)
        if paragraph >= floor and _is_notice(text, paragraph, position):
            found = paragraph
        elif found != end:
            break  # the paragraph above the notice: the sender's again
        if paragraph <= start:
            break
        position = paragraph - 1
        while position > start and text[position - 1] in " \t\r\n":
            position -= 1
    return _eco_line(text, max(start, floor), found)


def _is_notice(text: str, start: int, end: int) -> bool:
    """The paragraph opens like a notice, and a cue word comes in its first sentence."""
    opening = _DISCLAIMER_OPENING.match(text, start, end)
    if opening is None:
        return False
    cue = _DISCLAIMER_CUE.search(text, start, min(end, start + 300))
    return cue is not None and not _SENTENCE_END.search(text, opening.end(), cue.start())


def _eco_line(text: str, start: int, end: int) -> int:
    """ "Please consider the environment before printing", often the last line of a signature."""
    tail = max(start, end - _ECO_REACH)
    if text.isascii():  # str.find on the Latin words, far cheaper than a regex search
        hits = sorted(p for p in (text.find(word, tail, end) for word in _PRINTING_LATIN) if p != -1)
    else:
        hits = [hit.start() for hit in _PRINTING.finditer(text, tail, end)]
    for hit in hits:
        line = text.rfind("\n", start, hit) + 1 or start
        line_end = text.find("\n", hit, end)
        line_end = end if line_end == -1 else line_end
        if _DISCLAIMER_OPENING.match(text, line, end) or _ENVIRONMENT.search(text, line, line_end):
            return line
    return end


def _paragraph_start(text: str, start: int, position: int) -> int:
    blank = text.rfind("\n\n", start, position)
    return blank + 2 if blank != -1 else start


# -- signature ----------------------------------------------------------------------------------


def signature_start(text: str, start: int, end: int) -> int:
    """Where the signature begins in text[start:end] (``end`` when there is none)."""
    lines = _tail_lines(text, start, end)
    for index, (_, line) in enumerate(lines):
        if _rule_over_signature(lines, index):  # "――――――" over name, company, phone (Japanese mail)
            return lines[index][0]
        if _opens_signature(line):  # "-- " by convention, or the lowest closing line …
            while index + 1 < len(lines) and _opens_signature(lines[index + 1][1]):
                index += 1  # … with the closing lines right above it ("此致" over "敬礼")
            if line.casefold().startswith(SENT_FROM) and lines[index][0] > start:
                # "Sent from my iPhone" under a whole signature ("Abraço, / name / ISO 9001 |
                # ISO 14001"): the signature starts above it
                return min(lines[index][0], signature_start(text, start, lines[index][0]))
            return lines[index][0]
    found = _contact_block(lines, end)
    return found if found != end else _company_block(text, start, lines, end)


_RULE = re.compile(r"[-_=~*―─━—－＿＝ー]{6,}")
_RULED_LINES = 8  # a ruled-off signature block: at most this many lines under the rule


def _rule_over_signature(lines: list[tuple[int, str]], index: int) -> bool:
    """A line of dashes or box bars with a short block of signature lines under it."""
    if not _RULE.fullmatch(lines[index][1]):
        return False
    below = [line for _, line in lines[:index] if line and not _RULE.fullmatch(line)]
    return 0 < len(below) <= _RULED_LINES and all(_signature_like(line) for line in below)


def _opens_signature(line: str) -> bool:
    return line == "--" or is_valediction(line)


def _tail_lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The lines closing text[start:end], stripped, last first, up to the first long line.

    Each item is (line start, line); blank lines are kept (as "") so that paragraphs can be
    told apart. One str.split of the last stretch, in C, instead of a search per line.
    """
    window = max(start, end - _TAIL_REACH)
    lines: list[tuple[int, str]] = []
    position, taken = end, 0
    for raw in reversed(text[window:end].split("\n")):
        position -= len(raw)
        line = raw.strip()
        if len(line) > _SHORT or (position == window and window > start) or taken == _SIGNATURE_LINES:
            break  # a sentence, a line cut by the window, or as far as a signature reaches
        lines.append((position, line))
        taken += bool(line)
        position -= 1
    return lines


def is_valediction(line: str) -> bool:
    if len(line) > 60:
        return False
    text = line.strip(_CLOSING_PUNCTUATION).casefold()
    if text in VALEDICTIONS or text.startswith(SENT_FROM):
        return True
    for separator in _VALEDICTION_TAILS:
        if separator in text:
            head, _, tail = text.partition(separator)
            if head.strip(_CLOSING_PUNCTUATION) in VALEDICTIONS and len(tail.split()) <= 4:
                return True  # "Best regards, John" / "Mit freundlichen Grüßen / Best regards"
    return False


# "Tel. 0422 304 718", "T 01322 555 614": a phone label and a number without a colon; digits
# masked with x ("T. 033-53x-xx20", "тел. +7 (343) 2xx-xx-17") are a number too
_PHONE = re.compile(
    r"(?i)(?:^|[\s|/,;(])(?:tel|ph|phone|fax|mob|mobile|cell|gsm|tlf|handy|móvil|movil|celular|cel|тел|моб|факс|t|m|f)"
    r"\.?\s*\+?\(?\d[\dx\s()./-]{6,}"
)


def is_contact(line: str) -> bool:
    hinted = ":" in line or "@" in line or "www" in line or "+" in line or "：" in line or "http" in line
    return (hinted and _CONTACT.search(line) is not None) or _PHONE.search(line) is not None


_COMPANY_ENDINGS = (
    "s.r.l.",
    "s.p.a.",
    "ltd.",
    "inc.",
    "co.",
    "s.a.",
    "s.l.",
    "ltda.",
    "corp.",
    "s.a.s.",
    "b.v.",
    "n.v.",
    "a.ş.",
    "şti.",
    "z o.o.",
    "s.a.r.l.",
    "e.k.",
    "llc.",
    "pty.",
    "s.c.",
    "s.n.c.",
    "s.a.s",
    "kft.",
    "a.s.",
    "bhd.",
    "pte.",
    "plc.",
)


def _signature_like(line: str) -> bool:
    """Short and not a sentence or a greeting: a name, a title, a slogan, an address."""
    if line.endswith((",", "，", ":", "：")):
        return is_contact(line)
    if line.casefold().endswith(_COMPANY_ENDINGS):
        return True  # "Ufficio Acquisti - Idrotermica Veneta S.r.l.": a company, not a sentence
    if line.endswith((".", "?", "!", "。", "？", "！")):
        return len(line.split()) < 6 and len(line) < 25
    return True


def _contact_block(lines: list[tuple[int, str]], end: int) -> int:
    """The paragraph holding the closing contact lines, with its name lines above them."""
    contacts, top = 0, None
    for index, (_, line) in enumerate(lines):
        if line and not _signature_like(line):
            break
        if line and is_contact(line):
            contacts, top = contacts + 1, index
    if top is None:
        return end
    first = top
    for index in range(top + 1, min(top + 1 + _NAME_LINES, len(lines))):
        line = lines[index][1]
        if not line or not _signature_like(line) or is_valediction(line):
            break
        first = index
    if contacts < 2:
        # One phone line is a signature only as a closing paragraph of its own (name, company,
        # phone, slogan below a blank line): "手机：135 …" under "赵建国 / … | 总经理".
        above = first + 1
        if above >= len(lines) or lines[above][1] or first == top:
            return end
    return lines[first][0]


# The legal form closing a company name: "Nantong Huilan Environmental Engineering Co., Ltd",
# "南通汇澜环保工程有限公司", "Brenntal Haustechnik GmbH" (or opening it: "株式会社 …", "(주)…", "ООО …")
_COMPANY_END = re.compile(
    r"(?i)(?:\b(?:gmbh|ltd|limited|llc|inc|corp|plc|ag|kg|sas|sarl|srl|spa|s\.r\.l|s\.p\.a|s\.a|s\.l|b\.v|n\.v|"
    r"ltda|bhd|pty|kft|a\.ş|şti|z o\.o|ооо|оао|зао|пао)\.?|有限公司|有限責任公司|股份公司|公司|株式会社|有限会社|주식회사)"
    r"\s*$"
)
_COMPANY_START = re.compile(r"(?i)^(?:株式会社|有限会社|\(주\)|㈜|주식회사|(?:ооо|оао|зао|пао|тоо)\s)")
_SENTENCE_PUNCTUATION = (".", "!", "?", "。", "！", "？", ";", "；")


def is_company(line: str) -> bool:
    return _COMPANY_END.search(line) is not None or _COMPANY_START.match(line) is not None


def _company_block(text: str, start: int, lines: list[tuple[int, str]], end: int) -> int:
    """A closing paragraph of a name and a company line without any phone ("陆海峰 / 南通…有限公司 /
    a slogan"): the signature of a short reply. Its top line is a name: short, no sentence."""
    block = []
    for position, line in lines:
        if not line:
            if block:
                break
            continue
        block.append((position, line))
    if not 2 <= len(block) <= _NAME_LINES or len(lines) <= len(block):
        return end
    top_position, top = block[-1]
    if len(top) > 30 or len(top.split()) > 4 or top.endswith(_SENTENCE_PUNCTUATION) or any(c.isdigit() for c in top):
        return end
    if not any(is_company(line) for _, line in block):
        return end
    if any(not _signature_like(line) or is_contact(line) for _, line in block):
        return end
    if not text[start:top_position].strip():
        return end  # the whole text: nothing above it is theirs
    return top_position
