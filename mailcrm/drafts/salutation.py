"""The salutation line of a draft: as the salesperson and the contact already address each
other, else by the customs of the draft's language.

1. Our own latest greeting to this contact (the first line of our own words in the last
   messages to them). Written in the draft's language and naming them, it is kept as it is
   ("Dear Oliver," stays "Dear Oliver," after a year of it; "Hallo Herr Zimmermann," stays).
2. Else the register it or their greetings to us show: "Hallo Lisa" / "Hi Lisa" from them
   means first names ("Hallo Stefan,"), "Sehr geehrte Frau Chen" means the formal form.
3. Else the language's formal form: "Sehr geehrter Herr Zimmermann,", "Bonjour Madame Dubois,",
   "尊敬的黃先生：", "佐藤様", "Dear Mr Sato," (Japanese in English: "Sato-san" when the
   gender is unknown), never "Dear 黃家輝," or "Bonjour Claire Dubois,".

Templates print ``salutation``; this module only returns the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .culture import Person, person

HISTORY = 8  # messages with the contact read for greetings, newest first

OPENERS = (
    ("de", r"sehr geehrte[rs]?|liebe[rs]?|hallo|guten (?:tag|morgen|abend)|servus|moin|grüß gott"),
    ("fr", r"bonjour|bonsoir|cher|chère|salut"),
    ("es", r"estimad[oa]s?|hola|buen(?:os|as) (?:días|tardes)|querid[oa]s?"),
    ("pt", r"prezad[oa]s?|olá|oi|bom dia|boa tarde"),
    ("it", r"gentil(?:e|issim[oa])|egregio|buongiorno|ciao|salve|car[oa]"),
    ("ru", r"уважаем\w+|здравствуйте|добрый день|доброе утро|привет"),
    ("ar", r"السيدة|السيد|عزيزي|عزيزتي|حضرة|مرحباً|مرحبا"),
    ("zh", r"尊敬的|亲爱的|親愛的"),
    ("en", r"dear|hi|hello|hey|good (?:morning|afternoon|day)"),
)
_OPENER = re.compile(
    r"^\s*(?P<word>" + "|".join(f"(?P<{lang}>{words})" for lang, words in OPENERS) + r")\b[\s,]*(?P<rest>.*)$", re.I
)
_CJK_GREETING = re.compile(r"^(?P<name>[^\s，,：:！!]{1,12}?)(?P<word>先生|女士|小姐|様|さん|经理|經理|总|總)")
FORMAL_WORDS = re.compile(
    r"\b(mr|mrs|ms|miss|dr|prof|herr|frau|monsieur|madame|mme|sr|sra|srta|señor|señora|sig|sig\.ra|"
    r"signora|signor|dott|dott\.ssa|господин|госпожа)\b\.?|先生|女士|小姐|様|经理|經理|总监|總監|السيد|السيدة|"
    r"sehr geehrte|уважаем",
    re.I,
)
FORMAL_OPENERS = re.compile(r"^(sehr geehrte|уважаем|尊敬|السيد|حضرة|egregio|estimad|prezad)", re.I)
COMMA_AFTER = {"hola", "olá", "oi", "bom dia", "boa tarde", "добрый день", "здравствуйте", "доброе утро", "привет"}
PUNCTUATION = {"es": ":", "ru": "!", "ar": "،", "zh": "：", "ja": ""}

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
KANA = re.compile(r"[\u3040-\u30ff]")
COMPOUND_SURNAMES = set(
    "欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 东方 東方 皇甫 令狐 慕容 尉迟 尉遲 长孙 長孫 宇文 司徒 夏侯 公孙 公孫".split()
)
# Given-name characters that mark a Chinese name as a man's or a woman's (ambiguous ones left out).
MALE_HANZI = set("伟偉强強军軍辉輝刚剛勇杰傑涛濤斌鹏鵬峰磊浩俊龙龍国國志明健亮军兵彬博栋棟豪宇飞飛鑫")
FEMALE_HANZI = set("丽麗芳娟婷静靜雪燕玲霞娜秀琳莉萍艳艷梅兰蘭倩颖穎瑶瑤怡妍璐洁潔蓉薇菲茜娥嫣媛")
TRADITIONAL = set("黃陳張劉楊趙吳劉鄭謝馮葉蕭蘇盧蔣錢湯鄧龔賴韓輝偉強軍剛傑濤鵬龍國飛麗靜蘭艷穎瑤潔經總監")
CJK_TITLES = ("总经理", "總經理", "董事长", "董事長", "总监", "總監", "经理", "經理", "主管", "部長", "課長")


@dataclass(frozen=True)
class Greeting:
    line: str  # as written, without its closing punctuation
    language: str
    word: str  # "Dear", "Hallo", "尊敬的"
    rest: str  # what follows the word: "Oliver", "Herr Zimmermann"
    outbound: bool  # we wrote it (to the contact); else they wrote it to us


def greeting_in(text: str, outbound: bool) -> Greeting | None:
    """The greeting line that opens a message's own words, if it has one."""
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            return parse_greeting(line, outbound)
    return None


