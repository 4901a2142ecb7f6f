"""The customers part's own append-only migrations (set "mailcrm-customers").

Its first tables were created in the mail part's set before the parts were split
(mail/schema.py m002, m005, m009, m012); what is new goes here.
"""

from sqlite_utils import Migrations

migrations = Migrations("mailcrm-customers")

# What the triage read from each message from outside (customers/triage.py), what each contact
# did (contacts.exchanged now means: we wrote to them; their own mail is counted apart), and
# the identity keys without a customer with their verdict: pending (one-off senders waiting for
# a decision), spam, phishing, auth, bulk, campaign, logistics, bank, service, supplier.
M001_TRIAGE = [
    "ALTER TABLE message_facts ADD COLUMN triage TEXT",  # spam, phishing, auth, bulk, campaign, inquiry
    "ALTER TABLE message_facts ADD COLUMN triage_why TEXT",  # the header, phrase or campaign behind it
    "ALTER TABLE contacts ADD COLUMN wrote INTEGER NOT NULL DEFAULT 0",  # wrote to us, as a person
    "ALTER TABLE contacts ADD COLUMN asked INTEGER NOT NULL DEFAULT 0",  # ... asking for business
    "ALTER TABLE contacts ADD COLUMN junk INTEGER NOT NULL DEFAULT 0",  # sent mail the triage set aside
    """CREATE TABLE triage (
        key TEXT PRIMARY KEY,
        verdict TEXT NOT NULL,
        reason TEXT NOT NULL,
        messages INTEGER,               -- their mail to us
        last_message INTEGER,           -- messages.id of the latest
        last_seen TEXT
    ) WITHOUT ROWID""",
    "CREATE INDEX triage_verdict ON triage (verdict)",
]


@migrations()
def m001_triage(db):
    for statement in M001_TRIAGE:
        db.execute(statement)


# Merges and what they moved, so that `customers split` can undo one exactly, and the pairs a
# person split apart, which no automatic merge joins again (customers/merging.py).
M002_MERGES = [
    """CREATE TABLE customer_merges (
        id INTEGER PRIMARY KEY,
        kept INTEGER NOT NULL REFERENCES customers(id),
        merged INTEGER NOT NULL REFERENCES customers(id),
        reason TEXT NOT NULL,           -- signature, thread, person, manual
        evidence TEXT NOT NULL,         -- one line for people
        automatic INTEGER NOT NULL,
        at TEXT NOT NULL,
        moved TEXT NOT NULL DEFAULT '{}',   -- JSON: keys, contacts, notes, orders that moved
        undone TEXT                     -- when `customers split` undid it
    )""",
    "CREATE INDEX customer_merges_kept ON customer_merges (kept)",
    "CREATE INDEX customer_merges_merged ON customer_merges (merged)",
    """CREATE TABLE customer_apart (
        a TEXT NOT NULL,                -- two customer keys, a < b
        b TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID""",
]


@migrations()
def m002_merges(db):
    for statement in M002_MERGES:
        db.execute(statement)


# The monthly sales plan per customer (customers/plans.py, `mailcrm orders plan import`): one row
# per customer, month and product ('' for the whole month's plan), set against the orders.
M003_SALES_PLANS = [
    """CREATE TABLE sales_plans (
        id INTEGER PRIMARY KEY,
        customer INTEGER NOT NULL REFERENCES customers(id),
        month TEXT NOT NULL,            -- YYYY-MM
        product TEXT NOT NULL DEFAULT '',
        quantity REAL,
        amount REAL NOT NULL,
        currency TEXT NOT NULL,
        source TEXT NOT NULL,           -- csv:FILE
        updated TEXT NOT NULL
    )""",
    "CREATE UNIQUE INDEX sales_plans_one ON sales_plans (customer, month, lower(product))",
    "CREATE INDEX sales_plans_month ON sales_plans (month)",
]


# The kind of each attachment exchanged (customers/documents.py): contract, po, pi, quotation,
# invoice, packing-list, bl, certificate, payment, drawing, catalogue, photo, other, and what
# gave it away. Customer, direction and date are the message's. Filled by the next refresh.
M004_DOCUMENTS = [
    """CREATE TABLE documents (
        message INTEGER NOT NULL REFERENCES messages(id),
        idx INTEGER NOT NULL,           -- attachments.idx
        kind TEXT NOT NULL,
        why TEXT NOT NULL,              -- the file name, type, subject or sentence behind the kind
        PRIMARY KEY (message, idx)
    ) WITHOUT ROWID""",
    "CREATE INDEX documents_kind ON documents (kind)",
]


# Every contact recorded, not only mail (customers/contacts.py): a note is a call, a visit,
# a meeting, a chat or a fax when its kind says so, dated when it happened (``at``), with who
# reached out (direction in: they did; out: we did). Contacts count like mail in last_in,
# last_out and whose turn it is; a plain note (kind 'note', no direction) counts in nothing.
# ``recorded``: when it was logged (NULL for the notes written before).
M005_CONTACTS = [
    "ALTER TABLE notes ADD COLUMN kind TEXT NOT NULL DEFAULT 'note'",  # note, call, visit, meeting, chat, fax
    "ALTER TABLE notes ADD COLUMN direction TEXT",  # in, out; NULL for a note
    "ALTER TABLE notes ADD COLUMN recorded TEXT",
    "CREATE INDEX notes_contacts ON notes (customer, direction, at) WHERE kind != 'note'",
]


@migrations()
def m003_sales_plans(db):
    for statement in M003_SALES_PLANS:
        db.execute(statement)


@migrations()
def m004_documents(db):
    for statement in M004_DOCUMENTS:
        db.execute(statement)


@migrations()
def m005_contacts(db):
    for statement in M005_CONTACTS:
        db.execute(statement)
