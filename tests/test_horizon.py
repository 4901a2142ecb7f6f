"""The horizon: a first sync of years of mail puts only recent mail on the agenda.

A salesperson's mailbox on a real Dovecot holds a buyer's question unanswered for three
years, another asked three days ago, a customer last heard from two years ago and one
mailed forty days ago. After the first `mailcrm sync`, `today` waits only on the recent
question; `today --old` lists the old one; the first digest (mailed through aiosmtpd)
counts it in one line, and the next day's digest does not repeat it; the long-quiet
customer is not a follow-up due on day one. A later sync with new mail is read as before.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli
from mailcrm.sample_config import config_text

TODAY = date.today()
DOMAIN = "hengtai-valve.com"


def ago(days: float) -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=days)


class Mailbox:
    """Lisa's mailbox on the test Dovecot and a config that syncs it and sends through aiosmtpd."""

    def __init__(self, tmp_path, dovecot, smtp, login: str, password: str, extra: str = ""):
        self.tmp, self.dovecot, self.login, self.count = tmp_path, dovecot, login, 0
        os.environ["MAILCRM_HORIZON_TEST_PW"] = password
        smtp.add_user(login, password)
        self.manager = f"grace-{secrets.token_hex(3)}@{DOMAIN}"
        imap = {
            "host": dovecot.host,
            "port": dovecot.port,
            "security": "starttls",
            "password_env": "MAILCRM_HORIZON_TEST_PW",
            "ca_file": str(dovecot.ca_file),
            "folders": ["INBOX", "\\Sent"],
        }
        sender = {
            "host": "127.0.0.1",
            "port": smtp.port,
            "security": "starttls",
            "password_env": "MAILCRM_HORIZON_TEST_PW",
            "ca_file": str(smtp.ca_file),
        }
        account = {"name": "lisa", "email": login, "owner": "Lisa Chen", "imap": imap, "smtp": sender}
        self.config = tmp_path / "config.toml"
        self.config.write_text(
            config_text(
                me={"manager": "Grace Zhou", "manager_email": self.manager},
                accounts=[account],
                sections={"digest": {"account": "lisa"}},
                extra=extra,
            ),
            encoding="utf-8",
        )

    def mail(self, sender: str, to: str, subject: str, days_ago: float, folder: str, reply_to: str | None = None):
        self.count += 1
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, to, subject
        msg["Date"] = format_datetime(ago(days_ago))
        msg["Message-ID"] = message_id = f"<h{self.count}.{secrets.token_hex(3)}@{sender.split('@')[1]}>"
        if reply_to:
            msg["In-Reply-To"] = msg["References"] = reply_to
        msg.set_content(f"{subject}\n\nBest regards\n{sender.split('@')[0].title()}\n")
        self.dovecot.append(self.login, folder, bytes(msg), flags=("\\Seen",))
        return message_id

    def inbound(self, sender: str, subject: str, days_ago: float, **kw) -> str:
        return self.mail(sender, self.login, subject, days_ago, "INBOX", **kw)

    def outbound(self, to: str, subject: str, days_ago: float, **kw) -> str:
        return self.mail(self.login, to, subject, days_ago, "Sent", **kw)

    def cli(self, *args: str):
        result = CliRunner().invoke(cli, ["--config", str(self.config), *args])
        assert result.exit_code == 0, result.output + repr(result.exception)
        return result.output

    def json(self, *args: str):
        return json.loads(self.cli(*args, "--json"))


def names(items: list[dict]) -> list[str]:
    return [item["customer_name"] for item in items]


@pytest.fixture
def first_sync(tmp_path, dovecot_server, smtp_server, imap_user):
    login, password = imap_user
    box = Mailbox(tmp_path, dovecot_server, smtp_server, login, password)
    # three years ago: a question nobody answered
    box.inbound("olaf@nordventil.no", "Price list for DN100 gate valves?", 1100)
    # two years ago: a conversation, both ways, then silence
    asked = box.inbound("marta@hidroval.es", "Catalogue request", 731)
    box.outbound("marta@hidroval.es", "Re: Catalogue request", 730, reply_to=asked)
    # forty days ago, inside the horizon: our last mail, a C customer's 30 days are over
    box.outbound("li@pacificflow.sg", "Our new catalogue", 40)
    # three days ago: a question waiting for us
    box.inbound("jack@southerncross.com.au", "Do you have DN25 brass valves in stock?", 3)
    box.cli("sync")
    return box


