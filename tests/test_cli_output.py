"""Issue 32: mail text is printed as written, and output is usable from scripts.

A real database, filled through `mailcrm import`, holds mail whose subject, sender
name and body look like rich markup; every command that prints mail text shows it
as written.
"""

from __future__ import annotations

import csv
import io
import json
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli

from tests.fixtures_customers import CONFIG

TRICKY = "[/bold] [ports-jp 8947] Re: [red]offer[/red]"
SENT = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def eml(sender: str, to: str, subject: str, body: str, hours: int, message_id: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"] = format_datetime(SENT + timedelta(hours=hours))
    msg["Message-ID"] = f"<{message_id}>"
    msg.set_content(body)
    return bytes(msg)


class Crm:
    def __init__(self, tmp: Path):
        self.config = tmp / "config.toml"
        self.config.write_text(CONFIG, encoding="utf-8")
        inbox = tmp / "mail" / "INBOX"
        inbox.mkdir(parents=True)
        (inbox / "1.eml").write_bytes(
            eml(
                f'"{TRICKY}" <kenji@ports-jp.co.jp>',
                "Lisa Chen <lisa@hengtai-valve.com>",
                TRICKY,
                f"Dear Lisa,\n\n{TRICKY}\nPlease quote 500 pcs DN50 ball valves to kenji@ports-jp.co.jp.\n",
                0,
                "tricky-1@ports-jp.co.jp",
            )
        )
        self.run("import", str(tmp / "mail"), "--account", "lisa")
        self.run("customers", "set", "ports-jp.co.jp", "--name", TRICKY, "--json")

    def run(self, *args: str, code: int = 0):
        result = CliRunner().invoke(cli, ["--config", str(self.config), *args])
        assert result.exit_code == code, result.output
        return result

    def message_id(self) -> str:
        return str(json.loads(self.run("search", "ports", "--json").output)[0]["id"])

    def add_draft(self, n: int = 1) -> int:
        from mailcrm.drafts import queue as drafts
        from mailcrm.schema import open_db

        db = open_db(self.config.parent / "mailcrm.db")
        customer = db.execute("SELECT id FROM customers WHERE key = 'ports-jp.co.jp'").fetchone()[0]
        return drafts.insert(
            db,
            {
                "customer": customer,
                "purpose": ["quote-follow-up", "value-content"][n - 1],
                "rule": "test",
                "account": "lisa",
                "from_name": "Lisa Chen",
                "from_email": "lisa@hengtai-valve.com",
                "to_name": TRICKY,
                "to_email": "kenji@ports-jp.co.jp",
                "language": "en",
                "template": "en/quote-follow-up.j2",
                "subject": f"Re: {TRICKY}",
                "body_text": f"Dear Kenji,\n{TRICKY}\n",
                "body_html": "<p>x</p>",
                "token": f"tok-{n}",
                "message_id": f"draft-{n}@hengtai-valve.com",
            },
        )


@pytest.fixture(scope="module")
def crm(tmp_path_factory) -> Crm:
    crm = Crm(tmp_path_factory.mktemp("markup"))
    crm.drafts = [crm.add_draft(1), crm.add_draft(2)]
    crm.run("orders", "add", "ports-jp.co.jp", "--amount", "1200", "--currency", "USD", "--product", TRICKY)
    return crm


def test_show_prints_a_subject_that_looks_like_markup_as_written(crm):
    out = crm.run("show", crm.message_id()).output
    assert out.count(TRICKY) == 3, out  # subject, sender name, body


@pytest.mark.parametrize(
    "command",
    [
        ["search", "ports"],
        ["customers", "list"],
        ["customers", "show", "ports-jp.co.jp"],
        ["today", "--today", "2026-03-10"],
        ["why", "ports-jp.co.jp"],
        ["digest", "--owner", "lisa", "--today", "2026-03-10"],
    ],
)
def test_mail_text_is_never_read_as_markup(crm, command):
    out = crm.run(*command).output
    assert TRICKY in out, out


def test_drafts_show_and_list_print_mail_text_as_written(crm):
    assert f"Re: {TRICKY}" in crm.run("drafts", "list").output
    out = crm.run("drafts", "show", str(crm.drafts[0])).output
    assert out.count(TRICKY) >= 3, out  # to, subject, body


# -- output for scripts (items 13, 14) ----------------------------------------------------------


def test_piped_tables_keep_each_row_on_one_line(crm):
    """`mailcrm search … | grep address` finds the whole row, as the JSON has it."""
    out = crm.run("search", "ports").output
    row = [line for line in out.splitlines() if "kenji@ports-jp.co.jp" in line]
    assert len(row) == 1, out
    assert TRICKY in row[0] and "Please quote 500 pcs DN50 ball valves to kenji@ports-jp.co.jp." in row[0]
    shown = crm.run("show", crm.message_id()).output
    assert "message-id: tricky-1@ports-jp.co.jp" in shown, shown  # not folded at 80 columns


LISTS = [
    ["search", "ports"],
    ["customers", "list"],
    ["drafts", "list"],
    ["orders", "list"],
    ["orders", "list", "--totals"],
]


def json_records(crm, command) -> list[dict]:
    return json.loads(crm.run(*command, "--json").output)


@pytest.mark.parametrize("command", LISTS + [["today", "--today", "2026-03-10"]])
def test_csv_has_the_columns_and_values_of_json(crm, command):
    if command[0] == "today":
        agenda = json_records(crm, command)
        records = [{"section": name} | item for name, items in agenda["sections"].items() for item in items]
    else:
        records = json_records(crm, command)
    assert records
    rows = list(csv.DictReader(io.StringIO(crm.run(*command, "--csv").output)))
    assert len(rows) == len(records) and list(rows[0]) == list(records[0])
    for row, record in zip(rows, records):
        for key, value in record.items():
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                assert row[key] == str(value), key


@pytest.mark.parametrize("command", LISTS)
def test_tsv_is_one_line_per_row(crm, command):
    records = json_records(crm, command)
    lines = crm.run(*command, "--tsv").output.splitlines()
    assert len(lines) == len(records) + 1
    assert lines[0].split("\t") == list(records[0])
    assert all(len(line.split("\t")) == len(records[0]) for line in lines)


def test_drafts_list_takes_a_limit(crm):
    assert len(json_records(crm, ["drafts", "list"])) == 2
    assert [d["id"] for d in json_records(crm, ["drafts", "list", "--limit", "1"])] == crm.drafts[:1]
    assert len(crm.run("drafts", "list", "--limit", "1", "--tsv").output.splitlines()) == 2


@pytest.mark.parametrize(
    "command",
    [
        ["search"],
        ["today"],
        ["customers", "list"],
        ["customers", "ignored"],
        ["customers", "dupes"],
        ["customers", "pool"],
        ["orders", "list"],
        ["drafts", "list"],
        ["rules", "run"],
    ],
)
def test_every_list_command_takes_a_limit(command):
    assert "--limit" in CliRunner().invoke(cli, [*command, "--help"]).output


def test_customers_ignored_takes_a_limit(crm):
    for target in ("fastfreight-logistics.com", "zhuzao-casting.com"):
        crm.run("customers", "ignore", target, "--reason", "supplier")
    assert len(json_records(crm, ["customers", "ignored"])) == 2
    assert len(json_records(crm, ["customers", "ignored", "--limit", "1"])) == 1
