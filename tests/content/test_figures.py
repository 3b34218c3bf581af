"""Figures drawn by the notebooks in each language: the brand's timeline and the crossroads
map, with translated labels, Babel dates and numbers, alt text; SVG in HTML (cleaned, in an
<img>), vectors in the PDF, PNG in Markdown; the same bytes on every run."""

from __future__ import annotations

import base64
import datetime as dt
import re
import subprocess

import polib
import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from localepress.catalogs.po import read_catalog
from localepress.editions.figures import Event, crossroads_map, timeline, unmark
from localepress.editions.runtime import Edition
from localepress.editions.svg import clean_svg, data_uri
from localepress.errors import FigureError
from localepress.languages import table
from localepress.project import Project
from tests.conftest import REPO

LANGUAGES = table(Project(REPO))  # the project's languages, in its order

KIT = "dossier-de-presse"
PACK = "international-press-kit"  # the default workflow: its editions are its pack
SVG = "{http://www.w3.org/2000/svg}"
LABELS = {  # what the map must say in each language (termbase: Cévennes → Cevenas in es, oc)
    "fr": {"Cévennes", "LOZÈRE", "Massif Central", "Lyon", "Montpellier"},
    "en": {"Cévennes", "LOZÈRE", "Massif Central", "Lyon", "Montpellier"},
    "es": {"Cevenas", "LOZÈRE", "Macizo Central", "Lyon", "Montpellier"},
    "oc": {"Cevenas", "LOSÈRA", "Massís Central", "Lion", "Montpelhièr"},
}
DATES = {"fr": "juin 2021", "en": "June 2021", "es": "junio de 2021", "oc": "junh de 2021"}


def figures(project, lang) -> list[dict]:
    """Each figure of the press kit's HTML edition: alt, caption, lang, the SVG's texts."""
    path = project.output / PACK / lang / f"{KIT}.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    found = []
    for figure in soup.find("main").find_all("figure", class_="chart"):
        img = figure.find("img")
        prefix = "data:image/svg+xml;base64,"
        assert img["src"].startswith(prefix)
        svg = etree.fromstring(base64.b64decode(img["src"][len(prefix) :]))
        texts = ["".join(t.itertext()).strip() for t in svg.iter(f"{SVG}text")]
        found.append(
            {"alt": img["alt"], "caption": figure.figcaption.get_text(" ").strip(),
             "texts": [t for t in texts if t], "lang": img.get("lang")}
        )  # fmt: skip
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_press_kit_has_both_figures_in_its_language(real_pack, lang):
    project, _ = real_pack
    timeline_figure, map_figure = figures(project, lang)
    assert DATES[lang] in timeline_figure["texts"]  # Babel's month, in the language
    sentence = DATES[lang][:1].upper() + DATES[lang][1:]  # a step of the alt text opens with it
    assert sentence in timeline_figure["alt"] or f"{DATES[lang]})." in timeline_figure["alt"]
    assert LABELS[lang] <= set(map_figure["texts"])
    assert "50 km" in [t.replace("\u202f", " ").replace("\u00a0", " ") for t in map_figure["texts"]]
    for figure in (timeline_figure, map_figure):
        assert figure["alt"] and figure["caption"] and figure["lang"] is None


