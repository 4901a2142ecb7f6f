"""The rule engine's own append-only migrations (applied after the core set).

What rules concluded is stored apart from the customers module's tables so that
each conclusion keeps its evidence: the rule, the messages, the words matched.
"""

from sqlite_utils import Migrations

from ..db import add_foreign_keys

migrations = Migrations("mailcrm-engine")

M001_ENGINE = """
-- Per rule: which version ran (fingerprint of its definition) and the last
-- message id it has seen. A new or edited rule starts again from message 0.
CREATE TABLE rule_state (
    rule TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    cursor INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL
);
-- Message rules that matched, with the words that made them match. Customer
-- facts (tags, stage) are derived from these joined to message_customers, so
-- re-filing a message under another customer moves its evidence too.
CREATE TABLE rule_hits (
    rule TEXT NOT NULL,
    message INTEGER NOT NULL REFERENCES messages(id),
    date TEXT,                       -- the message's date (ISO, UTC)
    terms TEXT NOT NULL DEFAULT '[]',  -- JSON list of matched words
    PRIMARY KEY (rule, message)
) WITHOUT ROWID;
CREATE INDEX rule_hits_message ON rule_hits (message);
CREATE TABLE customer_tags (
    customer INTEGER NOT NULL,
    tag TEXT NOT NULL,
    status TEXT NOT NULL,            -- active, faded, removed
    active INTEGER NOT NULL DEFAULT 0,  -- 1 when status = 'active' (customers list --tag reads it)
    first_seen TEXT,
    last_seen TEXT,
    count INTEGER NOT NULL DEFAULT 0,  -- messages that brought the topic up
    rules TEXT NOT NULL DEFAULT '[]',
    terms TEXT NOT NULL DEFAULT '[]',
    fades_on TEXT,                   -- YYYY-MM-DD: inactive from then on unless it comes up again
    changed TEXT NOT NULL,
    PRIMARY KEY (customer, tag)
);
CREATE TABLE customer_stage (
    customer INTEGER PRIMARY KEY,
    stage TEXT NOT NULL,
    since TEXT NOT NULL,             -- YYYY-MM-DD the stage was entered
    source TEXT NOT NULL,            -- rule, manual
    rule TEXT,
    message INTEGER,
    changed TEXT NOT NULL
);
CREATE TABLE stage_history (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL,
    stage TEXT NOT NULL,
    previous TEXT,
    since TEXT NOT NULL,
    source TEXT NOT NULL,
    rule TEXT,
    message INTEGER,
    recorded TEXT NOT NULL
);
CREATE INDEX stage_history_customer ON stage_history (customer, id);
-- Stages set by hand or by customer rules (message evidence lives in rule_hits).
CREATE TABLE stage_events (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL,
    stage TEXT NOT NULL,
    at TEXT NOT NULL,                -- YYYY-MM-DD
    source TEXT NOT NULL,            -- manual, rule
    rule TEXT,
    author TEXT,
    note TEXT,
    forced INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stage_events_customer ON stage_events (customer, at);
CREATE TABLE customer_flags (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL,
    flag TEXT NOT NULL,              -- stalled, churn-risk, complaint, payment-risk, competitor …
    rule TEXT NOT NULL,
    severity TEXT NOT NULL DEFAULT 'normal',  -- urgent, normal, low
    note TEXT,
    message INTEGER,                 -- latest message behind it (message rules)
    evidence TEXT NOT NULL DEFAULT '{}',      -- JSON: messages and words, or customer facts
    raised TEXT NOT NULL,            -- YYYY-MM-DD
    expires TEXT,                    -- message rules: open until then unless it comes up again
    resolved TEXT,
    resolution TEXT                  -- condition-ended, expired, unflag, manual
);
CREATE UNIQUE INDEX customer_flags_open ON customer_flags (customer, flag, rule) WHERE resolved IS NULL;
CREATE INDEX customer_flags_customer ON customer_flags (customer);
-- Customer rules currently holding for a customer: actions that are events
-- (alert, draft, follow-up) fire once per episode, not on every nightly pass.
CREATE TABLE rule_episodes (
    rule TEXT NOT NULL,
    customer INTEGER NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (rule, customer)
) WITHOUT ROWID;
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL,
    rule TEXT NOT NULL,
    recipient TEXT NOT NULL,         -- owner, manager
    person TEXT,                     -- the owner's or manager's name when known
    note TEXT NOT NULL,
    message INTEGER,
    event_key TEXT NOT NULL,         -- message id or episode start: fired once
    created TEXT NOT NULL,
    delivered TEXT,                  -- set by the digest
    UNIQUE (rule, customer, recipient, event_key)
);
-- The drafts module's queue: what to write, for whom, and why.
CREATE TABLE draft_requests (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL,
    purpose TEXT NOT NULL,           -- reactivation, value-content, stalled-nudge, quote-follow-up, complaint-reply
    rule TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '{}',
    note TEXT,
    event_key TEXT NOT NULL,
    created TEXT NOT NULL,           -- YYYY-MM-DD (the run's day)
    status TEXT NOT NULL DEFAULT 'pending',  -- pending, drafted, sent, dismissed
    updated TEXT,
    UNIQUE (rule, customer, event_key)
);
CREATE INDEX draft_requests_status ON draft_requests (status, customer);
CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL,
    due TEXT NOT NULL,               -- YYYY-MM-DD
    source TEXT NOT NULL,            -- rule, manual
    rule TEXT,
    message INTEGER,
    note TEXT,
    event_key TEXT NOT NULL,
    created TEXT NOT NULL,
    UNIQUE (source, rule, customer, event_key)
);
CREATE INDEX follow_ups_customer ON follow_ups (customer, created);
CREATE TABLE customer_grades (
    customer INTEGER PRIMARY KEY,
    grade TEXT,                      -- A, B, C
    basis TEXT NOT NULL,             -- orders, engagement, single-share
    value_12m REAL NOT NULL DEFAULT 0,
    share REAL NOT NULL DEFAULT 0,   -- of all customers' 12-month order value
    cumulative REAL NOT NULL DEFAULT 0,
    rank INTEGER,
    engagement INTEGER NOT NULL DEFAULT 0,
    recency_days INTEGER,
    frequency INTEGER NOT NULL DEFAULT 0,
    r_score INTEGER, f_score INTEGER, m_score INTEGER,
    follow_up_days INTEGER,
    next_contact TEXT,               -- YYYY-MM-DD
    next_contact_source TEXT,        -- manual, rule, grade
    next_contact_reason TEXT,
    computed TEXT NOT NULL
);
CREATE TABLE rule_runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    today TEXT NOT NULL,
    dry_run INTEGER NOT NULL DEFAULT 0,
    messages INTEGER NOT NULL DEFAULT 0,
    changes INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '{}'
)
"""


