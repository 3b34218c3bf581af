"""The project's translation memory as TMX 1.4b, what every CAT tool imports.

Units are the translation memory's (memory.py): every translated, non-fuzzy entry of the
language's catalogs, obsolete ones included, one `<tu>` per form. Markup is written as TMX
inline elements holding the original markup (`<bpt>`/`<ept>` for pairs, `<ph>` standalone),
so a tool's matches keep it and a reader that ignores the elements still reads the text.
"""

from __future__ import annotations

from lxml import etree

from localepress import __version__
from localepress.languages import SOURCE_LANGUAGE
from localepress.translators.inline import Pair, Ph, parse
from localepress.translators.memory import TranslationMemory
from localepress.translators.units import unit_id
from localepress.translators.xmlfiles import to_bytes

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STRUCTURAL = {"tmx", "body", "tu", "tuv"}


def write_tmx(memory: TranslationMemory, lang: str) -> bytes:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": "localepress",
            "creationtoolversion": __version__,
            "segtype": "paragraph",
            "o-tmf": "gettext PO",
            "adminlang": "en",
            "srclang": SOURCE_LANGUAGE,
            "datatype": "plaintext",
        },
    )
    body = etree.SubElement(root, "body")
    for unit in memory.units:
        sources = (unit.source, *[unit.plural or unit.source] * (len(unit.forms) - 1))
        base = unit_id(unit.context, unit.source)
        for form, (source, target) in enumerate(zip(sources, unit.forms, strict=True)):
            tu = etree.SubElement(body, "tu", tuid=f"{base}.{form}" if unit.plural else base)
            if unit.context is not None:
                etree.SubElement(tu, "prop", type="x-context").text = unit.context
            etree.SubElement(tu, "prop", type="x-origin").text = unit.origin
            for code, text in ((SOURCE_LANGUAGE, source), (lang, target)):
                tuv = etree.SubElement(tu, "tuv", {XML_LANG: code})
                inline = parse(text)
                _segment(etree.SubElement(tuv, "seg"), inline.nodes, inline.codes)
    return to_bytes(root, STRUCTURAL)


def _segment(element, nodes, codes) -> None:
    """Text and inline elements in one flat run: TMX pairs are `<bpt>`…`<ept>`, not nested."""
    last = None
    for tag, attrs, text in _flat(nodes, codes):
        if tag is None:
            if last is None:
                element.text = (element.text or "") + text
            else:
                last.tail = (last.tail or "") + text
        else:
            last = etree.SubElement(element, tag, attrs)
            last.text = text


def _flat(nodes, codes):
    for node in nodes:
        if isinstance(node, str):
            yield None, {}, node
        elif isinstance(node, Ph):
            yield "ph", {"x": node.id}, codes[node.id].native
        elif isinstance(node, Pair):
            yield "bpt", {"i": node.id, "x": node.id}, codes[node.id].native
            yield from _flat(node.children, codes)
            yield "ept", {"i": node.id}, codes[node.id].close
