"""A buyer on holiday, end to end: mail imported with the CLI into a real database, then what
the salesperson sees in `why`, `customers show` and `today`."""

from __future__ import annotations

import json
from datetime import timedelta

from mailcrm.engine.away import is_notice
from tests.test_rules_run import TODAY, Workspace, ago

HANS = "hans@acme-armaturen.de"


def on_holiday(tmp_path, *, shipped: bool = False) -> tuple[Workspace, object, object]:
    """Hans asked 20 days ago, we quoted 10 days ago, and his notice (no auto-reply headers,
    a plain RE: subject) says he is away until four days from now. Grade A (the only customer
    writing) means a follow-up every 7 days: due three days ago."""
    ws = Workspace(tmp_path, shipped=shipped)
    until = TODAY + timedelta(days=4)
    asked = ws.inbound(HANS, "Anfrage Kugelhähne DN50", "Bitte senden Sie uns ein Angebot für 500 Kugelhähne.", 20)
    quoted = ws.outbound(HANS, "RE: Anfrage Kugelhähne DN50", "Anbei unser Angebot HT-Q-0815.", 10, reply_to=asked)
    ws.inbound(
        HANS,
        "RE: Anfrage Kugelhähne DN50",
        f"Guten Tag, ich bin bis {until.day}.{until.month}. im Urlaub. "
        "In dringenden Fällen wenden Sie sich bitte an Frau Beck.",
        9.99,
        reply_to=quoted,
    )
    ws.import_mail()
    return ws, until + timedelta(days=1), ago(9.99).date()


def test_why_says_the_customer_is_away_and_until_when(tmp_path):
    ws, back, sent = on_holiday(tmp_path)
    why = ws.json("why", "acme-armaturen.de")
    assert why["away"]["back"] == back.isoformat() and why["away"]["sent"] == sent.isoformat()
    text = ws.cli("why", "acme-armaturen.de").output
    assert f"Away, back on {back} (auto-reply of {sent})" in text
    shown = ws.cli("customers", "show", "acme-armaturen.de").output
    assert f"away       back on {back} (auto-reply of {sent})" in shown


def test_the_follow_up_due_while_they_are_away_waits_for_the_day_they_are_back(tmp_path):
    ws, back, sent = on_holiday(tmp_path)
    grade = ws.json("why", "acme-armaturen.de", "grade")["grade"]
    assert grade["next_contact"] == back.isoformat() and grade["next_contact_source"] == "grade"
    was = (ago(10).date() + timedelta(days=7)).isoformat()
    assert grade["next_contact_reason"].startswith(f"back on {back} (auto-reply of {sent}), moved from {was}: grade A")
    agenda = ws.json("today")["sections"]
    assert agenda["follow-ups"] == []
    assert agenda["unanswered"] == []  # the notice waits for no answer
    due = ws.json("today", "--today", back.isoformat())["sections"]["follow-ups"]
    assert [item["customer_name"] for item in due] == ["acme-armaturen.de"]
    assert due[0]["what"].startswith(f"due {back} (grade): back on {back} (auto-reply of {sent}), moved from")


def test_the_shipped_out_of_office_rule_follows_up_on_the_day_they_are_back(tmp_path):
    ws, back, _sent = on_holiday(tmp_path, shipped=True)
    grade = ws.json("why", "acme-armaturen.de", "grade")["grade"]
    assert grade["next_contact"] == back.isoformat() and grade["next_contact_source"] == "rule"


def test_a_date_set_by_hand_is_kept_and_the_agenda_says_they_are_away(tmp_path):
    ws, back, _sent = on_holiday(tmp_path)
    ws.cli("customers", "set", "acme-armaturen.de", "--next-contact", TODAY.isoformat())
    ws.run()
    due = ws.json("today")["sections"]["follow-ups"]
    assert due[0]["what"] == f"due {TODAY} (manual): set by hand — away, back on {back}"


def test_mail_from_the_customer_after_the_notice_ends_the_absence(tmp_path):
    ws, _back, _sent = on_holiday(tmp_path)
    ws.inbound("greta@acme-armaturen.de", "Angebot HT-Q-0815", "Ich vertrete Herrn Weber: bitte Preis für 800.", 2)
    ws.import_mail()
    why = ws.json("why", "acme-armaturen.de")
    assert why["away"] is None
    assert why["grade"]["next_contact_source"] == "grade" and "away" not in why["grade"]["next_contact_reason"]


def test_a_notice_with_auto_reply_headers_and_a_chinese_date(tmp_path):
    ws = Workspace(tmp_path, shipped=False)
    until = TODAY + timedelta(days=6)
    ws.outbound("wang@dalian-pumps.cn", "Quotation", "Please find our quotation.", 3)
    ws.inbound(
        "wang@dalian-pumps.cn",
        "自动回复: Quotation",
        f"您好，我休假至{until.month}月{until.day}日，期间不能及时回复邮件。",
        2.99,
        headers={"Auto-Submitted": "auto-replied"},
    )
    ws.import_mail()
    away = ws.json("why", "dalian-pumps.cn")["away"]
    assert away["back"] == (until + timedelta(days=1)).isoformat()


def test_a_notice_without_a_date_says_so_and_moves_nothing(tmp_path):
    ws = Workspace(tmp_path, shipped=False)
    ws.outbound("ana@levante.es", "Oferta", "Adjuntamos nuestra oferta.", 12)
    ws.inbound(
        "ana@levante.es", "Fuera de la oficina", "Estoy fuera de la oficina con acceso limitado al correo.", 11.9
    )
    ws.import_mail()
    why = ws.json("why", "levante.es")
    assert why["away"]["back"] is None and "no return date" in why["away"]["text"]
    assert why["grade"]["next_contact"] < TODAY.isoformat()  # due: nothing says how long to wait


def test_a_platforms_notification_is_no_notice_of_absence():
    generated = json.dumps({"Auto-Submitted": "auto-generated"})
    assert not is_notice(generated, "[Alibaba.com] New inquiry about ball valves", "You have a new inquiry.")
    assert is_notice(generated, "Out of Office: RFQ", "I am out of the office until 3 March.")
    assert is_notice(json.dumps({"Auto-Submitted": "auto-replied"}), "RFQ", "")
