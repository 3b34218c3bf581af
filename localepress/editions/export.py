"""The nbconvert and WeasyPrint adapter: executed notebook → HTML, Markdown and PDF.

HTML uses the package's `localepress` nbconvert template. Markdown cells and outputs are
rendered with markdown-it-py (the parser extraction uses) and then sanitised with nh3
(Ammonia): whatever a translator or a cell wrote, no script, event handler, `style`, or
`javascript:`/`data:` URL survives; a paragraph that is only bold text (a slogan, the brand
line, a section's conclusion) then gets the class `statement`, so the design sets it as a
quote rather than as a heading. SVG figures go through `svg.clean_svg` and into an `<img>`.
The PDF is the same HTML through WeasyPrint as tagged PDF/UA-1, with dates pinned for
reproducible bytes, finished by `pdftags`. An image output must carry a text alternative (`alt`
in its metadata) or the edition is refused. The Markdown edition is finished by
`plainmarkdown` (no HTML left, YAML front matter).
"""

from __future__ import annotations

import base64
import contextlib
import copy
import functools
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nh3

from localepress.editions import plainmarkdown, svg
from localepress.errors import LocalepressError, MissingAltTextError
from localepress.languages import get_language
from localepress.markdown import DOCUMENT

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "*": {"lang", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}


