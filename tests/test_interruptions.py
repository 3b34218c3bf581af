"""Interruptions and concurrency: killed runs, two runs at once, kernels that die or hang.

A run is SIGKILLed, with its whole process group, at 20 seeded random moments of a forced
rebuild, then three times the moment it assembles the new pack: each time the previous pack is
whole (every file matches the manifest's sha256, the zip holds the folder byte for byte) and
the next run starts cleanly. A second run meanwhile stops with a clear message. A kernel that
dies or hangs is reported with the document, the language and the cell, and the other
editions are built. An update killed at random moments leaves each catalog as it was or as it
should be, never in between.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from localepress.cli import main
from localepress.editions.publish import publish_edition
from localepress.pack.bundle import build_pack, recover

from .conftest import PROJECT, copy_project
from .test_publish import add_cell as add_cell_after_parameters

pytestmark = pytest.mark.slow

DOC = "fiche"
SMALL = """\
name: small-kit
title: Small kit
documents: [fiche]
languages: [fr, en]
formats: [html, md]
threshold: 100
pack: true
"""


def small_project(root: Path) -> Path:
    copy_project(root)
    (root / "workflows" / "small.yml").write_text(SMALL, encoding="utf-8")
    return root


def start(root: Path, *args: str) -> subprocess.Popen:
    """`localepress ARGS` in its own process group (start_new_session), as a shell would."""
    env = {**os.environ, "LOCALEPRESS_ROOT": str(root), "SOURCE_DATE_EPOCH": "1649808000"}
    return subprocess.Popen(
        [sys.executable, "-m", "localepress", *args],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip


def kill_group(process: subprocess.Popen) -> bool:
    """SIGKILL the process and every process of its group; True if it was still running."""
    running = process.poll() is None
    with contextlib.suppress(ProcessLookupError):  # already gone with all its group
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    return running


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


def shipped(path: str) -> bool:
    """A pack file partners receive: not an edition's executed notebook or reuse record."""
    return not path.endswith(".ipynb") and not path.rsplit("/", 1)[-1].startswith(".")


def whole_pack(output: Path, name: str) -> dict[str, bytes]:
    """The pack's files after checking it is whole: every manifest entry matches its file, no
    file is unlisted, and the zip holds exactly what the folder ships. A run killed between
    the two renames of the swap leaves the previous pack as `.<name>.previous`: the next
    run's `recover` puts it back, so it is checked there."""
    folder = output / name
    if not folder.exists():
        folder = output / f".{name}.previous"
    pack = {path: data for path, data in files(folder).items() if shipped(path)}
    manifest = json.loads(pack["manifest.json"])
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(pack) - {"manifest.json"}
    for path, entry in listed.items():
        assert hashlib.sha256(pack[path]).hexdigest() == entry["sha256"], path
        assert len(pack[path]) == entry["size"], path
    with zipfile.ZipFile(output / f"{name}.zip") as archive:
        assert archive.testzip() is None
        zipped = {n.removeprefix(f"{name}/"): archive.read(n) for n in archive.namelist()}
    assert zipped == pack
    return pack


def assembling(output: Path, name: str) -> bool:
    """A run is assembling its pack: its staging folder (hard links to the previous pack's
    files until then) holds a new index."""
    try:
        previous = (output / name / "index.html").stat().st_ino
    except OSError:
        return False
    for staging in output.glob(f".{name}.building-*"):
        try:
            if (staging / "index.html").stat().st_ino != previous:
                return True
        except OSError:
            continue
    return False


def kernels_of(root: Path) -> list[int]:
    """Processes still running with this project's LOCALEPRESS_ROOT (kernels, workers)."""
    found = []
    marker = f"LOCALEPRESS_ROOT={root}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def wait_until_gone(root: Path, seconds: float = 20.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := kernels_of(root)) and time.monotonic() < deadline:
        time.sleep(0.25)
    return left


