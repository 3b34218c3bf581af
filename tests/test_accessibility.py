"""Accessible editions: axe-core in real headless Chromium on every HTML page, PDF/UA-1 checks
on every PDF, Markdown that keeps heading levels and alt text, brand colours that meet AA."""

from __future__ import annotations

import itertools
import re
import struct

import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from localepress.editions.export import Page, brand_assets, to_html, to_markdown, to_pdf
from localepress.editions.pdftags import describe
from localepress.errors import MissingAltTextError
from localepress.languages import table
from localepress.project import Project
from tests.accessibility import (
    BRAND_TEXT_PAIRS,
    audit_pages,
    audit_pdf,
    brand_colours,
    contrast_ratio,
)
from tests.conftest import PROJECT as _FIXTURE

from .conftest import DOCS, PROJECT

LANGUAGES = table(Project(_FIXTURE))  # the project's languages, in its order

EDITIONS = [f"{lang}/{doc}" for lang in LANGUAGES for doc in DOCS]
INDEX = "press-kit/index"
ROOMS = [f"press-kit/{lang}/index" for lang in LANGUAGES]  # the press rooms
BRAND = PROJECT / "source" / "brand"
# pdfua 0.1.3's UA-14-001 (empty headings) raises on a heading whose /K is an array, as
# WeasyPrint writes them; pdftags.describe counts empty headings instead (PdfStructure.problems).
PDFUA_CRASHES = {"UA-14-001"}
TAGLINE = "Le Sud Ingénieux"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="session")
def html_audit(published_pack):
    project, report = published_pack
    pages = {f"{e.lang}/{e.doc}": report.folder / e.files["html"] for e in report.publish.editions}
    pages[INDEX] = report.pack / "index.html"
    pages.update({room: report.pack / room.split("/")[1] / "index.html" for room in ROOMS})
    return audit_pages(pages, screenshots=project.output / "screenshots")


def soup(published_pack, name: str) -> BeautifulSoup:
    _, report = published_pack
    path = report.pack / "index.html" if name == INDEX else report.folder / f"{name}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def headings(page: BeautifulSoup) -> list[tuple[int, str]]:
    main = page.find("main")
    return [
        (int(h.name[1]), re.sub(r"[ \t\r\n]+", " ", h.get_text()).strip())  # keep U+202F
        for h in main.find_all(re.compile(r"^h[1-6]$"))
    ]


# --- HTML: axe-core and what a browser shows ------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", [*EDITIONS, INDEX, *ROOMS])
def test_page_has_no_axe_violation_and_reflows_with_a_working_skip_link(html_audit, name):
    page = next(p for p in html_audit.pages if p.name == name)
    assert page.problems() == []
    assert page.incomplete == []  # nothing left for axe to doubt (contrast over images…)
    assert page.screenshot.read_bytes().startswith(PNG)
    width, height = struct.unpack(">II", page.screenshot.read_bytes()[16:24])
    assert (width, height) == (1280, 800)  # the first screen, on a desktop


