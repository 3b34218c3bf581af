"""Preview overlays: each Markdown segment of a preview page carries its catalog entry.

Only preview pages get them; the editions are built as always and this module rewrites the
page afterwards, so a published page never holds a trace of it. Each segment's block (heading,
paragraph, list item, table cell) gets `data-lp-*` attributes: its status, its `.po` file and
line, msgid, msgstr and the French as plain text, all attribute-escaped here. The overlay
script (`templates/preview/overlay.js`) reads them with `dataset` and shows them through
`textContent`, never as markup.

The blocks are found on markdown-it's own tokens: the parse the editions render from, with an
attribute set on each segment's opening token. The sanitiser would drop that attribute, so it
travels through `export.sanitize` and `export.typeset` as a marker of private-use characters
with a per-page nonce (a translator cannot forge it) and becomes the attributes afterwards;
removing them gives back the published cell byte for byte (tests/test_preview_overlay.py).
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import markupsafe
import polib

from localepress.catalogs.segment import segments
from localepress.catalogs.stats import status as entry_status
from localepress.editions import export
from localepress.editions.localize import plain_text
from localepress.languages import SOURCE_LANGUAGE
from localepress.markdown import DOCUMENT
from localepress.quality.termbase import mark_french

OVERLAY_HEAD = (
    '<meta name="localepress-preview" content="{page}">\n'
    '<link rel="stylesheet" href="/_preview/overlay.css">\n'
    '<script src="/_preview/overlay.js" defer></script>\n'
)
_OPEN, _CLOSE = "\ue000", "\ue001"
_BLOCKS = ("heading_open", "paragraph_open", "th_open", "td_open")
_MARKED = re.compile(r'<(?P<tag>[a-z0-9]+)(?P<before>[^<>]*?) data-lp-seg="(?P<mark>[^"<>]+)"'
                     r"(?P<after>[^<>]*)>")  # fmt: skip


@dataclass(frozen=True)
class SegmentInfo:
    """One Markdown segment of an edition as the preview shows it."""

    sid: str  # stable across builds: the msgid's digest and its occurrence in the document
    cell: str  # the notebook cell holding it
    msgid: str
    msgstr: str  # as the catalog holds it (a fuzzy entry's text too, though not shown)
    status: str  # translated, fuzzy, untranslated, missing (not in the catalog), source
    where: str  # "locales/en/LC_MESSAGES/doc.po:123", the entry's msgid line
    shown: str  # the Markdown the page shows in its place (what localize put there)

    def attributes(self) -> str:
        values = {
            "seg": self.sid, "status": self.status, "where": self.where, "msgid": self.msgid,
            "msgstr": self.msgstr, "fr": plain_text(self.msgid),
        }  # fmt: skip
        return "".join(f' data-lp-{k}="{html.escape(v, quote=True)}"' for k, v in values.items())


def segment_infos(
    master, lang: str, catalog: polib.POFile | None, where, french_terms=()
) -> list[SegmentInfo]:
    """Every Markdown segment of the master notebook, in order, with its entry in `catalog`.

    `where(entry_or_None, msgid)` names the file and line to show; the `shown` text is what
    `localize` puts in the page for the segment (its French fallback included)."""
    entries = {}
    for entry in catalog or ():
        if not entry.obsolete and not entry.msgctxt and not entry.msgid_plural:
            entries.setdefault(entry.msgid, entry)
    seen: Counter[str] = Counter()
    found = []
    for cell in master.cells:
        if cell.cell_type != "markdown":
            continue
        for text in _segment_texts(cell.source):
            seen[text] += 1
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
            entry = entries.get(text)
            state = entry_status(entry) if entry is not None else "missing"
            if lang == SOURCE_LANGUAGE:
                state, shown = "source", text
            elif state == "translated":
                shown = mark_french(entry.msgstr, french_terms)
            else:
                shown = f'<span lang="{SOURCE_LANGUAGE}">{text}</span>'
            found.append(SegmentInfo(
                f"{digest}-{seen[text]}", cell.get("id", ""), text,
                entry.msgstr if entry is not None else "", state, where(entry, text), shown,
            ))  # fmt: skip
    return found


@lru_cache(maxsize=4096)
def _segment_texts(source: str) -> tuple[str, ...]:
    """The master cell's segments: the master rarely changes between two builds."""
    return tuple(segment.text for segment in segments(source))


