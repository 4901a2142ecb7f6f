"""Drafts against the test Dovecot: generate, review, push into Drafts, close the loop."""

from __future__ import annotations

import email
import json
import sys
from datetime import datetime, timedelta, timezone
from email import policy
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from mailcrm.drafts import queue
from mailcrm.cli.main import cli
from mailcrm.drafts.generate import generate
from mailcrm.drafts.tracking import close_loop
from mailcrm.drafts.push import push

from tests.dovecot import fetch_all
from tests.fixtures_drafts import DRAFT_SECTIONS, EVIL, HANS, JOAO, MOHAMMED, NOW, Setup, evil_mail
from tests.test_compose import assert_ids_written_literally, outlook_id


@pytest.fixture
def setup(tmp_path, dovecot_server, imap_user):
    return Setup(tmp_path, dovecot_server, imap_user)


def drafts_folder(setup) -> dict[int, dict]:
    """uid -> {flags, message} of what is in the user's Drafts folder now."""
    client = setup.server.connect(setup.login)
    try:
        client.select_folder("Drafts", readonly=True)
        data = fetch_all(client, "FLAGS BODY.PEEK[]")
    finally:
        client.logout()
    return {
        uid: {
            "flags": {f.decode() for f in d[b"FLAGS"]} - {"\\Recent"},
            "message": email.message_from_bytes(d[b"BODY[]"], policy=policy.default),
        }
        for uid, d in data.items()
    }


def invoke(setup, *args, env=None):
    result = CliRunner().invoke(cli, ["--config", str(setup.config_path), *args], env=env)
    return result


def one(setup, email_address: str) -> dict:
    found = setup.drafts(email_address)
    assert len(found) == 1, found
    return found[0]


# -- generating -------------------------------------------------------------------------------------


def test_drafts_are_written_in_the_customers_language_and_thread(setup):
    setup.request(HANS, "quote-follow-up", message="hans-1@acme-armaturen.de")
    setup.request(JOAO, "reactivation")
    report = generate(setup.db, setup.config)
    assert report.count("drafted") == 2, report.as_dict()

    hans = one(setup, HANS)
    assert hans["language"] == "de" and hans["template"] == "de/quote-follow-up.j2"
    assert hans["body_text"].startswith("Sehr geehrter Herr Müller,\n")
    assert hans["subject"] == "Re: Anfrage Kugelhähne DN50 PN40"
    # Lisa's quotation came after Hans's inquiry: the follow-up continues (and quotes) it
    assert hans["in_reply_to"] == "lisa-q1@hengtai-valve.com"
    assert hans["refs"] == "hans-1@acme-armaturen.de lisa-q1@hengtai-valve.com"
    assert hans["quote_text"].startswith("Am ") and "> please find our quotation" in hans["quote_text"]
    quoted_on = (NOW - timedelta(days=28)).astimezone(ZoneInfo("Europe/Berlin")).date()
    assert f"Unser Angebot vom {quoted_on.day}. " in hans["body_text"]  # "vom 30. Juli 2026", not ISO
    assert hans["send_zone"] == "Europe/Berlin"

    joao = one(setup, JOAO)
    assert joao["language"] == "pt" and joao["in_reply_to"] is None and joao["quote_text"] is None
    assert joao["subject"].startswith("Nosso novo catálogo de válvulas 2026")
    assert "5% de desconto no próximo pedido" in joao["body_text"]
    assert "https://hengtai-valve.com/catalogue-2026.pdf" in joao["body_text"]
    assert joao["send_zone"] == "America/Sao_Paulo"
    requests = dict(setup.db.execute("SELECT customer, status FROM draft_requests").fetchall())
    assert set(requests.values()) == {"drafted"}


def test_one_open_draft_per_customer_and_purpose_and_a_cool_down_after_rejection(setup):
    setup.request(JOAO, "reactivation")
    generate(setup.db, setup.config)
    second = setup.request(JOAO, "reactivation")
    report = generate(setup.db, setup.config)
    assert report.count("skipped") == 1 and "still open" in report.outcomes[0].detail
    assert setup.db.execute("SELECT status FROM draft_requests WHERE id = ?", [second]).fetchone()[0] == "dismissed"

    queue.reject(setup.db, one(setup, JOAO)["id"], "called them instead")
    setup.request(JOAO, "reactivation")
    report = generate(setup.db, setup.config)
    assert "cooling down" in report.outcomes[0].detail
    setup.request(JOAO, "after-sales")  # another purpose is not cooling down
    assert generate(setup.db, setup.config).count("drafted") == 1


