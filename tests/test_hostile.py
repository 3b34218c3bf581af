"""Hostile content: payloads in translations, in the master and in cell outputs never run.

Every payload of tests/fixtures/hostile/payloads.txt goes into the French master (prose and
cell outputs), the English catalogs (document and page strings, comments, header) and the pack
titles. The gate refuses the hostile translations; to test the last line of defence the
editions are then published with the gate bypassed (`publish_edition` directly), and every page
(editions, review page, pack index, press room) is opened in the system's headless Chromium
with traps on every script entry point, as well as read by the static audit. A control page
with the same payloads unsanitised proves the traps fire. Workflow files cannot reach outside
output/.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re

import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt
from nbformat.v4 import new_code_cell, new_notebook, new_output

from localepress.catalogs.po import compile_catalogs, read_catalog, write_catalog
from localepress.catalogs.positions import positions
from localepress.cli import main
from localepress.editions.export import brand_assets, to_markdown
from localepress.editions.publish import publish_edition
from localepress.errors import LocalepressError, WorkflowError
from localepress.pack.bundle import PackedEdition, build_pack, stage
from localepress.pack.runlock import run_lock
from localepress.pack.workflow import load_workflow
from localepress.project import Project
from localepress.quality.termbase import french_marked_terms
from localepress.translators.review import write_reviews

from .conftest import PROJECT, copy_project
from .hostile import PAYLOADS, active_content, browser_findings

DOC = "fiche"
PIXEL = (  # a 1×1 PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
OUTPUTS_CELL = f"""\
import json
from IPython.display import HTML, Markdown, display
payloads = json.loads({json.dumps(json.dumps(PAYLOADS))})
for payload in payloads:
    display(HTML(payload))
    display(Markdown(payload))
