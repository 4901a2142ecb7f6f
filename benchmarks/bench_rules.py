"""`mailcrm rules run` over a large stored mailbox.

    python benchmarks/bench_rules.py              # 100,000 messages, 3 runs
    python benchmarks/bench_rules.py -n 20000 -r 5

Builds (once, cached under --cache) a database of ``n`` sample messages
(mailcrm.demo.sample.iter_messages: the curated export-trade story, then synthetic
customers), stored with mailcrm.mail.store.MessageStore, filed by the customers
module, with the sample's orders. Then, each on a fresh copy of that database,
times the first `rules run` (every shipped rule over every message, grading,
the per-customer pass) and reports the median; then a second run (nothing
new: must change nothing). For reference it
also times one bare pass that only folds and tokenizes every subject and body:
the floor any keyword matcher in Python pays.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailcrm.config import parse_config  # noqa: E402
from mailcrm.sample_config import config_text  # noqa: E402
from mailcrm.db import transaction  # noqa: E402
from mailcrm.schema import open_db  # noqa: E402
from mailcrm.mail.addresses import direction_rule  # noqa: E402

TODAY = date(2026, 6, 1)  # fixed: the same mailbox and the same conclusions on every machine


def config_for(db_path: Path):
    return parse_config(config_text(str(db_path), me={"manager": "Grace Zhou"}), db_path.parent / "config.toml")


def prepare_raw(item):
    from mailcrm.mail.store import prepare

    raw, internaldate = item
    return prepare(raw, internaldate)


def build(db_path: Path, n: int) -> None:
    """Store n sample messages (parsing in a process pool), file them, import the orders."""
    from mailcrm.demo.sample import generate_mailbox

    store_sample(db_path, n)
    file_under_customers(open_db(db_path), config_for(db_path), generate_mailbox(n, today=TODAY).orders)


STORE_CHUNK = 10_000  # messages parsed and stored at a time: a 200,000 build stays small


def store_sample(db_path: Path, n: int) -> None:
    """Store n sample messages as a sync would (UIDs 1 … n in one INBOX), without filing them."""
    from mailcrm.demo.sample import iter_messages
    from mailcrm.mail.store import MessageStore

    db = open_db(db_path)
    store = MessageStore(db, direction_rule(config_for(db_path)))
    folder = ensure_folder(db)
    sample = ((m.raw, m.internaldate) for m in iter_messages(n, today=TODAY))
    uid = 0
    with ProcessPoolExecutor() as pool:
        while chunk := list(itertools.islice(sample, STORE_CHUNK)):
            with transaction(db):
                for prepared in pool.map(prepare_raw, chunk, chunksize=200):
                    uid += 1
                    pk, _ = store.add(prepared)
                    store.add_location(pk, folder, 1, uid)


def ensure_folder(db) -> int:
    db.execute("INSERT OR IGNORE INTO folders (account, name, role, uidvalidity) VALUES ('lisa', 'INBOX', 'inbox', 1)")
    return db.execute("SELECT id FROM folders WHERE account = 'lisa' AND name = 'INBOX'").fetchone()[0]


def file_under_customers(db, config, orders) -> None:
    from mailcrm.customers.filing import refresh

    refresh(db, config, lock=False)
    if orders:
        from mailcrm.demo.sample import write_orders_csv
        from mailcrm.customers.orders import import_orders_csv

        with tempfile.TemporaryDirectory() as tmp:
            write_orders_csv(orders, Path(tmp) / "orders.csv")
            import_orders_csv(db, config, Path(tmp) / "orders.csv")


def cached_database(cache: Path, n: int, kind: str = "rules") -> Path:
    """The sample database of n messages, built once: "rules" is filed with orders, "stored" is not filed."""
    path = cache / f"{kind}-bench-{n}.db"
    if not path.exists():
        started = time.monotonic()
        print(f"building {n:,} messages into {path} (once) …", flush=True)
        building = path.with_suffix(".tmp.db")
        (build if kind == "rules" else store_sample)(building, n)
        db = open_db(building)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
        building.rename(path)
        for leftover in cache.glob(building.name + "*"):  # -wal, -shm, .lock
            leftover.unlink()
        print(f"  built in {time.monotonic() - started:.0f} s", flush=True)
    return path


def fresh_copy(source: Path, workdir: Path) -> Path:
    target = workdir / "bench.db"
    for stale in workdir.glob("bench.db*"):
        stale.unlink()
    shutil.copyfile(source, target)
    return target


def timed_run(db_path: Path, today: date = TODAY):
    from mailcrm.engine.runner import run_rules

    config = config_for(db_path)
    db = open_db(db_path)
    started = time.perf_counter()
    report = run_rules(db, config, today=today, lock=False)
    return time.perf_counter() - started, report


def tokenize_floor(db_path: Path) -> float:
    """Fold and tokenize every subject and body once: what matching cannot go below."""
    from mailcrm.engine.matcher import fold, tokenize

    db = open_db(db_path)
    started = time.perf_counter()
    for subject, body in db.execute("SELECT subject, body_text FROM messages"):
        set(tokenize(fold(subject or ""))) | set(tokenize(fold(body or "")))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--messages", type=int, default=100_000)
    parser.add_argument("-r", "--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "mailcrm-bench")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    base = cached_database(args.cache, args.messages)
    workdir = Path(tempfile.mkdtemp(prefix="mailcrm-rules-"))
    try:
        report(args, base, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(args, base: Path, workdir: Path) -> None:
    firsts, last = [], None
    for _ in range(args.runs):
        seconds, last = timed_run(fresh_copy(base, workdir))
        firsts.append(seconds)
    second, again = timed_run(workdir / "bench.db")
    floor = tokenize_floor(workdir / "bench.db")
    first = statistics.median(firsts)
    print(
        f"\nrules run over {last.messages:,} stored messages, {last.customers:,} customers "
        f"({os.cpu_count()} CPUs), median of {args.runs}:"
    )
    print(f"  first run (all rules, all mail)   {first:7.2f} s   {last.messages / first:9,.0f} messages/s")
    print(f"  second run (nothing new)          {second:7.2f} s   changes: {len(again.changes)}")
    print(f"  floor: fold + tokenize only       {floor:7.2f} s   rules/floor = {first / floor:.1f}x")
    print(f"  matches {last.matches:,}; changes {len(last.changes):,}: {last.counts()}")
    verdict = "OK" if first < 30 else "TOO SLOW"
    print(f"  target < 30 s for 100,000 messages: {verdict}")


if __name__ == "__main__":
    main()
