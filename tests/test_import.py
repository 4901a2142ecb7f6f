"""Importing exports from mail clients: mbox, Maildir, .eml folders; idempotent."""

import mailbox

from click.testing import CliRunner
from tests.mailfactory import make_message

from mailcrm.sample_config import config_text
from mailcrm.cli.main import cli
from mailcrm.config import load_config
from mailcrm.schema import open_db
from mailcrm.mail.importer import import_path

CONFIG = config_text("crm.db", accounts=({"name": "lisa", "email": "lisa@hengtai-valve.com"},))


def setup(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    config = load_config(path)
    return config, open_db(config.database_path)


def count(db, sql="SELECT count(*) FROM messages"):
    return db.execute(sql).fetchone()[0]


def test_mbox_import_is_idempotent(tmp_path):
    config, db = setup(tmp_path)
    box = mailbox.mbox(tmp_path / "Inbox.mbox")
    for n in range(10):
        box.add(make_message(n))
    box.flush()
    first = import_path(config, db, tmp_path / "Inbox.mbox", account="lisa")
    again = import_path(config, db, tmp_path / "Inbox.mbox", account="lisa")
    assert (first.new, again.new, again.duplicates) == (10, 0, 10)
    assert count(db) == 10 and count(db, "SELECT count(*) FROM locations") == 10


def test_maildir_with_subfolders_and_flags(tmp_path):
    config, db = setup(tmp_path)
    root = mailbox.Maildir(tmp_path / "Mail")
    inbox_msg = mailbox.MaildirMessage(make_message(1))
    inbox_msg.set_subdir("cur")
    inbox_msg.set_flags("RS")
    root.add(inbox_msg)
    sent = root.add_folder("Sent")
    sent.add(make_message(2, sender="lisa@hengtai-valve.com", to="hans@acme-armaturen.de"))
    summary = import_path(config, db, tmp_path / "Mail", account="lisa")
    assert summary.new == 2 and summary.folders == {"INBOX": 1, "Sent": 1}
    rows = dict(db.execute("SELECT f.name, l.flags FROM locations l JOIN folders f ON f.id = l.folder").fetchall())
    assert rows["INBOX"] == "\\Answered \\Seen"
    roles = dict(db.execute("SELECT name, role FROM folders").fetchall())
    assert roles == {"INBOX": "inbox", "Sent": "sent"}
    direction = db.execute("SELECT direction FROM messages WHERE subject LIKE 'Inquiry 2:%'").fetchone()[0]
    assert direction == "out"


def test_eml_folder_and_files_that_hold_no_mail(tmp_path):
    config, db = setup(tmp_path)
    export = tmp_path / "export" / "Customers"
    export.mkdir(parents=True)
    for n in range(3):
        (export / f"{n}.eml").write_bytes(make_message(n))
    (export / "notes.txt").write_text("not mail")
    (export / "empty.eml").write_bytes(b"")
    summary = import_path(config, db, tmp_path / "export", account="lisa")
    assert (summary.new, summary.failed) == (3, 0)
    assert summary.skipped == [  # listed with the reason, never dropped silently
        ("Customers/empty.eml", "empty file"),
        ("Customers/notes.txt", "not mail: it starts with neither mail header fields nor a From_ line"),
    ]
    assert count(db) == 3


def test_import_command_prints_a_summary(tmp_path):
    setup(tmp_path)
    (tmp_path / "one.eml").write_bytes(make_message(1, attachment=("Quotation_HT-2026-011.pdf", b"%PDF-1.4 x")))
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "config.toml"), "import", str(tmp_path / "one.eml")])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    hits = CliRunner().invoke(cli, ["--config", str(tmp_path / "config.toml"), "search", "Quotation_HT"])
    assert "Inquiry 1" in hits.output
    saved = CliRunner().invoke(
        cli, ["--config", str(tmp_path / "config.toml"), "show", "1", "--save-attachments", str(tmp_path / "files")]
    )
    assert saved.exit_code == 0, saved.output
    assert (tmp_path / "files" / "Quotation_HT-2026-011.pdf").read_bytes() == b"%PDF-1.4 x"


def test_mail_from_a_colleague_is_stored_with_the_direction_filing_gives_it(tmp_path):
    """Our domain, not only our account address, makes mail outgoing: stored that way at
    once, so that filing it under customers has no message rows to rewrite."""
    from mailcrm.customers.filing import refresh

    config, db = setup(tmp_path)
    box = mailbox.mbox(tmp_path / "Sent.mbox")
    box.add(make_message(1, sender="tom@hengtai-valve.com", to="hans@acme-armaturen.de"))
    box.add(make_message(2, sender="Tom@Hengtai-Valve.com", to="lisa@hengtai-valve.com"))
    box.add(make_message(3, sender="hans@acme-armaturen.de", to="tom@hengtai-valve.com"))
    box.flush()
    import_path(config, db, tmp_path / "Sent.mbox", account="lisa")
    stored = db.execute("SELECT subject, direction FROM messages ORDER BY subject").fetchall()
    assert [direction for _, direction in stored] == ["out", "internal", "in"]
    refresh(db, config)
    assert db.execute("SELECT subject, direction FROM messages ORDER BY subject").fetchall() == stored


def test_a_reused_message_id_with_other_content_is_imported_as_another_message(tmp_path):
    config, db = setup(tmp_path)
    folder = tmp_path / "export"
    folder.mkdir()
    for name, quantity in (("first.eml", 500), ("second.eml", 800), ("again.eml", 500)):
        (folder / name).write_bytes(
            make_message(1, message_id="<QT-7@erp.acme-armaturen.de>", body=f"Please quote {quantity} pcs DN50.\n")
        )
    summary = import_path(config, db, folder, account="lisa")
    assert (summary.new, summary.duplicates, summary.id_collisions) == (2, 1, 1)
    assert "1 reused Message-ID with other content: kept as separate messages" in summary.line()
    bodies = {row[0] for row in db.execute("SELECT body_text FROM messages")}
    assert any("800" in body for body in bodies) and any("500" in body for body in bodies)
