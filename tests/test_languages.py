"""Any CLDR language with one `-l`: catalogs with GNU msginit's Plural-Forms, Polish plurals
through the runtime, unknown tags answered with the closest known ones, and an Arabic edition
that reads right to left (HTML and PDF) beside a Polish one."""

from __future__ import annotations

import os
import re
import subprocess

import polib
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from localepress.cli import main
from localepress.editions.export import mark_directions
from localepress.editions.runtime import Edition
from localepress.errors import WorkflowError
from localepress.languages import get_language, plural_index, project_languages
from localepress.pack.workflow import load_workflow
from tests.gnu import msgfmt_check

NEW = ("ca", "it", "de", "pl", "ar")
POLISH_MONTHS = ("{n} miesiąc", "{n} miesiące", "{n} miesięcy")


def msginit_plural_forms(lang: str, folder) -> str:
    """What GNU msginit writes as Plural-Forms for `lang`, on a one-header template."""
    pot, po = folder / "t.pot", folder / f"{lang}.po"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    env = {**os.environ, "GETTEXTCLDRDIR": "/usr/share/unicode/cldr", "LC_ALL": "C"}
    subprocess.run(
        ["msginit", "--no-translator", "-l", lang, "-i", pot, "-o", po],
        env=env, capture_output=True, check=True,
    )  # fmt: skip
    return polib.pofile(str(po)).metadata["Plural-Forms"]


def test_update_creates_catalogs_with_msginits_plural_forms(project_copy, tmp_path):
    result = CliRunner().invoke(main, ["update", "-l", ",".join(NEW), "--doc", "fiche"])
    assert result.exit_code == 0, result.output
    for lang in NEW:
        path = project_copy.catalog(lang, "fiche")
        po = polib.pofile(str(path))
        assert po.metadata["Plural-Forms"] == msginit_plural_forms(lang, tmp_path), lang
        assert po.metadata["Language"] == lang
        assert po.metadata["Language-Team"] == get_language(lang).team
        msgfmt_check(path)
    # the new folders join the project's languages: stats and check take them by default
    assert project_languages()[-5:] == sorted(NEW)
    result = CliRunner().invoke(main, ["stats", "--doc", "fiche"])
    assert result.exit_code == 0 and "locales/ca/LC_MESSAGES/fiche.po" in result.output


@pytest.mark.parametrize("tag", ["xx", "catalán"])
def test_unknown_tag_exits_2_naming_the_closest_known_ones(project_copy, tag):
    before = sorted(p.name for p in project_copy.locales.iterdir())
    result = CliRunner().invoke(main, ["update", "-l", tag])
    assert result.exit_code == 2
    assert f"unknown language {tag!r}" in result.output and "closest known tags:" in result.output
    assert ("xh (Xhosa)" if tag == "xx" else "ca (Catalan)") in result.output
    assert sorted(p.name for p in project_copy.locales.iterdir()) == before


def test_a_three_form_language_publishes_the_right_polish_form(project_copy):
    result = CliRunner().invoke(main, ["update", "-l", "pl", "--doc", "communique"])
    assert result.exit_code == 0, result.output
    path = project_copy.catalog("pl", "communique")
    po = polib.pofile(str(path))
    entry = po.find("{n} mois")
    entry.msgstr_plural = dict(enumerate(POLISH_MONTHS))
    po.save(str(path))
    subprocess.run(["msgfmt", "-c", "-o", path.with_suffix(".mo"), path], check=True)
    edition = Edition("communique", "pl", project=project_copy)
    shown = [edition.ngettext("{n} mois", "{n} mois", n).format(n=n) for n in (1, 2, 5, 22, 25)]
    assert shown == ["1 miesiąc", "2 miesiące", "5 miesięcy", "22 miesiące", "25 miesięcy"]
    assert [plural_index("pl", n) for n in (1, 2, 5, 22, 25)] == [0, 1, 2, 1, 2]


