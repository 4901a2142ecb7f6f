"""Sync benchmark: mailcrm against mbsync and a bare imaplib fetch, same mailbox, same run.

    python benchmarks/bench_sync.py                 # 20,000 messages, 3 runs each
    python benchmarks/bench_sync.py -n 100000 -r 3  # the big mailbox
    python benchmarks/bench_sync.py --compare ../old-checkout  # and another mailcrm, same rounds

Starts the test Dovecot (tests/dovecot.py), loads a deterministic sample mailbox
(mailcrm.demo.sample.iter_messages) and times, several times each, reporting medians:
the floor (imaplib UID FETCH BODY.PEEK[] of every message), mbsync first and
no-change sync (Pull into a local Maildir, default fsync), and mailcrm first,
no-change and +100-new sync. Each is a separate process; its peak RSS is polled
from /proc. Then search latency and `rules run` time on the synced database.
Prints a table with ratios mailcrm / mbsync and mailcrm / floor, and how
mailcrm's first sync divides into storing the mail (what mbsync does too) and
the steps only mailcrm has: filing under customers and the first rules run
(read from `mailcrm sync --json`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.dovecot import DovecotServer  # noqa: E402

import mailcrm  # noqa: E402
from mailcrm.sample_config import config_text  # noqa: E402
from mailcrm.demo.sample import iter_messages  # noqa: E402

USER, PASSWORD = "bench@hengtai-valve.com", "bench-password"
SEARCHES = [
    "ball valve",
    "quotation",
    "报价",
    "Angebot",
    "L/C",
    "sample",
    "invoice",
    "DN50",
    "complaint",
    '"proforma invoice"',
    "valv*",
    "shipment delay",
]

FLOOR_SCRIPT = r"""
import imaplib, ssl, sys
host, port, ca, user, pw = sys.argv[1:6]
imaplib._MAXLINE = 64 * 1024 * 1024
imap = imaplib.IMAP4(host, int(port))
imap.starttls(ssl.create_default_context(cafile=ca))
imap.login(user, pw)
imap.select("INBOX", readonly=True)
typ, data = imap.uid("SEARCH", None, "ALL")
uids = [int(u) for u in data[0].split()]
total = 0
for start in range(0, len(uids), 500):
    chunk = uids[start:start + 500]
    typ, data = imap.uid("FETCH", f"{chunk[0]}:{chunk[-1]}", "(BODY.PEEK[])")
    total += sum(len(part[1]) for part in data if isinstance(part, tuple))
imap.logout()
print(total)
"""


def run_measured(
    command: list[str], env: dict | None = None, stdout: Path | None = None, cwd: Path | None = None
) -> tuple[float, float, float]:
    """Run a command; return (seconds, peak RSS MB of the process, of it + its workers).

    Peak RSS is VmHWM polled from /proc: wait4's ru_maxrss would include this
    (large) Python parent's memory copied at fork. The sum over the process
    tree counts pages the forked parse workers share with it twice: an upper bound.
    ``stdout``: keep what the command prints in this file (a file, not a pipe: a
    pipe nobody reads while the command runs could fill and stall it).
    """
    started = time.perf_counter()
    with open(stdout, "wb") if stdout else nullcontext(subprocess.DEVNULL) as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.PIPE, cwd=cwd)
        main_kb = tree_kb = 0
        while process.poll() is None:
            main = vm_hwm_kb(process.pid)
            main_kb = max(main_kb, main)
            tree_kb = max(tree_kb, main + sum(vm_hwm_kb(pid) for pid in children(process.pid)))
            time.sleep(0.01)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return seconds, main_kb / 1024, tree_kb / 1024


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(child) for child in listing.read().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


def vm_hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


# -- tools --------------------------------------------------------------------


def mailcrm_config(work: Path, server: DovecotServer, name: str = "mailcrm") -> Path:
    path = work / f"{name}.toml"
    imap = {
        "host": server.host,
        "port": server.port,
        "security": "starttls",
        "ca_file": str(server.ca_file),
        "password_env": "BENCH_PASSWORD",
        "folders": ["INBOX"],
    }
    account = {"name": "bench", "email": USER, "imap": imap}
    path.write_text(config_text(f"{name}.db", accounts=(account,)), encoding="utf-8")
    return path


def mbsync_config(work: Path, server: DovecotServer) -> Path:
    path = work / "mbsyncrc"
    path.write_text(
        f"""
IMAPAccount bench
Host {server.host}
Port {server.port}
User {USER}
Pass {PASSWORD}
SSLType STARTTLS
CertificateFile {server.ca_file}