def parse_greeting(line: str, outbound: bool) -> Greeting | None:
    if len(line) > 60:
        return None
    bare = line.rstrip(" ,:;!.،，：！")
    match = _OPENER.match(bare)
    if match:
        language = next(lang for lang, _ in OPENERS if match.group(lang))
        rest = match.group("rest").strip(" ,")
        if len(rest.split()) > 4 or any(ch in rest for ch in "?!") or re.search(r"\.\s+[a-z]", rest):
            return None  # a sentence, not a greeting
        return Greeting(bare, language, match.group("word"), rest, outbound)
    match = _CJK_GREETING.match(bare)
    if match and len(bare) <= 16:
        language = "ja" if match.group("word") in ("様", "さん") else "zh"
        return Greeting(bare, language, "", bare, outbound)
    return None


def register_of(greeting: Greeting, addressed: Person | None) -> str | None:
    """'first' (first names), 'formal' (title and family name) or None (no name in it)."""
    rest = greeting.rest
    if FORMAL_OPENERS.match(greeting.word) and rest:
        return "formal"
    if FORMAL_WORDS.search(rest) or (greeting.language in ("zh", "ja") and rest):
        return "formal"
    if not rest or addressed is None:
        return None
    words = {w.casefold() for w in re.findall(r"[\w-]+", rest)}
    if addressed.first_name and addressed.first_name.casefold() in words:
        return "first"
    if addressed.last_name and addressed.last_name.casefold() in words:
        return "formal"
    return None


def salutation(
    language: str,
    contact: Person,
    *,
    history: list[Greeting] = (),
    me: str = "",
    region: str = "",
    country: str | None = None,
    title: str | None = None,
) -> str:
    """The salutation line for a draft in ``language`` to ``contact``.

    ``history``: greetings of the last messages with this contact, newest first;
    ``me``: the salesperson's name (whom the contact greets); ``title``: the contact's role."""
    base = language.split("-")[0].lower()
    script = "zh-TW" if language.lower() in ("zh-tw", "zh-hk", "zh-mo") else None
    ours = [g for g in history if g.outbound and register_of(g, contact)]
    cjk = _CJK_GREETING.match(ours[0].rest.removeprefix("尊敬的")) if ours and base in ("zh", "ja") else None
    if cjk and names_contact(ours[0], contact):  # "陈经理您好" from us: 尊敬的陈经理：
        name, word = cjk.group("name"), cjk.group("word")
        return f"{name}{word}" if word in ("様", "さん") else f"尊敬的{name}{word}："
    if ours and ours[0].language == base and names_contact(ours[0], contact):
        return ours[0].line + PUNCTUATION.get(base, ",")
    register = register_of(ours[0], contact) if ours else None
    if register is None:
        mine = person(me) if me else None
        theirs = [register_of(g, mine) for g in history if not g.outbound]
        register = next((r for r in theirs if r), None)
        hint = next((g for g in history if not g.outbound and register_of(g, mine) == "first"), None)
    else:
        hint = None
    if register == "first" and contact.first_name and not CJK.search(contact.name):
        word = hint.word if hint and hint.language == base else None
        return first_name_form(base, contact, word)
    return formal_form(base, contact, region=region, country=country, title=title, script=script)


