"""Write a mailcrm config that points at the test Dovecot."""

from __future__ import annotations

import json
import os
from pathlib import Path

from mailcrm.config import load_config
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
    """One [[accounts]] per (login, password); passwords go through env vars."""
    lines = [
        "[database]",
        'path = "mailcrm.db"',
        "[me]",
        'company = "Ningbo Hengtai Valve Co., Ltd."',
        'domains = ["hengtai-valve.com"]',
    ]
    for index, (login, password) in enumerate(accounts):
        env = f"MAILCRM_TEST_PW_{index}"
        os.environ[env] = password
        port = server.tls_port if security == "ssl" else server.port
        lines += [
            "[[accounts]]",
            f'name = "account{index}"',
            f'email = "{login}"',
            f'owner = "Owner {index}"',
            "[accounts.imap]",
            f'host = "{server.host}"',
            f"port = {port}",
            f'security = "{security}"',
            f'username = "{login}"',
            f'password_env = "{env}"',
            f"folders = {json.dumps(list(folders), ensure_ascii=False)}",
            f"batch_size = {batch_size}",
        ]
        if ca:
            lines.append(f'ca_file = "{server.ca_file}"')
        if since:
            lines.append(f'since = "{since}"')
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
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
