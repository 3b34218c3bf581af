"""Reading a returned XLIFF file (1.2 or 2.x) back into units, markup restored.

The codes come from the unit's source side (1.2: `<ph>` content and the `x-localepress-codes`
context; 2.x: `<originalData>`), never from the target, so a target can only place the
source's markup, not bring its own. Tools that rewrite `<g>`/`<pc>` as `<bx>`/`<ex>` or
`<sc>`/`<ec>`, or wrap segments in `<mrk>`, are read too. A unit whose codes do not add up
comes back with `problem` set, and is refused on its own; a file that is not XLIFF, or not
French into a target language, is an ExchangeError.
"""

from __future__ import annotations

import json

from localepress.errors import ExchangeError, UnknownLanguageError
from localepress.languages import SOURCE_LANGUAGE, get_language, normalize
from localepress.translators.inline import Code, InlineError, build, missing, render
from localepress.translators.units import (
    FUZZY,
    TRANSLATED,
    UNTRANSLATED,
    ReturnedUnit,
    join_forms,
)
from localepress.translators.xliff import (
    CODES,
    CONTEXT,
    PLURALS_2,
    PLURALS_12,
    SENT,
    TOOL,
    XLIFF2,
    XLIFF12,
)
from localepress.translators.xmlfiles import local, parse_xml

AGENCY_NOTE = "agency note:"
_DONE_12 = {"translated", "signed-off", "final"}
_DONE_2 = {"translated", "reviewed", "final"}


def read_xliff(data: bytes, name: str) -> tuple[str, list[tuple[str, list[ReturnedUnit]]]]:
    """(target language, [(document, units)…]) of a returned XLIFF file."""
    root = parse_xml(data, name)
    namespace = root.nsmap.get(None, "")
    if local(root) != "xliff" or namespace not in (XLIFF12, XLIFF2):
        raise ExchangeError(name, f"not an XLIFF 1.2 or 2.x file (root <{local(root)}>)", 1)
    two = namespace == XLIFF2
    if two:
        lang = _languages(name, root, root.get("srcLang"), root.get("trgLang"))
    files = []
    for file in root.iterchildren(f"{{{namespace}}}file"):
        if not two:
            lang = _languages(name, file, file.get("source-language"), file.get("target-language"))
        doc = _document(file.get("original") or file.get("id") or "", name, file)
        units = _units_2(file, doc, name) if two else _units_12(file, doc, name)
        files.append((doc, units))
    if not files:
        raise ExchangeError(name, "no <file> element", root.sourceline)
    return lang, files


def _languages(name: str, element, source: str | None, target: str | None) -> str:
    source_code = (source or "").split("-")[0].split("_")[0].lower()
    if source_code != SOURCE_LANGUAGE:
        raise ExchangeError(
            name, f"source language {source!r}; a localepress kit is in {SOURCE_LANGUAGE!r}",
            element.sourceline,
        )  # fmt: skip
    try:
        target_code = get_language(normalize(target or "") or (target or "")).code
    except UnknownLanguageError as exc:
        message = f"target language {target!r}: {exc}"
        raise ExchangeError(name, message, element.sourceline) from None
    if target_code == SOURCE_LANGUAGE:
        raise ExchangeError(name, f"target language {target!r} is the source", element.sourceline)
    return target_code


def _document(original: str, name: str, element) -> str:
    """The document a file element is for: `locales/<lang>/LC_MESSAGES/<doc>.po` → `<doc>`."""
    doc = original.rsplit("/", 1)[-1].removesuffix(".po")
    if not doc:
        raise ExchangeError(name, "a <file> element names no document", element.sourceline)
    return doc


def _units_12(file, doc: str, name: str) -> list[ReturnedUnit]:
    found = []
    for element in file.iter(f"{{{XLIFF12}}}trans-unit"):
        meta = {
            context.get("context-type"): context.text or ""
            for group in element.iterchildren(f"{{{XLIFF12}}}context-group")
            if group.get("name") == TOOL
            for context in group.iterchildren(f"{{{XLIFF12}}}context")
        }
        source = element.find(f"{{{XLIFF12}}}source")
        target = element.find(f"{{{XLIFF12}}}target")
        codes = _codes_12(source, meta.get(CODES))
        notes = [
            f"{AGENCY_NOTE} {note.text}"
            for note in element.iterchildren(f"{{{XLIFF12}}}note")
            if note.get("from") != TOOL and (note.text or "").strip()
        ]
        state = _state(target, target is not None and target.get("state") in _DONE_12)
        unit = _unit(doc, element, meta.get(CONTEXT), meta.get(SENT, ""), name, notes, state)
        _decode(unit, codes, source, target, _events_12)
        found.append((element.getparent().get("restype") == PLURALS_12, unit))
    return join_forms(found)


