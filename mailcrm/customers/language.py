"""The language of a message text: by script for CJK, Cyrillic, Arabic and the like (kana
make Han characters Japanese), by frequent function words for Latin-script languages, a tie
broken by the spelling only one of them has ("cotação" Portuguese, "cotización" Spanish);
Simplified or Traditional Chinese by characters only one of them has (drafts must match).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict


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
    "prezados prezada prezado precisamos cotação",
    "nl": "het een en van niet wij u met voor op graag bedankt groet vriendelijke prijs bestelling onze jullie",
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


def function_words() -> dict[str, frozenset[str]]:
    """The frequent function words each Latin-script language is told apart by (the rules use them too)."""
    return {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}


def chinese_variant(text: str) -> str:
    """zh for Simplified, zh_tw for Traditional (Taiwan, Hong Kong): drafts must match."""
    traditional = sum(1 for ch in text if ch in _TRADITIONAL)
    simplified = sum(1 for ch in text if ch in _SIMPLIFIED)
    return "zh_tw" if traditional > simplified else "zh"


# Spellings only one of the Latin-script languages that share function words has: they break a
# tie of function words ("Por favor, envie cotação" has as many Spanish words as Portuguese ones).
_SPELLINGS = {
    "pt": re.compile(r"ção|ções|ões|[ãõ]|\bvocê|\bnão\b|\bé\b", re.I),
    "es": re.compile(r"ñ|¿|¡|ción\b|ciones\b|\busted", re.I),
    "it": re.compile(r"zione\b|zioni\b|\bè\b|\bgli\b|\bdell['’]|\bdall['’]", re.I),
    "fr": re.compile(r"œ|\bç|\bqu['’]|\bd['’]|\bl['’]|[êû]", re.I),
    "de": re.compile(r"ß|\b\w*[äöü]\w*\b", re.I),
}
_HAN = re.compile(r"[\u4e00-\u9fff]")
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
            if lang == "ja" and (count >= 5 or count * 20 >= len(_HAN.findall(sample))):
                return "ja"  # kana decide it: a subject of kanji and one の is Japanese
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
    scores = language_scores(sample)
    if not scores:
        return None
    count = max(scores.values())
    tied = [lang for lang, n in scores.items() if n == count]
    best = max(tied, key=lambda lang: (spelling_score(sample, lang), -_LANGUAGE_ORDER[lang]))
    return best if count >= 2 else None


def language_scores(text: str) -> Counter:
    """How many of each Latin-script language's function words the text has (a word shared by
    two languages counts for both): how sure a detection is, and how far the runner-up is."""
    scores: Counter = Counter()
    for word in _WORDS.findall(text[:2000].casefold()):
        for lang in _WORD_LANGUAGES.get(word, ()):
            scores[lang] += 1
    return scores


def spelling_score(text: str, lang: str) -> int:
    """How many spellings only ``lang`` has the text contains ("ção", "ñ", "zione", "ß")."""
    pattern = _SPELLINGS.get(lang)
    return len(pattern.findall(text)) if pattern else 0
