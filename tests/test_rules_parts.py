"""Who is speaking: rules read the customer's own new text and what they forward, not our
quotation quoted back, not their signature."""

from __future__ import annotations

from mailcrm.config import load_config
from mailcrm.engine import evaluate_message, load_rules
from mailcrm.sample_config import config_text

RULES = """
[[rule]]
id = "pays-tt"
scope = "message"
[rule.when.text]
en = ["T/T", "telegraphic transfer"]
[[rule.then]]
add_tag = "payment-tt"

[[rule]]
id = "green"
scope = "message"
[rule.when.text]
en = ["eco-friendly", "environment"]
[[rule.then]]
add_tag = "green-product"

[[rule]]
id = "inquiry"
scope = "message"
[rule.when.text]
en = ["please quote", "RFQ"]
[[rule.then]]
set_stage = "inquiry"

[[rule]]
id = "ours-quoted"
scope = "message"
[rule.when.text]
en = ["T/T"]
parts = ["ours"]
[[rule.then]]
add_tag = "read-our-terms"
"""

REPLY_TO_OUR_QUOTATION = """Hi Lisa,

thanks, the price is above what our market pays. We can only work with an L/C at 60 days.

Best regards
Omar Haddad
Purchasing | Al Noor Trading
Tel +962 6 555 0101
Think green: an eco-friendly company since 1998

On Tue, 3 Nov 2026 at 09:12, Lisa Chen <lisa@hengtai-valve.com> wrote:
> Dear Omar,
> please find our quotation: DN50 gate valves USD 41.50/pc, payment 30% T/T deposit, 70% before shipment.
"""

FORWARDED_RFQ = """Dear Lisa,

see below from our client, the water utility. Please quote by Friday.

Regards
Hans

-----Original Message-----
From: Einkauf Stadtwerke <einkauf@stadtwerke-beispiel.de>
Sent: Monday, November 2, 2026 8:14 AM
To: Hans Berger <hans@berger-armaturen.de>
Subject: RFQ butterfly valves

RFQ: 72 butterfly valves DN200 PN16, payment by T/T after delivery.
"""


def ruleset(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "test.toml").write_text(RULES, encoding="utf-8")
    config_file = tmp_path / "config.toml"
    config_file.write_text(config_text(str(tmp_path / "crm.db")), encoding="utf-8")
    return load_rules(load_config(config_file), dirs=[tmp_path / "rules"])


def test_our_quotation_quoted_back_is_not_their_payment_preference(tmp_path):
    rules = ruleset(tmp_path)
    reply = dict(body=REPLY_TO_OUR_QUOTATION, sender="omar@alnoor-trading.jo")
    assert evaluate_message(rules, "pays-tt", **reply) is None
    assert evaluate_message(rules, "ours-quoted", **reply) == ["T/T"]  # it is there, in our words


def test_a_slogan_in_their_signature_is_not_a_request(tmp_path):
    rules = ruleset(tmp_path)
    assert evaluate_message(rules, "green", body=REPLY_TO_OUR_QUOTATION, sender="omar@alnoor-trading.jo") is None
    asked = "Hi Lisa,\nthe valves must be eco-friendly: lead-free brass only.\nRegards, Omar"
    assert evaluate_message(rules, "green", body=asked, sender="omar@alnoor-trading.jo") == ["eco-friendly"]


def test_an_end_customers_request_forwarded_by_a_distributor_counts(tmp_path):
    rules = ruleset(tmp_path)
    forwarded = dict(body=FORWARDED_RFQ, sender="hans@berger-armaturen.de")
    assert evaluate_message(rules, "inquiry", **forwarded) == ["RFQ", "please quote"]
    assert evaluate_message(rules, "pays-tt", **forwarded) == ["T/T"]  # the end customer's terms


def test_their_own_earlier_mail_quoted_again_is_not_read_twice(tmp_path):
    rules = ruleset(tmp_path)
    body = (
        "Thanks Lisa, noted.\n\n"
        "From: Hans Berger <hans@berger-armaturen.de>\nSent: Monday, November 2, 2026 8:14 AM\n"
        "To: Lisa Chen <lisa@hengtai-valve.com>\nSubject: payment\n\nWe pay by T/T as usual.\n"
    )
    assert evaluate_message(rules, "pays-tt", body=body, sender="hans@berger-armaturen.de") is None


def test_why_names_the_part_and_quotes_the_sentence_behind_a_conclusion(tmp_path):
    from tests.test_rules_run import Workspace

    ws = Workspace(tmp_path)
    hans = "hans@berger-armaturen.de"
    ws.inbound(hans, "FW: RFQ butterfly valves", FORWARDED_RFQ, 3)
    omar = "omar@alnoor-trading.jo"
    ws.inbound(omar, "RE: Quotation gate valves", REPLY_TO_OUR_QUOTATION.replace("L/C at 60 days", "L/C"), 2)
    ws.import_mail()
    ws.cli("rules", "run")
    stage = ws.json("why", "berger-armaturen.de", "stage")["stage"]["messages"][0]
    assert stage["says"] == "their own text" and stage["quote"] == "«Please quote» by Friday."
    paid = ws.json("why", "berger-armaturen.de", "payment-tt")["tags"][0]["messages"][0]
    assert paid["part"] == "forwarded" and paid["says"] == "forwarded from einkauf@stadtwerke-beispiel.de"
    assert paid["quote"] == "RFQ: 72 butterfly valves DN200 PN16, payment by «T/T» after delivery."
    tags = {t["tag"]: t["messages"][0] for t in ws.json("why", "alnoor-trading.jo")["tags"]}
    assert "payment-tt" not in tags  # only in our quotation, quoted back
    lc = tags["payment-lc"]
    assert lc["says"] == "their own text" and lc["quote"] == "We can only work with an «L/C»."
    shown = ws.cli("why", "alnoor-trading.jo", "payment-lc").output
    assert "their own text: We can only work with an «L/C»." in " ".join(shown.split())
