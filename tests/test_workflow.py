"""Workflows: validation, incremental re-runs, reproducible packs, kills, one run at once."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from localepress.cli import main
from localepress.errors import WorkflowError
from localepress.pack.workflow import load_workflow, run_workflow
from localepress.project import Project

from .conftest import PROJECT, WORKFLOW, copy_project

PACK = "press-kit"
FIXTURE = Project(PROJECT)  # read only: the workflows are validated against its notebooks


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "flow.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "key", "message"),
    [
        (
            "name: ../evil\ndocuments: [fiche]\nlanguages: [fr]\n",
            1,
            "name",
            "does not match",
        ),
        (
            "name: ok\ndocuments: [fiche]\nlanguages:\n  - fr\n  - xx\n",
            5,
            "languages.1",
            "'xx'",
        ),
        ("name: ok\ndocuments: [nope]\nlanguages: [fr]\n", 2, "documents.0", "unknown document"),
        (
            "name: ok\ndocuments: [fiche]\nlanguages: [fr]\nformats: [docx]\n",
            4,
            "formats.0",
            "docx",
        ),
        (
            "name: ok\ndocuments: [fiche]\nlanguages: [fr]\nthreshold: 120\n",
            4,
            "threshold",
            "120",
        ),
        ("name: ok\ndocuments: [fiche]\nlanguage: [fr]\n", 3, "language", "unknown key"),
        ("name: ok\ndocuments: [fiche]\n", 1, None, "missing key: 'languages'"),
    ],
)
def test_invalid_workflow_names_file_line_and_key(tmp_path, text, line, key, message):
    with pytest.raises(WorkflowError) as caught:
        load_workflow(write(tmp_path, text), FIXTURE)
    error = caught.value
    assert error.line == line and error.key == key and message in str(error)
    assert str(error).startswith(f"{tmp_path / 'flow.yml'}:{line}")


def test_workflow_files_are_read_with_the_safe_loader(tmp_path):
    path = write(tmp_path, "name: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
    with pytest.raises(WorkflowError, match="not valid YAML"):
        load_workflow(path, FIXTURE)


def test_parameters_merge_global_then_audience_then_language(tmp_path):
    flow = load_workflow(
        write(
            tmp_path,
            "name: ok\ndocuments: [fiche]\nlanguages: [fr, en]\naudience: press\n"
            "parameters:\n  global: {a: 1, b: 1}\n  audiences: {press: {b: 2, c: 2}}\n"
            "  languages: {en: {c: 3}}\n",
        ),
        FIXTURE,
    )
    assert flow.parameters_for("fr") == {"audience": "press", "a": 1, "b": 2, "c": 2}
    assert flow.parameters_for("en") == {"audience": "press", "a": 1, "b": 2, "c": 3}


def test_fixture_workflows_are_valid():
    for path in sorted((PROJECT / "workflows").glob("*.yml")):
        assert load_workflow(path, FIXTURE).name == path.stem


def manifest_matches_files(pack: Path) -> bool:
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (pack / entry["path"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"] or len(data) != entry["size"]:
            return False
    return True


@pytest.mark.slow
def test_pack_holds_index_languages_manifest_and_zip(published_pack):
    project, report = published_pack
    pack = project.output / PACK
    assert report.pack == pack and manifest_matches_files(pack)
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    paths = {entry["path"] for entry in manifest["files"]}
    assert len(paths) == 2 * 4 * 3 + 1 and "index.html" in paths
    assert {e["completeness"] for e in manifest["files"] if "completeness" in e} == {100.0}
    index = (pack / "index.html").read_text(encoding="utf-8")
    for lang in ("fr", "en", "es", "oc"):
        assert f'hreflang="{lang}"' in index
    with zipfile.ZipFile(project.output / f"{PACK}.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert f"{PACK}/manifest.json" in names
        assert archive.read(f"{PACK}/manifest.json") == (pack / "manifest.json").read_bytes()
    assert not any(p.name.startswith("status") for p in pack.iterdir())  # internal pages stay out


@pytest.mark.slow
def test_a_rerun_with_no_change_executes_nothing(published_pack):
    project, _ = published_pack
    flow = load_workflow(project.root / WORKFLOW, project)
    before = (project.output / f"{PACK}.zip").read_bytes()
    again = run_workflow(project, flow, jobs=2)
    assert again.ok
    assert all(edition.reused for edition in again.publish.editions)
    assert len(again.publish.editions) == 8
    assert (project.output / f"{PACK}.zip").read_bytes() == before


@pytest.mark.slow
def test_two_full_runs_from_scratch_are_byte_identical(published_pack, tmp_path, monkeypatch):
    first, _ = published_pack
    root = copy_project(tmp_path / "second")
    monkeypatch.setenv("LOCALEPRESS_ROOT", str(root))
    second = Project(root)
    report = run_workflow(second, load_workflow(root / WORKFLOW, second), jobs=2)
    assert report.ok
    for relative in (f"{PACK}.zip", f"{PACK}/manifest.json"):
        assert (first.output / relative).read_bytes() == (second.output / relative).read_bytes()
    manifest = json.loads((first.output / PACK / "manifest.json").read_text(encoding="utf-8"))
    for relative in [entry["path"] for entry in manifest["files"]]:
        path = first.output / PACK / relative
        assert path.read_bytes() == (second.output / PACK / relative).read_bytes(), relative


def _start_run(root: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "LOCALEPRESS_ROOT": str(root)}
    return subprocess.Popen(
        [sys.executable, "-m", "localepress", "run", WORKFLOW, "--jobs", "2", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


@pytest.mark.slow
def test_killed_runs_leave_the_previous_pack_whole(published_pack, tmp_path):
    source, _ = published_pack
    root = copy_project(tmp_path / "killed")
    subprocess.run(["cp", "-a", str(source.output), str(root)], check=True)
    zip_before = (root / "output" / f"{PACK}.zip").read_bytes()
    for delay in (1.0, 4.0, 7.0):
        run = _start_run(root, "--force")
        time.sleep(delay)
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        pack = root / "output" / PACK
        assert manifest_matches_files(pack), f"pack broken after a kill at {delay} s"
        assert (root / "output" / f"{PACK}.zip").read_bytes() == zip_before


@pytest.mark.slow
def test_a_second_run_meanwhile_stops_with_a_clear_message(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "concurrent")
    first = _start_run(root, "--force")
    try:
        deadline = time.time() + 30
        while not (root / "output" / ".localepress.lock").exists() and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        monkeypatch.setenv("LOCALEPRESS_ROOT", str(root))
        monkeypatch.chdir(root)
        result = CliRunner().invoke(main, ["run", WORKFLOW])
        assert result.exit_code == 2
        assert "another localepress run (pid" in result.output and "wait for it" in result.output
    finally:
        first.wait(timeout=300)
    assert first.returncode == 0
    assert manifest_matches_files(root / "output" / PACK)


@pytest.mark.slow
def test_a_stale_catalog_is_reported_never_rewritten(project_copy):
    flow_file = project_copy.workflows / "small.yml"
    flow_file.write_text(
        "name: small\ndocuments: [fiche]\nlanguages: [fr, en]\nformats: [md]\n",
        encoding="utf-8",
    )
    notebook = project_copy.notebook("fiche")
    notebook.write_text(
        notebook.read_text(encoding="utf-8").replace(
            "Ici chacun peut construire son monde.", "Ici chacun construit son monde."
        ),
        encoding="utf-8",
    )
    locales = {p: p.read_bytes() for p in project_copy.locales.rglob("*.po*")}
    result = CliRunner().invoke(main, ["run", str(flow_file)])
    assert result.exit_code == 0, result.output
    assert "stale: locales/fiche.pot" in result.output
    assert {p: p.read_bytes() for p in project_copy.locales.rglob("*.po*")} == locales
    english = (project_copy.output / "small" / "en" / "fiche.md").read_text(encoding="utf-8")
    assert '<span lang="fr">Ici chacun construit son monde.</span>' in english
