"""Worker processes for editions, quiet on Ctrl-C.

Ctrl-C in a terminal sends SIGINT to every process of the group. A pool worker caught waiting
for work (or still starting) would die printing a traceback, so workers are spawned with
SIGINT ignored (a spawned interpreter keeps an ignored signal) and, once started, turn it into
KeyboardInterrupt only while they build an edition: its clean-up shuts the kernel down and the
interruption goes back to the parent, which stops the pool and says what was kept.
"""

from __future__ import annotations

import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context

_busy = False


def pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=get_context("spawn"), initializer=_start_worker
    )


def submit(executor: ProcessPoolExecutor, fn, *args, **kwargs) -> Future:
    """`executor.submit(fn, …)`; a worker it spawns starts with SIGINT ignored. (A Ctrl-C in
    the few microseconds of a submit is lost for the parent; the next one is not.)"""
    with _interrupts_ignored():
        return executor.submit(_call, fn, args, kwargs)


def _start_worker() -> None:
    signal.signal(signal.SIGINT, _on_interrupt)


def _on_interrupt(signum, frame) -> None:
    if _busy:
        raise KeyboardInterrupt


def _call(fn, args, kwargs):
    global _busy
    _busy = True
    try:
        return fn(*args, **kwargs)
    finally:
        _busy = False


@contextmanager
def _interrupts_ignored():
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a server's threads get no Ctrl-C
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
