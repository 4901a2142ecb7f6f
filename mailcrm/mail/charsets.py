"""Bytes in a declared, wrong or missing charset -> text. Pure functions, no state.

The rule: trust a label when it decodes cleanly; otherwise try a short ordered list of
candidates and keep the first that decodes without errors. Detectors are fooled by short
texts (a subject, a name), so statistics come late: UTF-8 first (it almost never decodes
other charsets by accident), then the label's own family (EUC-JP sent as ISO-2022-JP),
then evidence in the bytes (kana for Japanese, paired 8-bit bytes for Chinese), then
charset-normalizer on long texts, then windows-1252 for mostly-ASCII Western text.

Correctly labelled mail, nearly all of it, costs one decode: detection runs on failure only.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

try:  # guesses charsets of long unlabelled text; without it such text is read as windows-1252
    import charset_normalizer
except ImportError:  # pragma: no cover - a declared dependency, but parsing must not need it
    charset_normalizer = None

ALIASES: dict[str, tuple[str, ...]] = {
    # Mail labelled gb2312 is usually really GBK; gb18030 is a superset of both.
    **dict.fromkeys(
        (
            "gb2312",
            "gbk",
            "x-gbk",
            "cp936",
            "ms936",
            "windows-936",
            "euc-cn",
            "x-euc-cn",
            "csgb2312",
            "gb_2312-80",
            "gb2312-80",
            "chinese",
            "gb18030",
        ),
        ("gb18030",),
    ),
    # Hong Kong mail uses HKSCS characters that plain big5 lacks.
    **dict.fromkeys(("big5", "x-big5", "big-5", "cn-big5", "csbig5", "big5-hkscs"), ("big5hkscs",)),
    # "iso-8859-1" mail with smart quotes is really windows-1252 (browsers assume the same);
    # latin-1 then takes the five bytes cp1252 leaves undefined.
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1"), ("cp1252", "latin-1")),
    # Japanese clients mix in vendor extensions; try the strict codec first.
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2"),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j"), ("cp932",)),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "ks_c_5601", "x-windows-949"), ("cp949",)),
    "iso-8859-8-i": ("iso-8859-8",),
    "windows-874": ("cp874",),
    "unicode-1-1-utf-7": ("utf-7",),
    # UCS-2 is UTF-16 without surrogates; Microsoft calls UTF-16 "unicode" and its
    # big-endian form "unicodeFFFE". Byte order is settled by decode_utf16 below.
    **dict.fromkeys(("ucs-2", "ucs2", "iso-10646-ucs-2", "csunicode", "unicode", "utf16"), ("utf-16",)),
    "unicodefffe": ("utf-16-be",),
}
# Codecs that are not text encodings or would turn junk into plausible text.
REFUSED_CODECS = {"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode"}
# Codecs whose ASCII-only input is not ASCII text (escape sequences, UTF-7 shifts, UTF-16).
NOT_ASCII_SAFE = ("iso2022", "utf-7", "utf-16", "utf-32", "hz")

# A wrong label usually names the right script: its siblings are tried before any guessing.
_JAPANESE = ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "euc_jp", "cp932")
_CHINESE = ("gb18030", "big5hkscs")
_FAMILY_OF: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        _JAPANESE
        + (
            "shift_jis",
            "euc_jisx0213",
            "euc_jis_2004",
            "shift_jisx0213",
            "shift_jis_2004",
            "iso2022_jp_1",
            "iso2022_jp_3",
            "iso2022_jp_2004",
        ),
        _JAPANESE,
    ),
    **dict.fromkeys(_CHINESE + ("gbk", "gb2312", "big5", "hz"), _CHINESE),
    **dict.fromkeys(("cp949", "euc_kr", "iso2022_kr", "johab"), ("cp949",)),
    **dict.fromkeys(("cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic"), ("cp1251", "koi8-r")),
}

# What the decoders report, besides the text.
CLEAN = "clean"  # the label (or no label and ASCII / UTF-8) decoded the bytes
UNKNOWN_LABEL = "unknown label"  # the label names no usable charset; the text was guessed
MISLABELLED = "mislabelled"  # the label failed; another charset decoded the bytes cleanly
REPLACED = "replaced"  # nothing decoded cleanly; the label's codec with bad bytes replaced
UTF8_REPAIRED = "utf-8, invalid bytes replaced"  # `codec` of valid UTF-8 text with a few bad bytes

_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_KANA = re.compile("[\u3041-\u30ff]")  # hiragana and full-width katakana: Japanese, not Chinese
# Signs Western mail uses; not ¹ ³, which are Polish ą ł read as windows-1252.
_WESTERN_SIGNS = frozenset("“”‘’‚„–—…€£¥©®°±µ¶·º»«ª§¿¡×÷•™\u00a0")
_ISO2022_JP_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Decoded(NamedTuple):  # a tuple: built for every decoded part and header word
    text: str
    codec: str  # the codec that produced the text (or UTF8_REPAIRED)
    status: str  # CLEAN, UNKNOWN_LABEL, MISLABELLED or REPLACED


@lru_cache(maxsize=512)
def codecs_for(label: str | None) -> tuple[str, ...] | None:
    """Python codecs to try, in order, for a MIME charset label; () if none given, None if unknown."""
    if label is None:
        return ()
    key = label.strip().strip("\"'").strip().lower()
    if not key:
        return ()
    try:
        infos = [codecs.lookup(name) for name in ALIASES.get(key, (key,))]
    except (LookupError, ValueError):  # ValueError: 8-bit junk in the label
        return None
    if any(i.name in REFUSED_CODECS or not getattr(i, "_is_text_encoding", True) for i in infos):
        return None
    return tuple(i.name for i in infos)


# The codecs of the message's first declared charset: undeclared bytes elsewhere in the
# message are usually in it. A function, called only when guessing: finding them walks the tree.
Hint = Callable[[], tuple[str, ...]]


def no_hint() -> tuple[str, ...]:
    return ()


def decode(data: bytes, label: str | None, hint: Hint = no_hint) -> Decoded:
    """Bytes in a declared (or undeclared) charset -> text; never raises."""
    names = codecs_for(label)
    if names is None:
        text, used = guess(data, hint)
        return Decoded(text, used, UNKNOWN_LABEL)
    if data.isascii() and not (names and names[0].startswith(NOT_ASCII_SAFE)):
        japanese = _iso2022_jp(data) if b"\x1b" in data else None  # 7-bit Japanese, unlabelled or mislabelled
        if japanese is not None:
            return Decoded(japanese, "iso2022_jp_2", MISLABELLED if names else CLEAN)
        return Decoded(data.decode("ascii"), "ascii", CLEAN)  # fast path: most text is plain ASCII
    for name in names:
        text = strict(data, name)
        if text is not None:
            return Decoded(text, name, CLEAN)
    return _label_failed(data, names, hint)


def _label_failed(data: bytes, names: tuple[str, ...], hint: Hint) -> Decoded:
    # No label, "us-ascii" or "utf-8" on 8-bit bytes that are not UTF-8: mislabels (GBK sent
    # as utf-8 is common); guess. Any other label names at least the script, usually.
    if not names or names[0] in ("ascii", "utf-8"):
        text, used = guess(data, hint)
        if names and names[0] == "utf-8" and used == UTF8_REPAIRED:
            return Decoded(text, used, REPLACED)  # the label was right, a few bytes were not
        return Decoded(text, used, MISLABELLED if names else CLEAN)
    for name in ("utf-8", *family(names)):
        text = strict(data, name)
        if text is not None:
            return Decoded(text, name, MISLABELLED)
    repaired = mostly_utf8(data)
    if repaired is not None:
        return Decoded(repaired, UTF8_REPAIRED, MISLABELLED)
    return Decoded(data.decode(names[0], "replace"), names[0], REPLACED)


def family(names: tuple[str, ...]) -> tuple[str, ...]:
    """Codecs of the same script as `names`, not already among them."""
    siblings = _FAMILY_OF.get(names[0], ())
    return tuple(name for name in siblings if name not in names)


def strict(data: bytes, name: str) -> str | None:
    """`data` decoded with codec `name`, or None if any byte is invalid in it."""
    try:
        if name.startswith(("utf-16", "utf-32")):
            return decode_utf16(data, name)
        return data.decode(name)
    except (UnicodeError, LookupError):
        return None


def decode_utf16(data: bytes, name: str) -> str:
    """UTF-16/32 as mail sends it: BOM-less UTF-16 is big-endian (RFC 2781), unless the
    zero bytes of Latin text say otherwise; adjacent encoded words each bring a BOM."""
    if name == "utf-16" and not data.startswith(_UTF16_BOMS):
        name = _utf16_byte_order(data)
    text = data.decode(name)
    return text.replace("\ufeff", "").replace("\ufffe", "") if "\ufeff" in text or "\ufffe" in text else text


def _utf16_byte_order(data: bytes) -> str:
    zeros_first = data[0::2].count(0)  # "\x00A" is big-endian "A"
    zeros_second = data[1::2].count(0)
    return "utf-16-le" if zeros_second > zeros_first else "utf-16-be"


def guess(data: bytes, hint: Hint = no_hint) -> tuple[str, str]:
    """Decode bytes whose charset is unknown; returns (text, codec used)."""
    text = strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    text = mostly_utf8(data)
    if text is not None:
        return text, UTF8_REPAIRED
    for name in hint():
        text = strict(data, name)
        if text is not None:
            return text, name
    found = _japanese(data) or _chinese(data) or _western_words(data) or _statistical(data)
    return found or _western(data)


def mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with the odd bad byte replaced, when the rest is clearly UTF-8; else None.

    Other charsets rarely form valid UTF-8 sequences (about one GBK character in twelve
    does by accident, Latin-1 text almost never), so when at least two non-ASCII characters
    decode and bad bytes are at most half as many, the text is UTF-8 with a few bytes broken.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = _non_ascii(text) - bad
    return text if good >= 2 and bad * 2 <= good else None


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))  # counted in C: bodies can be megabytes


def _iso2022_jp(data: bytes) -> str | None:
    if not any(escape in data for escape in _ISO2022_JP_ESCAPES):
        return None
    return strict(data, "iso2022_jp_2")


def _japanese(data: bytes) -> tuple[str, str] | None:
    """Japanese text in EUC-JP or Shift_JIS: decodes cleanly and holds kana.

    Nearly every Japanese sentence has kana (particles, endings); Chinese text read as
    Japanese shows almost none, because GBK's kana rows are seldom used.
    """
    for name in ("euc_jp", "cp932"):
        text = strict(data, name)
        if text is None:
            continue
        non_ascii = _non_ascii(text)
        if non_ascii and len(_KANA.findall(text)) * 5 >= non_ascii:
            return text, name
    return None


def looks_cjk(data: bytes) -> bool:
    """8-bit bytes in pairs and plenty of them, as in GBK text; not Latin-1 accents in words.

    Portuguese "Solicitação" has a run of two 8-bit bytes too ("çã"); what tells it from
    Chinese is that its runs are short and most of the text is ASCII.
    """
    runs = _HIGH_RUN.findall(data)
    if not runs or any(len(run) % 2 for run in runs):
        return False
    high = sum(len(run) for run in runs)
    visible = len(data) - data.count(b" ") - data.count(b"\n") - data.count(b"\r") - data.count(b"\t")
    return max(len(run) for run in runs) >= 4 or high * 2 > visible


def _chinese(data: bytes) -> tuple[str, str] | None:
    # Unlabelled 8-bit text in this product's mail is most often GBK.
    if not looks_cjk(data):
        return None
    text = strict(data, "gb18030")
    return (text, "gb18030") if text is not None else None


def _western_words(data: bytes) -> tuple[str, str] | None:
    """Mostly-ASCII text whose 8-bit bytes are letters in windows-1252: accents in Western words.

    charset-normalizer calls Portuguese Latin-1 "cp1250" ("solicitação" with a Romanian ă).
    Central European text mostly fails the letters test (Polish ą and ł are ¹ and ³ in
    cp1252) and is left to the statistics.
    """
    high = len(data) - len(data.decode("ascii", "ignore"))
    if high * 5 > len(data):
        return None  # Cyrillic, Greek, CJK: mostly 8-bit
    text = strict(data, "cp1252")
    if text is None or not all(char.isalpha() or char in _WESTERN_SIGNS for char in set(text) if char > "\x7f"):
        return None
    return text, "cp1252"


def _statistical(data: bytes) -> tuple[str, str] | None:
    # charset-normalizer is good on paragraphs and wild on a few bytes (it calls short
    # Latin-1 "cp1006"), so short strings are left to the Western fallback.
    if len(data) < 64 or charset_normalizer is None:
        return None
    best = charset_normalizer.from_bytes(data[:65536]).best()
    if best is None:
        return None
    try:  # it judged the first 64 KB; a bad byte further on is still best read in its pick
        return data.decode(best.encoding, "replace"), best.encoding
    except LookupError:
        return None


def _western(data: bytes) -> tuple[str, str]:
    """windows-1252, the commonest legacy charset, as the last resort.

    Its five undefined bytes become U+FFFD: latin-1 would make them control characters.
    """
    return data.decode("cp1252", "replace"), "cp1252"
