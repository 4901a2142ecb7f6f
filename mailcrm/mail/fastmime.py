"""A faster MIME boundary matcher for the standard library's feed parser.

For every multipart, `email.feedparser` compiles a regular expression from
the part's boundary. Boundaries are unique, so `re`'s cache never hits, and
the compile (~150 µs) is about a sixth of the time it takes to parse a
typical business mail: a real cost when a first sync parses 100,000 of them.

`install()` gives the feed parser a stand-in for its `re` module whose
`compile` recognises exactly that boundary pattern and returns a plain
string matcher with the same answers; every other pattern goes to `re`.
It installs itself only after checking, on this Python, that the feed parser
still builds the pattern it knows and that both matchers agree.
"""

from __future__ import annotations

import email.feedparser
import inspect
import re

PREFIX = "(?P<sep>"
SUFFIX = r")(?P<end>--)?(?P<ws>[ \t]*)(?P<linesep>\r\n|\r|\n)?$"
LINE_ENDINGS = ("", "\r\n", "\r", "\n")
UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


class BoundaryMatch:
    """The two groups the feed parser reads from a boundary match."""

    __slots__ = ("end", "linesep")

    def __init__(self, end: str | None, linesep: str | None):
        self.end, self.linesep = end, linesep

    def group(self, name: str) -> str | None:
        return {"end": self.end, "linesep": self.linesep}[name]


class BoundaryMatcher:
    """`--boundary`, optional `--`, optional blanks, optional one line ending."""

    __slots__ = ("separator",)

    def __init__(self, separator: str):
        self.separator = separator

    def match(self, line: str) -> BoundaryMatch | None:
        if not line.startswith(self.separator):
            return None
        rest = line[len(self.separator) :]
        end = "--" if rest.startswith("--") else None
        if end:
            rest = rest[2:]
        ending = rest.lstrip(" \t")
        if ending not in LINE_ENDINGS:
            return None
        return BoundaryMatch(end, ending or None)


class FeedparserRe:
    """What `email.feedparser` sees as `re`: boundary patterns become matchers."""

    def __getattr__(self, name: str):
        return getattr(re, name)

    def compile(self, pattern, flags: int = 0):
        if flags == 0 and isinstance(pattern, str) and pattern.startswith(PREFIX) and pattern.endswith(SUFFIX):
            escaped = pattern[len(PREFIX) : -len(SUFFIX)]
            return BoundaryMatcher(UNESCAPE.sub(r"\1", escaped))
        return re.compile(pattern, flags)


def agrees(separator: str) -> bool:
    """Both matchers give the same answer on the lines that matter."""
    pattern = re.compile(PREFIX + re.escape(separator) + SUFFIX)
    fast = FeedparserRe().compile(PREFIX + re.escape(separator) + SUFFIX)
    for line in sample_lines(separator):
        slow_match, fast_match = pattern.match(line), fast.match(line)
        if bool(slow_match) != bool(fast_match):
            return False
        if slow_match and (slow_match.group("end"), slow_match.group("linesep")) != (
            fast_match.group("end"),
            fast_match.group("linesep"),
        ):
            return False
    return True


def sample_lines(separator: str) -> list[str]:
    tails = ["", "--", " ", "\t", "-- \t", "x", "--x", " x", "-", "---"]
    return [separator + tail + ending for tail in tails for ending in LINE_ENDINGS] + [
        separator[:-1],
        " " + separator,
        "",
        "\n",
        separator.upper() + "\n",
    ]


def feedparser_builds_known_pattern() -> bool:
    try:
        source = inspect.getsource(email.feedparser.FeedParser._parsegen)
    except (OSError, TypeError):
        return False
    return "'(?P<sep>' + re.escape(separator) +" in source and "(?P<linesep>\\r\\n|\\r|\\n)?$'" in source


def install() -> bool:
    """Install the fast matcher if it is known to be equivalent here."""
    if isinstance(email.feedparser.re, FeedparserRe):
        return True
    separators = ["--=_Part_1_2.3", "--b1_" + "x" * 60, "--(weird)+*?[]{}|^$.\\", "--Apple-Mail=_2F3"]
    if not feedparser_builds_known_pattern() or not all(agrees(s) for s in separators):
        return False
    email.feedparser.re = FeedparserRe()
    return True
