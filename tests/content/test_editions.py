"""The real editions: the default workflow publishes every document in every language and
format, with the facts the notebooks compute, no French left behind, and accessible pages."""

from __future__ import annotations

import itertools
import re
import subprocess

import pytest

from localepress.catalogs.po import read_catalog
from localepress.editions.localize import plain_text
from localepress.languages import table
from localepress.project import Project
from tests.accessibility import (
    BRAND_TEXT_PAIRS,
    audit_pages,
    audit_pdf,
    brand_colours,
    contrast_ratio,
)

from .conftest import DOCS, REPO

LANGUAGES = table(Project(REPO))  # the project's languages, in its order

pytestmark = pytest.mark.slow
TAGLINE = "Le Sud Ingénieux"


def edition(real_pack, lang: str, doc: str, fmt: str):
    _, report = real_pack
    [found] = [e for e in report.publish.editions if (e.lang, e.doc) == (lang, doc)]
    return report.folder / found.files[fmt]


def test_every_language_format_and_document_is_published(real_pack):
    _, report = real_pack
    assert {(e.lang, e.doc) for e in report.publish.editions} == {
        (lang, doc) for lang in LANGUAGES for doc in DOCS
    }
    for e in report.publish.editions:
        assert set(e.files) == {"html", "pdf", "md", "docx", "odt", "txt"}  # the workflow's formats
        html = edition(real_pack, e.lang, e.doc, "html").read_text(encoding="utf-8")
        assert f'<html lang="{LANGUAGES[e.lang].html_tag}">' in html  # left to right: no dir
    assert report.pack is not None and (report.pack / "manifest.json").is_file()


def test_french_edition_holds_the_computed_facts_of_the_original(real_pack):
    md = edition(real_pack, "fr", "dossier-de-presse", "md").read_text(encoding="utf-8")
    for fact in ("Mercredi 13 avril 2022", "ATOME, Alès", "Romain Capelle",
                 "romain.capelle@alesagglo.fr", "Christine Zanella",
                 "christine.zanella@alesagglo.fr", "+33 6 12 83 01 74"):  # fmt: skip
        assert fact in md


@pytest.mark.parametrize("lang", ["en", "es", "oc"])
def test_no_french_sentence_is_left_in_other_editions(real_pack, lang):
    project, _ = real_pack
    names = {"Alès Agglomération Le Sud Ingénieux", "Mission de Philippe Lentschener"}
    for doc in DOCS:
        text = plain_text(edition(real_pack, lang, doc, "md").read_text("utf-8").replace("\n", " "))
        for entry in read_catalog(project.template(doc)):
            french = plain_text(entry.msgid)
            if len(french.split()) >= 4 and french not in names:
                assert french not in text, f"{lang}/{doc}: French left: {french}"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_pdf_text_holds_the_tagline_and_is_tagged(real_pack, lang):
    for doc in DOCS:
        path = edition(real_pack, lang, doc, "pdf")
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert TAGLINE in text
        audit = audit_pdf(path, LANGUAGES[lang].html_tag)
        assert audit.findings == [] and audit.problems == [], (doc, audit.findings)


def test_real_pages_have_no_accessibility_problem(real_pack):
    """axe-core and the browser checks on the press kit in French, the card in English and the
    pack index (the engine's pages in every language: tests/test_accessibility.py); headings
    in order and one <h1> on every page."""
    from bs4 import BeautifulSoup

    _, report = real_pack
    pages = {f"{e.lang}/{e.doc}": edition(real_pack, e.lang, e.doc, "html")
             for e in report.publish.editions}  # fmt: skip
    for name, path in pages.items():
        main = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("main")
        levels = [int(h.name[1]) for h in main.find_all(re.compile(r"^h[1-6]$"))]
        assert levels.count(1) == 1 and levels[0] == 1, name
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), name
    audited = {name: pages[name] for name in ("fr/dossier-de-presse", "en/carte-identite")}
    audited["index"] = report.pack / "index.html"
    audit = audit_pages(audited)
    assert {page.name: page.problems() for page in audit.pages} == {name: [] for name in audited}


def test_brand_colours_meet_aa_contrast():
    colour = brand_colours((REPO / "source" / "brand" / "brand.css").read_text(encoding="utf-8"))
    for fg, bg in BRAND_TEXT_PAIRS:
        assert contrast_ratio(colour[fg], colour[bg]) >= 4.5, (fg, bg)
