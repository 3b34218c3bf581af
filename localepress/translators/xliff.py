"""XLIFF 1.2 and 2.1 files of a hand-off kit, written with lxml.

One file per document; one unit per entry (a plural entry: a group of one unit per form, ids
`<id>.0`, `<id>.1`, as Translate Toolkit's po2xliff groups them). Markup is written as inline
codes (inline.py): 1.2 `<ph>` holds a standalone code's markup, `<g>` wraps paired markup
whose opening and closing markup go in the unit's `x-localepress-codes` context; 2.1 has its
own place for them, `<originalData>`. What the hand-off sent (msgctxt, state and translation
digest) rides in each unit: 1.2 a `localepress` context-group, 2.1 the Metadata module, so
`receive` needs no file but the returned one. Reading is in xliff_read.py.
"""

from __future__ import annotations

import json

from lxml import etree

from localepress.languages import SOURCE_LANGUAGE
from localepress.translators.inline import Code, Inline, Pair, Ph, parse
from localepress.translators.units import FUZZY, TRANSLATED, KitUnit
from localepress.translators.xmlfiles import to_bytes

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TOOL = "localepress"
PLURALS_12 = "x-gettext-plurals"
PLURALS_2 = "localepress:plural"
CONTEXT, SENT, CODES = "x-gettext-msgctxt", "x-localepress-sent", "x-localepress-codes"
VERSIONS = ("1.2", "2.1")
STRUCTURAL = {
    "xliff", "file", "body", "group", "trans-unit", "context-group", "unit", "metadata",
    "metaGroup", "notes", "originalData", "segment",
}  # fmt: skip
_STATE_12 = {TRANSLATED: "translated", FUZZY: "needs-review-translation"}
_TYPES_2 = {  # inline.Code.kind → XLIFF 2 type, subType
    "bold": ("fmt", "xlf:b"),
    "italic": ("fmt", "xlf:i"),
    "lb": ("fmt", "xlf:lb"),
    "link": ("link", None),
    "image": ("image", None),
}


def write_xliff(units: list[KitUnit], doc: str, lang: str, version: str, original: str) -> bytes:
    """The XLIFF file of one document's units in `version` (1.2 or 2.1)."""
    if version == "1.2":
        root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12}, version="1.2")
        file = etree.SubElement(root, f"{{{XLIFF12}}}file")
        file.attrib.update(
            {
                "original": original,
                "source-language": SOURCE_LANGUAGE,
                "target-language": lang,
                "datatype": "po",
                "product-name": doc,
            }
        )
        body = etree.SubElement(file, f"{{{XLIFF12}}}body")
        for unit in units:
            _unit_12(body, unit)
    else:
        root = etree.Element(f"{{{XLIFF2}}}xliff", nsmap={None: XLIFF2, "mda": MDA})
        root.attrib.update({"version": "2.1", "srcLang": SOURCE_LANGUAGE, "trgLang": lang})
        file = etree.SubElement(root, f"{{{XLIFF2}}}file", id=doc, original=original)
        for unit in units:
            _unit_2(file, unit)
    return to_bytes(root, STRUCTURAL)


def _unit_12(parent, unit: KitUnit) -> None:
    if unit.plural:
        parent = etree.SubElement(parent, f"{{{XLIFF12}}}group", id=unit.uid, restype=PLURALS_12)
    for form, (source, target) in enumerate(zip(unit.sources, unit.targets, strict=True)):
        uid = f"{unit.uid}.{form}" if unit.plural else unit.uid
        element = etree.SubElement(parent, f"{{{XLIFF12}}}trans-unit", id=uid)
        element.set(XML_SPACE, "preserve")
        inline = parse(source)
        _inline_12(etree.SubElement(element, f"{{{XLIFF12}}}source"), inline.nodes, inline.codes)
        if target:
            node = etree.SubElement(element, f"{{{XLIFF12}}}target", state=_STATE_12[unit.state])
            target_inline = _target_inline(source, target)
            _inline_12(node, target_inline.nodes, target_inline.codes)
        for note in unit.notes:
            etree.SubElement(element, f"{{{XLIFF12}}}note", {"from": TOOL}).text = note
        group = etree.SubElement(
            element, f"{{{XLIFF12}}}context-group", name=TOOL, purpose="information"
        )
        if unit.context is not None:
            _context(group, CONTEXT, unit.context)
        _context(group, SENT, unit.sent)
        pairs = {k: [c.native, c.close] for k, c in inline.codes.items() if c.paired}
        if pairs:
            _context(group, CODES, json.dumps(pairs, ensure_ascii=False))


def _context(group, kind: str, text: str) -> None:
    etree.SubElement(group, f"{{{XLIFF12}}}context", {"context-type": kind}).text = text