def test_killed_runs_leave_the_previous_pack_whole(tmp_path, record_property):
    root = small_project(tmp_path / "killed")
    output = root / "output"
    first = start(root, "run", "workflows/small.yml", "--jobs", "2")
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    previous = whole_pack(output, "small-kit")
    clock = time.monotonic()
    timed = start(root, "run", "workflows/small.yml", "--jobs", "2", "--force")
    assert timed.wait(timeout=300) == 0
    duration = time.monotonic() - clock
    rng = random.Random(20220413)
    phases = {"mid-run": 0, "after the run": 0, "during pack assembly": 0, "after the swap": 0}
    for trial in range(20):
        inode = (output / "small-kit").stat().st_ino
        jobs = rng.choice(["1", "2"])
        run = start(root, "run", "workflows/small.yml", "--jobs", jobs, "--force")
        time.sleep(rng.uniform(0.2, duration))
        phases["mid-run" if kill_group(run) else "after the run"] += 1
        if assembling(output, "small-kit"):
            phases["during pack assembly"] += 1
        elif (output / "small-kit").exists() and (output / "small-kit").stat().st_ino != inode:
            phases["after the swap"] += 1
        assert whole_pack(output, "small-kit") == previous, f"trial {trial}"
    assert phases["mid-run"] >= 10, phases  # the kills did land inside runs
    assembled = 0
    for attempt in range(10):  # and three kills the moment the new pack is being assembled
        run = start(root, "run", "workflows/small.yml", "--jobs", "1", "--force")
        while not assembling(output, "small-kit") and run.poll() is None:
            time.sleep(0.002)
        if kill_group(run):  # else the run ended before the poll saw the new index
            assembled += 1
        assert whole_pack(output, "small-kit") == previous, f"assembly attempt {attempt}"
        if assembled == 3:
            break
    assert assembled == 3
    phases["during pack assembly"] += assembled
    final = start(root, "run", "workflows/small.yml", "--jobs", "2")
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()
    assert whole_pack(output, "small-kit") == previous
    assert not [p.name for p in output.iterdir() if p.name.startswith(".small-kit.")]
    assert wait_until_gone(root) == [], "a kernel outlived its killed run"
    for name, count in phases.items():
        record_property(name, count)
    record_property("cases", 23)


def test_a_zip_left_behind_by_a_kill_between_the_two_renames_is_rebuilt(tmp_path):
    """The folder and the zip are swapped by two renames: a run killed between them leaves the
    new folder beside the previous zip. The next run's `recover` makes the zip the folder's."""
    import datetime as dt

    from localepress.pack.bundle import PackedEdition, stage

    output = tmp_path / "output"
    output.mkdir()
    brand = PROJECT / "source" / "brand"
    stamp = dt.datetime(2022, 4, 13, tzinfo=dt.UTC)
    edition = PackedEdition("d", "fr", "T", {"html": "fr/d.html"}, 100.0, 0, 0)

    def pack(text: str) -> None:
        staging = stage(output, "kit")
        (staging / "fr").mkdir(exist_ok=True)
        (staging / "fr" / "d.html").write_text(text, encoding="utf-8")
        build_pack(output, "kit", staging, "Kit", [edition], brand, "r", stamp)

    pack("<p>old</p>")
    old_zip = (output / "kit.zip").read_bytes()
    pack("<p>new</p>")
    new_zip = (output / "kit.zip").read_bytes()
    (output / "kit.zip").write_bytes(old_zip)  # the state such a kill leaves
    with pytest.raises(AssertionError):
        whole_pack(output, "kit")
    recover(output, "kit")
    whole_pack(output, "kit")
    assert (output / "kit.zip").read_bytes() == new_zip


def test_a_second_run_meanwhile_stops_with_a_clear_message(tmp_path):
    root = small_project(tmp_path / "concurrent")
    lock = root / "output" / ".localepress.lock"
    first = start(root, "run", "workflows/small.yml", "--jobs", "1", "--force")
    try:
        deadline = time.monotonic() + 60
        while not (lock.exists() and lock.read_text().startswith("pid")):
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        before = {p: p.stat().st_mtime_ns for p in (root / "locales").rglob("*") if p.is_file()}
        second = start(root, "run", "workflows/small.yml", "--force")
        out, err = second.communicate(timeout=120)
        assert second.returncode == 2, (out, err)
        message = err.decode().strip().splitlines()[-1]
        assert re.fullmatch(
            rf"Error: another localepress run \(pid {first.pid}\) is writing to .*output; "
            r"wait for it to finish, then run again",
            message,
        ), message
        assert "Traceback" not in err.decode()
        assert {p: p.stat().st_mtime_ns for p in before} == before
    finally:
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err.decode()
    whole_pack(root / "output", "small-kit")
    again = start(root, "run", "workflows/small.yml")
    assert again.wait(timeout=300) == 0  # the lock went with the first run


def add_cell(project, source: str) -> None:
    add_cell_after_parameters(project, DOC, source)


