"""`receive`: the agency's XLIFF or the reviewer's .docx back into today's catalogs.

Returned files are the kit's own, edited as a CAT tool or a reviewer would (lxml on the XML,
python-docx on the table). Runs on the tiny project of tests/handoff_project.py.
"""

from __future__ import annotations

import gettext
import io
import json
import shutil

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from localepress.catalogs.extract import extract
from localepress.catalogs.po import compile_bytes, read_catalog, write_catalog
from localepress.catalogs.update import update_catalogs
from localepress.cli import main
from localepress.translators.handoff import write_kit
from localepress.translators.receive import receive
from tests.gnu import assert_gnu_canonical
from tests.handoff_project import catalog_bytes, make_project, unzip

X12 = "{urn:oasis:names:tc:xliff:document:1.2}"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    monkeypatch.setenv("LOCALEPRESS_ROOT", str(root))
    monkeypatch.chdir(tmp_path)
    return make_project(root)


def kit(project, tmp_path, version="1.2", **options):
    path = tmp_path / f"kit-{version}.zip"
    write_kit(project, "en", path, version=version, **options)
    return unzip(path, tmp_path / f"kit-{version}")


def entry(project, msgid, doc="mini"):
    return next(e for e in read_catalog(project.catalog("en", doc)) if e.msgid == msgid)


def edit(path, source_start, change):
    """Apply `change(target element)` to the unit whose source text starts with
    `source_start`, as a CAT tool saving the file would."""
    tree = etree.parse(str(path))
    for unit in tree.iter(f"{X12}trans-unit", f"{X2}segment"):
        source = (
            unit.find(f"{X12}source")
            if unit.tag.endswith("trans-unit")
            else unit.find(f"{X2}source")
        )
        if "".join(source.itertext()).startswith(source_start):
            target = source.getnext()
            if target is None or not target.tag.endswith("target"):
                target = etree.SubElement(unit, source.tag.replace("source", "target"))
                unit.insert(unit.index(source) + 1, target)
            change(unit, target)
            tree.write(str(path), xml_declaration=True, encoding="UTF-8")
            return
    raise AssertionError(f"no unit {source_start!r}")


def set_text(text, state="translated"):
    def change(unit, target):
        for child in list(target):
            target.remove(child)
        target.text = text
        (target if unit.tag.endswith("trans-unit") else unit).set("state", state)

    return change


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_round_trip_with_no_edit_leaves_every_catalog_byte_identical(project, tmp_path, version):
    folder = kit(project, tmp_path, version)
    before = catalog_bytes(project)
    units = sum(
        not e.obsolete
        for doc in ("mini", "interface")
        for e in read_catalog(project.catalog("en", doc))
    )
    report = receive(project, [folder / "mini.xlf", folder / "interface.xlf"])
    assert (report.updated, report.new_fuzzy, report.unchanged) == (0, 0, units)
    assert not report.problems and report.obsolete == 0
    report = receive(project, [folder / "review.docx"])
    assert report.unchanged == units and not report.problems
    assert catalog_bytes(project) == before


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_an_agency_edit_comes_in_with_its_markup_restored(project, tmp_path, version):
    folder = kit(project, tmp_path, version)
    tag = "g" if version == "1.2" else "pc"

    def translate(unit, target):
        ns = X12 if version == "1.2" else X2
        source = target.getprevious()
        for child in list(target):
            target.remove(child)
        target.text = "One element at 10"
        code = etree.SubElement(target, f"{ns}{tag}", dict(source.find(f"{ns}{tag}").attrib))
        code.text, code.tail = "th", " place"
        (target if version == "1.2" else unit).set("state", "translated")

    edit(folder / "mini.xlf", "Un élément", translate)
    edit(folder / "mini.xlf", "Nom", set_text("Name"))
    report = receive(project, [folder / "mini.xlf"])
    assert (report.updated, report.new_fuzzy, report.unchanged) == (2, 0, 10)
    assert entry(project, "Un élément avec le 10<sup>e</sup> rang").msgstr == (
        "One element at 10<sup>th</sup> place"
    )
    assert entry(project, "Nom").msgstr == "Name" and not entry(project, "Nom").fuzzy
    assert_gnu_canonical(project.catalog("en", "mini"))


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_a_removed_inline_code_is_refused_for_that_unit_only(project, tmp_path, version):
    folder = kit(project, tmp_path, version)
    edit(folder / "mini.xlf", "Un lien", set_text("A link and bold, tags gone"))
    edit(folder / "mini.xlf", "Nom", set_text("Name"))
    report = receive(project, [folder / "mini.xlf"])
    (refused,) = report.refused
    assert "mini.xlf:" in refused and "inline codes removed" in refused
    assert entry(project, "Un [lien](https://example.org) et du **gras**").msgstr == (
        "A [link](https://example.org) and **bold**"
    )
    assert entry(project, "Nom").msgstr == "Name"