def names_contact(greeting: Greeting, contact: Person) -> bool:
    text = greeting.rest.casefold()
    parts = [contact.first_name, contact.last_name, contact.name]
    if CJK.search(contact.name):
        parts.append(split_cjk(contact.name, bool(KANA.search(contact.name)))[0])
    return any(part and part.casefold() in text for part in parts)


def first_name_form(language: str, contact: Person, word: str | None = None) -> str:
    first, gender = contact.first_name, contact.gender
    if word:
        comma = "," if word.casefold() in COMMA_AFTER else ""
        return f"{word}{comma} {first}" + PUNCTUATION.get(language, ",")
    forms = {
        "en": f"Dear {first},",
        "de": f"Hallo {first},",
        "fr": f"Bonjour {first},",
        "es": f"{'Estimada' if gender == 'f' else 'Estimado'} {first}:" if gender else f"Hola, {first}:",
        "pt": f"{'Prezada' if gender == 'f' else 'Prezado'} {first}," if gender else f"Olá, {first},",
        "it": f"{'Cara' if gender == 'f' else 'Caro'} {first}," if gender else f"Gentile {first},",
        "ru": f"Добрый день, {first}!",
        "ar": f"{'عزيزتي' if gender == 'f' else 'عزيزي'} {first}،" if gender else f"حضرة {first}،",
        "zh": f"{first}，您好！",
        "ja": f"{contact.last_name or first}様",
    }
    return forms.get(language, forms["en"])