@pytest.mark.parametrize(
    "death",
    ["import os\nos._exit(3)", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"],
    ids=["os._exit", "SIGKILL"],
)
def test_a_kernel_that_dies_is_named_and_the_other_editions_are_built(project_copy, death):
    body = "".join(f"    {line}\n" for line in death.splitlines())
    add_cell(project_copy, f'if lang == "en":\n{body}')
    result = CliRunner().invoke(
        main, ["publish", "-l", "fr,en,es", "--doc", DOC, "-f", "html", "-j", "1"]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(
        rf"{DOC} \[en\]: cell \d+ \(id boom\) failed: the kernel died while the cell ran",
        result.output,
    ), result.output
    for lang in ("fr", "es"):
        assert (project_copy.output / lang / f"{DOC}.html").exists(), lang
    assert not (project_copy.output / "en" / f"{DOC}.html").exists()
    failed = json.loads((project_copy.output / "en" / f"{DOC}.failed.ipynb").read_text())
    assert "boom" in [cell.get("id") for cell in failed["cells"]]  # kept for analysts


def test_a_hung_cell_is_stopped_at_the_timeout_and_named(project_copy):
    add_cell(project_copy, 'import time\nif lang == "en":\n    time.sleep(600)')
    from localepress.catalogs.po import compile_catalogs

    compile_catalogs(project_copy, ["en"], [DOC, "interface"])
    clock = time.monotonic()
    hung = publish_edition(project_copy, DOC, "en", formats=("html",), timeout=5)
    assert time.monotonic() - clock < 60
    assert not hung.ok
    assert re.fullmatch(
        rf"{DOC} \[en\]: cell \d+ \(id boom\) failed: timed out after 5 s; the kernel was "
        r"stopped \(CellTimeoutError\)",
        hung.error,
    ), hung.error
    after = publish_edition(project_copy, DOC, "fr", formats=("html",), timeout=30)
    assert after.ok, after.error  # a fresh kernel for the next edition
    assert wait_until_gone_except_ours(project_copy.root) == []


def wait_until_gone_except_ours(root: Path) -> list[int]:
    """No sleeping kernel left: this process keeps one live kernel per project, which the
    hung one must not be. Its own kernel is shut down first."""
    from localepress.editions.execute import shutdown_kernels

    shutdown_kernels()
    return wait_until_gone(root, 10)


def test_a_worker_process_that_dies_fails_only_its_edition(project_copy):
    """A cell killing the process that runs it (as the out-of-memory killer would): the pool
    breaks, the editions it held go again one process each, only the guilty one fails."""
    add_cell(project_copy, 'import os\nif lang == "en":\n    os.kill(os.getppid(), 9)')
    result = CliRunner().invoke(
        main, ["publish", "-l", "fr,en,es", "--doc", DOC, "-f", "md", "-j", "2"]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert (
        f"FAILED  en/{DOC}: {DOC} [en]: the process building this edition died twice"
        in result.output
    )
    for lang in ("fr", "es"):
        assert f"published  {lang}/{DOC}" in result.output
        assert (project_copy.output / lang / f"{DOC}.md").exists()


def big_catalog(header: str, entries: int) -> str:
    return header + "".join(
        f'\n#: notebooks/big.ipynb#c{i}:1\nmsgid "Phrase {i} du texte"\nmsgstr "Sentence {i}"\n'
        for i in range(entries)
    )


def test_an_update_killed_at_random_moments_never_leaves_half_a_catalog(tmp_path, record_property):
    root = copy_project(tmp_path / "update")
    catalog = root / "locales" / "en" / "LC_MESSAGES" / f"{DOC}.po"
    header = catalog.read_text(encoding="utf-8").split("\n\n")[0] + "\n"
    old = big_catalog(header, 20_000).encode()
    catalog.write_bytes(old)
    reference = start(root, "update", "-l", "en", "--doc", DOC)
    clock = time.monotonic()
    assert reference.wait(timeout=300) == 0, reference.stderr.read().decode()
    duration = time.monotonic() - clock
    new = catalog.read_bytes()
    assert new != old
    rng = random.Random(13)
    outcomes = {"old": 0, "new": 0}
    for _ in range(5):
        catalog.write_bytes(old)
        run = start(root, "update", "-l", "en", "--doc", DOC)
        time.sleep(duration * rng.uniform(0.5, 1.1))  # the write comes last
        kill_group(run)
        data = catalog.read_bytes()
        assert data in (old, new), "a half-written catalog"
        outcomes["old" if data == old else "new"] += 1
    record_property("cases", 5)
    for outcome, count in outcomes.items():
        record_property(f"catalog {outcome}", count)
    visible = sorted(p.name for p in catalog.parent.iterdir() if not p.name.startswith("."))
    assert visible == sorted(f"{d}.po" for d in ("communique", "fiche", "interface"))


def test_ctrl_c_exits_130_and_says_the_previous_pack_was_kept(tmp_path):
    """Ctrl-C in a terminal sends SIGINT to the whole process group: the run stops with the
    shell's code for it (130, not the "gated" 1) and says what partners still have."""
    root = small_project(tmp_path / "interrupted")
    first = start(root, "run", "workflows/small.yml", "--jobs", "1")
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    previous = whole_pack(root / "output", "small-kit")
    run = start(root, "run", "workflows/small.yml", "--jobs", "2", "--force")
    deadline = time.monotonic() + 120
    while not list((root / "output").glob(".small-kit.building-*")):
        assert time.monotonic() < deadline and run.poll() is None
        time.sleep(0.05)
    time.sleep(2)  # well into the editions
    os.killpg(run.pid, signal.SIGINT)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 130, err.decode()
    message = err.decode().strip().splitlines()[-1]
    assert message == (
        "Interrupted: the previous pack output/small-kit/ is left as it was; "
        "the next run starts cleanly."
    ), err.decode()
    assert "Traceback" not in err.decode()
    assert whole_pack(root / "output", "small-kit") == previous
    assert not list((root / "output").glob(".small-kit.*"))
    assert wait_until_gone(root) == [], "a kernel outlived the interrupted run"
