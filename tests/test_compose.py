"""Composing drafts: safe headers, reply threading, quoting, and MIME that parses cleanly."""

from __future__ import annotations

import email
import re
from email import policy

import pytest

from mailcrm.drafts.compose import (
    ComposeError,
    Envelope,
    Parent,
    build_message,
    checked_email,
    clean_header_text,
    message_bytes,
    message_id_for,
    quote,
    reply_subject,
    safe_id,
    thread_references,
    with_quote,
)

INJECTED = "Hans\r\nBcc: victim@example.com\r\n\r\nFree text\x00"


def envelope(**changes) -> Envelope:
    values = dict(
        from_name="Lisa Chen",
        from_email="lisa@hengtai-valve.com",
        to_name="Hans Müller",
        to_email="hans.mueller@acme-armaturen.de",
        subject="Unser Angebot",
        message_id=message_id_for("0a1b2c", "lisa@hengtai-valve.com"),
        token="0a1b2c",
        language="de",
    )
    return Envelope(**(values | changes))


def parsed(
    env: Envelope,
    text: str = "Sehr geehrter Herr Müller,\n\nText.\n",
    html: str = "<html><body><p>Text</p></body></html>",
):
    raw = message_bytes(build_message(env, text, html))
    return raw, email.message_from_bytes(raw, policy=policy.default)


def test_a_draft_is_a_clean_multipart_alternative_utf8_message():
    raw, msg = parsed(envelope())
    assert msg["From"] == "Lisa Chen <lisa@hengtai-valve.com>"
    assert msg["To"] == "Hans Müller <hans.mueller@acme-armaturen.de>"
    assert msg["Message-ID"] == "<mailcrm.0a1b2c@hengtai-valve.com>"
    assert msg["X-Mailcrm-Draft"] == "0a1b2c" and msg["Date"] and msg["Content-Language"] == "de"
    assert msg.get_content_type() == "multipart/alternative"
    parts = [(p.get_content_type(), p.get_content_charset()) for p in msg.iter_parts()]
    assert parts == [("text/plain", "utf-8"), ("text/html", "utf-8")]
    assert "Herr Müller" in msg.get_body(("plain",)).get_content()
    assert not msg.defects and all(not p.defects for p in msg.walk())
    assert b"\r\n" in raw and all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert raw.isascii()  # 7bit transport: quoted-printable or base64 bodies, encoded-word headers


@pytest.mark.parametrize("field", ["to_name", "subject", "from_name"])
def test_line_breaks_in_customer_data_never_reach_a_header(field):
    raw, msg = parsed(envelope(**{field: INJECTED}))
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc:" not in header_block and msg["Bcc"] is None
    assert b"\x00" not in raw and "Free text" not in msg.get_body(("plain",)).get_content()
    assert len(msg.get_all("To")) == 1


def test_header_text_is_one_line():
    assert clean_header_text(INJECTED) == "Hans Bcc: victim@example.com Free text"
    assert clean_header_text("a\u2028b\u2029c\td") == "a b c d"


@pytest.mark.parametrize(
    "bad",
    ["hans@acme.de\r\nBcc: x@y.z", "Hans <hans@acme.de>", "hans acme@de.de", "hans@", "", "hans@acme.de,evil@x.com"],
)
def test_unusable_addresses_are_refused(bad):
    with pytest.raises(ComposeError):
        checked_email(bad)
    with pytest.raises(ComposeError):
        build_message(envelope(to_email=bad), "x", "<p>x</p>")


