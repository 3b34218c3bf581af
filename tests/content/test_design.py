"""The editions look like the brand: covers, pagination, a one-page card, links, share images,
Markdown a CMS takes as is. PDFs are read as a reader gets them (pdfinfo, pdftotext, the
rendered pages); pages as a browser shows them (headless Chromium at 320 px)."""

from __future__ import annotations

import re
import struct
import subprocess

import pikepdf
import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from localepress.cli import main
from localepress.editions import plainmarkdown, share
from localepress.languages import table
from localepress.project import Project
from tests.accessibility import CHROMIUM_ARGS, find_chromium
from tests.conftest import REPO
from tests.design import (
    BROKEN_HEADINGS,
    cover_darkness,
    flat,
    hyphenated_splits,
    page_fill,
    page_of,
    pdf_pages,
)

LANGUAGES = table(Project(REPO))  # the project's languages, in its order

DOCS = ("dossier-de-presse", "carte-identite")
EDITIONS = [(lang, doc) for lang in LANGUAGES for doc in DOCS]
KIT = "dossier-de-presse"
PACK = "international-press-kit"
MARGIN = re.compile(r"^(\d+ ?/ ?\d+|Alès Agglomération — Le Sud Ingénieux)$")


def html_page(project, lang, doc) -> BeautifulSoup:
    path = project.output / PACK / lang / f"{doc}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(element) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def body_lines(page: str, margins: set[str]) -> list[str]:
    """A page's text lines without the running header and the page number."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return [line for line in lines if not MARGIN.match(line) and line not in margins]


def margins_of(soup: BeautifulSoup, lang: str) -> set[str]:
    return {soup.find("main").find("h1").get_text(" ").strip(), LANGUAGES[lang].name}


# --- PDF: the identity card, blocks kept whole, headings, hyphenation, cover, metadata -------


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_identity_card_is_one_a4_page(real_pack, lang):
    project, _ = real_pack
    info = subprocess.run(
        ["pdfinfo", str(project.output / PACK / lang / "carte-identite.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert "595.276 x 841.89 pts (A4)" in info


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_contacts_slogans_and_each_list_sit_on_one_page(real_pack, lang):
    project, _ = real_pack
    for doc in DOCS:
        pages = pdf_pages(project.output / PACK / lang / f"{doc}.pdf")
        main = html_page(project, lang, doc).find("main")
        blocks = {"contacts": main.select(".contact-block p")}
        blocks |= {"slogans": main.select(".slogans p")} if doc == KIT else {}
        blocks |= {f"list {i}": ul.find_all("li") for i, ul in enumerate(main.select(".cell ul"))}
        assert blocks["contacts"] and (doc != KIT or len(blocks["slogans"]) == 3)
        for name, items in blocks.items():
            where = [page_of(pages, text_of(item)) for item in items]
            assert all(where), (
                doc,
                name,
                [text_of(i) for i, w in zip(items, where, strict=True) if not w],
            )
            assert set.intersection(*where), (doc, name, where)


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "doc"), EDITIONS)
def test_no_heading_ends_a_page(real_pack, lang, doc):
    project, _ = real_pack
    soup = html_page(project, lang, doc)
    headings = [flat(text_of(h)) for h in soup.find("main").find_all(re.compile("^h[1-4]$"))]
    pages = pdf_pages(project.output / PACK / lang / f"{doc}.pdf")
    for number, page in enumerate(pages[:-1], 1):
        lines = body_lines(page, margins_of(soup, lang))
        tail = flat(" ".join(lines[-3:]))
        for heading in headings:
            assert not tail.endswith(heading[-40:]), f"page {number} ends with heading {heading!r}"


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "doc"), EDITIONS)
def test_text_layer_has_no_word_split_by_hyphenation(real_pack, lang, doc):
    project, _ = real_pack
    words = {w.casefold() for w in re.findall(r"\w+", html_page(project, lang, doc).get_text())}
    pages = pdf_pages(project.output / PACK / lang / f"{doc}.pdf")
    assert hyphenated_splits(pages, words) == []
    assert "\u00ad" not in "".join(pages)
    assert not re.search(r"\b\w \w \w \w\b", "".join(pages))  # no letter-spaced words


def test_hyphenation_detector_finds_a_split_word():
    pages = ["the most com\u2010\npetitive region\n", "a well-\nknown fact\n"]
    assert hyphenated_splits(pages, {"competitive", "well", "known"}) == ["com\u2010 petitive"]


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "doc"), EDITIONS)
def test_first_page_is_a_cover(real_pack, lang, doc):
    project, _ = real_pack
    soup = html_page(project, lang, doc)
    pages = pdf_pages(project.output / PACK / lang / f"{doc}.pdf")
    cover = flat(pages[0])
    main = soup.find("main")
    assert flat(text_of(main.find("h1"))) in cover
    assert flat(LANGUAGES[lang].name) in cover  # the edition's language
    assert "2022" in cover and "atome" in cover  # launch date and place
    assert not re.search(r"\b1 ?/ ?\d+\b", pages[0])  # no page number on the cover
    top, whole = cover_darkness(project.output / PACK / lang / f"{doc}.pdf")
    assert top > 0.6  # the brand's navy band behind the logo and the title
    if doc == KIT:  # a full navy cover page; the body starts on page 2
        assert whole > 0.75
        assert not any(flat(text_of(h2)) in cover for h2 in main.find_all("h2"))
        assert flat(text_of(main.find("h2"))) in flat(pages[1])


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "doc"), EDITIONS)
def test_no_page_ends_a_quarter_blank_unless_a_section_starts(real_pack, lang, doc):
    project, _ = real_pack
    path = project.output / PACK / lang / f"{doc}.pdf"
    soup = html_page(project, lang, doc)
    sections = [flat(text_of(h)) for h in soup.find("main").find_all(["h2", "h3"])]
    pages = pdf_pages(path)
    fills = page_fill(path)
    assert len(fills) == len(pages)
    for fill in fills[1:-1]:  # the cover and the last page may end where they end
        if fill.blank > 0.25:
            following = flat(" ".join(body_lines(pages[fill.number], margins_of(soup, lang))))
            assert any(following.startswith(s[:30]) for s in sections), (
                f"page {fill.number} is {fill.blank:.0%} blank and page {fill.number + 1} "
                f"starts with {following[:60]!r}"
            )


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "doc"), EDITIONS)
def test_pdf_metadata_and_brand_fonts(real_pack, lang, doc):
    project, _ = real_pack
    soup = html_page(project, lang, doc)
    path = project.output / PACK / lang / f"{doc}.pdf"
    with pikepdf.open(path) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == soup.title.get_text()
        assert str(info["/Author"]) == "Alès Agglomération"
        assert str(info["/Subject"]) == soup.find("meta", attrs={"name": "description"})["content"]
        assert str(pdf.Root.Lang) == LANGUAGES[lang].html_tag
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    embedded = [line for line in fonts.splitlines()[2:] if line.split()[-5] == "yes"]
    assert len(embedded) == len(fonts.splitlines()[2:])
    assert "Inter" in fonts and "Vollkorn" in fonts


# --- HTML: links, title, metadata, share images, headings at 320 px --------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "doc"), EDITIONS)
def test_page_names_the_brand_links_its_formats_and_the_pack(real_pack, lang, doc):
    _, report = real_pack
    page = report.pack / lang / f"{doc}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert "Le Sud Ingénieux" in soup.title.get_text()
    assert text_of(soup.find("main").find("h1")) in soup.title.get_text()
    formats = soup.find("nav", class_="formats")
    assert formats["aria-label"]
    assert [a["href"] for a in formats.find_all("a")] == [
        f"{doc}.{fmt}" for fmt in ("pdf", "md", "docx", "odt", "txt")
    ]
    hrefs = [a["href"] for a in formats.find_all("a")] + [soup.select_one(".pack-link a")["href"]]
    for href in hrefs:  # every link resolves inside the pack, offline
        assert (page.parent / href).resolve().is_file(), href
    assert soup.find("link", rel="icon")["href"].startswith("data:image/svg+xml;base64,")


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "doc"), EDITIONS)
def test_open_graph_points_to_a_share_image_in_the_edition_language(real_pack, lang, doc):
    project, report = real_pack
    soup = html_page(project, lang, doc)
    meta = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert meta["og:locale"] == LANGUAGES[lang].territory
    alternates = {m["content"] for m in soup.find_all("meta", property="og:locale:alternate")}
    assert alternates == {lg.territory for code, lg in LANGUAGES.items() if code != lang}
    assert meta["og:title"] == soup.title.get_text()
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    for folder in (report.pack / lang,):
        image = folder / meta["og:image"]
        data = image.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert struct.unpack(">II", data[16:24]) == (1200, 630)


def test_share_image_is_deterministic_and_follows_the_title(tmp_path):
    brand = REPO / "source" / "brand"
    first = share.share_image(brand, "Press kit", "Presentation of the place brand")
    assert first == share.share_image(brand, "Press kit", "Presentation of the place brand")
    assert first != share.share_image(brand, "Dossier de presse", "Présentation de la marque")


@pytest.mark.slow
def test_plain_publish_has_no_pack_link_and_links_only_published_formats(real_copy):
    args = ["publish", "-l", "fr", "--doc", "carte-identite", "-f", "html,md"]
    assert CliRunner().invoke(main, args).exit_code == 0
    folder = real_copy.output / "fr"
    soup = BeautifulSoup((folder / "carte-identite.html").read_text(), "html.parser")
    assert soup.select(".pack-link") == []
    assert [a["href"] for a in soup.select("nav.formats a")] == ["carte-identite.md"]
    assert (folder / "carte-identite.share.png").is_file()


@pytest.mark.slow
def test_no_heading_breaks_inside_a_word_at_320_px(real_pack):
    from playwright.sync_api import sync_playwright

    project, _ = real_pack
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 320, "height": 640})
            for lang, doc in EDITIONS:
                page.goto((project.output / PACK / lang / f"{doc}.html").resolve().as_uri())
                found[f"{lang}/{doc}"] = page.evaluate(BROKEN_HEADINGS)
        finally:
            browser.close()
    assert found == {f"{lang}/{doc}": [] for lang, doc in EDITIONS}


@pytest.mark.slow
def test_the_heading_check_sees_a_broken_word(tmp_path):
    from playwright.sync_api import sync_playwright

    page_path = tmp_path / "narrow.html"
    page_path.write_text(
        '<html><body><main><h1 style="font-size:60px;overflow-wrap:anywhere">'
        "AGGLOMÉRATION INTERNATIONALE</h1></main></body></html>",
        encoding="utf-8",
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 320, "height": 640})
            page.goto(page_path.as_uri())
            assert page.evaluate(BROKEN_HEADINGS) != []
        finally:
            browser.close()


# --- Markdown a CMS takes as is ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "doc"), EDITIONS)
def test_markdown_edition_has_front_matter_and_no_html(real_pack, lang, doc):
    project, _ = real_pack
    md = (project.output / PACK / lang / f"{doc}.md").read_text(encoding="utf-8")
    head, body = md.split("\n---\n", 1)
    front = yaml.safe_load(head.removeprefix("---\n"))
    assert set(front) >= {"title", "lang", "date", "source_revision"}
    assert front["lang"] == LANGUAGES[lang].html_tag
    assert ("translation_of" in front) == (lang != "fr")
    if lang != "fr":
        assert front["translation_of"]["lang"] == "fr"
    assert not re.search(r"</?[A-Za-z][^>]*>", body), re.search(r"</?[A-Za-z][^>]*>", body)
    assert not re.search(r"\S {2,}\n", body)  # hard breaks: backslashes only
    assert front["title"] in body


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("sa 10<sup>e</sup> édition", "sa 10ᵉ édition"),
        ("### 1<sup>er</sup> / Un pan", "### 1ᵉʳ / Un pan"),
        ("lo 2<sup>nd</sup> bacin", "lo 2ⁿᵈ bacin"),
        ("lo 1<sup>èr</sup> còp", "lo 1èr còp"),  # no superscript è: the ending on the line
        ('We are <span lang="fr">Le Sud Ingénieux</span>.', "We are Le Sud Ingénieux."),
        ("**Name**  \n[mail](mailto:a@b.fr)", "**Name**\\\n[mail](mailto:a@b.fr)"),
        ("`<sup>x</sup>` stays", "`<sup>x</sup>` stays"),
    ],
)
def test_markdown_is_finished_without_inline_html(markdown, expected):
    assert plainmarkdown.finish(markdown + "\n") == expected + "\n"


def test_front_matter_is_yaml_that_reads_back():
    text = plainmarkdown.finish("# T\n", {"title": "Press kit: « x »", "lang": "en"})
    head = text.split("\n---\n")[0].removeprefix("---\n")
    assert yaml.safe_load(head) == {"title": "Press kit: « x »", "lang": "en"}
