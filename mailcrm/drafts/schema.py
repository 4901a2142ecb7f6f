"""The drafts module's own append-only migrations (applied after the engine set).

A draft's life: new → (approved) → pushed to the Drafts folder → sent, or
rejected / discarded (both cool the customer and purpose down). Every step is
also written to ``draft_events`` so ``drafts show`` can tell the story.
"""

from sqlite_utils import Migrations

from ..db import add_foreign_keys

migrations = Migrations("mailcrm-drafts")

M001_DRAFTS = """
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL,
    request INTEGER,                 -- draft_requests.id; NULL for built-in ones (holiday greetings)
    purpose TEXT NOT NULL,
    rule TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '{}',     -- JSON, copied from the request: why it was written
    status TEXT NOT NULL,            -- new, approved, pushed, sent, rejected, discarded
    account TEXT NOT NULL,           -- the mailbox it goes into / is sent from
    from_name TEXT NOT NULL DEFAULT '',
    from_email TEXT NOT NULL,
    contact INTEGER,
    to_name TEXT NOT NULL DEFAULT '',
    to_email TEXT NOT NULL,
    language TEXT NOT NULL,
    template TEXT NOT NULL,          -- e.g. de/reactivation.j2
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,         -- without the quoted message
    body_html TEXT NOT NULL,
    quote_text TEXT,                 -- the quoted customer message (replies only)
    quote_html TEXT,
    token TEXT NOT NULL UNIQUE,      -- in the X-Mailcrm-Draft header
    message_id TEXT NOT NULL UNIQUE, -- without angle brackets
    in_reply_to TEXT,
    refs TEXT NOT NULL DEFAULT '',   -- space-separated Message-IDs
    parent_message INTEGER,          -- messages.id of the quoted message
    content_keys TEXT NOT NULL DEFAULT '[]',  -- JSON: [content] items and offers used
    send_at TEXT,                    -- suggested, ISO 8601 with the customer's offset
    send_zone TEXT,
    send_notes TEXT NOT NULL DEFAULT '[]',    -- JSON: holidays, Ramadan, closures that held it back
    edited INTEGER NOT NULL DEFAULT 0,        -- changed by a person (drafts edit, or in the mail client)
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    reason TEXT,                     -- why rejected or discarded
    push_state TEXT,                 -- appending (intent recorded), appended
    push_started TEXT,
    pushed TEXT,
    folder TEXT,                     -- the Drafts folder it was appended to
    uidvalidity INTEGER,
    uid INTEGER,
    send_started TEXT,               -- mailcrm's own SMTP send began (never sent twice)
    sent TEXT,
    sent_message INTEGER,            -- messages.id of the copy found in Sent
    sent_via TEXT,                   -- client, smtp
    matched_by TEXT                  -- message-id, header, similar
);
CREATE INDEX drafts_status ON drafts (status);
CREATE INDEX drafts_customer ON drafts (customer, purpose, created);
CREATE UNIQUE INDEX drafts_open ON drafts (customer, purpose) WHERE status IN ('new', 'approved', 'pushed');
CREATE TABLE draft_events (
    id INTEGER PRIMARY KEY,
    draft INTEGER NOT NULL REFERENCES drafts(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,              -- generated, edited, approved, rejected, pushed, edited-in-client, sent, discarded
    text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX draft_events_draft ON draft_events (draft, id);
-- Requests that produced no draft, and why (do-not-contact, cool-down, no contact …).
CREATE TABLE draft_skips (
    request INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
)
"""


@migrations()
def m001_drafts(db):
    for statement in M001_DRAFTS.split(";\n"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m002_open_drafts(db):
    # A view for people reading the database (docs/schema.md): the drafts queue as
    # `drafts list` shows it (new, approved, pushed), soonest suggested send time first.
    db.execute("""
        CREATE VIEW open_drafts AS
        SELECT d.id AS draft,
               d.status AS status,
               CASE d.status WHEN 'new' THEN 'review' WHEN 'approved' THEN 'push or send'
                    WHEN 'pushed' THEN 'sending from the mail client' END AS waiting_for,
               d.customer AS customer,
               coalesce(nullif(c.name, ''), c.key) AS customer_name,
               c.owner AS owner,
               d.purpose AS purpose,
               d.rule AS rule,
               d.to_name AS to_name,
               d.to_email AS to_email,
               d.subject AS subject,
               d.language AS language,
               d.account AS account,
               d.send_at AS send_at,
               d.created AS created,
               d.updated AS updated
        FROM drafts d
        LEFT JOIN customers c ON c.id = d.customer
        WHERE d.status IN ('new', 'approved', 'pushed')
        ORDER BY datetime(d.send_at) IS NULL, datetime(d.send_at), d.id""")


@migrations(transactional=False)
def m003_foreign_keys(db):
    # The customer and message columns point at their rows as declared foreign keys (Datasette
    # links them; SQLite refuses a row pointing nowhere). Customers and messages are never
    # deleted, so no ON DELETE action is needed.
    add_foreign_keys(
        db,
        {
            "drafts": [
                ("customer", "customers", "id"),
                ("parent_message", "messages", "id"),
                ("sent_message", "messages", "id"),
            ]
        },
    )


@migrations()
def m004_draft_holds(db):
    # What the salesperson must do before any draft (decision.py): answer their request, settle a
    # claim, collect an overdue balance. `mailcrm today` shows the open ones ("Needs you before any
    # draft"); a later `drafts generate` resolves those that no longer hold.
    db.execute("""
        CREATE TABLE draft_holds (
            id INTEGER PRIMARY KEY,
            customer INTEGER NOT NULL REFERENCES customers(id),
            kind TEXT NOT NULL,              -- answer, claim, balance
            purposes TEXT NOT NULL,          -- the drafts held back, comma-separated
            request INTEGER,                 -- draft_requests.id of the latest request held back
            rule TEXT,
            message INTEGER REFERENCES messages(id),  -- answer: the message we owe an answer to
            thread INTEGER,                  -- answer: its messages.thread_id
            what TEXT NOT NULL,              -- what to do, as `mailcrm today` shows it
            detail TEXT NOT NULL DEFAULT '', -- their subject, the drafts held back
            since TEXT,                      -- YYYY-MM-DD: their message, the claim, the oldest unpaid order
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            resolved TEXT                    -- when a generate run found it no longer holds
        )""")
    db.execute("CREATE UNIQUE INDEX draft_holds_open ON draft_holds (customer, kind) WHERE resolved IS NULL")


@migrations()
def m005_draft_checks(db):
    # The checklist's verdict on each draft (checklist.py), run at the end of `drafts generate`
    # and by `drafts check`: the failed checks with their reasons; `drafts list` shows "needs edit".
    db.execute("ALTER TABLE drafts ADD COLUMN checks TEXT")  # JSON [{check, reason}]; '[]' passed; NULL not checked
    db.execute("ALTER TABLE drafts ADD COLUMN checked TEXT")  # when the checklist last ran over it