IMAPStore remote
Account bench

MaildirStore local
Path {work}/maildir/
Inbox {work}/maildir/INBOX

Channel bench
Far :remote:
Near :local:
Patterns INBOX
Sync Pull
Create Near
SyncState *
""",
        encoding="utf-8",
    )
    return path


def reset(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for path in paths:
        for sidecar in path.parent.glob(path.name + "*"):
            sidecar.unlink()


def fresh_dir(path: Path) -> None:
    reset(path)
    path.mkdir()


def search_latency(db_path: Path) -> tuple[float, float]:
    from mailcrm.mail import archive
    from mailcrm.schema import open_db

    db = open_db(db_path)
    samples = []
    for _ in range(5):
        for query in SEARCHES:
            started = time.perf_counter()
            archive.search(db, query, limit=20)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def rules_run(config: Path, env: dict) -> tuple[float, float, float] | None:
    probe = subprocess.run(
        [sys.executable, "-m", "mailcrm", "rules", "--help"], capture_output=True, env=env, cwd=config.parent
    )
    if probe.returncode != 0:
        return None  # the rule engine has not landed in this checkout
    return run_measured(
        [sys.executable, "-m", "mailcrm", "--config", str(config), "-q", "rules", "run"], env, cwd=config.parent
    )


def checkout_env(env: dict, checkout: Path, cwd: Path) -> dict:
    """The environment that runs `python -m mailcrm` from this checkout, checked.

    `python -m` puts the working directory first on sys.path: run from a checkout's
    root, every process imported that checkout's mailcrm whatever PYTHONPATH said,
    and --compare timed one checkout against itself. Commands run in the work
    directory, and each checkout is asked where its mailcrm comes from.
    """
    env = dict(env, PYTHONPATH=str(checkout.resolve()))
    found = subprocess.run(
        [sys.executable, "-c", "import mailcrm; print(mailcrm.__file__)"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to(checkout.resolve()):
        raise SystemExit(f"{checkout}: python -m mailcrm would run {found}")
    return env


# -- main -----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--messages", type=int, default=20_000)
    parser.add_argument("-r", "--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="CHECKOUT",
        help="also time this checkout's first sync in every round (e.g. a git worktree of main)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mailcrm-bench-"))
    env = dict(os.environ, BENCH_PASSWORD=PASSWORD)
    results: dict[str, dict] = {}
    with DovecotServer() as server:
        server.add_user(USER, PASSWORD)
        started = time.perf_counter()
        server.append_many(USER, "INBOX", (m.raw for m in iter_messages(args.messages)))
        print(f"loaded {args.messages} messages into Dovecot in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        measure_all(args, work, server, env, results)
    shutil.rmtree(work, ignore_errors=True)
    print_table(args.messages, results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def compile_bytecode(package: Path) -> None:
    """Write the package's .pyc files, as pip does when it installs it.

    With PYTHONDONTWRITEBYTECODE set (as on the CI machine) an uncompiled checkout
    compiles its modules in every process, 0.06 s of a 0.2 s no-change sync, and a
    checkout compiled by an earlier run would beat one that never was.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True, stdout=subprocess.DEVNULL)