def sanitize(html: str) -> str:
    """Keep document markup only: no script, no handler, no style, no active URL."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )


_STATEMENT = re.compile(r"<p><strong>((?:(?!</?strong>|</?p>).)+)</strong></p>", re.DOTALL)


def render_markdown(text: str) -> str:
    return typeset(sanitize(DOCUMENT.render(text)))


def typeset(html: str) -> str:
    """Mark sanitised paragraphs that are only bold text as statements (set as quotes)."""
    return _STATEMENT.sub(r'<p class="statement"><strong>\1</strong></p>', html)


@dataclass(frozen=True)
class Alternate:
    code: str
    tag: str
    name: str
    href: str
    current: bool = False
    locale: str = ""  # og:locale:alternate


@dataclass
class Page:
    """What the template needs beyond the notebook: language, title, switcher, brand, the
    links to the same edition in its other formats and to the pack index, the share image."""

    html_tag: str
    title: str
    description: str = ""
    alternates: list[Alternate] = field(default_factory=list)
    css: str = ""
    logo: str = ""  # data: URI, so the page stands alone
    created: str = ""  # W3C date for PDF metadata
    translate: Callable[[str], str] | None = None
    favicon: str = ""  # data: URI of the mark
    mark_reversed: str = ""  # data: URI, drawn in the hero and on the PDF cover
    language_name: str = ""  # the language's own name, on the hero and the cover
    locale: str = ""  # og:locale (language_TERRITORY)
    formats: list[dict] = field(default_factory=list)  # {"format", "href"}: the other formats
    index_href: str = ""  # the pack index, when the edition is part of a pack
    share: dict | None = None  # {"href", "width", "height"}: the OpenGraph image
    direction: str = "ltr"  # "rtl": <html dir="rtl">, the page mirrors (logical CSS)


def brand_assets(brand_dir: Path) -> tuple[str, str]:
    """The brand stylesheet and the logo as a data URI, read from source/brand/."""
    css = (brand_dir / "brand.css").read_text(encoding="utf-8")
    return css, _svg_uri(brand_dir / "logo.svg")


def brand_marks(brand_dir: Path) -> tuple[str, str]:
    """The mark (favicon) and the reversed mark as data URIs; "" for a file not supplied."""
    return tuple(
        _svg_uri(path) if path.exists() else ""
        for path in (brand_dir / "mark.svg", brand_dir / "mark-reversed.svg")
    )


def _svg_uri(path: Path) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")  # what the editions show


def image_alt(output) -> str | None:
    """An image output's text alternative: metadata `alt`, or IPython's per-type `alt`."""
    metadata = output.get("metadata", {})
    if "alt" in metadata:
        return metadata["alt"]
    for mime in IMAGE_TYPES:
        if isinstance(metadata.get(mime), dict) and "alt" in metadata[mime]:
            return metadata[mime]["alt"]
    return None


def _images(nb):
    """(cell index, cell, output, mime type) of every image output the editions publish."""
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            mime = next((m for m in IMAGE_TYPES if m in data), None)
            if mime and "text/markdown" not in data:  # Markdown wins, as in the template
                yield index, cell, output, mime


def check_alt_texts(nb) -> None:
    """Refuse an image output without `alt`: every published image needs a text alternative."""
    for index, cell, output, mime in _images(nb):
        if image_alt(output) is None:
            raise MissingAltTextError(index, cell.get("id", ""), mime)


def to_html(nb, page: Page) -> str:
    from nbconvert import HTMLExporter

    check_alt_texts(nb)

    exporter = HTMLExporter(
        template_name="localepress",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_filter("lp_markdown", render_markdown)
    exporter.register_filter("lp_clean", sanitize)
    exporter.register_filter("lp_svg", svg.data_uri)
    resources = {
        "localepress": {**page.__dict__, "alternates": [a.__dict__ for a in page.alternates]}
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return mark_directions(body, page.direction)


_START_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_LANG = re.compile(r'\slang="([^"]+)"')
_PHONE_LINK = re.compile(r'<a\s[^>]*href="tel:')


def mark_directions(html: str, direction: str) -> str:
    """`dir` where the writing direction changes: `dir="rtl"` on the <html> of a right-to-left
    edition, and on each element whose `lang` is written the other way than the page (French
    fallback segments and the switcher's names in an Arabic edition: `lang="fr" dir="ltr"`),
    so the bidirectional algorithm does not reorder their words and punctuation. A phone
    link is `dir="ltr"` in a right-to-left page: its digits would otherwise read backwards."""

    def mark(found: re.Match) -> str:
        tag = found[0]
        if tag.startswith("<html"):
            return tag.replace("<html", '<html dir="rtl"', 1) if direction == "rtl" else tag
        if direction == "rtl" and _PHONE_LINK.match(tag) and " dir=" not in tag:
            return f'{tag[:-1]} dir="ltr">'
        lang = _LANG.search(tag)
        if lang is None or " dir=" in tag:
            return tag
        own = _direction(lang[1])
        return tag if own in (None, direction) else f'{tag[:-1]} dir="{own}">'

    return _START_TAG.sub(mark, html)


@functools.cache
def _direction(tag: str) -> str | None:
    try:
        return get_language(tag).direction
    except LocalepressError:
        return None


def to_markdown(nb, front_matter: dict | None = None) -> str:
    """Prose and computed content as clean Markdown, without code or prompts.

    Image outputs become `![alt](data:…)` (PNG where the output has one), followed by their
    caption: nbconvert would write `![png](output_1_0.png)`, a file the edition does not ship,
    and lose the text alternative. `plainmarkdown.finish` then removes the inline HTML and
    adds the front matter.
    """
    from nbconvert import MarkdownExporter

    check_alt_texts(nb)
    nb = copy.deepcopy(nb)
    for cell in nb.cells:  # HTML outputs go into the Markdown as they are: clean them first
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if "text/html" in output.get("data", {}):
                output["data"]["text/html"] = _html_block(output["data"]["text/html"])
    for _index, _cell, output, mime in _images(nb):
        alt = re.sub(r"[ \t\r\n]+", " ", image_alt(output)).strip()  # keeps no-break spaces
        alt = re.sub(r"([\\\[\]])", r"\\\1", alt)
        if mime == "image/svg+xml":
            uri = svg.data_uri(output["data"][mime])
        else:
            uri = f"data:{mime};base64," + "".join(output["data"][mime].split())
        caption = output.get("metadata", {}).get("caption", "")
        text = f"![{alt}]({uri})" + (f"\n\n{caption}" if caption else "")
        output["data"] = {"text/markdown": text}
    exporter = MarkdownExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nb)
    return plainmarkdown.finish(re.sub(r"\n{3,}", "\n\n", body).strip() + "\n", front_matter)


def _html_block(html: str) -> str:
    """Sanitised HTML as one CommonMark HTML block: a `<div>` without blank lines, so no
    Markdown renderer reads the text inside as Markdown (a `[x](javascript:…)` link)."""
    inner = re.sub(r"\n\s*\n", "\n", sanitize(html)).strip()
    return f"<div>\n{inner}\n</div>" if inner else ""


def to_pdf(html: str, base_url: Path) -> bytes:
    """Tagged PDF/UA-1 from the edition's HTML; same HTML, same bytes."""
    from weasyprint import HTML

    from localepress.editions import pdftags

    _mark_text_languages()
    buffer = io.BytesIO()
    HTML(string=html, base_url=str(base_url)).write_pdf(
        buffer,
        pdf_variant="pdf/ua-1",
        pdf_identifier=hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii"),
        uncompressed_pdf=False,
    )
    return pdftags.finish(buffer.getvalue())


@functools.cache
def _mark_text_languages() -> None:
    """Have WeasyPrint write each run of text's `lang` into its marked content.

    WeasyPrint 70 writes /Lang for <html> only, so a French passage in the English PDF would be
    read with an English voice. Its `Stream.marked` opens one marked-content sequence per run of
    text or image; the wrapper adds the run's computed language to that sequence's property
    list, and `pdftags.finish` moves it onto the structure element. Installed once per process;
    tests/test_accessibility.py checks the result in every PDF edition.
    """
    import pydyf
    from weasyprint.pdf.stream import Stream

    original = Stream.marked

    @contextlib.contextmanager
    def marked(self, box, tag):
        with original(self, box, tag):
            lang = box.style["lang"] if box.style is not None else None
            if (
                lang
                and self.stream[-1:] == [b"BDC"]
                and isinstance(self.stream[-2], pydyf.Dictionary)
            ):
                self.stream[-2]["Lang"] = pydyf.String(lang)
            yield

    Stream.marked = marked