def _target_inline(source: str, target: str) -> Inline:
    """The target cut with the source's code ids where its markup is the source's, so a CAT
    tool pairs its tags with the source's; markup the source lacks stays text."""
    inline, wanted = parse(target), parse(source)
    free: dict[tuple, list[str]] = {}
    for code in wanted.codes.values():
        free.setdefault((code.native, code.close), []).append(code.id)

    def walk(nodes) -> list:
        out = []
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
                continue
            code = inline.codes[node.id]
            ids = free.get((code.native, code.close))
            key = ids.pop(0) if ids else None
            if isinstance(node, Ph):
                out.append(Ph(key) if key else code.native)
            elif key:
                out.append(Pair(key, tuple(walk(node.children))))
            else:
                out += [code.native, *walk(node.children), code.close]
        return out

    return Inline(walk(inline.nodes), wanted.codes)


def _inline_12(element, nodes, codes: dict[str, Code]) -> None:
    last = None
    for node in nodes:
        if isinstance(node, str):
            _add_text(element, last, node)
            continue
        code = codes[node.id]
        if isinstance(node, Ph):
            last = etree.SubElement(element, f"{{{XLIFF12}}}ph", id=node.id, ctype=_ctype(code))
            last.text = code.native
        else:
            last = etree.SubElement(element, f"{{{XLIFF12}}}g", id=node.id, ctype=_ctype(code))
            _inline_12(last, node.children, codes)


def _add_text(element, last, text: str) -> None:
    """Text after the last inline code written into `element` (or before any)."""
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _ctype(code: Code) -> str:
    """XLIFF 1.2's names where it has one (`<g>`: bold, italic, link; `<ph>`: lb, image)."""
    known = ("bold", "italic", "link") if code.paired else ("lb", "image")
    return code.kind if code.kind in known or code.kind.startswith("x-") else f"x-{code.kind}"


def _unit_2(parent, unit: KitUnit) -> None:
    if unit.plural:
        parent = etree.SubElement(parent, f"{{{XLIFF2}}}group", id=unit.uid, type=PLURALS_2)
    for form, (source, target) in enumerate(zip(unit.sources, unit.targets, strict=True)):
        uid = f"{unit.uid}.{form}" if unit.plural else unit.uid
        element = etree.SubElement(parent, f"{{{XLIFF2}}}unit", id=uid, canResegment="no")
        meta = etree.SubElement(
            etree.SubElement(element, f"{{{MDA}}}metadata"), f"{{{MDA}}}metaGroup", category=TOOL
        )
        if unit.context is not None:
            etree.SubElement(meta, f"{{{MDA}}}meta", type="msgctxt").text = unit.context
        etree.SubElement(meta, f"{{{MDA}}}meta", type="sent").text = unit.sent
        if unit.notes:
            notes = etree.SubElement(element, f"{{{XLIFF2}}}notes")
            for note in unit.notes:
                etree.SubElement(notes, f"{{{XLIFF2}}}note", category=TOOL).text = note
        inline = parse(source)
        if inline.codes:
            data = etree.SubElement(element, f"{{{XLIFF2}}}originalData")
            for code in inline.codes.values():
                etree.SubElement(data, f"{{{XLIFF2}}}data", id=f"d{code.id}").text = code.native
                if code.paired:
                    item = etree.SubElement(data, f"{{{XLIFF2}}}data", id=f"d{code.id}e")
                    item.text = code.close
        segment = etree.SubElement(element, f"{{{XLIFF2}}}segment")
        if target:
            segment.set("state", "translated" if unit.state == TRANSLATED else "initial")
            if unit.state == FUZZY:
                segment.set("subState", "localepress:fuzzy")
        node = etree.SubElement(segment, f"{{{XLIFF2}}}source")
        node.set(XML_SPACE, "preserve")
        _inline_2(node, inline.nodes, inline.codes)
        if target:
            node = etree.SubElement(segment, f"{{{XLIFF2}}}target")
            node.set(XML_SPACE, "preserve")
            target_inline = _target_inline(source, target)
            _inline_2(node, target_inline.nodes, target_inline.codes)


def _inline_2(element, nodes, codes: dict[str, Code]) -> None:
    last = None
    for node in nodes:
        if isinstance(node, str):
            _add_text(element, last, node)
            continue
        code = codes[node.id]
        default = ("other" if code.kind == "x-placeholder" else "fmt", None)
        kind, sub = _TYPES_2.get(code.kind, default)
        attrs = {"id": node.id, "canDelete": "no", "type": kind}
        if sub:
            attrs["subType"] = sub
        if isinstance(node, Ph):
            attrs.update(dataRef=f"d{node.id}", disp=code.native, equiv="")
            last = etree.SubElement(element, f"{{{XLIFF2}}}ph", attrs)
        else:
            attrs.update(dataRefStart=f"d{node.id}", dataRefEnd=f"d{node.id}e")
            attrs.update(dispStart=code.native, dispEnd=code.close)
            last = etree.SubElement(element, f"{{{XLIFF2}}}pc", attrs)
            _inline_2(last, node.children, codes)