@pytest.mark.slow
def test_polish_and_arabic_editions_with_lang_dir_and_own_names(project_copy):
    runner = CliRunner()
    assert runner.invoke(main, ["update", "-l", "pl,ar"]).exit_code == 0
    args = ["publish", "-l", "pl,ar", "--doc", "fiche,communique", "--threshold", "0",
            "-f", "html,pdf"]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    pages = {}
    for lang in ("pl", "ar"):
        pages[lang] = BeautifulSoup(
            (project_copy.output / lang / "fiche.html").read_text(encoding="utf-8"), "html.parser"
        )
    assert pages["pl"].html.attrs.get("lang") == "pl" and "dir" not in pages["pl"].html.attrs
    assert pages["ar"].html["lang"] == "ar" and pages["ar"].html["dir"] == "rtl"
    for lang, page in pages.items():
        names = {a["lang"]: (a.get_text(), a.get("dir")) for a in page.select("nav.languages a")}
        assert names["pl"][0] == "Polski" and names["ar"][0] == "العربية"
        assert names["ar"][1] == (None if lang == "ar" else "rtl")
        assert names["pl"][1] == ("ltr" if lang == "ar" else None)
    # untranslated, so French: every French passage of the Arabic page reads left to right
    french = pages["ar"].select('[lang="fr"]')
    assert french and all(element.get("dir") == "ltr" for element in french)
    assert [element["lang"] for element in pages["pl"].select("[dir]")] == ["ar"]
    # the PDF reads right to left: its lines start at the right margin, the Polish one's left
    centres = {lang: word_centres(project_copy.output / lang / "fiche.pdf") for lang in pages}
    assert sum(centres["ar"]) / len(centres["ar"]) > 0.5 > sum(centres["pl"]) / len(centres["pl"])
    text = subprocess.run(["pdftotext", project_copy.output / "ar" / "fiche.pdf", "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "أبريل" in text  # the launch date's month, from CLDR
    # running header and footer mirrored: the brand at the top right, the page count bottom left
    for lang, brand_side, count_side in (("pl", "left", "right"), ("ar", "right", "left")):
        words = page_words(project_copy.output / lang / "communique.pdf", 2)
        brand = [x for word, x, y in words if word == "Agglomération" and y < 0.1]
        count = [x for word, x, y in words if word == "2" and y > 0.9]
        total = [x for word, x, y in words if word.isdigit() and word != "2" and y > 0.9]
        assert brand and count and total, words
        assert (brand[0] > 0.5) == (brand_side == "right"), (lang, brand)
        assert (count[0] > 0.5) == (count_side == "right"), (lang, count)
        assert count[0] < total[0], lang  # "2 / 3" in either direction, never "3 / 2"


def word_centres(pdf) -> list[float]:
    """Where each word of the PDF's first page sits across it: 0 left edge, 1 right edge."""
    return [x for _, x, _ in page_words(pdf, 1)]


def page_words(pdf, page: int) -> list[tuple[str, float, float]]:
    """Each word of one page of the PDF with its centre, across and down (0 to 1)."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", pdf, "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    width, height = map(float, re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out).groups())
    boxes = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out
    )
    return [(word, (float(a) + float(c)) / 2 / width, (float(b) + float(d)) / 2 / height)
            for a, b, c, d, word in boxes]  # fmt: skip


def test_directions_are_marked_where_they_change():
    page = (
        '<html lang="ar"><p lang="fr">Repères</p><a href="tel:+33612345678">+33 6 12 34 56 78</a>'
        '<a lang="ar" href="x">العربية</a></html>'
    )
    assert mark_directions(page, "rtl") == (
        '<html dir="rtl" lang="ar"><p lang="fr" dir="ltr">Repères</p>'
        '<a href="tel:+33612345678" dir="ltr">+33 6 12 34 56 78</a>'
        '<a lang="ar" href="x">العربية</a></html>'
    )
    french = '<html lang="fr"><a lang="ar" href="x">العربية</a><a href="tel:+33">x</a></html>'
    assert mark_directions(french, "ltr") == french.replace('href="x">', 'href="x" dir="rtl">')


def test_a_workflow_takes_any_cldr_language_and_names_an_unknown_one(project_copy):
    path = project_copy.root / "workflows" / "press-kit.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[fr, en, es, oc]", "[ca, fr, pl, en]"), encoding="utf-8")
    assert load_workflow(path, project_copy).languages == ["fr", "en", "ca", "pl"]
    path.write_text(text.replace("[fr, en, es, oc]", "[fr, en, xx]"), encoding="utf-8")
    with pytest.raises(WorkflowError, match=r"press-kit.yml:5 \(key 'languages.2'\): unknown"):
        load_workflow(path, project_copy)
