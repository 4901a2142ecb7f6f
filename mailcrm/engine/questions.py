"""Is a hit asked about rather than stated? "Do you ship by sea?" does not ship anything.

Works on the matcher's folded tokens. A hit is in a question when its sentence

- ends in "?" ("？" folds to it) or "؟", or opens with "¿";
- has an interrogative lead at the start of the hit's clause or of a clause before
  it in the sentence ("could you", "pouvez-vous", "können Sie", "czy", "هل" …);
- or the hit's clause carries a question particle: Turkish "misiniz", "mı" …
  (the bare particles at the clause end), Russian "ли", Chinese 吗/呢 and 能否/是否/可否, Japanese か and
  Korean 까/나요 at the end, Vietnamese "không" at the end.

A sentence that ends in "?" but has its lead in a later clause keeps its first
clauses as statements: "We placed the order last week, could you confirm the
date?" still places an order.
"""

from __future__ import annotations

from functools import cache

SENTENCE_ENDS = frozenset(".!?;\n。;؟¿")
QUESTION_ENDS = frozenset("?؟")

LEADS = {
    "en": "do you|do we|does it|does the|does your|did you|did the|can you|can we|can i|could you|could we|"
    "could i|would you|would it|will you|shall we|may we|may i|is it|is there|is the|are you|are there|"
    "are the|have you|has the|has it|how about|what about",
    "es": "puede usted|pueden|podria|podrian|podrias|podria usted|seria posible|tienen ustedes",
    "pt": "poderia|poderiam|podem|voce pode|voces podem|sera que|seria possivel|vocês poderiam",
    "fr": "pouvez vous|pourriez vous|est ce que|est ce qu|avez vous|pouvons nous|peut on|auriez vous|serait il|"
    "etes vous|y a t il|serait il possible",
    "de": "können sie|könnten sie|koennen sie|koennten sie|könnt ihr|habt ihr|gibt es|ist es möglich|"
    "wäre es möglich|würden sie|sind sie|kann man|können wir|dürfen wir",
    "it": "potete|potreste|potrebbe|potrebbero|avete|sarebbe possibile|è possibile",
    "nl": "kunt u|kunnen jullie|kunnen we|kunnen wij|zou u|zouden jullie|heeft u|hebben jullie|is het mogelijk|wilt u",
    "pl": "czy",
    "ru": "не могли бы|могли бы вы",
    "ar": "هل|ممكن",
    "id": "apakah|bisakah|dapatkah",
    "hi": "क्या",
}
# Words a lead may follow at the start of its clause: "and could you …", "please can you …".
FILLERS = frozenset("and also so then please but y e und et ma pero и а".split())
# Particles that make their clause a question wherever they stand in it.
PARTICLES = (
    "misiniz mısınız musunuz müsünüz miyiz mıyız muyuz müyüz misin mısın musun müsün midir mıdır mudur müdür ли"
).split() + ["能否", "是否", "可否", "请问", "請問", "是不是", "能不能", "可不可以", "有没有", "有沒有"]
# Endings that make their clause a question when they end it (CJK are sequences of characters).
# Turkish bare mi/mı/mu/mü only at the end: Spanish and Italian "mi" (my, me) stands first.
ENDINGS = ["mi", "mı", "mu", "mü", "か", "吗", "嗎", "呢", "까", "까요", "나요", "không"]


def sequences(phrases) -> tuple[tuple[str, ...], ...]:
    from .matcher import fold, is_break, tokenize

    return tuple(tuple(t for t in tokenize(fold(p)) if not is_break(t)) for p in phrases)


@cache
def tables():
    leads = sequences(p for group in LEADS.values() for p in group.split("|"))
    particles = sequences(PARTICLES)
    return (
        {s[0]: [x for x in leads if x[0] == s[0]] for s in leads},
        frozenset(s[0] for s in particles if len(s) == 1),
        tuple(s for s in particles if len(s) > 1),
        sequences(ENDINGS),
    )


def at(tokens: list[str], i: int, seq: tuple[str, ...]) -> bool:
    return tuple(tokens[i : i + len(seq)]) == seq


def lead_at(tokens: list[str], i: int, hi: int, leads: dict) -> bool:
    if i < hi and tokens[i] in FILLERS:
        i += 1
    return i < hi and any(at(tokens, i, seq) for seq in leads.get(tokens[i], ()))


def in_question(tokens: list[str], start: int, end: int, stops: list[int] | None = None) -> bool:
    """True when tokens[start:end] stand in a question (see the module's docstring).

    ``stops`` are the clause stops of the tokens (Document.stops), computed when not given.
    """
    from .matcher import CLAUSE_STOPS

    leads, particles, cjk_particles, endings = tables()
    lo = start
    while lo > 0 and tokens[lo - 1] not in SENTENCE_ENDS:
        lo -= 1
    hi = end
    while hi < len(tokens) and tokens[hi] not in SENTENCE_ENDS:
        hi += 1
    clause_starts = [lo] + [i + 1 for i in range(lo, hi) if tokens[i] in CLAUSE_STOPS]
    clause_lo = max(c for c in clause_starts if c <= start)
    clause_hi = min([c - 1 for c in clause_starts if c > start] + [hi])
    clause = tokens[clause_lo:clause_hi]
    if not particles.isdisjoint(clause) or any(at(clause, i, seq) for seq in cjk_particles for i in range(len(clause))):
        return True
    if any(clause[len(clause) - len(seq) :] == list(seq) for seq in endings if len(seq) <= len(clause)):
        return True
    lead_starts = [c for c in clause_starts if lead_at(tokens, c, hi, leads)]
    if any(c <= start for c in lead_starts):
        return True
    asked = (hi < len(tokens) and tokens[hi] in QUESTION_ENDS) or (lo > 0 and tokens[lo - 1] == "¿")
    return asked and not lead_starts