def test_a_duplicated_or_misplaced_code_is_refused(project, tmp_path):
    folder = kit(project, tmp_path)

    def duplicate(unit, target):
        target.append(etree.fromstring(f'<ph xmlns="{X12[1:-1]}" id="1">{{date}}</ph>'))

    def unknown(unit, target):
        target.append(etree.fromstring(f'<ph xmlns="{X12[1:-1]}" id="9">&lt;b&gt;</ph>'))

    edit(folder / "mini.xlf", "Lancé", duplicate)
    edit(folder / "mini.xlf", "Un élément", unknown)
    before = catalog_bytes(project)
    report = receive(project, [folder / "mini.xlf"])
    assert sorted(r.split(": ", 2)[2] for r in report.refused) == [
        "inline code 1 ({date}) appears twice",
        "inline code 9 is not in the source",
    ]
    assert catalog_bytes(project) == before


def test_french_changed_since_the_hand_off_comes_in_fuzzy_with_the_previous_msgid(
    project, tmp_path
):
    folder = kit(project, tmp_path)
    edit(folder / "mini.xlf", "Une citation", set_text("A quote from the agency"))
    edit(folder / "mini.xlf", "ville", set_text("town"))
    notebook = project.notebook("mini")  # the master moves on
    text = notebook.read_text(encoding="utf-8").replace("Une citation", "Une citation célèbre")
    notebook.write_text(text.replace("| ville |", "| bourg |"), encoding="utf-8")
    extract(project)
    update_catalogs(project, ["en"])
    report = receive(project, [folder / "mini.xlf"])
    moved = entry(project, "Une citation célèbre")
    assert moved.msgstr == "A quote from the agency" and moved.fuzzy
    assert moved.previous_msgid == "Une citation"
    assert report.new_fuzzy >= 1 and report.obsolete == 1
    (gone,) = [e for e in read_catalog(project.catalog("en", "mini")) if e.obsolete]
    assert (gone.msgid, gone.msgstr) == ("ville", "town")
    assert_gnu_canonical(project.catalog("en", "mini"))


def test_a_local_change_since_the_hand_off_is_a_conflict_kept_unless_theirs(project, tmp_path):
    folder = kit(project, tmp_path)
    edit(folder / "mini.xlf", "Accueil", set_text("Homepage"))
    path = project.catalog("en", "mini")
    po = read_catalog(path)
    next(e for e in po if e.msgid == "Accueil").msgstr = "Start"
    write_catalog(po, path)
    report = receive(project, [folder / "mini.xlf"])
    (conflict,) = report.conflicts
    assert (conflict.ours, conflict.theirs) == (("Start",), ("Homepage",))
    assert entry(project, "Accueil").msgstr == "Start"
    report = receive(project, [folder / "mini.xlf"], theirs=True)
    assert not report.conflicts and entry(project, "Accueil").msgstr == "Homepage"


def test_a_hostile_target_comes_in_fuzzy_and_is_never_compiled(project, tmp_path):
    folder = kit(project, tmp_path)
    payload = 'Home<script>alert("x")</script>'
    edit(folder / "mini.xlf", "Accueil", set_text(payload))
    report = receive(project, [folder / "mini.xlf"])
    hostile = entry(project, "Accueil")
    assert hostile.msgstr == payload and hostile.fuzzy
    assert "received: check error, markup:" in hostile.tcomment
    assert report.findings and report.new_fuzzy == 1
    mo = gettext.GNUTranslations(io.BytesIO(compile_bytes(project.catalog("en", "mini"))))
    assert mo.pgettext("menu", "Accueil") == "Accueil"  # fuzzy: the French stays


