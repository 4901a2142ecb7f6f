"""Digests on the demo's database: what a salesperson and a manager read, in English and Chinese,
printed by `mailcrm digest` and mailed through aiosmtpd by `mailcrm digest --send`."""

from __future__ import annotations

import email
import json
import os
import re
import secrets
from datetime import date, timedelta
from email.policy import default as default_policy

import pytest
from click.testing import CliRunner

from tests.demodata import demo_copy, load
from mailcrm.cli.main import cli
from mailcrm.config import load_config
from mailcrm.night.digest import build_digests
from mailcrm.errors import ConfigError
from mailcrm.night.settings import digest_settings, nightly_settings, pool_settings

FOREIGN_SCRIPT = re.compile(r"[\u0400-\u04ff\u0600-\u06ff]")  # Cyrillic, Arabic


def run(config, *args):
    return CliRunner().invoke(cli, ["--config", str(config), *args])


def documents(config_path, **kwargs):
    config, db = load(config_path)
    return {d.person: d for d in build_digests(db, config, **kwargs)}


def test_the_chinese_manager_digest_says_停滞_and_quotes_no_customer_mail(tmp_path):
    config_path = demo_copy(tmp_path)  # the demo writes the manager's digest in Chinese
    config, db = load(config_path)
    manager = documents(config_path)["Grace Zhou"]
    text = manager.text()
    assert manager.subject.startswith("mailcrm 团队摘要") and "停滞" in manager.subject
    assert "== 停滞的商机 ==" in text and "报价后" in text and "谈判阶段已" in text
    assert "== 销售漏斗（按阶段） ==" in text and "发货" in text and "== 按业务员 ==" in text
    assert "== 等待回复的客户 ==" in text and "Lisa Chen" in text
    subjects = [row[0] for row in db.execute("SELECT subject FROM messages WHERE direction = 'in'")]
    leaked = [s for s in subjects if len(s) > 12 and s in text]
    assert not leaked, f"mail subjects in the manager digest: {leaked[:3]}"
    # company names are facts (ООО ТрубоСнаб), but no Cyrillic or Arabic mail text around them
    for line in text.splitlines():
        if FOREIGN_SCRIPT.search(line):
            assert "(" in line, f"foreign text outside a company name: {line}"


def test_the_salesperson_digest_has_the_agenda_the_drafts_and_what_is_new(tmp_path):
    digests = documents(demo_copy(tmp_path))
    lisa, tom = digests["Lisa Chen"], digests["Tom Wang"]
    assert lisa.email == "lisa@hengtai-valve.com" and lisa.language == "en"
    assert re.match(r"mailcrm digest for Lisa Chen, \d{4}-\d\d-\d\d: \d+ complaints?, \d+ waiting", lisa.subject)
    text = lisa.text()
    for title in (
        "Waiting for your answer",
        "Follow-ups due",
        "Stalled deals",
        "Churn risks",
        "Drafts waiting in your Drafts folder",
    ):
        assert f"== {title}" in text
    assert "quotation follow-up" in text and "… and " in text  # five per section in the demo, then a count
    html = lisa.html()
    assert html.count("<table") == len(lisa.visible_sections()) and "<script" not in html
    assert "Nothing needs you today." in tom.text()


def test_digest_cli_prints_json_and_filters(tmp_path):
    config = demo_copy(tmp_path)
    printed = run(config, "digest", "--owner", "lisa")
    assert printed.exit_code == 0, printed.output
    assert "Subject: mailcrm digest for Lisa Chen" in printed.output and "Grace Zhou" not in printed.output
    manager = json.loads(run(config, "digest", "--manager", "--language", "en", "--json").output)
    assert [d["kind"] for d in manager] == ["manager"]
    assert "Stalled deals" in [s["title"] for s in manager[0]["sections"]]
    unknown = run(config, "digest", "--owner", "nobody")
    assert unknown.exit_code == 1 and "no salesperson 'nobody'" in unknown.output


def test_sending_needs_an_smtp_account_and_says_so(tmp_path):
    config = demo_copy(tmp_path)
    result = run(config, "digest", "--send")
    assert result.exit_code == 1
    assert "no account with [accounts.smtp]" in result.output
    _, db = load(config)
    assert db.execute("SELECT count(*) FROM digest_log").fetchone()[0] == 0