def measure_all(args, work: Path, server: DovecotServer, env: dict, results: dict) -> None:
    """Each round runs every measurement once, mbsync and mailcrm side by side.

    The machine is shared: its speed and, above all, its fsync latency drift
    over minutes (mbsync's first sync took 11 to 25 s within one hour), so
    the tools take turns instead of one finishing all its runs before the
    other starts, and the first syncs change places each round (see
    `in_round_order`). Medians are over rounds; the first-sync ratio is also
    given as the median of each round's own ratio.
    """
    compile_bytecode(Path(mailcrm.__file__).parent)
    if args.compare:
        compile_bytecode(args.compare / "mailcrm")
    crm, rc = mailcrm_config(work, server), mbsync_config(work, server)
    db, maildir = work / "mailcrm.db", work / "maildir"
    env = checkout_env(env, ROOT, work)

    def command(*argv: str):
        """A step's command line and environment, made when the step runs."""
        return lambda: (list(argv), env)

    crm_sync = command(sys.executable, "-m", "mailcrm", "--config", str(crm), "-q", "sync")
    crm_first = command(sys.executable, "-m", "mailcrm", "--config", str(crm), "sync", "--json")
    mb_sync = command("mbsync", "-q", "-c", str(rc), "bench")
    floor = command(
        sys.executable, "-c", FLOOR_SCRIPT, server.host, str(server.port), str(server.ca_file), USER, PASSWORD
    )

    def nothing() -> None:
        return None

    plan = [
        ("floor: imaplib fetch", nothing, floor),
        ("mbsync first sync", lambda: fresh_dir(maildir), mb_sync),
        ("mailcrm first sync", lambda: reset(db), crm_first),
        ("mbsync no-change sync", nothing, mb_sync),
        ("mailcrm no-change sync", nothing, crm_sync),
        ("mailcrm +100 new", lambda: add_new(server, 100), crm_sync),
    ]
    if args.compare:
        # Another checkout of mailcrm on the same mailbox, right after this one in each round:
        # the honest way to tell a change's effect from the machine's drift.
        other, other_db = mailcrm_config(work, server, "baseline"), work / "baseline.db"
        other_env = checkout_env(env, args.compare, work)
        plan.insert(
            3,
            (
                "baseline first sync",
                lambda: reset(other_db),
                lambda: ([sys.executable, "-m", "mailcrm", "--config", str(other), "sync", "--json"], other_env),
            ),
        )
    rounds: dict[str, list] = {name: [] for name, *_ in plan}
    # Both first syncs print their report: how long storing, filing and the rules took.
    reports = {name: work / f"{name.split()[0]}-first-sync.json" for name in FIRST_SYNCS if name in rounds}
    steps: dict[str, dict[str, list[float]]] = {name: {} for name in reports}
    for round_number in range(1, args.runs + 1):
        for name, setup, command in in_round_order(plan, round_number):
            setup()
            rounds[name].append(run_measured(*command(), stdout=reports.get(name), cwd=work))
            if name in reports:
                add_steps(steps[name], reports[name], rounds[name][-1][0])
            seconds, peak, tree = rounds[name][-1]
            print(
                f"round {round_number}: {name}: {seconds:.2f} s, peak {peak:.0f} MB ({tree:.0f} MB with workers)",
                file=sys.stderr,
            )
    for name, measured in rounds.items():
        record(results, name, measured)
    summarize(results, rounds, steps)
    results["search"] = dict(zip(("median_ms", "p95_ms"), search_latency(db)))
    rules = rules_run(crm, env)
    if rules:
        results["mailcrm rules run"] = {
            "seconds": rules[0],
            "peak_mb": rules[1],
            "tree_mb": rules[2],
            "runs": [rules[0]],
        }


FIRST_SYNCS = ("mailcrm first sync", "baseline first sync")
RATIOS = (
    "first sync ratio per round",
    "first sync vs baseline per round",
    "storing ratio per round",
    "steps vs baseline per round",
)  # what summarize() adds besides measurements
MIN_STEP_SECONDS = 0.05  # below this a step's ratio against the baseline is timer noise


def step_seconds(report: dict) -> dict[str, float]:
    """Storing (the sync itself: fetch, parse, write) and each step after it, from `sync --json`."""
    after = {step["name"]: step["seconds"] for step in report["after_store"]["steps"]}
    return {"storing": report["seconds"], **after}


def add_steps(steps: dict[str, list[float]], report: Path, seconds: float) -> None:
    """One first sync's split; a checkout whose `sync --json` has no steps yet adds none."""
    try:
        split = step_seconds(json.loads(report.read_text()))
    except (ValueError, KeyError):
        return
    split["the rest (start-up)"] = seconds - sum(split.values())
    for step, value in split.items():
        steps.setdefault(step, []).append(value)


def per_round(numerators: list[float], denominators: list[float]) -> dict:
    ratios = [a / b for a, b in zip(numerators, denominators)]
    return {"median": statistics.median(ratios), "rounds": ratios}


def summarize(results: dict, rounds: dict, steps: dict) -> None:
    """Ratios within each round: first syncs against mbsync and the baseline, step by step."""
    mbsync = [m[0] for m in rounds["mbsync first sync"]]
    results["first sync ratio per round"] = per_round([m[0] for m in rounds["mailcrm first sync"]], mbsync)
    if "baseline first sync" in rounds:
        results["first sync vs baseline per round"] = per_round(
            [m[0] for m in rounds["mailcrm first sync"]], [m[0] for m in rounds["baseline first sync"]]
        )
    for name, split in steps.items():
        if split:
            results[f"{name} by step"] = {
                step: {"seconds": statistics.median(times), "runs": times} for step, times in split.items()
            }
    mine, theirs = steps.get("mailcrm first sync", {}), steps.get("baseline first sync", {})
    if mine:
        results["storing ratio per round"] = per_round(mine["storing"], mbsync)
    shared = [
        step
        for step in mine
        if step in theirs
        and len(mine[step]) == len(theirs[step])
        and statistics.median(theirs[step]) >= MIN_STEP_SECONDS
    ]
    if shared:
        results["steps vs baseline per round"] = {step: per_round(mine[step], theirs[step]) for step in shared}


