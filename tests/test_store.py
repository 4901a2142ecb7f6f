"""Storing: what crosses the worker pipe is enough to store a message exactly as in-process; threads."""

from __future__ import annotations

import pickle

from mailcrm.db import transaction

from mailcrm.schema import open_db
from mailcrm.mail.store import MessageStore, prepare

from tests.mailfactory import make_message


def stored_rows(db, pk: int) -> list:
    return [
        db.execute(f"SELECT * FROM {table} WHERE message = ? ORDER BY 2", [pk]).fetchall()
        for table in ("addresses", "attachments", "message_refs")
    ]


def test_a_prepared_message_sent_through_a_pipe_stores_the_same_rows(tmp_path):
    raw = make_message(
        1,
        to="lisa@hengtai-valve.com, tom@hengtai-valve.com",
        in_reply_to="<q1@acme.de>",
        attachment=("quote.pdf", b"%PDF-1.4 quote"),
    )
    here = prepare(raw)
    piped = pickle.loads(pickle.dumps(here))
    assert piped.parsed is None and piped.envelope == here.envelope  # the full parse stays in the worker
    rows = []
    for name, prepared in (("here", here), ("piped", piped)):
        db = open_db(tmp_path / f"{name}.db")
        ours = {"lisa@hengtai-valve.com"}
        with transaction(db), MessageStore(db, lambda sender, to: "out" if sender in ours else "in").batch() as store:
            pk, _ = store.add(prepared)
        rows.append((stored_rows(db, pk), db.execute("SELECT direction, thread_id FROM messages").fetchall()))
    assert rows[0] == rows[1]
    addresses, attachments, refs = rows[0][0]
    assert len(addresses) == 3 and len(attachments) == 1 and [r[1] for r in refs] == ["q1@acme.de"]


def test_once_the_pool_runs_even_a_small_batch_is_parsed_by_the_workers(monkeypatch):
    """A batch of a few big messages parsed in-process would stall the writer meanwhile."""
    import os

    import mailcrm.mail.store as store

    parsed_by: list[int] = []
    real_prepare = store.prepare

    def recording_prepare(raw, when=None):
        ready = real_prepare(raw, when)
        ready.size = os.getpid()  # crosses the pipe back with the result
        return ready

    monkeypatch.setattr(store, "prepare", recording_prepare)
    raws = [(make_message(i), None) for i in range(store.POOL_THRESHOLD)]
    with store.Preparer(workers=2) as preparer:
        assert {p.size for p in preparer.submit(raws[:2])()} == {os.getpid()}  # no pool yet: in-process
        parsed_by = [p.size for p in preparer.submit(raws)()]
        small = {p.size for p in preparer.submit(raws[:2])()}
    assert os.getpid() not in parsed_by and small and os.getpid() not in small


def store_all(tmp_path, raws: list[bytes]) -> dict[str, int]:
    """Message-ID (without brackets) -> thread id, after storing raws in this order."""
    db = open_db(tmp_path / "threads.db")
    with transaction(db), MessageStore(db).batch() as store:
        for raw in raws:
            store.add(prepare(raw))
    return dict(db.execute("SELECT message_id, thread_id FROM messages").fetchall())


def test_a_reply_joins_its_parents_thread_and_a_new_message_starts_its_own(tmp_path):
    inquiry = make_message(1, message_id="<q1@acme.de>")
    reply = make_message(
        2, sender="lisa@hengtai-valve.com", message_id="<r1@hengtai-valve.com>", in_reply_to="<q1@acme.de>"
    )
    other = make_message(3, message_id="<q2@acme.de>")
    threads = store_all(tmp_path, [inquiry, reply, other])
    assert threads["r1@hengtai-valve.com"] == threads["q1@acme.de"] != threads["q2@acme.de"]


def test_replies_stored_before_their_parent_are_adopted_into_its_thread(tmp_path):
    """IMAP order is not conversation order: Sent may be synced before INBOX."""
    inquiry = make_message(1, message_id="<q1@acme.de>")
    reply = make_message(
        2, sender="lisa@hengtai-valve.com", message_id="<r1@hengtai-valve.com>", in_reply_to="<q1@acme.de>"
    )
    answer = make_message(3, message_id="<a1@acme.de>", in_reply_to="<r1@hengtai-valve.com>")
    threads = store_all(tmp_path, [answer, reply, inquiry])
    assert len(set(threads.values())) == 1, threads