def _units_2(file, doc: str, name: str) -> list[ReturnedUnit]:
    found = []
    for element in file.iter(f"{{{XLIFF2}}}unit"):
        meta = {
            item.get("type"): item.text or ""
            for group in element.iter("{urn:oasis:names:tc:xliff:metadata:2.0}metaGroup")
            if group.get("category") == TOOL
            for item in group
        }
        segments = element.findall(f"{{{XLIFF2}}}segment")
        notes = [
            f"{AGENCY_NOTE} {note.text}"
            for note in element.iter(f"{{{XLIFF2}}}note")
            if note.get("category") != TOOL and (note.text or "").strip()
        ]
        sources = [s.find(f"{{{XLIFF2}}}source") for s in segments]
        targets = [s.find(f"{{{XLIFF2}}}target") for s in segments]
        done = all(s.get("state") in _DONE_2 for s in segments)
        state = _state(targets[0] if targets else None, done)
        unit = _unit(doc, element, meta.get("msgctxt"), meta.get("sent", ""), name, notes, state)
        codes = _codes_2(element, sources)
        _decode(unit, codes, sources, targets, _events_2)
        found.append((element.getparent().get("type") == PLURALS_2, unit))
    return join_forms(found)


def _unit(doc, element, context, sent, name, notes, state) -> ReturnedUnit:
    return ReturnedUnit(
        doc, element.get("id") or "", context, (), (), state, sent,
        f"{name}:{element.sourceline}", tuple(notes),
    )  # fmt: skip


def _state(target, done: bool) -> str:
    if target is None or not "".join(target.itertext()):
        return UNTRANSLATED
    return TRANSLATED if done else FUZZY


def _decode(unit: ReturnedUnit, codes, source, target, events) -> None:
    """Fill the unit's source and target texts, or say why its codes do not add up."""
    sources = source if isinstance(source, list) else [source]
    targets = target if isinstance(target, list) else [target]
    try:
        if codes is None or any(s is None for s in sources):
            raise InlineError("the unit lost its source or its inline code table")
        texts = [render(build(events(s), codes), codes) for s in sources]
        unit.sources = ("".join(texts),)
    except InlineError as exc:
        unit.problem = f"source: {exc}"
        return
    try:
        built = [build(events(t), codes) for t in targets if t is not None]
    except InlineError as exc:
        unit.problem = str(exc)
        return
    unit.targets = ("".join(render(nodes, codes) for nodes in built),)
    unit.missing = tuple(m for nodes in built for m in missing(nodes, codes)) if built else ()


def _codes_12(source, pairs: str | None) -> dict[str, Code] | None:
    if source is None:
        return None
    try:
        table = json.loads(pairs) if pairs else {}
    except ValueError:
        return None
    codes = {
        key: Code(key, "", str(value[0]), str(value[1]))
        for key, value in table.items()
        if isinstance(value, list) and len(value) == 2
    }
    for element in source.iter(f"{{{XLIFF12}}}ph"):
        codes[element.get("id", "")] = Code(element.get("id", ""), "", "".join(element.itertext()))
    return codes


def _codes_2(unit, sources) -> dict[str, Code] | None:
    data = {d.get("id"): "".join(d.itertext()) for d in unit.iter(f"{{{XLIFF2}}}data")}
    codes = {}
    for source in (s for s in sources if s is not None):
        for element in source.iter(f"{{{XLIFF2}}}ph", f"{{{XLIFF2}}}pc"):
            key = element.get("id", "")
            if local(element) == "ph":
                codes[key] = Code(key, "", data.get(element.get("dataRef"), ""))
            else:
                start, end = element.get("dataRefStart"), element.get("dataRefEnd")
                codes[key] = Code(key, "", data.get(start, ""), data.get(end, ""))
    return codes


def _events_12(element) -> list:
    out = [element.text or ""]
    for child in element:
        tag, key = local(child), child.get("id", "")
        if tag in ("ph", "x"):
            out.append(("ph", key))
        elif tag == "g":
            out += [("open", key), *_events_12(child), ("close", key)]
        elif tag == "bx":
            out.append(("open", child.get("rid") or key))
        elif tag == "ex":
            out.append(("close", child.get("rid") or key))
        elif tag == "mrk":
            out += _events_12(child)
        elif tag:
            raise InlineError(f"<{tag}> is not an inline code the hand-off wrote")
        out.append(child.tail or "")
    return out


def _events_2(element) -> list:
    out = [element.text or ""]
    for child in element:
        tag, key = local(child), child.get("id", "")
        if tag == "ph":
            out.append(("ph", key))
        elif tag == "pc":
            out += [("open", key), *_events_2(child), ("close", key)]
        elif tag == "sc":
            out.append(("open", key))
        elif tag == "ec":
            out.append(("close", child.get("startRef") or key))
        elif tag == "mrk":
            out += _events_2(child)
        elif tag and tag not in ("sm", "em"):
            raise InlineError(f"<{tag}> is not an inline code the hand-off wrote")
        out.append(child.tail or "")
    return out
