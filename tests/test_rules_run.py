"""`rules run` end to end: mail imported with the real CLI, rules evaluated into
a real SQLite file, conclusions read back through `why` and `today`.

`Workspace` is shared with test_grading.py and test_agenda.py.
"""

from __future__ import annotations

import json
import sqlite3
import textwrap
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from click.testing import CliRunner

from mailcrm.sample_config import LISA, TOM, config_text
from mailcrm.cli.main import cli
from mailcrm.engine.changes import KIND_LABELS

TODAY = date.today()


def ago(days: float, hour: int = 9) -> datetime:
    day = datetime.combine(TODAY, datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=hour)
    return day - timedelta(days=days)


class Workspace:
    """A config, a folder of .eml files and a database in a temporary directory."""

    def __init__(self, root: Path, *, shipped: bool = True, extra: str = ""):
        self.root = root
        self.mine = root / "my-rules"
        self.mine.mkdir(parents=True, exist_ok=True)
        self.counter = 0
        self.config = root / "config.toml"
        self.config.write_text(
            config_text(
                me={"manager": "Grace Zhou"},
                accounts=(LISA, TOM),
                sections={"rules": {"shipped": shipped, "paths": [str(self.mine)]}},
                extra=textwrap.dedent(extra),
            ),
            encoding="utf-8",
        )

    def rules(self, text: str, name: str = "mine.toml") -> None:
        (self.mine / name).write_text(textwrap.dedent(text), encoding="utf-8")

    def mail(
        self,
        sender: str,
        to: str,
        subject: str,
        body: str,
        when: datetime,
        *,
        headers: dict | None = None,
        reply_to: str | None = None,
        batch: str = "inbox",
    ) -> str:
        self.counter += 1
        message_id = f"<m{self.counter}@{sender.split('@')[1]}>"
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, to, subject
        msg["Date"], msg["Message-ID"] = format_datetime(when), message_id
        if reply_to:
            msg["In-Reply-To"] = msg["References"] = reply_to
        for name, value in (headers or {}).items():
            msg[name] = value
        msg.set_content(body)
        folder = self.root / "mail" / batch
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{self.counter:04d}.eml").write_bytes(bytes(msg))
        return message_id

    def inbound(self, sender: str, subject: str, body: str, days_ago: float, **kw) -> str:
        account = kw.pop("account", "lisa")
        return self.mail(sender, f"{account}@hengtai-valve.com", subject, body, ago(days_ago), **kw)

    def outbound(self, to: str, subject: str, body: str, days_ago: float, **kw) -> str:
        account = kw.pop("account", "lisa")
        return self.mail(f"{account}@hengtai-valve.com", to, subject, body, ago(days_ago), **kw)

    def cli(self, *args: str, ok: bool = True):
        result = CliRunner().invoke(cli, ["--config", str(self.config), *args])
        if ok:
            assert result.exit_code == 0, result.output + repr(result.exception)
        return result

    def json(self, *args: str):
        return json.loads(self.cli(*args, "--json").output)

    def import_mail(self, batch: str = "inbox", account: str = "lisa"):
        return self.cli("import", str(self.root / "mail" / batch), "--account", account)

    def run(self, *extra: str) -> dict:
        return self.json("rules", "run", *extra)


ECO_RULE = """
[[rule]]
id = "mine.eco"
scope = "message"
description = "Asks about eco-friendly valves"
[rule.when]
direction = "in"
[rule.when.text]
en = ["eco-friendly", "lead-free"]
es = ["ecológico", "ecológicos"]
[[rule.then]]
add_tag = "green-product"
"""


def eco_workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path, shipped=False)
    ws.inbound("hans@acme-armaturen.de", "Inquiry ball valves", "We need eco-friendly ball valves, 500 pcs.", 30)
    ws.outbound("hans@acme-armaturen.de", "Re: Inquiry ball valves", "Please find our quotation.", 29)
    ws.inbound("hans@acme-armaturen.de", "Re: Inquiry", "Are the valves lead-free too?", 10)
    ws.inbound("pedro@loja.com.br", "Cotización", "No necesitamos productos ecológicos, solo precio.", 5)
    ws.import_mail()
    return ws


def kinds(report: dict) -> list[tuple[str, str, str]]:
    return [(c["kind"], c["customer_name"], c["text"]) for c in report["changes"] if c["kind"] not in ("hits", "rule")]


def test_dry_run_shows_the_change_run_makes_it_and_a_second_run_changes_nothing(tmp_path):
    ws = eco_workspace(tmp_path)
    ws.rules(ECO_RULE)
    preview = ws.run("--dry-run")
    assert ("tag", "acme-armaturen.de", "tag green-product (2 messages: 'eco-friendly', 'lead-free')") in kinds(preview)
    assert not any(c[1] == "loja.com.br" and c[0] == "tag" for c in kinds(preview))
    assert ws.json("why", "acme-armaturen.de")["tags"] == []  # the dry run wrote nothing
    done = ws.run()
    assert kinds(done) == kinds(preview)
    again = ws.run()
    assert again["changes"] == [] and again["messages"] == 0


