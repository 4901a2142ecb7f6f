"""Concepts: named word sets that rules combine, and the `sentence` condition."""

from __future__ import annotations

import pytest

from mailcrm.engine import evaluate_message, load_rules
from mailcrm.engine.model import RuleError

CONCEPTS = """
[concept.goods]
description = "What we sold"
en = ["goods", "valves", "flanges", "shipment"]
de = ["Ware", "Ventile"]

[concept.damage]
en = ["damaged", "broken", "corroded", "rusty"]
de = ["beschädigt", "verrostet"]

[concept.third-party]
en = ["forwarder", "insurer"]
"""

RULES = """
[[rule]]
id = "risk.damage"
scope = "message"
[rule.when.sentence]
all = ["goods", "damage"]
none = ["third-party"]
near = 8
[[rule.then]]
flag = "complaint"

[[rule]]
id = "risk.damage-words"
scope = "message"
[rule.when.text]
concepts = ["damage"]
unless = ["@third-party"]
[[rule.then]]
flag = "complaint"

[[rule]]
id = "order.confirmed"
scope = "message"
[rule.when.sentence]
all = ["goods"]
questions = false
[[rule.then]]
set_stage = "order"
"""


def ruleset(tmp_path, rules=RULES, concepts=CONCEPTS):
    (tmp_path / "a-rules.toml").write_text(rules, encoding="utf-8")  # uses concepts of a later file
    (tmp_path / "b-concepts.toml").write_text(concepts, encoding="utf-8")
    return load_rules(None, dirs=[tmp_path])


def test_words_of_two_concepts_in_one_sentence_make_the_conclusion(tmp_path):
    rules = ruleset(tmp_path)
    body = "Dear Lisa,\n\nthe valves arrived yesterday and several are badly corroded.\n\nRegards, Tom"
    assert evaluate_message(rules, "risk.damage", body=body) == ["corroded", "valves"]


def test_a_wrapped_line_is_still_one_sentence_but_a_full_stop_ends_it(tmp_path):
    rules = ruleset(tmp_path)
    wrapped = "We opened the cartons today: the flanges in\nthe second pallet are rusty."
    assert evaluate_message(rules, "risk.damage", body=wrapped) == ["flanges", "rusty"]
    apart = "The flanges arrived on Monday. Our old warehouse door is broken, so we stored them outside."
    assert evaluate_message(rules, "risk.damage", body=apart) is None


def test_near_limits_how_far_apart_the_words_are(tmp_path):
    rules = ruleset(tmp_path)
    far = (
        "The goods we ordered from you last spring for the new plant in the north, which is not yet built, were broken"
    )
    assert evaluate_message(rules, "risk.damage", body=far) is None


def test_a_none_concept_in_the_sentence_blocks_it_and_negation_counts(tmp_path):
    rules = ruleset(tmp_path)
    assert (
        evaluate_message(rules, "risk.damage", body="The forwarder says the shipment was damaged at the port.") is None
    )
    assert evaluate_message(rules, "risk.damage", body="The goods arrived, nothing damaged, thanks.") is None
    assert evaluate_message(rules, "risk.damage", body="Die Ware ist leider beschädigt angekommen.") == [
        "Ware",
        "beschädigt",
    ]


def test_questions_false_leaves_out_a_question(tmp_path):
    rules = ruleset(tmp_path)
    assert evaluate_message(rules, "order.confirmed", body="Can you ship the valves to Rotterdam?") is None
    assert evaluate_message(rules, "order.confirmed", body="Please ship the valves to Rotterdam.") == ["valves"]


def test_text_condition_takes_concept_words_and_unless_takes_a_concept(tmp_path):
    rules = ruleset(tmp_path)
    assert evaluate_message(rules, "risk.damage-words", body="Two pieces are broken.") == ["broken"]
    assert evaluate_message(rules, "risk.damage-words", body="The insurer paid for the broken pieces.") is None


@pytest.mark.parametrize(
    "rules, concepts, message",
    [
        (RULES.replace('["goods", "damage"]', '["goods", "dammage"]'), CONCEPTS, "unknown concept 'dammage'"),
        (RULES, CONCEPTS + '\n[concept.price]\nfr_ca = ["prix"]\n', "unknown key 'fr_ca'"),
        (RULES, CONCEPTS + '\n[concept."Price"]\nen = ["price"]\n', "concept Price: a concept name is lowercase"),
        (RULES, CONCEPTS + '\n[concept.price]\nen = ["..."]\n', "contains no word to match"),
        (RULES.replace("near = 8", "near = 0"), CONCEPTS, "near must be a whole number"),
    ],
)
def test_a_mistake_in_a_concept_names_file_line_and_reason(tmp_path, rules, concepts, message):
    with pytest.raises(RuleError) as caught:
        ruleset(tmp_path, rules, concepts)
    assert message in " | ".join(caught.value.problems)
    assert ".toml:" in caught.value.problems[0]


