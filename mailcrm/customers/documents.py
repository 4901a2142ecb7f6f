"""Documents per customer: every file exchanged, classified by kind, listed, summarized, saved.

An attachment's kind (contract, po, pi, quotation, invoice, packing-list, bl, certificate,
payment, drawing, catalogue, photo, other) is read from its file name, then its type, then the
sentences of the mail that say something is attached, then the subject, in the languages of
the rule pack (doc_words.py). The kind is stored per attachment (table ``documents``, written
after each refresh); customer, direction and date come from the message, so a merge or a split
moves the documents with the mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import MailcrmError
from ..mail import archive
from . import doc_words
from .doc_words import KINDS, NOT_DOCUMENTS, PATTERNS
from .keys import set_meta
from .lookup import find_customer
from .signature import own_text

__all__ = ["KINDS", "busiest", "classify", "classify_new", "documents_of", "newest", "save", "summary"]

# What `customers show` and the hand-over brief name first; then every other kind in KINDS order.
LEAD_KINDS = ("contract", "pi", "po")

# Words too short or too common to read in a subject or a sentence ("ce", "pi", "order" …): a
# file name "PI_2026-031.pdf" is a PI, a subject "ce que vous" is no certificate.
_SHORT = re.compile(r"^[\W\d_]*\w{1,3}[\W\d_]*$")


def _text_pattern(words: list[str]) -> re.Pattern | None:
    short = [w for w in words if _SHORT.match(w.replace("\\", "")) or w in ("order", "offer", "quote", "plan")]
    # ... unless a number follows: "Re: PO 4711", "PI No. HT-031", "B/L 1234"
    numbered = [
        rf"{w}[ .#:№-]*(?:no\.?|nr\.?|n°)?[ .#:-]*[a-z]{{0,4}}-?\d"
        for w in short
        if w not in ("order", "offer", "quote", "plan")
    ]
    kept = [w for w in words if w not in short] + numbered
    return doc_words._pattern(kept) if kept else None


TEXT_PATTERNS = {kind: _text_pattern(words) for kind, words in doc_words.WORDS.items()}


@dataclass
class Kind:
    kind: str
    why: str  # one line for people: what gave the kind away


def classify(filename: str | None, content_type: str, subject: str = "", body: str = "") -> Kind:
    """The kind of one attachment, from its name, its type, the subject and the mail around it."""
    name = (filename or "").strip()
    stem, ext = _split(name)
    words = re.sub(r"[_+~=]+|(?<=\D)-|-(?=\D)", " ", stem)
    ctype = (content_type or "").lower()
    if ext in doc_words.DRAWING_EXTENSIONS or ctype in doc_words.DRAWING_TYPES:
        return Kind("drawing", f"file type {ext or ctype}")
    found = _first(PATTERNS, words)
    if found:
        return Kind(found[0], f"file name {name!r} ({found[1]})")
    if ctype.startswith("image/") or ext in doc_words.PHOTO_EXTENSIONS:
        return Kind("photo", f"file type {ctype or ext}")
    # what the mail says is attached names this file more closely than the thread's subject
    for sentence in re.split(r"(?<=[.!?。！？])\s*|\n+", own_text(body or "")[:3000]):
        if doc_words.ATTACHED.search(sentence):
            found = _first(TEXT_PATTERNS, sentence)
            if found:
                return Kind(found[0], f"the mail: {' '.join(sentence.split())[:80]!r}")
    found = _first(TEXT_PATTERNS, subject or "")
    if found:
        return Kind(found[0], f"subject {subject.strip()[:60]!r}")
    return Kind("other", "nothing in the name, type, subject or mail says")


def _split(name: str) -> tuple[str, str]:
    m = re.fullmatch(r"(.*?)(\.[A-Za-z0-9_]{1,6})?", name, re.S)
    return (m.group(1) or "", (m.group(2) or "").lower())


def _first(patterns: dict, text: str) -> tuple[str, str] | None:
    for kind, pattern in patterns.items():
        m = pattern.search(text) if pattern is not None else None
        if m:
            return kind, m.group(0).strip()
    return None


# -- stored kinds --------------------------------------------------------------------------

_UNCLASSIFIED = (
    "FROM attachments a JOIN messages m ON m.id = a.message "
    "LEFT JOIN documents d ON d.message = a.message AND d.idx = a.idx "
    "WHERE d.message IS NULL AND a.inline = 0 AND lower(a.content_type) NOT IN ({})"
).format(", ".join(f"'{t}'" for t in NOT_DOCUMENTS))


def classify_new(db) -> int:
    """Classify the attachments not classified yet (all of them when the words changed).
    Runs inside the refresh's transaction; returns how many were classified."""
    version = db.execute("SELECT value FROM customer_meta WHERE name = 'documents_version'").fetchone()
    if not version or version[0] != doc_words.VERSION:
        db.execute("DELETE FROM documents")
        set_meta(db, documents_version=doc_words.VERSION)
    rows = db.execute(
        "SELECT a.message, a.idx, a.filename, a.content_type, m.subject, m.body_text " + _UNCLASSIFIED
    ).fetchall()
    values = []
    for message, idx, filename, ctype, subject, body in rows:
        found = classify(filename, ctype, subject or "", body or "")
        values.append((message, idx, found.kind, found.why))
    db.conn.executemany("INSERT INTO documents (message, idx, kind, why) VALUES (?, ?, ?, ?)", values)
    return len(values)