def test_why_quotes_the_messages_behind_a_tag(tmp_path):
    ws = eco_workspace(tmp_path)
    ws.rules(ECO_RULE)
    ws.run()
    tag = ws.json("why", "acme-armaturen.de", "green-product")["tags"][0]
    assert tag["status"] == "active" and tag["count"] == 2 and tag["rules"] == ["mine.eco"]
    assert tag["first_seen"] == ago(30).date().isoformat() and tag["last_seen"] == ago(10).date().isoformat()
    quotes = [m["quote"] for m in tag["messages"]]
    assert "Are the valves «lead-free» too?" in quotes[0]
    assert "We need «eco-friendly» ball valves" in quotes[1]
    text = ws.cli("why", "acme-armaturen.de", "green-product").output
    assert "green-product" in text and "«lead-free»" in text


def test_new_mail_is_read_incrementally(tmp_path):
    ws = eco_workspace(tmp_path)
    ws.rules(ECO_RULE)
    ws.run()
    ws.inbound("maria@verde.es", "Consulta", "Buscamos grifos ECOLÓGICOS.", 1, batch="later")
    imported = ws.import_mail("later")
    assert "rules: 1 new messages read" in imported.output  # rules run at the end of an import
    assert ws.json("why", "verde.es")["tags"][0]["tag"] == "green-product"


def test_editing_a_rule_re_reads_all_mail_and_drops_what_no_longer_holds(tmp_path):
    ws = eco_workspace(tmp_path)
    ws.rules(ECO_RULE)
    ws.run()
    ws.rules(ECO_RULE.replace('en = ["eco-friendly", "lead-free"]', 'en = ["solar"]'))
    report = ws.run()
    assert any(c["kind"] == "rule" and "was edited" in c["text"] for c in report["changes"])
    assert ("untag", "acme-armaturen.de", "tag green-product dropped: no rule supports it any more") in kinds(report)


def test_tags_fade_when_the_topic_has_not_come_up(tmp_path):
    ws = eco_workspace(tmp_path)
    ws.rules(ECO_RULE.replace('add_tag = "green-product"', 'add_tag = "green-product"\nfades_after_days = 20'))
    report = ws.run()
    assert ("tag", "acme-armaturen.de", "tag green-product (2 messages: 'eco-friendly', 'lead-free')") in kinds(report)
    later = ws.run("--today", (TODAY + timedelta(days=15)).isoformat())
    assert ("fade", "acme-armaturen.de", f"tag green-product faded: not mentioned since {ago(10).date()}") in kinds(
        later
    )
    assert ws.json("why", "acme-armaturen.de")["tags"][0]["status"] == "faded"


def test_shipped_rules_skip_negated_and_quoted_mentions(tmp_path):
    ws = Workspace(tmp_path)
    first = ws.outbound(
        "jack@southerncross.com.au",
        "Quotation brass valves",
        "Our valves are eco-friendly and lead-free. Please find our quotation.",
        20,
    )
    ws.inbound(
        "jack@southerncross.com.au",
        "Re: Quotation brass valves",
        "Thanks. We are not interested in eco-friendly options, price matters most.\n\n"
        "On Monday Lisa wrote:\n> Our valves are eco-friendly and lead-free.",
        19,
        reply_to=first,
    )
    ws.inbound(
        "rajesh@shreeganesh.in",
        "Enquiry SS316",
        "For example, do you also make gate valves? Please quote your best price.",
        18,
    )
    ws.import_mail()
    assert [t["tag"] for t in ws.json("why", "southerncross.com.au")["tags"]] == []
    assert ws.json("why", "shreeganesh.in")["stage"]["stage"] == "inquiry"  # "for example" is no sample


def stage_of(ws: Workspace, customer: str) -> dict:
    return ws.json("why", customer, "stage")["stage"]


def test_stages_move_forward_from_evidence_and_never_back(tmp_path):
    ws = Workspace(tmp_path)
    ws.inbound("buyer@gulfvalve.com", "Inquiry gate valves", "Please quote 200 pcs DN100.", 40)
    ws.outbound("buyer@gulfvalve.com", "Re: Inquiry gate valves", "Please find attached our quotation.", 39)
    ws.inbound("buyer@gulfvalve.com", "PO GV-1", "Please find attached our purchase order GV-1.", 20)
    ws.inbound("buyer@gulfvalve.com", "New inquiry", "Please quote 50 pcs check valves as well.", 5)
    ws.import_mail()
    stage = stage_of(ws, "gulfvalve.com")
    assert (stage["stage"], stage["since"], stage["rule"]) == ("order", ago(20).date().isoformat(), "stage.order")
    assert [h["stage"] for h in stage["history"]] == ["order"]
    assert "«purchase order»" in stage["messages"][0]["quote"]


def test_a_cancelled_order_takes_the_stage_back_until_a_new_order_comes(tmp_path):
    ws = Workspace(tmp_path)
    ws.inbound("buyer@gulfvalve.com", "PO GV-1", "Please find attached our purchase order GV-1.", 30)
    ws.inbound(
        "buyer@gulfvalve.com", "RE: PO GV-1", "Sorry Lisa, our client stopped the project: we cancel the order.", 20
    )
    ws.import_mail()
    stage = stage_of(ws, "gulfvalve.com")
    assert (stage["stage"], stage["rule"], stage["since"]) == (
        "negotiation",
        "stage.back-to-negotiation",
        ago(20).date().isoformat(),
    )
    ws.mail(
        "buyer@gulfvalve.com",
        "lisa@hengtai-valve.com",
        "PO GV-2",
        "Good news, the project is back: please find attached our purchase order GV-2.",
        datetime.now(timezone.utc) - timedelta(days=2),
        batch="later",
    )
    ws.import_mail("later")
    assert stage_of(ws, "gulfvalve.com")["stage"] == "order"