@pytest.mark.parametrize(
    "subject, expected",
    [
        ("Angebot DN50", "Re: Angebot DN50"),
        ("AW: Re: Angebot DN50", "Re: Angebot DN50"),
        ("RE: 回复: 报价", "Re: 报价"),
        ("Réf. : devis", "Re: Réf. : devis"),  # not a reply prefix with the dot: kept as it is
        ("Re[2]: price", "Re: price"),
        ("Отв: цена", "Re: цена"),
        ("Fwd: specs", "Re: specs"),  # a forward answered is a reply: one "Re: "
        ("AW: WG: Reklamation Lieferung 4711", "Re: Reklamation Lieferung 4711"),
        ("Re: YNT: Fiyat teklifi vana DN50", "Re: Fiyat teklifi vana DN50"),
        ("YNT: İLT: sipariş", "Re: sipariş"),
        ("SV: VS: Tilbud", "Re: Tilbud"),
        ("Antw: Re: offerte kogelkranen", "Re: offerte kogelkranen"),
        ("RV: ENC: cotação", "Re: cotação"),
        ("R: I: prezzi valvole", "Re: prezzi valvole"),
        ("Odp: PD: oferta", "Re: oferta"),
        ("TR: RE : devis", "Re: devis"),
        ("Ответ: Пересл: цена", "Re: цена"),
        ("回复：转发：报价单", "Re: 报价单"),
        ("回覆: 轉寄: 報價", "Re: 報價"),
        ("答复: 价格", "Re: 价格"),
        ("返信: 転送: 見積書", "Re: 見積書"),
        ("답장: 전달: 견적", "Re: 견적"),
        ("رد: عرض سعر", "Re: عرض سعر"),
        ("Reklamation", "Re: Reklamation"),  # a word that starts like a prefix stays
        ("Trial order", "Re: Trial order"),
        ("Order {{ 7*7 }}\r\nBcc: x@y.z", "Re: Order {{ 7*7 }} Bcc: x@y.z"),
    ],
)
def test_reply_subject_like_a_mail_client(subject, expected):
    assert reply_subject(subject) == expected


def parent(**changes) -> Parent:
    values = dict(
        message_id="hans-2@acme-armaturen.de",
        references=["root@acme-armaturen.de", "lisa-1@hengtai-valve.com"],
        subject="AW: Angebot",
        from_name="Hans Müller",
        from_email="hans.mueller@acme-armaturen.de",
        date="2026-03-02T08:30:00+00:00",
        body_text="Sehr geehrte Frau Chen,\n\n<b>danke</b> & bis bald.\n> alt\n",
    )
    return Parent(**(values | changes))


def test_references_continue_the_thread():
    assert thread_references(parent()) == [
        "root@acme-armaturen.de",
        "lisa-1@hengtai-valve.com",
        "hans-2@acme-armaturen.de",
    ]
    long = parent(references=[f"m{i}@x.de" for i in range(40)] + ["bad id with spaces"])
    refs = thread_references(long)
    assert len(refs) == 20 and refs[0] == "m0@x.de" and refs[-1] == "hans-2@acme-armaturen.de"


def test_a_reply_threads_and_quotes_the_customer():
    q = quote(parent(), "de", "Europe/Berlin", 60)
    assert q.text.splitlines()[:4] == [
        "Am 2. März 2026 um 09:30 schrieb Hans Müller:",
        "> Sehr geehrte Frau Chen,",
        ">",
        "> <b>danke</b> & bis bald.",
    ]
    assert ">> alt" in q.text
    assert "&lt;b&gt;danke&lt;/b&gt; &amp; bis bald." in q.html and "<b>" not in str(q.html)
    text, html = with_quote("Sehr geehrter Herr Müller,\n", "<html><body><p>Hallo</p></body></html>", q)
    env = envelope(
        subject=reply_subject("AW: Angebot"),
        in_reply_to="hans-2@acme-armaturen.de",
        references=thread_references(parent()),
    )
    _, msg = parsed(env, text, html)
    assert msg["Subject"] == "Re: Angebot"
    assert msg["In-Reply-To"] == "<hans-2@acme-armaturen.de>"
    assert msg["References"].split()[-1] == "<hans-2@acme-armaturen.de>"
    body = msg.get_body(("plain",)).get_content()
    assert body.index("Sehr geehrter Herr Müller") < body.index("schrieb Hans Müller")
    assert "blockquote" in msg.get_body(("html",)).get_content()


