"""What a press room offers beside the editions: a contact card per press contact and the logo
pack, written into the pack folder, the same bytes for the same inputs.

vCard 4.0 (RFC 6350) is a few lines of text: written here rather than through a library
(vobject writes 3.0 and folds lines its own way), with the RFC's escaping and CRLF line ends.
The contacts are those of `source/facts.yml` (name, e-mail, telephone); the organisation is
the French line of the press kit's contact cell, as the master text writes it.

The figures of each HTML edition (its `<figure>` images, embedded as data URIs) become files
beside it, `<lang>/<doc>.figure-N.svg` and a PNG at twice their size, for journalists to
reuse; their alt text and caption go to the press room and the manifest.

The logo pack is `brand/`: each logo variant of source/brand/ (colour, one colour, reversed)
as its SVG and as PNG at three widths, rasterised by CairoSVG (which writes no timestamp).
PNGs already in the staging folder next to an unchanged SVG are kept: a run with no change
renders nothing.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

LOGO_VARIANTS = ("logo", "logo-one-colour", "logo-reversed")
LOGO_WIDTHS = (400, 1000, 2000)  # px: web, slides, print
LOGO_TITLES = {"logo": "Logo, colour", "logo-one-colour": "Logo, one colour",
               "logo-reversed": "Logo, reversed (for dark backgrounds)"}  # fmt: skip


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str  # E.164, as facts.yml writes it

    @property
    def card(self) -> str:
        """The contact card's path in the pack."""
        return f"contacts/{slug(self.name)}.vcf"


def read_contacts(facts: Path) -> list[Contact]:
    """The press contacts of facts.yml, in its order ([] when it names none)."""
    try:
        data = yaml.safe_load(facts.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return []
    return [Contact(str(c["nom"]), str(c.get("email", "")), str(c.get("telephone", "")))
            for c in data.get("contacts") or []]  # fmt: skip


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "contact"


def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\n", "\\n"))  # fmt: skip


def vcard(contact: Contact, organisation: str) -> bytes:
    """The vCard 4.0 of one contact (UTF-8, CRLF)."""
    given, _, family = contact.name.partition(" ")
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{_escape(contact.name)}",
             f"N:{_escape(family)};{_escape(given)};;;"]  # fmt: skip
    if organisation:
        lines.append(f"ORG:{_escape(organisation)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=work:{_escape(contact.email)}")
    if contact.phone:
        lines.append(f'TEL;VALUE=uri;TYPE="work,voice":tel:{contact.phone}')
    lines.append("END:VCARD")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def write_cards(folder: Path, contacts: list[Contact], organisation: str) -> list[str]:
    """Write each contact's card into the pack folder; their paths."""
    written = []
    for contact in contacts:
        _put(folder / contact.card, vcard(contact, organisation))
        written.append(contact.card)
    return written


@dataclass(frozen=True)
class LogoFile:
    path: str  # in the pack
    variant: str  # logo, logo-one-colour, logo-reversed
    width: int | None  # None: the SVG

    @property
    def title(self) -> str:
        size = f", PNG {self.width} px" if self.width else ", SVG"
        return LOGO_TITLES.get(self.variant, self.variant) + size


def write_logo_pack(folder: Path, brand_dir: Path) -> list[LogoFile]:
    """The brand's logos as SVG and PNG at LOGO_WIDTHS into `folder/brand/`."""
    import cairosvg

    found = []
    for variant in LOGO_VARIANTS:
        source = brand_dir / f"{variant}.svg"
        if not source.is_file():
            continue
        svg = source.read_bytes()
        target = folder / "brand" / f"{variant}.svg"
        unchanged = target.is_file() and target.read_bytes() == svg
        if not unchanged:
            _put(target, svg)
        found.append(LogoFile(f"brand/{variant}.svg", variant, None))
        for width in LOGO_WIDTHS:
            png = folder / "brand" / f"{variant}-{width}.png"
            if not (unchanged and png.is_file()):
                _put(png, cairosvg.svg2png(bytestring=svg, output_width=width))
            found.append(LogoFile(f"brand/{png.name}", variant, width))
    return found


@dataclass(frozen=True)
class FigureFile:
    png: str  # in the pack
    svg: str  # "" when the figure is not a vector
    alt: str
    caption: str


def write_figures(folder: Path, lang: str, doc: str, edition: Path) -> list[FigureFile]:
    """The figures of the HTML edition `edition`, as files beside it."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(edition.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for index, figure in enumerate(tree.xpath("//main//figure[.//img]"), 1):
        image = figure.xpath(".//img")[0]
        match = re.match(r"data:(image/(?:svg\+xml|png))(;base64)?,(.*)", image.get("src", ""),
                         re.DOTALL)  # fmt: skip
        if not match:
            continue
        mime, encoded, payload = match.groups()
        data = base64.b64decode(payload) if encoded else _unquote(payload)
        base = f"{lang}/{doc}.figure-{index}"
        svg = f"{base}.svg" if mime == "image/svg+xml" else ""
        _figure_files(folder, base, svg, data)
        caption = " ".join(figure.xpath("string(.//figcaption)").split())
        found.append(FigureFile(f"{base}.png", svg, image.get("alt", ""), caption))
    return found


def _unquote(payload: str) -> bytes:
    from urllib.parse import unquote

    return unquote(payload).encode("utf-8")


def _figure_files(folder: Path, base: str, svg: str, data: bytes) -> None:
    """Write the SVG (if any) and the PNG, rasterising only when the SVG changed."""
    png = folder / f"{base}.png"
    if not svg:
        if not (png.is_file() and png.read_bytes() == data):
            _put(png, data)
        return
    target = folder / svg
    unchanged = target.is_file() and target.read_bytes() == data
    if not unchanged:
        _put(target, data)
    if not (unchanged and png.is_file()):
        import cairosvg

        _put(png, cairosvg.svg2png(bytestring=data, scale=2))


def _put(path: Path, data: bytes) -> None:
    """A new file, never a write into a staged hard link to the live pack."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_bytes(data)
