"""Markdown segmentation: one parse, one splice, two callbacks.

`rebuild` walks markdown-it-py's block tokens, finds each translatable block's inline text in
the source (headings, paragraphs, list items, quote paragraphs, table cells) and asks a callback
for its replacement. Extraction passes a callback that records and keeps; localization passes a
catalog lookup. Both use this one walk, so what is extracted is exactly what gets replaced.
The splice is hand-written because markdown-it-py renders HTML but has no Markdown writer:
re-rendering the tree would rewrite the author's Markdown where nothing is translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from localepress.markdown import DOCUMENT

_LIST_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")
_SINGLE_LINE_KINDS = ("heading", "table cell")


@dataclass(frozen=True)
class Segment:
    text: str  # the block's inline Markdown exactly as written
    kind: str  # "heading 2", "paragraph", "list item", "quote", "table cell"
    line: int  # 1-based line of the block in the Markdown source


Callback = Callable[[Segment], str | None]


def segments(markdown: str) -> list[Segment]:
    found: list[Segment] = []
    rebuild(markdown, lambda segment: found.append(segment))
    return found


def rebuild(markdown: str, callback: Callback, *, force: bool = False) -> str:
    """Return `markdown` with each segment replaced by `callback(segment)`.

    A callback answering None (or the segment's own text) leaves the source untouched, byte for
    byte; `force` splices even identical text, which tests use to prove the splice is exact.
    """
    lines = markdown.split("\n")
    edits: list[tuple[int, int, int, int, str]] = []
    for segment, (starts, end) in _walk(markdown, lines):
        replacement = callback(segment)
        if replacement is None or (replacement == segment.text and not force):
            continue
        edits.append((*starts[0], *end, _reflow(replacement, segment, lines, starts)))
    for line0, col0, line1, col1, text in reversed(edits):
        head, tail = lines[line0][:col0], lines[line1][col1:]
        lines[line0 : line1 + 1] = (head + text + tail).split("\n")
    return "\n".join(lines)


def _walk(markdown: str, lines: list[str]):
    """Yield (segment, (line starts, end)) for every translatable inline block."""
    containers: list[str] = []
    heading: str | None = None
    position = (0, 0)
    for token in DOCUMENT.parse(markdown):
        if token.type in ("list_item_open", "blockquote_open", "th_open", "td_open"):
            containers.append(token.type)
        elif token.type in ("list_item_close", "blockquote_close", "th_close", "td_close"):
            containers.pop()
        elif token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = None
        elif token.type == "inline" and token.content.strip():
            starts, end = _locate(token.content, lines, token.map, position)
            position = end
            yield (
                Segment(token.content, _kind(containers, heading), starts[0][0] + 1),
                (starts, end),
            )


def _kind(containers: list[str], heading: str | None) -> str:
    if heading:
        return f"heading {heading[1:]}"
    if containers and containers[-1] in ("th_open", "td_open"):
        return "table cell"
    if containers and containers[-1] == "list_item_open":
        return "list item"
    if containers and containers[-1] == "blockquote_open":
        return "quote"
    return "paragraph"


def _locate(content: str, lines: list[str], block_map, position):
    """Find `content` line by line in the source; return the (line, col) of each line's start
    and the end of the last one."""
    line = max(position[0], block_map[0] if block_map else 0)
    col = position[1] if line == position[0] else 0
    starts = []
    for part in content.split("\n"):
        while (found := lines[line].find(part, col)) < 0:
            line, col = line + 1, 0
        starts.append((line, found))
        end = (line, found + len(part))
        line, col = end[0] + 1, 0
    return starts, end


def _reflow(text: str, segment: Segment, lines: list[str], starts) -> str:
    """Give each line of a multi-line replacement the prefix its block needs: the source's own
    prefixes where it had that many lines, then the block's continuation prefix."""
    if "\n" not in text:
        return text
    if segment.kind.startswith(_SINGLE_LINE_KINDS) and len(starts) == 1:
        return " ".join(part.strip() for part in text.split("\n"))  # ATX heading, table row
    prefixes = [lines[line][:col] for line, col in starts[1:]]
    if not prefixes:
        line, col = starts[0]
        prefixes = [_LIST_MARKER.sub(lambda m: " " * len(m.group()), lines[line][:col])]
    parts = text.split("\n")
    return parts[0] + "".join(
        "\n" + prefixes[min(i, len(prefixes) - 1)] + part for i, part in enumerate(parts[1:])
    )
