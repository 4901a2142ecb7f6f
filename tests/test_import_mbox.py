"""Importing mbox files the way mail programs write them (issue 31, item 2).

Each test builds the mbox bytes by hand, as a given mail program writes them,
and checks what a user would see: how many messages, and their text complete.
"""

import pytest
from click.testing import CliRunner
from tests.mailfactory import make_message
from tests.test_import import setup

from mailcrm.mail import archive
from mailcrm.cli.main import cli
from mailcrm.errors import MailcrmError
from mailcrm.mail.importer import import_path

FROM_LINE = b"From hans@acme-armaturen.de Mon Mar  2 09:30:00 2026\n"


def lf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n")


def mbox_of(*messages: bytes, from_line: bytes = FROM_LINE) -> bytes:
    """mboxo/mboxrd as written: a From_ line, the message, an empty line."""
    return b"".join(from_line + lf(m) + b"\n" for m in messages)


def bodies(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT body_text FROM messages ORDER BY subject")]


def subjects(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT subject FROM messages ORDER BY subject")]


def test_a_body_line_starting_with_from_splits_nothing(tmp_path):
    config, db = setup(tmp_path)
    body = (
        "Dear Lisa,\n\nFrom time to time we ship by sea.\n\n"
        "From Monday on our warehouse is closed.\n"
        "From lisa@hengtai-valve.com Mon Mar  2 09:30:00 2026 (no empty line before: quoted text)\n"
        "Regards, Hans\n"
    )
    (tmp_path / "Inbox.mbox").write_bytes(mbox_of(make_message(1, body=body), make_message(2)))
    summary = import_path(config, db, tmp_path / "Inbox.mbox", account="lisa")
    assert (summary.new, summary.failed) == (2, 0)
    stored = bodies(db)[0]
    assert "From time to time we ship by sea." in stored and "Regards, Hans" in stored
    assert [hit.subject for hit in archive.search(db, "warehouse")] == ["Inquiry 1: DN50 ball valves"]


def test_mboxrd_quoted_from_lines_lose_one_quote(tmp_path):
    config, db = setup(tmp_path)
    # mboxrd writers add one '>' to every line matching ^>*From ; the reader takes one away
    body = b"Hello,\n\n>From the factory: 500 pcs.\n>>From an older mail, quoted.\n"
    raw = lf(make_message(1, body="PLACEHOLDER\n")).replace(b"PLACEHOLDER\n", body)
    (tmp_path / "Inbox.mbox").write_bytes(mbox_of(raw))
    import_path(config, db, tmp_path / "Inbox.mbox", account="lisa")
    stored = bodies(db)[0]
    assert "\nFrom the factory: 500 pcs." in "\n" + stored.replace("\r", "")
    assert ">From an older mail, quoted." in stored and ">>From" not in stored


def test_mboxcl2_content_length_is_trusted_when_consistent(tmp_path):
    config, db = setup(tmp_path)
    # mboxcl2 quotes nothing: this real-looking From_ line is body text, as Content-Length says
    body = b"See below.\n\nFrom lisa@hengtai-valve.com Tue Mar  3 10:00:00 2026\nthe old quote\n"
    first = lf(make_message(1, body="x\n")).replace(b"\n\nx\n", b"\nContent-Length: %d\n\n" % len(body) + body)
    # a wrong Content-Length (too long: it runs past the next From_ line) is ignored
    second = lf(make_message(2, body="y\n")).replace(b"\n\ny\n", b"\nContent-Length: 3\n\nwrong length\n")
    (tmp_path / "cl.mbox").write_bytes(mbox_of(first, second, make_message(3)))
    summary = import_path(config, db, tmp_path / "cl.mbox", account="lisa")
    assert (summary.new, summary.failed) == (3, 0)
    stored = bodies(db)
    assert "From lisa@hengtai-valve.com Tue Mar  3 10:00:00 2026\nthe old quote" in stored[0].replace("\r", "")
    assert "wrong length" in stored[1]


def test_crlf_mbox_with_a_byte_order_mark(tmp_path):
    config, db = setup(tmp_path)
    crlf = (FROM_LINE + lf(make_message(1)) + b"\n" + FROM_LINE + lf(make_message(2)) + b"\n").replace(b"\n", b"\r\n")
    (tmp_path / "Outlook.mbox").write_bytes(b"\xef\xbb\xbf" + crlf)
    summary = import_path(config, db, tmp_path / "Outlook.mbox", account="lisa")
    assert (summary.new, summary.failed) == (2, 0)
    assert subjects(db) == ["Inquiry 1: DN50 ball valves", "Inquiry 2: DN50 ball valves"]


def test_text_before_the_first_from_line_is_imported_if_it_is_a_message(tmp_path):
    config, db = setup(tmp_path)
    # a message whose From_ line was lost (a cut-off export), then two ordinary ones
    (tmp_path / "Cut.mbox").write_bytes(lf(make_message(1)) + b"\n" + mbox_of(make_message(2), make_message(3)))
    summary = import_path(config, db, tmp_path / "Cut.mbox", account="lisa")
    assert (summary.new, summary.failed, summary.skipped) == (3, 0, [])
    assert len(subjects(db)) == 3


def test_text_before_the_first_from_line_that_is_no_message_is_reported(tmp_path):
    config, db = setup(tmp_path)
    banner = b"Exported by MailTool 2.1\nAll folders\n\n"
    (tmp_path / "Export.mbox").write_bytes(banner + mbox_of(make_message(1), make_message(2)))
    summary = import_path(config, db, tmp_path / "Export.mbox", account="lisa")
    assert summary.new == 2
    text = len(banner) - 1  # the empty line before a From_ line separates, it is no one's
    assert summary.skipped == [(summary.path, f"{text} bytes of text before the first From_ line are not a message")]
    assert "skipped" in summary.line() and "before the first From_ line" in summary.line()


def test_an_empty_mbox_says_so(tmp_path):
    config, db = setup(tmp_path)
    (tmp_path / "Drafts.mbox").write_bytes(b"")
    with pytest.raises(MailcrmError, match=r"no messages found \(.*Drafts.mbox: empty file\)"):
        import_path(config, db, tmp_path / "Drafts.mbox", account="lisa")
    result = CliRunner().invoke(
        cli, ["--config", str(tmp_path / "config.toml"), "import", str(tmp_path / "Drafts.mbox")]
    )
    assert result.exit_code == 1
    assert "no messages found" in result.output and "empty file" in result.output
    assert len(result.output.strip().splitlines()) == 1
