"""How well the shipped rule pack reads mail it was not tuned on: precision, recall, stage accuracy.

    python benchmarks/bench_reading.py                   # both parts, tables
    python benchmarks/bench_reading.py --part held-out   # the figures the README reports
    python benchmarks/bench_reading.py --json            # for scripts
    python benchmarks/bench_reading.py --make-split      # once, before any tuning (see below)

The evaluation set is benchmarks/reading/cases/*.toml (format: benchmarks/reading/FORMAT.md):
customer cases in 13 languages, each a thread of messages with the tags, flags and stage a
senior salesperson would conclude, and the conclusions that must not be drawn. The set was
split once into a development part and a held-out part (benchmarks/reading/split.toml,
made by --make-split before any rule was tuned; it only ever adds new cases, never moves
one). Rules may be tuned on the development part; the held-out part is only measured.

Each part is imported as one mailbox, the way a user's export would be (mailcrm import),
filed under customers, and read by the rules on the case's day; then each customer's
tags, open flags and stage are compared with the labels.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import random
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailcrm.config import load_config  # noqa: E402
from mailcrm.engine.autoreply import is_auto_reply  # noqa: E402
from mailcrm.mail.addresses import registrable_domain  # noqa: E402
from mailcrm.mail.importer import import_path  # noqa: E402
from mailcrm.night import pipeline  # noqa: E402
from mailcrm.sample_config import config_text  # noqa: E402
from mailcrm.schema import open_db  # noqa: E402

CASES = ROOT / "benchmarks" / "reading" / "cases"
SPLIT = ROOT / "benchmarks" / "reading" / "split.toml"
HELD_OUT_SHARE = 0.45  # at least 40%, per language
SPLIT_SEED = 20261207
US = "lisa@hengtai-valve.com"
DEFAULT_TODAY = "2026-12-01"
STAGES = ("", "inquiry", "quotation", "sample", "negotiation", "order", "shipment", "after-sales")


# -- the cases ---------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    language: str
    domain: str
    today: str
    stage: str
    tags: set[str]
    flags: set[str]
    forbidden: list[str]
    messages: list[dict]


def load_cases(folder: Path = CASES) -> list[Case]:
    cases = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        expect = data.get("expect", {})
        cases.append(
            Case(
                data["id"],
                data["language"],
                data["domain"].lower(),
                data.get("today", DEFAULT_TODAY),
                expect.get("stage", ""),
                set(expect.get("tags", [])),
                set(expect.get("flags", [])),
                list(expect.get("forbidden", [])),
                data.get("message", []),
            )
        )
    return cases


def make_split(cases: list[Case], split_file: Path = SPLIT) -> dict[str, list[str]]:
    """Held-out ids per language, chosen once; a case already assigned keeps its part."""
    known = (
        tomllib.loads(split_file.read_text(encoding="utf-8")) if split_file.exists() else {"held_out": [], "dev": []}
    )
    assigned = set(known["held_out"]) | set(known["dev"])
    by_language = defaultdict(list)
    for case in cases:
        if case.id not in assigned:
            by_language[case.language].append(case.id)
    rng = random.Random(SPLIT_SEED)
    for language, ids in sorted(by_language.items()):
        ids.sort()
        rng.shuffle(ids)
        count = max(1, round(len(ids) * HELD_OUT_SHARE))
        known["held_out"] += ids[:count]
        known["dev"] += ids[count:]
    return {"held_out": sorted(known["held_out"]), "dev": sorted(known["dev"])}


def write_split(split: dict[str, list[str]], split_file: Path = SPLIT) -> None:
    lines = [
        "# Made once by `bench_reading.py --make-split`, before any rule was tuned. New cases are",
        "# added to a part; no case ever moves. Don't read the held-out cases while writing rules.",
        "",
    ]
    for part in ("held_out", "dev"):
        lines.append(f"{part} = [")
        lines += [f'    "{case_id}",' for case_id in split[part]]
        lines.append("]")
    split_file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def parts(cases: list[Case], split_file: Path = SPLIT) -> dict[str, list[Case]]:
    split = tomllib.loads(split_file.read_text(encoding="utf-8"))
    held_out = set(split["held_out"])
    missing = [case.id for case in cases if case.id not in held_out and case.id not in set(split["dev"])]
    if missing:
        sys.exit(f"cases in no part: {', '.join(missing)}: run --make-split")
    return {"dev": [c for c in cases if c.id not in held_out], "held-out": [c for c in cases if c.id in held_out]}


# -- the mail ----------------------------------------------------------------------------------


def message_id(case: Case, number: int) -> str:
    return f"{case.id}.{number}@eval.hengtai-valve.invalid"


def address(value: str) -> str:
    return f"Lisa Chen <{US}>" if value == "us" else value


def build(case: Case, number: int, item: dict) -> bytes:
    msg = EmailMessage()
    msg["From"] = address(item["from"])
    msg["To"] = ", ".join(address(a) for a in ([item["to"]] if isinstance(item["to"], str) else item["to"]))
    if item.get("cc"):
        msg["Cc"] = ", ".join(address(a) for a in item["cc"])
    msg["Subject"] = item.get("subject", "")
    msg["Date"] = format_datetime(datetime.fromisoformat(item["date"]))
    msg["Message-ID"] = f"<{message_id(case, number)}>"
    if number > 1 and not item.get("new_thread"):
        parent = f"<{message_id(case, number - 1)}>"
        msg["In-Reply-To"], msg["References"] = parent, parent
    for name, value in item.get("headers", {}).items():
        msg[name] = value
    msg.set_content(item.get("body", "").strip() + "\n")
    for name in item.get("attachments", []):
        kind = (mimetypes.guess_type(name)[0] or "application/octet-stream").split("/")
        msg.add_attachment(attachment_bytes(name), maintype=kind[0], subtype=kind[1], filename=name)
    return bytes(msg)


def attachment_bytes(name: str) -> bytes:
    """A small file of about the right type: the rules read names, not contents."""
    if name.lower().endswith(".pdf"):
        return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    return hashlib.sha256(name.encode()).digest() * 8


def write_mailbox(cases: list[Case], folder: Path) -> None:
    for case in cases:
        for number, item in enumerate(case.messages, 1):
            (folder / f"{case.id}-{number:02d}.eml").write_bytes(build(case, number, item))


# -- reading and comparing -----------------------------------------------------------------------


@dataclass
class Found:
    stage: str
    tags: set[str]
    flags: set[str]
    auto_replies: dict[str, bool] = field(default_factory=dict)  # message id -> read as an auto-reply


def read_part(cases: list[Case]) -> dict[str, Found]:
    """Import the part's mail (one mailbox per day the rules run on) and read what the rules concluded."""
    found: dict[str, Found] = {}
    by_day = defaultdict(list)
    for case in cases:
        by_day[case.today].append(case)
    for today, day_cases in sorted(by_day.items()):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            (tmp / "mail").mkdir()
            write_mailbox(day_cases, tmp / "mail")
            (tmp / "config.toml").write_text(config_text(str(tmp / "crm.db")), encoding="utf-8")
            config = load_config(tmp / "config.toml")
            db = open_db(config.database_path)
            import_path(config, db, tmp / "mail", account="lisa")
            after = pipeline.after_store(
                db, config, stored=True, force_rules=True, alerts=False, today=date.fromisoformat(today)
            )
            if not after.ok:
                sys.exit("reading failed: " + "; ".join(after.problems()))
            found |= {case.id: conclusions(db, case) for case in day_cases}
            db.conn.close()
    return found


