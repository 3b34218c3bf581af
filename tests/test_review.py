"""Review pages: French and translation side by side, by document and master section, with
status, findings, terms, word diffs and edition links; script-free, escaped, accessible."""

from __future__ import annotations

import itertools
import re

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from localepress.catalogs.extract import notebook_messages
from localepress.catalogs.po import read_catalog, write_catalog
from localepress.cli import main
from localepress.editions.localize import plain_text
from localepress.translators.review import render, review_page, word_diff, write_reviews

from .conftest import DOCS
from .hostile import PAYLOADS, active_content

FUZZY = "Ici chacun peut construire son monde."
CHANGED_FROM = "Ici chacun construit son monde."
FAULTY = "Les Cévennes et sa réserve de ciel étoilé"  # the termbase forbids oc "Cévennes"
EMPTY = "La culture vivante"


@pytest.fixture
def reviewed(project_copy):
    """The Occitan identity-card catalog with one fuzzy, one untranslated, one faulty entry and
    hostile text in translations, comments and header; returns (project, page HTML)."""
    path = project_copy.catalog("oc", "fiche")
    po = read_catalog(path)
    fuzzy = po.find(FUZZY)
    fuzzy.flags.insert(0, "fuzzy")
    fuzzy.previous_msgid = CHANGED_FROM
    po.find(FAULTY).msgstr = "Las Cévennes e sa resèrva de cèl estelat"  # a termbase error
    po.find(EMPTY).msgstr = ""
    po.find("Nos 3 piliers").msgstr = PAYLOADS[0] + " " + PAYLOADS[1]
    po.find("Nos 3 piliers").tcomment = PAYLOADS[2]
    po.metadata["Last-Translator"] = PAYLOADS[9]
    write_catalog(po, path)
    write_reviews(project_copy, ["oc"])
    return project_copy, (project_copy.output / "review" / "oc.html").read_text(encoding="utf-8")


def entry_of(page: BeautifulSoup, msgid: str, doc: str = "fiche"):
    for item in page.select(f"section#{doc} li.entry"):
        if item.select_one('.text[lang="fr"]').get_text() == msgid:
            return item
    raise AssertionError(f"no entry for {msgid!r}")


def test_page_is_in_english_with_french_and_occitan_marked(reviewed):
    _, html = reviewed
    page = BeautifulSoup(html, "html.parser")
    assert page.html["lang"] == "en"
    entry = entry_of(page, "Nous sommes ingénieux")
    assert entry.select_one('.text[lang="oc"]').get_text() == "Sèm engenhoses"
    assert len(page.find_all("h1")) == 1
    levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert page.find("script") is None and "<script" not in html


def test_sections_are_the_master_headings_in_order(reviewed):
    project, html = reviewed
    page = BeautifulSoup(html, "html.parser")
    document = page.find("section", id="fiche")
    shown = [h.get_text() for h in document.find_all("h3")]
    master = notebook_messages(project.notebook("fiche"), "x")
    headings = [plain_text(m.msgid) for m in master if (m.comments or [""])[0].startswith("head")]
    assert shown == headings
    assert [d["id"] for d in page.select("section.document")] == [
        "communique",
        "fiche",
        "interface",
    ]
    strings = page.find("section", id="interface").find("h3")  # not "No longer in the master"
    assert strings.get_text() == "Page strings"
    first = document.find("h3").find_parent("section").select("li.entry")
    assert [e.select_one('.text[lang="fr"]').get_text() for e in first] == [
        "La carte d'identité d'Alès Agglomération",
        "**Nous sommes le Sud Ingénieux.**",
        "Marque territoriale lancée le {date} à {place}.",  # the code cell after the title
    ]


def test_each_entry_shows_its_status_findings_terms_and_place(reviewed):
    _, html = reviewed
    page = BeautifulSoup(html, "html.parser")
    fuzzy = entry_of(page, FUZZY)
    assert "is-fuzzy" in fuzzy["class"] and fuzzy.select_one(".status").get_text() == "fuzzy"
    assert re.search(r"locales/oc/LC_MESSAGES/fiche\.po:\d+", fuzzy.get_text())
    empty = entry_of(page, EMPTY)
    assert "is-untranslated" in empty["class"] and empty.select_one(".text.empty")
    faulty = entry_of(page, FAULTY)
    assert "has-findings" in faulty["class"]
    error = faulty.select_one(".findings .error").get_text()
    assert "[termbase]" in error and "'Cévennes'" in error
    tagline = entry_of(page, "**Nous sommes le Sud Ingénieux.**")
    terms = tagline.select_one(".terms").get_text()
    assert "Le Sud Ingénieux → Le Sud Ingénieux (do not translate)" in terms
    counts = {i["id"]: i.find_next_sibling("label").get_text() for i in page.select("input")}
    assert counts["show-fuzzy"] == "Fuzzy (1)"
    assert counts["show-untranslated"] == "Untranslated (1)"
    assert all(page.select_one(f'label[for="{name}"]') for name in counts)
    assert page.select_one("fieldset.filters legend").get_text() == "Show entries"