def test_a_new_request_for_quotation_after_a_shipment_starts_a_new_deal_at_inquiry(tmp_path):
    ws = Workspace(tmp_path)
    ws.inbound("buyer@gulfvalve.com", "PO GV-1", "Please find attached our purchase order GV-1.", 60)
    ws.outbound("buyer@gulfvalve.com", "Shipping advice GV-1", "The goods have been shipped, B/L attached.", 40)
    ws.inbound("buyer@gulfvalve.com", "RFQ check valves", "Please quote 50 pcs check valves DN80.", 5)
    ws.import_mail()
    stage = stage_of(ws, "gulfvalve.com")
    assert (stage["stage"], stage["rule"], stage["since"]) == (
        "inquiry",
        "stage.new-inquiry",
        ago(5).date().isoformat(),
    )
    ws.mail(
        "lisa@hengtai-valve.com",
        "buyer@gulfvalve.com",
        "Quotation HT-Q-7 check valves",
        "Please find attached our quotation: USD 41.50/pc.",
        datetime.now(timezone.utc) - timedelta(days=2),
        batch="later",
    )
    ws.import_mail("later")
    assert stage_of(ws, "gulfvalve.com")["stage"] == "quotation"  # the new deal moves on


def test_bargaining_in_a_reply_to_our_quotation_is_negotiation_but_not_in_a_first_inquiry(tmp_path):
    ws = Workspace(tmp_path)
    rfq = ws.inbound("buyer@gulfvalve.com", "RFQ gate valves", "Please quote 500 pcs gate valves DN100.", 20)
    quote = ws.outbound(
        "buyer@gulfvalve.com", "RE: RFQ gate valves", "Please find attached our quotation.", 15, reply_to=rfq
    )
    ws.inbound(
        "buyer@gulfvalve.com",
        "RE: RFQ gate valves",
        "Thanks for the offer. Ninety days is too long for us, could you make it sixty?",
        3,
        reply_to=quote,
    )
    # the same words before any quotation: a buyer asking for a discount in a first RFQ is still inquiring
    first = ws.inbound("buyer@oasisflow.com", "RFQ ball valves", "Please quote 300 ball valves DN50.", 6)
    ws.inbound(
        "buyer@oasisflow.com",
        "RE: RFQ ball valves",
        "Also, ninety days is too long for us: please quote what you can ship in sixty.",
        4,
        reply_to=first,
    )
    ws.import_mail()
    matched = sqlite3.connect(ws.root / "mailcrm.db").execute(
        "SELECT m.from_email FROM rule_hits h JOIN messages m ON m.id = h.message"
        " WHERE h.rule = 'stage.terms-after-quotation' ORDER BY 1"
    )
    assert [sender for (sender,) in matched] == ["buyer@gulfvalve.com", "buyer@oasisflow.com"]  # both bargain …
    stage = stage_of(ws, "gulfvalve.com")
    assert (stage["stage"], stage["since"]) == ("negotiation", ago(3).date().isoformat())
    assert stage_of(ws, "oasisflow.com")["stage"] == "inquiry"  # … only one after our quotation


def test_a_new_order_under_the_old_shipping_thread_is_an_order_again(tmp_path):
    ws = Workspace(tmp_path)
    advice = ws.outbound("buyer@gulfvalve.com", "PO GV-1 - shipping advice", "Shipped today, B/L attached.", 30)
    ws.inbound(
        "buyer@gulfvalve.com",
        "RE: PO GV-1 - shipping advice",
        "Goods received, all fine. Please find attached our PO GV-2 for 40 pcs DN80.",
        3,
        reply_to=advice,
    )
    ws.import_mail()
    stage = stage_of(ws, "gulfvalve.com")
    assert (stage["stage"], stage["rule"]) == ("order", "stage.new-order")


def test_a_stage_set_by_hand_holds_until_newer_evidence_moves_it_further(tmp_path):
    ws = Workspace(tmp_path)
    ws.inbound("buyer@gulfvalve.com", "Inquiry gate valves", "Please quote 200 pcs DN100.", 40)
    ws.import_mail()
    ws.cli("customers", "set", "gulfvalve.com", "--stage", "negotiation")
    ws.run()
    assert stage_of(ws, "gulfvalve.com")["stage"] == "negotiation"
    assert stage_of(ws, "gulfvalve.com")["source"] == "manual"
    soon = datetime.now(timezone.utc) + timedelta(minutes=5)  # after the stage was set by hand
    ws.mail(
        "buyer@gulfvalve.com",
        "lisa@hengtai-valve.com",
        "PO GV-1",
        "Please find attached our purchase order GV-1.",
        soon,
        batch="later",
    )
    ws.import_mail("later")
    assert stage_of(ws, "gulfvalve.com")["stage"] == "order"


