"""Word, OpenDocument and plain-text editions (`editions.office`, pandoc from pypandoc-binary).

The published fixture pack is opened as a journalist's software would read it: python-docx for
.docx (Heading styles, the language on the text), lxml and odfdo for .odt (`mimetype` first
and stored, content.xml parseable, language set), plain text without markup. A small page with
hostile and French passages is converted directly (no kernel) to check the HTML's rules hold.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import docx
import pytest
from lxml import etree

from localepress.editions import office

from .conftest import PROJECT

PACK = "press-kit"
LANGS = ("fr", "en", "es", "oc")
DOCS = ("communique", "fiche")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}
STAMP = dt.datetime(2022, 4, 13, tzinfo=dt.UTC)
PIXEL_SVG = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='40' height='20'%3E"
    "%3Crect width='40' height='20' fill='%230B3C5D'/%3E%3C/svg%3E"
)
HOSTILE_PAGE = f"""<!DOCTYPE html><html lang="en"><body><nav><a href="#x">Skip</a></nav>
<main><h1>Press kit</h1>
<p>We are <span lang="fr">Le Sud Ingénieux</span>. <a href="https://www.ales.fr/">Alès</a>
and <a href="mailto:presse@example.org">presse@example.org</a>.</p>
<h2>Facts</h2><p>The 10<sup>th</sup> edition &lt;script&gt;alert(1)&lt;/script&gt;</p>
<p lang="fr">Une phrase restée en français.</p>
<figure><img src="{PIXEL_SVG}" alt="A navy rectangle"><figcaption>Map</figcaption></figure>
</main></body></html>"""


def _pack(published_pack):
    project, _ = published_pack
    return project.output / PACK


def _convert(fmt: str) -> bytes:
    return office.convert(HOSTILE_PAGE, fmt, lang_tag="en-GB", title="Press kit", stamp=STAMP,
                          brand_dir=PROJECT / "source" / "brand")  # fmt: skip


@pytest.mark.slow
def test_every_docx_opens_with_heading_styles_and_its_language(published_pack):
    for lang in LANGS:
        for doc in DOCS:
            path = _pack(published_pack) / lang / f"{doc}.docx"
            document = docx.Document(path)
            styles = {p.style.name for p in document.paragraphs}
            assert {"Heading 1", "Heading 2"} <= styles, (path, styles)
            assert document.core_properties.language.split("-")[0] == lang
            default = docx.Document(path).styles.element.find(f".//{W}rPrDefault//{W}lang")
            assert default.get(f"{W}val").split("-")[0] == lang, path
            header = document.sections[0].header._element
            assert header.xpath(".//*[local-name()='docPr']/@descr"), "no logo in the header"


@pytest.mark.slow
def test_every_odt_has_mimetype_first_and_its_language(published_pack):
    for lang in LANGS:
        for doc in DOCS:
            path = _pack(published_pack) / lang / f"{doc}.odt"
            with zipfile.ZipFile(path) as archive:
                first = archive.infolist()[0]
                assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
                assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
                content = etree.fromstring(archive.read("content.xml"))
                styles = etree.fromstring(archive.read("styles.xml"))
            assert content.findall(".//text:h", ODF), path
            languages = styles.xpath("//style:default-style//@fo:language", namespaces=ODF)
            assert lang in languages, (path, languages)


@pytest.mark.slow
def test_every_txt_is_plain_text_for_an_email(published_pack):
    for lang in LANGS:
        for doc in DOCS:
            text = (_pack(published_pack) / lang / f"{doc}.txt").read_text(encoding="utf-8")
            assert not re.search(r"<[a-z/!]|\]\(|^#|\*\*|&[a-z]+;", text, re.M), (lang, doc)
            assert text.endswith("\n") and "\n\n\n" not in text


def test_docx_keeps_links_french_passages_and_alt_text():
    data = _convert("docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "https://www.ales.fr/" in rels and "mailto:presse@example.org" in rels
    assert 'w:val="fr"' in xml  # Le Sud Ingénieux and the French sentence marked French
    assert 'descr="A navy rectangle"' in xml
    assert "<script>" not in xml and "alert(1)" in xml  # shown as text, never as markup
    assert "Skip" not in xml  # the page's navigation stays out


def test_odt_keeps_the_alt_text_and_marks_french():
    data = _convert("odt")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "mimetype"
        content = etree.fromstring(archive.read("content.xml"))
    assert content.xpath("//draw:frame/svg:desc/text()", namespaces=ODF) == ["A navy rectangle"]
    assert "fr" in content.xpath("//style:text-properties/@fo:language", namespaces=ODF)
    links = content.xpath(
        "//text:a/@xlink:href", namespaces={**ODF, "xlink": "http://www.w3.org/1999/xlink"}
    )
    assert "https://www.ales.fr/" in links


def test_txt_writes_links_out_and_unwraps_paragraphs():
    text = _convert("txt").decode("utf-8")
    assert "Alès (https://www.ales.fr/)" in text
    assert "presse@example.org (" not in text  # an address shown as its text is not repeated
    assert "10ᵗʰ edition" in text and "<script>alert(1)</script>" in text
    assert "We are Le Sud Ingénieux. Alès (https://www.ales.fr/) and" in text  # one line
    assert "Skip" not in text and "<" not in text.replace("<script>alert(1)</script>", "")


def test_the_same_page_gives_the_same_bytes():
    for fmt in office.OFFICE_FORMATS:
        assert _convert(fmt) == _convert(fmt), fmt
