"""Unit tests for mailcrm.mail.parse: fixture .eml files in tests/data/mail and generated junk.

Every case here is a kind of mail real mailboxes hold; the assertions are what a
salesperson would notice (a garbled Chinese subject, a forwarded quote mixed into the
reply, a missing attachment).
"""

from __future__ import annotations

import base64
import hashlib
import random
import sys
import time
from datetime import datetime, timedelta, timezone
import email.utils
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path

import pytest

from mailcrm.errors import NotFoundError, ParseError
from mailcrm.mail.parse import Address, Attachment, ParsedMessage, extract_attachment, html_to_text, parse_message

DATA = Path(__file__).parent / "data" / "mail"
UTC = timezone.utc


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def fixture(name: str, **kwargs) -> ParsedMessage:
    return parse_message(load(name), **kwargs)


def message(headers: str | bytes, body: bytes = b"hello\n", *, date: bool = True) -> bytes:
    """A raw message from header lines (str is UTF-8 encoded; bytes pass raw 8-bit through)."""
    head = headers.encode() if isinstance(headers, str) else headers
    if date:
        head += b"\nDate: Tue, 05 Mar 2024 08:00:00 +0000"
    return b"From: a@example.com\n" + head.strip(b"\n") + b"\n\n" + body


def text_message(body: bytes, charset: str, cte: str = "8bit") -> bytes:
    return message(f"Subject: t\nContent-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: {cte}", body)


def b64word(text: str, charset: str, encoding: str | None = None) -> str:
    data = text.encode(encoding or charset)
    return f"=?{charset}?B?{base64.b64encode(data).decode()}?="


# --------------------------------------------------------------------------- RFC 2047 headers


def test_encoded_words_split_mid_character_and_adjacent_words_join():
    m = fixture("encoded_words.eml")
    # GBK bytes of one character are split across two B words; Q words carry '_' spaces.
    assert m.subject == "关于报价单的回复 — Angebot für Größe 42"


def test_encoded_display_names_are_decoded_and_emails_lowercased():
    m = fixture("encoded_words.eml")
    assert m.from_addr == Address("张三", "zhang.san@example.cn")
    assert m.to == [Address("Müller, Hans", "hans.mueller@example.de"), Address("李四", "li.si@example.cn")]


def test_broken_encoded_words_are_kept_and_reported():
    m = fixture("encoded_words.eml")
    assert m.cc == [Address("=?utf-8?B?not*base64*at*all?=", "cc@example.com"), Address("Bob", "bob@example.com")]
    assert any("undecodable encoded word" in d for d in m.defects)
    assert any("unknown-charset" in d for d in m.defects)


PADLESS = base64.b64encode("价格x".encode()).decode().rstrip("=")  # 7 bytes: needs '=='


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"=?utf-8?B?5oql5Lu35Y2V?=", "报价单"),
        (f"=?utf-8?B?{PADLESS}?=".encode(), "价格x"),  # missing base64 padding
        (b"Re:=?utf-8?B?5oql5Lu3?=", "Re:报价"),  # word glued to text (Outlook)
        (b"=?utf-8?B?5oql5Lu3 rest", "=?utf-8?B?5oql5Lu3 rest"),  # never terminated: literal
        (b"=?us-ascii?Q?caf=E9?=", "café"),  # 8-bit bytes under an ASCII label
        (b"=?utf-8*en?Q?Hello_World?=", "Hello World"),  # RFC 2231 language suffix
        (b"=?utf-8?q?a?=  \r\n   =?utf-8?q?b?=", "ab"),  # folded adjacent words
        (b"one\r\n two\r\n\tthree", "one two three"),
        (b64word("王喆", "gb2312", "gbk").encode(), "王喆"),  # GBK-only char under gb2312
        (b64word("㗎啲", "big5", "big5hkscs").encode(), "㗎啲"),  # HKSCS chars under big5
        (b64word("見積書", "iso-2022-jp").encode(), "見積書"),
        ("Größe 报价".encode(), "Größe 报价"),  # raw UTF-8
        ("堃业 询价".encode("gbk"), "堃业 询价"),  # raw GBK
    ],
)
def test_subject_decoding(raw: bytes, expected: str):
    m = parse_message(message(b"Subject: " + raw))
    assert m.subject == expected
    assert "\n" not in m.subject and "\r" not in m.subject


def test_raw_gbk_headers_with_gb2312_body_that_is_really_gbk():
    m = fixture("raw_gbk_headers.eml")
    assert m.subject == "回复: 堃业公司询价 - 喆"
    assert m.from_addr == Address("王喆", "wang.zhe@example.com.cn")
    assert m.body_text == "王喆先生：您好！堃业公司的询价已收到。"