def test_out_of_office_moves_the_follow_up_after_the_return_date(tmp_path):
    ws = Workspace(tmp_path)
    back = TODAY + timedelta(days=12)
    ws.outbound("k.yamamoto@yamamoto-valve.co.jp", "Quotation", "Please find our quotation.", 1)
    ws.inbound(
        "k.yamamoto@yamamoto-valve.co.jp",
        "Automatic reply: Quotation",
        f"I am out of the office until {back.day} {back.strftime('%B')} {back.year}.",
        1,
        headers={"Auto-Submitted": "auto-replied"},
    )
    ws.import_mail()
    grade = ws.json("why", "yamamoto-valve.co.jp", "grade")["grade"]
    assert grade["next_contact"] == (back + timedelta(days=1)).isoformat()  # "until": back the day after
    assert grade["next_contact_source"] == "rule"
    assert f"back on {back + timedelta(days=1)}" in grade["next_contact_reason"]


def test_customer_rules_flag_stalled_negotiation_once_and_resolve_when_it_ends(tmp_path):
    ws = Workspace(tmp_path)
    asked = ws.inbound("rafael@hidrotec.com.br", "Cotação válvulas", "Pedido de cotação: 400 válvulas DN150.", 80)
    quoted = ws.outbound(
        "rafael@hidrotec.com.br", "Re: Cotação válvulas", "Please find our quotation.", 79, reply_to=asked
    )
    ws.inbound(
        "rafael@hidrotec.com.br",
        "Re: Cotação válvulas",
        "Qual é o seu melhor preço? Um concorrente ofereceu 10% menos.",
        60,
        reply_to=quoted,
    )
    ws.import_mail()
    flags = {f["flag"]: f for f in ws.json("why", "hidrotec.com.br")["flags"]}
    assert flags["stalled"]["rule"] == "stalled.negotiation-45d" and flags["stalled"]["resolved"] is None
    assert flags["stalled"]["evidence"]["facts"] == {"stage": "negotiation", "stage_days": 60}
    assert "negotiating for 60 days" in flags["stalled"]["note"]
    assert flags["competitor"]["messages"][0]["terms"] == ["concorrente", "oferece"]
    today = ws.json("today")
    assert [d["what"] for d in today["sections"]["drafts"]] == ["stalled-nudge (not written yet)"]
    assert ws.run()["changes"] == []  # the same episode: no second draft, no second alert
    ws.inbound("rafael@hidrotec.com.br", "Pedido de compra", "Segue a ordem de compra HT-1.", 0, batch="later")
    ws.import_mail("later")
    flags = {f["flag"]: f for f in ws.json("why", "hidrotec.com.br")["flags"]}
    assert flags["stalled"]["resolution"] == "condition-ended"


def test_an_unanswered_quotation_is_not_stalled_while_their_buyer_is_away(tmp_path):
    """Two quotations unanswered for ten days: the buyer who answered with an out-of-office notice
    is away, not stalling, so only the other one is flagged and gets a follow-up draft."""
    ws = Workspace(tmp_path)
    for buyer in ("ana@aguasur.es", "kenji@minato-flow.co.jp"):
        asked = ws.inbound(buyer, "RFQ ball valves", "Please quote 40 ball valves DN50.", 12)
        ws.outbound(
            buyer, "Re: RFQ ball valves", "Please find attached our quotation: USD 41.50/pc.", 10, reply_to=asked
        )
    ws.inbound(
        "ana@aguasur.es",
        "RE: RFQ ball valves",
        "Estoy de baja médica hasta el 4 de enero. Para asuntos urgentes, contacte con compras@aguasur.es.",
        9.999,  # an automatic answer, a minute after our quotation
    )
    ws.import_mail()
    away = {f["flag"] for f in ws.json("why", "aguasur.es")["flags"] if f["resolved"] is None}
    silent = {f["flag"] for f in ws.json("why", "minato-flow.co.jp")["flags"] if f["resolved"] is None}
    assert "stalled" not in away and "stalled" in silent


def test_a_lost_deal_is_not_a_stalled_negotiation_to_nudge(tmp_path):
    """ "We ordered from a domestic maker" ends the deal: no 'negotiating for 60 days' flag and no
    stalled-nudge draft asking what still holds them back."""
    ws = Workspace(tmp_path)
    asked = ws.inbound("ogawa@minato-flow.co.jp", "Quotation request", "Please quote 40 butterfly valves 200A.", 80)
    quoted = ws.outbound(
        "ogawa@minato-flow.co.jp", "Re: Quotation request", "Please find our quotation.", 79, reply_to=asked
    )
    ws.inbound(
        "ogawa@minato-flow.co.jp",
        "Re: Quotation request",
        "Thank you for your offer. Unfortunately we decided to go with another supplier this time.",
        60,
        reply_to=quoted,
    )
    ws.import_mail()
    flags = {f["flag"] for f in ws.json("why", "minato-flow.co.jp")["flags"]}
    assert stage_of(ws, "minato-flow.co.jp")["stage"] == "negotiation"
    assert "stalled" not in flags and "competitor" in flags
    assert not [d for d in ws.json("today")["sections"]["drafts"] if "stalled-nudge" in d["what"]]


