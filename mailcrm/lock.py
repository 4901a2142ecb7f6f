"""One writer at a time: an advisory lock file beside the database."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import LockError


_run_locks = threading.local()  # lock files held by `run_lock` in this thread
_held_descriptors: set[int] = set()  # every lock file descriptor this process holds


def held_lock_descriptors() -> frozenset[int]:
    """The lock descriptors held here: a forked worker closes its copies (workers.py)."""
    return frozenset(_held_descriptors)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def held_by_run(path: Path) -> bool:
    return path.resolve() in getattr(_run_locks, "paths", set())


@contextmanager
def database_lock(db_path: Path, purpose: str = "sync", wait: float = 0) -> Iterator[None]:
    """Hold an exclusive flock; if another run holds it, wait up to ``wait`` seconds, then fail.

    flock is released by the kernel when the process dies, so a killed sync
    never leaves a stale lock behind.
    """
    path = lock_path(Path(db_path))
    if held_by_run(path):  # inside `run_lock` (the nightly run): its stages share its lock
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        if not acquire(fd, wait):
            holder = read_holder(fd)
            hint = f" (waited {wait:g} s)" if wait else "; --wait SECONDS waits for it"
            raise LockError(f"{db_path} is busy: {holder}{hint}")
        # Written over the old text, then cut to length: the file is never empty while held.
        holder = f"{purpose} by pid {os.getpid()}".encode()
        os.pwrite(fd, holder, 0)
        os.ftruncate(fd, len(holder))
        _held_descriptors.add(fd)
        yield
    finally:
        _held_descriptors.discard(fd)
        os.close(fd)


def read_holder(fd: int, tries: int = 10) -> str:
    """Who holds the lock. A lock taken this instant may not say so yet: look again, briefly."""
    for _ in range(tries):
        text = os.pread(fd, 200, 0).decode(errors="replace").strip()
        if text:
            return text
        time.sleep(0.02)
    return "another process"


def acquire(fd: int, wait: float, poll: float = 0.2) -> bool:
    """Try the lock now, then every ``poll`` seconds until ``wait`` runs out."""
    deadline = time.monotonic() + max(wait, 0)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(poll, max(deadline - time.monotonic(), 0.01)))


@contextmanager
def setup_lock(db_path: Path, timeout: float = 60) -> Iterator[None]:
    """Serialize creating and migrating a database between processes.

    Two commands started together on a new database both created its tables
    ("table accounts already exists") or met a locked database. The run lock
    can't serve: it is held for a whole nightly run. The schema step is short,
    so this one is waited for.
    """
    path = Path(db_path)
    path = path.with_name(path.name + ".setup.lock")
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        if not acquire(fd, timeout):
            raise LockError(f"{db_path}: another process has been setting up the database for {timeout:g} s")
        yield
    finally:
        os.close(fd)


@contextmanager
def run_lock(db_path: Path, purpose: str, wait: float = 0) -> Iterator[None]:
    """Hold the lock over several stages that each take it (sync, refresh, rules …).

    Inside the block, `database_lock` on the same database in this thread passes
    straight through instead of failing as busy; elsewhere it still fails.
    """
    with database_lock(db_path, purpose, wait=wait):
        key = lock_path(Path(db_path)).resolve()
        paths = _run_locks.__dict__.setdefault("paths", set())
        paths.add(key)
        try:
            yield
        finally:
            paths.discard(key)
