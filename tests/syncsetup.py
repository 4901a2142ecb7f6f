"""Write a mailcrm config that points at the test Dovecot."""

from __future__ import annotations

import os
from pathlib import Path

from mailcrm.config import load_config
from mailcrm.sample_config import config_text
from mailcrm.schema import open_db


def write_config(
    tmp_path: Path,
    server,
    accounts: list[tuple[str, str]],
    *,
    folders=("INBOX", "\\Sent"),
    security: str = "starttls",
    batch_size: int = 500,
    since: str | None = None,
    ca: bool = True,
) -> Path:
    """One [[accounts]] per (login, password); passwords go through env vars.

    The [accounts.imap] table of the last account is the file's last table: tests append to it.
    """
    entries = []
    for index, (login, password) in enumerate(accounts):
        env = f"MAILCRM_TEST_PW_{index}"
        os.environ[env] = password
        imap = {
            "host": server.host,
            "port": server.tls_port if security == "ssl" else server.port,
            "security": security,
            "username": login,
            "password_env": env,
            "folders": list(folders),
            "batch_size": batch_size,
        }
        imap |= {"ca_file": str(server.ca_file)} if ca else {}
        imap |= {"since": since} if since else {}
        entries.append({"name": f"account{index}", "email": login, "owner": f"Owner {index}", "imap": imap})
    path = tmp_path / "config.toml"
    path.write_text(config_text(accounts=entries), encoding="utf-8")
    return path


def load(path: Path):
    config = load_config(path)
    return config, open_db(config.database_path)


def stored_counts(db) -> dict:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "messages": one("SELECT count(*) FROM messages"),
        "locations": one("SELECT count(*) FROM locations WHERE gone_at IS NULL"),
        "distinct_ids": one("SELECT count(DISTINCT coalesce(message_id, content_hash)) FROM messages"),
    }
