"""Every contact recorded: calls, visits, meetings, chats and faxes count like mail.

Mail is imported through the CLI into a real SQLite file (test_rules_run's Workspace);
contacts are recorded with `customers note --kind …` and read back through `today`,
`customers show`, `customers list`, `customers notes` and `handover`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.test_rules_run import TODAY, Workspace


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def waiting(ws: Workspace) -> list[str]:
    return [item["customer_name"] for item in ws.json("today")["sections"]["unanswered"]]


def follow_ups(ws: Workspace) -> list[str]:
    return [item["customer_name"] for item in ws.json("today")["sections"]["follow-ups"]]


def test_a_call_after_their_unanswered_mail_takes_them_off_waiting(tmp_path: Path):
    ws = Workspace(tmp_path)
    ws.inbound("jack@southerncross.com.au", "Stock", "Do you have DN25 brass valves in stock?", 3)
    ws.import_mail()
    ws.run()
    assert waiting(ws) == ["southerncross.com.au"]
    assert ws.json("customers", "show", "southerncross.com.au")["customer"]["turn"] == "us"

    added = ws.json("customers", "note", "southerncross.com.au", "Called Jack: 400 in stock", "--kind", "call")
    assert (added["kind"], added["direction"]) == ("call", "out")
    assert waiting(ws) == []
    shown = ws.cli("customers", "show", "southerncross.com.au").output
    assert "their turn: we called last" in shown
    assert "call →" in shown  # in the timeline


def test_a_call_from_them_makes_it_our_turn_and_a_plain_note_counts_in_nothing(tmp_path: Path):
    ws = Workspace(tmp_path)
    ws.outbound("jack@southerncross.com.au", "Offer", "Please find our offer.", 5)
    ws.import_mail()
    ws.cli("customers", "note", "southerncross.com.au", "Prefers WhatsApp", "--date", days_ago(1))
    assert ws.json("customers", "show", "southerncross.com.au")["customer"]["turn"] == "them"
    ws.cli(
        "customers",
        "note",
        "southerncross.com.au",
        "Jack called about the price",
        "--kind",
        "phone",
        "--direction",
        "in",
        "--date",
        days_ago(2),
    )
    customer = ws.json("customers", "show", "southerncross.com.au")["customer"]
    assert customer["turn"] == "us" and customer["last_in"][:10] == days_ago(2)
    assert "our turn: they called last" in ws.cli("customers", "show", "southerncross.com.au").output


def test_a_visit_restarts_the_follow_up_interval(tmp_path: Path):
    ws = Workspace(tmp_path)
    # our last mail forty days ago: the grade's interval (at most 30 days) is over
    ws.inbound("ana@verde.es", "Catálogo", "Por favor envíen su catálogo.", 41)
    ws.outbound("ana@verde.es", "Re: Catálogo", "Here is our catalogue.", 40)
    ws.import_mail()
    ws.run()
    due = ws.json("today")["sections"]["follow-ups"]
    assert [item["customer_name"] for item in due] == ["verde.es"]
    interval = due[0]["detail"]["interval"]
    assert "our last mail" in due[0]["what"]

    ws.cli("customers", "note", "verde.es", "Visited Ana in Valencia", "--kind", "visit", "--date", days_ago(3))
    assert follow_ups(ws) == []  # at once, before the next rules run
    ws.run()
    grade = ws.json("why", "verde.es")["grade"]
    assert grade["next_contact"] == (TODAY - timedelta(days=3) + timedelta(days=interval)).isoformat()
    assert f"our last visit ({days_ago(3)})" in grade["next_contact_reason"]
    assert follow_ups(ws) == []
    later = (TODAY + timedelta(days=interval)).isoformat()
    assert [i["customer_name"] for i in ws.json("today", "--today", later)["sections"]["follow-ups"]] == ["verde.es"]


def test_the_latest_contact_of_any_kind_is_the_last_contact(tmp_path: Path):
    ws = Workspace(tmp_path)
    ws.inbound("ana@verde.es", "Catálogo", "Por favor envíen su catálogo.", 30)
    ws.outbound("ana@verde.es", "Re: Catálogo", "Here is our catalogue.", 29)
    ws.inbound("jack@southerncross.com.au", "Stock", "Do you have DN25 in stock?", 10)
    ws.outbound("jack@southerncross.com.au", "Re: Stock", "Yes, 400 pieces.", 9)
    ws.import_mail()
    listed = [c["key"] for c in ws.json("customers", "list", "--sort", "last")]
    assert listed[:2] == ["southerncross.com.au", "verde.es"]

    ws.cli("customers", "note", "verde.es", "Video meeting with Ana", "--kind", "meeting", "--date", days_ago(2))
    listed = [c["key"] for c in ws.json("customers", "list", "--sort", "last")]
    assert listed[:2] == ["verde.es", "southerncross.com.au"]
    assert ws.json("customers", "show", "verde.es")["customer"]["last_out"][:10] == days_ago(2)
    # days since our last contact: a rule reading it sees the meeting, not the mail
    ws.rules(
        """
        [[rule]]
        id = "mine.recent"
        scope = "customer"
        description = "In touch this week"
        [rule.when]
        days_since_outbound = { max = 6 }
        [[rule.then]]
        add_tag = "in-touch"
        """
    )
    ws.run()
    tagged = [c["key"] for c in ws.json("customers", "list", "--tag", "in-touch")]
    assert tagged == ["verde.es"]


def test_notes_lists_contacts_newest_first_with_json_and_a_kind(tmp_path: Path):
    ws = Workspace(tmp_path)
    ws.inbound("ana@verde.es", "Catálogo", "Por favor envíen su catálogo.", 30)
    ws.import_mail()
    ws.cli("customers", "note", "verde.es", "Sent the fax of the PI", "--kind", "fax", "--date", days_ago(20))
    ws.cli("customers", "note", "verde.es", "Called Ana", "--kind", "call", "--date", f"{days_ago(10)} 15:30")
    ws.cli("customers", "note", "verde.es", "Likes blue", "--author", "lisa")
    found = ws.json("customers", "notes", "verde.es")
    assert found["customer"] == "verde.es"
    assert [(n["kind"], n["text"]) for n in found["notes"]] == [
        ("note", "Likes blue"),
        ("call", "Called Ana"),
        ("fax", "Sent the fax of the PI"),
    ]
    assert found["notes"][0]["author"] == "lisa" and found["notes"][0]["direction"] is None
    calls = ws.json("customers", "notes", "verde.es", "--kind", "call")["notes"]
    assert [n["text"] for n in calls] == ["Called Ana"]
    text = ws.cli("customers", "notes", "verde.es").output
    assert "call →" in text and "fax →" in text and "Likes blue" in text


def test_a_bad_kind_or_date_is_a_one_line_error(tmp_path: Path):
    ws = Workspace(tmp_path)
    ws.inbound("ana@verde.es", "Catálogo", "Por favor envíen su catálogo.", 30)
    ws.import_mail()
    cases = {
        ("--kind", "email"): "unknown kind 'email' (one of: note, call, visit, meeting, chat, fax)",
        ("--kind", "call", "--date", "01.12.2026"): "date '01.12.2026': a day as YYYY-MM-DD",
        ("--kind", "call", "--date", (TODAY + timedelta(days=3)).isoformat()): "is in the future",
        ("--kind", "call", "--direction", "sideways"): "unknown direction 'sideways'",
        ("--direction", "in"): "a note is no contact",
    }
    for args, said in cases.items():
        result = ws.cli("customers", "note", "verde.es", "text", *args, ok=False)
        assert result.exit_code != 0
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and said in lines[0], result.output
    assert ws.json("customers", "notes", "verde.es")["notes"] == []


def test_a_call_log_imports_once_and_reports_bad_rows(tmp_path: Path):
    ws = Workspace(tmp_path)
    ws.inbound("ana@verde.es", "Catálogo", "Por favor envíen su catálogo.", 30)
    ws.inbound("jack@southerncross.com.au", "Stock", "Do you have DN25 in stock?", 3)
    ws.import_mail()
    log = tmp_path / "calls.csv"
    log.write_text(
        "客户,日期,类型,方向,内容\n"
        f"verde.es,{days_ago(5)} 10:00,电话,呼出,Price agreed\n"
        f"jack@southerncross.com.au,{days_ago(1)} 09:15,,out,Stock confirmed\n"
        f"nobody.example,{days_ago(1)},call,out,?\n",
        encoding="utf-8",
    )
    result = ws.cli("customers", "import-notes", str(log), ok=False)
    assert result.exit_code == 1
    assert "line 4" in result.output and "2 added, 0 already recorded, 1 rows with errors" in result.output
    second = ws.cli("customers", "import-notes", str(log), ok=False)
    assert "0 added, 2 already recorded" in second.output
    assert [n["kind"] for n in ws.json("customers", "notes", "verde.es")["notes"]] == ["call"]
    assert "southerncross.com.au" not in waiting(ws)  # the logged call answered Jack


def test_the_hand_over_brief_lists_calls_and_visits(tmp_path: Path):
    ws = Workspace(tmp_path)
    ws.inbound("ana@verde.es", "Catálogo", "Por favor envíen su catálogo.", 30)
    ws.import_mail()
    ws.cli("customers", "note", "verde.es", "Visited Ana in Valencia", "--kind", "visit", "--date", days_ago(4))
    out = tmp_path / "briefs"
    ws.cli("handover", "--from", "lisa", "--to", "tom", "--dir", str(out))
    brief = next(out.glob("*verde*")).read_text(encoding="utf-8")
    assert "## Calls, visits and notes" in brief
    assert f"{days_ago(4)} visit →" in brief and "Visited Ana in Valencia" in brief
    assert f"Last contact:** {days_ago(4)}" in brief
