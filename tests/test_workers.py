"""Edition workers and Ctrl-C: an idle worker stays quiet and alive, a busy one is interrupted.

Ctrl-C reaches every process of the terminal's group; here SIGINT is sent to the worker alone.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from localepress.editions import workers


def test_an_idle_worker_ignores_ctrl_c_without_a_traceback(capfd):
    with workers.pool(1) as executor:
        pid = workers.submit(executor, os.getpid).result()
        os.kill(pid, signal.SIGINT)
        time.sleep(0.5)
        assert workers.submit(executor, os.getpid).result() == pid  # the same worker, alive
    assert "Traceback" not in capfd.readouterr().err


def test_a_busy_worker_is_interrupted_and_the_parent_is_told(capfd):
    with workers.pool(1) as executor:
        pid = workers.submit(executor, os.getpid).result()
        clock = time.monotonic()
        nap = workers.submit(executor, time.sleep, 60)
        time.sleep(0.5)
        os.kill(pid, signal.SIGINT)
        with pytest.raises(KeyboardInterrupt):
            nap.result(timeout=30)
        assert time.monotonic() - clock < 30
    assert "Traceback" not in capfd.readouterr().err