def test_a_first_sync_waits_only_on_recent_mail_and_lists_the_old(first_sync):
    agenda = first_sync.json("today")
    assert names(agenda["sections"]["unanswered"]) == ["southerncross.com.au"]
    assert agenda["horizon"] == {
        "days": 60,
        "first_day": TODAY.isoformat(),
        "start": (TODAY - timedelta(days=60)).isoformat(),
        "old_unanswered": 1,
    }
    text = first_sync.cli("today")
    assert "nordventil.no" not in text
    assert "1 thread from before" in text and "was left unanswered" in text and "`mailcrm today --old`" in text

    old = first_sync.json("today", "--old")
    assert names(old) == ["nordventil.no"]
    assert old[0]["since"] == ago(1100).date().isoformat()
    assert old[0]["what"].startswith("Price list for DN100 gate valves? — unanswered")
    listed = first_sync.cli("today", "--old", "--owner", "lisa")
    assert "nordventil.no" in listed and "Left unanswered before the horizon" in listed
    assert first_sync.json("today", "--old", "--owner", "tom") == []


def test_no_follow_up_is_due_on_day_one_for_a_customer_quiet_for_two_years(first_sync):
    due = names(first_sync.json("today")["sections"]["follow-ups"])
    assert "hidroval.es" not in due and "nordventil.no" not in due
    assert "pacificflow.sg" in due  # inside the horizon: due as before
    grade = first_sync.json("why", "hidroval.es", "grade")["grade"]
    interval = grade["follow_up_days"]
    assert grade["next_contact"] == (TODAY + timedelta(days=interval)).isoformat()
    assert f"every {interval} days after the first sync ({TODAY})" in grade["next_contact_reason"]
    assert "is history" in grade["next_contact_reason"]
    # one interval after the first sync they come due like anyone
    later = (TODAY + timedelta(days=interval)).isoformat()
    assert "hidroval.es" in names(first_sync.json("today", "--today", later)["sections"]["follow-ups"])


def test_the_first_digest_counts_the_old_threads_once(first_sync):
    digest = first_sync.cli("digest", "--owner", "lisa")
    line = "1 thread older than 60 days was left unanswered"
    assert line in digest and "`mailcrm today --old --owner lisa` lists them" in digest
    assert "nordventil.no" not in digest
    manager = first_sync.json("digest", "--manager", "--language", "en")[0]
    assert any(line in s and "`mailcrm today --old`" in s for s in manager["summary"])
    sent = first_sync.cli("digest", "--send")
    assert "sent salesperson digest to Lisa Chen" in sent
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert line not in first_sync.cli("digest", "--owner", "lisa", "--today", tomorrow)


def test_mail_after_the_first_sync_is_read_as_before(first_sync):
    first_sync.inbound("olaf@nordventil.no", "Re: Price list for DN100 gate valves?", 0.1)
    first_sync.inbound("marta@hidroval.es", "New project: 300 ball valves", 0.2)
    first_sync.cli("sync")
    agenda = first_sync.json("today")
    assert set(names(agenda["sections"]["unanswered"])) == {"southerncross.com.au", "nordventil.no", "hidroval.es"}
    waiting = {i["customer_name"]: i for i in agenda["sections"]["unanswered"]}
    assert waiting["nordventil.no"]["since"] == ago(0.1).date().isoformat()  # the new mail, not the 3-year-old one
    assert agenda["horizon"]["old_unanswered"] == 0 and agenda["horizon"]["first_day"] == TODAY.isoformat()
    assert first_sync.json("today", "--old") == []


def test_horizon_days_is_a_setting(tmp_path, dovecot_server, smtp_server, imap_user):
    login, password = imap_user
    box = Mailbox(tmp_path, dovecot_server, smtp_server, login, password, extra="[agenda]\nhorizon_days = 1200\n")
    box.inbound("olaf@nordventil.no", "Price list for DN100 gate valves?", 1100)
    box.cli("sync")
    agenda = box.json("today")
    assert names(agenda["sections"]["unanswered"]) == ["nordventil.no"]
    assert agenda["horizon"]["old_unanswered"] == 0


@pytest.mark.parametrize(
    ("value", "problem"),
    [("0", "whole number of days ≥ 1"), ('"60"', "whole number of days ≥ 1"), ("true", "whole number")],
)
def test_a_bad_horizon_fails_with_file_line_and_key(tmp_path, value, problem):
    config = tmp_path / "config.toml"
    config.write_text(config_text(extra=f"[agenda]\nhorizon_days = {value}\n"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert result.exit_code != 0
    assert "agenda.horizon_days" in result.output and problem in result.output
    lines = config.read_text(encoding="utf-8").splitlines()
    assert f"config.toml:{lines.index(f'horizon_days = {value}') + 1}:" in result.output


def test_an_unknown_agenda_setting_is_refused(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(config_text(extra="[agenda]\nhorizon = 60\n"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert (
        result.exit_code != 0
        and "agenda.horizon: unknown setting (expected one of: horizon_days, payment_days)" in result.output
    )
