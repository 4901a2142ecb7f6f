"""Sending approved drafts from mailcrm: a real aiosmtpd (STARTTLS, SMTPS, AUTH, XOAUTH2)
and the test Dovecot for the copy in Sent."""

from __future__ import annotations

import email
import os
from email import policy

import pytest
from click.testing import CliRunner

from mailcrm.drafts import queue
from mailcrm.cli.main import cli
from mailcrm.drafts.generate import generate
from mailcrm.drafts.tracking import close_loop
from mailcrm.drafts.smtp import send_drafts

from tests.dovecot import fetch_all
from tests.fixtures_drafts import HANS, JOAO, Setup


def smtp_section(
    server,
    login: str,
    *,
    security: str = "starttls",
    save_to_sent: bool = True,
    secret: str = 'password_env = "MAILCRM_DRAFTS_TEST_PW"',
) -> str:
    port = server.tls_port if security == "ssl" else server.port
    return (
        f'[accounts.smtp]\nhost = "{server.host}"\nport = {port}\nsecurity = "{security}"\n'
        f'username = "{login}"\n{secret}\nca_file = "{server.ca_file}"\n'
        f"save_to_sent = {'true' if save_to_sent else 'false'}\n"
    )


def approved(setup, address: str = HANS, purpose: str = "quote-follow-up") -> dict:
    setup.request(address, purpose, message="hans-1@acme-armaturen.de" if address == HANS else None)
    generate(setup.db, setup.config)
    draft = next(d for d in setup.drafts(address) if d["purpose"] == purpose)
    return queue.approve(setup.db, draft["id"])


def received(smtp_server, draft: dict):
    found = [
        m
        for m in smtp_server.messages
        if email.message_from_bytes(m.raw, policy=policy.default)["Message-ID"] == f"<{draft['message_id']}>"
    ]
    return found


def sent_folder(setup) -> dict[int, tuple[set[str], email.message.EmailMessage]]:
    client = setup.server.connect(setup.login)
    try:
        client.select_folder("Sent", readonly=True)
        data = fetch_all(client, "FLAGS BODY.PEEK[]")
    finally:
        client.logout()
    return {
        uid: (
            {f.decode() for f in d[b"FLAGS"]} - {"\\Recent"},
            email.message_from_bytes(d[b"BODY[]"], policy=policy.default),
        )
        for uid, d in data.items()
    }


@pytest.fixture
def make_setup(tmp_path, dovecot_server, smtp_server, smtp_user):
    def make(**options) -> Setup:
        return Setup(
            tmp_path, dovecot_server, smtp_user, account_extra=smtp_section(smtp_server, smtp_user[0], **options)
        )

    return make


def test_an_approved_draft_is_sent_over_starttls_with_a_copy_in_sent(make_setup, smtp_server):
    setup = make_setup()
    draft = approved(setup)
    report = send_drafts(setup.db, setup.config, ids=[draft["id"]])
    assert report.ok and report.results[0].saved_to_sent, report.as_dict()

    [delivery] = received(smtp_server, draft)
    assert delivery.sender == setup.login and delivery.recipients == [HANS] and delivery.login == setup.login
    msg = email.message_from_bytes(delivery.raw, policy=policy.default)
    assert msg["Subject"] == "Re: Anfrage Kugelhähne DN50 PN40" and msg["In-Reply-To"]
    assert msg.get_body(("plain",)).get_content().startswith("Sehr geehrter Herr Müller,")
    assert not msg.defects

    copies = [(flags, m) for flags, m in sent_folder(setup).values() if m["Message-ID"] == f"<{draft['message_id']}>"]
    assert len(copies) == 1 and copies[0][0] == {"\\Seen"}
    after = queue.get(setup.db, draft["id"])
    assert after["status"] == "sent" and after["sent_via"] == "smtp"
    assert (
        setup.db.execute("SELECT status FROM draft_requests WHERE id = ?", [draft["request"]]).fetchone()[0] == "sent"
    )

    setup.sync()  # the copy in Sent comes back with the next sync: nothing changes, nothing twice
    assert not close_loop(setup.db, setup.config).anything()
    assert send_drafts(setup.db, setup.config, ids=[draft["id"]]).results[0].result == "failed"
    assert len(received(smtp_server, draft)) == 1


def test_implicit_tls(make_setup, smtp_server):
    setup = make_setup(security="ssl", save_to_sent=False)
    draft = approved(setup)
    assert send_drafts(setup.db, setup.config).ok
    assert len(received(smtp_server, draft)) == 1
    assert not any(m["Message-ID"] == f"<{draft['message_id']}>" for _, m in sent_folder(setup).values())


def test_xoauth2(tmp_path, dovecot_server, smtp_server, imap_user):
    token = smtp_server.issue_token(imap_user[0])
    smtp = smtp_section(smtp_server, imap_user[0], secret=f'oauth2_token_command = "echo {token}"', save_to_sent=False)
    setup = Setup(tmp_path, dovecot_server, imap_user, account_extra=smtp)
    draft = approved(setup)
    report = send_drafts(setup.db, setup.config)
    assert report.ok, report.as_dict()
    assert received(smtp_server, draft)[0].login == imap_user[0]


def test_only_approved_drafts_are_sent(make_setup, smtp_server):
    setup = make_setup()
    setup.request(JOAO, "reactivation")
    generate(setup.db, setup.config)
    draft = setup.drafts(JOAO)[0]
    result = CliRunner().invoke(cli, ["--config", str(setup.config_path), "drafts", "send", str(draft["id"])])
    assert result.exit_code == 1 and "only approved drafts are sent" in result.output
    assert received(smtp_server, draft) == [] and queue.get(setup.db, draft["id"])["status"] == "new"
    usage = CliRunner().invoke(cli, ["--config", str(setup.config_path), "drafts", "send"])
    assert usage.exit_code == 2 and "--approved" in usage.output


def test_a_failed_send_is_reported_and_never_repeated_blindly(make_setup, smtp_server):
    setup = make_setup()
    draft = approved(setup)
    right = os.environ["MAILCRM_DRAFTS_TEST_PW"]
    os.environ["MAILCRM_DRAFTS_TEST_PW"] = "wrong"
    try:
        report = send_drafts(setup.db, setup.config, ids=[draft["id"]])
    finally:
        os.environ["MAILCRM_DRAFTS_TEST_PW"] = right
    detail = report.results[0].detail
    assert report.results[0].result == "failed" and "535" in detail and "\n" not in detail and "wrong" not in detail
    assert queue.get(setup.db, draft["id"])["status"] == "approved"
    refused = send_drafts(setup.db, setup.config, ids=[draft["id"]])
    assert "interrupted" in refused.results[0].detail and received(smtp_server, draft) == []
    result = CliRunner().invoke(cli, ["--config", str(setup.config_path), "drafts", "send", "--approved", "--retry"])
    assert result.exit_code == 0, result.output
    assert len(received(smtp_server, draft)) == 1 and "1 sent" in result.output
