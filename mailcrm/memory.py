"""Keep a long run's memory flat: glibc's heaps, not Python's objects, were what grew.

A first sync of 100,000 messages allocates and frees gigabytes of raw mail
in several threads. Live Python objects stay under 10 MB, but glibc keeps
freed memory in per-thread arenas and at the top of its heaps, so the process
grew with the mailbox. Two calls fix that where glibc is the allocator
(elsewhere they do nothing): fewer arenas before the threads start, and
handing free pages back between stages.
"""

from __future__ import annotations

import ctypes
import gc

M_ARENA_MAX = -8  # mallopt parameter (malloc.h)


def _libc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def limit_malloc_arenas(arenas: int = 2) -> None:
    """One heap per thread means freed memory sits in the wrong arena: cap them (before threads start)."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(M_ARENA_MAX, arenas)


def release_free_memory() -> None:
    """Collect cycles and give free pages back to the system (between the stages of a run)."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
