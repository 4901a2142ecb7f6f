"""`mailcrm nightly` end to end: the test Dovecot and aiosmtpd, no mocks.

Lisa's mailbox holds a German inquiry she quoted four weeks ago (no answer since:
a stalled quotation) and an A customer's complaint from yesterday. One nightly run
must leave follow-up drafts in her Drafts folder, mail her digest and the manager's
(in Chinese), alert both at once about the A customer's complaint — and a second
run the same day must change nothing.
"""

from __future__ import annotations

import email
import os
import secrets
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime

import pytest
from click.testing import CliRunner

from tests.dovecot import fetch_all
from mailcrm.sample_config import LISA, config_text
from mailcrm.cli.main import cli
from mailcrm.config import load_config
from mailcrm.schema import open_db
from mailcrm.lock import database_lock, run_lock

NOW = datetime.now(timezone.utc)
HANS = "hans.mueller@acme-armaturen.de"
BAUER = "k.bauer@bauer-rohrtechnik.de"


def mail(
    sender: str, to: str, subject: str, body: str, days_ago: float, message_id: str, in_reply_to: str | None = None
) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"] = format_datetime(NOW - timedelta(days=days_ago))
    msg["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        msg["In-Reply-To"] = msg["References"] = f"<{in_reply_to}>"
    msg.set_content(body)
    return bytes(msg).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def mailbox(lisa: str) -> tuple[list[bytes], list[bytes]]:
    inbox = [
        mail(
            f"Hans Müller <{HANS}>",
            lisa,
            "Anfrage Kugelhähne DN50 PN40",
            "Sehr geehrte Frau Chen,\n\nbitte senden Sie uns ein Angebot über 500 Stück Kugelhähne DN50 PN40.\n\n"
            "Mit freundlichen Grüßen\nHans Müller\nAcme Armaturen GmbH",
            30,
            "hans-1@acme-armaturen.de",
        ),
        mail(
            f"Klaus Bauer <{BAUER}>",
            lisa,
            "Inquiry: gate valves DN100",
            "Dear Lisa,\n\nplease quote 2,000 gate valves DN100.\n\nRegards\nKlaus Bauer\nBauer Rohrtechnik GmbH",
            200,
            "bauer-1@bauer-rohrtechnik.de",
        ),
        mail(
            f"Klaus Bauer <{BAUER}>",
            lisa,
            "Complaint: order PO-7781 arrived damaged",
            "Dear Lisa,\n\nthe gate valves of PO-7781 arrived damaged and two of them are leaking. "
            "This is unacceptable, please tell us how you will compensate.\n\nKlaus Bauer",
            1,
            "bauer-2@bauer-rohrtechnik.de",
        ),
    ]
    sent = [
        mail(
            f"Lisa Chen <{lisa}>",
            f"Hans Müller <{HANS}>",
            "Re: Anfrage Kugelhähne DN50 PN40",
            "Dear Mr Müller,\n\nplease find our quotation for 500 pcs DN50 PN40 ball valves: USD 18.50 per piece, "
            "FOB Ningbo.\n\nBest regards,\nLisa Chen",
            28,
            "lisa-q1@hengtai-valve.com",
            "hans-1@acme-armaturen.de",
        ),
        mail(
            f"Lisa Chen <{lisa}>",
            f"Klaus Bauer <{BAUER}>",
            "Re: Inquiry: gate valves DN100",
            "Dear Klaus,\n\nour quotation: USD 41.00 per piece FOB Ningbo.\n\nLisa",
            199,
            "lisa-b1@hengtai-valve.com",
            "bauer-1@bauer-rohrtechnik.de",
        ),
    ]
    return inbox, sent


CONTENT = """
[content]
signature = "Lisa Chen\\nNingbo Hengtai Valve Co., Ltd."
[[content.items]]
key = "valve-market-2026"
title = "Industrial valve market 2026"
url = "https://hengtai-valve.com/reports/market-2026.pdf"
kind = "trend-report"
"""


def write_config(tmp_path, dovecot, smtp, login: str, password: str, manager: str, extra: str = "") -> str:
    os.environ["MAILCRM_NIGHTLY_PW"] = password
    server = {"host": "127.0.0.1", "security": "starttls", "username": login, "password_env": "MAILCRM_NIGHTLY_PW"}
    lisa = dict(LISA, email=login)
    lisa["imap"] = server | {"port": dovecot.port, "ca_file": str(dovecot.ca_file), "folders": ["INBOX", "\\Sent"]}
    lisa["smtp"] = server | {"port": smtp.port, "ca_file": str(smtp.ca_file), "save_to_sent": False}
    text = config_text(
        me={"manager": "Grace Zhou", "manager_email": manager},
        sections={"digest": {"language": "en", "manager_language": "zh", "account": "lisa"}},
        accounts=(lisa,),
        extra=CONTENT + extra,
    )
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


class Team:
    """Lisa's mailbox on Dovecot, an SMTP sink, and a config that uses both."""

    def __init__(self, tmp_path, dovecot, smtp, user, extra: str = ""):
        self.dovecot, self.smtp, (self.login, self.password) = dovecot, smtp, user
        self.manager = f"grace-{secrets.token_hex(3)}@hengtai-valve.com"
        inbox, sent = mailbox(self.login)
        for raw in inbox:
            dovecot.append(self.login, "INBOX", raw, flags=("\\Seen",))
        for raw in sent:
            dovecot.append(self.login, "Sent", raw, flags=("\\Seen",))
        self.config = write_config(tmp_path, dovecot, smtp, self.login, self.password, self.manager, extra)
        self.runner = CliRunner()

    def run(self, *args: str):
        return self.runner.invoke(cli, ["--config", self.config, *args])

    def db(self):
        return open_db(load_config(self.config).database_path)

    def drafts_folder(self) -> dict[int, dict]:
        client = self.dovecot.connect(self.login)
        try:
            client.select_folder("Drafts", readonly=True)
            return fetch_all(client, "FLAGS BODY.PEEK[]")
        finally:
            client.logout()

    def mail_to(self, address: str) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(m.raw, policy=default_policy) for m in self.smtp.received_by(address)]


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.fixture
def team(tmp_path, dovecot_server, smtp_server, smtp_user):
    setup = Team(tmp_path, dovecot_server, smtp_server, smtp_user)
    synced = setup.run("sync")
    assert synced.exit_code == 0, synced.output
    ordered = setup.run(
        "orders",
        "add",
        "bauer-rohrtechnik.de",
        "--amount",
        "150000",
        "--currency",
        "USD",
        "--date",
        (date.today() - timedelta(days=60)).isoformat(),
        "--order-no",
        "PO-7781",
    )
    assert ordered.exit_code == 0, ordered.output
    return setup


