"""The views people open in Datasette or sqlite-utils (docs/schema.md): what each one shows.

The small database is written by hand, row by row, so each assertion reads as what a user
would see; the last tests check the views against the commands on the demo's database."""

from __future__ import annotations

import itertools

import pytest

from mailcrm.schema import open_db

COUNTER = itertools.count(1)


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "crm.db")


def customer(
    db,
    key: str,
    name: str = "",
    *,
    owner: str | None = None,
    stage: str | None = None,
    status: str = "active",
    turn: str | None = None,
) -> int:
    return db.execute(
        "INSERT INTO customers (key, kind, status, created, name, owner, stage, turn) "
        "VALUES (?, 'company', ?, '2026-01-01T00:00:00+00:00', ?, ?, ?, ?)",
        [key, status, name, owner, stage, turn],
    ).lastrowid


def message(
    db,
    customer_id: int,
    date: str,
    direction: str,
    subject: str,
    sender: tuple[str, str],
    *,
    automated: int = 0,
    thread: int | None = None,
) -> int:
    name, email = sender
    pk = db.execute(
        "INSERT INTO messages (content_hash, subject, from_email, from_name, date, direction, size, first_seen) "
        "VALUES (?, ?, ?, ?, ?, ?, 100, '2026-06-01T00:00:00+00:00')",
        [f"hash{next(COUNTER)}", subject, email, name, date, direction],
    ).lastrowid
    db.execute("UPDATE messages SET thread_id = ? WHERE id = ?", [thread or pk, pk])
    db.execute(
        "INSERT INTO message_customers (message, customer, automated) VALUES (?, ?, ?)", [pk, customer_id, automated]
    )
    return pk


def draft(db, customer_id: int, purpose: str, status: str, send_at: str | None, subject: str = "Hello") -> int:
    n = next(COUNTER)
    return db.execute(
        "INSERT INTO drafts (customer, purpose, rule, status, account, from_email, to_name, to_email, language, "
        "template, subject, body_text, body_html, token, message_id, send_at, created, updated) "
        "VALUES (?, ?, 'some.rule', ?, 'lisa', 'lisa@hengtai-valve.com', 'Hans Müller', 'hans@acme.de', 'de', "
        "'de/x.j2', ?, 'text', '<p>text</p>', ?, ?, ?, '2026-06-01T00:00:00+00:00', '2026-06-01T00:00:00+00:00')",
        [customer_id, purpose, status, subject, f"token{n}", f"draft{n}@mailcrm", send_at],
    ).lastrowid


def rows(db, sql: str, params=()) -> list[dict]:
    cursor = db.execute(sql, list(params))
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


LISA = ("Lisa Chen", "lisa@hengtai-valve.com")
HANS = ("Hans Müller", "hans@acme.de")


# -- customer_timeline ---------------------------------------------------------------------------


def test_a_customers_timeline_lists_their_messages_oldest_first_newest_last(db):
    acme = customer(db, "acme.de", "Acme Armaturen GmbH")
    other = customer(db, "other.com", "Other Ltd")
    # stored out of date order, as a sync of several folders stores them
    reply = message(db, acme, "2026-03-02T08:00:00+00:00", "out", "Re: Anfrage Kugelhähne", LISA)
    inquiry = message(db, acme, "2026-03-01T09:30:00+00:00", "in", "Anfrage Kugelhähne", HANS)
    order = message(db, acme, "2026-04-10T07:00:00+00:00", "in", "Bestellung 4711", HANS)
    away = message(db, acme, "2026-03-03T00:00:00+00:00", "in", "Abwesenheitsnotiz", HANS, automated=1)
    message(db, other, "2026-02-01T00:00:00+00:00", "in", "Someone else's mail", ("Bob", "bob@other.com"))

    timeline = rows(db, "SELECT * FROM customer_timeline WHERE customer = ?", [acme])

    assert [(r["date"][:10], r["direction"], r["subject"], r["from_name"]) for r in timeline] == [
        ("2026-03-01", "in", "Anfrage Kugelhähne", "Hans Müller"),
        ("2026-03-02", "out", "Re: Anfrage Kugelhähne", "Lisa Chen"),
        ("2026-03-03", "in", "Abwesenheitsnotiz", "Hans Müller"),
        ("2026-04-10", "in", "Bestellung 4711", "Hans Müller"),
    ]
    assert [r["message"] for r in timeline] == [inquiry, reply, away, order]
    assert {r["customer_name"] for r in timeline} == {"Acme Armaturen GmbH"}
    assert [r["automated"] for r in timeline] == [0, 0, 1, 0]  # the auto-reply is shown, marked
    assert timeline[0]["from_email"] == "hans@acme.de"


