"""The mail part's append-only migrations (set "mailcrm"). Never edit one once it has shipped:
add a new one below it.

m002 and m005 create customer tables: they shipped in this set before the parts were split,
and a set's applied migrations are recorded by name, so they stay here. New customer tables
go in a migration set of the customers part."""

import json

from sqlite_utils import Migrations

from ..db import add_foreign_keys

migrations = Migrations("mailcrm")


@migrations()
def m001_messages(db):
    db.executescript(
        """
        CREATE TABLE accounts (
            name TEXT PRIMARY KEY,
            email TEXT NOT NULL,
            owner TEXT NOT NULL
        );
        CREATE TABLE folders (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            name TEXT NOT NULL,            -- decoded (Unicode) folder name
            role TEXT,                     -- inbox, sent, drafts, archive, import …
            uidvalidity INTEGER,
            last_uid INTEGER NOT NULL DEFAULT 0,
            highestmodseq INTEGER,
            uidnext INTEGER,
            last_sync TEXT,
            last_error TEXT,
            UNIQUE (account, name)
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            message_id TEXT,               -- normalized Message-ID, NULL when missing
            content_hash TEXT NOT NULL,
            thread_id INTEGER,
            subject TEXT NOT NULL DEFAULT '',
            from_email TEXT,
            from_name TEXT,
            date TEXT,                     -- ISO 8601 UTC
            date_source TEXT,
            in_reply_to TEXT,
            size INTEGER NOT NULL,
            body_text TEXT NOT NULL DEFAULT '',
            attachment_names TEXT NOT NULL DEFAULT '',
            attachment_count INTEGER NOT NULL DEFAULT 0,
            headers TEXT NOT NULL DEFAULT '{}',   -- JSON: the headers rules need
            defects TEXT NOT NULL DEFAULT '[]',   -- JSON list
            parse_error TEXT,              -- set when only the raw bytes could be kept
            direction TEXT,                -- in, out, internal (filled by customers)
            first_seen TEXT NOT NULL
        );
        CREATE INDEX messages_message_id ON messages (message_id);
        CREATE INDEX messages_content_hash ON messages (content_hash);
        CREATE INDEX messages_thread ON messages (thread_id);
        CREATE INDEX messages_date ON messages (date);
        CREATE TABLE message_raw (
            message INTEGER PRIMARY KEY REFERENCES messages(id),
            compression TEXT NOT NULL,     -- zlib
            data BLOB NOT NULL
        );
        CREATE TABLE message_refs (
            message INTEGER NOT NULL REFERENCES messages(id),
            ref TEXT NOT NULL,             -- a Message-ID named by In-Reply-To/References
            PRIMARY KEY (message, ref)
        ) WITHOUT ROWID;
        CREATE INDEX message_refs_ref ON message_refs (ref);
        CREATE TABLE addresses (
            message INTEGER NOT NULL REFERENCES messages(id),
            role TEXT NOT NULL,            -- from, sender, reply_to, to, cc, bcc
            position INTEGER NOT NULL,
            email TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (message, role, position)
        ) WITHOUT ROWID;
        CREATE INDEX addresses_email ON addresses (email);
        CREATE TABLE attachments (
            message INTEGER NOT NULL REFERENCES messages(id),
            idx INTEGER NOT NULL,
            filename TEXT,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            inline INTEGER NOT NULL DEFAULT 0,
            content_id TEXT,
            PRIMARY KEY (message, idx)
        ) WITHOUT ROWID;
        CREATE INDEX attachments_sha256 ON attachments (sha256);
        CREATE TABLE locations (
            id INTEGER PRIMARY KEY,
            message INTEGER NOT NULL REFERENCES messages(id),
            folder INTEGER NOT NULL REFERENCES folders(id),
            uidvalidity INTEGER NOT NULL,
            uid INTEGER NOT NULL,
            flags TEXT NOT NULL DEFAULT '',  -- space-separated, sorted
            internaldate TEXT,
            gone_at TEXT,                    -- expunged on the server: kept in history
            UNIQUE (folder, uidvalidity, uid)
        );
        CREATE INDEX locations_message ON locations (message);
        CREATE TABLE sync_runs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,            -- sync, import, nightly …
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT,                   -- ok, failed, partial
            summary TEXT                   -- JSON
        );
        CREATE TABLE errors (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            run INTEGER,
            account TEXT,
            folder TEXT,
            uid INTEGER,
            message INTEGER,
            stage TEXT NOT NULL,           -- fetch, parse, store, import …
            error TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            subject, body, attachments, content='',
            tokenize='unicode61 remove_diacritics 2'
        );
        """
    )


