"""What a file is comes from its content; odd names; batches bounded by bytes (issue 31, items 3, 4, 6)."""

import mailbox
import os

import pytest
from click.testing import CliRunner
from tests.mailfactory import make_message
from tests.test_import import count, setup

from mailcrm.sample_config import config_text
from mailcrm.cli.main import cli
from mailcrm.errors import MailcrmError
from mailcrm.mail.importer import Source, batches, import_path

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504  # how an Outlook .msg file starts
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
MBOX = b"".join(
    b"From hans@acme-armaturen.de Mon Mar  2 09:30:00 2026\n" + make_message(n).replace(b"\r\n", b"\n") + b"\n"
    for n in (10, 11)
)


def invoke(tmp_path, *args):
    return CliRunner().invoke(cli, ["--config", str(tmp_path / "config.toml"), *args])


@pytest.mark.parametrize("name", ["quotation.txt", "reply.msg", "no-extension"])
def test_one_message_in_a_file_of_any_name_is_imported(tmp_path, name):
    config, db = setup(tmp_path)
    (tmp_path / name).write_bytes(make_message(1, body="Price 12.50 EUR per piece, FOB Ningbo.\n"))
    summary = import_path(config, db, tmp_path / name, account="lisa")
    assert (summary.new, summary.skipped) == (1, [])
    assert "FOB Ningbo" in db.execute("SELECT body_text FROM messages").fetchone()[0]


def test_a_folder_lists_every_file_it_did_not_import_and_why(tmp_path):
    _, db = setup(tmp_path)
    export = tmp_path / "export"
    (export / "Sub").mkdir(parents=True)
    (export / "a.txt").write_bytes(make_message(1))
    (export / "Sub" / "b.msg").write_bytes(make_message(2))
    (export / "Inbox").write_bytes(MBOX)  # Thunderbird: an mbox without extension
    (export / "outlook.msg").write_bytes(OLE)
    (export / "logo.png").write_bytes(PNG)
    (export / "empty.eml").write_bytes(b"")
    (export / "notes.txt").write_text("Call Hans on Monday about the DN50 order.\n")
    result = invoke(tmp_path, "import", str(export), "--account", "lisa")
    assert result.exit_code == 0, result.output
    assert "4 new" in result.output and "4 skipped" in result.output
    assert "skipped outlook.msg: Outlook .msg (OLE) file" in result.output
    assert "skipped logo.png: PNG image" in result.output
    assert "skipped empty.eml: empty file" in result.output
    assert "skipped notes.txt: not mail" in result.output
    folders = dict(
        db.execute(
            "SELECT f.name, count(*) FROM locations l JOIN folders f ON f.id = l.folder GROUP BY f.name"
        ).fetchall()
    )
    assert folders == {"export": 1, "Sub": 1, "Inbox": 2}


def test_a_folder_with_nothing_to_import_fails_with_one_line(tmp_path):
    setup(tmp_path)
    export = tmp_path / "Outlook export"
    export.mkdir()
    (export / "offer.msg").write_bytes(OLE)
    (export / "photo.png").write_bytes(PNG)
    result = invoke(tmp_path, "import", str(export))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1, result.output
    assert "no messages found" in result.output and "offer.msg: Outlook .msg (OLE) file" in result.output


def test_an_empty_folder_says_so(tmp_path):
    config, db = setup(tmp_path)
    (tmp_path / "nothing").mkdir()
    with pytest.raises(MailcrmError, match="no messages found"):
        import_path(config, db, tmp_path / "nothing")


def gbk_path(directory, name: str):
    """A name as a Foxmail export unzipped on Linux has it: GBK bytes, not UTF-8."""
    return os.path.join(os.fsencode(directory), name.encode("gbk"))


