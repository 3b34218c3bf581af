"""Localization: a master notebook plus a catalog gives the notebook in the target language.

Markdown cells are rebuilt through `segment.rebuild` (the walk extraction used), with the
catalog as callback. A segment with no usable translation (missing, empty or fuzzy) keeps its
French, wrapped in `<span lang="fr">` so browsers and screen readers know. Code cells are left
as they are: at execution they read the compiled catalog through `localepress.editions.runtime`.
Termbase terms kept in French (the tagline) are marked `lang="fr"` too.
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass, field

import polib

from localepress.catalogs.segment import Segment, rebuild, segments
from localepress.languages import SOURCE_LANGUAGE, get_language
from localepress.markdown import DOCUMENT
from localepress.quality.termbase import mark_french


@dataclass
class Localized:
    notebook: object
    title: str
    description: str
    translated: int = 0
    fallbacks: list[str] = field(default_factory=list)


def translations(catalog: polib.POFile | None) -> dict[str, str]:
    """Usable translations of context-free singular entries: translated, not fuzzy, not obsolete."""
    if catalog is None:
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in catalog
        if not entry.obsolete
        and not entry.msgctxt
        and not entry.msgid_plural
        and entry.msgstr
        and "fuzzy" not in entry.flags
    }


def localize(
    nb, lang: str, catalog: polib.POFile | None, french_terms: list[str] = ()
) -> Localized:
    """Return the notebook in `lang` with what changed; the master is not modified."""
    language = get_language(lang)
    table = translations(catalog)
    result = Localized(copy.deepcopy(nb), "", "")

    def lookup(segment: Segment) -> str | None:
        if lang == SOURCE_LANGUAGE:
            return None
        text = table.get(segment.text)
        if text is None:
            result.fallbacks.append(segment.text)
            return f'<span lang="{SOURCE_LANGUAGE}">{segment.text}</span>'
        result.translated += 1
        return mark_french(text, french_terms)

    for cell in result.notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = rebuild(cell.source, lookup)
    meta = result.notebook.metadata.setdefault("localepress", {})
    meta["lang"] = language.html_tag
    result.title, result.description = _title_and_description(result.notebook)
    meta["title"] = result.title
    return result


def plain_text(markdown: str) -> str:
    """The reader-visible text of inline Markdown (for <title> and the meta description)."""
    tokens = DOCUMENT.parseInline(markdown)
    parts = []
    for token in tokens[0].children if tokens else []:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(token.content)
    return html.unescape(re.sub(r"\s+", " ", "".join(parts))).strip()


def _title_and_description(nb) -> tuple[str, str]:
    title = description = ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for seg in segments(cell.source):
            if not title and seg.kind == "heading 1":
                title = plain_text(seg.text)
            elif title and not description and seg.kind == "paragraph":
                description = plain_text(seg.text)
        if title and description:
            break
    return title, description