def test_two_drafts_for_one_customer_are_spaced_out(setup):
    setup.request(JOAO, "reactivation")
    setup.request(JOAO, "value-content")
    assert generate(setup.db, setup.config).count("drafted") == 2
    first, second = setup.drafts(JOAO)
    gap = datetime.fromisoformat(second["send_at"]).date() - datetime.fromisoformat(first["send_at"]).date()
    assert gap.days >= 3 and f"after draft #{first['id']}" in second["send_notes"]
    assert "Industrial valve market 2026" in second["body_text"]  # the generic item: no tag matched


def test_dry_run_stores_nothing(setup):
    setup.request(HANS, "quote-follow-up")
    report = generate(setup.db, setup.config, dry_run=True)
    assert report.count("would draft") == 1 and report.outcomes[0].subject.startswith("Re: ")
    assert setup.drafts() == []
    assert setup.db.execute("SELECT status FROM draft_requests").fetchone()[0] == "pending"


def test_never_for_ignored_black_listed_or_do_not_contact_customers(tmp_path, dovecot_server, imap_user):
    setup = Setup(
        tmp_path,
        dovecot_server,
        imap_user,
        extra=DRAFT_SECTIONS.replace("lead_minutes = 0", 'lead_minutes = 0\ndo_not_contact = ["gulfpipes.com.sa"]'),
    )
    setup.db.execute("UPDATE customers SET credit_list = 'black' WHERE id = ?", [setup.customer(JOAO)])
    setup.db.execute("UPDATE customers SET status = 'ignored' WHERE id = ?", [setup.customer(EVIL)])
    for address in (JOAO, EVIL, MOHAMMED):
        setup.request(address, "after-sales")
    report = generate(setup.db, setup.config)
    reasons = sorted(o.detail for o in report.outcomes)
    assert report.count("skipped") == 3 and setup.drafts() == []
    assert reasons == [
        "customer is ignored",
        "customer is on the black list",
        "customer is on the do-not-contact list ([drafts] do_not_contact)",
    ]
    skips = setup.db.execute("SELECT count(*) FROM draft_skips").fetchone()[0]
    assert skips == 3


def test_a_broken_template_skips_that_draft_not_the_run(tmp_path, dovecot_server, imap_user):
    mine = tmp_path / "my-templates" / "de"
    mine.mkdir(parents=True)
    (mine / "quote-follow-up.j2").write_text(
        '{% extends "_base.j2" %}\n{% block subject %}x{% endblock %}\n{% block body %}\n'
        "{{ customer.vat_number }}\n{% endblock %}\n",
        encoding="utf-8",
    )
    extra = f'[templates]\npaths = ["{tmp_path / "my-templates"}"]\n' + DRAFT_SECTIONS
    setup = Setup(tmp_path, dovecot_server, imap_user, extra=extra)
    setup.request(HANS, "quote-follow-up")
    setup.request(JOAO, "reactivation")
    report = generate(setup.db, setup.config)
    failed = [o for o in report.outcomes if o.result == "failed"]
    assert report.count("drafted") == 1 and len(failed) == 1
    assert f"{mine / 'quote-follow-up.j2'}:4:" in failed[0].detail and "vat_number" in failed[0].detail
    status = setup.db.execute(
        "SELECT status FROM draft_requests WHERE customer = ?", [setup.customer(HANS)]
    ).fetchone()[0]
    assert status == "pending"  # fixed template, next run drafts it


def test_value_content_waits_for_the_end_of_ramadan(setup):
    setup.request(MOHAMMED, "value-content")
    generate(setup.db, setup.config, now=datetime(2027, 2, 15, 6, 0, tzinfo=timezone.utc))
    draft = one(setup, MOHAMMED)
    assert draft["send_at"] > "2027-03-10" and draft["send_zone"] == "Asia/Riyadh"
    assert any(n.startswith("Ramadan") for n in json.loads(draft["send_notes"]))
    assert "market-2026" in draft["body_text"] or "desalination" in draft["body_text"]


