"""Word matching: folding, word boundaries, CJK substrings, negation, quotes."""

from __future__ import annotations

import re

from mailcrm.engine.autoreply import OOO_BODY, OOO_BODY_WORDS, is_auto_reply
from mailcrm.engine.lexicon import Lexicon
from mailcrm.engine.matcher import Document, TextMatcher, fold, make_term
from mailcrm.mail.segments import own_words


def matches(
    words: list[str], text: str, *, unless: list[str] = (), negation: bool = True, subject: str = ""
) -> list[str]:
    lexicon = Lexicon()
    matcher = TextMatcher([make_term(w) for w in words], unless=[make_term(w) for w in unless], negation=negation)
    matcher.register(lexicon, 1)
    return [hit.term for hit in matcher.find(Document({"subject": subject, "body": text}), lexicon)]


def test_folding_removes_case_accents_and_width():
    assert fold("ÉCOLOGIQUE Qualität ＣＥ") == "ecologique qualitat ce"
    assert fold("FİYAT") == "fiyat"  # Turkish dotted capital I
    assert fold("Ёлка") == "елка"
    assert fold("サンプル") == "サンプル"  # kana voicing marks survive
    assert fold("مستشفى المدينة") == "مستشفي المدينه"  # Arabic letter variants, as rules write them
    assert fold("ﻯ Ёлка") == "ي елка"  # a presentation form decomposes to ى first


def test_whole_words_only_for_alphabetic_scripts():
    assert matches(["sample"], "Here is an example of the price.") == []
    assert matches(["sample"], "Please send a SAMPLE.") == ["sample"]
    assert matches(["sample"], "Please send samples.") == []
    assert matches(["sample*"], "Please send samples.") == ["sample*"]


def test_accents_and_case_do_not_matter():
    assert matches(["ecológico"], "Buscamos productos ECOLOGICOS y un material ecologico.") == ["ecológico"]


def test_punctuation_inside_a_phrase_is_a_word_break():
    for text in ("eco-friendly", "Eco Friendly", "eco–friendly", "ECO_FRIENDLY"):
        assert matches(["eco-friendly"], f"We want {text} valves") == ["eco-friendly"], text


def test_cjk_words_match_as_substrings():
    assert matches(["环保"], "我们需要环保材料") == ["环保"]
    assert matches(["サンプル"], "サンプルを送ってください") == ["サンプル"]
    assert matches(["CE认证"], "我们需要CE认证证书") == ["CE认证"]


def test_arabic_prefix_with_a_leading_wildcard():
    assert matches(["*عينة"], "أرسل العينة من فضلك") == ["*عينة"]
    assert matches(["عينة"], "أرسل العينة من فضلك") == []


def test_phrases_never_cross_a_sentence_end():
    assert matches(["price list"], "That is our price. List of items follows.") == []


def test_negation_before_the_word_cancels_it():
    assert matches(["eco-friendly"], "We are not interested in eco-friendly options.") == []
    assert matches(["ecológico"], "No necesitamos productos ecológicos, gracias. ecológico") == ["ecológico"]
    assert matches(["环保"], "我们不需要环保材料") == []


def test_negation_does_not_reach_into_the_next_clause():
    assert matches(["eco-friendly"], "Not only price, but eco-friendly matters.") == ["eco-friendly"]
    assert matches(["eco-friendly"], "No problem. Eco-friendly is a must.") == ["eco-friendly"]


def test_japanese_and_turkish_negation_after_the_word():
    assert matches(["環境に優しい"], "環境に優しい材料は不要です") == []
    assert matches(["çevre dostu"], "çevre dostu ürün istemiyoruz") == []


def test_unless_phrases_excuse_a_hit_in_the_same_clause():
    assert matches(["sample"], "Sample size is 20 pcs.", unless=["sample size"]) == []
    assert matches(["sample"], "Sample size is 20 pcs. Please send a sample.", unless=["sample size"]) == ["sample"]


def test_negation_can_be_switched_off():
    assert matches(["damaged"], "Nothing was damaged.", negation=False) == ["damaged"]


def test_quoted_history_is_not_the_customers_words():
    body = "Thanks, we will decide next week.\n\nOn Mon, 2 Mar 2026, Lisa wrote:\n> our eco-friendly range"
    assert own_words(body).strip() == "Thanks, we will decide next week."
    assert matches(["eco-friendly"], body) == []
    outlook = "Agreed.\n\nFrom: Lisa Chen <lisa@x.com>\nSent: Monday\nSubject: eco-friendly valves"
    assert matches(["eco-friendly"], outlook) == []
    assert matches(["eco-friendly"], "x", subject="Eco-friendly valves") == ["eco-friendly"]


def test_auto_replies_by_header_and_by_wording():
    assert is_auto_reply('{"auto-submitted": "auto-replied"}', "Re: PO", "")
    assert is_auto_reply('{"x-autoreply": "yes"}', "Re: PO", "")
    assert is_auto_reply("{}", "Automatische Antwort: Anfrage", "")
    assert is_auto_reply("{}", "Re: PO", "I am out of the office until Monday.")
    assert not is_auto_reply('{"auto-submitted": "no"}', "Re: PO", "Order confirmed.")
    assert is_auto_reply("{}", "Re: PO", "Ich bin bis zum 5. Januar nicht im Büro.")
    assert is_auto_reply("{}", "回复：报价", "您好，我正在休假，1月5日回来。")
    assert not is_auto_reply("{}", "Re: PO", "Our office will ship the valves on Monday.")


def test_every_out_of_office_wording_contains_a_word_looked_for_first():
    """is_auto_reply only runs the regex when one of OOO_BODY_WORDS occurs: each
    alternative must contain one outside its optional parts, or it could never match."""
    for alternative in top_level_alternatives(OOO_BODY.pattern):
        required = re.sub(r"\((?:[^()]|\([^()]*\))*\)(?:[?*+]|\{[^}]*\})?|.(?:[?*]|\{[^}]*\})", "", alternative)
        assert any(word in required for word in OOO_BODY_WORDS), alternative


def top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    return parts + [pattern[start:]]


def test_negation_in_polish_dutch_and_korean():
    assert matches(["zamowienia"], "Dziękuję, nie ma zamówienia na 200 sztuk.") == []  # Italian "ma" ends no clause
    assert matches(["monsters"], "Wij hebben geen monsters nodig.") == []
    assert matches(["샘플"], "샘플은 필요 없습니다.") == []
    assert matches(["샘플"], "안녕하세요, 샘플 요청드립니다.") == ["샘플"]  # 안녕: hello, not "not"


def test_spanish_question_marks_open_and_close_sentences():
    assert matches(["confirmar el pedido"], "Hola ¿pueden confirmar el pedido?") == ["confirmar el pedido"]
    assert matches(["hola pueden"], "Hola ¿pueden confirmar el pedido?") == []