def test_raw_utf8_headers():
    m = fixture("raw_utf8_headers.eml")
    assert m.subject == "Größenliste und 报价"
    assert m.from_addr == Address("Jürgen Groß", "jg@example.de")
    assert m.to == [Address("李四", "li@example.cn")]
    assert m.defects == []  # raw UTF-8 headers are legal (RFC 6532)


# --------------------------------------------------------------------------- attachment names


def test_attachment_filenames_in_every_encoding():
    m = fixture("rfc2231_filenames.eml")
    assert [a.filename for a in m.attachments] == [
        "报价单.pdf",  # filename*=UTF-8''... wins over the ASCII fallback
        "产品目录_2024.xlsx",  # RFC 2231 continuations, mixed encoded/plain
        "合同草案.doc",  # RFC 2047 word inside name="..."
        "装箱单.xls",  # raw UTF-8
        "发票.jpg",  # raw GBK
        "喆堃报价.pdf",  # RFC 2231 with gb2312 label holding GBK-only chars
        "PI-2024-001.pdf",  # Outlook's full Windows path trimmed
    ]
    assert m.body_text == "See attachments."
    assert [a.index for a in m.attachments] == list(range(7))


# --------------------------------------------------------------------------- charsets

RUSSIAN = "Уважаемый господин Иванов, благодарим вас за интерес к нашей продукции."
GERMAN = "Sehr geehrter Herr Müller, vielen Dank für Ihre Anfrage."


@pytest.mark.parametrize(
    "label, text, encoding",
    [
        ("gb2312", "王喆先生，堃业公司报价", "gbk"),  # labelled gb2312, really GBK
        ("gbk", "报价单已发送", "gbk"),
        ("x-gbk", "报价单已发送", "gbk"),
        ("GB18030", "报价单已发送", "gb18030"),
        ("big5", "我哋嘅報價㗎", "big5hkscs"),  # Cantonese needs HKSCS
        ("iso-2022-jp", "お見積書を送付いたします", "iso2022_jp"),
        ("koi8-r", RUSSIAN, "koi8_r"),
        ("windows-1251", RUSSIAN, "cp1251"),
        ("windows-1252", "“Quote” for 12 € – thanks", "cp1252"),
        ("iso-8859-1", "“Smart quotes” in latin-1 mail", "cp1252"),  # browsers read it as 1252
        ('"utf-8"', GERMAN, "utf-8"),
    ],
)
def test_declared_charsets(label: str, text: str, encoding: str):
    m = parse_message(text_message(text.encode(encoding) + b"\n", label))
    assert m.body_text == text
    assert m.defects == []


@pytest.mark.parametrize(
    "label, text, encoding",
    [
        ("unknown-8bit", GERMAN, "utf-8"),
        ("x-user-defined", "关于贵司询价的回复，请查收附件中的报价单。我们的最低起订量是五百件。", "gbk"),
        ("x-unknown", RUSSIAN * 2, "cp1251"),  # long enough for charset-normalizer
        ("bogus/charset", "王喆先生，堃业公司报价", "gbk"),
    ],
)
def test_bogus_charsets_are_guessed_and_reported(label: str, text: str, encoding: str):
    m = parse_message(text_message(text.encode(encoding) + b"\n", label))
    assert m.body_text == text
    assert any("unknown charset" in d for d in m.defects)


def test_undecodable_bytes_never_crash():
    junk = bytes(random.Random(7).randrange(256) for _ in range(3000))
    for label in ("utf-8", "x-user-defined", "iso-2022-jp", "gb2312", "utf-16"):
        m = parse_message(text_message(junk, label))
        assert isinstance(m.body_text, str)


def test_gbk_mislabelled_as_utf8_is_guessed():
    m = parse_message(text_message("王喆先生，堃业公司报价".encode("gbk"), "utf-8"))
    assert m.body_text == "王喆先生，堃业公司报价"
    assert any("not utf-8" in d for d in m.defects)


def test_quoted_printable_body_and_html_meta_charset():
    html = '<html><head><meta charset="gbk"></head><body><p>报价单</p></body></html>'.encode("gbk")
    m = parse_message(message("Subject: t\nContent-Type: text/html", html))
    assert m.body_text == "报价单"


# --------------------------------------------------------------------------- malformed MIME


def test_missing_boundary_parameter_is_recovered():
    m = fixture("missing_boundary.eml")
    assert m.body_text == "Hello from the body."
    assert [a.filename for a in m.attachments] == ["spec.pdf"]
    assert any("boundary" in d for d in m.defects)