def test_value_content_without_suitable_content_is_skipped_not_failed(tmp_path, dovecot_server, imap_user):
    bare = DRAFT_SECTIONS.split("[[content.items]]")[0]
    setup = Setup(tmp_path, dovecot_server, imap_user, extra=bare)
    setup.request(MOHAMMED, "value-content")
    report = generate(setup.db, setup.config)
    assert report.count("failed") == 0 and report.count("skipped") == 1
    assert "[[content.items]]" in report.outcomes[0].detail


# -- pushing -------------------------------------------------------------------------------------------


def test_push_puts_drafts_into_the_drafts_folder(setup):
    setup.request(HANS, "quote-follow-up", message="hans-1@acme-armaturen.de")
    setup.request(JOAO, "reactivation")
    generate(setup.db, setup.config)
    report = push(setup.db, setup.config)
    assert report.ok and [r.result for r in report.results] == ["pushed", "pushed"]

    folder = drafts_folder(setup)
    assert len(folder) == 2
    hans = one(setup, HANS)
    on_server = next(item for item in folder.values() if item["message"]["Message-ID"] == f"<{hans['message_id']}>")
    msg = on_server["message"]
    assert on_server["flags"] == {"\\Draft", "\\Seen"}
    assert msg["From"] == f"Lisa Chen <{setup.login}>"
    assert msg["To"] == f"Hans Müller <{HANS}>"
    assert msg["Subject"] == "Re: Anfrage Kugelhähne DN50 PN40" and msg["Date"]
    assert msg["In-Reply-To"] == "<lisa-q1@hengtai-valve.com>"  # our quotation, the thread's latest message
    assert msg["X-Mailcrm-Draft"] == hans["token"]
    assert msg.get_content_type() == "multipart/alternative" and not msg.defects
    text = msg.get_body(("plain",)).get_content()
    assert text.startswith("Sehr geehrter Herr Müller,") and "> please find our quotation" in text
    assert msg.get_body(("plain",)).get_content_charset() == "utf-8"
    assert "<blockquote" in msg.get_body(("html",)).get_content()
    assert hans["status"] == "pushed" and hans["uid"] in folder


def test_push_into_a_chinese_drafts_folder(tmp_path, dovecot_server, imap_user):
    dovecot_server.create_folder(imap_user[0], "草稿箱")  # QQ / NetEase name, sent as modified UTF-7
    setup = Setup(tmp_path, dovecot_server, imap_user, account_extra='drafts_folder = "草稿箱"')
    setup.request(JOAO, "reactivation")
    generate(setup.db, setup.config)
    assert push(setup.db, setup.config).ok
    client = dovecot_server.connect(setup.login)
    try:
        assert client.select_folder("草稿箱", readonly=True)[b"EXISTS"] == 1
        assert client.select_folder("Drafts", readonly=True)[b"EXISTS"] == 0
    finally:
        client.logout()
    expunge = ["expunge", "-u", setup.login, "mailbox", "草稿箱", "all"]
    assert not close_loop(setup.db, setup.config).anything()  # still there
    dovecot_server.doveadm(*expunge)
    assert close_loop(setup.db, setup.config).discarded == [one(setup, JOAO)["id"]]


def test_push_never_leaves_a_duplicate(setup):
    setup.request(HANS, "quote-follow-up")
    setup.request(JOAO, "reactivation")
    generate(setup.db, setup.config)
    hans, joao = one(setup, HANS), one(setup, JOAO)
    # Hans: the APPEND reached the server but mailcrm died before hearing back.
    queue.update(setup.db, hans["id"], push_state="appending", folder="Drafts")
    setup.server.append(
        setup.login, "Drafts", queue.mime(queue.get(setup.db, hans["id"])).as_bytes(), flags=("\\Draft", "\\Seen")
    )
    # João: the intent was recorded, then mailcrm died before the APPEND.
    queue.update(setup.db, joao["id"], push_state="appending", folder="Drafts")
    report = push(setup.db, setup.config)
    assert sorted(r.result for r in report.results) == ["found", "pushed"]
    assert len(drafts_folder(setup)) == 2
    assert push(setup.db, setup.config).results == []  # nothing left to push
    assert len(drafts_folder(setup)) == 2
    assert {d["status"] for d in setup.drafts()} == {"pushed"}


