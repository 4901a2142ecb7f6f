"""Language and signature of inbound mail, worked out ahead on the other cores.

Filing reads each inbound human message's own text for its language and the
sender's signature (company, title, phone, website). That is the CPU-heavy
part of a refresh (1.0 s of 2.3 s at 20,000 messages) and it only depends on
the message, so on a big refresh forked workers compute it for the id ranges
ahead of the one being filed, reading the committed messages through their
own read-only connection. Anything they did not cover (mail whose direction
the refresh itself changed, an in-memory database, a small refresh) is
computed in-process as before: the results are the same either way.
"""

from __future__ import annotations

import os
import sqlite3
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor

from ..db import database_file
from ..mail.addresses import registrable_domain
from ..workers import fork_pool
from .language import detect_language
from .signature import own_text, parse_signature

PARALLEL_MIN = 3000  # messages to file: below this a pool costs more to start than it saves
SPAN = 1000  # message ids per job
AHEAD = 4  # jobs in flight: bounds the results held in memory

TextFacts = tuple  # (language, company, title, phone, phone_country, website, place, place_country, place_zone,
#                    triage's reading)


def text_facts(body: str, own_company: str, subject: str = "", triage=None) -> TextFacts:
    """``triage`` (a triage.Triage): also phishing wording or an inquiry, as (kind, why) or None."""
    text = own_text(body or "")
    signature = parse_signature(text, own_company)
    return (
        detect_language(text),
        signature.company,
        signature.title,
        signature.phone,
        signature.phone_country,
        signature.website,
        signature.place,
        signature.place_country,
        signature.place_zone,
        triage.read_text(subject, body or "", text) if triage else None,
    )


class AheadOfFiling:
    """Text facts for ascending message ids, computed by workers ahead of the caller.

    ``take(pk)`` returns the facts of an inbound message or None (compute it
    yourself); ids must be asked for in ascending order. Use as a context manager.
    """

    def __init__(self, db, classifier, own_company: str, after: int, triage=None):
        self.path = database_file(db)
        self.next_low = after
        self.last = db.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
        self.pending: deque[tuple[int, Future]] = deque()
        self.current: tuple[int, dict[int, TextFacts]] = (after, {})
        self.pool: ProcessPoolExecutor | None = None
        if self.path and self.last - after >= PARALLEL_MIN:
            # Load the suffix list before forking: each worker would import tldextract
            # (and requests) and build its trie itself, ~0.1 s of CPU each.
            registrable_domain("example.com")
            self.pool = fork_pool(
                min(os.cpu_count() or 1, 4), start_worker, (self.path, classifier, own_company, triage)
            )
            self.top_up()

    def __enter__(self) -> "AheadOfFiling":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def take(self, pk: int) -> TextFacts | None:
        if self.pool is None:
            return None
        while pk > self.current[0]:
            if not self.pending:
                return None
            high, future = self.pending.popleft()
            self.current = (high, future.result())
            self.top_up()
        return self.current[1].pop(pk, None)

    def top_up(self) -> None:
        while len(self.pending) < AHEAD and self.next_low < self.last:
            high = min(self.next_low + SPAN, self.last)
            self.pending.append((high, self.pool.submit(facts_between, self.next_low, high)))
            self.next_low = high


_WORKER: tuple | None = None  # (read-only connection, classifier, own company, triage), set in each worker


def start_worker(path: str, classifier, own_company: str, triage=None) -> None:
    global _WORKER
    _WORKER = (sqlite3.connect(f"file:{path}?mode=ro", uri=True), classifier, own_company, triage)


def facts_between(low: int, high: int) -> dict[int, TextFacts]:
    """Facts of the parsed messages with low < id <= high from an external sender (not us, no robot)."""
    conn, classifier, own_company, triage = _WORKER
    rows = conn.execute(
        "SELECT id, from_email, body_text, subject FROM messages WHERE id > ? AND id <= ? AND parse_error IS NULL",
        [low, high],
    )
    return {
        pk: text_facts(body, own_company, subject or "", triage)
        for pk, sender, body, subject in rows
        if sender and classifier.classify(sender.lower())[0] == "external"
    }