@migrations()
def m001_engine(db):
    for statement in M001_ENGINE.split(";\n"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m002_pipeline_by_stage(db):
    # A view for people reading the database (docs/schema.md): active customers per owner and
    # trade stage, in the order of the trade. customers.stage is what lists show (the engine
    # mirrors customer_stage into it; a CSV import or a person may set it too).
    db.execute("""
        CREATE VIEW pipeline_by_stage AS
        SELECT c.owner AS owner,
               c.stage AS stage,
               CASE c.stage WHEN 'inquiry' THEN 1 WHEN 'quotation' THEN 2 WHEN 'sample' THEN 3
                    WHEN 'negotiation' THEN 4 WHEN 'order' THEN 5 WHEN 'shipment' THEN 6
                    WHEN 'after-sales' THEN 7 END AS stage_order,
               count(*) AS customers,
               sum(c.turn IS 'us') AS our_turn,
               min(s.since) AS oldest_since
        FROM customers c
        LEFT JOIN customer_stage s ON s.customer = c.id AND s.stage = c.stage
        WHERE c.status = 'active'
        GROUP BY c.owner, c.stage
        ORDER BY c.owner IS NULL, c.owner, stage_order IS NULL, stage_order, c.stage""")


@migrations(transactional=False)
def m003_foreign_keys(db):
    # The customer and message columns point at their rows as declared foreign keys (Datasette
    # links them; SQLite refuses a row pointing nowhere). Customers and messages are never
    # deleted, so no ON DELETE action is needed.
    add_foreign_keys(
        db,
        {
            "customer_tags": [("customer", "customers", "id")],
            "customer_stage": [("customer", "customers", "id"), ("message", "messages", "id")],
            "stage_history": [("customer", "customers", "id"), ("message", "messages", "id")],
            "stage_events": [("customer", "customers", "id")],
            "customer_flags": [("customer", "customers", "id"), ("message", "messages", "id")],
            "alerts": [("customer", "customers", "id"), ("message", "messages", "id")],
            "draft_requests": [("customer", "customers", "id")],
            "follow_ups": [("customer", "customers", "id"), ("message", "messages", "id")],
            "customer_grades": [("customer", "customers", "id")],
        },
        rebuilt={"rule_episodes": RULE_EPISODES_WITH_KEY},
    )


@migrations()
def m004_auto_replies(db):
    # Is a customer's latest mail to us an out-of-office notice, and until when (engine/away.py)?
    # Each message is read once (per version of the reader); the grade keeps the customer's
    # notice, and a next contact before the day they are back waits for it.
    db.execute("""
        CREATE TABLE auto_reply_reads (
            message INTEGER PRIMARY KEY REFERENCES messages(id),
            auto_reply INTEGER NOT NULL,     -- 1: an auto-reply or out-of-office notice
            back TEXT,                       -- YYYY-MM-DD: the first day back it names
            reader INTEGER NOT NULL,         -- version of the reading (away.READER)
            read TEXT NOT NULL
        )""")
    db.execute("ALTER TABLE customer_grades ADD COLUMN auto_reply INTEGER REFERENCES messages(id)")
    db.execute("ALTER TABLE customer_grades ADD COLUMN back_on TEXT")


@migrations()
def m005_money(db):
    # Every amount keeps its currency (mailcrm/money.py): value_12m is in `currency`, the
    # [money] base of the run that computed it; orders in a currency without a rate are not
    # in it, and `unpriced` says which ({"XYZ": [orders, amount]}, NULL when none).
    db.execute("ALTER TABLE customer_grades ADD COLUMN currency TEXT")
    db.execute("ALTER TABLE customer_grades ADD COLUMN unpriced TEXT")


# sqlite-utils' transform copies rowids, which a WITHOUT ROWID table has not: rebuilt by hand.
RULE_EPISODES_WITH_KEY = """
CREATE TABLE rule_episodes_new (
    rule TEXT NOT NULL,
    customer INTEGER NOT NULL REFERENCES customers(id),
    since TEXT NOT NULL,
    PRIMARY KEY (rule, customer)
) WITHOUT ROWID;
INSERT INTO rule_episodes_new (rule, customer, since) SELECT rule, customer, since FROM rule_episodes;
DROP TABLE rule_episodes;
ALTER TABLE rule_episodes_new RENAME TO rule_episodes
"""