def test_nightly_end_to_end_and_a_second_run_changes_nothing(team):
    first = team.run("nightly")
    assert first.exit_code == 0, first.output
    assert "nightly" in first.output and "ok" in first.output.splitlines()[-1]

    drafts = team.drafts_folder()
    assert len(drafts) >= 2, "a quotation follow-up for Hans and a complaint reply for Bauer"
    assert all(b"\\Draft" in item[b"FLAGS"] for item in drafts.values())
    subjects = [email.message_from_bytes(item[b"BODY[]"], policy=default_policy)["Subject"] for item in drafts.values()]
    assert any("Kugelhähne" in s for s in subjects) and any("PO-7781" in s for s in subjects)

    to_lisa, to_grace = team.mail_to(team.login), team.mail_to(team.manager)
    lisa_digest = [m for m in to_lisa if m["X-Mailcrm-Digest"].startswith("salesperson")]
    lisa_alert = [m for m in to_lisa if m["X-Mailcrm-Digest"].startswith("alert")]
    assert len(lisa_digest) == 1 and len(lisa_alert) == 1
    assert lisa_digest[0]["Subject"].startswith("mailcrm digest for Lisa Chen")
    digest_text = text_of(lisa_digest[0])
    assert "Drafts waiting in your Drafts folder" in digest_text and "Acme Armaturen" in digest_text
    assert "Complaints (answer today)" in digest_text
    assert lisa_alert[0]["Subject"] == "URGENT: complaint from Bauer Rohrtechnik GmbH (A customer)"
    assert "arrived damaged" in text_of(lisa_alert[0])  # the owner reads the customer's mail

    manager_digest = [m for m in to_grace if m["X-Mailcrm-Digest"].startswith("manager")]
    manager_alert = [m for m in to_grace if m["X-Mailcrm-Digest"].startswith("alert")]
    assert len(manager_digest) == 1 and len(manager_alert) == 1
    assert "团队摘要" in manager_digest[0]["Subject"]
    overview = text_of(manager_digest[0])
    assert "停滞" in overview and "报价后" in overview and "Anfrage" not in overview
    assert "投诉" in overview and "Bauer Rohrtechnik GmbH" in overview
    assert manager_alert[0]["Subject"] == "紧急：A 类客户 Bauer Rohrtechnik GmbH 投诉"
    assert "damaged" not in text_of(manager_alert[0])  # facts only for the manager

    second = team.run("nightly")
    assert second.exit_code == 0, second.output
    assert "already sent" in second.output
    assert team.drafts_folder().keys() == drafts.keys(), "the second run pushed no draft"
    assert len(team.mail_to(team.login)) == 2 and len(team.mail_to(team.manager)) == 2, "no second digest or alert"
    status = team.run("status")
    assert "last nightly:" in status.output and ", ok in " in status.output