def formal_form(
    language: str, contact: Person, *, region: str = "", country: str | None = None, title=None, script=None
) -> str:
    """The language's form with no history to follow (``script`` "zh-TW": Traditional Chinese)."""
    traditional = script == "zh-TW" or (country or "").upper() in ("TW", "HK", "MO")
    if CJK.search(contact.name):
        return cjk_form(language, contact.name, contact.gender, country=country, title=title, traditional=traditional)
    first, last, gender, academic = contact.first_name, contact.last_name, contact.gender, contact.academic
    japanese = (country or "").upper() == "JP"
    if language == "de":
        dr = f"{academic} " if academic else ""
        if last and gender in ("m", "f"):
            return f"Sehr geehrte{'r Herr' if gender == 'm' else ' Frau'} {dr}{last},"
        return f"Guten Tag {dr}{contact.name}," if contact.name else "Sehr geehrte Damen und Herren,"
    if language == "fr":
        if last and gender in ("m", "f"):
            return f"Bonjour {'Monsieur' if gender == 'm' else 'Madame'} {last},"
        return "Madame, Monsieur,"
    if language == "es":
        if academic and last:
            return f"{'Estimada Dra.' if gender == 'f' else 'Estimado Dr.'} {last}:"
        if region == "latin-america" and first and gender in ("m", "f"):
            return f"{'Estimada' if gender == 'f' else 'Estimado'} {first}:"
        if last and gender in ("m", "f"):
            return f"{'Estimada Sra.' if gender == 'f' else 'Estimado Sr.'} {last}:"
        return f"Buenos días, {contact.name}:" if contact.name else "Estimados señores:"
    if language == "pt":
        if academic and last:
            return f"{'Prezada Dra.' if gender == 'f' else 'Prezado Dr.'} {last},"
        if region == "latin-america" and first and gender in ("m", "f"):
            return f"{'Prezada' if gender == 'f' else 'Prezado'} {first},"
        if last and gender in ("m", "f"):
            return f"{'Prezada Sra.' if gender == 'f' else 'Prezado Sr.'} {last},"
        return f"Olá, {contact.name}," if contact.name else "Prezados senhores,"
    if language == "it":
        if academic and last:
            return f"Gentile {'Dott.ssa' if gender == 'f' else 'Dott.'} {last},"
        if last and gender in ("m", "f"):
            return f"Gentile {'Sig.ra' if gender == 'f' else 'Sig.'} {last},"
        return f"Gentile {contact.name}," if contact.name else "Gentile Cliente,"
    if language == "ru":
        if contact.patronymic and first:
            return f"{'Уважаемая' if gender == 'f' else 'Уважаемый'} {first} {contact.patronymic}!"
        if last and gender in ("m", "f"):
            return f"{'Уважаемая госпожа' if gender == 'f' else 'Уважаемый господин'} {last}!"
        return f"Здравствуйте, {contact.name}!" if contact.name else "Добрый день!"
    if language == "ar":
        if contact.name and gender in ("m", "f"):
            return f"السيد {contact.name} المحترم،" if gender == "m" else f"السيدة {contact.name} المحترمة،"
        return f"حضرة {contact.name}،" if contact.name else "السادة المحترمون،"
    if language == "zh":  # a foreign name as written, never "Dear": 尊敬的 Smith 先生：
        if last and gender in ("m", "f"):
            return f"尊敬的 {last} {'先生' if gender == 'm' else '女士'}："
        return f"尊敬的 {contact.name}：" if contact.name else ("尊敬的客戶：" if traditional else "尊敬的客户：")
    if language == "ja":
        return f"{last or first}様" if contact.name else "ご担当者様"
    # English (and any language without rules of its own)
    if academic and last:
        return f"Dear {academic.rstrip('.')} {last},"
    if japanese and last:
        return f"Dear {'Mr' if gender == 'm' else 'Ms'} {last}," if gender else f"Dear {last}-san,"
    if region in ("latin-america", "north-america", "oceania") and first and last:
        return f"Dear {first},"
    if last and gender in ("m", "f"):
        return f"Dear {'Mr' if gender == 'm' else 'Ms'} {last},"
    return f"Dear {contact.name}," if contact.name else "Dear Sir or Madam,"


def cjk_form(
    language: str, name: str, gender: str | None, *, country: str | None, title: str | None, traditional: bool = False
) -> str:
    """黃家輝 -> 尊敬的黃先生： (Chinese), 佐藤 弘 -> 佐藤様 (Japanese); never the full name after "Dear"."""
    japanese = language == "ja" or (country or "").upper() == "JP" or bool(KANA.search(name))
    family, given = split_cjk(name, japanese)
    if japanese:
        if language == "ja":
            return f"{family}様"
        return f"Dear {family}-san," if language == "en" else f"{family}様"
    gender = gender or hanzi_gender(given)
    traditional = traditional or bool(set(name) & TRADITIONAL)
    honorific = cjk_title(title) or {"m": "先生", "f": "女士"}.get(gender or "") or ("經理" if traditional else "经理")
    if language == "zh":
        return f"尊敬的{family}{honorific}："
    return f"Dear {family}{honorific},"


def split_cjk(name: str, japanese: bool) -> tuple[str, str]:
    words = name.split()
    if len(words) > 1 and CJK.search(words[0]):
        return words[0], "".join(words[1:])
    text = name.replace(" ", "")
    if japanese:
        size = 2 if len(text) >= 3 else 1
    else:
        size = 2 if text[:2] in COMPOUND_SURNAMES and len(text) > 2 else 1
    return text[:size], text[size:]


def hanzi_gender(given: str) -> str | None:
    male, female = any(ch in MALE_HANZI for ch in given), any(ch in FEMALE_HANZI for ch in given)
    return "m" if male and not female else "f" if female and not male else None


def cjk_title(title: str | None) -> str | None:
    for word in CJK_TITLES:
        if title and word in title:
            return word
    return None
