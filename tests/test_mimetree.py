"""mimetree.build gives the feed parser's tree, or None; never a different tree.

Every message of the test corpora (the demo's sample mailbox, the parser's
fixtures, CPython's email corpus) and thousands of mangled copies are built
both ways and compared field by field.
"""

from __future__ import annotations

import random
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32

import pytest

from mailcrm.mail import mimetree
from mailcrm.demo.sample import iter_messages

from tests.test_parse import DATA, cpython_email_files, mutations


def stdlib(raw: bytes) -> Message:
    return BytesParser(policy=compat32).parsebytes(raw)


def same_tree(fast: Message, slow: Message, where: str = "root") -> None:
    """Assert the two trees agree on everything parse.py (and a generator) reads."""
    assert fast._headers == slow._headers, where
    assert fast.get_unixfrom() == slow.get_unixfrom(), where
    assert (fast.preamble, fast.epilogue) == (slow.preamble, slow.epilogue), where
    assert [type(d) for d in fast.defects] == [type(d) for d in slow.defects], where
    assert fast.get_default_type() == slow.get_default_type(), where
    assert type(fast._payload) is type(slow._payload), where
    if isinstance(slow._payload, list):
        assert len(fast._payload) == len(slow._payload), where
        for i, (a, b) in enumerate(zip(fast._payload, slow._payload), 1):
            same_tree(a, b, f"{where}.{i}")
    else:
        assert fast._payload == slow._payload, where


def check(raw: bytes) -> bool:
    """Compare on one message; True when the fast path took it."""
    fast = mimetree.build(raw)
    if fast is not None:
        same_tree(fast, stdlib(raw))
    return fast is not None


def corpus() -> list[bytes]:
    files = sorted(DATA.glob("*.eml")) + cpython_email_files()
    return [path.read_bytes() for path in files]


def test_sample_mailbox_is_built_fast_and_identically():
    raws = [m.raw for m in iter_messages(1500)]
    taken = sum(check(raw) for raw in raws)
    # The fast path is only worth having if ordinary business mail takes it.
    assert taken > 0.9 * len(raws)


