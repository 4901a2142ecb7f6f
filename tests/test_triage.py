"""The triage on a first import: a generated mailbox of phishing, newsletters, a forwarder,
a bank, a one-off sender and real buyers, through the real CLI into a real database.

Only the buyers become customers; the one-off sender waits in `customers pending` until
`customers promote` makes a customer of them; nobody else gets an agenda item or a draft.
"""

from __future__ import annotations

import pytest

from tests.test_rules_run import Workspace

FAILED_DMARC = {
    "Authentication-Results": "mx.hengtai-valve.com; spf=fail smtp.mailfrom=example.net; "
    "dkim=none; dmarc=fail (p=NONE) header.from=example.net"
}
PHISHING = [
    ("it-desk@mail-secure-check.net", "Mailbox quota", "Dear user,\nPlease verify your mailbox password today."),
    ("admin@postfach-service.org", "Wichtig", "Ihr Postfach ist voll. Bitte Passwort bestätigen: http://x.example/"),
    ("system@youxiang-shengji.cn", "邮箱升级通知", "尊敬的用户：\n请点击链接并输入邮箱密码完成验证。"),
]
# One campaign from five senders that passed authentication, with no phishing phrase but the
# words of an inquiry: many senders, one text.
CAMPAIGN = "We are interested in your products. Please fill in our supplier form for the price list."

BUYER = "hans.mueller@acme-armaturen.de"
RFQ_BUYER = "purchasing@gulfpipe.ae"
ONE_OFF = "tim.berger@messe-kontakte.de"


def first_day(tmp_path) -> Workspace:
    ws = Workspace(tmp_path)
    for sender, subject, body in PHISHING:
        ws.inbound(sender, subject, body, 20, headers=FAILED_DMARC)
    # the same credential phishing without any authentication header: the wording alone decides
    ws.inbound(
        "helpdesk@cloud-docs-share.com", "Shared file", "Login to view the document. Enter your email password.", 9
    )
    for n, domain in enumerate(["docs-one.com", "docs-two.net", "docs-three.org", "docs-four.biz", "docs-five.info"]):
        ws.inbound(f"anna{n}@{domain}", "Document copy", f"Hello,\n{CAMPAIGN}\nAnna {n}", 15 - n)
    for days in (40, 30, 10):
        ws.inbound(
            "marketing@valve-world-magazine.com",
            "Valve World Weekly",
            "New API 6D rules and this week's prices.",
            days,
            headers={"List-Unsubscribe": "<mailto:leave@valve-world-magazine.com>"},
        )
    ws.inbound(
        "kevin.xu@oceanlink-logistics.com",
        "Booking confirmation / SO-25460 / NINGBO-HAMBURG",
        "Please send us the shipping instructions. ETD 01 Oct.",
        12,
    )
    ws.inbound("tracking@dhl.com", "Your shipment 1234567890", "Your parcel is on its way.", 11)
    ws.inbound(
        "service@bankofningbo.com.cn", "Incoming remittance USD 12,400", "Dear customer, a remittance arrived.", 8
    )
    ws.inbound(ONE_OFF, "Hannover Messe", "Hello Lisa, will your team be at the Hannover Messe in April?\nTim", 6)
    # real buyers: an RFQ nobody has answered yet, and a thread both ways
    ws.inbound(RFQ_BUYER, "RFQ: gate valves DN100", "Please quote 300 gate valves DN100 PN16, CIF Jebel Ali.", 2)
    first = ws.inbound(BUYER, "Anfrage Kugelhähne", "Bitte senden Sie uns ein Angebot für 500 Kugelhähne DN50.", 30)
    ws.outbound(BUYER, "Re: Anfrage Kugelhähne", "Please find our quotation attached.", 29, reply_to=first)
    ws.inbound(BUYER, "Re: Anfrage Kugelhähne", "Danke. Können Sie den Preis für 1000 Stück nennen?", 3, reply_to=first)
    ws.import_mail()
    return ws


@pytest.fixture
def ws(tmp_path):
    return first_day(tmp_path)


def keys(ws: Workspace, *args: str) -> set[str]:
    return {row["key"] for row in ws.json("customers", "list", *args)}


def test_only_the_buyers_are_customers_and_the_one_off_sender_waits(ws):
    assert keys(ws) == {"acme-armaturen.de", "gulfpipe.ae"}
    assert keys(ws, "--all") == {"acme-armaturen.de", "gulfpipe.ae"}  # not even ignored ones
    pending = ws.json("customers", "pending")
    assert [row["key"] for row in pending] == ["messe-kontakte.de"]
    assert pending[0]["last_subject"] == "Hannover Messe" and pending[0]["messages"] == 1
    text = ws.cli("customers", "pending").output
    assert "messe-kontakte.de" in text and "1 pending" in text and "customers promote KEY" in text


