"""The pack's pages: the language chooser (`index.html`) and one press room per language
(`<lang>/index.html`), for journalists and partners abroad.

A press room says what the pack is in its reader's language: the press kit's title,
subtitle, launch date and place, an "about" paragraph and the press contacts, all drawn from
that language's own HTML edition of the first document (so they are the master text,
translated and checked like any segment, and change when it changes), then one line per
document (the workflow's order: the press kit first) with a button per format showing its
size (and pages for a PDF), the share images, the contact cards, the logo pack and the whole
pack as a zip. The page's own words come from the `interface` catalog (`t`, `N_` in the
templates, extracted with the brand template's). A language kept at its last good edition
says so ("based on the French text of …"); a language left out is named on the chooser.

What is taken from an edition is rebuilt from its text: only `span lang`, `sup`, `em`,
`strong` and `br` survive, with no attribute but `lang`; the pages are rendered with
autoescaping. No git revision is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from babel.dates import format_date
from babel.units import format_unit
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from localepress.editions.export import TEMPLATE_DIR, brand_assets
from localepress.editions.publish import FrenchText
from localepress.languages import SOURCE_LANGUAGE, get_language, in_order
from localepress.pack.assets import Contact, LogoFile
from localepress.pack.manifest import MIME_TYPES
from localepress.quality.termbase import mark_french

CHOOSER_LANGUAGE = "en"  # the chooser's own words (the workflow title) are English
FORMAT_ORDER = ("html", "pdf", "docx", "odt", "txt", "md")  # readers first, editors next
_INLINE = {"span", "sup", "em", "strong", "br", "i", "b"}
_HAS_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"


@dataclass
class RoomFile:
    href: str  # relative to the page
    fmt: str
    size: int
    pages: int | None = None

    @property
    def mime(self) -> str:
        return MIME_TYPES.get(self.fmt, "application/octet-stream")


@dataclass
class RoomDocument:
    title: str
    files: list[RoomFile]
    share: str = ""  # the share image, relative to the page
    figures: list = field(default_factory=list)  # assets.FigureFile, paths in the pack


@dataclass
class Room:
    """One language's press room: its documents and whether they are outdated."""

    lang: str
    documents: list[RoomDocument]
    edition: Path  # the HTML edition the introduction is drawn from
    based_on: str = ""  # outdated: the date (YYYY-MM-DD) of the French text they follow


@dataclass
class PackPages:
    """Everything the pages need beside the rooms."""

    title: str  # the workflow's, English
    brand_dir: Path
    contacts: list[Contact]
    logos: list[LogoFile]
    zip_name: str
    translator: Callable[[str], Callable[[str], str] | None]
    french_terms: Sequence[str] = ()
    omitted: list[str] = field(default_factory=list)  # languages left out (no good edition)


def edition_intro(path: Path) -> dict:
    """Title, subtitle, date and place, first paragraph and contact heading and organisation
    of an HTML edition, as safe inline markup (empty strings for what it lacks)."""
    try:
        tree = lxml.html.document_fromstring(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    hero = tree.xpath(f"//main//div[{_HAS_CLASS.format('hero')}]")
    tagged = tree.xpath(f"//main//div[{_HAS_CLASS.format('press-room')}]//p")
    untagged = tagged or tree.xpath(
        "//main//div[normalize-space(@class)='cell']/h2/following-sibling::p"
    )
    contacts = tree.xpath(f"//main//div[{_HAS_CLASS.format('contacts')}]")
    found = {
        "title": _first(hero, ".//h1"),
        "subtitle": _first(hero, ".//h1/following-sibling::p[1]"),
        "when": _first([h for h in hero if "output" in h.get("class", "")], ".//p"),
        "about": _inline(untagged[0]) if untagged else "",
        "contacts_heading": _first(contacts, ".//h2"),
        "organisation": _first(contacts, ".//h2/following-sibling::p[1]"),
    }
    text = contacts[0].xpath("string(.//h2/following-sibling::p[1])") if contacts else ""
    found["organisation_text"] = " ".join(text.split())
    return found


def _first(elements, path: str) -> Markup | str:
    for element in elements:
        hits = element.xpath(path)
        if hits:
            return _inline(hits[0])
    return ""


def _inline(element) -> Markup:
    """The element's content, keeping only harmless inline markup and `lang`."""
    element = lxml.html.fromstring(lxml.html.tostring(element))
    for child in list(element.iter()):
        if child is element:
            continue
        if child.tag in ("script", "style", "template"):
            child.drop_tree()
            continue
        if child.tag not in _INLINE:
            child.drop_tag()
            continue
        for name in list(child.attrib):
            if name != "lang":
                del child.attrib[name]
    parts = [lxml.html.tostring(child, encoding="unicode") for child in element]
    return Markup(_escape(element.text) + "".join(parts))


def _escape(text: str | None) -> str:
    return str(Markup.escape(text or ""))


def human_size(size: int, lang: str) -> str:
    """A file size as a reader expects it: "340 kB", "1.2 MB", in the language's numbers."""
    locale = get_language(lang).number_locale
    if size < 1_000_000:
        return format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short", locale=locale)
    return format_unit(round(size / 1_000_000, 1), "digital-megabyte", "short", locale=locale)


def long_date(value: str, lang: str) -> str:
    language = get_language(lang)
    day = dt.date.fromisoformat(value)
    return format_date(day, "long", locale=language.babel_locale).replace("’", language.apostrophe)


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True)