def test_names_that_are_not_utf8_import_and_are_stored_readably(tmp_path):
    config, db = setup(tmp_path)
    export = tmp_path / "foxmail"
    export.mkdir()
    folder = gbk_path(export, "客户")
    os.mkdir(folder)
    with open(os.path.join(folder, "你好.eml".encode("gbk")), "wb") as file:
        file.write(make_message(1))
    with open(os.path.join(folder, "报价.eml".encode("gbk")), "wb") as file:
        file.write(make_message(2))
    with open(os.path.join(folder, "坏.png".encode("gbk")), "wb") as file:
        file.write(PNG)
    (export / "plain.eml").write_bytes(make_message(3))
    summary = import_path(config, db, os.fsdecode(os.fsencode(export)), account="lisa")
    assert (summary.new, summary.failed) == (3, 0)
    assert summary.folders == {"客户": 2, "foxmail": 1}
    assert summary.skipped == [("客户/坏.png", "PNG image, not mail")]
    assert sorted(name for (name,) in db.execute("SELECT name FROM folders")) == ["foxmail", "客户"]
    run = db.execute("SELECT summary FROM sync_runs WHERE kind = 'import'").fetchone()[0]
    assert "坏.png" in run


def test_a_failing_message_under_an_odd_name_is_recorded(tmp_path):
    """Recording the error (folder and file name) must not crash on the name either."""
    config, db = setup(tmp_path)
    root = mailbox.Maildir(tmp_path / "Mail")
    root.add(make_message(1))
    drafts = os.path.join(os.fsencode(tmp_path / "Mail"), b"." + "草稿".encode("gbk"))
    for sub in (b"cur", b"new", b"tmp"):
        os.makedirs(os.path.join(drafts, sub))
    with open(os.path.join(drafts, b"cur", "坏的".encode("gbk") + b":2,S"), "wb"):
        pass  # an empty file in a Maildir: stored raw, counted as failed
    summary = import_path(config, db, tmp_path / "Mail", account="lisa")
    assert (summary.new, summary.failed) == (1, 1)
    assert "坏的" in summary.errors[0]
    assert db.execute("SELECT folder FROM errors").fetchone()[0] == "草稿"
    assert count(db) == 2


def test_an_undecodable_name_is_still_shown(tmp_path):
    config, db = setup(tmp_path)
    export = tmp_path / "odd"
    export.mkdir()
    with open(os.path.join(os.fsencode(export), b"\xff\xfe-latin-\xe9.txt"), "wb") as file:
        file.write(b"neither mail nor UTF-8\n")
    (export / "two\nlines\x1b[2J.png").write_bytes(PNG)  # would break a one-line report, or clear a terminal
    (export / "ok.eml").write_bytes(make_message(1))
    summary = import_path(config, db, export, account="lisa")
    assert summary.new == 1
    [(control, _), (latin, reason)] = sorted(summary.skipped)  # "two" sorts before U+FFFD
    assert latin.endswith(".txt") and "\ufffd" in latin and reason.startswith("not mail")
    assert control == "two\ufffdlines\ufffd[2J.png"


def sized(n: int, size: int) -> Source:
    return Source("INBOX", str(n), b"x" * size)


def test_batches_are_bounded_by_bytes_and_a_big_message_is_a_batch_alone():
    mib = 1024 * 1024
    items = [sized(0, mib), sized(1, mib // 2), sized(2, mib), sized(3, 5 * mib), sized(4, 10), sized(5, 10)]
    formed = [[int(item.label) for item in batch] for batch in batches(iter(items), 500, 2 * mib)]
    assert formed == [[0, 1], [2], [3], [4, 5]]


def test_batches_read_sources_only_as_a_batch_fills():
    pulled = []

    def lazily():
        for n in range(10):
            pulled.append(n)
            yield sized(n, 1000)

    first = next(batches(lazily(), 500, 3000))
    assert len(first) == 3 and pulled == [0, 1, 2]  # full: handed on before the fourth is read


def test_import_json_is_one_document_with_what_was_skipped(tmp_path):
    import json

    config_path = tmp_path / "config.toml"
    config_path.write_text(config_text("crm.db", accounts=()), encoding="utf-8")
    export = tmp_path / "export"
    export.mkdir()
    (export / "quote.txt").write_bytes(make_message(3))
    (export / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = CliRunner().invoke(cli, ["--config", str(config_path), "import", str(export), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)  # nothing else on stdout
    assert report["new"] == 1 and [s["name"] for s in report["skipped"]] == ["logo.png"]
    assert report["after_store"]["ok"]
