"""Pushing drafts to a server that refuses APPEND into a mailbox the session has EXAMINEd (Courier),
and counting what really happened when an APPEND is refused.

Dovecot accepts that APPEND, so these tests talk to it through tests/courierlike.py, which
answers like Courier.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from tests.courierlike import CourierLikeProxy
from tests.dovecot import fetch_all
from tests.fixtures_drafts import EVIL, HANS, JOAO, Setup
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from mailcrm.drafts import queue
from mailcrm.config import Config, load_config
from mailcrm.drafts.generate import generate
from mailcrm.drafts.push import push


@pytest.fixture
def setup(tmp_path, dovecot_server, imap_user):
    return Setup(tmp_path, dovecot_server, imap_user)


@dataclass
class Courier:
    proxy: CourierLikeProxy
    config: Config  # the test account, reached through the proxy


@pytest.fixture
def courier(setup):
    """A Courier-like server in front of the test Dovecot, and a config that pushes through it."""
    with CourierLikeProxy(setup.server.host, setup.server.port) as proxy:
        text = setup.config_path.read_text(encoding="utf-8")
        text = text.replace(f"port = {setup.server.port}\n", f"port = {proxy.port}\n")
        text = text.replace('security = "starttls"', 'security = "none"')  # the proxy reads plain IMAP
        assert f"port = {proxy.port}\n" in text and 'security = "none"' in text
        path = setup.config_path.with_name("courier.toml")
        path.write_text(text, encoding="utf-8")
        yield Courier(proxy, load_config(path))


def three_drafts(setup) -> list[dict]:
    setup.request(HANS, "quote-follow-up", message="hans-1@acme-armaturen.de")
    setup.request(JOAO, "reactivation")
    setup.request(EVIL, "quote-follow-up", message="evil-1@evil-imports.com")
    assert generate(setup.db, setup.config).count("drafted") == 3
    return setup.drafts()


def message_ids_in_drafts(setup) -> list[str]:
    client = setup.server.connect(setup.login)
    try:
        client.select_folder("Drafts", readonly=True)
        data = fetch_all(client, "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]")
    finally:
        client.logout()
    return sorted(d[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].decode().split("<")[1].split(">")[0] for d in data.values())


def test_the_proxy_refuses_append_into_an_examined_mailbox_like_courier(setup, courier):
    """Without this refusal the other tests here would pass against any client."""
    client = IMAPClient(courier.proxy.host, courier.proxy.port, ssl=False, timeout=10)
    try:
        client.login(setup.login, setup.password)
        client.select_folder("Drafts", readonly=True)
        with pytest.raises(IMAPClientError, match="READ-ONLY"):
            client.append("Drafts", b"Subject: x\r\n\r\nx\r\n")
        client.unselect_folder()
        client.append("Drafts", b"Subject: x\r\n\r\nx\r\n")
    finally:
        client.logout()
    assert courier.proxy.appends == 2 and len(courier.proxy.refusals) == 1


def test_every_draft_reaches_a_server_that_refuses_append_after_examine(setup, courier):
    drafts = three_drafts(setup)
    report = push(setup.db, courier.config)
    assert report.line().startswith("push: 3 appended to Drafts"), report.as_dict()
    assert report.ok and [r.result for r in report.results] == ["pushed"] * 3
    assert courier.proxy.refusals == [] and courier.proxy.appends == 3
    assert message_ids_in_drafts(setup) == sorted(d["message_id"] for d in drafts)
    after = setup.drafts()
    assert {d["status"] for d in after} == {"pushed"} and {d["push_state"] for d in after} == {"appended"}
    assert all(d["uid"] and d["uidvalidity"] for d in after)  # looked up after the APPENDs


def test_an_interrupted_push_is_resumed_on_a_courier_like_server(setup, courier):
    first, *others = three_drafts(setup)
    # The intent was recorded, then mailcrm died before the APPEND: the next push looks in
    # Drafts (an EXAMINE) before it appends, and must not APPEND into the EXAMINEd mailbox.
    queue.update(setup.db, first["id"], push_state="appending", folder="Drafts")
    report = push(setup.db, courier.config)
    assert report.ok and [r.result for r in report.results] == ["pushed"] * 3, report.as_dict()
    assert courier.proxy.refusals == [] and courier.proxy.appends == 3
    assert message_ids_in_drafts(setup) == sorted(d["message_id"] for d in [first, *others])


def test_a_refused_append_is_counted_as_failed_and_the_others_as_appended(setup, courier):
    drafts = three_drafts(setup)
    courier.proxy.refuse = {2}
    report = push(setup.db, courier.config)
    assert [r.result for r in report.results] == ["pushed", "failed", "pushed"]
    assert "OVERQUOTA" in report.results[1].detail
    assert report.line() == ("push: 2 appended to Drafts, 0 already there (interrupted push resumed), 1 failed")
    refused = queue.get(setup.db, drafts[1]["id"])
    assert refused["status"] == "new" and refused["push_state"] is None  # not left "appending"
    assert len(message_ids_in_drafts(setup)) == 2

    courier.proxy.refuse = set()
    again = push(setup.db, courier.config)  # the refused draft is pushed next time, once
    assert [(r.draft, r.result) for r in again.results] == [(drafts[1]["id"], "pushed")]
    assert message_ids_in_drafts(setup) == sorted(d["message_id"] for d in drafts)