def test_injection_attempts_stay_inert_text(setup):
    # they write again after Lisa's answer, so the draft continues (and quotes) their mail
    again = evil_mail("evil-2@evil-imports.com", days_ago=10, in_reply_to="lisa-e1@hengtai-valve.com")
    setup.server.append(setup.login, "INBOX", again, flags=("\\Seen",))
    setup.sync()
    setup.request(EVIL, "quote-follow-up", message="evil-2@evil-imports.com")
    generate(setup.db, setup.config)
    push(setup.db, setup.config)
    [item] = drafts_folder(setup).values()
    msg = item["message"]
    raw = msg.as_bytes()
    headers = raw.split(b"\n\n", 1)[0].decode()
    assert "\nBcc:" not in headers and msg["Bcc"] is None and len(msg.get_all("To")) == 1
    assert msg["To"].addresses[0].addr_spec == EVIL
    assert msg["Subject"] == "Re: Order {{ 7*7 }} {% if true %}X{% endif %} Bcc: victim@example.com"
    html = msg.get_body(("html",)).get_content()
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    text = msg.get_body(("plain",)).get_content()
    above_the_quote = text.split("wrote:")[0].rsplit("\n", 1)[0]  # the "On … 12:49, … wrote:" line may hold 49
    assert "{{ config }}" in text and "49" not in above_the_quote


def outlook_reply(lisa: str, message_id: str, references: list[str]) -> bytes:
    """Hans answering from Microsoft 365: long ids, References folded between ids as Outlook does."""
    refs = "\r\n ".join(f"<{r}>" for r in references)
    return (
        f"From: Hans Müller <{HANS}>\r\nTo: Lisa Chen <{lisa}>\r\n"
        f"Subject: AW: Anfrage Kugelhähne DN50 PN40\r\nDate: {format_datetime(NOW - timedelta(days=10))}\r\n"
        f"Message-ID: <{message_id}>\r\nIn-Reply-To: <{references[-1]}>\r\nReferences: {refs}\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Sehr geehrte Frau Chen,\r\n\r\nwir prüfen Ihr Angebot noch.\r\n\r\nHans Müller\r\n"
    ).encode()


def test_a_reply_to_long_outlook_message_ids_stays_in_its_thread(setup):
    chain = ["hans-1@acme-armaturen.de", "lisa-q1@hengtai-valve.com", outlook_id(1), outlook_id(2)]
    setup.server.append(setup.login, "INBOX", outlook_reply(setup.login, outlook_id(3), chain), flags=("\\Seen",))
    setup.sync()
    setup.request(HANS, "quote-follow-up", message=outlook_id(3))
    assert generate(setup.db, setup.config).count("drafted") == 1
    hans = one(setup, HANS)
    assert hans["in_reply_to"] == outlook_id(3)
    expected = (hans["message_id"], outlook_id(3), chain + [outlook_id(3)])

    assert_ids_written_literally(queue.mime(hans).as_bytes(), *expected)  # as composed
    assert push(setup.db, setup.config).ok
    client = setup.server.connect(setup.login)
    try:
        client.select_folder("Drafts", readonly=True)
        [stored] = fetch_all(client, "BODY.PEEK[]").values()
    finally:
        client.logout()
    assert_ids_written_literally(stored[b"BODY[]"], *expected)  # as APPENDed to Dovecot, fetched back


# -- closing the loop ------------------------------------------------------------------------------------


def pushed(setup, address: str, purpose: str, **kw) -> dict:
    setup.request(address, purpose, **kw)
    generate(setup.db, setup.config)
    push(setup.db, setup.config)
    return one(setup, address)