def conclusions(db, case: Case) -> Found:
    # customers are keyed by registrable domain: mail.buyer.com.tr files under buyer.com.tr
    row = db.execute("SELECT id FROM customers WHERE key = ?", [registrable_domain(case.domain)]).fetchone()
    autos = {}
    for number in range(1, len(case.messages) + 1):
        stored = db.execute(
            "SELECT headers, subject, body_text FROM messages WHERE message_id = ?", [message_id(case, number)]
        ).fetchone()
        autos[message_id(case, number)] = bool(stored) and is_auto_reply(
            stored[0] or "{}", stored[1] or "", stored[2] or ""
        )
    if row is None:
        return Found("", set(), set(), autos)
    customer = row[0]
    stage = db.execute("SELECT stage FROM customer_stage WHERE customer = ?", [customer]).fetchone()
    tags = {r[0] for r in db.execute("SELECT tag FROM customer_tags WHERE customer = ? AND active = 1", [customer])}
    flags = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT flag FROM customer_flags WHERE customer = ? AND resolved IS NULL", [customer]
        )
    }
    return Found(stage[0] if stage else "", tags, flags, autos)


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, expected: set[str], got: set[str]) -> None:
        for label in expected & got:
            self.tp[label] += 1
        for label in got - expected:
            self.fp[label] += 1
        for label in expected - got:
            self.fn[label] += 1

    def labels(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    def row(self, label: str | None = None) -> dict:
        tp, fp, fn = (
            (self.tp[label], self.fp[label], self.fn[label])
            if label
            else (sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))
        )
        return {"tp": tp, "fp": fp, "fn": fn, "precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn)}


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def evaluate(cases: list[Case], found: dict[str, Found]) -> dict:
    tags, flags, autos = Score(), Score(), Score()
    confusion: Counter = Counter()
    forbidden = []
    for case in cases:
        got = found[case.id]
        tags.add(case.tags, got.tags)
        flags.add(case.flags, got.flags)
        confusion[(case.stage, got.stage)] += 1
        drawn = {f"tag:{t}" for t in got.tags} | {f"flag:{f}" for f in got.flags} | {f"stage:{got.stage}"}
        forbidden += [f"{case.id}: {item}" for item in case.forbidden if item in drawn]
        for number, item in enumerate(case.messages, 1):
            if "auto_reply" in item:
                label = {"auto-reply"} if item["auto_reply"] else set()
                autos.add(label, {"auto-reply"} if got.auto_replies.get(message_id(case, number)) else set())
    right = sum(n for (expected, got), n in confusion.items() if expected == got)
    return {
        "cases": len(cases),
        "messages": sum(len(c.messages) for c in cases),
        "languages": sorted({c.language for c in cases}),
        "tags": {"all": tags.row()} | {label: tags.row(label) for label in tags.labels()},
        "flags": {"all": flags.row()} | {label: flags.row(label) for label in flags.labels()},
        "auto_replies": autos.row("auto-reply"),
        "stage_accuracy": ratio(right, len(cases)),
        "stage_confusion": [
            {"expected": e or "none", "got": g or "none", "cases": n} for (e, g), n in sorted(confusion.items())
        ],
        "forbidden_drawn": forbidden,
    }


# -- printing ----------------------------------------------------------------------------------


def table(title: str, rows: dict) -> list[str]:
    lines = [f"| {title} | precision | recall | tp | fp | fn |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for label, r in rows.items():
        lines.append(f"| {label} | {show(r['precision'])} | {show(r['recall'])} | {r['tp']} | {r['fp']} | {r['fn']} |")
    return lines


def show(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def report(name: str, result: dict) -> str:
    lines = [
        f"## {name}: {result['cases']} customers, {result['messages']} messages, "
        f"{len(result['languages'])} languages ({' '.join(result['languages'])})",
        "",
    ]
    lines += table("tag", result["tags"]) + [""] + table("flag", result["flags"]) + [""]
    lines += table("auto-reply (per message)", {"auto-reply": result["auto_replies"]}) + [""]
    lines.append(f"Stage accuracy: {show(result['stage_accuracy'])}")
    lines += ["", "| expected stage | read as | cases |", "| --- | --- | ---: |"]
    lines += [f"| {c['expected']} | {c['got']} | {c['cases']} |" for c in result["stage_confusion"]]
    lines += ["", f"Forbidden conclusions drawn: {len(result['forbidden_drawn'])}"]
    lines += [f"- {item}" for item in result["forbidden_drawn"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("dev", "held-out", "both"), default="both")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--make-split", action="store_true", help="assign new cases to a part (once)")
    parser.add_argument("--cases", type=Path, default=CASES, help="the folder of case files")
    parser.add_argument("--split", type=Path, default=SPLIT, help="the split file")
    args = parser.parse_args()
    cases = load_cases(args.cases)
    if args.make_split:
        write_split(make_split(cases, args.split), args.split)
        print(f"{args.split} written")
        return
    chosen = parts(cases, args.split)
    names = ["dev", "held-out"] if args.part == "both" else [args.part]
    results = {name: evaluate(chosen[name], read_part(chosen[name])) for name in names}
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(report(name, result) for name, result in results.items()))


if __name__ == "__main__":
    main()
