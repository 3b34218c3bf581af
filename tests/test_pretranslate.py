"""Pretranslation: translation memory (rapidfuzz) and Apertium suggestions, always fuzzy.

Catalogs are copies of the project's (project_copy); Apertium and GNU gettext run for real.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import shutil
import subprocess

import polib
import pytest
from click.testing import CliRunner

from localepress.catalogs.po import compile_bytes, read_catalog, write_catalog
from localepress.catalogs.stats import count
from localepress.cli import main
from localepress.editions.localize import localize
from localepress.project import read_notebook
from localepress.quality.gate import gate
from localepress.translators import apertium
from localepress.translators.memory import TranslationMemory, Unit

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="no Apertium")
KEEP = ["Le Sud Ingénieux", "Alès Agglomération", "Pôle Mécanique", "IMT-Mines Alès"]


def empty(project, lang, doc, msgids=None):
    """Blank the translations of `msgids` (all entries by default) in a catalog of the copy."""
    path = project.catalog(lang, doc)
    po = read_catalog(path)
    for entry in po:
        if msgids is None or entry.msgid in msgids:
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    write_catalog(po, path)
    return path


def live(path):
    return [entry for entry in read_catalog(path) if not entry.obsolete and entry.msgid]


# --- Translation memory ----------------------------------------------------------------------


def test_memory_gives_exact_matches_first_then_the_closest_fuzzy_ones():
    units = [
        Unit("Nos 3 piliers", None, None, ("Our 3 pillars",), "b.po"),
        Unit("Nos 3 piliers", None, None, ("Our three pillars",), "a.po"),
        Unit("Nos 6 croyances", None, None, ("Our 6 beliefs",), "a.po"),
        Unit("Nos 4 piliers", None, None, ("Our 4 pillars",), "a.po"),
        Unit("Contact presse", None, None, ("Press contact",), "a.po"),
    ]
    memory = TranslationMemory(units)
    matches = memory.lookup("Nos 3 piliers", cutoff=60)
    assert [(m.unit.forms[0], m.score) for m in matches[:2]] == [
        ("Our three pillars", 100.0),  # exact matches, first catalog by path first
        ("Our 3 pillars", 100.0),
    ]
    assert matches[2].unit.source == "Nos 4 piliers" and 90 < matches[2].score < 100
    assert "Contact presse" not in [m.unit.source for m in matches]
    assert memory.lookup("Tout autre chose", cutoff=75) == []


def test_memory_holds_only_what_a_translator_validated():
    po = polib.POFile()
    po.append(polib.POEntry(msgid="traduit", msgstr="translated"))
    po.append(polib.POEntry(msgid="flou", msgstr="fuzzy", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="vide", msgstr=""))
    po.append(polib.POEntry(msgid="ancien", msgstr="old", obsolete=True))
    memory = TranslationMemory.from_catalogs([("x.po", po)])
    assert sorted(unit.source for unit in memory.units) == ["ancien", "traduit"]


# --- Apertium --------------------------------------------------------------------------------


@needs_apertium
@pytest.mark.parametrize("mode", ["fra-oci", "fr-es"])
def test_apertium_keeps_markup_numbers_placeholders_and_protected_terms(mode):
    texts = [
        "**Nous sommes le Sud Ingénieux.**",
        "Le 2<sup>e</sup> bassin industriel, 1 250 emplois et 17,5 % des communes",
        "Marque territoriale lancée le {date} à {place}.",
        "Écrire à [Romain](mailto:romain.capelle@alesagglo.fr) ou voir https://www.ales.fr",
        "Si Cannes est la capitale,\\\nParis le cluster du luxe et de la mode.",
        "Le Pôle Mécanique et l'IMT-Mines Alès : xyzzyplop & compagnie",
    ]
    out = apertium.translate(texts, mode, KEEP)
    assert all(out), out
    assert out[0].startswith("**") and out[0].endswith(".**") and "le Sud Ingénieux" in out[0]
    for kept in ("2<sup>e</sup>", "1", "250", "17,5", "%"):
        assert kept in out[1]
    assert "{date}" in out[2] and "{place}" in out[2]
    assert "](mailto:romain.capelle@alesagglo.fr)" in out[3] and "https://www.ales.fr" in out[3]
    assert out[4].count("\\\n") == 1
    assert "Pôle Mécanique" in out[5] and "IMT-Mines Alès" in out[5]
    assert "xyzzyplop" in out[5] and "*xyzzyplop" not in out[5]  # no unknown-word mark
    assert "&" in out[5] and "&amp;" not in out[5]
    assert out[1] != texts[1]  # it did translate


def test_a_suggestion_that_lost_a_placeholder_is_dropped():
    body, spans = apertium.protect("Le **{n}** mois", [])
    assert spans == ["**", "{n}", "**"]
    assert apertium.restore(body, spans) == "Le **{n}** mois"
    assert apertium.restore(body.replace('<x id="1"/>', ""), spans) is None
    assert apertium.restore(body + '<x id="1"/>', spans) is None


# --- The command -----------------------------------------------------------------------------


@needs_apertium
def test_an_emptied_catalog_is_filled_with_fuzzy_suggestions_that_are_not_published(
    project_copy,
):
    path = empty(project_copy, "oc", "fiche")
    result = CliRunner().invoke(main, ["pretranslate", "-l", "oc", "--doc", "fiche"])
    assert result.exit_code == 0, result.output
    assert "updated  locales/oc/LC_MESSAGES/fiche.po" in result.output
    entries = live(path)
    assert entries and all(entry.msgstr and entry.fuzzy for entry in entries)
    comments = [entry.tcomment.splitlines()[-1] for entry in entries]
    assert all(c.startswith("pretranslated: ") for c in comments)
    memory = "pretranslated: memory 100% (locales/oc/LC_MESSAGES/communique.po)"
    assert memory in comments  # the same sentence, translated in the press release
    assert "pretranslated: apertium fra-oci" in comments  # the launch sentence is only here

    po = read_catalog(path)
    stats = count(po, str(path))
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (0, len(entries), 0)
    localized = localize(read_notebook(project_copy.notebook("fiche")), "oc", po)
    assert localized.translated == 0 and localized.fallbacks  # every segment stays French
    verdict = gate(project_copy, "oc", ["fiche"])
    assert not verdict.publishable and verdict.completeness["fiche"] == 0.0
    mo = gettext.GNUTranslations(io.BytesIO(compile_bytes(path)))  # msgfmt skips fuzzy entries
    assert all(mo.gettext(entry.msgid) == entry.msgid for entry in entries)


@pytest.mark.slow
@needs_apertium
def test_a_pretranslated_edition_still_shows_the_french(project_copy):
    path = empty(project_copy, "oc", "fiche")
    assert CliRunner().invoke(main, ["pretranslate", "-l", "oc"]).exit_code == 0
    suggestion = read_catalog(path).find("Ici chacun peut construire son monde.").msgstr
    assert suggestion
    result = CliRunner().invoke(
        main,
        ["publish", "-l", "oc", "--doc", "fiche", "-f", "html", "--threshold", "0"],
    )
    assert result.exit_code == 0, result.output
    html = (project_copy.output / "oc" / "fiche.html").read_text(encoding="utf-8")
    assert '<span lang="fr">Ici chacun peut construire son monde.</span>' in html
    assert suggestion not in html


def test_memory_suggestions_name_their_catalog_and_keep_the_french_they_were_for(project_copy):
    path = project_copy.catalog("en", "fiche")
    po = read_catalog(path)
    for entry in po:
        if entry.msgid in ("Nos 3 piliers", "Ici chacun peut construire son monde."):
            entry.msgstr = ""
    changed = po.find("Ici l'environnement est dans notre nature.")
    changed.msgid, changed.msgstr = "Ici, l'environnement est vraiment dans notre nature.", ""
    write_catalog(po, path)
    before = read_catalog(path).metadata

    result = CliRunner().invoke(main, ["pretranslate", "-l", "en", "--doc", "fiche"])
    assert result.exit_code == 0, result.output
    assert "3 from memory" in result.output
    po = read_catalog(path)
    exact = po.find("Nos 3 piliers")
    assert exact.fuzzy and exact.msgstr == "Our 3 pillars"
    assert exact.tcomment.endswith(
        "pretranslated: memory 100% (locales/en/LC_MESSAGES/communique.po)"
    )
    assert exact.previous_msgid is None
    similar = po.find("Ici, l'environnement est vraiment dans notre nature.")
    assert similar.fuzzy and similar.msgstr
    assert re.search(r"pretranslated: memory (8\d|9\d)(\.\d)?% \(locales/en/", similar.tcomment)
    assert similar.previous_msgid == "Ici l'environnement est dans notre nature."
    for field in ("Last-Translator", "Language-Team", "Language", "Plural-Forms", "X-Generator"):
        assert po.metadata[field] == before[field]


def test_a_second_run_changes_nothing(project_copy):
    path = empty(project_copy, "en", "fiche", {"Nos 3 piliers"})
    assert CliRunner().invoke(main, ["pretranslate", "-l", "en"]).exit_code == 0
    after = path.read_bytes()
    result = CliRunner().invoke(main, ["pretranslate", "-l", "en"])
    assert result.exit_code == 0 and "updated" not in result.output
    assert path.read_bytes() == after


@needs_apertium
def test_pretranslated_catalogs_stay_in_gnu_form_and_pass_msgfmt(project_copy):
    path = empty(project_copy, "es", "communique")
    assert CliRunner().invoke(main, ["pretranslate", "-l", "es"]).exit_code == 0
    printed = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert printed == path.read_bytes()
    checked = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True)
    assert checked.returncode == 0, checked.stderr
    plural = read_catalog(path).find("{n} mois")  # only in this catalog: from Apertium
    assert plural.fuzzy and all(form.startswith("{n} m") for form in plural.msgstr_plural.values())


def test_without_apertium_a_note_says_how_to_install_it_and_memory_still_works(
    project_copy, tmp_path, monkeypatch
):
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("msgfmt", "msgcat"):
        (tools / name).symlink_to(shutil.which(name))
    monkeypatch.setenv("PATH", str(tools))
    path = empty(project_copy, "oc", "fiche")
    result = CliRunner().invoke(main, ["pretranslate", "-l", "oc", "--doc", "fiche"])
    assert result.exit_code == 0, result.output
    assert "Apertium is not installed" in result.output
    assert "apt-get install apertium apertium-oci-fra apertium-fr-es" in result.output
    assert "from memory" in result.output and "1 left untranslated" in result.output
    left = [entry.msgid for entry in live(path) if not entry.msgstr]
    assert left == ["Marque territoriale lancée le {date} à {place}."]


def test_an_unknown_language_is_a_usage_error(project_copy):
    result = CliRunner().invoke(main, ["pretranslate", "-l", "xx"])
    assert result.exit_code == 2 and "unknown language 'xx'" in result.output


# --- Poedit and Weblate readiness ------------------------------------------------------------


def test_catalog_headers_are_what_poedit_and_weblate_read_and_update_keeps_theirs(project_copy):
    from localepress.catalogs.update import update_catalogs

    for path in sorted(project_copy.locales.glob("*/LC_MESSAGES/*.po")):
        header = read_catalog(path).metadata
        assert header["Language"] == path.parent.parent.name
        assert header["Content-Type"] == "text/plain; charset=UTF-8"
        for field in ("Language-Team", "Last-Translator", "Plural-Forms", "X-Generator"):
            assert header.get(field), f"{path}: no {field}"
    path = project_copy.catalog("oc", "fiche")
    po = read_catalog(path)
    po.metadata["Last-Translator"] = "Joan Martin <joan@example.org>"
    po.metadata["Language-Team"] = "Occitan <https://hosted.weblate.org/projects/x/oc/>"
    po.metadata["X-Generator"] = "Poedit 3.4.2"
    write_catalog(po, path)
    update_catalogs(project_copy, ["oc"], ["fiche"])
    empty(project_copy, "oc", "fiche", {"Nos 3 piliers"})
    assert CliRunner().invoke(main, ["pretranslate", "-l", "oc"]).exit_code == 0
    header = read_catalog(path).metadata
    assert header["Last-Translator"] == "Joan Martin <joan@example.org>"
    assert header["Language-Team"] == "Occitan <https://hosted.weblate.org/projects/x/oc/>"
    assert header["X-Generator"] == "Poedit 3.4.2"