def test_every_sender_set_aside_is_listed_with_its_reason(ws):
    aside = {row["key"]: (row["verdict"], row["reason"]) for row in ws.json("customers", "pending", "--all")}
    assert aside["mail-secure-check.net"][0] == "phishing"
    assert aside["mail-secure-check.net"][1] == "phishing wording: “mailbox quota”"
    assert aside["postfach-service.org"][0] == "phishing" and aside["youxiang-shengji.cn"][0] == "phishing"
    assert aside["cloud-docs-share.com"][0] == "phishing"
    for domain in ("docs-one.com", "docs-two.net", "docs-three.org", "docs-four.biz", "docs-five.info"):
        assert aside[domain][0] == "campaign", domain
    assert aside["valve-world-magazine.com"] == ("bulk", "bulk mail (List-Unsubscribe)")
    assert aside["oceanlink-logistics.com"][0] == "logistics"
    assert aside["dhl.com"][0] == "logistics"
    assert aside["bankofningbo.com.cn"][0] == "bank"
    assert aside["messe-kontakte.de"][0] == "pending"
    assert "acme-armaturen.de" not in aside and "gulfpipe.ae" not in aside


def test_the_agenda_and_the_drafts_name_only_the_buyers(ws):
    ws.run()
    buyers = {row["id"] for row in ws.json("customers", "list")}
    sections = ws.json("today")["sections"]
    named = {item["customer"] for items in sections.values() for item in items}
    assert named and named <= buyers, named
    assert {item["customer"] for item in sections["unanswered"]} == buyers  # both wait for our answer
    ws.cli("drafts", "generate")
    assert {d["customer"] for d in ws.json("drafts", "list")} <= buyers


def test_promote_makes_a_customer_with_its_mail_and_ignore_takes_a_sender_off_the_list(ws):
    out = ws.cli("customers", "promote", ONE_OFF).output
    assert "messe-kontakte.de is a customer now (1 mail from them)" in out
    assert keys(ws) == {"acme-armaturen.de", "gulfpipe.ae", "messe-kontakte.de"}
    assert ws.json("customers", "pending") == []
    timeline = ws.json("customers", "show", "messe-kontakte.de")["timeline"]
    assert any(e["kind"] == "event" and e["event"] == "promote" for e in timeline)
    ws.cli("customers", "refresh", "--full")  # a person's decision outlives a rebuild
    assert "messe-kontakte.de" in keys(ws)
    # ignore: the existing machinery; a set-aside sender can be promoted too
    ws.cli("customers", "ignore", "valve-world-magazine.com", "--reason", "newsletter")
    assert "valve-world-magazine.com" not in {r["key"] for r in ws.json("customers", "pending", "--all")}
    ws.cli("customers", "promote", "dhl.com")
    assert "dhl.com" in keys(ws)
    again = ws.cli("customers", "promote", "dhl.com", ok=False)
    assert again.exit_code != 0 and "is a customer already" in again.output


def test_a_reply_from_us_makes_the_one_off_sender_a_customer(ws):
    ws.outbound(ONE_OFF, "Re: Hannover Messe", "Yes, hall 4, booth B12. Come and see us.", 5, batch="later")
    ws.import_mail("later")
    assert "messe-kontakte.de" in keys(ws)
    assert ws.json("customers", "pending") == []


def test_a_stage_rule_promotes_a_pending_sender_in_the_same_run(tmp_path):
    ws = Workspace(tmp_path)
    # no word of the filing's inquiry list; the shipped stage rules read it as an order
    ws.inbound(
        "ops@kowalski-hydraulika.pl",
        "PO 4471",
        "Hello Lisa,\nplease find our purchase order 4471 attached. Kindly confirm.\nPiotr",
        3,
    )
    ws.inbound(ONE_OFF, "Hannover Messe", "Hello Lisa, will your team be at the Hannover Messe in April?", 2)
    ws.import_mail()  # the import runs the rules too
    assert "kowalski-hydraulika.pl" in keys(ws)
    assert [row["key"] for row in ws.json("customers", "pending")] == ["messe-kontakte.de"]


def test_a_database_filed_before_the_triage_loses_its_spam_customers_and_keeps_its_decisions(ws):
    db_path = ws.root / "mailcrm.db"
    import sqlite3

    with sqlite3.connect(db_path) as db:  # as an older version filed them: every sender a customer
        db.execute("UPDATE customer_meta SET value = 'old' WHERE name = 'fingerprint'")
    ws.cli("customers", "promote", "mail-secure-check.net")  # a person's decision, kept
    ws.cli("customers", "refresh", "--full")
    assert keys(ws) == {"acme-armaturen.de", "gulfpipe.ae", "mail-secure-check.net"}


def test_configured_lists_add_suppliers_and_phrases(tmp_path):
    ws = Workspace(
        tmp_path,
        extra="""
        [customers]
        suppliers = ["yonggu-casting.com.cn"]
        phishing_phrases = ["claim your parcel fee"]
        """,
    )
    first = ws.inbound("wangzhe@yonggu-casting.com.cn", "毛坯交货计划", "王经理：本月毛坯价格调整，请确认订单。", 10)
    ws.outbound("wangzhe@yonggu-casting.com.cn", "Re: 毛坯交货计划", "收到，谢谢。", 9, reply_to=first)
    ws.inbound("a@parcel-fees.com", "Parcel", "Claim your parcel fee here.", 5)
    ws.import_mail()
    assert keys(ws) == set()
    aside = {r["key"]: (r["verdict"], r["reason"]) for r in ws.json("customers", "pending", "--all")}
    assert aside["yonggu-casting.com.cn"] == ("supplier", "supplier ([customers] suppliers): yonggu-casting.com.cn")
    assert aside["parcel-fees.com"][0] == "phishing"