@pytest.mark.parametrize(
    "language, start",
    [
        ("en", "On 2 March 2026 at 08:30, Hans Müller wrote:"),
        ("es", "El 2 de marzo de 2026, a las 08:30, Hans Müller escribió:"),
        ("fr", "Le 2 mars 2026 à 08:30, Hans Müller a écrit :"),
        ("pt", "Em 2 de março de 2026, às 08:30, Hans Müller escreveu:"),
        ("ru", "2 марта 2026 г., в 08:30, Hans Müller пишет:"),
        ("ar", "في 2 مارس 2026، الساعة 08:30، كتب Hans Müller:"),
        ("zh", "Hans Müller 于 2026年3月2日 08:30 写道："),
    ],
)
def test_attribution_in_the_draft_language(language, start):
    assert quote(parent(), language, None, 60).text.startswith(start + "\n")


def test_long_quotes_are_cut():
    long = parent(body_text="\n".join(f"line {i}" for i in range(500)))
    lines = quote(long, "en", None, 40).text.splitlines()
    assert len(lines) == 42 and lines[-1] == "> […]"


def test_injected_quote_stays_text():
    evil = parent(from_name="Evil\r\nBcc: x@y.z <script>", body_text="<script>alert(1)</script>\n{{ 7*7 }}")
    q = quote(evil, "en", None, 60)
    assert "Evil Bcc: x@y.z <script> wrote:" in q.text and "{{ 7*7 }}" in q.text
    assert "<script>" not in str(q.html) and "&lt;script&gt;alert(1)&lt;/script&gt;" in str(q.html)


# -- long (Outlook) Message-IDs --------------------------------------------------------------------


def outlook_id(n: int) -> str:
    """A Message-ID as Microsoft 365 writes them: over 90 characters, longer than a folded line."""
    return f"PA4PR19MB{n:04d}C2D1E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C1D2@PA4PR19MB{n:04d}.EURPRD19.PROD.OUTLOOK.COM"


def raw_header(raw: bytes, name: str) -> bytes:
    """One header field as it is on the wire, continuation lines included."""
    block = raw.split(b"\r\n\r\n", 1)[0]
    found = re.search(
        rb"^" + re.escape(name.encode()) + rb":[^\r\n]*(?:\r\n[ \t][^\r\n]*)*", block, re.IGNORECASE | re.MULTILINE
    )
    assert found, f"no {name} header in {block!r}"
    return found.group(0)


def assert_ids_written_literally(raw: bytes, message_id: str, in_reply_to: str, references: list[str]) -> None:
    """What mail clients thread by: every id as it is, folded only between ids, never RFC 2047 encoded."""
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    for name, ids in (("Message-ID", [message_id]), ("In-Reply-To", [in_reply_to]), ("References", references)):
        field = raw_header(raw, name)
        assert b"=?" not in field, field
        assert field.split(b":", 1)[1].split() == [f"<{i}>".encode() for i in ids], field
        # Folded between ids: only a line with one id (too long to fold) passes 78 characters.
        assert all(len(line) <= 78 or line.count(b"<") == 1 for line in field.split(b"\r\n")), field


def test_long_outlook_message_ids_are_written_as_they_are_so_the_reply_threads():
    chain = ["root@acme-armaturen.de"] + [outlook_id(n) for n in range(1, 5)]
    env = envelope(message_id=outlook_id(9), in_reply_to=chain[-1], references=chain)
    raw, msg = parsed(env)
    assert_ids_written_literally(raw, outlook_id(9), chain[-1], chain)
    assert msg["In-Reply-To"] == f"<{chain[-1]}>" and msg["Message-ID"] == f"<{outlook_id(9)}>"
    assert msg["References"].split() == [f"<{r}>" for r in chain]


def test_a_message_id_no_header_line_could_carry_is_left_out():
    huge = "x" * 990 + "@example.com"
    assert not safe_id(huge)
    raw, _ = parsed(envelope(in_reply_to=huge, references=["root@acme-armaturen.de", huge]))
    assert b"In-Reply-To" not in raw and raw_header(raw, "References") == b"References: <root@acme-armaturen.de>"
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
