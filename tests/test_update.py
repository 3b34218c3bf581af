"""update: catalogs created or merged per template × language, GNU-canonical, idempotent."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from localepress.catalogs.extract import extract
from localepress.catalogs.po import read_catalog, write_catalog
from localepress.catalogs.update import update_catalogs
from localepress.cli import main

from .gnu import assert_gnu_canonical

GOLDEN = Path(__file__).parent / "golden"
STAMP = "2022-04-13 00:00+0000"  # SOURCE_DATE_EPOCH below


@pytest.fixture
def proj(project_copy, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1649808000")
    return project_copy


def snapshot(project) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(project.locales.rglob("*.po*"))}


def add_document(project, name: str, template: Path, catalogs: dict[str, Path]) -> None:
    shutil.copy(template, project.template(name))
    for lang, path in catalogs.items():
        shutil.copy(path, project.catalog(lang, name))


def test_update_matches_golden_for_an_existing_catalog(proj):
    basic = GOLDEN / "merge" / "basic"
    add_document(proj, "mini", basic / "new.pot", {"en": basic / "old.po"})
    result = update_catalogs(proj, ["en"], ["mini"])
    update = result["locales/en/LC_MESSAGES/mini.po"]
    assert update.status == "updated" and update.fixes == ()
    assert (update.counts.fuzzy, update.counts.new, update.counts.obsolete) == (4, 1, 1)
    expected = (GOLDEN / "update" / "basic-en.expect.po").read_bytes()
    assert proj.catalog("en", "mini").read_bytes() == expected
    assert_gnu_canonical(proj.catalog("en", "mini"))


def test_update_fixes_and_reports_occitan_plural_forms(proj):
    add_document(
        proj, "mini", GOLDEN / "update" / "mini.pot", {"oc": GOLDEN / "update" / "oc-old.po"}
    )
    update = update_catalogs(proj, ["oc"], ["mini"])["locales/oc/LC_MESSAGES/mini.po"]
    assert update.status == "updated"
    assert any("'nplurals=2; plural=(n != 1);' contradicted" in fix for fix in update.fixes)
    po = read_catalog(proj.catalog("oc", "mini"))
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert po.metadata["Language"] == "oc"
    assert po.metadata["PO-Revision-Date"] == STAMP
    assert po.metadata["Last-Translator"] == "Joan <joan@example.org>"
    assert po.metadata["POT-Creation-Date"] == "2022-04-13 00:00+0000"
    expected = (GOLDEN / "update" / "oc.expect.po").read_bytes()
    assert proj.catalog("oc", "mini").read_bytes() == expected
    assert_gnu_canonical(proj.catalog("oc", "mini"))


def test_update_is_idempotent_with_previous_msgids_on_obsolete_entries(proj):
    formats = GOLDEN / "merge" / "formats"
    add_document(proj, "mini", formats / "new.pot", {"oc": formats / "old.po"})
    update_catalogs(proj, ["oc"], ["mini"])
    written = proj.catalog("oc", "mini").read_bytes()
    assert b'#~| msgid "Ancienne version"' in written
    assert update_catalogs(proj, ["oc"], ["mini"])["locales/oc/LC_MESSAGES/mini.po"].status == (
        "unchanged"
    )
    assert proj.catalog("oc", "mini").read_bytes() == written


def test_equivalent_plural_forms_are_left_as_written(proj):
    old = (GOLDEN / "update" / "oc-old.po").read_text(encoding="utf-8")
    catalog = proj.locales / "oc-other.po"
    catalog.write_text(old.replace("plural=(n != 1);", "plural=n>1;"), encoding="utf-8")
    add_document(proj, "mini", GOLDEN / "update" / "mini.pot", {"oc": catalog})
    update = update_catalogs(proj, ["oc"], ["mini"])["locales/oc/LC_MESSAGES/mini.po"]
    assert not any("Plural-Forms" in fix for fix in update.fixes)
    assert (
        read_catalog(proj.catalog("oc", "mini")).metadata["Plural-Forms"]
        == "nplurals=2; plural=n>1;"
    )


def test_plural_entries_follow_a_corrected_form_count(proj):
    old = (GOLDEN / "update" / "oc-old.po").read_text(encoding="utf-8")
    old = old.replace(
        "nplurals=2; plural=(n != 1);", "nplurals=3; plural=(n==0 ? 0 : n==1 ? 1 : 2);"
    )
    old = old.replace('msgstr[1] "{n} comunas"', 'msgstr[1] "{n} comuna"\nmsgstr[2] "{n} comunas"')
    catalog = proj.locales / "oc-three.po"
    catalog.write_text(old, encoding="utf-8")
    add_document(proj, "mini", GOLDEN / "update" / "mini.pot", {"oc": catalog})
    update = update_catalogs(proj, ["oc"], ["mini"])["locales/oc/LC_MESSAGES/mini.po"]
    assert "1 plural entries given 2 forms" in update.fixes
    entry = read_catalog(proj.catalog("oc", "mini")).find("{n} commune")
    assert entry.fuzzy and entry.msgstr_plural == {0: "{n} comuna", 1: "{n} comuna"}
    assert_gnu_canonical(proj.catalog("oc", "mini"))


def test_update_creates_a_missing_catalog_from_the_language_table(proj):
    add_document(proj, "mini", GOLDEN / "update" / "mini.pot", {})
    result = update_catalogs(proj, ["en", "oc"], ["mini"])
    assert {path: u.status for path, u in result.items()} == {
        "locales/en/LC_MESSAGES/mini.po": "created",
        "locales/oc/LC_MESSAGES/mini.po": "created",
    }
    for lang, team, rule in (("en", "English", "(n != 1)"), ("oc", "Occitan", "(n > 1)")):
        path = proj.catalog(lang, "mini")
        assert_gnu_canonical(path)
        po = read_catalog(path)
        assert po.metadata["Language"] == lang
        assert po.metadata["Language-Team"] == team
        assert po.metadata["Plural-Forms"] == f"nplurals=2; plural={rule};"
        assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        assert po.metadata["PO-Revision-Date"] == STAMP
        assert not po.metadata_is_fuzzy
        assert [e.msgid for e in po] == [e.msgid for e in read_catalog(proj.template("mini"))]
        assert all(not e.translated() for e in po)


def test_extract_then_update_twice_changes_nothing(proj):
    extract(proj)
    update_catalogs(proj)
    first = snapshot(proj)
    extract(proj)
    result = update_catalogs(proj)
    assert {u.status for u in result.values()} == {"unchanged"}
    assert snapshot(proj) == first
    for path in proj.locales.rglob("*.po"):
        assert_gnu_canonical(path)


def test_revision_date_moves_only_when_a_translation_changes(proj, monkeypatch):
    add_document(
        proj, "mini", GOLDEN / "update" / "mini.pot", {"oc": GOLDEN / "update" / "oc-old.po"}
    )
    update_catalogs(proj, ["oc"], ["mini"])  # fuzzy matches give entries a msgstr: it moves
    assert read_catalog(proj.catalog("oc", "mini")).metadata["PO-Revision-Date"] == STAMP
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1651363200")  # 2022-05-01
    template = read_catalog(proj.template("mini"))
    template.metadata["POT-Creation-Date"] = "2022-05-01 00:00+0000"
    template.find("Une phrase nouvelle").msgid = "Une phrase plus nouvelle"  # untranslated
    new = polib.POEntry(msgid="Une phrase de plus", occurrences=[("notebooks/mini.ipynb", "9")])
    template.append(new)
    template.find("Lancé le {date}").occurrences = [("notebooks/mini.ipynb#moved", "3")]
    write_catalog(template, proj.template("mini"))
    update = update_catalogs(proj, ["oc"], ["mini"])["locales/oc/LC_MESSAGES/mini.po"]
    po = read_catalog(proj.catalog("oc", "mini"))
    assert (
        update.status == "updated" and po.metadata["POT-Creation-Date"] == "2022-05-01 00:00+0000"
    )
    assert po.metadata["PO-Revision-Date"] == STAMP  # new, edited, moved entries: no translation

    template.find("Lancé le {date}").msgid = "Lancée le {date}"  # gets the old one, fuzzy
    write_catalog(template, proj.template("mini"))
    update_catalogs(proj, ["oc"], ["mini"])
    po = read_catalog(proj.catalog("oc", "mini"))
    assert po.find("Lancée le {date}").fuzzy
    assert po.metadata["PO-Revision-Date"] == "2022-05-01 00:00+0000"


def test_a_latin1_catalog_is_read_per_its_charset_and_written_in_utf8(proj):
    basic = GOLDEN / "merge" / "basic"
    text = (
        (basic / "old.po")
        .read_text(encoding="utf-8")
        .replace("charset=UTF-8", "charset=ISO-8859-1")
    )
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    latin1 = proj.locales / "latin1.po"
    latin1.write_bytes(text.encode("iso-8859-1"))
    add_document(proj, "mini", basic / "new.pot", {"en": latin1})
    update_catalogs(proj, ["en"], ["mini"])
    path = proj.catalog("en", "mini")
    assert_gnu_canonical(path)
    written = path.read_text(encoding="utf-8")
    assert "charset=UTF-8" in written and "Alès Agglomération presents" in written


def _cli(*args):
    return CliRunner().invoke(main, list(args))


def test_cli_update_prints_each_catalog_and_exits_0(proj):
    add_document(
        proj, "mini", GOLDEN / "update" / "mini.pot", {"oc": GOLDEN / "update" / "oc-old.po"}
    )
    result = _cli("update", "-l", "en,oc", "--doc", "mini")
    assert result.exit_code == 0, result.output
    assert (
        "  created  locales/en/LC_MESSAGES/mini.po  (0 fuzzy, 4 new, 0 obsolete)" in result.stdout
    )
    assert "  updated  locales/oc/LC_MESSAGES/mini.po" in result.stdout
    assert "fixed  locales/oc/LC_MESSAGES/mini.po: Plural-Forms" in result.stderr
    again = _cli("update", "-l", "en", "-l", "oc", "--doc", "mini")
    assert again.exit_code == 0
    assert again.stdout.count("unchanged") == 2 and not again.stderr


def test_a_syntax_error_stops_the_update_before_any_write(proj):
    add_document(
        proj, "mini", GOLDEN / "update" / "mini.pot", {"oc": GOLDEN / "update" / "oc-old.po"}
    )
    broken = proj.catalog("es", "fiche")
    broken.write_text(
        broken.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "y\n', encoding="utf-8"
    )
    before = snapshot(proj)
    result = _cli("update")
    assert result.exit_code == 2
    assert "fiche.po:" in result.output and "Traceback" not in result.output
    assert snapshot(proj) == before


def test_unknown_charset_is_refused_clearly(proj):
    path = proj.catalog("en", "fiche")
    path.write_bytes(path.read_bytes().replace(b"charset=UTF-8", b"charset=KLINGON"))
    before = snapshot(proj)
    result = _cli("update", "-l", "en")
    assert result.exit_code == 2
    assert "unknown charset 'KLINGON'" in result.output
    assert snapshot(proj) == before


def test_a_read_only_catalog_is_reported_and_nothing_is_written(proj):
    add_document(
        proj, "mini", GOLDEN / "update" / "mini.pot", {"oc": GOLDEN / "update" / "oc-old.po"}
    )
    add_document(
        proj, "autre", GOLDEN / "update" / "mini.pot", {"oc": GOLDEN / "update" / "oc-old.po"}
    )
    proj.catalog("oc", "mini").chmod(0o444)
    before = snapshot(proj)
    result = _cli("update", "-l", "oc", "--doc", "autre,mini")
    assert result.exit_code == 2
    assert "mini.po: file is read-only" in result.output
    assert snapshot(proj) == before


def test_a_missing_template_or_language_is_a_usage_error(proj):
    result = _cli("update", "--doc", "nulle-part")
    assert result.exit_code == 2 and "nulle-part.pot: no such catalog" in result.output
    result = _cli("update", "-l", "xx")
    assert result.exit_code == 2 and "unknown language 'xx'" in result.output


@pytest.mark.parametrize("command", ["update", "compile", "pretranslate", "stats", "review"])
def test_the_source_language_is_refused_where_it_has_no_catalog(proj, command):
    result = _cli(command, "-l", "fr")
    assert result.exit_code == 2, result.output
    assert "fr is the source language" in result.output and "en, es, oc" in result.output
    assert not (proj.locales / "fr").exists() and not (proj.output / "review").exists()
