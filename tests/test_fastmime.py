"""The fast boundary matcher gives exactly the standard library's answers."""

import email
import email.feedparser
import random
import re
from email.policy import compat32
from pathlib import Path

import pytest

from mailcrm.mail import fastmime
from mailcrm.demo.sample import iter_messages

CPYTHON_CORPUS = Path(__file__).parent / "data" / "mail" / "cpython"


def boundary_alphabet() -> str:
    # RFC 2046 bchars plus what broken mailers put in boundaries
    return "abcXYZ0129'()+_,-./:=? *[]{}|^$\\\t"


@pytest.mark.parametrize("seed", range(20))
def test_matcher_agrees_with_the_regex_on_random_boundaries(seed):
    rng = random.Random(seed)
    separator = "--" + "".join(rng.choice(boundary_alphabet()) for _ in range(rng.randint(1, 70)))
    assert fastmime.agrees(separator)


def test_only_the_boundary_pattern_is_replaced():
    shim = fastmime.FeedparserRe()
    assert isinstance(shim.compile(fastmime.PREFIX + re.escape("--x") + fastmime.SUFFIX), fastmime.BoundaryMatcher)
    assert isinstance(shim.compile(r"\r\n|\r|\n"), re.Pattern)
    assert shim.escape is re.escape


def test_installed_and_parses_like_the_standard_library():
    assert fastmime.install() and isinstance(email.feedparser.re, fastmime.FeedparserRe)
    raws = [m.raw for m in iter_messages(150)] + [p.read_bytes() for p in sorted(CPYTHON_CORPUS.glob("*"))]
    for raw in raws:
        fast = email.message_from_bytes(raw, policy=compat32)
        email.feedparser.re = re
        try:
            slow = email.message_from_bytes(raw, policy=compat32)
        finally:
            email.feedparser.re = fastmime.FeedparserRe()
        assert fast.as_bytes() == slow.as_bytes()
        assert [p.get_content_type() for p in fast.walk()] == [p.get_content_type() for p in slow.walk()]