@pytest.mark.slow
def test_french_and_english_figures_differ_in_every_translated_word(real_pack):
    project, _ = real_pack
    french, english = figures(project, "fr"), figures(project, "en")
    for fr, en in zip(french, english, strict=True):
        assert fr["alt"] != en["alt"] and fr["caption"] != en["caption"]
        names = set(fr["texts"]) & set(en["texts"])  # what stays: names, years, numbers
        assert names <= {"2012", "2020", "ATOME, Alès", "Alès", "N", "Lyon", "Montpellier",
                         "LOZÈRE", "ARDÈCHE", "AVEYRON", "GARD", "Cévennes", "Massif Central",
                         "Concept Audace", "50\u202fkm", "50\u00a0km"}, names  # fmt: skip
    assert "Timeline" in english[0]["alt"] and "Schematic map" in english[1]["alt"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_pdf_draws_the_figures_as_vectors_and_markdown_as_png(real_pack, lang):
    project, _ = real_pack
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(project.output / PACK / lang / f"{KIT}.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for label in LABELS[lang] | {DATES[lang]}:  # real text, drawn as vectors
        assert label in text, label
    images = subprocess.run(
        ["pdfimages", "-list", str(project.output / PACK / lang / f"{KIT}.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()[2:]  # fmt: skip
    assert images == []  # no bitmap anywhere: logo, mark and figures are vectors
    md = (project.output / PACK / lang / f"{KIT}.md").read_text(encoding="utf-8")
    alts = re.findall(r"!\[([^\]]+)\]\(data:image/png;base64,", md)
    assert [alt.replace("\\", "") for alt in alts] == [f["alt"] for f in figures(project, lang)]


def test_figure_messages_are_in_the_template():
    pot = {(e.msgctxt, e.msgid) for e in read_catalog(REPO / "locales" / f"{KIT}.pot")}
    for label in ("Lozère", "Ardèche", "Aveyron", "Gard", "Cévennes", "Massif Central", "N"):
        assert ("carte", label) in pot
    for detail in ("une première tentative", "trois campagnes", "voté à l'unanimité"):
        assert ("frise", detail) in pot
    assert (None, "{date}\u00a0: {event}.") in pot


def test_geography_names_only_places_the_original_names():
    original = (REPO / "source" / "original" / "dossier-de-presse-2022-04-13.txt").read_text()
    geography = yaml.safe_load((REPO / "source" / "geography.yml").read_text(encoding="utf-8"))
    for key, place in geography["places"].items():
        assert place["source"] in original, key
        west, east = geography["extent"]["west"], geography["extent"]["east"]
        assert -5 < place["lon"] < 10 and 41 < place["lat"] < 51, key  # in France
        assert west < place["lon"] < east or key == "lyon", key


@pytest.fixture
def oc_edition(real_copy):
    """The Occitan edition's runtime, with « Losèra » left untranslated."""
    path = real_copy.catalog("oc", KIT)
    po = polib.pofile(str(path))
    po.find("Lozère", msgctxt="carte").msgstr = ""
    po.save(str(path))
    subprocess.run(["msgfmt", "-o", str(path.with_suffix(".mo")), str(path)], check=True)
    return Edition(KIT, "oc", project=real_copy)


def draw_map(ed, **labels):
    names = {"ales": "Alès", "lozere": ed.pgettext("carte", "Lozère")} | labels
    return crossroads_map(ed, names, alt=ed.gettext("Alès"), caption="c", north="N")


def test_an_untranslated_label_is_drawn_in_french_and_marked(oc_edition):
    figure = draw_map(oc_edition, ardeche=oc_edition.pgettext("carte", "Ardèche"))
    root = etree.fromstring(figure.svg.encode("utf-8"))
    french = root.findall(
        ".//{http://www.w3.org/2000/svg}g[@{http://www.w3.org/XML/1998/namespace}lang='fr']"
    )
    assert ["".join(g.itertext()).strip() for g in french] == ["LOZÈRE"]
    assert figure.french
    assert "ARDECHA" in figure.svg  # the translated label beside it


def test_figures_are_the_same_bytes_on_every_run(oc_edition):
    first, second = draw_map(oc_edition), draw_map(oc_edition)
    assert first.svg == second.svg and first.png == second.png
    steps = [
        Event(dt.date(2012, 1, 1), "Concept Audace", "una primièra temptativa", "year"),
        Event(dt.date(2021, 11, 1), "Mission", "4 meses", "month", end=dt.date(2022, 3, 31)),
    ]
    one = timeline(
        oc_edition, steps, intro="Cronologia.", step="{date}\u00a0: {event}.", caption=""
    )
    two = timeline(
        oc_edition, steps, intro="Cronologia.", step="{date}\u00a0: {event}.", caption=""
    )
    assert one.svg == two.svg and one.png == two.png
    assert "Novembre de 2021 – març de 2022\u00a0: Mission, 4 meses." in one.alt.replace(
        "\u2009", " "
    )
    assert "Date" not in one.svg and "dc:date" not in one.svg


def test_a_place_without_coordinates_is_named(oc_edition):
    with pytest.raises(FigureError, match="no coordinates for atlantis"):
        draw_map(oc_edition, atlantis="Atlantis")


def test_unmark_reads_a_french_fallback():
    assert unmark('<span lang="fr">Loz&amp;ère</span>') == ("Loz&ère", True)
    assert unmark("Losera") == ("Losera", False)


# --- The SVG allow-list ------------------------------------------------------------------------

HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 onload="alert(1)" viewBox="0 0 10 10">
<script>alert(2)</script>
<style>@import url(https://example.org/x.css); .a { fill: red }</style>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
<image href="file:///etc/passwd" width="10" height="10"/>
<a xlink:href="javascript:alert(3)"><text x="1" y="5">lien</text></a>
<use xlink:href="https://example.org/s.svg#x"/>
<use xlink:href="#glyph"/>
<path id="glyph" d="M0 0 L5 5" style="fill: url(https://example.org/p)" onclick="alert(4)"/>
<text x="1" y="9" style="font: 12px 'Inter'">Alès</text>
</svg>"""


def test_svg_keeps_drawing_and_drops_everything_active():
    cleaned = clean_svg(HOSTILE_SVG).decode("utf-8")
    for gone in ("onload", "<script", "@import", "foreignObject", "<image", "javascript:",
                 "https://example.org", "onclick", "file:"):  # fmt: skip
        assert gone not in cleaned, gone
    root = etree.fromstring(cleaned.encode("utf-8"))
    assert [t.text for t in root.iter(f"{SVG}text")] == ["Alès"]
    hrefs = [use.get("{http://www.w3.org/1999/xlink}href") for use in root.iter(f"{SVG}use")]
    assert hrefs == [None, "#glyph"]  # only a reference inside the file is kept
    assert root.find(f"{SVG}path").get("d") == "M0 0 L5 5"


@pytest.mark.parametrize("bad", ["<svg", "<html xmlns='http://www.w3.org/1999/xhtml'/>",
                                 '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                 '<svg xmlns="http://www.w3.org/2000/svg">&e;</svg>'])  # fmt: skip
def test_what_is_not_svg_is_refused_or_left_empty(bad):
    try:
        cleaned = clean_svg(bad)
    except FigureError:
        return
    assert b"root:" not in cleaned  # an entity is never resolved


def test_a_matplotlib_figure_survives_cleaning_whole(oc_edition):
    figure = draw_map(oc_edition)
    before = etree.fromstring(figure.svg.encode("utf-8"))
    after = etree.fromstring(clean_svg(figure.svg))
    drawing = [e.tag for e in before.iter() if str(e.tag).startswith(SVG)]  # not the RDF
    assert [e.tag for e in after.iter()] == drawing
    assert data_uri(figure.svg).startswith("data:image/svg+xml;base64,")
