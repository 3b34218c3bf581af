"""Set-up of the preview's check process, kept apart so that starting it imports nothing else.

The checks run at a lower priority (a build, which a translator waits for, goes first on a
shared machine) and ignore Ctrl-C: the server stops the process itself when it stops.
"""

from __future__ import annotations

import os
import signal

NICENESS = 10


def start_checker() -> None:
    os.nice(NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