def test_a_filled_review_docx_comes_back_with_comments(project, tmp_path):
    folder = kit(project, tmp_path)
    document = docx.Document(str(folder / "review.docx"))
    rows = document.tables[0].rows
    for row in rows[1:]:
        french, cells = row.cells[1].text, row.cells
        if french == "Nom":
            cells[2].paragraphs[0].add_run("Name")
            cells[3].paragraphs[0].runs[0].text = "translated"
        if french == "Rôle":
            cells[4].paragraphs[0].add_run("Say “Function” instead?")
    document.save(str(folder / "review.docx"))
    report = receive(project, [folder / "review.docx"])
    assert report.updated == 1 and not report.problems
    assert entry(project, "Nom").msgstr == "Name"
    assert "review: Say “Function” instead?" in entry(project, "Rôle").tcomment


def test_a_reshaped_docx_table_is_refused_and_nothing_changes(project, tmp_path):
    folder = kit(project, tmp_path)
    document = docx.Document(str(folder / "review.docx"))
    table = document.tables[0]
    table.rows[2].cells[2].paragraphs[0].add_run(" edited")
    table.add_column(docx.shared.Cm(2))
    document.save(str(folder / "review.docx"))
    before = catalog_bytes(project)
    result = CliRunner().invoke(main, ["receive", str(folder / "review.docx")])
    assert result.exit_code == 2 and "the review table was reshaped" in result.output
    assert catalog_bytes(project) == before


def test_bad_input_is_a_clear_error_and_changes_nothing(project, tmp_path):
    folder = kit(project, tmp_path)
    before = catalog_bytes(project)
    broken = tmp_path / "broken.xlf"
    broken.write_text("<xliff><file>", encoding="utf-8")
    unknown = tmp_path / "xx.xlf"
    data = (folder / "mini.xlf").read_bytes()
    unknown.write_bytes(data.replace(b'target-language="en"', b'target-language="xx"'))
    not_xliff = tmp_path / "other.xml"
    not_xliff.write_text("<html/>", encoding="utf-8")
    runner = CliRunner()
    for path, message in [
        (broken, "broken.xlf:1: not well-formed XML"),
        (unknown, "target language 'xx': unknown language 'xx'"),
        (not_xliff, "not an XLIFF 1.2 or 2.x file (root <html>)"),
        (tmp_path / "missing.xlf", "cannot be read"),
    ]:
        result = runner.invoke(main, ["receive", str(folder / "mini.xlf"), str(path)])
        assert result.exit_code == 2, result.output
        assert message in result.output and "Traceback" not in result.output
    assert catalog_bytes(project) == before


def test_unknown_ids_are_reported_and_the_rest_imported(project, tmp_path):
    folder = kit(project, tmp_path)
    edit(folder / "mini.xlf", "Nom", set_text("Name"))

    def rename(unit, target):
        unit.set("id", "u000000000000")

    edit(folder / "mini.xlf", "ville", rename)
    result = CliRunner().invoke(main, ["receive", str(folder / "mini.xlf")])
    assert result.exit_code == 1
    assert "unknown id: " in result.output and "u000000000000" in result.output
    assert "1 updated" in result.output and "1 unknown" in result.output
    assert entry(project, "Nom").msgstr == "Name"


def test_cli_prints_counts_and_conflicts(project, tmp_path):
    folder = kit(project, tmp_path, "2.1")
    edit(folder / "mini.xlf", "Accueil", set_text("Homepage"))
    shutil.copy(folder / "mini.xlf", tmp_path / "returned.xlf")
    path = project.catalog("en", "mini")
    po = read_catalog(path)
    next(e for e in po if e.msgid == "Accueil").msgstr = "Start"
    write_catalog(po, path)
    result = CliRunner().invoke(main, ["receive", str(tmp_path / "returned.xlf")])
    assert result.exit_code == 1
    assert "ours:   Start" in result.output and "theirs: Homepage" in result.output
    assert "en: 0 updated, 11 unchanged, 0 new fuzzy, 1 conflicts, 0 refused" in result.output
    result = CliRunner().invoke(main, ["receive", "--theirs", str(tmp_path / "returned.xlf")])
    assert result.exit_code == 0 and "1 updated" in result.output
    assert json.dumps(entry(project, "Accueil").msgstr) == '"Homepage"'
