"""Rows ordered by a key, consumed one key at a time: memory for one group, not the table.

Whole-table passes (profiles, latency, thread links) used to collect every
row into dicts keyed by customer or thread; at 100,000 messages that was
tens of megabytes. Ordered queries read group by group keep it flat.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import Any, Iterable, Iterator, NamedTuple


def groups(rows: Iterable[tuple], key: int = 0) -> Iterator[tuple[Any, list[tuple]]]:
    """(key, rows with that key) for rows already ordered by column `key`."""
    for value, group in groupby(rows, key=itemgetter(key)):
        yield value, list(group)


class Merge:
    """Rows for ascending keys, from rows ordered by that key (a merge join in Python).

    ``take(k)`` returns the rows whose key is k, skipping smaller keys; keys
    must be asked for in ascending order.
    """

    def __init__(self, rows: Iterable[tuple], key: int = 0):
        self.groups = groups(rows, key)
        self.current = next(self.groups, None)

    def take(self, wanted) -> list[tuple]:
        while self.current is not None and self.current[0] < wanted:
            self.current = next(self.groups, None)
        if self.current is not None and self.current[0] == wanted:
            rows, self.current = self.current[1], next(self.groups, None)
            return rows
        return []


def id_ranges(db, table: str, size: int) -> list[tuple[int, int]]:
    """Consecutive id ranges of ``size`` covering the table's rows (ids are dense enough):
    a whole-table pass a range at a time holds one range's rows, in Python and in SQLite."""
    low, high = db.execute(f"SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM {table}").fetchone()
    return [(start, min(start + size - 1, high)) for start in range(low, high + 1, size)]


# -- spans of customer ids ---------------------------------------------------------


class Span(NamedTuple):
    """Customers with ids lo..hi: the part of a run concluded at once, so that its
    memory is bounded by the part and not by the mailbox. With ``only``, just
    those of them (the few customers a handful of new messages belong to)."""

    lo: int
    hi: int
    only: tuple[int, ...] | None = None


def within(span: Span | None, column: str) -> str:
    """SQL limiting `column` to the span (ids are integers: safe to inline)."""
    if span is None:
        return ""
    sql = f" AND {column} BETWEEN {int(span.lo)} AND {int(span.hi)}"
    if span.only is not None:
        sql += f" AND {column} IN ({','.join(str(int(i)) for i in span.only)})"
    return sql


def some(ids) -> Span:
    """The span of exactly these ids."""
    ordered = tuple(sorted(ids))
    return Span(ordered[0], ordered[-1], ordered) if ordered else Span(0, -1, ())


def spans(ids, size: int) -> list[Span]:
    """Consecutive spans of `size` of these ids that together cover every possible id,
    so what a run forgets about customers outside `ids` (merged, ignored) is forgotten too."""
    ordered = sorted(ids)
    cuts = ordered[size::size]
    lows = [-(1 << 63)] + cuts
    highs = [cut - 1 for cut in cuts] + [(1 << 63) - 1]
    return [Span(lo, hi) for lo, hi in zip(lows, highs)]