def test_crlf_copies_match_too():
    # IMAP servers hand out CRLF line endings: the common case in a sync.
    raws = [m.raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") for m in iter_messages(300, seed=7)]
    assert sum(check(raw) for raw in raws) > 0.9 * len(raws)


@pytest.mark.parametrize("raw", corpus(), ids=lambda raw: f"{len(raw)}b")
def test_corpus_message_matches_or_falls_back(raw: bytes):
    check(raw)
    check(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def test_mangled_messages_match_or_fall_back():
    rnd = random.Random(20261123)
    sources = corpus() + [m.raw for m in iter_messages(200, seed=3)]
    checked = 0
    for raw in (raw for raw in sources if raw.count(b"\n") > 4):
        for mangled in mutations(raw, rnd):
            check(mangled)
            checked += 1
    assert checked > 2000


@pytest.mark.parametrize(
    "raw",
    [
        b"Subject: x\n\n",  # no body
        b"Subject: x",  # no blank line, no newline
        b"\nbody only\n",  # no headers
        b"Content-Type: multipart/mixed; boundary=b\n\npre\n--b\nA: 1\n\none\n--b\n\ntwo\n--b--\nepi\n",
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b--",  # close at EOF
        b"Content-Type: multipart/mixed; boundary=b\n\n--b \t\n\none\n--b-- \n\n\nepi",
        b"Content-Type: multipart/mixed; boundary=b\n\n--bb\n--b\n\none\n--b--\n",  # near-miss line
        b"Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/alternative;"
        b" boundary=b\n\n--b\n\nplain\n--b\n\nhtml\n--b--\ninner epi\n--a--\n",
        b"Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/alternative;"
        b" boundary=b\n\n--b\n\nplain\n--b--\n--a--\n",  # empty inner epilogue
    ],
)
def test_edge_cases_match(raw: bytes):
    assert check(raw)


@pytest.mark.parametrize(
    "raw",
    [
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n",  # no close
        b"Content-Type: multipart/mixed; boundary=b\n\nno parts at all\n",
        b"Content-Type: multipart/mixed\n\n--b\n\none\n--b--\n",  # no boundary
        b"Content-Type: message/rfc822\n\nSubject: inner\n\nhi\n",
        b"Content-Type: multipart/digest; boundary=b\n\n--b\n\nSubject: x\n\n--b--\n",
        b"From someone@example.com Mon Jan  1 00:00:00 2024\nSubject: x\n\nhi\n",
        b" continuation first\nSubject: x\n\nhi\n",
        b"Subject: x\nnot a header line\n\nhi\n",
        b"Subject: x\r\rlone CR\n\nhi\n",
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n--b\n\none\n--b--\n",  # doubled boundary
        b"Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/mixed; boundary=a"
        b"\n\n--a\n\nx\n--a--\n--a--\n",  # reused boundary
    ],
)
def test_unusual_mail_is_left_to_the_feed_parser(raw: bytes):
    assert mimetree.build(raw) is None
    stdlib(raw)  # and the feed parser copes


@pytest.mark.parametrize(
    "raw",
    [
        b"Subject: x\r\rlone CR\r\n\r\nhi\r\n",  # CR CR LF: the first CR is alone
        b"Subject: x\r\n\r\nhi\rthere\r\n",  # a lone CR in the body
        b"Subject: x\r\n\r\nends in CR\r",
    ],
)
def test_a_lone_cr_is_found_from_the_unix_copy_too(raw: bytes):
    """parse_message hands build the LF copy it hashes; a CR left in it is a lone CR."""
    assert mimetree.build(raw) is None
    assert mimetree.build(raw, raw.replace(b"\r\n", b"\n")) is None


def test_the_unix_copy_builds_the_same_tree():
    raw = b"Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b--\r\n"
    with_copy = mimetree.build(raw, raw.replace(b"\r\n", b"\n"))
    assert with_copy is not None
    assert with_copy.as_string() == mimetree.build(raw).as_string() == stdlib(raw).as_string()


BOUNDARY_HEADERS = [
    'multipart/mixed; boundary="abc"',
    'Multipart/Alternative;\r\n\tboundary="----=_Part_1_2.3"',
    'multipart/mixed; BOUNDARY = "x y "',
    'multipart/mixed;boundary=""',
    "multipart/mixed; boundary=plain",
    'multipart/mixed; boundary="a"; charset=utf-8',
    'multipart/mixed; boundary="a\\"b"',
    "multipart/mixed",
    'multipart/mixed; boundary="a;b"',
    'multipart/mixed; boundary*0="a"; boundary*1="b"',
    'text/plain; boundary="z"',
    '  multipart/related; type="text/html"; boundary="r"',
    'multipart/mixed; boundary="unterminated',
]


@pytest.mark.parametrize("value", BOUNDARY_HEADERS)
def test_quick_boundary_reading_agrees_with_email_message(value):
    from email.message import Message
    from mailcrm.mail.mimetree import TreeMessage

    quick, slow = TreeMessage(policy=compat32), Message(policy=compat32)
    for message in (quick, slow):
        message._headers = [("Content-Type", value)]
    assert quick.get_boundary() == slow.get_boundary()


def test_quick_boundary_reading_agrees_on_every_sample_message():
    from email.message import Message
    from mailcrm.mail.mimetree import PLAIN_BOUNDARY, TreeMessage

    values = set()
    for sample in iter_messages(300):
        tree = BytesParser(policy=compat32).parsebytes(sample.raw)
        values.update(part.get("content-type") for part in tree.walk() if part.get_content_maintype() == "multipart")
    assert sum(bool(PLAIN_BOUNDARY.fullmatch(v)) for v in values) > len(values) // 2  # the quick path is taken
    for value in values:
        quick, slow = TreeMessage(policy=compat32), Message(policy=compat32)
        quick._headers = slow._headers = [("Content-Type", value)]
        assert quick.get_boundary() == slow.get_boundary(), value


# --------------------------------------------------------------------------- flat_leaves


def stdlib_leaves(tree: Message) -> list[tuple[list, str]] | None:
    """(headers, payload) of every leaf the feed parser found; None if flat_leaves need not agree."""
    parts = list(tree.walk())
    if any(p.defects or p.get_content_maintype() == "message" for p in parts):
        return None  # broken or forwarded mail: the tree holds what boundary lines alone cannot say
    return [(p._headers, p._payload) for p in parts if not p.is_multipart()]


def test_flat_leaves_are_the_feed_parsers_leaves():
    compared = 0
    for raw in [m.raw for m in iter_messages(300, seed=11)] + corpus():
        tree = stdlib(raw)
        expected = stdlib_leaves(tree)
        if expected is None or not tree.is_multipart():
            continue
        assert [(p._headers, p._payload) for p in mimetree.flat_leaves(raw)] == expected
        compared += 1
    assert compared > 100


def test_flat_leaves_reach_text_too_deep_for_any_tree():
    body = b"Content-Type: text/plain; charset=utf-8\n\nPedido 4471 confirmado\n"
    for i in range(5000):  # the feed parser gives up near a thousand levels
        body = b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) + body + b"\n--b%d--\n" % i
    leaves = mimetree.flat_leaves(b"Subject: deep\n" + body)
    assert [(leaf.get_content_type(), leaf.get_payload()) for leaf in leaves] == [
        ("text/plain", "Pedido 4471 confirmado\n")
    ]


def test_flat_leaves_of_a_single_part_message_is_empty():
    assert mimetree.flat_leaves(b"Subject: x\n\n--not a boundary\n") == []