def annotate(page: str, localized, infos: list[SegmentInfo], page_name: str) -> str:
    """The preview page: `page` (an edition's HTML) with each Markdown cell's segments marked
    and the overlay's stylesheet and script linked in its head."""
    by_cell: dict[str, list[SegmentInfo]] = {}
    for info in infos:
        by_cell.setdefault(info.cell, []).append(info)
    for cell in localized.cells:
        if cell.cell_type != "markdown" or not by_cell.get(cell.get("id", "")):
            continue
        opening = f'id="cell-{markupsafe.escape(cell.id)}">'
        published, marked = _marked_cell(cell.source, tuple(by_cell[cell.id]))
        start = page.find(opening)
        body = start + len(opening) if start >= 0 else -1
        gap = len(page[body:]) - len(page[body:].lstrip()) if body >= 0 else 0
        if body < 0 or not page.startswith(published, body + gap):
            continue  # the page was laid out otherwise: this cell stays unmarked
        page = page[: body + gap] + marked + page[body + gap + len(published) :]
    head = OVERLAY_HEAD.format(page=html.escape(page_name, quote=True))
    return page.replace("</head>", head + "</head>", 1)


@lru_cache(maxsize=4096)
def _marked_cell(source: str, infos: tuple[SegmentInfo, ...]) -> tuple[str, str]:
    """A cell as published and as marked; kept, as most cells are the same from one save to
    the next (parsing them all again was most of a rebuild)."""
    return export.render_markdown(source), annotated_markdown(source, list(infos))


def annotated_markdown(source: str, infos: list[SegmentInfo]) -> str:
    """`export.render_markdown(source)` with each segment's block carrying its attributes."""
    nonce = secrets.token_hex(8)
    tokens = DOCUMENT.parse(source)
    pending, by_sid = list(infos), {info.sid: info for info in infos}
    for index, token in enumerate(tokens):
        if token.type == "inline" and token.content.strip() and index:
            info = _take(token.content, pending)
            block = _block(tokens, index)
            if info is not None and block is not None:
                block.attrSet("data-lp-seg", f"{nonce}:{info.sid}")
    rendered = DOCUMENT.renderer.render(tokens, DOCUMENT.options, {})
    rendered = _MARKED.sub(_to_marker, rendered)
    clean = export.typeset(export.sanitize(rendered))
    marker = f"{_OPEN}{nonce}:([^{_CLOSE}<>]+){_CLOSE}"

    def attributes(sid: str, tag: str, extra: str = "") -> str:
        info = by_sid.get(sid)
        return f"<{tag}{extra}{info.attributes() if info else ''}>"

    paragraph = marker + r'<p( class="statement")?>'
    clean = re.sub(paragraph, lambda m: attributes(m[1], "p", m[2] or ""), clean)
    clean = re.sub(r"<(h[1-6]|li|td|th)>" + marker, lambda m: attributes(m[2], m[1]), clean)
    return re.sub(f"{_OPEN}{nonce}:[^{_CLOSE}]*{_CLOSE}", "", clean)


def _to_marker(match: re.Match) -> str:
    """Move the attribute out of the tag as a marker: before a paragraph (so `typeset` still
    sees `<p><strong>`), just inside any other block (text cannot stand between table tags)."""
    tag = f"<{match['tag']}{match['before']}{match['after']}>"
    marker = f"{_OPEN}{match['mark']}{_CLOSE}"
    return marker + tag if match["tag"] == "p" else tag + marker


def _take(content: str, pending: list[SegmentInfo]) -> SegmentInfo | None:
    """The pending segment whose shown text this block holds (looking a few ahead, in case a
    translation split or merged blocks); the ones skipped are dropped."""
    wanted = _normal(content)
    for offset, info in enumerate(pending[:4]):
        if _normal(info.shown) == wanted:
            del pending[: offset + 1]
            return info
    return None


def _normal(text: str) -> str:
    return " ".join(text.split())


def _block(tokens, index: int):
    """The token that opens the block of the inline token at `index`: its heading, paragraph
    or cell, or for a tight list's hidden paragraph, its list item."""
    opening = tokens[index - 1]
    if opening.type not in _BLOCKS:
        return None
    if opening.type == "paragraph_open" and opening.hidden:
        for token in reversed(tokens[: index - 1]):
            if token.type == "list_item_open" and token.level == opening.level - 1:
                return token
        return None
    return opening