def test_churn_risk_from_orders_with_a_reactivation_draft(tmp_path):
    ws = Workspace(tmp_path)
    ws.inbound("dave@greatlakesvalve.com", "Greetings", "Greetings from Great Lakes Valve.", 400)
    ws.import_mail()
    for days, number in ((400, 1), (340, 2), (280, 3), (220, 4)):
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
            f"GL-{number}",
        )
    report = ws.run()
    texts = [c[2] for c in kinds(report)]
    assert (
        "flag churn-risk (normal): no order for 220 days: send the new catalogue, an exclusive offer, "
        "ask what changed" in texts
    )
    assert "draft queued: reactivation" in texts
    assert ws.run()["changes"] == []


def test_segments_select_customers_by_rule_conditions(tmp_path):
    from mailcrm.config import load_config
    from mailcrm.schema import open_db
    from mailcrm.engine.segments import segment_members

    ws = eco_workspace(tmp_path)
    ws.rules(
        ECO_RULE
        + """
[[segment]]
name = "green-germans"
[segment.when]
tag = "green-product"
country = "DE"
"""
    )
    ws.run()
    config = load_config(ws.config)
    db = open_db(config.database_path)
    members = segment_members(db, config, "green-germans")
    assert len(members) == 1
    assert ws.json("why", f"#{members[0]}")["customer"]["key"] == "acme-armaturen.de"


def mixed_mailbox(
    ws: Workspace, *, inquiry_days_ago: int, buyers: int, days_apart: int = 1, answered: bool = False
) -> None:
    """Hans's inquiry, our quotation and his complaint; Pedro's request; small buyers' orders."""
    first = ws.inbound(
        "hans@acme-armaturen.de", "Inquiry ball valves", "Please quote 500 pcs DN50, CE needed.", inquiry_days_ago
    )
    ws.outbound(
        "hans@acme-armaturen.de",
        "Re: Inquiry ball valves",
        "Our quotation is attached.",
        inquiry_days_ago - 1,
        reply_to=first,
    )
    ws.inbound("hans@acme-armaturen.de", "Complaint", "The valves arrived damaged, we are very unhappy.", 2)
    ws.inbound("pedro@loja.com.br", "Cotización", "Necesitamos muestras y precio FOB.", 5)
    for n in range(buyers):
        ws.inbound(
            f"buyer{n}@firm{n}.com", f"Order {n}", "We confirm the order, please send the PI.", 20 + days_apart * n
        )
        if answered:
            ws.outbound(
                f"buyer{n}@firm{n}.com", f"Re: Order {n}", "Thank you, the PI is attached.", 19 + days_apart * n
            )


def test_rules_on_every_core_conclude_what_one_core_does(tmp_path, monkeypatch):
    """A big first run evaluates message rules in forked workers; the results must not change."""
    import sqlite3

    from mailcrm.engine import message_pass

    pools = []
    real_in_parallel = message_pass.in_parallel
    monkeypatch.setattr(message_pass, "in_parallel", lambda *a: pools.append(1) or real_in_parallel(*a))
    monkeypatch.setattr(message_pass, "IN_FLIGHT", 1)
    concluded = []
    for name, minimum in (("one-core", 10**9), ("every-core", 1)):
        monkeypatch.setattr(message_pass, "PARALLEL_MIN", minimum)
        ws = Workspace(tmp_path / name)  # the shipped rules: text, folder and thread conditions
        mixed_mailbox(ws, inquiry_days_ago=40, buyers=40)
        ws.import_mail()
        db = sqlite3.connect(ws.root / "mailcrm.db")
        concluded.append(
            [
                db.execute("SELECT rule, message, date, terms FROM rule_hits ORDER BY 1, 2").fetchall(),
                db.execute("SELECT customer, tag, status FROM customer_tags ORDER BY 1, 2").fetchall(),
            ]
        )
    assert pools == [1]  # only the second workspace used the pool
    assert concluded[0] == concluded[1] and len(concluded[0][0]) > 40


def test_a_limited_run_lists_the_first_changes_and_counts_all_of_them(tmp_path):
    """Without --json the run keeps only the changes it prints (a first run over a big
    mailbox makes tens of thousands); the table, the "more" line and the counts must not
    show the difference."""
    runs = {}
    for name in ("listed", "limited"):
        ws = Workspace(tmp_path / name)
        mixed_mailbox(ws, inquiry_days_ago=60, buyers=12, days_apart=9)
        ws.import_mail()  # runs the rules: half a year later, tags fade and customers drift
        later = ("rules", "run", "--dry-run", "--today", (TODAY + timedelta(days=180)).isoformat())
        runs[name] = ws.json(*later) if name == "listed" else ws.cli(*later, "--limit", "3")
    listed, limited = runs["listed"], runs["limited"].output
    shown = kinds(listed)
    assert len(shown) >= 8 and len({kind for kind, _, _ in shown}) >= 2  # most go unprinted
    cells = [line.split("│")[1].strip() for line in limited.splitlines() if line.startswith("│")]
    assert [cell for cell in cells if cell] == [kind for kind, _, _ in shown[:3]]  # long rows wrap
    assert f"… and {len(shown) - 3} more (--limit, or --json for all)" in limited
    by_kind = {label: n for kind, n in listed["counts"].items() if kind != "hits" for label in [KIND_LABELS[kind]]}
    assert all(f"{n} {label}" in limited for label, n in by_kind.items()), limited


