"""Charsets that lie or are missing: what parse_message makes of them (mailcrm/charsets.py).

Each case is a class of real mail: a raw UTF-8 subject with one broken byte, Japanese
bodies under the wrong Japanese label, Portuguese Latin-1 sent without a label, a
UTF-16 sender name, a body sent as an inline "body.html" file. The assertions are the
text a salesperson sees and searches for.
"""

from __future__ import annotations

import base64

import pytest

from mailcrm.mail import charsets
from mailcrm.mail.parse import Address, parse_message

PORTUGUESE = "Solicitação de cotação para válvulas"
JAPANESE = "お見積書を送付いたします。ご確認のほど、よろしくお願いいたします。"
CHINESE = "关于贵司询价的回复，请查收报价单"


def message(headers: bytes, body: bytes = b"hello\n") -> bytes:
    return b"From: buyer@example.com\nDate: Tue, 05 Mar 2024 08:00:00 +0000\n" + headers.strip(b"\n") + b"\n\n" + body


def body_message(body: bytes, charset: str | None) -> bytes:
    label = b"; charset=" + charset.encode() if charset else b""
    return message(
        b"Subject: t\nMIME-Version: 1.0\nContent-Type: text/plain" + label + b"\nContent-Transfer-Encoding: 8bit", body
    )


def b64word(data: bytes, charset: str) -> bytes:
    return b"=?%s?B?%s?=" % (charset.encode(), base64.b64encode(data))


# --------------------------------------------------------------------------- (a) raw 8-bit headers


def test_one_bad_byte_in_a_raw_utf8_subject_spoils_only_that_byte():
    good = f"{PORTUGUESE} – 报价".encode()
    cut = good.index("ção".encode())
    m = parse_message(message(b"Subject: " + good[:cut] + b"\xff" + good[cut:]))
    assert m.subject == "Solicita\ufffdção de cotação para válvulas – 报价"
    assert any("Subject" in d and "invalid bytes replaced" in d for d in m.defects)


def test_one_bad_byte_in_a_raw_utf8_display_name():
    name = "João Gonçalves".encode()
    raw = message(b"Subject: t").replace(
        b"From: buyer@example.com", b"From: " + name[:2] + b"\x80" + name[2:] + b" <joao@example.com.br>"
    )
    assert parse_message(raw).from_addr == Address("Jo\ufffdão Gonçalves", "joao@example.com.br")


def test_utf8_body_with_one_bad_byte_keeps_the_rest():
    text = (JAPANESE + CHINESE + PORTUGUESE).encode()
    m = parse_message(body_message(text[:30] + b"\xfe" + text[30:], "utf-8"))
    assert m.body_text == JAPANESE[:10] + "\ufffd" + JAPANESE[10:] + CHINESE + PORTUGUESE
    assert any("invalid bytes for charset utf-8" in d for d in m.defects)


@pytest.mark.parametrize("text, encoding", [("堃业 询价", "gbk"), ("Größe Müller", "cp1252")])
def test_raw_headers_that_are_not_utf8_are_still_detected(text: str, encoding: str):
    assert parse_message(message(b"Subject: " + text.encode(encoding))).subject == text


# --------------------------------------------------------------------------- (b) wrong labels


@pytest.mark.parametrize(
    "label, encoding",
    [
        ("iso-2022-jp", "euc_jp"),  # EUC-JP under the label of its 7-bit sibling
        ("euc-jp", "shift_jis"),
        ("shift_jis", "iso2022_jp"),  # 7-bit escapes under an 8-bit label: cp932 reads them as ASCII junk
        ("us-ascii", "shift_jis"),
        ("us-ascii", "euc_jp"),
        ("us-ascii", "iso2022_jp"),
        (None, "shift_jis"),
        (None, "iso2022_jp"),
    ],
)
def test_japanese_under_a_wrong_or_missing_label(label: str | None, encoding: str):
    m = parse_message(body_message(JAPANESE.encode(encoding) + b"\n", label))
    assert m.body_text == JAPANESE


def test_wrong_label_is_recorded():
    m = parse_message(body_message(JAPANESE.encode("euc_jp"), "iso-2022-jp"))
    assert any("not iso-2022-jp" in d and "euc_jp" in d for d in m.defects)


def test_correct_labels_are_trusted_without_defects():
    for label, encoding in [
        ("iso-2022-jp", "iso2022_jp"),
        ("shift_jis", "cp932"),
        ("euc-jp", "euc_jp"),
        ("gb2312", "gbk"),
        ("iso-8859-1", "latin-1"),
        ("utf-8", "utf-8"),
    ]:
        text = JAPANESE if "jp" in label or "jis" in label else CHINESE if label == "gb2312" else PORTUGUESE
        m = parse_message(body_message(text.encode(encoding), label))
        assert (m.body_text, m.defects) == (text, []), label


# --------------------------------------------------------------------------- (c) no label at all


@pytest.mark.parametrize("text", [PORTUGUESE, "Solicitação", "Solicitação de cotação", "Cotação nº 12 – preços em €"])
def test_unlabelled_latin1_body_is_not_read_as_chinese(text: str):
    m = parse_message(body_message(text.encode("cp1252"), None))
    assert m.body_text == text


def test_unlabelled_latin1_subject_is_not_read_as_chinese():
    subject = "Solicitação de cotação"  # "çã" pairs 8-bit bytes as GBK does
    assert parse_message(message(b"Subject: " + subject.encode("latin-1"))).subject == subject