def test_adding_a_word_to_a_concept_makes_its_rules_read_the_mail_again(tmp_path):
    before = {r.id: r.fingerprint for r in ruleset(tmp_path).rules}
    after = {
        r.id: r.fingerprint
        for r in ruleset(tmp_path, concepts=CONCEPTS.replace('"rusty"]', '"rusty", "dented"]')).rules
    }
    assert before["risk.damage"] != after["risk.damage"]
    assert before["order.confirmed"] == after["order.confirmed"]  # it names goods only


def test_a_phrase_wrapped_by_the_mail_program_still_matches(tmp_path):
    rules = ruleset(tmp_path)
    body = "To be honest the price is above our market today, and the goods we got last\nmonth were broken too."
    assert evaluate_message(rules, "risk.damage", body=body) == ["broken", "goods"]
    listed = "Goods:\nbroken"  # short lines are a list, not a wrapped sentence
    assert evaluate_message(rules, "risk.damage-words", body=listed) == ["broken"]


def test_every_shipped_concept_has_a_description_and_words_in_all_fourteen_languages():
    shipped = load_rules(None)
    concepts = shipped_concepts()
    assert len(concepts) >= 40
    languages = {"en", "es", "pt", "fr", "de", "it", "pl", "tr", "nl", "ru", "ar", "zh", "ja", "ko"}
    for name, concept in concepts.items():
        assert concept.description, name
        missing = languages - {key for key, words in concept.words.items() if words}
        assert not missing, f"{name}: no words in {sorted(missing)}"
    assert shipped.rule("risk.complaint") is not None


def shipped_concepts():
    from mailcrm.engine.concepts import Concepts, load_concepts
    from mailcrm.engine.conditions import LANGUAGE_KEYS
    from mailcrm.engine.loader import SourceText, shipped_rules_dir
    import tomllib

    concepts = Concepts(LANGUAGE_KEYS)
    for path in sorted(shipped_rules_dir().glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        assert not load_concepts(concepts, tomllib.loads(text), path, SourceText(path, text).line_of)
    return concepts.by_name


PARAGRAPH_RULES = """
[[rule]]
id = "risk.damage-paragraph"
scope = "message"
[rule.when.sentence]
all = ["goods", "damage"]
none = ["third-party"]
none_within = "paragraph"
[[rule.then]]
flag = "complaint"

[[rule]]
id = "competitor.apart"
scope = "message"
[rule.when.sentence]
all = ["other", "cheaper"]
within = "paragraph"
near = 15
[[rule.then]]
flag = "competitor"
"""

PARAGRAPH_CONCEPTS = (
    CONCEPTS
    + """
[concept.other]
en = ["local mill", "another supplier"]

[concept.cheaper]
en = ["lower", "cheaper"]
"""
)


def test_none_within_paragraph_blocks_a_claim_filed_with_their_insurer_in_the_next_sentence(tmp_path):
    rules = ruleset(tmp_path, PARAGRAPH_RULES, PARAGRAPH_CONCEPTS)
    claim = (
        "Two pallets of valves were damaged when the truck unloaded them. We have filed the claim with our insurer.\n\n"
        "Please go ahead with the next order."
    )
    assert evaluate_message(rules, "risk.damage-paragraph", body=claim) is None
    ours = "Two pallets of valves were damaged.\n\nOur insurer visited the site for something else last week."
    assert evaluate_message(rules, "risk.damage-paragraph", body=ours) == ["damaged", "valves"]


def test_within_paragraph_finds_concepts_in_neighbouring_sentences_but_not_across_a_blank_line(tmp_path):
    rules = ruleset(tmp_path, PARAGRAPH_RULES, PARAGRAPH_CONCEPTS)
    apart = "A local mill has the flanges in stock. Their price is 8% lower than yours."
    assert evaluate_message(rules, "competitor.apart", body=apart) == ["local mill", "lower"]
    two_paragraphs = "A local mill visited us last week.\n\nCould you send a lower freight rate?"
    assert evaluate_message(rules, "competitor.apart", body=two_paragraphs) is None


def test_within_must_name_a_sentence_or_a_paragraph(tmp_path):
    with pytest.raises(RuleError) as caught:
        ruleset(tmp_path, PARAGRAPH_RULES.replace('within = "paragraph"', 'within = "page"'), PARAGRAPH_CONCEPTS)
    assert "within must be one of: sentence, paragraph" in " | ".join(caught.value.problems)


def test_arabic_negation_written_with_a_prefix_cancels_the_hit(tmp_path):
    concepts = CONCEPTS + '\n[concept.damage-ar]\nar = ["*تالفة"]\n'
    rules_text = RULES + '\n[[rule]]\nid = "ar.damage"\nscope = "message"\n[rule.when.sentence]\nall = ["damage-ar"]\n'
    rules_text += '[[rule.then]]\nflag = "complaint"\n'
    rules = ruleset(tmp_path, rules_text, concepts)
    assert evaluate_message(rules, "ar.damage", body="وصلت البضاعة ولا توجد أي قطع تالفة.") is None
    assert evaluate_message(rules, "ar.damage", body="وصلت البضاعة ووجدنا قطعا تالفة.") == ["*تالفة"]
