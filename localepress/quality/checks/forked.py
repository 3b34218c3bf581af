"""The per-entry checks of a large catalog, spread over the cores.

The checks are pure Python (regular expressions, markdown-it-py, phonenumbers), so threads
would wait on one another: forked processes each check a slice of the entries, which they see
as the parent holds them (nothing is sent to them but the slice's bounds), and send back only
their findings. A 10,000-entry catalog is checked in about half the time on two cores.

Forking is only safe in a process running one thread (another thread might hold a lock the
child would wait on forever): anywhere else — the preview server, a test runner's worker — the
entries are checked in this process, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence

MINIMUM = 2_000  # entries below which a fork costs more than it saves

_work: tuple[Callable, Sequence] | None = None  # what the children inherit


def map_entries(check: Callable, entries: Sequence) -> list:
    """`[check(entry) for entry in entries]`, in forked processes (one per core, at least
    MINIMUM / 2 entries each) when there are enough entries and this process may fork."""
    global _work
    jobs = min(os.cpu_count() or 1, len(entries) // (MINIMUM // 2))
    if jobs < 2 or not _may_fork():
        return [check(entry) for entry in entries]
    step = -(-len(entries) // jobs)
    bounds = [(start, min(start + step, len(entries))) for start in range(0, len(entries), step)]
    _work = (check, entries)
    # Ctrl-C is the parent's: the children are born with SIGINT blocked (set after the fork, a
    # signal could reach a child still starting, which then hung the pool); a Ctrl-C meanwhile
    # waits for the parent to unblock it, inside the pool's `with`, which stops the children.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        with multiprocessing.get_context("fork").Pool(len(bounds)) as pool:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            parts = pool.map(_slice, bounds)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        _work = None
    return [result for part in parts for result in part]


def _may_fork() -> bool:
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def _slice(bounds: tuple[int, int]) -> list:
    check, entries = _work
    return [check(entry) for entry in entries[bounds[0] : bounds[1]]]