@pytest.fixture
def smtp_demo(tmp_path, smtp_server):
    """The demo with Lisa's mailbox sending through the test aiosmtpd."""
    login, password = f"lisa-{secrets.token_hex(3)}@hengtai-valve.com", secrets.token_urlsafe(10)
    smtp_server.add_user(login, password)
    os.environ["MAILCRM_DIGEST_TEST_PW"] = password
    manager = f"grace-{secrets.token_hex(3)}@hengtai-valve.com"
    smtp = (
        f'[accounts.smtp]\nhost = "127.0.0.1"\nport = {smtp_server.port}\nsecurity = "starttls"\n'
        f'password_env = "MAILCRM_DIGEST_TEST_PW"\nca_file = "{smtp_server.ca_file}"\n'
    )
    config = demo_copy(tmp_path)
    text = config.read_text(encoding="utf-8")
    text = text.replace('manager_email = "grace@hengtai-valve.com"', f'manager_email = "{manager}"')
    text = text.replace('email = "lisa@hengtai-valve.com"', f'email = "{login}"', 1)
    text = text.replace('owner = "Lisa Chen"\n', 'owner = "Lisa Chen"\n' + smtp, 1)
    config.write_text(text.replace("limit = 5\n", 'limit = 5\naccount = "lisa"\n', 1), encoding="utf-8")
    return config, login, manager, smtp_server


def test_digests_are_mailed_once_a_day_and_deliver_their_alerts(smtp_demo):
    config_path, lisa, manager, server = smtp_demo
    config, db = load(config_path)
    undelivered = db.execute("SELECT count(*) FROM alerts WHERE delivered IS NULL").fetchone()[0]
    first = run(config_path, "digest", "--send")
    assert first.exit_code == 0, first.output
    assert f"sent salesperson digest to Lisa Chen <{lisa}>" in first.output
    to_lisa = [email.message_from_bytes(m.raw, policy=default_policy) for m in server.received_by(lisa)]
    assert len(to_lisa) == 1 and to_lisa[0]["Auto-Submitted"] == "auto-generated"
    assert (
        to_lisa[0].get_body(("html",)) is not None and "Stalled deals" in to_lisa[0].get_body(("plain",)).get_content()
    )
    to_grace = [email.message_from_bytes(m.raw, policy=default_policy) for m in server.received_by(manager)]
    assert len(to_grace) == 1 and "停滞" in to_grace[0].get_body(("plain",)).get_content()
    assert db.execute("SELECT count(*) FROM alerts WHERE delivered IS NULL").fetchone()[0] < undelivered
    again = run(config_path, "digest", "--send")
    assert again.exit_code == 0 and "already sent" in again.output
    assert len(server.received_by(lisa)) == 1
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    next_day = run(config_path, "digest", "--owner", "lisa", "--today", tomorrow)
    assert f"what changed since {date.today().isoformat()}" in next_day.output


def test_bad_sections_fail_with_file_line_and_key(tmp_path):
    cases = {
        '[digest]\nlanguage = "fr"\n': "digest.language: must be one of en, zh",
        '[digest]\naccount = "nobody"\n': "digest.account: no account named 'nobody'",
        '[digest]\naccount = "lisa"\n': "digest.account: account 'lisa' has no [accounts.smtp] to send from",
        '[digest]\nmanager_email = "grace"\n': "digest.manager_email: 'grace' is not an email address",
        "[pool]\ndays = -3\n": "pool.days: must be a whole number ≥ 0",
        '[pool]\nexempt_grades = ["D"]\n': "pool.exempt_grades: 'D' is not one of A, B, C",
        "[nightly]\nsend_digest = false\n": "nightly.send_digest: unknown setting",
    }
    for extra, message in cases.items():
        path = tmp_path / "config.toml"
        path.write_text('[[accounts]]\nname = "lisa"\nemail = "lisa@hengtai-valve.com"\n' + extra, encoding="utf-8")
        config = load_config(path)
        with pytest.raises(ConfigError) as error:
            digest_settings(config), pool_settings(config), nightly_settings(config)
        assert str(error.value).startswith(f"{path}:5: ") and message in str(error.value), str(error.value)
