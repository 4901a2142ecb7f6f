"""Negation cues per language: words before a hit, or after it, that cancel it in its clause.

Written as in mail (accents and all) and folded by the matcher. Single words are
whole tokens; CJK entries are matched as substrings of the characters around the
hit.
"""

from __future__ import annotations

NEGATION_BEFORE = (
    "not no never without nor neither none nothing cannot dont don doesn didn isn aren wasn weren "
    "wont wouldn shouldn haven hasn couldn "  # en
    "nunca sin tampoco ni nada ningun ninguna "  # es (no: above)
    "nao sem nem nenhum nenhuma "  # pt
    "pas ne jamais sans aucun aucune rien "  # fr
    "nicht kein keine keinen keinem keiner keines nie niemals ohne nichts "  # de
    "non mai senza niente nulla nessun nessuna "  # it
    "не нет без ни никогда ничего "  # ru
    "لا لم لن ليس ليست بدون غير "  # ar
    "hic "  # tr (hiç)
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
NEGATION_AFTER = "degil yok istemiyoruz istemiyorum gerekmiyor ilgilenmiyoruz".split() + [
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
]
