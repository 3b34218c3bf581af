"""The translation kit: what `handoff` writes, read by Translate Toolkit's own classes; TMX
validated against the TMX 1.4 DTD and TBX against the TBX schema that Debian's omegat package
ships (no package ships the XLIFF 1.2 or 2.1 schemas: XLIFF is checked by reading it back).

Runs on the tiny project of tests/handoff_project.py, built in tmp_path.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree
from translate.storage import tbx as tt_tbx
from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

from localepress.catalogs.po import read_catalog, write_catalog
from localepress.cli import main
from localepress.translators.handoff import write_kit
from localepress.translators.inline import parse, plain
from tests.handoff_project import MINI, catalog_bytes, make_project, unzip

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")  # Debian's omegat: schemas/tmx14.dtd


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    monkeypatch.setenv("LOCALEPRESS_ROOT", str(root))
    monkeypatch.chdir(tmp_path)
    return make_project(root)


def live_entries(project, doc="mini"):
    return [e for e in read_catalog(project.catalog("en", doc)) if not e.obsolete and e.msgid]


def forms(entry):
    """(source, target) per form, as the kit sends them."""
    if entry.msgid_plural:
        return [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
    return [(entry.msgid, entry.msgstr)]


def text_view(markup: str, standalone: bool) -> str:
    inline = parse(markup)
    return plain(inline.nodes, inline.codes, standalone=standalone)


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_translate_toolkit_reads_every_unit_with_its_text(project, tmp_path, version):
    kit = tmp_path / "kit.zip"
    report = write_kit(project, "en", kit, version=version)
    folder = unzip(kit, tmp_path / "kit")
    entries = live_entries(project)
    interface = sum(not e.obsolete for e in read_catalog(project.catalog("en", "interface")))
    assert report.documents == {"mini.xlf": 12, "interface.xlf": interface}
    if version == "1.2":  # Translate Toolkit reads the plural group as one gettext plural
        store = tt_xliff.xlifffile.parsefile(str(folder / "mini.xlf"))
        units = [(_strings(u.source), _strings(u.target or "")) for u in store.units]
        expected = [([s for s, _ in forms(e)], [t for _, t in forms(e)]) for e in entries]
        expected = [(_view(sources, True), _view(targets, True)) for sources, targets in expected]
        plural = next(u for u in store.units if u.hasplural())
        assert plural.getid().endswith("u9a07737c15f7")
    else:
        store = tt_xliff2.Xliff2File.parsefile(str(folder / "mini.xlf"))
        units = [(u.source, u.target or "") for u in store.units]
        expected = [
            (text_view(source, False), text_view(target, False))
            for entry in entries
            for source, target in forms(entry)
        ]
    assert len(units) == len(expected) == (12 if version == "1.2" else 13)
    assert units == expected
    assert store.gettargetlanguage() == "en"
    assert ("Un élément avec le 10e rang", "An item with the 10th rank") in [
        (s[0] if isinstance(s, list) else s, t[0] if isinstance(t, list) else t) for s, t in units
    ]


def _strings(text) -> list[str]:
    """A plural unit's forms (a multistring), or the one text."""
    return list(getattr(text, "strings", [text]))


def _view(texts, standalone):
    """What a reader that drops inline markers reads; XLIFF 1.2 `<ph>` holds its markup."""
    return [text_view(text, standalone) for text in texts]


def test_inline_codes_are_xliff_codes_not_text(project, tmp_path):
    kit = tmp_path / "kit.zip"
    write_kit(project, "en", kit)
    text = zipfile.ZipFile(kit).read("mini.xlf").decode()
    assert '10<g id="1" ctype="x-html-sup">e</g> rang' in text
    assert 'Un <g id="1" ctype="link">lien</g> et du <g id="2" ctype="bold">gras</g>' in text
    assert '<ph id="1" ctype="x-placeholder">{date}</ph>' in text
    assert "**" not in text.split("<source>", 1)[1].split("</source>", 1)[0]
    kit2 = tmp_path / "kit2.zip"
    write_kit(project, "en", kit2, version="2.1")
    text2 = zipfile.ZipFile(kit2).read("mini.xlf").decode()
    assert '<data id="d2">**</data>' in text2 and "<pc id=" in text2 and "<ph id=" in text2


def test_notes_carry_reference_kind_context_and_termbase_hits(project, tmp_path):
    kit = tmp_path / "kit.zip"
    write_kit(project, "en", kit)
    store = tt_xliff.xlifffile.parsestring(zipfile.ZipFile(kit).read("mini.xlf"))
    notes = {u.source: u.getnotes() for u in store.units}
    assert "Reference: notebooks/mini.ipynb#intro" in notes["Titre du document"]
    assert "Segment: heading 1" in notes["Titre du document"]
    assert "Context: menu" in notes["Accueil"]
    vote = notes["Près de 50 % des communes ont voté."]
    assert "Termbase: communes → municipalities (not: communes)" in vote
    assert "do not translate" in notes["Alès"]


def test_ids_are_stable_across_runs_and_the_kit_is_byte_identical(project, tmp_path):
    first, second, third = (tmp_path / f"{name}.zip" for name in "abc")
    write_kit(project, "en", first)
    write_kit(project, "en", second)
    assert first.read_bytes() == second.read_bytes()
    path = project.catalog("en", "mini")  # an unrelated entry gets translated
    po = read_catalog(path)
    next(e for e in po if e.msgid == "Nom").msgstr = "Name"
    write_catalog(po, path)
    write_kit(project, "en", third)
    assert third.read_bytes() != first.read_bytes()
    ids, again = (_ids(kit) for kit in (first, third))
    assert ids == again and len(set(ids)) == len(ids) == len(live_entries(project))