def test_inner_boundary_never_closed():
    m = fixture("unclosed_inner_boundary.eml")
    assert m.body_text == "Plain text survives."
    assert "HTML text survives." in m.body_html
    assert [a.filename for a in m.attachments] == ["after.pdf"]
    assert any("closing boundary missing" in d for d in m.defects)


def test_missing_final_boundary_keeps_last_attachment():
    raw = load("missing_final_boundary.eml")
    m = parse_message(raw)
    assert m.body_text == "Body before the cut."
    assert [a.filename for a in m.attachments] == ["cut.pdf"]
    assert extract_attachment(raw, 0)[2].startswith(b"%PDF-1.4")
    assert any("closing boundary missing" in d for d in m.defects)


def test_garbage_transfer_encodings_and_bad_base64_padding():
    raw = load("bad_encodings.eml")
    m = parse_message(raw)
    assert m.body_text == "Plain text with a silly encoding."  # CTE 'bananas': used as-is
    assert extract_attachment(raw, 0) == ("notes.txt", "text/plain", "Notes: 数量 500".encode())
    assert extract_attachment(raw, 1)[2] == b"padding test payload"
    assert any("bananas" in d for d in m.defects)
    assert any("base64 padding" in d for d in m.defects)


def test_multipart_without_any_boundary_lines_reads_as_text():
    m = parse_message(
        message("Subject: t\nContent-Type: multipart/mixed; boundary=xyz", b"Just some text, no parts at all.\n")
    )
    assert m.body_text == "Just some text, no parts at all."
    assert m.defects


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    "to, expected",
    [
        ("unlisted-recipients:;", []),
        ("undisclosed-recipients: ;", []),
        (
            "Team: Anna <Anna@X.com>, b@y.com;, c@z.com",
            [Address("Anna", "anna@x.com"), Address("", "b@y.com"), Address("", "c@z.com")],
        ),
        ("sales", [Address("sales", "")]),  # no @: kept as a name, unusable as an email
        ("<mailto:Buyer@Customer.com>", [Address("", "buyer@customer.com")]),
        ("buyer@customer.com (Mr. Buyer)", [Address("Mr. Buyer", "buyer@customer.com")]),
        ('"Smith, J" <j@x.com>, , <>', [Address("Smith, J", "j@x.com")]),
    ],
)
def test_address_lists(to: str, expected: list[Address]):
    assert parse_message(message(f"To: {to}")).to == expected


def test_all_address_headers():
    m = parse_message(
        message("Sender: s@x.com\nReply-To: r1@x.com, r2@x.com\nTo: t@x.com\nTo: t2@x.com\nCc: c@x.com\nBcc: b@x.com")
    )
    assert m.sender == Address("", "s@x.com")
    assert [a.email for a in m.reply_to] == ["r1@x.com", "r2@x.com"]
    assert [a.email for a in m.to] == ["t@x.com", "t2@x.com"]  # repeated header: both kept
    assert (m.cc, m.bcc) == ([Address("", "c@x.com")], [Address("", "b@x.com")])


def test_ten_thousand_recipients_parse_fast():
    to = ",\r\n ".join(f'"Buyer {i}" <Buyer{i}@customer{i % 97}.com>' for i in range(10_000))
    raw = message(f"Subject: many\nTo: {to}")
    start = time.perf_counter()
    m = parse_message(raw)
    assert time.perf_counter() - start < 1.0
    assert len(m.to) == 10_000
    assert m.to[-1] == Address("Buyer 9999", "buyer9999@customer8.com")


# --------------------------------------------------------------------------- nesting


def nested(depth: int) -> bytes:
    body = b"Content-Type: text/plain\n\nhello deep\n"
    for i in range(depth):
        body = b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) + body + b"\n--b%d--\n" % i
    return b"From: a@example.com\nSubject: deep\nMIME-Version: 1.0\n" + body


def test_hundred_levels_of_multipart_are_capped_not_fatal():
    start = time.perf_counter()
    m = parse_message(nested(100))
    assert time.perf_counter() - start < 2.0
    assert m.subject == "deep"
    assert any("nesting deeper than" in d for d in m.defects)


def test_nesting_beyond_the_parser_falls_back_to_headers():
    m = parse_message(nested(3000))
    assert m.subject == "deep"
    assert any("nested too deeply" in d for d in m.defects)


def test_moderate_nesting_still_finds_the_text():
    assert parse_message(nested(20)).body_text == "hello deep"


@pytest.mark.parametrize("depth", [31, 100, 500])
def test_text_below_the_nesting_cap_is_still_indexed(depth: int):
    m = parse_message(nested(depth))
    assert m.body_text == "hello deep"  # searchable, though deeper than the walk's cap
    assert any("nesting deeper than" in d for d in m.defects)