def in_round_order(plan: list, round_number: int) -> list:
    """The plan with its first syncs rotated one place a round, the other steps as they are.

    Whatever runs right after another tool's first sync shares the disk with that
    sync's writeback (1 GB for mailcrm's). Always in the same order, a checkout
    measured 14-16% slower than the one after it in two rounds of three, where
    in-process runs of both showed no difference. Rotating gives each first
    sync every place once in as many rounds as there are first syncs.
    """
    first = [step for step in plan if step[0].endswith("first sync")]
    shift = (round_number - 1) % len(first)
    rotated = iter(first[shift:] + first[:shift])
    return [next(rotated) if step[0].endswith("first sync") else step for step in plan]


_new_counter = [0]


def add_new(server: DovecotServer, count: int) -> None:
    base = 10_000_000 + _new_counter[0]
    _new_counter[0] += count
    server.append_many(USER, "INBOX", (m.raw for m in iter_messages(count, seed=base)))


def record(results: dict, name: str, measured: list[tuple[float, float, float]]) -> None:
    times = [seconds for seconds, _, _ in measured]
    results[name] = {
        "seconds": statistics.median(times),
        "peak_mb": max(m[1] for m in measured),
        "tree_mb": max(m[2] for m in measured),
        "runs": times,
    }


def print_table(n: int, results: dict) -> None:
    floor = results["floor: imaplib fetch"]["seconds"]
    pairs = {
        "mailcrm first sync": "mbsync first sync",
        "baseline first sync": "mbsync first sync",
        "mailcrm no-change sync": "mbsync no-change sync",
    }
    print(f"\n{n:,} messages; medians of several runs\n")
    print("| measurement | median s | peak RSS MB | with workers MB | / mbsync | / floor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, row in results.items():
        if name == "search" or name in RATIOS or name.endswith(" by step"):
            continue
        vs_mbsync = row["seconds"] / results[pairs[name]]["seconds"] if name in pairs else None
        print(
            f"| {name} | {row['seconds']:.2f} | {row['peak_mb']:.0f} | {row['tree_mb']:.0f} | "
            f"{f'{vs_mbsync:.2f}x' if vs_mbsync else ''} | {row['seconds'] / floor:.2f}x |"
        )
    per_round = results["first sync ratio per round"]
    print(
        f"\nfirst sync, mailcrm / mbsync within each round: median {per_round['median']:.2f}x "
        f"of {[round(r, 2) for r in per_round['rounds']]}"
    )
    if "first sync vs baseline per round" in results:
        versus = results["first sync vs baseline per round"]
        print(
            f"first sync, mailcrm / baseline within each round: median {versus['median']:.2f}x "
            f"of {[round(r, 2) for r in versus['rounds']]}"
        )
    print_steps(results)
    search = results["search"]
    print(
        f"\nsearch: median {search['median_ms']:.1f} ms, p95 {search['p95_ms']:.1f} ms over {len(SEARCHES)} queries x 5"
    )


def print_steps(results: dict) -> None:
    """mbsync only copies mail; mailcrm's first sync also files it and reads it with the rules."""
    for name in FIRST_SYNCS:
        if f"{name} by step" in results:
            parts = ", ".join(f"{step} {row['seconds']:.2f} s" for step, row in results[f"{name} by step"].items())
            print(f"{name} by step (medians): {parts}")
    if "storing ratio per round" in results:
        storing, mbsync = results["mailcrm first sync by step"]["storing"], results["mbsync first sync"]
        ratios = results["storing ratio per round"]
        print(
            f"storing alone / mbsync: {storing['seconds'] / mbsync['seconds']:.2f}x; within each round: "
            f"median {ratios['median']:.2f}x of {[round(r, 2) for r in ratios['rounds']]}"
        )
    for step, ratios in results.get("steps vs baseline per round", {}).items():
        print(
            f"  {step}, mailcrm / baseline within each round: median {ratios['median']:.2f}x "
            f"of {[round(r, 2) for r in ratios['rounds']]}"
        )


if __name__ == "__main__":
    main()
