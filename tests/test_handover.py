"""Hand-over: ownership moves, each customer gets a brief the new owner can act on."""

from __future__ import annotations

import pytest

from tests.fixtures_customers import HANS, LISA, Env, Mailbox, day


@pytest.fixture
def env(tmp_path):
    env = Env(tmp_path)
    env.run(
        "orders",
        "add",
        "besttrading.com",
        "--amount",
        "20000",
        "--currency",
        "USD",
        "--date",
        "2026-01-20",
        "--product",
        "brass gate valve 1in",
        "--quantity",
        "5000",
        "--paid",
        "6000",
        "--order-no",
        "PO-4711",
    )
    env.run("customers", "note", "besttrading.com", "Samples approved by John on the phone", "--author", "lisa")
    return env


def test_handover_moves_every_customer_and_writes_briefs(env):
    lisas = env.keys("--owner", "Lisa Chen")
    out = env.run("handover", "--from", "lisa", "--to", "Tom Wang", "--dir", str(env.tmp / "briefs")).output
    assert f"{len(lisas)} customers handed over from Lisa Chen to Tom Wang" in out
    assert env.keys("--owner", "Lisa Chen") == set()
    assert env.keys("--owner", "tom") == lisas | {"nordic-pipes.se"}
    briefs = sorted(p.name for p in (env.tmp / "briefs").glob("*.md"))
    assert "README.md" in briefs and "besttrading.com.md" in briefs and len(briefs) == len(lisas) + 1
    index = (env.tmp / "briefs" / "README.md").read_text(encoding="utf-8")
    assert "Hand-over from Lisa Chen to Tom Wang" in index and "[Best Trading LLC](besttrading.com.md)" in index


def test_a_brief_says_who_they_are_and_what_is_pending(env):
    env.run(
        "handover", "--from", "Lisa Chen", "--to", "tom", "--customer", "besttrading.com", "--dir", str(env.tmp / "one")
    )
    brief = (env.tmp / "one" / "besttrading.com.md").read_text(encoding="utf-8")
    assert brief.startswith("# Best Trading LLC (`besttrading.com`)")
    assert "Handed over from **Lisa Chen** to **Tom Wang**" in brief
    assert "**Country:** United States (US)" in brief and "**Time zone:** America/Chicago" in brief
    assert "besttrading.com, john.smith1975@gmail.com" in brief
    assert "| John Smith | john@besttrading.com | Purchasing Manager | +1 312 555 0142 |" in brief
    assert "## Open threads" in brief and "“RFQ brass gate valves”" in brief and "waiting for their answer" in brief
    assert "PO 4711 brass gate valves" in brief  # last exchanges
    assert "| 2026-01-20 | brass gate valve 1in | 5000.0 | USD 20,000.00 | 6,000.00 | 14,000.00 |" in brief
    assert "Outstanding payment: USD 14,000.00." in brief
    assert "Samples approved by John on the phone" in brief
    assert env.keys("--owner", "tom") == {"besttrading.com", "nordic-pipes.se"}
    assert "Lisa Chen" in env.run("customers", "show", "acme-armaturen.de").output


def test_a_brief_flags_a_reply_we_owe(env):
    box = Mailbox()
    box.add(
        "lisa",
        "INBOX",
        sender=HANS,
        to=LISA,
        when=day(20),
        subject="Liefertermin?",
        body="Sehr geehrte Frau Chen,\n\nwann können Sie liefern?\n\nMit freundlichen Grüßen\nHans Müller",
    )
    env.import_more("lisa", box.mails)
    env.run(
        "handover", "--from", "lisa", "--to", "tom", "--customer", "acme-armaturen.de", "--dir", str(env.tmp / "acme")
    )
    brief = (env.tmp / "acme" / "acme-armaturen.de.md").read_text(encoding="utf-8")
    assert "**Reply owed**" in brief and "“Liefertermin?”" in brief and "we owe a reply" in brief
    assert "**Language:** German" in brief


def test_ownership_survives_new_mail_and_the_handover_is_in_the_timeline(env):
    env.run(
        "handover", "--from", "lisa", "--to", "tom", "--customer", "ahmed.khalil@yahoo.com", "--dir", str(env.tmp / "x")
    )
    box = Mailbox()
    box.add(
        "lisa",
        "INBOX",
        sender="Ahmed Khalil <ahmed.khalil@yahoo.com>",
        to=LISA,
        when=day(21),
        subject="Still waiting",
        body="Dear Lisa,\n\nany news?\n\nAhmed",
    )
    env.import_more("lisa", box.mails)
    ahmed = env.show("ahmed.khalil@yahoo.com")
    assert ahmed["customer"]["owner"] == "Tom Wang" and ahmed["customer"]["owner_auto"] == "Lisa Chen"
    assert any(e["kind"] == "event" and e["event"] == "handover" for e in ahmed["timeline"])


def test_handover_errors_are_one_line(env):
    nobody = env.run("handover", "--from", "Zhang San", "--to", "tom", ok=False)
    assert nobody.exit_code == 1 and "owns no customers" in nobody.output and "Lisa Chen" in nobody.output
    same = env.run("handover", "--from", "lisa", "--to", "Lisa Chen", ok=False)
    assert same.exit_code == 1 and "themselves" in same.output
    wrong = env.run("handover", "--from", "tom", "--to", "lisa", "--customer", "besttrading.com", ok=False)
    assert wrong.exit_code == 1 and "owned by Lisa Chen" in wrong.output


def test_handover_json(env):
    result = env.json("handover", "--from", "tom", "--to", "lisa", "--dir", str(env.tmp / "j"))
    assert result["from"] == "Tom Wang" and [b["key"] for b in result["briefs"]] == ["nordic-pipes.se"]