def test_a_report_keeping_few_changes_keeps_the_first_of_each_kind_and_exact_counts():
    from mailcrm.engine.changes import RunReport

    full, kept = RunReport("2026-12-03", True), RunReport("2026-12-03", True, keep=2)
    for n in range(5):
        for report in (full, kept):
            report.add("tag", n, f"tag eco {n}")
            report.add("grade", n, f"grade C → B {n}")
    assert kept.counts() == full.counts() == {"tag": 5, "grade": 5} and kept.total() == 10
    assert [c.text for c in kept.changes] == [c.text for c in full.changes][:4]
    assert kept.line() == full.line()


def test_conversation_dates_skip_automated_mail_and_start_waiting_after_our_last_reply(tmp_path):
    from mailcrm.schema import open_db
    from mailcrm.engine import facts

    ws = Workspace(tmp_path, shipped=False)
    ws.inbound("hans@acme-armaturen.de", "Inquiry ball valves", "Please quote 500 ball valves.", 10)
    ws.outbound("hans@acme-armaturen.de", "Re: Inquiry ball valves", "Please find our quotation.", 8)
    ws.inbound(
        "hans@acme-armaturen.de",
        "Automatic reply",
        "I am out of the office.",
        6,
        headers={"Auto-Submitted": "auto-replied"},
    )
    first_waiting = ws.inbound("hans@acme-armaturen.de", "Re: quotation", "Can you do 5% less?", 4)
    ws.inbound("hans@acme-armaturen.de", "Re: quotation", "Any news?", 2)
    ws.inbound("pedro@loja.com.br", "Cotización", "Precio por favor.", 7)
    ws.outbound("pedro@loja.com.br", "Re: Cotización", "Adjunto la cotización.", 6)
    ws.import_mail()
    db = open_db(tmp_path / "mailcrm.db")
    ids = dict(db.execute("SELECT key, id FROM customers"))
    found = facts.customer_facts(db, TODAY)
    hans, pedro = found[ids["acme-armaturen.de"]], found[ids["loja.com.br"]]
    assert (hans.last_in, hans.last_out) == (ago(2).date(), ago(8).date())
    assert hans.oldest_unanswered == ago(4).isoformat(timespec="seconds")  # the auto-reply at 6 days does not count
    assert (pedro.last_in, pedro.last_out, pedro.oldest_unanswered) == (ago(7).date(), ago(6).date(), None)
    waiting = facts.unanswered(db)
    assert [(w["customer"], w["subject"]) for w in waiting] == [(ids["acme-armaturen.de"], "Re: quotation")]
    assert db.execute("SELECT message_id FROM messages WHERE id = ?", [waiting[0]["message"]]).fetchone()[
        0
    ] == first_waiting.strip("<>")


CONCLUSIONS = {
    "tags": "SELECT customer, tag, status, first_seen, last_seen, count, rules, terms, fades_on FROM customer_tags",
    "stages": "SELECT customer, stage, since, source, rule, message FROM customer_stage",
    "flags": "SELECT customer, flag, rule, severity, note, raised, message, expires, evidence, resolved "
    "FROM customer_flags",
    "episodes": "SELECT rule, customer, since FROM rule_episodes",
    "alerts": "SELECT customer, rule, recipient, person, note, message, event_key FROM alerts",
    "drafts": "SELECT customer, rule, purpose, event_key, status FROM draft_requests",
    "follow-ups": "SELECT customer, rule, event_key, due, note FROM follow_ups",
    "grades": "SELECT customer, grade, basis, engagement, r_score, f_score, m_score, next_contact, "
    "next_contact_reason FROM customer_grades",
    "published": "SELECT id, stage, grade FROM customers",
}


def test_concluding_customers_a_part_at_a_time_concludes_what_all_at_once_does(tmp_path, monkeypatch):
    """Parts bound the run's memory; they must not change a single conclusion, nor what a
    merge makes the run forget (the merged customer is outside every part's customers)."""
    import sqlite3

    from mailcrm.engine import runner

    concluded = []
    for name, part in (("at-once", 10**9), ("in-parts", 3)):
        monkeypatch.setattr(runner, "PART", part)
        ws = Workspace(tmp_path / name)
        mixed_mailbox(ws, inquiry_days_ago=60, buyers=12, days_apart=9, answered=True)
        # customers are created in key order: acme-armaturen.com gets the lowest id, so once
        # merged away it lies below every remaining customer, outside all their ids (an inquiry:
        # a customer at filing, not promoted later by the rules with a higher id)
        ws.inbound(
            "einkauf@acme-armaturen.com", "Eco valves", "Are your valves lead-free and eco-friendly? Please quote.", 3
        )
        ws.import_mail()
        ws.cli("customers", "merge", "acme-armaturen.de", "acme-armaturen.com")
        for n in range(0, 12, 2):  # ABC ranks and RFM quintiles are over everyone, whatever the part
            ws.cli(
                "orders",
                "add",
                f"firm{n}.com",
                "--amount",
                str(1000 * (n + 1)),
                "--currency",
                "USD",
                "--date",
                (TODAY - timedelta(days=10 + 7 * n)).isoformat(),
                "--order-no",
                f"PO-{n}",
            )
        ws.run()
        db = sqlite3.connect(ws.root / "mailcrm.db")
        concluded.append({kind: sorted(db.execute(sql).fetchall(), key=repr) for kind, sql in CONCLUSIONS.items()})
        merged = db.execute("SELECT id FROM customers WHERE key = 'acme-armaturen.com' AND status = 'merged'")
        concluded[-1]["merged"] = merged.fetchone()[0]
    at_once, in_parts = concluded
    for kind in CONCLUSIONS:
        assert in_parts[kind] == at_once[kind], kind
    assert len(at_once["stages"]) >= 10 and at_once["alerts"] and at_once["tags"]
    grades = at_once["grades"]
    assert {g[1] for g in grades} >= {"A", "B", "C"} and len({g[4] for g in grades if g[4]}) >= 3
    # its eco tag went with the merge: it is the merged-into customer's now
    assert in_parts["merged"] == min(row[0] for row in in_parts["published"])
    assert [tag[:2] for tag in in_parts["tags"]] == [(2, "green-product")]