def test_parts_below_the_nesting_cap_keep_their_order_and_attachments():
    inner = (
        b'Content-Type: multipart/mixed; boundary="leaf"\n\n'
        b"--leaf\nContent-Type: text/plain\n\nfirst line\n"
        b'--leaf\nContent-Type: application/pdf; name="PI-77.pdf"\nContent-Transfer-Encoding: base64\n\n'
        b"JVBERi0=\n"
        b"--leaf\nContent-Type: text/plain\n\nsecond line\n--leaf--\n"
    )
    raw = nested(60).replace(b"Content-Type: text/plain\n\nhello deep\n", inner)
    m = parse_message(raw)
    assert m.body_text == "first line\nsecond line"
    assert [a.filename for a in m.attachments] == ["PI-77.pdf"]
    assert extract_attachment(raw, 0) == ("PI-77.pdf", "application/pdf", b"%PDF-")


def test_text_nested_beyond_the_parser_is_still_indexed():
    start = time.perf_counter()
    m = parse_message(nested(2000))
    assert time.perf_counter() - start < 3.0
    assert m.body_text == "hello deep"
    assert any("nested too deeply" in d for d in m.defects)


# --------------------------------------------------------------------------- special parts


def test_tnef_is_an_opaque_attachment():
    raw = load("tnef.eml")
    m = parse_message(raw)
    assert m.body_text == "See the attached file."
    (att,) = m.attachments
    assert (att.filename, att.content_type, att.inline) == ("winmail.dat", "application/ms-tnef", False)
    payload = extract_attachment(raw, 0)[2]
    assert payload.startswith(b"\x78\x9f\x3e\x22") and att.size == len(payload)


def test_forwarded_message_is_an_attachment_not_the_outer_message():
    raw = load("forwarded.eml")
    m = parse_message(raw)
    assert m.subject == "Fwd: 报价单"
    assert m.from_addr == Address("Boss", "boss@example.cn")
    assert m.message_id == "outer-1@example.cn"
    assert m.body_text == "Please handle the forwarded quote below."
    assert "Inner secret" not in m.body_text
    (att,) = m.attachments  # the inner pi.pdf is not an outer attachment
    assert (att.filename, att.content_type) == ("报价单 PI-2024-001.eml", "message/rfc822")
    name, ctype, payload = extract_attachment(raw, 0)
    inner = parse_message(payload)
    assert inner.subject == "报价单 PI-2024-001"
    assert inner.body_text == "Inner secret body: price 12.5 USD."
    assert [a.filename for a in inner.attachments] == ["pi.pdf"]


def test_alternative_prefers_plain_and_keeps_html_and_inline_images():
    m = fixture("alternative_related.eml")
    assert m.body_text == ("Dear Li,\n\nplease find our offer for 500 pcs. Regards, Hans Müller")
    assert '<img src="cid:logo123@example.de">' in m.body_html
    logo, photo = m.attachments
    assert (logo.content_type, logo.content_id, logo.inline) == ("image/png", "logo123@example.de", True)
    assert (photo.filename, photo.inline) == ("photo.png", False)  # has a cid, but unreferenced


@pytest.mark.parametrize("spelling", ["CID:", "Cid:", "cİd:", "cıd:"])
def test_inline_images_are_found_however_the_cid_reference_is_cased(spelling):
    raw = load("alternative_related.eml").replace(b"cid:logo123", spelling.encode() + b"logo123")
    logo, photo = parse_message(raw).attachments
    assert (logo.content_id, logo.inline, photo.inline) == ("logo123@example.de", True, False)


def test_empty_plain_alternative_falls_back_to_html():
    raw = message(
        'Subject: t\nContent-Type: multipart/alternative; boundary="a"',
        b"--a\nContent-Type: text/plain\n\n \n--a\nContent-Type: text/html\n\n<p>Real offer inside</p>\n--a--\n",
    )
    assert parse_message(raw).body_text == "Real offer inside"


def test_html_only_mail_becomes_readable_text():
    m = fixture("html_only.eml")
    assert m.body_text == (
        "Dear customer,\n\nOur “new” price list is attached.\nPrice: 12€\n\n"
        "Item Qty\nBolt 500\n\nfast\ncheap\n\nBest regards"
    )
    assert "<script>" in m.body_html


def test_html_to_text_drops_code_and_collapses_blank_lines():
    text = html_to_text(
        "<style>x{}</style><script>evil()</script><!-- note -->"
        "<div>a</div><div>b<br>c</div>" + "<p></p>" * 10 + "<pre>x\n  y</pre>"
    )
    assert text == "a\nb\nc\n\nx\ny"


# --------------------------------------------------------------------------- dates