PORTUGUESE_LETTER = (
    "Prezado Senhor, agradecemos a sua solicitação de cotação. Seguem os preços das "
    "válvulas e a condição de pagamento. Atenciosamente, João"
)
POLISH_LETTER = (
    "Szanowni Państwo, dziękujemy za zapytanie ofertowe. W załączeniu przesyłamy ofertę na zawory kulowe. Z poważaniem"
)


@pytest.mark.parametrize(
    "text, encoding",
    [
        (PORTUGUESE_LETTER, "latin-1"),  # statistics alone say cp1250 (ă for ã)
        (POLISH_LETTER, "cp1250"),  # Central European stays with the statistics
    ],
)
def test_long_unlabelled_european_text(text: str, encoding: str):
    assert parse_message(body_message(text.encode(encoding), None)).body_text == text


@pytest.mark.parametrize("text", [CHINESE, "报价", "回复: DN50球阀报价"])
def test_unlabelled_gbk_is_still_read_as_chinese(text: str):
    assert parse_message(body_message(text.encode("gbk"), None)).body_text == text
    assert parse_message(message(b"Subject: " + text.encode("gbk"))).subject == text


# --------------------------------------------------------------------------- (d) UTF-16 words


@pytest.mark.parametrize(
    "word",
    [
        b64word("Иван Петров".encode("utf-16-be"), "utf-16"),  # no BOM: big-endian (RFC 2781)
        b64word("Иван Петров".encode("utf-16-le"), "utf-16"),  # no BOM, little-endian all the same
        b64word("Иван".encode("utf-16") + " Петров".encode("utf-16"), "utf-16"),  # two words, two BOMs
        b64word("Иван Петров".encode("utf-16-be"), "ucs-2"),
        b64word("Иван Петров".encode("utf-16-le"), "utf-16le"),
        b64word("Иван Петров".encode("utf-16-be"), "UTF-16BE"),
    ],
)
def test_utf16_encoded_word_sender(word: bytes):
    raw = message(b"Subject: " + word).replace(b"From: buyer@example.com", b"From: " + word + b" <ivan@example.ru>")
    m = parse_message(raw)
    assert m.from_addr == Address("Иван Петров", "ivan@example.ru")
    assert m.subject == "Иван Петров"


def test_adjacent_utf16_words_each_with_a_bom_join_cleanly():
    words = b64word("Заказ".encode("utf-16"), "utf-16") + b" " + b64word(" №12".encode("utf-16"), "utf-16")
    assert parse_message(message(b"Subject: " + words)).subject == "Заказ №12"


# --------------------------------------------------------------------------- (e) a body sent as a file


def test_inline_html_file_as_the_only_part_is_the_body():
    raw = message(
        b'Subject: t\nContent-Type: text/html; charset=utf-8\nContent-Disposition: inline; filename="body.html"',
        "<p>Prezado cliente, segue a cotação.</p>".encode(),
    )
    m = parse_message(raw)
    assert m.body_text == "Prezado cliente, segue a cotação."
    assert [a.filename for a in m.attachments] == ["body.html"]  # still listed as a file too


def test_named_html_part_next_to_a_pdf_is_the_body():
    raw = message(
        b'Subject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="x"',
        b'--x\nContent-Type: text/html; charset=utf-8; name="body.html"\n\n'
        b"<p>Please find our offer attached.</p>\n"
        b'--x\nContent-Type: application/pdf; name="offer.pdf"\nContent-Transfer-Encoding: base64\n\n'
        b"JVBERi0=\n--x--\n",
    )
    m = parse_message(raw)
    assert m.body_text == "Please find our offer attached."
    assert [a.filename for a in m.attachments] == ["body.html", "offer.pdf"]


def test_text_files_do_not_replace_a_real_body():
    raw = message(
        b'Subject: t\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="x"',
        b"--x\nContent-Type: text/plain\n\nSee the packing list.\n"
        b'--x\nContent-Type: text/plain; name="list.txt"\nContent-Disposition: inline; filename="list.txt"\n\n'
        b"200 x DN50\n"
        b'--x\nContent-Type: text/plain\nContent-Disposition: attachment; filename="notes.txt"\n\n'
        b"internal\n--x--\n",
    )
    assert parse_message(raw).body_text == "See the packing list."


def test_a_text_file_marked_attachment_is_not_the_body():
    raw = message(
        b'Subject: t\nContent-Type: text/plain\nContent-Disposition: attachment; filename="notes.txt"',
        b"internal notes\n",
    )
    m = parse_message(raw)
    assert m.body_text == ""
    assert [a.filename for a in m.attachments] == ["notes.txt"]


# --------------------------------------------------------------------------- charsets.py directly


def test_guessing_tries_the_hint_only_when_needed():
    calls = []

    def hint() -> tuple[str, ...]:
        calls.append(1)
        return ("gb18030",)

    assert charsets.decode("Grüße".encode(), "utf-8", hint).text == "Grüße"
    assert charsets.decode(b"plain", None, hint).text == "plain"
    assert calls == []  # clean mail never pays for walking the tree to find the hint
    assert charsets.guess("报价".encode("gbk"), hint) == ("报价", "gb18030")
    assert calls == [1]


def test_looks_cjk_tells_latin_accents_from_chinese():
    assert not charsets.looks_cjk(PORTUGUESE.encode("latin-1"))
    assert not charsets.looks_cjk("Müller".encode("latin-1"))
    assert charsets.looks_cjk("报价".encode("gbk"))
    assert charsets.looks_cjk("PI-2024 报价单".encode("gbk"))