alt = payloads[0] + '" onerror="alert(1)'
display({{"image/png": "{PIXEL}"}}, raw=True, metadata={{"alt": alt}})
"""


def _hostile_master(project: Project) -> None:
    """Payloads in the master's prose (paragraphs, heading, list, quote, table) and outputs."""
    path = project.notebook(DOC)
    nb = json.loads(path.read_text(encoding="utf-8"))
    prose = "\n\n".join(
        [
            f"## Rubrique {PAYLOADS[0]}",
            *PAYLOADS,
            "\n".join(f"- {payload}" for payload in PAYLOADS[:10]),
            f"> {PAYLOADS[1]}",
            f"| a | b |\n|---|---|\n| {PAYLOADS[2]} | {PAYLOADS[3]} |",
        ]
    )
    nb["cells"] += [
        {"cell_type": "markdown", "id": "hostile-prose", "metadata": {}, "source": prose},
        {"cell_type": "code", "id": "hostile-outputs", "metadata": {}, "outputs": [],
         "execution_count": None, "source": OUTPUTS_CELL},
    ]  # fmt: skip
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def _hostile_translations(project: Project) -> int:
    """Payloads appended to every prose translation of the document (format-checked entries
    are left alone: msgfmt, not the gate, would refuse them), and everywhere in the page
    strings, comments and header; returns how many entries carry one."""
    path = project.catalog("en", DOC)
    po = read_catalog(path)
    hostile = 0
    for index, entry in enumerate(e for e in po if e.msgstr and not e.obsolete):
        if not any(flag.endswith("-format") for flag in entry.flags):
            entry.msgstr += " " + PAYLOADS[index % len(PAYLOADS)]
            entry.tcomment = PAYLOADS[(index + 1) % len(PAYLOADS)]
            hostile += 1
    fuzzy = next(e for e in po if e.msgstr and not e.obsolete and not e.flags)
    fuzzy.flags.append("fuzzy")
    fuzzy.previous_msgid = f"{fuzzy.msgid} {PAYLOADS[4]}"
    po.metadata["Last-Translator"] = PAYLOADS[5]
    write_catalog(po, path)
    interface = project.catalog("en", "interface")
    po = read_catalog(interface)
    for index, entry in enumerate(e for e in po if e.msgid):
        entry.msgstr = PAYLOADS[index] + '" onmouseover="alert(1)'
    write_catalog(po, interface)
    return hostile


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """Every page built from hostile content, gate bypassed: {name: path}, and facts."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    previous = os.environ.get("LOCALEPRESS_ROOT")
    os.environ["LOCALEPRESS_ROOT"] = str(root)
    try:
        project = Project(root)
        _hostile_master(project)
        hostile = _hostile_translations(project)
        compile_catalogs(project, ["en"], [DOC, "interface"])
        terms = french_marked_terms(project)
        staging = stage(project.output, "hostile-pack")
        editions = {}
        for lang in ("fr", "en"):
            editions[lang] = publish_edition(
                project, DOC, lang, formats=("html", "md"), target=staging,
                published=["fr", "en"], french_terms=terms,
            )  # fmt: skip
        packed = [
            PackedEdition(DOC, lang, f"{PAYLOADS[6]} {lang}", {"html": f"{lang}/{DOC}.html"},
                          100.0, 0, 0)
            for lang in ("fr", "en")
        ]  # fmt: skip
        pack, _ = build_pack(
            project.output, "hostile-pack", staging, f"Kit {PAYLOADS[7]} Le Sud Ingénieux",
            packed, project.source / "brand", PAYLOADS[8],
            dt.datetime(2022, 4, 13, tzinfo=dt.UTC), terms,
        )  # fmt: skip
        write_reviews(project, ["en"], [DOC], editions=pack)
    finally:
        if previous is None:
            os.environ.pop("LOCALEPRESS_ROOT", None)
        else:
            os.environ["LOCALEPRESS_ROOT"] = previous
    for result in editions.values():
        assert result.ok, result.error
    _, logo = brand_assets(project.source / "brand")
    pages = {
        "fr edition": pack / "fr" / f"{DOC}.html",
        "en edition": pack / "en" / f"{DOC}.html",
        "review page": root / "output" / "review" / "en.html",
        "pack index": pack / "index.html",
        "press room": pack / "en" / "index.html",
    }
    return {"project": project, "pages": pages, "logo": logo, "hostile": hostile}


@pytest.mark.slow
def test_the_browser_traps_catch_the_payloads_when_nothing_sanitises_them(
    tmp_path, record_property
):
    """Control: the same payloads written raw into a page do run, and the traps say so."""
    numbered = [p.replace("alert(1)", f"alert({i + 1000})") for i, p in enumerate(PAYLOADS)]
    page = tmp_path / "raw.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>raw</title></head><body>"
        + "\n".join(f"<div>{payload}</div>" for payload in numbered)
        + "</body></html>",
        encoding="utf-8",
    )
    events = browser_findings({"raw": page})["raw"]
    live = {int(n) - 1000 for n in re.findall(r"alert\((\d{4})\)", " ".join(events))}
    assert len(live) >= 30, f"only {len(live)} payloads ran unsanitised: the traps are blind"
    record_property("payloads", len(PAYLOADS))
    record_property("live when unsanitised", len(live))
    assert any(e.startswith("request ") for e in events)  # the iframe left the page
    assert {"<script>", "<iframe>", "<svg>"} <= set(events)


@pytest.mark.slow
def test_no_payload_runs_in_any_published_page_in_chromium(hostile_site, record_property):
    pages = hostile_site["pages"]
    reached = {"pack index": ("data:text/html", 2), "press room": ("alert(", 2)}
    for name, path in pages.items():  # the payloads did reach every page, as inert text
        marker, least = reached.get(name, ("alert(", 20))
        assert path.read_text(encoding="utf-8").count(marker) >= least, name
    found = browser_findings(pages, trusted_src=hostile_site["logo"])
    assert found == {name: [] for name in pages}
    record_property("cases", len(pages))


@pytest.mark.slow
def test_published_pages_pass_the_static_audit(hostile_site):
    for name, path in hostile_site["pages"].items():
        html = path.read_text(encoding="utf-8")
        assert active_content(html, trusted_prefix=hostile_site["logo"]) == [], name


@pytest.mark.slow
def test_the_english_edition_holds_the_hostile_translations_inertly(hostile_site):
    """Non-vacuous: the hostile translations were published (gate bypassed), as text."""
    html = hostile_site["pages"]["en edition"].read_text(encoding="utf-8")
    assert "We are Le Sud Ingénieux" in html  # translations, not the French fallback
    assert html.count("&lt;") >= hostile_site["hostile"] // 2
    assert html.count('" onmouseover="alert(1)') >= 2  # page strings, shown as text only


def test_the_markdown_edition_cleans_html_outputs():
    """HTML outputs are copied into the Markdown edition: a partner's renderer, even one that
    allows raw HTML and any link scheme, must find nothing active in them."""
    cell = new_code_cell("x")
    cell.outputs = [
        new_output("display_data", data={"text/html": payload, "text/plain": "x"})
        for payload in PAYLOADS
    ]
    markdown = to_markdown(new_notebook(cells=[cell]))
    permissive = MarkdownIt("commonmark", {"html": True})
    permissive.validateLink = lambda url: True
    assert active_content(permissive.render(markdown)) == []
    assert "alert(1)" in markdown  # the payloads are there, as text


def test_hostile_translations_are_refused_by_the_gate(project_copy):
    assert _hostile_translations(project_copy) >= 10
    result = CliRunner().invoke(main, ["check", "-l", "en"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    path = project_copy.catalog("en", DOC)
    po = read_catalog(path)
    where = positions(path)
    hostile = {  # reported at the line of the msgstr the payload is in
        f"locales/en/LC_MESSAGES/{DOC}.po:{where.of_msgstr(e)}: error: [markup]"
        for e in po
        if not e.obsolete and not e.fuzzy and e.msgstr.endswith(tuple(PAYLOADS))
    }
    reported = {line.split(" ", 3)[0] + " " + " ".join(line.split(" ")[1:3]) for line in
                result.output.splitlines()}  # fmt: skip
    assert len(hostile) >= 10 and hostile <= reported, sorted(hostile - reported)
    result = CliRunner().invoke(main, ["publish", "-l", "en", "--doc", DOC, "-f", "html"])
    assert result.exit_code == 1 and "en: " in result.output and "gated out" in result.output
    assert not (project_copy.output / "en" / f"{DOC}.html").exists()


# Workflow files cannot write outside output/ ------------------------------------------------


HEAD = "documents: [fiche]\nlanguages: [fr]\n"


@pytest.mark.parametrize(
    "name",
    ["../evil", "..", ".", "/tmp/evil", "a/b", "x/../../y", "..\\evil", "C:evil", "Evil",
     "-evil", "evil\n", "év", "a" * 65, "", "~root"],
)  # fmt: skip
def test_an_output_name_outside_output_is_refused(tmp_path, name):
    path = tmp_path / "flow.yml"
    path.write_text(yaml.safe_dump({"name": name}) + HEAD, encoding="utf-8")
    with pytest.raises(WorkflowError) as caught:
        load_workflow(path, Project(PROJECT))
    assert caught.value.key == "name" and caught.value.line == 1


@pytest.mark.parametrize(
    "text",
    [
        "name: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        "name: !!python/name:os.system\n",
        "name: ok\ntitle: !!python/object/new:subprocess.Popen [['touch', '/tmp/pwned']]\n",
    ],
)
def test_workflow_files_are_read_with_the_safe_loader(tmp_path, text):
    path = tmp_path / "flow.yml"
    path.write_text(text + HEAD, encoding="utf-8")
    with pytest.raises(WorkflowError, match="not valid YAML"):
        load_workflow(path, Project(PROJECT))


def test_a_parameter_name_cannot_inject_code_into_the_notebook(tmp_path):
    path = tmp_path / "flow.yml"
    injected = {"x\nimport os\nos.system('touch /tmp/pwned')\ny": 1}
    for where in ({"global": injected}, {"languages": {"fr": injected}},
                  {"audiences": {"press": injected}}):  # fmt: skip
        path.write_text(
            "name: ok\n" + HEAD + yaml.safe_dump({"parameters": where}), encoding="utf-8"
        )
        with pytest.raises(WorkflowError, match="does not match") as caught:
            load_workflow(path, Project(PROJECT))
        assert caught.value.key.startswith("parameters.")
    path.write_text("name: ok\n" + HEAD + "parameters:\n  global: {max_rows: 3}\n", "utf-8")
    assert load_workflow(path, Project(PROJECT)).parameters_for("fr")["max_rows"] == 3


def test_nested_yaml_aliases_are_refused_before_they_expand(tmp_path):
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, previous in zip("bcdefghij", "abcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    text = (
        "name: ok\n"
        + HEAD
        + "parameters:\n  global:\n"
        + "".join(f"    {line}\n" for line in levels)
    )
    path = tmp_path / "flow.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkflowError, match=r"alias \*a is not allowed") as caught:
        load_workflow(path, Project(PROJECT))
    assert caught.value.line == 7


def test_a_symlinked_pack_folder_is_replaced_never_written_through(tmp_path):
    output, outside = tmp_path / "output", tmp_path / "outside"
    output.mkdir()
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    (outside / "fr").mkdir()
    (outside / "fr" / "d.html").write_text("<p>outside</p>", encoding="utf-8")
    (output / "kit").symlink_to(outside, target_is_directory=True)
    (output / "kit.zip").symlink_to(outside / "keep.txt")
    edition = PackedEdition("d", "fr", "T", {"html": "fr/d.html"}, 100.0, 0, 0)
    for _ in range(2):  # the second run used to fail on the link left as .kit.previous
        staging = stage(output, "kit")  # nothing is taken through the link
        assert [p.read_text() for p in staging.rglob("d.html")] in ([], ["<p>x</p>"])
        (staging / "fr").mkdir(exist_ok=True)
        (staging / "fr" / "d.html").unlink(missing_ok=True)
        (staging / "fr" / "d.html").write_text("<p>x</p>", encoding="utf-8")
        pack, archive = build_pack(
            output, "kit", staging, "Kit", [edition], PROJECT / "source" / "brand", "r",
            dt.datetime(2022, 4, 13, tzinfo=dt.UTC),
        )  # fmt: skip
        assert not pack.is_symlink() and (pack / "manifest.json").exists()
        assert not archive.is_symlink()
    assert sorted(p.name for p in outside.iterdir()) == ["fr", "keep.txt"]
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "keep"
    assert (outside / "fr" / "d.html").read_text(encoding="utf-8") == "<p>outside</p>"
    assert sorted(p.name for p in output.iterdir()) == ["kit", "kit.zip"]


def test_an_edition_folder_linking_outside_output_is_refused(project_copy, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    project_copy.output.mkdir()
    (project_copy.output / "fr").symlink_to(outside, target_is_directory=True)
    result = publish_edition(project_copy, DOC, "fr", formats=("html",))
    assert not result.ok and "leads outside" in result.error
    assert list(outside.iterdir()) == []
    (project_copy.output / "en").symlink_to(tmp_path / "nowhere", target_is_directory=True)
    result = publish_edition(project_copy, DOC, "en", formats=("html",))  # a dangling link
    assert not result.ok and "leads outside" in result.error
    assert not (tmp_path / "nowhere").exists()


def test_a_symlinked_run_lock_is_refused_and_its_target_untouched(tmp_path):
    output, victim = tmp_path / "output", tmp_path / "victim.txt"
    output.mkdir()
    victim.write_text("precious", encoding="utf-8")
    (output / ".localepress.lock").symlink_to(victim)
    with pytest.raises(LocalepressError, match="symbolic link"), run_lock(output):
        pass
    assert victim.read_text(encoding="utf-8") == "precious"