def _ids(kit: Path) -> list[str]:
    store = tt_xliff.xlifffile.parsestring(zipfile.ZipFile(kit).read("mini.xlf"))
    return [unit.getid() for unit in store.units]


def test_only_selects_entries_by_state(project, tmp_path):
    kit = tmp_path / "kit.zip"
    report = write_kit(project, "en", kit, docs=["mini"], only=["untranslated,fuzzy"])
    store = tt_xliff.xlifffile.parsestring(zipfile.ZipFile(kit).read("mini.xlf"))
    assert sorted(u.source for u in store.units) == ["Alès", "Nom", "Rôle", "ville"]
    assert report.documents == {"mini.xlf": 4}
    fuzzy = next(u for u in store.units if u.source == "Rôle")
    assert fuzzy.xmlelement.find("{*}target").get("state") == "needs-review-translation"


def test_memory_tmx_holds_every_approved_pair_and_validates_against_the_dtd(project, tmp_path):
    kit = tmp_path / "kit.zip"
    write_kit(project, "en", kit)
    data = zipfile.ZipFile(kit).read("memory.tmx")
    store = tt_tmx.tmxfile.parsestring(data)
    approved = [
        pair for entry in live_entries(project) if entry.translated() for pair in forms(entry)
    ]
    assert sorted((u.source, u.target) for u in store.units) == sorted(approved)
    assert len(store.units) == len(approved) == 9  # Rôle is fuzzy: not in the memory
    assert "<bpt i=" in data.decode() and "<ept i=" in data.decode()
    with zipfile.ZipFile(OMEGAT_JAR) as jar:
        dtd = etree.DTD(jar.open("schemas/tmx14.dtd"))
    assert dtd.validate(etree.fromstring(data)), dtd.error_log.filter_from_errors()


def test_termbase_tbx_has_approved_forbidden_and_do_not_translate_terms(project, tmp_path):
    kit = tmp_path / "kit.zip"
    write_kit(project, "en", kit)
    data = zipfile.ZipFile(kit).read("termbase.tbx")
    store = tt_tbx.tbxfile.parsestring(data)
    assert [(u.source, u.target) for u in store.units] == [
        ("Alès", "Alès"),
        ("communes", "municipalities"),
    ]
    root = etree.fromstring(data)
    assert root.get("type") == "TBX-Basic"
    statuses = [(t.findtext("term"), t.findtext("termNote")) for t in root.iter("tig")]
    assert ("communes", "deprecatedTerm-admn-sts") in statuses
    assert "Do not translate" in root.find(".//termEntry").findtext("note[2]")
    with zipfile.ZipFile(OMEGAT_JAR) as jar:  # OmegaT's TBX schema imports its xml.xsd
        jar.extractall(tmp_path, ["schemas/tbx.xsd", "schemas/xml.xsd"])
    schema = etree.XMLSchema(etree.parse(str(tmp_path / "schemas" / "tbx.xsd")))
    assert schema.validate(root), schema.error_log


def test_review_docx_is_a_table_of_every_unit(project, tmp_path):
    kit = tmp_path / "kit.zip"
    write_kit(project, "en", kit)
    folder = unzip(kit, tmp_path / "kit")
    document = docx.Document(str(folder / "review.docx"))
    (table,) = document.tables
    header = [c.text for c in table.rows[0].cells]
    assert header == ["ID", "French (fr)", "Translation (en)", "Status", "Reviewer's comment"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    interface = sum(not e.obsolete for e in read_catalog(project.catalog("en", "interface")))
    assert len(rows) == 13 + interface  # mini (a plural: two rows) and interface
    sup = next(r for r in rows if r[1].startswith("Un élément"))
    assert sup[2] == "An item with the 10<sup>th</sup> rank" and sup[3] == "translated"
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "mini.xlf      XLIFF 1.2, 12 segments" in readme


def test_readme_is_in_the_target_language(project, tmp_path):
    from localepress.catalogs.update import update_catalogs

    update_catalogs(project, ["oc"])
    kit = tmp_path / "kit.zip"
    write_kit(project, "oc", kit)
    readme = zipfile.ZipFile(kit).read("README.txt").decode()
    assert readme.startswith("Kit de traduccion : francés → occitan")


def test_cli_handoff_and_its_bad_input(project, tmp_path):
    runner = CliRunner()
    before = catalog_bytes(project)
    result = runner.invoke(main, ["handoff", "-l", "en", "-o", str(tmp_path / "k.zip")])
    assert result.exit_code == 0, result.output
    assert "12  mini.xlf  (XLIFF 1.2)" in result.output
    for args, message in [
        (["-l", "xx"], "unknown language 'xx' (not a CLDR language tag); closest"),
        (["-l", "fr"], "fr is the source language"),
        (["-l", "es"], "no catalog locales/es/LC_MESSAGES/mini.po"),
        (["-l", "en", "--only", "done"], "unknown --only 'done'; known: untranslated, fuzzy"),
        (["-l", "en", "--doc", "nope"], "unknown document 'nope'"),
    ]:
        result = runner.invoke(main, ["handoff", *args, "-o", str(tmp_path / "x.zip")])
        assert result.exit_code == 2, result.output
        assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.zip").exists()
    assert catalog_bytes(project) == before
    assert MINI in before