def _identity(text: str) -> str:
    """No interface catalog: every page string stays French (marked so off French pages)."""
    return FrenchText(text)


def room_html(room: Room, rooms: list[Room], pages: PackPages, zip_size: int) -> bytes:
    """The press room of one language, as `<lang>/index.html`."""
    language = get_language(room.lang)
    translate = pages.translator(room.lang) or _identity
    css, logo = brand_assets(pages.brand_dir)
    intro = edition_intro(room.edition)
    page = _env().get_template("pressroom.html.j2").render(
        lang=language.html_tag, language=language, t=translate, intro=intro, css=Markup(css),
        logo=logo, documents=[_document(d, room.lang, pages) for d in room.documents],
        others=[{"tag": get_language(r.lang).html_tag, "name": get_language(r.lang).name,
                 "dir": get_language(r.lang).direction,
                 "href": f"../{r.lang}/index.html", "current": r.lang == room.lang}
                for r in rooms],
        outdated=long_date(room.based_on, room.lang) if room.based_on else "",
        contacts=[{"name": c.name, "email": c.email, "phone": _phone(c.phone, room.lang),
                   "tel": c.phone, "card": f"../{c.card}"} for c in pages.contacts],
        logos=_logos(pages.logos), zip_href=f"../../{pages.zip_name}",
        zip_size=human_size(zip_size, room.lang), size=lambda n: human_size(n, room.lang),
        french=room.lang != SOURCE_LANGUAGE,
    )  # fmt: skip
    return page.encode("utf-8")


def _document(document: RoomDocument, lang: str, pages: PackPages) -> dict:
    files = sorted(document.files, key=lambda f: FORMAT_ORDER.index(f.fmt))
    figures = [{"png": f"../{f.png}", "svg": f"../{f.svg}" if f.svg else "", "alt": f.alt,
                "caption": f.caption} for f in document.figures]  # fmt: skip
    return {"title": _marked(document.title, pages.french_terms, lang), "files": files,
            "share": document.share, "plain_title": document.title, "figures": figures}  # fmt: skip


def _logos(logos: list[LogoFile]) -> list[dict]:
    variants = {}
    for logo in logos:
        entry = variants.setdefault(logo.variant, {"variant": logo.variant, "svg": "", "png": []})
        if logo.width is None:
            entry["svg"] = f"../{logo.path}"
        else:
            entry["png"].append({"href": f"../{logo.path}", "width": logo.width})
    return list(variants.values())


def _phone(number: str, lang: str) -> str:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        return number
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(
        parsed, style.NATIONAL if lang == SOURCE_LANGUAGE else style.INTERNATIONAL
    )


def chooser_html(rooms: list[Room], pages: PackPages) -> bytes:
    """The pack's `index.html`: each language by its own name, in its own language."""
    css, logo = brand_assets(pages.brand_dir)
    entries = []
    for code in in_order([*(r.lang for r in rooms), *pages.omitted]):
        language = get_language(code)
        room = next((r for r in rooms if r.lang == code), None)
        if room is None and code not in pages.omitted:
            continue
        translate = pages.translator(code) or _identity
        entries.append({
            "tag": language.html_tag, "dir": language.direction, "name": language.name,
            "t": translate,
            "href": f"{code}/index.html" if room else "",
            "outdated": long_date(room.based_on, code) if room and room.based_on else "",
        })  # fmt: skip
    title = _marked(pages.title, pages.french_terms, CHOOSER_LANGUAGE)
    page = _env().get_template("pack-index.html.j2").render(
        lang=CHOOSER_LANGUAGE, title=pages.title, heading=title, languages=entries,
        css=Markup(css), logo=logo,
    )  # fmt: skip
    return page.encode("utf-8")


def _marked(text: str, terms: Sequence[str], lang: str) -> Markup | str:
    """`text` with its French terms marked, as markup; French text is left to autoescaping."""
    import html

    if lang == SOURCE_LANGUAGE:
        return text
    return Markup(mark_french(text, terms, html.escape))