def test_the_timeline_names_a_customer_without_a_company_name_by_its_key(db):
    ahmed = customer(db, "ahmed.khalil@yahoo.com")
    message(db, ahmed, "2026-05-01T10:00:00+00:00", "in", "Price list please", ("Ahmed", "ahmed.khalil@yahoo.com"))
    (row,) = rows(db, "SELECT customer_name, subject FROM customer_timeline")
    assert row == {"customer_name": "ahmed.khalil@yahoo.com", "subject": "Price list please"}


def test_the_whole_timeline_is_grouped_by_customer(db):
    first, second = customer(db, "a.com", "A"), customer(db, "b.com", "B")
    message(db, second, "2026-01-01T00:00:00+00:00", "in", "B1", ("B", "x@b.com"))
    message(db, first, "2026-02-01T00:00:00+00:00", "in", "A2", ("A", "x@a.com"))
    message(db, first, "2026-01-15T00:00:00+00:00", "out", "A1", LISA)
    assert [(r["customer_name"], r["subject"]) for r in rows(db, "SELECT * FROM customer_timeline")] == [
        ("A", "A1"),
        ("A", "A2"),
        ("B", "B1"),
    ]


# -- open_drafts ---------------------------------------------------------------------------------


def test_open_drafts_lists_drafts_waiting_for_review_or_pushed_and_not_sent_soonest_first(db):
    acme = customer(db, "acme.de", "Acme Armaturen GmbH", owner="Lisa Chen")
    best = customer(db, "besttrading.com", "Best Trading LLC", owner="Tom Wang")
    nordic = customer(db, "nordic-pipes.se", "", owner="Tom Wang")
    later = draft(db, acme, "reactivation", "new", "2026-06-03T09:00:00+02:00", "Lange nichts gehört")
    # 09:00 in Chicago is 15:00 UTC: after 10:00 in Berlin (08:00 UTC) on the same day
    chicago = draft(db, best, "quote-follow-up", "pushed", "2026-06-02T09:00:00-06:00", "Re: RFQ")
    berlin = draft(db, acme, "value-content", "approved", "2026-06-02T10:00:00+02:00", "Neuer Katalog")
    unsent_time = draft(db, nordic, "stalled-nudge", "new", None, "Any news?")
    for status in ("sent", "rejected", "discarded"):
        draft(db, acme, "complaint-reply", status, "2026-06-01T09:00:00+02:00")

    shown = rows(db, "SELECT * FROM open_drafts")

    assert [r["draft"] for r in shown] == [berlin, chicago, later, unsent_time]
    assert [(r["customer_name"], r["owner"], r["purpose"], r["status"], r["waiting_for"]) for r in shown] == [
        ("Acme Armaturen GmbH", "Lisa Chen", "value-content", "approved", "push or send"),
        ("Best Trading LLC", "Tom Wang", "quote-follow-up", "pushed", "sending from the mail client"),
        ("Acme Armaturen GmbH", "Lisa Chen", "reactivation", "new", "review"),
        ("nordic-pipes.se", "Tom Wang", "stalled-nudge", "new", "review"),
    ]
    assert shown[0]["subject"] == "Neuer Katalog" and shown[0]["to_email"] == "hans@acme.de"
    assert shown[0]["send_at"] == "2026-06-02T10:00:00+02:00"


