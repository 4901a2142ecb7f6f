"""Peak memory of mailcrm's big steps by mailbox size: does it grow with the mailbox?

    python benchmarks/bench_memory.py                                # 20,000 and 100,000 messages
    python benchmarks/bench_memory.py -n 20000 -n 100000 -n 200000 -r 1

For each size it builds (once, cached under --cache and shared with
bench_rules.py) two sample databases of the same mailbox: one stored as a
first sync stores it, not yet filed under customers, and one filed with the
sample's orders. Each step then runs on its own in a fresh Python process on a
fresh copy:

- floor: the process with mailcrm's modules loaded, nothing else;
- customers: filing the stored mailbox under customers (a full rebuild);
- rules: the first `rules run` over the filed mailbox (every rule, every message);
- rules again: a second run on that result, nothing new;
- after store: customers then rules in one process, as a first sync runs them
  once the mail is stored (the sync's own peak is measured by bench_sync.py).

With --import-case it measures `mailcrm import` instead: for each message size
(--import-mb, repeatable) it writes a folder of --import-messages .eml files,
each with a base64 attachment of that size, and runs the import command on it
in a fresh process on an empty database. The peak should not follow the total:
messages are read lazily and stored in batches bounded by bytes, so what is left
is the cost of the one biggest message being parsed.

    python benchmarks/bench_memory.py --import-case                   # 20 messages of 0.05, 5 and 20 MB
    python benchmarks/bench_memory.py --import-case --import-messages 80 --import-mb 5

Peak RSS is the process's VmHWM polled from /proc (bench_sync.run_measured);
"with workers" adds the forked rules pool, whose pages shared with the parent
count twice: an upper bound. Reported: medians over runs, and the growth per
100,000 messages between the smallest and the largest size.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_rules import CONFIG, TODAY, cached_database, config_for

from mailcrm.schema import open_db  # noqa: E402

TARGET_MB, TARGET_AT = 150, 100_000
PER = 100_000  # growth is quoted per this many messages


def step_floor(db_path: Path) -> None:
    # what every step below loads first
    import mailcrm.customers.filing
    import mailcrm.engine.runner
    import mailcrm.night.pipeline  # noqa: F401


def step_customers(db_path: Path) -> None:
    from mailcrm.customers.filing import refresh

    refresh(open_db(db_path), config_for(db_path), lock=False)


def step_rules(db_path: Path) -> None:
    from mailcrm.engine.runner import run_rules

    # as `mailcrm rules run` does: it keeps the 40 changes of each kind it may print
    run_rules(open_db(db_path), config_for(db_path), today=TODAY, lock=False, keep_changes=40)


def step_after_store(db_path: Path) -> None:
    from mailcrm.night.pipeline import after_store

    result = after_store(open_db(db_path), config_for(db_path), stored=True, alerts=False, today=TODAY)
    if not result.ok:
        raise SystemExit("; ".join(result.problems()))


# name: (what it runs, which cached database it starts from; None: the previous step's result)
STEPS = {
    "floor": (step_floor, "stored"),
    "customers": (step_customers, "stored"),
    "rules": (step_rules, "rules"),
    "rules again": (step_rules, None),
    "after store": (step_after_store, "stored"),
}


def measure_size(n: int, runs: int, cache: Path, workdir: Path) -> dict[str, list[tuple[float, float, float]]]:
    # here, not at the top: the measured child need not load it
    from bench_sync import run_measured

    sources = {kind: cached_database(cache, n, kind) for kind in ("stored", "rules")}
    measured: dict[str, list] = {name: [] for name in STEPS}
    copy = workdir / "bench.db"
    for _ in range(runs):
        for name, (_, source) in STEPS.items():
            if source is not None:
                fresh_copy(sources[source], copy)
            measured[name].append(run_measured([sys.executable, __file__, "--step", name, str(copy)]))
            print(f"  {n:,} {name}: {measured[name][-1][0]:.1f} s, peak {measured[name][-1][1]:.0f} MB", flush=True)
    return measured


def fresh_copy(source: Path, target: Path) -> None:
    for stale in target.parent.glob(target.name + "*"):
        stale.unlink()
    shutil.copyfile(source, target)


def medians(measured: dict[str, list[tuple[float, float, float]]]) -> dict[str, dict[str, float]]:
    return {
        name: {
            "seconds": statistics.median(m[0] for m in runs),
            "peak_mb": statistics.median(m[1] for m in runs),
            "with_workers_mb": statistics.median(m[2] for m in runs),
        }
        for name, runs in measured.items()
    }


def growth_per(results: dict[int, dict], name: str) -> float | None:
    """MB more per PER messages, from the smallest size to the largest."""
    sizes = sorted(results)
    if len(sizes) < 2:
        return None
    low, high = sizes[0], sizes[-1]
    return (results[high][name]["peak_mb"] - results[low][name]["peak_mb"]) / (high - low) * PER


def print_tables(results: dict[int, dict], runs: int) -> None:
    sizes = sorted(results)
    header = "".join(f"{n:>11,}" for n in sizes)
    print(f"\npeak RSS MB of the process (with workers), median of {runs}:")
    print(f"{'step':14}{header}   per {PER:,} more")
    for name in STEPS:
        cells = "".join(
            f"{results[n][name]['peak_mb']:5.0f} ({results[n][name]['with_workers_mb']:3.0f})" for n in sizes
        )
        growth = growth_per(results, name)
        print(f"{name:14}{cells}   {'' if growth is None else f'{growth:+.0f} MB'}")
    print(f"\nseconds, median of {runs}:")
    print(f"{'step':14}{header}")
    for name in STEPS:
        print(f"{name:14}" + "".join(f"{results[n][name]['seconds']:11.1f}" for n in sizes))
    print_verdict(results)


def print_verdict(results: dict[int, dict]) -> None:
    if TARGET_AT in results:
        peak = max(step["peak_mb"] for step in results[TARGET_AT].values())
        verdict = "OK" if peak <= TARGET_MB else "NOT MET"
        print(f"\ntarget: peak <= {TARGET_MB} MB at {TARGET_AT:,} messages: {verdict} (highest step: {peak:.0f} MB)")
    growths = {name: growth_per(results, name) for name in STEPS}
    if None not in growths.values():
        worst = max(growths, key=growths.get)
        print(
            f"target: flat with the mailbox: the most growing step is {worst}, "
            f"{growths[worst]:+.0f} MB per {PER:,} messages"
        )


# -- the import case -----------------------------------------------------------


def write_eml_folder(folder: Path, count: int, megabytes: float) -> int:
    """`count` .eml files, each a short text and a random (incompressible) PDF of `megabytes`."""
    import os
    from email.message import EmailMessage

    folder.mkdir(parents=True)
    total = 0
    for n in range(count):
        msg = EmailMessage()
        msg["From"], msg["To"] = "hans@acme-armaturen.de", "lisa@hengtai-valve.com"
        msg["Subject"], msg["Message-ID"] = f"Drawings {n}", f"<bench-import-{n}@acme-armaturen.de>"
        msg["Date"] = "Mon, 02 Mar 2026 09:30:00 +0100"
        msg.set_content(f"Please find the drawings for order {n} attached.\n")
        msg.add_attachment(
            os.urandom(int(megabytes * 1024 * 1024)),
            maintype="application",
            subtype="pdf",
            filename=f"drawings-{n}.pdf",
        )
        raw = bytes(msg)
        (folder / f"{n:04d}.eml").write_bytes(raw)
        total += len(raw)
    return total


def measure_import(count: int, megabytes: float, runs: int, workdir: Path) -> dict[str, float]:
    """Peak RSS of `mailcrm import` of a folder of `count` messages of `megabytes` each, fresh process."""
    from bench_sync import run_measured

    case = workdir / f"import-{count}x{megabytes:g}"
    total = write_eml_folder(case / "export", count, megabytes)
    config = case / "config.toml"
    config.write_text(CONFIG.format(db=case / "import.db"), encoding="utf-8")
    measured = []
    for _ in range(runs):
        for stale in case.glob("import.db*"):
            stale.unlink()
        command = [
            sys.executable,
            "-m",
            "mailcrm",
            "--config",
            str(config),
            "-q",
            "import",
            str(case / "export"),
            "--account",
            "lisa",
        ]
        measured.append(run_measured(command, cwd=Path(__file__).resolve().parent.parent))
        print(f"  {count} x {megabytes:g} MB: {measured[-1][0]:.1f} s, peak {measured[-1][1]:.0f} MB", flush=True)
    shutil.rmtree(case)
    return {
        "total_mb": total / 1024 / 1024,
        "seconds": statistics.median(m[0] for m in measured),
        "peak_mb": statistics.median(m[1] for m in measured),
        "with_workers_mb": statistics.median(m[2] for m in measured),
    }


def print_import_table(results: dict[float, dict], count: int, runs: int) -> None:
    print(f"\nmailcrm import of {count} .eml files, median of {runs}:")
    print(f"{'message MB':>10} {'folder MB':>10} {'seconds':>8} {'peak MB':>8} {'(with workers)':>15}")
    for megabytes, result in sorted(results.items()):
        print(
            f"{megabytes:10g} {result['total_mb']:10.0f} {result['seconds']:8.1f} {result['peak_mb']:8.0f}"
            f" {result['with_workers_mb']:15.0f}"
        )
    sizes = sorted(results)
    if len(sizes) >= 2:
        low, high = results[sizes[0]], results[sizes[-1]]
        print(
            f"peak grows {high['peak_mb'] - low['peak_mb']:+.0f} MB for a folder "
            f"{high['total_mb'] - low['total_mb']:+.0f} MB bigger"
        )


def import_case(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="mailcrm-import-memory-"))
    try:
        results = {
            mb: measure_import(args.import_messages, mb, args.runs, workdir)
            for mb in sorted(set(args.import_mb or [0.05, 5, 20]))
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_import_table(results, args.import_messages, args.runs)
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "import": results}, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--messages", type=int, action="append", help="repeat for several sizes")
    parser.add_argument("-r", "--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "mailcrm-bench")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--import-case", action="store_true", help="measure `mailcrm import` of big messages")
    parser.add_argument("--import-messages", type=int, default=20, help="messages in each import folder")
    parser.add_argument("--import-mb", type=float, action="append", help="MB per message; repeat for several")
    parser.add_argument("--step", nargs=2, metavar=("NAME", "DATABASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_case:
        import_case(args)
        return
    if args.step:  # the child process: run one step, nothing else
        name, database = args.step
        STEPS[name][0](Path(database))
        return
    args.cache.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="mailcrm-memory-"))
    try:
        results = {
            n: medians(measure_size(n, args.runs, args.cache, workdir))
            for n in sorted(set(args.messages or [20_000, 100_000]))
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_tables(results, args.runs)
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "sizes": results}, indent=2))


if __name__ == "__main__":
    main()