M002_CUSTOMERS = """
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,        -- registrable domain, free-mail address, or lead:<slug>
    kind TEXT NOT NULL,              -- company, person (free-mail), lead (no address yet)
    status TEXT NOT NULL DEFAULT 'active',  -- active, ignored, merged
    merged_into INTEGER REFERENCES customers(id),
    source TEXT NOT NULL DEFAULT 'mail',    -- mail, alibaba, made-in-china, global-sources, csv, manual
    created TEXT NOT NULL,
    -- effective values (what everyone reads) = override when set, else inferred (*_auto)
    name TEXT NOT NULL DEFAULT '',
    name_auto TEXT NOT NULL DEFAULT '',
    name_override TEXT,
    country TEXT,                    -- ISO 3166 alpha-2
    country_auto TEXT,
    country_source TEXT,             -- override, stated, cctld, phone
    country_override TEXT,
    timezone TEXT,                   -- IANA
    timezone_auto TEXT,
    timezone_override TEXT,
    language TEXT,                   -- ISO 639-1, from their own inbound mail
    language_auto TEXT,
    language_override TEXT,
    owner TEXT,                      -- salesperson
    owner_auto TEXT,
    owner_override TEXT,
    grade TEXT,
    grade_auto TEXT,                 -- written by grading
    grade_override TEXT,
    stage TEXT,
    next_contact TEXT,               -- YYYY-MM-DD
    credit_list TEXT,                -- red, grey, black
    -- aggregates over message_customers (automated mail excluded)
    messages_in INTEGER NOT NULL DEFAULT 0,
    messages_out INTEGER NOT NULL DEFAULT 0,
    threads INTEGER NOT NULL DEFAULT 0,
    attachments INTEGER NOT NULL DEFAULT 0,
    first_in TEXT, last_in TEXT, first_out TEXT, last_out TEXT,
    their_reply_hours REAL,          -- median time they take to answer us
    our_reply_hours REAL,            -- median time we take to answer them
    last_message INTEGER,
    last_direction TEXT,             -- in, out
    turn TEXT,                       -- us (they wrote last, unanswered), them (we wrote last)
    updated TEXT
);
CREATE INDEX customers_status ON customers (status);
CREATE INDEX customers_owner ON customers (owner);
CREATE INDEX customers_country ON customers (country);
CREATE TABLE customer_keys (
    key TEXT PRIMARY KEY,            -- a domain, a free-mail address or lead:<slug> filed under the customer
    customer INTEGER NOT NULL REFERENCES customers(id),
    added TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX customer_keys_customer ON customer_keys (customer);
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    email TEXT UNIQUE,               -- NULL for a card or platform lead without address
    key TEXT,                        -- identity key: registrable domain or free-mail address
    customer INTEGER REFERENCES customers(id),
    pinned INTEGER NOT NULL DEFAULT 0,     -- customer chosen by a person: refresh keeps it
    ignored INTEGER NOT NULL DEFAULT 0,    -- matches an ignore: never a customer
    exchanged INTEGER NOT NULL DEFAULT 0,  -- wrote to us, or we wrote to them
    lead INTEGER NOT NULL DEFAULT 0,       -- named as buyer in a platform notification
    name TEXT NOT NULL DEFAULT '',
    title TEXT,                      -- role from signature or card
    phone TEXT,
    company TEXT,                    -- the company they sign for / stated on a card
    website TEXT,
    country TEXT,                    -- stated (card, platform), ISO alpha-2
    source TEXT NOT NULL DEFAULT 'mail',
    first_seen TEXT,
    last_seen TEXT
);
CREATE INDEX contacts_key ON contacts (key);
CREATE INDEX contacts_customer ON contacts (customer);
CREATE TABLE message_contacts (
    message INTEGER NOT NULL REFERENCES messages(id),
    contact INTEGER NOT NULL REFERENCES contacts(id),
    role TEXT NOT NULL,              -- from, reply_to, to, cc, bcc, buyer (platform notification)
    PRIMARY KEY (message, contact, role)
) WITHOUT ROWID;
CREATE INDEX message_contacts_contact ON message_contacts (contact);
CREATE TABLE message_customers (
    message INTEGER NOT NULL REFERENCES messages(id),
    customer INTEGER NOT NULL REFERENCES customers(id),
    automated INTEGER NOT NULL DEFAULT 0,  -- auto-reply, list mail: in the timeline, not in counts
    PRIMARY KEY (message, customer)
) WITHOUT ROWID;
CREATE INDEX message_customers_customer ON message_customers (customer, message);
CREATE TABLE message_facts (
    message INTEGER PRIMARY KEY REFERENCES messages(id),
    contact INTEGER REFERENCES contacts(id),
    automated INTEGER NOT NULL DEFAULT 0,
    platform TEXT,                   -- alibaba, made-in-china, global-sources …
    language TEXT,
    company TEXT,
    title TEXT,
    phone TEXT,
    phone_country TEXT,
    website TEXT,
    utc_offset INTEGER               -- minutes, from the Date header of their mail
);
CREATE INDEX message_facts_contact ON message_facts (contact);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL REFERENCES customers(id),
    at TEXT NOT NULL,
    author TEXT,
    text TEXT NOT NULL
);
CREATE INDEX notes_customer ON notes (customer);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL REFERENCES customers(id),
    date TEXT NOT NULL,              -- YYYY-MM-DD
    amount REAL NOT NULL,
    currency TEXT NOT NULL,
    product TEXT NOT NULL DEFAULT '',
    quantity REAL,
    paid REAL NOT NULL DEFAULT 0,
    outstanding REAL NOT NULL DEFAULT 0,
    order_no TEXT,
    source TEXT NOT NULL DEFAULT 'manual',
    fingerprint TEXT NOT NULL UNIQUE, -- keeps re-imports from double-counting
    created TEXT NOT NULL
);
CREATE INDEX orders_customer ON orders (customer, date);
CREATE TABLE customer_events (
    id INTEGER PRIMARY KEY,
    customer INTEGER NOT NULL REFERENCES customers(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,              -- created, merge, split, link, ignore, set, stage, tag, handover …
    text TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX customer_events_customer ON customer_events (customer, at);
CREATE TABLE ignores (
    target TEXT PRIMARY KEY,         -- an address or a domain
    kind TEXT NOT NULL,              -- address, domain
    reason TEXT,
    created TEXT NOT NULL
);
CREATE TABLE customer_meta (
    name TEXT PRIMARY KEY,
    value TEXT
)
"""