def test_reading_rule_hits_with_or_without_an_index_concludes_the_same(tmp_path, monkeypatch):
    """Long rule lists are read without an index for the rule (facts.rules_in): faster, and
    it must not change a single conclusion, in parts of a few customers or all at once."""
    import sqlite3

    from mailcrm.engine import facts, runner

    concluded = []
    for name, up_to, part in (("indexed", 10**6, 3), ("unindexed", 0, 3), ("unindexed-at-once", 0, 10**9)):
        monkeypatch.setattr(facts, "INDEXED_RULES_UP_TO", up_to)
        monkeypatch.setattr(runner, "PART", part)
        ws = Workspace(tmp_path / name)
        mixed_mailbox(ws, inquiry_days_ago=60, buyers=12, days_apart=9, answered=True)
        ws.inbound("einkauf@acme-armaturen.com", "Eco valves", "Are your valves lead-free and eco-friendly?", 3)
        ws.import_mail()
        ws.run()
        db = sqlite3.connect(ws.root / "mailcrm.db")
        concluded.append({kind: sorted(db.execute(sql).fetchall(), key=repr) for kind, sql in CONCLUSIONS.items()})
    indexed, unindexed, at_once = concluded
    for kind in CONCLUSIONS:
        assert unindexed[kind] == indexed[kind] == at_once[kind], kind
    assert len(indexed["stages"]) >= 10 and indexed["alerts"] and indexed["tags"] and indexed["flags"]


def test_parts_cover_every_id_and_hold_at_most_part_customers():
    from mailcrm.engine.facts import spans

    parts = spans([9, 1, 7, 3, 5], 2)
    assert [(p.lo, p.hi) for p in parts] == [(-(1 << 63), 4), (5, 8), (9, (1 << 63) - 1)]
    assert [[c for c in (1, 3, 5, 7, 9) if p.lo <= c <= p.hi] for p in parts] == [[1, 3], [5, 7], [9]]
    assert [(p.lo, p.hi) for p in spans([], 1000)] == [(-(1 << 63), (1 << 63) - 1)]  # still forget for all
    assert all(p.only is None for p in parts)


GREEN_COMPLAINT_RULE = """
[[rule]]
id = "mine.green-complaint"
scope = "message"
description = "A complaint from a customer we know wants eco products"
[rule.when]
direction = "in"
tag = "green-product"
[rule.when.text]
en = ["damaged"]
[[rule.then]]
add_tag = "green-complaint"
"""


def test_message_rules_on_new_mail_see_what_the_last_run_concluded_about_its_customers(tmp_path, monkeypatch):
    """A nightly run reads only the customers of its new mail for message rules
    (customers_for_messages); with more of them than a part, all customers as before.
    Either way a complaint from a customer tagged last run must be caught, and the
    same complaint from a customer without the tag must not."""
    from mailcrm.engine import runner

    tagged = []
    for name, part in (("few-customers", 1000), ("more-than-a-part", 1)):
        monkeypatch.setattr(runner, "PART", part)
        ws = eco_workspace(tmp_path / name)
        ws.rules(ECO_RULE + GREEN_COMPLAINT_RULE)
        ws.run()
        ws.inbound("hans@acme-armaturen.de", "Delivery", "Three valves arrived damaged.", 1, batch="later")
        ws.inbound("pedro@loja.com.br", "Entrega", "Two valves arrived damaged.", 1, batch="later")
        ws.import_mail("later")
        tagged.append(
            sorted(
                (ws.json("why", key)["customer"]["key"], t["tag"])
                for key in ("acme-armaturen.de", "loja.com.br")
                for t in ws.json("why", key)["tags"]
            )
        )
    assert tagged[0] == tagged[1] == [("acme-armaturen.de", "green-complaint"), ("acme-armaturen.de", "green-product")]


def test_the_customers_of_new_mail_are_exactly_those_filed_for_it(tmp_path):
    from mailcrm.config import load_config
    from mailcrm.schema import open_db
    from mailcrm.engine.facts import customers_of_mail_after, customer_facts

    ws = eco_workspace(tmp_path)
    ws.inbound("maria@verde.es", "Consulta", "Buscamos grifos.", 1, batch="later")
    ws.import_mail("later")
    db = open_db(load_config(ws.config).database_path)
    newest = db.execute("SELECT max(id) FROM messages").fetchone()[0]
    span = customers_of_mail_after(db, newest - 1, most=10)
    assert [c.name for c in customer_facts(db, TODAY, span).values()] == ["verde.es"]
    assert len(customer_facts(db, TODAY, customers_of_mail_after(db, 0, most=10))) == 3
    assert customers_of_mail_after(db, 0, most=2) is None  # three customers: more than most, so everyone
    assert customer_facts(db, TODAY, customers_of_mail_after(db, newest, most=10)) == {}


