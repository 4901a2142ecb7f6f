"""Append-only schema migrations. Never edit a migration once it has shipped:
add a new one below it."""

from sqlite_utils import Migrations

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