UTC_0522 = datetime(2024, 3, 5, 6, 22, 11, tzinfo=UTC)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Tue, 05 Mar 2024 14:22:11 +0800", UTC_0522),
        ("Tue, 5 Mar 2024 14:22:11 +0800 (CST)", UTC_0522),
        ("Tue, 05 Mar 2024 14:22:11 GMT+8", UTC_0522),
        ("Tue, 05 Mar 2024 14:22:11 GMT+08:00", UTC_0522),
        ("Tue, 05 Mar 2024 14:22:11 +08:00", UTC_0522),
        ("2024-03-05 14:22:11 +0800", UTC_0522),
        ("2024-03-05T14:22:11+08:00", UTC_0522),
        ("星期二, 05 三月 2024 14:22:11 +0800", UTC_0522),
        ("2024年3月5日 14:22:11 +0800", UTC_0522),
        ("Tue, 05 Mar 2024 06:22:11", UTC_0522),  # no zone: UTC
        ("Tue, 05 Mar 2024 06:22:11 -0000", UTC_0522),
        ("Tue, 05 Mar 2024 01:22:11 EST", UTC_0522),
        ("Mon, 04 Mar 2024 23:22:11 PDT", UTC_0522),
        ("5 Mar 24 06:22:11 GMT", UTC_0522),  # two-digit year, no weekday
        ("Tue, 05 Mar 2024 14:22:11 +0800 (中国标准时间)", UTC_0522),
    ],
)
def test_date_formats(value: str, expected: datetime):
    m = parse_message(message(f"Subject: d\nDate: {value}", date=False))
    assert (m.date, m.date_source) == (expected, "header")
    assert m.date.tzinfo is not None and m.date.utcoffset() == timedelta(0)


INTERNAL = datetime(2024, 3, 6, 1, 2, 3, tzinfo=UTC)
RECEIVED = (
    "Received: from mx1 by mx2; Tue, 5 Mar 2024 10:00:00 +0000\n"
    "Received: from mx0 by mx1; Tue, 5 Mar 2024 09:59:00 +0000\n"
)


@pytest.mark.parametrize(
    "date_header, internaldate, expected, source",
    [
        ("", INTERNAL, INTERNAL, "internaldate"),  # missing
        ("Date: Thu, 01 Jan 1970 00:00:00 +0000\n", INTERNAL, INTERNAL, "internaldate"),  # absurd past
        ("Date: Fri, 01 Jan 2100 00:00:00 +0000\n", INTERNAL, INTERNAL, "internaldate"),  # future
        ("Date: Fri, 08 Mar 2024 08:00:00 +0000\n", INTERNAL, INTERNAL, "internaldate"),  # > 2 days after
        ("Date: not a date\n", None, datetime(2024, 3, 5, 10, 0, tzinfo=UTC), "received"),
        ("", None, datetime(2024, 3, 5, 10, 0, tzinfo=UTC), "received"),
        ("Date: Mon, 4 Mar 2024 25:61:00 +0800\n", INTERNAL, INTERNAL, "internaldate"),
    ],
)
def test_date_fallbacks(date_header: str, internaldate, expected: datetime, source: str):
    headers = "Subject: d\n" + date_header + (RECEIVED if source == "received" else "")
    m = parse_message(message(headers, date=False), internaldate=internaldate)
    assert (m.date, m.date_source) == (expected, source)
    assert m.defects


OVERFLOWING_DATE = "Fri, 31 Dec 9999 23:59:59 -0100"  # 01:00 UTC on 1 Jan 10000: past datetime's range


@pytest.mark.parametrize(
    "value",
    [
        OVERFLOWING_DATE,
        "9999-12-31 23:59:59 -0800",
        "Fri, 31 Dec 9999 23:59:59 +0000",
        "Tue, 32 Mar 2024 10:00:00 +0000",
    ],
)
def test_out_of_range_date_loses_only_the_date(value: str):
    raw = message(
        f"From: Carla Souza <carla@importadora.com.br>\nSubject: Pedido 4471\nDate: {value}",
        b"Segue o pedido em anexo.\n",
        date=False,
    ).replace(b"From: a@example.com\n", b"")
    m = parse_message(raw, internaldate=INTERNAL)
    assert (m.subject, m.from_addr) == ("Pedido 4471", Address("Carla Souza", "carla@importadora.com.br"))
    assert m.body_text == "Segue o pedido em anexo."
    assert (m.date, m.date_source) == (INTERNAL, "internaldate")
    assert any("Date" in d and value[:12] in d for d in m.defects)


def test_out_of_range_date_falls_back_to_received():
    m = parse_message(message(f"Subject: d\nDate: {OVERFLOWING_DATE}\n{RECEIVED}", date=False))
    assert (m.subject, m.body_text) == ("d", "hello")
    assert (m.date, m.date_source) == (datetime(2024, 3, 5, 10, 0, tzinfo=UTC), "received")


