"""XML in and out for the exchange formats: a parser that refuses what a returned file has no
business holding, and an indenter that never touches text.

lxml's `indent` adds whitespace before the first child of any element without text, which
inside `<source><g>…</g></source>` would change the translation; `pretty` indents only the
structural elements it is given.
"""

from __future__ import annotations

from lxml import etree

from localepress.errors import ExchangeError


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root of an XML document; not XML, a DOCTYPE or entities → ExchangeError."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        raise ExchangeError(name, f"not well-formed XML: {exc.msg}", line) from None
    if tree.docinfo.doctype:
        raise ExchangeError(name, "a DOCTYPE is not accepted in a returned file", 1)
    return tree.getroot()


def local(element) -> str:
    """The tag without its namespace ("" for comments and processing instructions)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def pretty(root, structural: set[str], space: str = "  ") -> None:
    """Indent the children of `structural` elements (by local name); leave the rest as is."""

    def walk(element, level: int) -> None:
        children = [c for c in element if isinstance(c.tag, str)]
        if local(element) not in structural or not children:
            return
        if (element.text or "").strip():
            return
        element.text = "\n" + space * (level + 1)
        for child in children:
            walk(child, level + 1)
            child.tail = "\n" + space * (level + 1)
        children[-1].tail = "\n" + space * level

    walk(root, 0)


def to_bytes(root, structural: set[str]) -> bytes:
    pretty(root, structural)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