def test_filing_customers_a_part_at_a_time_gives_what_all_at_once_does(tmp_path, monkeypatch):
    """Counts, reply latency, owner and profile are recomputed 1,000 customers at a time
    (profile.PART), contacts linked 2,000 at a time and messages filed 10,000 at a time
    (customers.CONTACT_RANGE, MESSAGE_RANGE) so SQLite's memory stays small; parts of 2 must
    not change a single column, on a first filing nor on a later one that recomputes only
    the customers it touched."""
    import sqlite3

    from mailcrm.customers import aggregates, filing

    tables = []
    for name, part in (("at-once", 10**9), ("in-parts", 2)):
        monkeypatch.setattr(aggregates, "PART", part)
        monkeypatch.setattr(filing, "CONTACT_RANGE", part)
        monkeypatch.setattr(filing, "MESSAGE_RANGE", part)
        ws = Workspace(tmp_path / name)
        mixed_mailbox(ws, inquiry_days_ago=60, buyers=7, days_apart=9, answered=True)
        ws.import_mail()
        ws.inbound("buyer3@firm3.com", "Re: Order 3", "Please ship faster next time.", 1, batch="later")
        ws.outbound("buyer5@firm5.com", "Catalogue", "Our new catalogue.", 1, batch="later", account="tom")
        catalogue = ws.outbound("buyer6@firm6.com", "Catalogue", "Our new catalogue.", 1, batch="later", account="tom")
        ws.inbound(
            "buyer6@firm6.com",
            "Re: Catalogue",
            "Send the price list too.",
            0.25,
            batch="later",
            account="tom",
            reply_to=catalogue,
        )
        ws.import_mail("later", account="tom")
        db = sqlite3.connect(ws.root / "mailcrm.db")
        db.row_factory = sqlite3.Row
        tables.append(
            {
                row["key"]: {k: row[k] for k in row.keys() if k != "created"}
                for row in db.execute("SELECT * FROM customers")
            }
        )
        tables[-1]["contacts"] = db.execute("SELECT email, customer FROM contacts ORDER BY email").fetchall()
        tables[-1]["filed"] = db.execute("SELECT * FROM message_customers ORDER BY 1, 2").fetchall()
    at_once, in_parts = tables
    assert in_parts == at_once
    assert len(at_once.pop("filed")) >= 20 and all(customer for _, customer in at_once.pop("contacts"))
    assert len(at_once) == 9
    assert all(c["messages_in"] >= 1 and c["last_message"] for c in at_once.values())
    assert at_once["acme-armaturen.de"]["our_reply_hours"] == 24.0 and at_once["acme-armaturen.de"]["turn"] == "us"
    assert at_once["firm6.com"]["their_reply_hours"] == 18.0 and at_once["firm6.com"]["turn"] == "us"
    assert at_once["firm6.com"]["owner"] == "Tom Wang" and at_once["firm5.com"]["owner"] == "Lisa Chen"
    assert (at_once["firm5.com"]["messages_out"], at_once["firm5.com"]["turn"]) == (2, "them")


def test_customer_facts_share_no_tags_or_flags():
    """CustomerFacts start with one shared empty frozenset (memory: one per customer on a
    first run); adding to one customer must never show up on another."""
    from mailcrm.engine.model import CustomerFacts

    first, second = CustomerFacts(1), CustomerFacts(2)
    first.add_tag("green-product")
    first.add_flag("complaint")
    first.add_tag("oem")
    first.drop_tag("green-product")
    assert (first.tags, first.flags) == ({"oem"}, {"complaint"})
    assert (second.tags, second.flags) == (set(), set())
    second.drop_flag("complaint")  # dropping what is not there is no error
    assert not hasattr(first, "__dict__")


def test_a_second_run_in_parts_fires_nothing_again(tmp_path, monkeypatch):
    """Each part of a run reads what already fired for its own customers only (Events.load):
    a second run, a few customers a part, must not alert, draft or follow up again."""
    import sqlite3

    from mailcrm.engine import runner

    monkeypatch.setattr(runner, "PART", 2)
    ws = Workspace(tmp_path)
    mixed_mailbox(ws, inquiry_days_ago=60, buyers=12, days_apart=9, answered=True)
    ws.inbound("einkauf@acme-armaturen.com", "Eco valves", "Are your valves lead-free and eco-friendly?", 3)
    ws.import_mail()  # the first run
    db = sqlite3.connect(ws.root / "mailcrm.db")
    fired = {
        kind: sorted(db.execute(CONCLUSIONS[kind]).fetchall(), key=repr) for kind in ("alerts", "drafts", "follow-ups")
    }
    assert fired["alerts"] and fired["drafts"]
    ws.run()
    assert {kind: sorted(db.execute(CONCLUSIONS[kind]).fetchall(), key=repr) for kind in fired} == fired
