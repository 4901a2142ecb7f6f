"""Negation cues per language: words before a hit, or after it, that cancel it in its clause.

Written as in mail (accents and all) and folded by the matcher. Single words are
whole tokens; CJK entries are matched as substrings of the characters around the
hit. Turkish and Korean negate with suffixes and endings after the word, so
their cues are in NEGATION_AFTER.
"""

from __future__ import annotations

from ..mail.textindex import CJK_CHAR

NEGATION_BEFORE = (
    "not no never without nor neither none nothing cannot dont don doesn didn isn aren wasn weren "
    "wont wouldn shouldn haven hasn couldn "  # en
    "nunca sin tampoco ni nada ningun ninguna "  # es (no: above)
    "nao sem nem nenhum nenhuma "  # pt
    "pas ne jamais sans aucun aucune rien "  # fr
    "nicht kein keine keinen keinem keiner keines nie niemals ohne nichts "  # de
    "non mai senza niente nulla nessun nessuna nessuno "  # it
    "не нет без ни никогда ничего "  # ru
    "لا لم لن ليس ليست بدون غير عدم "  # ar
    "ولا ولم ولن وليس وليست فلا فلم فلن بلا "  # ar, with the prefix و / ف / ب written on: "ولا توجد" (and there is no)
    "hiç hiçbir "  # tr
    "niet geen zonder nooit niets "  # nl
    "nie bez brak żaden żadna żadne żadnych nigdy ani "  # pl
).split() + [
    "不需要",
    "不要",
    "不用",
    "不必",
    "无需",
    "無需",
    "不考虑",
    "不感兴趣",
    "没有兴趣",
    "没兴趣",
    "不是",
    "不需",
    "没有",
    "並不",
]
NEGATION_AFTER = (
    "değil yok istemiyoruz istemiyorum gerekmiyor ilgilenmiyoruz olmadı olmayan olmadan "  # tr
    "çalışmıyoruz çalışamıyoruz etmiyoruz edemiyoruz "  # tr: "peşin ödeme ile çalışmıyoruz" (we don't work with)
    "нет "  # ru: "претензий к качеству нет" (no complaints about the quality)
).split() + [
    "不需要",
    "不要",
    "不用",
    "不必",
    "不感兴趣",
    "不考虑",
    "没有兴趣",
    "不要です",
    "いりません",
    "ない",
    "ません",
    "不要",
    "結構です",
    "ではありません",  # ja: is not
    "なし",  # ja: none, without
    "않",  # ko: -지 않다 (does not)
    "없",  # ko: 없다, 없습니다, 없이 (there is no, without)
    "못하",  # ko: -지 못하다 (cannot)
    "아닙",  # ko: 아닙니다 (is not)
    "아니",  # ko: 아니다, 아니요
]
# Korean "안" / "못" negate the verb right after them ("안 보냈습니다", "못 받았습니다"). Hangul
# syllables are single tokens, so only the syllable just before a hit counts, and not when it
# ends a word of its own (잘못 = wrongly, 제안 = proposal, 불안 = worry …).
KOREAN_BEFORE = frozenset("안못")
KOREAN_WORD_ENDS = frozenset("잘제방보불편미문답치")


def korean_before(tokens: list[str], start: int) -> bool:
    """안 / 못 just before a hit: 안 보냈습니다, 못 받았습니다."""
    return (
        bool(start) and tokens[start - 1] in KOREAN_BEFORE and (start < 2 or tokens[start - 2] not in KOREAN_WORD_ENDS)
    )


class Cues:
    """Negation cues: single words by set lookup, CJK phrases by substring."""

    def __init__(self, terms: list):  # matcher.Term of each cue
        self.words = frozenset(
            t.tokens[0] for t in terms if len(t.tokens) == 1 and not t.lead and not CJK_CHAR.match(t.tokens[0])
        )
        self.phrases = tuple("".join(t.tokens) for t in terms if CJK_CHAR.match(t.tokens[0]))
        self.phrase_starts = frozenset(p[0] for p in self.phrases)  # CJK tokens are single characters

    def found_in(self, window: list[str]) -> bool:
        if not self.words.isdisjoint(window):
            return True
        if self.phrase_starts.isdisjoint(window):
            return False
        joined = "".join(window)
        return any(phrase in joined for phrase in self.phrases)