def client_version(
    draft_msg, *, body: str | None = None, message_id: str | None = None, keep_header: bool = True
) -> bytes:
    """What a mail client makes of a draft: maybe a new Message-ID, our header dropped, text edited."""
    msg = email.message_from_bytes(draft_msg.as_bytes(), policy=policy.default)
    if message_id:
        msg.replace_header("Message-ID", message_id)
    if not keep_header:
        del msg["X-Mailcrm-Draft"]
    if body is not None:
        msg.clear_content()
        msg.set_content(body)
    return msg.as_bytes()


def expunge_drafts(setup) -> None:
    setup.server.doveadm("expunge", "-u", setup.login, "mailbox", "Drafts", "all")


def test_sent_from_the_mail_client_is_recognised(setup):
    draft = pushed(setup, HANS, "quote-follow-up", message="hans-1@acme-armaturen.de")
    [item] = drafts_folder(setup).values()
    setup.server.append(setup.login, "Sent", client_version(item["message"]), flags=("\\Seen",))
    expunge_drafts(setup)  # sending moves it out of Drafts
    setup.sync()
    report = close_loop(setup.db, setup.config)
    assert report.sent == [draft["id"]] and report.discarded == []
    after = queue.get(setup.db, draft["id"])
    assert after["status"] == "sent" and after["matched_by"] == "message-id" and after["sent_message"]
    assert (
        setup.db.execute("SELECT status FROM draft_requests WHERE id = ?", [draft["request"]]).fetchone()[0] == "sent"
    )
    history = setup.db.execute(
        "SELECT text FROM customer_events WHERE customer = ? AND kind = 'draft-sent'", [draft["customer"]]
    ).fetchall()
    assert history and "quote-follow-up" in history[0][0]
    last_out = setup.db.execute("SELECT last_out FROM customers WHERE id = ?", [draft["customer"]]).fetchone()[0]
    assert last_out >= after["pushed"][:10]  # the Sent copy moved the follow-up clock


def test_a_rewritten_draft_is_still_recognised_in_sent(setup):
    draft = pushed(setup, JOAO, "reactivation")
    [item] = drafts_folder(setup).values()
    text = item["message"].get_body(("plain",)).get_content().replace("Um abraço,", "Abraços,")
    rewritten = client_version(
        item["message"], body=text, message_id="<outlook-123@hengtai-valve.com>", keep_header=False
    )
    setup.server.append(setup.login, "Sent", rewritten, flags=("\\Seen",))
    expunge_drafts(setup)
    setup.sync()
    report = close_loop(setup.db, setup.config)
    assert report.sent == [draft["id"]]
    assert queue.get(setup.db, draft["id"])["matched_by"] == "similar"


def test_a_deleted_draft_is_discarded_and_cools_down(setup):
    draft = pushed(setup, JOAO, "reactivation")
    expunge_drafts(setup)
    report = close_loop(setup.db, setup.config)
    assert report.discarded == [draft["id"]]
    assert queue.get(setup.db, draft["id"])["status"] == "discarded"
    setup.request(JOAO, "reactivation")
    assert "cooling down" in generate(setup.db, setup.config).outcomes[0].detail


def test_a_draft_still_in_drafts_is_left_alone(setup):
    draft = pushed(setup, JOAO, "reactivation")
    before = setup.server.flags_snapshot(setup.login, "Drafts"), setup.server.highestmodseq(setup.login, "Drafts")
    report = close_loop(setup.db, setup.config)
    assert not report.anything() and queue.get(setup.db, draft["id"])["status"] == "pushed"
    after = setup.server.flags_snapshot(setup.login, "Drafts"), setup.server.highestmodseq(setup.login, "Drafts")
    assert after == before  # EXAMINE and BODY.PEEK: the loop changes nothing on the server


