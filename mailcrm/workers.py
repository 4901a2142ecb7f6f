"""Forked worker pools that never outlive, or out-lock, the process that made them.

Parsing and the rules run in forked worker processes. A fork inherits every
open file, the database lock file among them, and an flock is held until the
last descriptor of it closes: when the main process was SIGKILLed (the OOM
killer, ``kill -9``) its workers stayed alive, blocked on their task queue,
still holding the lock, and every later sync said "busy". So each worker
closes the lock descriptors it inherited, and exits when its parent is gone.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

from .lock import held_lock_descriptors

PARENT_CHECK_SECONDS = 0.5


def fork_pool(workers: int, initializer: Callable | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A ProcessPoolExecutor of forked workers (they start in milliseconds, modules loaded)."""
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=start_worker,
        initargs=(os.getpid(), initializer, initargs),
    )


def start_worker(parent: int, initializer: Callable | None, initargs: tuple) -> None:
    # What the worker inherited (the rules, their word forms: millions of objects) lives as
    # long as it does: frozen, the worker's garbage collections never walk it again, and
    # leave its pages shared with the parent instead of copying them.
    gc.freeze()
    release_inherited_locks()
    exit_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def release_inherited_locks() -> None:
    """Close this process's copies of the lock descriptors; the parent keeps its lock."""
    for fd in held_lock_descriptors():
        try:
            os.close(fd)
        except OSError:
            pass


def exit_with_parent(parent: int) -> None:
    """Watch the parent from a daemon thread; leave at once when it is gone.

    A thread rather than PR_SET_PDEATHSIG: that fires when the parent *thread*
    that forked exits, and pools are started from the short-lived fetch thread.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