@migrations()
def m002_customers(db):
    for statement in M002_CUSTOMERS.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m003_message_utc_offset(db):
    # Read by customers.refresh, which used to decompress each message for its Date header.
    # NULL for mail stored before: refresh then reads the header from the raw message.
    db.execute("ALTER TABLE messages ADD COLUMN utc_offset INTEGER")


@migrations()
def m004_folder_present_count(db):
    # Messages present in the folder after the last complete sync: the no-change check
    # compares it with EXISTS instead of counting locations. NULL: count them.
    db.execute("ALTER TABLE folders ADD COLUMN present INTEGER")


@migrations()
def m005_customer_dirty(db):
    # Customers to recompute at the next refresh, one row each. They were one JSON list in
    # customer_meta, read and rewritten whole by every mark: each thread link of a first
    # refresh at 100,000 messages rewrote 7,000 ids (0.6 s in all).
    db.execute("CREATE TABLE customer_dirty (customer INTEGER PRIMARY KEY)")
    row = db.execute("SELECT value FROM customer_meta WHERE name = 'dirty'").fetchone()
    if row and row[0]:
        db.conn.executemany(
            "INSERT OR IGNORE INTO customer_dirty VALUES (?)", [(int(pk),) for pk in json.loads(row[0])]
        )
    db.execute("DELETE FROM customer_meta WHERE name = 'dirty'")


@migrations()
def m006_message_identity(db):
    # A message is its Message-ID plus its content without transport headers (identity.py):
    # Message-ID, From and Subject alone merged different mail that reused an ID. NULL for
    # mail stored before: computed from the raw message the first time it is compared.
    db.execute("ALTER TABLE messages ADD COLUMN identity_hash TEXT")
    db.execute("ALTER TABLE messages ADD COLUMN header_hash TEXT")
    db.execute("CREATE INDEX messages_identity_hash ON messages (identity_hash)")
    # \Recent belongs to one session of one client: stored, it only went stale.
    db.execute(
        "UPDATE locations SET flags = trim(replace(' ' || flags || ' ', ' \\Recent ', ' ')) "
        "WHERE flags LIKE '%\\Recent%'"
    )