def test_a_sent_draft_leaves_the_open_drafts(db):
    acme = customer(db, "acme.de", "Acme")
    pk = draft(db, acme, "reactivation", "pushed", "2026-06-03T09:00:00+02:00")
    assert [r["draft"] for r in rows(db, "SELECT draft FROM open_drafts")] == [pk]
    db.execute("UPDATE drafts SET status = 'sent' WHERE id = ?", [pk])
    assert rows(db, "SELECT draft FROM open_drafts") == []


# -- pipeline_by_stage ---------------------------------------------------------------------------


def test_the_pipeline_counts_active_customers_per_owner_and_stage_in_trade_order(db):
    for key, owner, stage, turn in [
        ("a.com", "Lisa Chen", "shipment", None),
        ("b.com", "Lisa Chen", "inquiry", "us"),
        ("c.com", "Lisa Chen", "inquiry", "them"),
        ("d.com", "Lisa Chen", "inquiry", "us"),
        ("e.com", "Lisa Chen", "negotiation", None),
        ("f.com", "Tom Wang", "quotation", "us"),
        ("g.com", "Lisa Chen", None, None),
        ("h.com", None, "order", None),
    ]:
        customer(db, key, owner=owner, stage=stage, turn=turn)
    customer(db, "ignored.com", owner="Lisa Chen", stage="inquiry", status="ignored")
    customer(db, "merged.com", owner="Lisa Chen", stage="inquiry", status="merged")

    pipeline = [
        (r["owner"], r["stage"], r["customers"], r["our_turn"]) for r in rows(db, "SELECT * FROM pipeline_by_stage")
    ]

    assert pipeline == [
        ("Lisa Chen", "inquiry", 3, 2),
        ("Lisa Chen", "negotiation", 1, 0),
        ("Lisa Chen", "shipment", 1, 0),
        ("Lisa Chen", None, 1, 0),  # no stage yet: last, so the totals add up
        ("Tom Wang", "quotation", 1, 1),
        (None, "order", 1, 0),  # nobody's (the public pool): after the owners
    ]


def test_the_pipeline_says_since_when_the_longest_waiting_customer_is_in_the_stage(db):
    first = customer(db, "a.com", owner="Lisa Chen", stage="quotation")
    second = customer(db, "b.com", owner="Lisa Chen", stage="quotation")
    by_hand = customer(db, "c.com", owner="Lisa Chen", stage="quotation")  # set by CSV: no engine row
    for pk, since in ((first, "2026-03-01"), (second, "2026-05-20")):
        db.execute(
            "INSERT INTO customer_stage (customer, stage, since, source, changed) "
            "VALUES (?, 'quotation', ?, 'rule', '2026-06-01')",
            [pk, since],
        )
    assert by_hand
    (row,) = rows(db, "SELECT stage, stage_order, customers, oldest_since FROM pipeline_by_stage")
    assert row == {"stage": "quotation", "stage_order": 2, "customers": 3, "oldest_since": "2026-03-01"}


# -- on the demo's database: the views agree with the commands -----------------------------------


@pytest.fixture
def demo_db(tmp_path):
    from tests.demodata import demo_copy, load

    _, database = load(demo_copy(tmp_path))
    return database


def test_on_the_demo_the_views_agree_with_the_commands(demo_db):
    from mailcrm.drafts.queue import list_drafts

    assert {r["draft"] for r in rows(demo_db, "SELECT draft FROM open_drafts")} == {
        d["id"] for d in list_drafts(demo_db)
    }
    assert rows(demo_db, "SELECT sum(customers) AS n FROM pipeline_by_stage") == rows(
        demo_db, "SELECT count(*) AS n FROM customers WHERE status = 'active'"
    )
    # every message filed under a customer, once, in date order
    timeline = rows(demo_db, "SELECT customer, message, date FROM customer_timeline")
    assert len(timeline) == demo_db.execute("SELECT count(*) FROM message_customers").fetchone()[0]
    for _, group in itertools.groupby(timeline, key=lambda r: r["customer"]):
        dates = [r["date"] for r in group]
        assert dates == sorted(dates)
