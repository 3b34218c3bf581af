"""compile: a .mo beside each catalog, as GNU msgfmt builds it, written only when it changes."""

from __future__ import annotations

import gettext

import pytest
from click.testing import CliRunner

from localepress.catalogs.po import compile_catalogs, read_catalog, write_catalog
from localepress.cli import main
from localepress.errors import CatalogError

from .gnu import run

CATALOG = """\
msgid ""
msgstr ""
"Project-Id-Version: mini\\n"
"PO-Revision-Date: 2022-04-13 00:00+0000\\n"
"Last-Translator: Joan <joan@example.org>\\n"
"Language-Team: Occitan\\n"
"Language: oc\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Dossier de presse"
msgstr "Dorsièr de premsa"

#, python-brace-format
msgid "{n} commune"
msgid_plural "{n} communes"
msgstr[0] "{n} comuna"
msgstr[1] "{n} comunas"

msgctxt "menu"
msgid "Accueil"
msgstr "Acuèlh"

msgctxt "pied de page"
msgid "Accueil"
msgstr "Tornar a l'acuèlh"

#, fuzzy
msgid "Une phrase à revoir"
msgstr "Una frasa de tornar veire"
"""


@pytest.fixture
def mini(project_copy):
    path = project_copy.catalog("oc", "mini")
    path.write_text(CATALOG, encoding="utf-8")
    return project_copy


def test_compile_writes_the_mo_msgfmt_builds_beside_each_catalog(project_copy):
    result = compile_catalogs(project_copy)
    catalogs = sorted(project_copy.locales.glob("*/LC_MESSAGES/*.po"))
    assert catalogs and set(result.values()) == {"created"}
    assert len(result) == len(catalogs)
    for po in catalogs:
        assert po.with_suffix(".mo").read_bytes() == run("msgfmt", "-o", "-", po).stdout


def test_an_unchanged_mo_is_not_rewritten(project_copy):
    compile_catalogs(project_copy, ["en"])
    mos = sorted(project_copy.locales.glob("en/LC_MESSAGES/*.mo"))
    before = {mo: (mo.stat().st_mtime_ns, mo.stat().st_ino) for mo in mos}
    assert set(compile_catalogs(project_copy, ["en"]).values()) == {"unchanged"}
    assert {mo: (mo.stat().st_mtime_ns, mo.stat().st_ino) for mo in mos} == before


def test_the_current_po_is_always_used(mini):
    compile_catalogs(mini, ["oc"], ["mini"])
    po = read_catalog(mini.catalog("oc", "mini"))
    po.find("Dossier de presse").msgstr = "Dorsièr per la premsa"
    write_catalog(po, mini.catalog("oc", "mini"))
    assert compile_catalogs(mini, ["oc"], ["mini"]) == {"locales/oc/LC_MESSAGES/mini.mo": "updated"}
    with open(mini.catalog("oc", "mini").with_suffix(".mo"), "rb") as handle:
        assert (
            gettext.GNUTranslations(handle).gettext("Dossier de presse") == "Dorsièr per la premsa"
        )


def test_python_gettext_reads_plurals_and_contexts_but_no_fuzzy_entry(mini):
    compile_catalogs(mini, ["oc"], ["mini"])
    with open(mini.catalog("oc", "mini").with_suffix(".mo"), "rb") as handle:
        tr = gettext.GNUTranslations(handle)
    assert tr.gettext("Dossier de presse") == "Dorsièr de premsa"
    assert [tr.ngettext("{n} commune", "{n} communes", n) for n in (0, 1, 2)] == [
        "{n} comuna",  # Occitan: 0 takes the singular, (n > 1)
        "{n} comuna",
        "{n} comunas",
    ]
    assert tr.pgettext("menu", "Accueil") == "Acuèlh"
    assert tr.pgettext("pied de page", "Accueil") == "Tornar a l'acuèlh"
    assert tr.gettext("Une phrase à revoir") == "Une phrase à revoir"


def test_a_faulty_catalog_stops_the_compile_before_any_mo_is_written(mini):
    bad = CATALOG.replace('msgstr[1] "{n} comunas"', 'msgstr[1] "{count} comunas"')
    mini.catalog("oc", "mini").write_text(bad, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        compile_catalogs(mini, ["en", "oc"])
    assert "mini.po:" in str(caught.value) and caught.value.line
    assert not list(mini.locales.rglob("*.mo"))


def test_a_missing_catalog_is_reported_not_fatal(project_copy):
    result = compile_catalogs(project_copy, ["oc"], ["fiche", "absent"])
    assert result == {
        "locales/oc/LC_MESSAGES/fiche.mo": "created",
        "locales/oc/LC_MESSAGES/absent.mo": "missing",
    }


def test_cli_compile_exit_codes(mini):
    result = CliRunner().invoke(main, ["compile", "-l", "oc", "--doc", "mini"])
    assert result.exit_code == 0, result.output
    assert result.output == "  created  locales/oc/LC_MESSAGES/mini.mo\n"
    mini.catalog("oc", "mini").write_text(CATALOG.replace('"Acuèlh"', '"Acuèlh'), encoding="utf-8")
    result = CliRunner().invoke(main, ["compile", "-l", "oc"])
    assert result.exit_code == 2
    assert "mini.po:" in result.output and "Traceback" not in result.output
