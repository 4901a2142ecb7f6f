"""The digest a salesperson acts on (issue 35 item 5): only mail that asks something waits for
an answer, complaints and A customers first, overdue payments, plural forms, Chinese items
in a Chinese digest, each salesperson's own language."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

from mailcrm.config import load_config
from mailcrm.engine.waiting import needs_answer
from mailcrm.night.digest import build_digests
from mailcrm.night.digest_text import Words
from mailcrm.schema import open_db
from tests.test_rules_run import TODAY, Workspace

ALIBABA = """Dear Lisa Chen,

Your product listing "Brass Ball Valve DN25" was viewed 57 times this week.
Upgrade to Gold Supplier to reach more buyers.

Alibaba.com Team"""
ALIBABA_INQUIRY = """Dear Lisa Chen,

You have received a new inquiry on Alibaba.com.

Buyer Name: Minh Le
Please send your best price for 500 pcs brass ball valves DN25.

Alibaba.com Team"""


def shop(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path)
    # an A customer (large orders) asks a question two days ago
    ws.outbound("hans@kessler-armaturen.de", "Order KS-7", "Your order KS-7 is in production.", 9)
    ws.inbound("hans@kessler-armaturen.de", "Re: Order KS-7", "Could you confirm the delivery date for KS-7?", 2)
    # a small customer asked ten days ago: older, but a C customer
    ws.outbound("ana@pequena.com.es", "Oferta", "Please find our offer.", 20)
    ws.inbound("ana@pequena.com.es", "Re: Oferta", "¿Pueden enviarme el catálogo?", 10)
    # a complaint yesterday
    ws.outbound("omar@gulfpipes.com.sa", "Shipment", "The goods were shipped.", 30)
    ws.inbound(
        "omar@gulfpipes.com.sa", "Flanges", "The flanges arrived rusted and two are cracked. We want a credit note.", 1
    )
    # goods arrived, thanks: asks nothing
    ws.outbound("jim@bridgewater-fluid.co.uk", "B/L", "Please find the B/L copy.", 6)
    ws.inbound("jim@bridgewater-fluid.co.uk", "Re: B/L", "Goods arrived, thanks.\n\nKind regards\nJim", 3)
    ws.import_mail()
    for days, amount, customer, paid in (
        (200, "90000", "kessler-armaturen.de", "yes"),
        (120, "80000", "kessler-armaturen.de", "yes"),
        (100, "800", "pequena.com.es", "yes"),
        (70, "40000", "bridgewater-fluid.co.uk", "10000"),
    ):
        ws.cli(
            "orders",
            "add",
            customer,
            "--amount",
            amount,
            "--currency",
            "USD",
            "--date",
            (TODAY - timedelta(days=days)).isoformat(),
            "--paid",
            paid,
            "--order-no",
            f"PO-{days}",
        )
    ws.run()
    return ws


def digest_of(ws: Workspace, owner: str = "Lisa Chen"):
    config = load_config(ws.config)
    return {d.person: d for d in build_digests(open_db(config.database_path), config)}[owner]


def section_lines(text: str, title: str) -> list[str]:
    block = text.split(f"== {title} ==\n", 1)[1].split("\n\n", 1)[0]
    return [line[2:] for line in block.splitlines() if line.startswith("- ")]


def test_waiting_holds_questions_complaints_first_then_a_customers_and_no_thanks(tmp_path):
    ws = shop(tmp_path)
    agenda = ws.json("today", "--owner", "lisa")
    waiting = [(i["customer_name"], i["grade"]) for i in agenda["sections"]["unanswered"]]
    names = [name for name, _ in waiting]
    assert "bridgewater-fluid.co.uk" not in names  # "Goods arrived, thanks." asks nothing
    assert names[0] == "gulfpipes.com.sa"  # the customer who complains
    assert names.index("kessler-armaturen.de") < names.index("pequena.com.es")  # A before C, though newer
    assert dict(waiting)["kessler-armaturen.de"] == "A"
    text = digest_of(ws).text()
    lines = section_lines(text, "Waiting for your answer")
    assert [line.split(" · ")[0] for line in lines] == names  # the digest and `today` agree
    assert f"{len(names)} waiting for an answer" in text
    # the complaint says what it is about
    complaint = section_lines(text, "Complaints (answer today)")[0]
    assert "complaint: “The flanges arrived rusted and two are cracked" in complaint


def test_overdue_payments_and_no_1_days(tmp_path):
    ws = shop(tmp_path)
    text = digest_of(ws).text()
    payments = section_lines(text, "Overdue payments")
    assert len(payments) == 1 and payments[0].startswith("bridgewater-fluid.co.uk")
    assert "USD 30,000 unpaid on order PO-70" in payments[0] and "70 days ago" in payments[0]
    assert "1 overdue payment" in text
    assert not re.search(r"\b1 (days|hours|customers|overdue payments)\b", text)
    en = Words("en")
    assert en.get("fact.days", n=1) == "1 day" and en.get("fact.days", n=2) == "2 days"
    assert en.get("item.follow_up_grade", due="2026-12-01", grade="A", days=1).endswith("every day after our last mail")


def test_a_chinese_salesperson_reads_chinese_items_and_the_english_one_english(tmp_path):
    ws = shop(tmp_path)
    ws.config.write_text(
        ws.config.read_text(encoding="utf-8").replace('owner = "Lisa Chen"', 'owner = "Lisa Chen"\nlanguage = "zh"', 1),
        encoding="utf-8",
    )
    lisa = digest_of(ws)
    assert lisa.language == "zh" and digest_of(ws, "Tom Wang").language == "en"
    text = lisa.text()
    assert "== 等待您回复 ==" in text and "位客户等您回复" in text and "== 逾期未付款 ==" in text
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert items
    for line in items:
        what = re.sub(r"“[^”]*”", "", line)  # the customer's own words are quoted as written
        what = " · ".join(what.split(" · ")[1:])  # after the customer's name
        assert not re.search(r"[A-Za-z]{3,}(?: [A-Za-z]{2,}){2,}", what), f"English in a Chinese item: {line}"
    assert any("投诉：“The flanges arrived rusted" in line for line in items)
    assert "已过 70 天" in text


def test_tag_lists_and_waiting_read_as_sentences_in_chinese():
    zh = Words("zh")
    labels = [zh.label("tag", t) for t in ("payment-tt", "payment-lc", "price-sensitive")]
    assert zh.listing(labels) == "付款方式：T/T、L/C、价格敏感"
    assert Words("en").listing([Words("en").label("tag", t) for t in ("payment-tt", "payment-lc")]) == "pays T/T, L/C"
    assert zh.get("fact.waiting_oldest", n=13, oldest=zh.days(318)) == "13 位客户，最久已等 318 天"


def test_a_platform_notice_waits_for_no_answer_its_inquiry_does():
    notice = needs_answer(subject="Your weekly listing report", body=ALIBABA, platform="alibaba")
    assert (notice.waits, notice.reason) == (False, "notification")
    inquiry = needs_answer(subject="[Alibaba.com] New inquiry from Minh Le", body=ALIBABA_INQUIRY, platform="alibaba")
    assert (inquiry.waits, inquiry.reason) == (True, "inquiry")
    thanks = needs_answer(subject="Re: PI 2291", body="Well received, thank you!\n\nBest regards\nAhmed")
    assert (thanks.waits, thanks.reason) == (False, "thanks")
    ooo = needs_answer(subject="Out of office", body="I am out of the office until 12 May with limited access.")
    assert not ooo.waits


def test_a_promise_to_come_back_under_an_inquiry_subject_waits_for_nothing(tmp_path):
    """ "Re: Your inquiry on Alibaba …": the subject names an inquiry, so the inquiry rule
    matched, but the buyer's own words only promise to come back. The ball is in their court:
    not "waiting for your answer". A real question under the same subject still waits."""
    ws = Workspace(tmp_path)
    subject = "Your inquiry on Alibaba: Gas Ball Valve DN15"
    ws.outbound("ahmed.hassan.eg@hotmail.com", subject, "Dear Ahmed,\n\nour offer: USD 2.78/pc.\n\nLisa", 20)
    ws.inbound(
        "ahmed.hassan.eg@hotmail.com",
        f"Re: {subject}",
        "Hello Lisa,\n\nI will discuss with my partner and come back to you.\n\nBest regards,\nAhmed Hassan",
        15,
    )
    ws.outbound("sara@nile-valves.com.eg", subject, "Dear Sara,\n\nour offer: USD 2.90/pc.\n\nLisa", 20)
    ws.inbound(
        "sara@nile-valves.com.eg", f"Re: {subject}", "Hello Lisa,\n\nWhat is the lead time for 3,000 pcs?\n\nSara", 15
    )
    ws.import_mail()
    ws.run()
    waiting = {i["customer_name"]: i for i in ws.json("today")["sections"]["unanswered"]}
    hits = ws.json("why", "ahmed.hassan.eg@hotmail.com", "stage")
    assert "inquiry" in json.dumps(hits)  # the rule did match (on the subject)
    assert "ahmed.hassan.eg@hotmail.com" not in json.dumps(waiting) and "Ahmed" not in " ".join(waiting)
    assert any("nile-valves" in json.dumps(i) or "Sara" in name for name, i in waiting.items())
