"""SVG figures made safe for the editions: a strict allow-list, then a `data:` URI for `<img>`.

nh3 (the HTML sanitiser) knows no SVG, and an SVG inlined in the page would be live markup.
So a figure's SVG is cleaned here with lxml against an allow-list of drawing elements and
attributes (what matplotlib writes: paths, groups, clip paths, `<use>` of its own glyphs and
markers, text, a style sheet) and shown as `<img src="data:image/svg+xml;base64,…">`: browsers
never run script in an SVG loaded as an image, and WeasyPrint draws it as vectors. Anything
outside the list goes: scripts, event handlers, `foreignObject`, external references (an
`href` must point inside the file, `#…`, or WeasyPrint would fetch a URL or read a local file),
`url(…)` outside the file, CSS `@import`. What cannot be parsed is refused.
"""

from __future__ import annotations

import base64
import re

from lxml import etree

from localepress.errors import FigureError

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

_ELEMENTS = {
    "svg", "g", "defs", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "use", "clipPath", "style", "title", "desc", "linearGradient",
    "radialGradient", "stop", "symbol", "metadata",
}  # fmt: skip
_ATTRIBUTES = {
    "id", "class", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width",
    "height", "points", "transform", "viewBox", "version", "preserveAspectRatio", "style",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset",
    "stroke-miterlimit", "opacity", "clip-path", "clip-rule", "clipPathUnits", "font-family",
    "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "dx", "dy",
    "letter-spacing", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "role", "aria-label", "type", "href",
}  # fmt: skip
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)
_CSS_DANGER = re.compile(r"@import|expression\s*\(|javascript:", re.IGNORECASE)


def clean_svg(svg: str | bytes) -> bytes:
    """The SVG with only drawing elements and attributes left; FigureError if it is not SVG."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
        remove_pis=True, huge_tree=False,
    )  # fmt: skip
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FigureError(f"an SVG figure is not well-formed XML: {exc}") from None
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace != SVG:
        raise FigureError("an SVG figure's root element is not <svg>")
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # entities left unresolved
            element.getparent().remove(element)
            continue
        name = etree.QName(element)
        if name.namespace != SVG or name.localname not in _ELEMENTS:
            element.getparent().remove(element)
            continue
        _clean_attributes(element)
        if name.localname == "style" and _unsafe_css(element.text or ""):
            element.text = ""
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _clean_attributes(element) -> None:
    for key in list(element.attrib):
        name = etree.QName(key)
        local, value = name.localname, element.attrib[key]
        allowed = (name.namespace in (None, XLINK, XML)) and (
            local in _ATTRIBUTES or (name.namespace == XML and local in ("lang", "space"))
        )
        if name.namespace == XLINK and local != "href":
            allowed = False
        if local == "href" and not value.startswith("#"):
            allowed = False
        if local.startswith("on") or _unsafe_css(value):
            allowed = False
        if not allowed:
            del element.attrib[key]


def _unsafe_css(text: str) -> bool:
    return bool(_EXTERNAL_URL.search(text) or _CSS_DANGER.search(text))


def data_uri(svg: str | bytes) -> str:
    """The cleaned SVG as a `data:` URI for an `<img>`."""
    return "data:image/svg+xml;base64," + base64.b64encode(clean_svg(svg)).decode("ascii")