def test_out_of_range_received_date_is_skipped():
    received = f"Received: from mx9 by mx1; {OVERFLOWING_DATE}\n" + RECEIVED
    m = parse_message(message("Subject: d\n" + received, date=False))
    assert (m.date, m.date_source) == (datetime(2024, 3, 5, 10, 0, tzinfo=UTC), "received")


def test_internaldate_at_the_end_of_time_does_not_lose_the_message():
    m = parse_message(message("Subject: d"), internaldate=datetime(9999, 12, 31, 23, 0, tzinfo=UTC))
    assert (m.subject, m.body_text) == ("d", "hello")
    assert (m.date, m.date_source) == (datetime(2024, 3, 5, 8, 0, tzinfo=UTC), "header")


@pytest.mark.parametrize("zone", ["+9900", "-9959", "+2500"])
def test_absurd_zone_offset_is_a_defect_not_the_senders_zone(zone: str):
    m = parse_message(message(f"Subject: d\nDate: Tue, 05 Mar 2024 10:00:00 {zone}", date=False))
    assert (m.date, m.date_source) == (datetime(2024, 3, 5, 10, 0, tzinfo=UTC), "header")
    assert m.utc_offset is None  # a typo, not a place: 99 hours east of Greenwich is nowhere
    assert any("impossible zone offset" in d for d in m.defects)


def test_no_date_anywhere_is_epoch_with_source_none():
    m = parse_message(message("Subject: d", date=False))
    assert (m.date, m.date_source) == (datetime(1970, 1, 1, tzinfo=UTC), "none")


def test_naive_internaldate_is_taken_as_utc():
    m = parse_message(message("Subject: d", date=False), internaldate=datetime(2024, 3, 6, 1, 2, 3))
    assert (m.date, m.date_source) == (INTERNAL, "internaldate")


# --------------------------------------------------------------------------- ids, headers, hashes


def test_message_ids_are_normalized_and_references_deduplicated():
    m = parse_message(
        message(
            "Message-ID: < abc.123@\n host.example >\nIn-Reply-To: <p@x> (your mail)\n"
            "References: <a@x> <b@x>\n <a@x>\t<c@x>"
        )
    )
    assert m.message_id == "abc.123@host.example"
    assert m.in_reply_to == "p@x"
    assert m.references == ["a@x", "b@x", "c@x"]


@pytest.mark.parametrize("value", ["", "<>", "not an id at all", "<\x01\x02>"])
def test_garbage_message_ids_are_none(value: str):
    assert parse_message(message(f"Message-ID: {value}")).message_id is None


def test_missing_ids():
    m = parse_message(message("Subject: x"))
    assert (m.message_id, m.in_reply_to, m.references) == (None, None, [])


def test_kept_headers_first_occurrence_decoded():
    m = parse_message(
        message(
            "List-Id: =?utf-8?B?5paw6Ze7?= <news.example.com>\nAuto-Submitted: auto-replied\n"
            "Precedence: bulk\nX-Mailcrm-Draft: 1\nX-Mailcrm-Draft: 2\nX-Other: no\n"
            "Return-Path: <bounce@x.com>"
        )
    )
    assert m.headers == {
        "list-id": "新闻 <news.example.com>",
        "auto-submitted": "auto-replied",
        "precedence": "bulk",
        "x-mailcrm-draft": "1",
        "return-path": "<bounce@x.com>",
    }


def test_content_hash_ignores_line_endings_and_size_is_raw_length():
    lf = load("forwarded.eml").replace(b"\r\n", b"\n")
    crlf = lf.replace(b"\n", b"\r\n")
    a, b = parse_message(lf), parse_message(crlf)
    assert a.content_hash == b.content_hash == hashlib.sha256(lf).hexdigest()
    assert (a.size, b.size) == (len(lf), len(crlf))


# --------------------------------------------------------------------------- errors, extract


@pytest.mark.parametrize("raw", [b"", b"  \r\n\r\n"])
def test_empty_input_raises_parse_error(raw: bytes):
    with pytest.raises(ParseError):
        parse_message(raw)


@pytest.mark.parametrize("index", [-1, 1, 99])
def test_extract_attachment_bad_index(index: int):
    with pytest.raises(NotFoundError):
        extract_attachment(load("tnef.eml"), index)


FIXTURES = sorted(p.name for p in DATA.glob("*.eml"))


