"""`since` leaves older mail on the server, and says how much (real Dovecot)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from click.testing import CliRunner

from mailcrm.cli.main import cli

from tests.mailfactory import make_message
from tests.syncsetup import write_config


def test_the_sync_says_how_many_messages_since_left_out(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    for n, year in enumerate((2019, 2020, 2021, 2026)):
        dovecot_server.append(login, "INBOX", make_message(n), internaldate=datetime(year, 1, 1, tzinfo=timezone.utc))
    path = write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), since="2025-01-01")
    result = CliRunner().invoke(cli, ["--config", str(path), "sync"])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and "3 older than `since` skipped" in result.output
    status = CliRunner().invoke(cli, ["--config", str(path), "status", "--json"])

    folders = json.loads(status.output)["folders"]
    assert [f["older_than_since"] for f in folders] == [3]
    status = CliRunner().invoke(cli, ["--config", str(path), "status"])
    assert "3 messages on the server are older than `since` and were not synced" in status.output