@pytest.mark.slow
def test_axe_does_find_what_is_wrong(tmp_path):
    """The zero above is no artefact of the set-up: a faulty page gets its violations."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#aaa;background:#fff">pâle</p><a href="#nowhere"></a>'
        '<div style="width:600px">trop large</div></body></html>',
        encoding="utf-8",
    )
    page = audit_pages({"bad": bad}).pages[0]
    found = {v.rule for v in page.violations}
    assert {"html-has-lang", "image-alt", "color-contrast", "link-name"} <= found
    assert not page.reflows and not page.skip_link


@pytest.mark.slow
@pytest.mark.parametrize("name", EDITIONS)
def test_edition_structure_landmarks_and_languages(published_pack, name):
    lang, _doc = name.split("/")
    page = soup(published_pack, name)
    assert page.html["lang"] == LANGUAGES[lang].html_tag
    levels = [level for level, _ in headings(page)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))  # no level skipped
    for landmark in ("header", "main", "footer"):
        assert len(page.find_all(landmark)) == 1
    nav = page.find("header").find("nav")
    assert nav["aria-label"]
    links = nav.find_all("a")
    assert [(a["lang"], a["hreflang"], a.get_text()) for a in links] == [
        (code, code, language.name) for code, language in LANGUAGES.items()
    ]
    assert [a.get("aria-current") for a in links].count("page") == 1
    assert nav.find("a", attrs={"aria-current": "page"})["lang"] == lang
    skip = page.body.find("a")
    assert skip["href"] == "#content" and page.find(id="content").name == "main"
    logo = page.find("header").find("img")
    assert logo["alt"]
    if lang != "fr":  # French words in another edition are marked, brand names included
        assert logo["lang"] == "fr"
        marked = [span.get_text() for span in page.find_all("span", lang="fr")]
        assert TAGLINE in marked
        text = page.body.get_text()  # <title> cannot mark a passage; the body can
        assert text.count(TAGLINE) == sum(m.count(TAGLINE) for m in marked)


@pytest.mark.slow
def test_pack_index_is_english_with_languages_and_brand_marked(published_pack):
    page = soup(published_pack, INDEX)
    assert page.html["lang"] == "en"
    assert page.find("h1").find("span", lang="fr").get_text() == TAGLINE
    assert page.find("header").find("img")["lang"] == "fr"
    entries = page.find("div", class_="chooser").find_all("li")
    assert [li["lang"] for li in entries] == list(LANGUAGES)
    names = [li.find(class_="name").get_text() for li in entries]
    assert names == [lang.name for lang in LANGUAGES.values()]
    for li in entries:
        assert [a["hreflang"] for a in li.find_all("a")] == [li["lang"]]
        assert li.a["href"] == f"{li['lang']}/index.html"
    assert [e.find(class_="what").get_text() for e in entries][1] == "Press room"


@pytest.mark.slow
@pytest.mark.parametrize("room", ROOMS)
def test_press_room_structure_landmarks_and_languages(published_pack, room):
    _, report = published_pack
    lang = room.split("/")[1]
    path = report.pack / lang / "index.html"
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == LANGUAGES[lang].html_tag
    levels = [level for level, _ in headings(page)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    for landmark in ("header", "main", "footer"):
        assert len(page.find_all(landmark)) == 1
    nav = page.find("header").find("nav")
    assert nav.find("a", attrs={"aria-current": "page"})["lang"] == lang
    if lang != "fr":
        assert not page.find_all(lang="fr", string=re.compile("Espace presse|Les documents"))


def test_brand_colours_meet_aa_contrast():
    css = (BRAND / "brand.css").read_text(encoding="utf-8")
    colour = brand_colours(css)
    for fg, bg in BRAND_TEXT_PAIRS:
        assert contrast_ratio(colour[fg], colour[bg]) >= 4.5, (fg, bg)
    # links are navy in ink text: too close to tell apart by colour, so they must be underlined
    assert contrast_ratio(colour["navy"], colour["ink"]) < 3
    assert "text-decoration: none" not in css.split("@media print")[1]


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_page_strings_left_in_french_are_marked_french():
    css, logo = brand_assets(BRAND)
    nb = new_notebook(cells=[new_markdown_cell("# Title\n\nText.")])
    untranslated = to_html(nb, Page(html_tag="en", title="T", css=css, logo=logo))
    page = BeautifulSoup(untranslated, "html.parser")
    assert page.find("a", class_="skip-link")["lang"] == "fr"
    assert page.find("img")["lang"] == "fr"
    translated = to_html(
        nb,
        Page(
            html_tag="en", title="T", css=css, logo=logo, translate={"Aller au contenu": "Skip"}.get
        ),
    )
    page = BeautifulSoup(translated, "html.parser")
    skip = page.find("a", class_="skip-link")
    assert skip.get_text() == "Skip" and not skip.has_attr("lang")
    french = BeautifulSoup(to_html(nb, Page(html_tag="fr", title="T", logo=logo)), "html.parser")
    assert not french.find("img").has_attr("lang")


# --- images: a text alternative or no edition -----------------------------------------------

PIXEL = (  # a 1×1 PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def image_notebook(metadata: dict) -> object:
    code = new_code_cell("chart()")
    code.outputs = [new_output("display_data", data={"image/png": PIXEL}, metadata=metadata)]
    return new_notebook(
        cells=[
            new_markdown_cell(
                "# Titre\n\n## Partie\n\n### Détail\n\n![Carte des communes](carte.png)"
            ),
            code,
        ]
    )


def test_markdown_edition_keeps_heading_levels_and_alt_texts():
    md = to_markdown(image_notebook({"image/png": {"alt": "Courbe [2020–2022] des nuitées"}}))
    assert re.findall(r"^(#+) ", md, re.M) == ["#", "##", "###"]
    assert "![Carte des communes](carte.png)" in md
    assert f"![Courbe \\[2020–2022\\] des nuitées](data:image/png;base64,{PIXEL})" in md
    assert "![png]" not in md


def test_html_edition_gives_images_their_alt_text():
    html = to_html(image_notebook({"alt": "Courbe des nuitées"}), Page(html_tag="fr", title="T"))
    page = BeautifulSoup(html, "html.parser")
    assert [img["alt"] for img in page.find("main").find_all("img")] == [
        "Carte des communes",
        "Courbe des nuitées",
    ]


@pytest.mark.parametrize("export", [to_markdown, lambda nb: to_html(nb, Page("fr", "T"))])
def test_an_image_without_alt_text_is_refused(export):
    with pytest.raises(MissingAltTextError, match=r"cell 1 .*image/png.*alt"):
        export(image_notebook({}))
    export(image_notebook({"alt": ""}))  # an explicitly decorative image is allowed


@pytest.mark.slow
@pytest.mark.parametrize("name", EDITIONS)
def test_markdown_edition_has_the_html_headings(published_pack, name):
    _, report = published_pack
    md = (report.folder / f"{name}.md").read_text(encoding="utf-8")
    levels = [len(hashes) for hashes in re.findall(r"^(#{1,6}) ", md, re.M)]
    assert levels == [level for level, _ in headings(soup(published_pack, name))]


# --- PDF: tagged PDF/UA-1 -------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", EDITIONS)
def test_pdf_edition_is_tagged_pdf_ua(published_pack, name):
    _, report = published_pack
    lang, _doc = name.split("/")
    audit = audit_pdf(report.folder / f"{name}.pdf", LANGUAGES[lang].html_tag)
    assert audit.findings == []
    assert set(audit.skipped) <= PDFUA_CRASHES, audit.skipped
    assert audit.problems == []  # title shown, language, fonts embedded, figures' alt, artifacts
    page = soup(published_pack, name)
    pdf = audit.structure
    assert pdf.title == page.title.get_text()
    html_headings = headings(page)
    assert pdf.headings == [level for level, _ in html_headings]  # structure in reading order
    assert pdf.bookmarks == html_headings  # bookmarks from headings, same levels and words
    assert pdf.page_mode == "/UseOutlines"
    assert pdf.figures == [img["alt"] for img in page.find_all("img")]
    if lang == "fr":
        assert pdf.languages == {}
    else:  # the tagline and the logo, kept in French, are read in French
        assert pdf.languages.get("fr", 0) >= 2 and set(pdf.languages) == {"fr"}


@pytest.mark.slow
def test_pdf_is_reproducible_and_margin_content_is_an_artifact(tmp_path):
    css, logo = brand_assets(BRAND)
    nb = new_notebook(
        cells=[new_markdown_cell('# Title\n\nText with <span lang="fr">mots</span>.')]
    )
    html = to_html(nb, Page(html_tag="en", title="Title", css=css, logo=logo))
    first, second = to_pdf(html, tmp_path), to_pdf(html, tmp_path)
    assert first == second
    (tmp_path / "t.pdf").write_bytes(first)
    facts = describe(tmp_path / "t.pdf")
    assert facts.orphan_content == 0 and facts.problems("en") == []
    # the span, the logo, and the footer's two runs (no interface catalog here: left in French)
    assert facts.languages == {"fr": 4}
    assert b"/Artifact" in _uncompressed(tmp_path / "t.pdf")


def _uncompressed(path) -> bytes:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return b"".join(page.obj.Contents.read_bytes() for page in pdf.pages)
