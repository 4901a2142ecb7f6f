"""`mailcrm today`: the agenda, most important first, per salesperson."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.test_rules_run import TODAY, Workspace


def busy_workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path)
    # a complaint yesterday (Lisa's customer)
    ws.inbound("f.alqahtani@saudiflow.com.sa", "Leaking valves", "Two valves are leaking, we want a refund.", 1)
    # a stalled negotiation (Lisa)
    asked = ws.inbound("rafael@hidrotec.com.br", "Cotação", "Pedido de cotação: 400 válvulas.", 80)
    quoted = ws.outbound("rafael@hidrotec.com.br", "Re: Cotação", "Please find our quotation.", 79, reply_to=asked)
    ws.inbound("rafael@hidrotec.com.br", "Re: Cotação", "Qual é o seu melhor preço?", 60, reply_to=quoted)
    ws.outbound("rafael@hidrotec.com.br", "Re: Cotação", "Our best price is USD 33.", 59)
    # an old customer gone quiet (Lisa), orders added below
    ws.inbound("dave@greatlakesvalve.com", "PO GL-1", "Please find our purchase order GL-1.", 300)
    ws.outbound("dave@greatlakesvalve.com", "Re: PO GL-1", "Thank you for your order.", 299)
    ws.import_mail()
    # Tom's customer waits for an answer
    # at midnight three days ago, so that it has waited "3 days" whatever the hour the test runs
    ws.inbound(
        "jack@southerncross.com.au",
        "Question",
        "Do you have DN25 brass valves in stock?",
        3.375,
        account="tom",
        batch="tom",
    )
    ws.import_mail("tom", account="tom")
    for days in (400, 340, 280, 220):
        ws.cli(
            "orders",
            "add",
            "greatlakesvalve.com",
            "--amount",
            "20000",
            "--currency",
            "USD",
            "--date",
            (TODAY - timedelta(days=days)).isoformat(),
            "--order-no",
            f"GL-{days}",
        )
    ws.run()
    return ws


def customers_in(section: list[dict]) -> list[str]:
    return [item["customer_name"] for item in section]


def test_agenda_sections_come_most_important_first(tmp_path):
    ws = busy_workspace(tmp_path)
    agenda = ws.json("today")
    sections = agenda["sections"]
    assert list(sections) == [
        "complaints",
        "unanswered",
        "before-drafts",
        "follow-ups",
        "payments",
        "stalled",
        "churn-risk",
        "other-risks",
        "drafts",
    ]
    assert customers_in(sections["complaints"]) == ["saudiflow.com.sa"]
    # the complaint says what it is about: the sentence it was read in
    assert sections["complaints"][0]["what"] == "complaint: “Two valves are leaking, we want a refund.”"
    # the customer who complains first, then the others (by grade, then the oldest)
    assert customers_in(sections["unanswered"]) == ["saudiflow.com.sa", "southerncross.com.au"]
    assert "waiting 3 days" in sections["unanswered"][1]["what"]
    assert customers_in(sections["stalled"]) == ["hidrotec.com.br"]
    assert customers_in(sections["churn-risk"]) == ["greatlakesvalve.com"]
    drafts = {(d["customer_name"], d["what"].split(" ")[0]) for d in sections["drafts"]}
    assert {
        ("saudiflow.com.sa", "complaint-reply"),
        ("hidrotec.com.br", "stalled-nudge"),
        ("greatlakesvalve.com", "reactivation"),
    } <= drafts
    assert all("(not written yet)" in d["what"] for d in sections["drafts"])
    assert agenda["counts"]["complaints"] == 1


def test_follow_ups_due_are_ordered_by_grade(tmp_path):
    ws = busy_workspace(tmp_path)
    due = ws.json("today")["sections"]["follow-ups"]
    grades = [item["grade"] for item in due]
    assert grades == sorted(grades, key=lambda g: "ABC".index(g))
    assert all(item["since"] <= TODAY.isoformat() for item in due)


def test_owner_filter_keeps_one_salespersons_customers(tmp_path):
    ws = busy_workspace(tmp_path)
    toms = ws.json("today", "--owner", "tom")
    assert toms["owner"] == "Tom Wang"
    everything = [item for items in toms["sections"].values() for item in items]
    assert everything and {item["customer_name"] for item in everything} == {"southerncross.com.au"}
    lisas = ws.json("today", "--owner", "Lisa Chen")
    assert "southerncross.com.au" not in customers_in(lisas["sections"]["unanswered"])


def test_today_prints_a_readable_agenda(tmp_path):
    ws = busy_workspace(tmp_path)
    text = ws.cli("today").output
    assert (
        text.index("Complaints")
        < text.index("Waiting for your answer")
        < text.index("Stalled deals")
        < text.index("Churn risks")
        < text.index("Drafts waiting for review")
    )
    assert "saudiflow.com.sa" in text


def test_an_empty_day_says_so(tmp_path):
    ws = Workspace(tmp_path)
    ws.outbound("hans@acme.de", "Hello", "Thanks for your visit at the fair.", 1)
    ws.import_mail()
    assert "Nothing needs you today." in ws.cli("today").output