@migrations()
def m007_folder_older_than_since(db):
    # Messages a first pass left out as older than the account's `since`: said, not silent.
    db.execute("ALTER TABLE folders ADD COLUMN older_than_since INTEGER NOT NULL DEFAULT 0")


@migrations()
def m008_recheck_every_flag(db):
    # `sync --full` and UIDVALIDITY rescans used to store copies without flags. Forgetting
    # each folder's HIGHESTMODSEQ makes the next sync read every flag once and repair them.
    db.execute("UPDATE folders SET highestmodseq = NULL")


@migrations()
def m009_customer_timeline(db):
    # A view for people reading the database (Datasette, sqlite-utils; docs/schema.md): each
    # customer's messages, oldest first. Customer tables live in this set (see above).
    db.execute("""
        CREATE VIEW customer_timeline AS
        SELECT mc.customer AS customer,
               coalesce(nullif(c.name, ''), c.key) AS customer_name,
               m.id AS message,
               m.date AS date,
               m.direction AS direction,
               m.from_name AS from_name,
               m.from_email AS from_email,
               m.subject AS subject,
               mc.automated AS automated,
               m.thread_id AS thread,
               m.attachment_count AS attachments
        FROM message_customers mc
        JOIN messages m ON m.id = mc.message
        JOIN customers c ON c.id = mc.customer
        ORDER BY mc.customer, m.date, m.id""")


@migrations(transactional=False)
def m010_foreign_keys(db):
    # The customer and message columns point at their rows as declared foreign keys (Datasette
    # links them; SQLite refuses a row pointing nowhere). Customers and messages are never
    # deleted, so no ON DELETE action is needed.
    add_foreign_keys(
        db, {"customer_dirty": [("customer", "customers", "id")], "errors": [("message", "messages", "id")]}
    )


@migrations()
def m011_searchable_from_datasette(db):
    # The full-text index names messages as its content table, so Datasette finds it and its
    # search box works on the messages table (it ignored a contentless index). The indexed
    # text stays mailcrm's own (CJK spaced out, see textindex.py): every message is indexed
    # again, once; about as long as indexing them took on the first sync.
    from .textindex import index_text  # the migration's own need: loaded only when it runs

    db.conn.create_function("mailcrm_index_text", 1, lambda text: index_text(text or ""), deterministic=True)
    for statement in MESSAGES_FTS_WITH_CONTENT.split(";"):  # one at a time: no implicit COMMIT
        if statement.strip():
            db.execute(statement)


# content="messages" in double quotes: the form Datasette's detection looks for.
MESSAGES_FTS_WITH_CONTENT = """
CREATE VIRTUAL TABLE messages_fts_new USING fts5(
    subject, body_text, attachment_names, content="messages", content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts_new (rowid, subject, body_text, attachment_names)
    SELECT id, mailcrm_index_text(subject), mailcrm_index_text(body_text), mailcrm_index_text(attachment_names)
    FROM messages;
DROP TABLE messages_fts;
ALTER TABLE messages_fts_new RENAME TO messages_fts;
"""


@migrations()
def m012_orders_from_mail(db):
    # Orders read from the mail (source 'mail'): the message they were found in, and whether
    # the mail stated the amount. An unknown amount is stored as 0 with amount_known = 0, so
    # sums stay numbers and grading leaves the order out of the value (never counts it as 0).
    db.execute("ALTER TABLE orders ADD COLUMN message INTEGER REFERENCES messages(id)")
    db.execute("ALTER TABLE orders ADD COLUMN amount_known INTEGER NOT NULL DEFAULT 1")
    db.execute("CREATE INDEX orders_message ON orders (message)")


@migrations()
def m013_country_evidence(db):
    # Country and time zone from the strongest evidence (customers/location.py): the place an
    # address in the signature names, and each customer's evidence as JSON for `why` and
    # `customers show`. Forgetting the refresh's fingerprint makes the next refresh a full
    # rebuild, which reads every signature again (and reads phones with libphonenumber's data).
    for column in ("place", "place_country", "place_zone"):
        db.execute(f"ALTER TABLE message_facts ADD COLUMN {column} TEXT")
    db.execute("ALTER TABLE customers ADD COLUMN country_evidence TEXT")
    db.execute("DELETE FROM customer_meta WHERE name = 'fingerprint'")