def test_a_failing_account_is_reported_and_the_rest_still_runs(tmp_path, dovecot_server, smtp_server, smtp_user):
    broken = """[[accounts]]
name = "tom"
email = "tom@hengtai-valve.com"
owner = "Tom Wang"
[accounts.imap]
host = "127.0.0.1"
port = 1
security = "none"
password_env = "MAILCRM_NIGHTLY_PW"
"""
    team = Team(tmp_path, dovecot_server, smtp_server, smtp_user, extra=broken)
    result = team.run("nightly")
    assert result.exit_code == 1
    assert "problem: sync: tom:" in result.output
    assert len(team.drafts_folder()) >= 2, "Lisa's drafts were still written and pushed"
    assert any(m["X-Mailcrm-Digest"].startswith("salesperson") for m in team.mail_to(team.login))
    status = team.run("status")
    assert "failed" in status.output and "problem: sync: tom:" in status.output
    assert "tom" in team.run("status", "--json").output


def test_nightly_waits_for_no_one_else_and_holds_one_lock(team):
    config = load_config(team.config)
    with database_lock(config.database_path, "sync"):
        busy = team.run("nightly")
    assert busy.exit_code == 1 and "busy" in busy.output
    assert team.run("nightly").exit_code == 0  # its own stages share its lock: no deadlock, no "busy"
    with run_lock(config.database_path, "nightly"):
        with database_lock(config.database_path, "sync"):  # a stage inside the run: passes through
            pass
    with database_lock(config.database_path, "sync"):  # released after the run
        pass


def test_a_sync_with_nothing_new_skips_filing_and_rules(team):
    db = team.db()
    runs = db.execute("SELECT count(*) FROM rule_runs").fetchone()[0]
    again = team.run("sync")
    assert again.exit_code == 0, again.output
    assert "nothing new to file" in again.output and "rules: nothing new since their run" in again.output
    assert db.execute("SELECT count(*) FROM rule_runs").fetchone()[0] == runs


def test_a_sync_recounts_customers_a_killed_change_left_behind(team):
    """A merge killed between its change and its recount leaves a customer's counts stale; the
    rules read last_in and last_out from them, so the next sync recounts even with no new mail."""
    db = team.db()
    bauer, counted = db.execute("SELECT id, messages_in FROM customers WHERE key = 'bauer-rohrtechnik.de'").fetchone()
    with db.conn:
        db.execute("UPDATE customers SET messages_in = 0, last_in = NULL WHERE id = ?", [bauer])
        db.execute("INSERT INTO customer_dirty (customer) VALUES (?)", [bauer])
    again = team.run("sync")
    assert again.exit_code == 0, again.output
    assert "nothing new to file" not in again.output
    assert db.execute("SELECT messages_in, last_in IS NOT NULL FROM customers WHERE id = ?", [bauer]).fetchone() == (
        counted,
        1,
    )
    assert counted == 2 and db.execute("SELECT count(*) FROM customer_dirty").fetchone()[0] == 0
