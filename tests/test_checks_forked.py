"""A large catalog's entries are checked in forked processes: same findings, in order."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
from click.testing import CliRunner

from localepress.catalogs.po import write_catalog
from localepress.cli import main
from localepress.quality.checks import forked

ENTRIES = 2_600  # above forked.MINIMUM: a fresh process forks for them


def test_entries_are_spread_over_the_cores_and_come_back_in_order():
    code = (
        "import json, os\n"
        "from localepress.quality.checks.forked import map_entries\n"
        f"found = map_entries(lambda i: (i, os.getpid()), list(range({ENTRIES})))\n"
        "print(json.dumps([os.getpid(), found]))\n"
    )  # a fresh interpreter: one thread, so it may fork
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    parent, found = json.loads(out.stdout)
    assert [i for i, _ in found] == list(range(ENTRIES))
    pids = {pid for _, pid in found}
    assert len(pids) == min(os.cpu_count() or 1, 2 if ENTRIES >= forked.MINIMUM else 1)
    assert parent not in pids or len(pids) == 1


def big_catalog(path, entries: int = ENTRIES):
    """A catalog of `entries`, a number dropped in every 7th, the bold lost in every 11th."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}  # fmt: skip
    for n in range(entries):
        source = f"Le territoire compte {n + 1000} habitants, voir **page {n}**."
        translation = f"The territory has {n + 1000} inhabitants, see **page {n}**."
        if n % 7 == 0:
            translation = translation.replace(str(n + 1000), "")  # a number dropped
        if n % 11 == 0:
            translation = translation.replace("**", "")  # the bold lost
        po.append(polib.POEntry(msgid=source, msgstr=translation))
    write_catalog(po, path)
    return path


def test_a_large_catalog_has_the_same_findings_forked_and_in_one_process(tmp_path, monkeypatch):
    path = big_catalog(tmp_path / "big.po")
    env = {**os.environ, "LOCALEPRESS_ROOT": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "localepress", "check", "--json", str(path)],
                         capture_output=True, text=True, env=env, cwd=tmp_path)  # fmt: skip
    assert out.returncode == 1, out.stderr  # errors found, forked
    monkeypatch.setenv("LOCALEPRESS_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(forked, "MINIMUM", 10**9)  # the same command, in this process only
    result = CliRunner().invoke(main, ["check", "--json", str(path)])
    assert result.exit_code == 1
    findings = json.loads(out.stdout)
    assert findings == json.loads(result.stdout)
    checks = {(f["check"], f["line"]) for f in findings}
    assert len({line for check, line in checks if check == "numbers"}) == len(range(0, ENTRIES, 7))
    assert len({line for check, line in checks if check == "markup"}) == len(range(0, ENTRIES, 11))


def test_ctrl_c_while_forked_exits_130_without_tracebacks(tmp_path):
    """Ctrl-C reaches the whole process group: only the parent answers it."""
    path = big_catalog(tmp_path / "big.po", 30_000)
    env = {**os.environ, "LOCALEPRESS_ROOT": str(tmp_path)}
    run = subprocess.Popen([sys.executable, "-m", "localepress", "check", str(path)], env=env,
                           cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while not children(run.pid):  # the forked checkers are at work
        assert run.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGINT)
    try:
        _, err = run.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)  # a pool hung on Ctrl-C: fail, leave nothing running
        raise
    assert run.returncode == 130, err.decode()
    assert "Traceback" not in err.decode() and "Interrupted" in err.decode()


def children(pid: int) -> list[str]:
    """The forked checkers of process `pid` (not the GNU tools it runs while reading)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            with contextlib.suppress(OSError):
                if b"localepress" in Path(f"/proc/{child}/cmdline").read_bytes():
                    found.append(child)
    return found
