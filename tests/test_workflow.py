"""Workflows: validation, incremental re-runs, reproducible packs, kills, one run at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from localepress.catalogs.po import read_catalog, write_catalog
from localepress.cli import main
from localepress.errors import WorkflowError
from localepress.pack.bundle import PackedEdition, build_pack, stage
from localepress.pack.manifest import Manifest
from localepress.pack.workflow import load_workflow, run_workflow
from localepress.project import Project

from .conftest import PROJECT, WORKFLOW, copy_project
from .golden import assert_golden

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
            "name: ok\ndocuments: [fiche]\nlanguages: [fr]\nformats: [rtf]\n",
            4,
            "formats.0",
            "rtf",
        ),
        (
            "name: ok\ndocuments: [fiche]\nlanguages: [fr]\nthreshold: 120\n",
            4,
            "threshold",
            "120",
        ),
        ("name: ok\ndocuments: [fiche]\nlanguages: [fr]\ngated: skip\n", 4, "gated", "omit"),
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
    editions = {e["path"] for e in manifest["files"] if e["document"] in ("communique", "fiche")}
    assert len(editions) == 2 * 4 * (6 + 1)  # six formats and a share image each
    rooms = {"index.html", *(f"{lang}/index.html" for lang in ("fr", "en", "es", "oc"))}
    assert rooms <= paths and {"manifest.schema.json", "quality.json"} <= paths
    quality = json.loads((pack / "quality.json").read_text(encoding="utf-8"))["editions"]
    assert {row["completeness"] for row in quality.values()} == {100.0}
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
def test_a_stale_catalog_is_reported_never_rewritten(project_copy):
    flow_file = project_copy.workflows / "small.yml"
    flow_file.write_text(
        # below 100 %: the gate counts the master's new sentence as untranslated
        "name: small\ndocuments: [fiche]\nlanguages: [fr, en]\nformats: [md]\nthreshold: 90\n",
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
    assert "Ici chacun construit son monde." in english  # French kept (Markdown marks no language)
    assert "<span" not in english


def test_a_document_not_translated_is_not_publishable(project_copy):
    """The status notebook (translate: false) is neither published nor put in a workflow."""
    result = CliRunner().invoke(main, ["publish", "--doc", "etat-des-traductions", "-f", "md"])
    assert result.exit_code == 2
    assert "'etat-des-traductions' is not translated" in result.output
    assert "translated documents: communique, fiche" in result.output
    flow = write(project_copy.root, "name: st\ndocuments: [fiche, etat-des-traductions]\n"
                                     "languages: [fr]\n")  # fmt: skip
    result = CliRunner().invoke(main, ["run", str(flow)])
    assert result.exit_code == 2 and f"{flow}:2 (key 'documents.1')" in result.output
    assert not (project_copy.output / "st").exists()


def test_a_broken_notebook_does_not_stop_checking_the_documents_named(project_copy):
    """Only the named documents' notebooks are read (reading every notebook for each named
    document made a 20-document publish read 400 notebooks per language)."""
    (project_copy.notebooks / "brouillon.ipynb").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", "-l", "en", "--doc", "fiche"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["review", "-l", "en", "--doc", "nulle-part"])
    assert result.exit_code == 2  # the error lists the documents: the broken one is named
    assert "brouillon.ipynb: not a valid notebook" in result.output


def test_an_audience_the_notebooks_do_not_declare_is_refused(project_copy):
    """`audience: internationl` (a typo) would silently publish the press audience."""
    for text, line, key in [
        ("audience: internationl\n", 5, "audience"),
        ("parameters:\n  audiences:\n    internationl: {x: 1}\n", 7,
         "parameters.audiences.internationl"),
    ]:  # fmt: skip
        path = write(project_copy.root, "name: ok\ndocuments: [fiche]\nlanguages: [fr]\n"
                                        "formats: [md]\n" + text)  # fmt: skip
        result = CliRunner().invoke(main, ["run", str(path)])
        assert result.exit_code == 2, result.output
        assert f"{path}:{line} (key '{key}'): unknown audience 'internationl'" in result.output
        assert "the documents' notebooks declare: press, international" in result.output
        assert not (project_copy.output / "ok").exists()


# What a new user ran into ---------------------------------------------------------------------


def run_cli(*args: str):
    """`localepress ARGS` in this process, with a wide console so no line is wrapped."""
    return CliRunner(env={"COLUMNS": "250"}).invoke(main, list(args))


def small_flow(project, name: str, languages: str, formats: str = "md", extra: str = "") -> Path:
    path = project.workflows / f"{name}.yml"
    path.write_text(f"name: {name}\ndocuments: [fiche]\nlanguages: [{languages}]\n"
                    f"formats: [{formats}]\n{extra}", encoding="utf-8")  # fmt: skip
    return path


def break_check(project, lang: str) -> bytes:
    """Give one translation an error the gate refuses; return the catalog's clean bytes."""
    path = project.catalog(lang, "fiche")
    clean = path.read_bytes()
    po = read_catalog(path)
    po.find("Nos 3 piliers").msgstr = "Our <script>x()</script> pillars"
    write_catalog(po, path)
    return clean