def test_a_draft_edited_in_the_client_is_still_recognised(setup):
    draft = pushed(setup, HANS, "quote-follow-up", message="hans-1@acme-armaturen.de")
    [item] = drafts_folder(setup).values()
    text = item["message"].get_body(("plain",)).get_content()
    edited = text.replace(
        "Konnten Sie es schon prüfen?", "Konnten Sie es schon prüfen? Wir haben noch 500 Stück auf Lager."
    )
    expunge_drafts(setup)  # the client replaces the draft with its edited copy
    setup.server.append(
        setup.login,
        "Drafts",
        client_version(item["message"], body=edited, message_id="<tb-1@hengtai-valve.com>", keep_header=False),
        flags=("\\Draft", "\\Seen"),
    )
    report = close_loop(setup.db, setup.config)
    assert report.edited == [draft["id"]] and report.discarded == []
    kept = queue.get(setup.db, draft["id"])
    assert kept["status"] == "pushed" and kept["edited"] == 1 and "500 Stück auf Lager" in kept["body_text"]

    sent = client_version(item["message"], body=edited, message_id="<tb-2@hengtai-valve.com>", keep_header=False)
    expunge_drafts(setup)
    setup.server.append(setup.login, "Sent", sent, flags=("\\Seen",))
    setup.sync()
    assert close_loop(setup.db, setup.config).sent == [draft["id"]]


def test_sync_closes_the_loop(setup):
    draft = pushed(setup, HANS, "quote-follow-up", message="hans-1@acme-armaturen.de")
    [item] = drafts_folder(setup).values()
    setup.server.append(setup.login, "Sent", client_version(item["message"]), flags=("\\Seen",))
    expunge_drafts(setup)
    result = invoke(setup, "sync")
    assert result.exit_code == 0, result.output
    assert "drafts: 1 sent, 0 edited in the mail client, 0 discarded" in result.output
    assert queue.get(setup.db, draft["id"])["status"] == "sent"


# -- the command line ---------------------------------------------------------------------------------------


def test_the_review_flow_on_the_command_line(setup, tmp_path):
    setup.request(HANS, "quote-follow-up", message="hans-1@acme-armaturen.de", rule="quote-unanswered")
    setup.request(JOAO, "reactivation")
    dry = invoke(setup, "drafts", "generate", "--dry-run")
    assert dry.exit_code == 0 and "2 would draft" in dry.output and setup.drafts() == []
    assert invoke(setup, "drafts", "generate").exit_code == 0

    listed = json.loads(invoke(setup, "drafts", "list", "--json").output)
    assert {d["to_email"] for d in listed} == {HANS, JOAO} and {d["status"] for d in listed} == {"new"}
    hans = next(d for d in listed if d["to_email"] == HANS)

    shown = invoke(setup, "drafts", "show", str(hans["id"]))
    assert shown.exit_code == 0
    assert "Why: rule quote-unanswered" in shown.output and "Anfrage Kugelhähne" in shown.output
    assert "Sehr geehrter Herr Müller" in shown.output
    info = json.loads(invoke(setup, "drafts", "show", str(hans["id"]), "--json").output)
    assert info["evidence"]["terms"] == ["test"] and info["evidence_messages"][0]["subject"]

    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text(encoding='utf-8').replace('Subject: Re:', 'Subject: Re: [Eilt]')"
        ".replace('Sehr geehrter', 'Lieber'), encoding='utf-8')\n"
    )
    edited = invoke(setup, "drafts", "edit", str(hans["id"]), env={"EDITOR": f"{sys.executable} {editor}"})
    assert edited.exit_code == 0, edited.output
    after = queue.get(setup.db, hans["id"])
    assert after["subject"] == "Re: [Eilt] Anfrage Kugelhähne DN50 PN40" and after["edited"] == 1
    assert after["body_text"].startswith("Lieber Herr Müller") and "Lieber Herr Müller" in after["body_html"]

    assert invoke(setup, "drafts", "approve", str(hans["id"])).exit_code == 0
    joao_id = next(d["id"] for d in listed if d["to_email"] == JOAO)
    rejected = invoke(setup, "drafts", "reject", str(joao_id), "--reason", "ordered by phone")
    assert rejected.exit_code == 0 and queue.get(setup.db, joao_id)["reason"] == "ordered by phone"
    again = invoke(setup, "drafts", "approve", str(joao_id))
    assert again.exit_code == 1 and "rejected" in again.output and again.output.count("\n") == 1

    pushed_out = invoke(setup, "drafts", "push")
    assert pushed_out.exit_code == 0 and "1 appended to Drafts" in pushed_out.output
    assert len(drafts_folder(setup)) == 1
    assert invoke(setup, "drafts", "show", "999").exit_code == 1