def test_a_fuzzy_entry_shows_what_changed_in_the_french_word_by_word(reviewed):
    _, html = reviewed
    previous = entry_of(BeautifulSoup(html, "html.parser"), FUZZY).select_one(".previous")
    assert [d.get_text() for d in previous.find_all("del")] == ["[removed: construit]"]
    assert [i.get_text() for i in previous.find_all("ins")] == ["[added: peut construire]"]
    assert word_diff("a b c", "a x c") == [
        ("equal", "a "),
        ("delete", "b"),
        ("insert", "x"),
        ("equal", " c"),
    ]


def test_untrusted_text_is_escaped(reviewed):
    _, html = reviewed
    logo = re.search(r'src="(data:image/svg\+xml;base64,[^"]+)"', html).group(1)
    assert active_content(html, trusted_prefix=logo) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(1)&gt;" in html  # the Last-Translator header


def test_bytes_depend_on_the_inputs_only(reviewed):
    project, html = reviewed
    again = render(review_page(project, "oc"), project.source / "brand").decode("utf-8")
    assert again == html
    assert write_reviews(project, ["oc"])["output/review/oc.html"].status == "reused"
    path = project.catalog("oc", "fiche")
    po = read_catalog(path)
    po.find(EMPTY).msgstr = "La cultura viva"
    write_catalog(po, path)
    result = write_reviews(project, ["oc"])["output/review/oc.html"]
    assert result.status == "updated" and result.counts["untranslated"] == 0


def test_cli_writes_one_page_per_language(project_copy):
    result = CliRunner().invoke(main, ["review", "-l", "en", "-l", "es,oc"])
    assert result.exit_code == 0, result.output
    for lang in ("en", "es", "oc"):
        assert f"created  output/review/{lang}.html" in result.output
        assert (project_copy.output / "review" / f"{lang}.html").exists()
    refused = CliRunner().invoke(main, ["review", "-l", "fr"])
    assert refused.exit_code == 2 and "source language" in refused.output


# --- Within the published workflow ------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es", "oc"])
def test_entries_link_to_their_cell_in_the_published_edition(published_pack, lang):
    project, report = published_pack
    assert f"output/review/{lang}.html" in report.reviews
    review = project.output / "review" / f"{lang}.html"
    page = BeautifulSoup(review.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in page.select("li.entry a[href]")]
    assert len(links) == sum(len(read_catalog(project.template(doc))) for doc in DOCS)
    editions = {}
    for href in links:
        path, anchor = href.split("#")
        if path not in editions:
            edition = (review.parent / path).resolve().read_text(encoding="utf-8")
            editions[path] = set(re.findall(r' id="([^"]+)"', edition))
        assert anchor in editions[path], href
    assert not (report.pack / "review").exists()


@pytest.mark.slow
def test_review_page_passes_the_accessibility_audit_and_filters_without_script(reviewed):
    from playwright.sync_api import sync_playwright

    from tests.accessibility import CHROMIUM_ARGS, audit_pages, find_chromium

    project, _ = reviewed
    path = project.output / "review" / "oc.html"
    audit = audit_pages({"review/oc": path})
    # The audit presses Tab once per input, but a radio group is one Tab stop: the extra
    # presses leave the page (focus on <body>). The radio's own focus ring is checked below.
    problems = [p for p in audit.pages[0].problems() if "ring of 2 px or more: <body>" not in p]
    assert problems == [] and audit.pages[0].incomplete == []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.goto(path.as_uri())
            for _ in range(10):
                tab.keyboard.press("Tab")
                if tab.evaluate("() => document.activeElement.type") == "radio":
                    break
            ring = tab.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
            )
            assert ring[0] != "none" and ring[1] >= 2
            total = tab.locator("li.entry:visible").count()
            tab.click('label[for="show-findings"]')
            shown = tab.locator("li.entry:visible")
            assert 0 < shown.count() < total
            assert all(
                "has-findings" in c for c in shown.evaluate_all("l => l.map(e => e.className)")
            )
            tab.click('label[for="show-untranslated"]')
            untranslated = tab.locator("li.entry:visible")
            assert untranslated.count() == 1
            assert "untranslated" in untranslated.first.get_attribute("class")
            tab.click('label[for="show-all"]')
            assert tab.locator("li.entry:visible").count() == total
        finally:
            browser.close()