@pytest.mark.slow
def test_a_pack_links_only_to_the_languages_in_it(project_copy):
    run_cli("run", str(small_flow(project_copy, "duo", "fr, es", "html")), "--jobs", "1")
    pack = project_copy.output / "duo"
    assert (pack / "manifest.json").is_file()
    for page in pack.rglob("*.html"):
        for href in re.findall(r'href="(?![a-z]+:)([^"#]+)', page.read_text(encoding="utf-8")):
            target = (page.parent / href).resolve()
            inside = target.is_relative_to(pack.resolve()) or target == pack.with_suffix(".zip")
            assert inside and target.is_file(), (page, href)  # the zip: "download everything"
    french = (pack / "fr" / "fiche.html").read_text(encoding="utf-8")
    assert 'hreflang="es"' in french and 'hreflang="en"' not in french


@pytest.mark.slow
def test_a_language_back_from_the_gate_is_linked_from_every_page(project_copy):
    flow = small_flow(project_copy, "trio", "fr, en, es", "html")
    clean = break_check(project_copy, "en")
    assert run_cli("run", str(flow), "--jobs", "1").exit_code == 1  # en gated out
    project_copy.catalog("en", "fiche").write_bytes(clean)
    result = run_cli("run", str(flow), "--jobs", "1")
    assert result.exit_code == 0, result.output
    for lang in ("fr", "en", "es"):
        page = (project_copy.output / "trio" / lang / "fiche.html").read_text(encoding="utf-8")
        assert re.findall(r'<a [^>]*href="../(\w+)/fiche.html"', page) == ["fr", "en", "es"], lang


