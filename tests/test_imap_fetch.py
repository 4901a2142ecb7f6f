"""ImapSession.fetch reads whole-message replies quickly and exactly as imapclient would."""

from __future__ import annotations

import os
import time
from datetime import datetime

import pytest
from imapclient.datetime_util import parse_to_datetime
from imapclient.fixed_offset import FixedOffset

from mailcrm.mail.fetchreply import Fetched, quick_bodies, read_internaldate
from mailcrm.mail.imap import ImapSession

from tests.mailfactory import make_message
from tests.syncsetup import load, write_config


def session_for(tmp_path, server, user):
    config, _ = load(write_config(tmp_path, server, [user], folders=("INBOX",)))
    return ImapSession(config.accounts[0].imap)


def test_fetch_matches_imapclient_on_a_real_server(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    raws = [make_message(n, attachment=("quote.pdf", bytes(range(256)) * n)) for n in range(1, 30)]
    dovecot_server.append_many(login, "INBOX", raws)
    dovecot_server.append(login, "INBOX", make_message(99), flags=["\\Seen", "\\Flagged", "$Quoted"])
    with session_for(tmp_path, dovecot_server, imap_user) as session:
        session.examine("INBOX")
        uids = session.uids(1)
        data = session.raw_uid_fetch(f"{uids[0]}:{uids[-1]}", ["BODY.PEEK[]", "FLAGS", "INTERNALDATE"])
        quick = quick_bodies(data, session.client.normalise_times)
        slow = sorted(session.parsed_bodies(data), key=lambda item: item.uid)
        fetched = list(session.fetch(uids))
    assert quick is not None and sorted(quick, key=lambda item: item.uid) == slow == fetched
    assert len(fetched) == 30 and [f.raw.replace(b"\r\n", b"\n") for f in fetched[:29]] == [
        raw.replace(b"\r\n", b"\n") for raw in raws
    ]
    assert {"$Quoted", "\\Flagged", "\\Seen"} <= set(fetched[-1].flags)
    assert all(isinstance(f.internaldate, datetime) for f in fetched)


def test_items_in_another_order_are_read_too():
    data = [(b'1 (FLAGS (\\Seen) INTERNALDATE "01-Feb-2026 10:00:00 +0100" UID 7 BODY[] {5}', b"hello"), b")"]
    assert quick_bodies(data, False) == [
        Fetched(7, ("\\Seen",), datetime.fromisoformat("2026-02-01T10:00:00+01:00"), b"hello")
    ]


def test_unsolicited_flag_updates_are_skipped():
    data = [b"3 (FLAGS (\\Deleted))", (b"4 (UID 9 FLAGS () BODY[] {2}", b"hi"), b")"]
    assert [f.uid for f in quick_bodies(data, False)] == [9]


def test_unusual_replies_are_left_to_imapclient():
    after_literal = [(b"1 (BODY[] {2}", b"hi"), b" UID 7 FLAGS ())"]
    no_body = [b"1 (UID 7 FLAGS () BODY[] NIL)"]
    no_uid = [(b"1 (FLAGS () BODY[] {2}", b"hi"), b")"]
    assert quick_bodies(after_literal, False) is None
    assert quick_bodies(no_body, False) is None
    assert quick_bodies(no_uid, False) is None


INTERNALDATES = [
    b"04-Dec-2026 10:12:00 +0800",
    b" 4-Dec-2026 10:12:00 -0330",
    b"31-Jan-1999 23:59:59 +0000",
    b"29-Feb-2024 00:00:00 +1400",
    b"01-jun-2020 12:00:00 -1200",
    b"15-Jul-2026 03:00:00 +0545",
]


@pytest.fixture(params=["UTC", "Europe/Berlin", "America/Sao_Paulo", "Asia/Shanghai"])
def local_zone(request):
    """The system time zone matters when imapclient normalises times to local ones."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.mark.parametrize("text", INTERNALDATES)
def test_internaldates_read_as_imapclient_reads_them(text, local_zone):
    normalised, kept = read_internaldate(text, FixedOffset.for_system()), read_internaldate(text, None)
    assert normalised == parse_to_datetime(text, normalise=True) and normalised.tzinfo is None
    assert kept == parse_to_datetime(text, normalise=False)
    assert kept.utcoffset() == parse_to_datetime(text, normalise=False).utcoffset()


def outcome(read, *args):
    try:
        return read(*args)
    except ValueError:
        return ValueError


def test_unusual_internaldates_are_left_to_imapclient():
    # a dotted time as old servers sent it, no zone, an impossible day: whatever imapclient makes of it
    for text in (b"Sat, 8 May 2010 16.03.09 +0200", b"04-Dec-2026 10:12:00", b"31-Feb-2026 10:00:00 +0000"):
        assert outcome(read_internaldate, text, None) == outcome(parse_to_datetime, text, False)
    assert read_internaldate(b"Sat, 8 May 2010 16.03.09 +0200", None) == datetime.fromisoformat(
        "2010-05-08T16:03:09+02:00"
    )
    assert outcome(read_internaldate, b"31-Feb-2026 10:00:00 +0000", None) is ValueError  # stored without a date