@pytest.mark.parametrize("name", FIXTURES)
def test_extract_matches_listing(name: str):
    raw = load(name)
    for att in parse_message(raw).attachments:
        filename, ctype, payload = extract_attachment(raw, att.index)
        assert (filename, ctype) == (att.filename, att.content_type)
        assert (len(payload), hashlib.sha256(payload).hexdigest()) == (att.size, att.sha256)


# --------------------------------------------------------------------------- robustness


def cpython_email_files() -> list[Path]:
    """CPython's own email test corpus if installed, plus the copies kept here."""
    files = sorted((DATA / "cpython").glob("msg_*.txt"))
    try:
        import test.test_email  # not shipped by every distribution's Python

        corpus = Path(test.test_email.__file__).parent / "data"
    except ImportError:
        corpus = Path(
            sys.prefix, "lib", f"python{sys.version_info.major}.{sys.version_info.minor}", "test", "test_email", "data"
        )
    return files + sorted(p for p in corpus.glob("*") if p.is_file())


@pytest.mark.parametrize("path", cpython_email_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cpython_email_corpus_never_raises(path: Path):
    m = parse_message(path.read_bytes())
    assert isinstance(m, ParsedMessage)
    assert isinstance(m.body_text, str)
    assert all(isinstance(a, Attachment) for a in m.attachments)


def mutations(raw: bytes, rnd: random.Random) -> list[bytes]:
    """Truncations, byte flips and dropped lines: what broken transfers do to mail."""
    out = [raw[: rnd.randrange(1, len(raw))] for _ in range(4)]
    for _ in range(4):
        data = bytearray(raw)
        for _ in range(rnd.randrange(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        out.append(bytes(data))
    lines = raw.splitlines(keepends=True)
    for _ in range(4):
        del lines[rnd.randrange(len(lines))]
        out.append(b"".join(lines))
    return out


@pytest.mark.parametrize("name", FIXTURES)
def test_mangled_fixtures_never_raise(name: str):
    rnd = random.Random(name)
    for raw in mutations(load(name), rnd):
        if raw.strip():
            m = parse_message(raw)
            assert isinstance(m.body_text, str) and isinstance(m.date, datetime)
            for att in m.attachments:
                assert extract_attachment(raw, att.index)[2] is not None


def test_defects_stay_short_on_megabyte_junk_headers():
    m = parse_message(
        message(
            b"Subject: x\nDate: " + b"2024 " * 100_000 + b"\n"
            b"Content-Type: text/plain; charset=" + b"x" * 100_000 + b"\n"
            b"Content-Transfer-Encoding: " + b"y" * 100_000,
            date=False,
        )
    )
    assert len(m.defects) >= 3 and all(len(d) < 200 for d in m.defects)


def test_binary_junk_is_parsed_best_effort():
    junk = bytes(random.Random(3).randrange(256) for _ in range(5000))
    m = parse_message(junk)
    assert isinstance(m.body_text, str) and m.date_source == "none"


def test_parse_matches_stdlib_on_a_plain_message():
    raw = load("raw_utf8_headers.eml")
    stdlib = BytesParser(policy=compat32).parsebytes(raw)
    assert parse_message(raw).body_text + "\n" == stdlib.get_payload(decode=True).decode()


# --------------------------------------------------------------------------- address fast path

ADDRESS_EDGES = [
    "a@b",
    " A  B <a@b> ",
    '"A, B" <a@b>',
    "a@b, c@d",
    'A <a@b>, "C" <c@d>',
    "a@b,",
    ",a@b",
    '"" <a@b>',
    "J. Smith <j@x.com>",
    "x <a@b> y",
    "<a@b>",
    "A\tB <a@b>",
    "Müller <m@x.de>",
    '"a\\"b" <a@b>',
    "a@b.c.",
    '"A" <a@b>, c@d',
    "undisclosed-recipients:;",
    "a@b (Hans)",
    "a..b@c",
    ".a@b",
    "a.@b",
    "a@[1.2.3.4]",
    "a@b@c",
    '"A"B <a@b>',
    "\x1fa@b",
    "A\x1fB <a@b>",
]


def address_values() -> list[str]:
    from email.parser import BytesHeaderParser

    from mailcrm.mail.headers import unfold
    from mailcrm.mail.mailboxes import protect_words
    from mailcrm.demo.sample import iter_messages

    raws = [p.read_bytes() for p in sorted(DATA.glob("*.eml")) + cpython_email_files()]
    raws += [m.raw for m in iter_messages(300)]
    rnd = random.Random(11)
    raws += [m for raw in raws if raw.count(b"\n") > 4 for m in mutations(raw, rnd)]
    values = []
    for raw in raws:
        for name, value in BytesHeaderParser(policy=compat32).parsebytes(raw).raw_items():
            if name.lower() in ("from", "to", "cc", "bcc", "reply-to", "sender"):
                values.append(protect_words(unfold(value))[0])
    return values + ADDRESS_EDGES


def test_plain_address_fast_path_agrees_with_getaddresses():
    from mailcrm.mail.mailboxes import plain_addresses

    values = address_values()
    fast = [(value, plain_addresses(value)) for value in values]
    assert sum(pairs is not None for _, pairs in fast) > 0.8 * len(values)  # it is the common case
    for value, pairs in fast:
        if pairs is not None:
            assert pairs == email.utils.getaddresses([value]), value


def test_a_megabyte_of_blanks_in_an_address_header_parses_in_linear_time():
    import time

    started = time.perf_counter()
    for junk in (b" " * 1_000_000 + b"x", b"a" + b" " * 1_000_000 + b"<x@y.com>", b"a" + b"\t " * 500_000 + b"b"):
        parse_message(message(b"Subject: x\nTo: " + junk + b"\n"))
    assert time.perf_counter() - started < 5  # a cubic regex took 3 s for 2,000 blanks


# -- the plain-date fast path reads dates exactly as the general path does ------------------

PLAIN_AND_NEAR_PLAIN_DATES = [
    "Thu, 3 Dec 2026 22:57:36 +0800",
    "Thu, 03 Dec 2026 22:57:36 +0800",
    "3 Dec 2026 22:57:36 -0530",
    "Mon, 29 Feb 2027 10:00:00 +0000",  # no 29 Feb in 2027: unreadable either way
    "Tue, 31 Apr 2026 10:00:00 +0000",
    "Wed, 1 Jan 2025 24:00:00 +0000",
    "Wed, 1 Jan 2025 23:59:60 +0000",
    "Fri, 5 Jun 2026 08:00:00 -0000",
    "Sat, 1 Jan 0999 00:00:00 +0000",
    "Sat, 1 Jan 1000 00:00:00 +0000",
    "Fri, 5 Jun 2026 08:00:00 +1400",
    "Fri, 5 Jun 2026 08:00:00 +1401",
    "Fri, 5 Jun 2026 08:00:00 +8000",
    "Fri, 5 Jun 2026 08:00:00 +0860",
    "  Fri, 5 Jun 2026 08:00:00 +0200\t",
    "Fri,  5 Jun 2026 08:00:00 +0200",
    "fri, 5 jun 2026 08:00:00 +0200",
    "Fri, 5 Jun 2026 08:00 +0200",
    "Fri, 5 Jun 26 08:00:00 +0200",
    "Fri, 5 Jun 2026 08:00:00 +0200 (CEST)",
    "Fri, 5 Jun 2026 08:00:00 GMT+8",
    "Fri, 5 Jun 2026 08:00:00 +02:00",
    "2026年6月5日 08:00",
    "Fri, 5 Jun 2026 08:00:00 +0200\n (folded)",
    "Sat, 1 Jan 0001 00:00:00 +0100",
]


@pytest.mark.parametrize("value", PLAIN_AND_NEAR_PLAIN_DATES)
def test_plain_date_fast_path_agrees_with_the_general_parser(value, monkeypatch):
    import mailcrm.mail.dates as dates

    fast = dates.parse_date(value), dates.utc_offset(value)
    monkeypatch.setattr(dates, "strict_date", lambda value: None)
    assert fast == (dates.parse_date(value), dates.utc_offset(value))


def test_plain_date_fast_path_agrees_on_every_sample_date(monkeypatch):
    import mailcrm.mail.dates as dates
    from mailcrm.demo.sample import iter_messages

    values = {m.raw.split(b"\r\nDate: ", 1)[1].split(b"\r\n", 1)[0].decode() for m in iter_messages(500)}
    fast = {v: (dates.parse_date(v), dates.utc_offset(v)) for v in values}
    assert sum(dates.strict_date(v) is not None for v in values) > len(values) // 2  # the path is taken
    monkeypatch.setattr(dates, "strict_date", lambda value: None)
    assert fast == {v: (dates.parse_date(v), dates.utc_offset(v)) for v in values}


@pytest.mark.parametrize(
    "raw", [b"a\r\nb\r\n", b"a\nb\n", b"a\rb\r\n", b"\r", b"\r\r\n\n", b"x\r\n\r", b"", b"no ends"]
)
def test_unix_line_ends_turns_only_crlf_into_lf(raw):
    # The content hash is of these bytes, fed a slice at a time (identity.unix_sha256).
    from hashlib import sha256

    from mailcrm.mail.identity import unix_line_ends, unix_sha256

    assert unix_line_ends(raw) == raw.replace(b"\r\n", b"\n")
    assert unix_sha256(raw) == sha256(raw.replace(b"\r\n", b"\n")).hexdigest()