@pytest.mark.slow
def test_an_unreadable_catalog_gates_out_its_language_only(project_copy):
    occitan = project_copy.catalog("oc", "fiche")
    latin1 = occitan.read_text(encoding="utf-8").encode("latin-1", errors="replace")
    occitan.write_bytes(latin1)  # Latin-1 bytes under a UTF-8 header
    result = run_cli("publish", "-l", "es", "--doc", "fiche", "-f", "md", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (project_copy.output / "es" / "fiche.md").is_file()
    flow = small_flow(project_copy, "tri", "fr, es, oc", extra="gated: fail\n")
    result = run_cli("run", str(flow), "--jobs", "1")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert re.search(r"oc gated out: fiche: locales/oc/LC_MESSAGES/fiche\.po:\d+: ", result.output)
    for lang in ("fr", "es"):
        assert (project_copy.output / ".tri.pending" / lang / "fiche.md").is_file()
    review = (project_copy.output / "review" / "oc.html").read_text(encoding="utf-8")
    assert "This catalog cannot be read: <code>locales/oc/LC_MESSAGES/fiche.po:" in review
    assert occitan.read_bytes() == latin1  # nothing written over it


@pytest.mark.slow
def test_the_pack_folder_is_readable_by_a_web_server(project_copy):
    previous = os.umask(0o022)
    try:
        result = run_cli("run", str(small_flow(project_copy, "solo", "fr")), "--jobs", "1")
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    folders = [project_copy.output / "solo", *(project_copy.output / "solo").rglob("*/")]
    assert {str(p): stat.S_IMODE(p.stat().st_mode) for p in folders if p.is_dir()} == {
        str(p): 0o755 for p in folders if p.is_dir()
    }


@pytest.mark.slow
def test_the_run_table_and_the_pack_message_say_what_happened(project_copy):
    path = project_copy.catalog("en", "fiche")
    clean = path.read_bytes()
    po = read_catalog(path)
    po.find("La culture vivante").msgstr = ""  # 22 of 23: 95.6 %, no longer "96 %"
    write_catalog(po, path)
    flow = small_flow(project_copy, "pair", "fr, en", extra="gated: fail\n")
    result = run_cli("run", str(flow), "--jobs", "1")
    assert result.exit_code == 1
    assert re.search(r"│ en +│ 95\.6 % +│", result.output), result.output
    assert "no pack written: output/pair/ holds no earlier pack either" in result.output
    assert "left as it was" not in result.output
    path.write_bytes(clean)
    assert run_cli("run", str(flow), "--jobs", "1").exit_code == 0
    break_check(project_copy, "en")
    result = run_cli("run", str(flow), "--jobs", "1")
    assert "pack not updated: the previous pack output/pair/ is left as it was" in result.output


@pytest.mark.slow
def test_two_workflows_keep_their_editions_apart(project_copy):
    press = small_flow(project_copy, "press", "fr", extra="audience: press\n")
    abroad = small_flow(project_copy, "abroad", "fr", extra="audience: international\n")
    for flow in (press, abroad):
        assert run_cli("run", str(flow), "--jobs", "1").exit_code == 0
    again = run_cli("run", str(press), "--jobs", "1")
    assert again.exit_code == 0 and "reused  fr/fiche" in again.output, again.output
    for name in ("press", "abroad"):
        assert (project_copy.output / name / "fr" / "fiche.md").is_file()
    assert not (project_copy.output / "fr").exists()


def test_manifest_matches_golden(tmp_path):
    """manifest.json: every file with its title, language (tag and name), document, format,
    MIME type, size, sha256 and status; the source revision and content date at the top; the
    same bytes for the same pack. (The pages' and images' digests follow the templates and
    CairoSVG, so the golden file holds placeholders for them.) quality.json holds the QA."""
    output = tmp_path / "output"
    staging = stage(output, "kit")
    editions = []
    for lang, title, percent, warnings in (("fr", "Carte", 100.0, 0), ("en", "Card", 95.6, 2)):
        (staging / lang).mkdir()
        (staging / lang / "fiche.html").write_text(f"<p>{title}</p>\n", encoding="utf-8")
        (staging / lang / "fiche.md").write_text(f"# {title}\n", encoding="utf-8")
        files = {"html": f"{lang}/fiche.html", "md": f"{lang}/fiche.md"}
        editions.append(PackedEdition("fiche", lang, title, files, percent, 0, warnings))
    stamp = dt.datetime(2022, 4, 13, tzinfo=dt.UTC)
    pack, _ = build_pack(output, "kit", staging, "Kit", editions, PROJECT / "source" / "brand",
                         "abc123", stamp)  # fmt: skip
    data = json.loads((pack / "manifest.json").read_bytes())
    for entry in data["files"]:
        if entry["path"].endswith(("index.html", ".png", "quality.json")):
            entry["sha256"], entry["size"] = "<sha256>", "<size>"
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    assert_golden("pack/manifest.expect.json", text)
    assert (
        Manifest.from_bytes((pack / "manifest.json").read_bytes()).to_bytes()
        == (pack / "manifest.json").read_bytes()
    )
    quality = json.loads((pack / "quality.json").read_bytes())["editions"]
    expected = {"completeness": 95.6, "document": "fiche", "errors": 0, "language": "en",
                "status": "current", "warnings": 2}  # fmt: skip
    assert quality["en/fiche.md"] == expected
