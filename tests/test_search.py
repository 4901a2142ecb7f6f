"""Full-text search: newest first whichever plan is used, CJK substrings, any input."""

import random

import pytest

from mailcrm.mail import archive
from mailcrm.db import transaction
from mailcrm.schema import open_db
from mailcrm.errors import MailcrmError
from mailcrm.mail.store import MessageStore, prepare

from tests.mailfactory import make_message


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("search") / "crm.db")
    store = MessageStore(db)
    order = list(range(archive.MANY_MATCHES + 200))
    random.Random(3).shuffle(order)  # stored out of date order, as imports are
    with transaction(db):
        for n in order:
            body = (
                "ball valve quotation" + (" rareword" if n % 97 == 0 else "") + (" 球阀报价单" if n % 50 == 0 else "")
            )
            store.add(prepare(make_message(n, body=body)))
    return db


def newest_first(hits):
    return [h.date for h in hits] == sorted((h.date for h in hits), reverse=True)


def test_common_words_come_newest_first(db):
    hits = archive.search(db, "ball valve", limit=20)
    assert len(hits) == 20 and newest_first(hits)
    newest = db.execute("SELECT max(date) FROM messages").fetchone()[0]
    assert hits[0].date == newest


def test_rare_words_come_newest_first_and_complete(db):
    hits = archive.search(db, "rareword", limit=50)
    expected = db.execute("SELECT count(*) FROM messages WHERE body_text LIKE '%rareword%'").fetchone()[0]
    assert len(hits) == expected and newest_first(hits)


def test_chinese_matches_as_substring(db):
    hits = archive.search(db, "报价", limit=100)
    assert hits and all("球阀报价单" in h.snippet for h in hits)


def test_prefix_and_phrase(db):
    assert archive.search(db, "valv*", limit=5)
    assert archive.search(db, '"valve quotation"', limit=5)
    assert archive.search(db, '"quotation valve"', limit=5) == []


def test_nothing_searchable_is_a_friendly_error(db):
    with pytest.raises(MailcrmError, match="nothing to search for"):
        archive.search(db, '"" *** ((')


def test_a_message_rolled_back_in_a_batch_leaves_no_index_row(tmp_path):
    """Index rows are written at the batch's end: one for each message that stayed."""
    db = open_db(tmp_path / "crm.db")
    store = MessageStore(db)
    with transaction(db), store.batch():
        with store.one_message():
            store.add(prepare(make_message(1, body="kept quotation")))
        with pytest.raises(RuntimeError), store.one_message():
            store.add(prepare(make_message(2, body="zebra crossing")))
            raise RuntimeError("the location could not be stored")
        with store.one_message():  # reuses the rolled-back message's rowid
            store.add(prepare(make_message(3, body="walrus tusk")))
    assert archive.search(db, "zebra", limit=5) == []
    assert [len(archive.search(db, word, limit=5)) for word in ("kept", "walrus")] == [1, 1]


def test_index_text_spaces_every_cjk_character_and_leaves_other_text_alone():
    from mailcrm.mail.textindex import index_text

    assert index_text("球阀 DN50 報價单, Angebot für Kugelhähne").split() == [
        "球",
        "阀",
        "DN50",
        "報",
        "價",
        "单",
        ",",
        "Angebot",
        "für",
        "Kugelhähne",
    ]
    assert index_text("ball valve quotation") == "ball valve quotation"
    assert index_text("") == ""


def test_datasette_finds_the_full_text_index_and_its_search_matches_mailcrms(tmp_path):
    """Datasette looks for an FTS table naming the table as its content (content="messages")."""
    from mailcrm.mail.archive import search
    from mailcrm.mail.store import MessageStore, prepare
    from tests.mailfactory import make_message

    db = open_db(tmp_path / "crm.db")
    store = MessageStore(db)
    with transaction(db), store.batch():
        for n, body in enumerate(["DN50 ball valves, 500 pcs", "报价单：闸阀 DN100", "flanges PN16"]):
            store.add(prepare(make_message(n, body=body)))
    detected = db.execute(
        "select name from sqlite_master where rootpage = 0 "
        """and sql like '%VIRTUAL TABLE%USING FTS%content="messages"%'"""
    ).fetchall()
    assert detected == [("messages_fts",)]
    datasette = "select id from messages where rowid in (select rowid from messages_fts where messages_fts match ?)"
    for datasette_query, query in (("flanges", "flanges"), ("valves", "valves"), ('"报 价"', "报价")):
        found = sorted(row[0] for row in db.execute(datasette, [datasette_query]))
        assert found == sorted(hit.id for hit in search(db, query)) and found, query
    assert len(search(db, "flanges")) == 1