def documents_of(db, ref: str, *, kinds: list[str] | tuple[str, ...] = (), copies: bool = False) -> list[dict]:
    """A customer's documents, newest first. The same file sent again (a reply quoting it, a
    forward) is listed once, at its first exchange, with how many times it went; ``copies``
    lists every exchange."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise MailcrmError(f"no document kind {unknown[0]!r}; the kinds are: {', '.join(KINDS)}")
    pk = find_customer(db, ref)["id"]
    where = f" AND d.kind IN ({', '.join('?' * len(kinds))})" if kinds else ""
    rows = [
        dict(row)
        for row in db.query(
            "SELECT d.kind, a.filename, a.content_type, a.size, a.sha256, d.message, d.idx, m.date, "
            "CASE m.direction WHEN 'out' THEN 'sent' WHEN 'in' THEN 'received' ELSE m.direction END AS direction, "
            "m.from_email, m.subject, m.thread_id AS thread, d.why "
            "FROM message_customers mc JOIN documents d ON d.message = mc.message "
            "JOIN attachments a ON a.message = d.message AND a.idx = d.idx JOIN messages m ON m.id = d.message "
            f"WHERE mc.customer = ?{where} ORDER BY m.date, m.id, a.idx",
            [pk, *kinds],
        )
    ]
    if not copies:
        first: dict[str, dict] = {}
        for row in rows:
            if row["sha256"] in first:
                first[row["sha256"]]["times"] += 1
            else:
                first[row["sha256"]] = dict(row, times=1)
        rows = list(first.values())
    else:
        for row in rows:
            row["times"] = 1
    rows.sort(key=lambda r: (r["date"] or "", r["message"], r["idx"]), reverse=True)
    return rows


def busiest(db, kinds: tuple[str, ...] = LEAD_KINDS) -> str | None:
    """The key of the active customer with the most documents of these kinds (the demo shows it)."""
    row = db.execute(
        "SELECT c.key FROM documents d JOIN message_customers mc ON mc.message = d.message "
        "JOIN customers c ON c.id = mc.customer "
        f"WHERE c.status = 'active' AND d.kind IN ({', '.join('?' * len(kinds))}) "
        "GROUP BY c.id ORDER BY count(DISTINCT d.kind) DESC, count(*) DESC, c.key LIMIT 1",
        list(kinds),
    ).fetchone()
    return row[0] if row else None


def newest(db, ref: str, kinds: tuple[str, ...] = ("contract", "pi")) -> dict | None:
    """The newest document of these kinds exchanged with a customer (its latest contract or PI)."""
    found = documents_of(db, ref, kinds=kinds, copies=True)
    return found[0] if found else None


def summary(db, ref: str) -> dict:
    """Counts per kind (each file once), and the newest contract, PI and PO."""
    docs = documents_of(db, ref)
    counts = {kind: 0 for kind in KINDS}
    for doc in docs:
        counts[doc["kind"]] += 1
    latest = {}
    for kind in LEAD_KINDS:
        of_kind = [d for d in docs if d["kind"] == kind]
        if of_kind:
            latest[kind] = _brief(of_kind[0])
    contract_or_pi = newest(db, ref)
    return {
        "total": len(docs),
        "by_kind": {kind: n for kind, n in counts.items() if n},
        "newest": latest,
        "newest_contract_or_pi": _brief(contract_or_pi) if contract_or_pi else None,
    }


def _brief(doc: dict) -> dict:
    return {k: doc[k] for k in ("kind", "filename", "date", "direction", "message", "idx")}


def summary_text(info: dict) -> str:
    """'3 contracts, 5 POs, 2 PIs, 1 photo' for one line."""
    return ", ".join(f"{n} {label(kind, n)}" for kind, n in info["by_kind"].items()) or "none"


def label(kind: str, count: int = 1) -> str:
    names = {"po": "PO", "pi": "PI", "bl": "B/L", "other": "other file", "packing-list": "packing list"}
    word = names.get(kind, kind)
    if count == 1:
        return word
    return word + ("es" if word.endswith("s") else "" if word.endswith("/L") else "s")


def brief_lines(db, ref: str, limit: int = 12) -> list[str]:
    """The hand-over brief's Documents section (Markdown): the counts, the newest contract, PI
    and PO, and the newest files of the kinds that bind (contract, PI, PO, invoice, B/L …)."""
    info = summary(db, ref)
    if not info["total"]:
        return ["No documents exchanged yet."]
    lines = [f"{info['total']} files exchanged: {summary_text(info)}.", ""]
    for kind, doc in info["newest"].items():
        lines.append(f"- Newest {label(kind)}: {doc['filename']} ({doc['direction']} {(doc['date'] or '')[:10]})")
    binding = [d for d in documents_of(db, ref) if d["kind"] not in ("photo", "catalogue", "other")][:limit]
    if binding:
        lines += ["", "| date | kind | direction | file |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {(d['date'] or '')[:10]} | {label(d['kind'])} | {d['direction']} | {_cell(d['filename'])} |"
            for d in binding
        ]
    key = find_customer(db, ref)["key"]
    lines += ["", f"All of them: `mailcrm customers docs {key}`; saved: `mailcrm customers docs {key} --save DIR`."]
    return lines


def _cell(value) -> str:
    return str(value or "").replace("|", "\\|").replace("\n", " ")


def save(db, docs: list[dict], directory: Path) -> list[tuple[dict, Path]]:
    """Write documents into a folder (one folder per kind), with the attachment saving of
    `mailcrm show --save-attachments`."""
    saved = []
    for doc in docs:
        for path in archive.save_attachments(db, doc["message"], directory / doc["kind"], doc["idx"]):
            saved.append((doc, path))
    return saved
