"""One run at a time per output folder: a second run stops with a clear message instead of
interleaving its writes with the first's. The lock is an OS file lock, so it disappears with
the process that held it, even when that process is killed."""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from localepress.errors import LocalepressError


class RunLockedError(LocalepressError):
    pass


@contextlib.contextmanager
def run_lock(output: Path):
    output.mkdir(parents=True, exist_ok=True)
    path = output / ".localepress.lock"
    try:  # never through a symbolic link: the lock file is truncated and rewritten below
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise LocalepressError(
            f"{path}: cannot open the run lock ({exc.strerror}); "
            "if it is a symbolic link, remove it"
        ) from None
    handle = os.fdopen(fd, "r+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RunLockedError(
                f"another localepress run ({holder}) is writing to {output}; "
                "wait for it to finish, then run again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()
