"""Inline codes: the markup and placeholders of a segment, as CAT tools must carry them.

A msgid is cut into text and codes: paired markup (`**…**`, `*…*`, `[…](url)`, `<sup>…</sup>`,
`<span lang="fr">…</span>`) and standalone codes (`{name}` fields, hard breaks `\\` at line
end, code spans, images, autolinks, unpaired tags). The exchange formats write them as XLIFF
`<g>`/`<pc>`/`<ph>` and TMX `<bpt>`/`<ept>`/`<ph>`, so a CAT tool shows a tag, not characters
a translator can break. The cut is read from markdown-it-py's inline tokens (the parser the
checks and editions use) and located in the text by hand, because markdown-it keeps no source
offsets for inline tokens; `render(parse(text)) == text` always holds, and a text the locator
cannot follow stays one plain run (never changed, only unprotected).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from localepress.errors import LocalepressError
from localepress.markdown import CHECKING

_BRACE_FIELD = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_HARD_BREAK = re.compile(r"(?:\\|[ ]{2,})\n")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID = frozenset({"br", "wbr", "img", "hr"})
_PAIRS = {"strong": "bold", "em": "italic", "link": "link", "s": "x-strike"}


class InlineError(LocalepressError):
    """Inline codes of a returned target that do not match its source."""


@dataclass(frozen=True)
class Code:
    id: str  # "1", "2"… in source order
    kind: str  # bold, italic, link, lb, image, x-html-sup, x-placeholder, x-code…
    native: str  # the markup (a pair's opening markup)
    close: str | None = None  # a pair's closing markup; None for a standalone code

    @property
    def paired(self) -> bool:
        return self.close is not None


@dataclass(frozen=True)
class Ph:
    id: str


@dataclass(frozen=True)
class Pair:
    id: str
    children: tuple = ()


@dataclass
class Inline:
    """A segment as nodes (str, Ph, Pair) and the codes they refer to by id."""

    nodes: list
    codes: dict[str, Code] = field(default_factory=dict)

    def render(self) -> str:
        return render(self.nodes, self.codes)


def parse(text: str) -> Inline:
    """Cut `text` into text and codes; a text the locator cannot follow is one plain run."""
    try:
        events = _events(text)
    except _Lost:
        events = [text] if text else []
    inline = _tree(events)
    if inline.render() != text:  # the invariant, whatever markdown-it made of the text
        return Inline([text] if text else [])
    return inline


def render(nodes, codes: dict[str, Code]) -> str:
    """The segment's markup text again: each code replaced by its native markup."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Ph):
            out.append(codes[node.id].native)
        else:
            code = codes[node.id]
            out += [code.native, render(node.children, codes), code.close or ""]
    return "".join(out)


def plain(nodes, codes: dict[str, Code], *, standalone: bool = False) -> str:
    """The text without its codes; `standalone` keeps standalone codes' markup (XLIFF 1.2
    `<ph>` and TMX carry it as their content, so tools read it as text)."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Ph):
            out.append(codes[node.id].native if standalone else "")
        else:
            out.append(plain(node.children, codes, standalone=standalone))
    return "".join(out)


def code_counts(text: str) -> Counter:
    """The markup of every code in `text` (pairs as opening…closing), for texts with no ids."""
    inline = parse(text)
    found: Counter = Counter()

    def walk(nodes):
        for node in nodes:
            if isinstance(node, Ph):
                found[inline.codes[node.id].native] += 1
            elif isinstance(node, Pair):
                code = inline.codes[node.id]
                found[f"{code.native}…{code.close}"] += 1
                walk(node.children)

    walk(inline.nodes)
    return found


# Events: str (text), ("ph", kind, native), ("open", family, kind, native),
# ("close", family, native)


class _Lost(Exception):
    """The locator lost its place in the text."""


def _events(text: str) -> list:
    located: list[tuple[int, int, tuple]] = []  # (start, end, event) of each code
    pos = 0
    tokens = CHECKING.parseInline(text)[0].children or [] if text else []
    skip_until_close = False
    for token in tokens:
        if skip_until_close:
            skip_until_close = token.type != "link_close"
            continue
        if token.type in ("text", "text_special", "softbreak", "html_block"):
            pos += len(token.content)  # decoded text is never longer than its source
            continue
        start, end, event = _locate(token, text, pos)
        skip_until_close = token.type == "link_open" and token.markup in ("autolink", "linkify")
        located.append((start, end, event))
        pos = end
    events: list = []
    last = 0
    for start, end, event in located:
        events += _with_fields(text[last:start])
        events.append(event)
        last = end
    return events + _with_fields(text[last:])


def _with_fields(text: str) -> list:
    """Text with its Python brace fields as standalone codes."""
    events, last = [], 0
    for found in _BRACE_FIELD.finditer(text):
        events += [text[last : found.start()]] if found.start() > last else []
        events.append(("ph", "x-placeholder", found.group()))
        last = found.end()
    return events + ([text[last:]] if last < len(text) else [])


def _locate(token, text: str, pos: int) -> tuple[int, int, tuple]:
    kind = token.type
    if kind == "hardbreak":
        found = _HARD_BREAK.search(text, pos)
        if not found:
            raise _Lost
        return found.start(), found.end(), ("ph", "lb", found.group())
    if kind.endswith(("_open", "_close")) and kind.rsplit("_", 1)[0] in ("strong", "em", "s"):
        family, side = kind.rsplit("_", 1)
        start = _find(text, token.markup, pos)
        end = start + len(token.markup)
        if side == "open":
            return start, end, ("open", family, _PAIRS[family], token.markup)
        return start, end, ("close", family, token.markup)
    if kind == "link_open":
        if token.markup in ("autolink", "linkify"):
            start = _find(text, "<", pos) if token.markup == "autolink" else pos
            href = token.attrs.get("href", "")
            end = text.index(">", start) + 1 if token.markup == "autolink" else pos + len(href)
            return start, end, ("ph", "link", text[start:end])
        start = _find(text, "[", pos)
        return start, start + 1, ("open", "link", "link", "[")
    if kind == "link_close":
        start = _find(text, "](", pos)
        end = _tail_end(text, start)
        return start, end, ("close", "link", text[start:end])
    if kind == "image":
        start = _find(text, "![", pos)
        end = _tail_end(text, _bracket_end(text, start + 1) - 1)
        return start, end, ("ph", "image", text[start:end])
    if kind == "code_inline":
        start = _find(text, token.markup, pos)
        end = text.find(token.markup, start + len(token.markup) + len(token.content.strip()))
        if end < 0:
            raise _Lost
        end += len(token.markup)
        return start, end, ("ph", "x-code", text[start:end])
    if kind == "html_inline":
        start = _find(text, token.content, pos)
        return start, start + len(token.content), _html_event(token.content)
    raise _Lost


def _html_event(tag: str) -> tuple:
    found = _TAG.match(tag)
    if not found or tag.endswith("/>") or found.group(2).lower() in _VOID:
        return ("ph", "x-html", tag)
    name = found.group(2).lower()
    if found.group(1):
        return ("close", f"html:{name}", tag)
    return ("open", f"html:{name}", f"x-html-{name}", tag)


def _find(text: str, needle: str, pos: int) -> int:
    """The next occurrence of `needle` at or after `pos` not escaped by a backslash."""
    while (found := text.find(needle, pos)) >= 0:
        backslashes = len(text[:found]) - len(text[:found].rstrip("\\"))
        if backslashes % 2 == 0:
            return found
        pos = found + 1
    raise _Lost


def _bracket_end(text: str, start: int) -> int:
    """Index just after the `]` closing the `[` at `start`."""
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += {"[": 1, "]": -1}.get(text[i], 0)
        i += 1
        if depth == 0:
            return i
    raise _Lost


def _tail_end(text: str, start: int) -> int:
    """Index just after a link's `](destination "title")`, `start` at its `]`."""
    i = start + 1
    if i >= len(text) or text[i] != "(":
        raise _Lost
    depth, quote = 0, None
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'" and text[i - 1].isspace():
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise _Lost


def _tree(events: list) -> Inline:
    """Nodes and codes from events: pairs that nest properly, every other code standalone."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for index, event in enumerate(events):
        if isinstance(event, tuple) and event[0] == "open":
            stack.append(index)
        elif (
            isinstance(event, tuple)
            and event[0] == "close"
            and stack
            and events[stack[-1]][1] == event[1]
        ):
            partner[stack.pop()] = index
    closes = set(partner.values())
    codes: dict[str, Code] = {}
    root: list = []
    open_nodes: list[tuple[str, list]] = []
    for index, event in enumerate(events):
        target = open_nodes[-1][1] if open_nodes else root
        if isinstance(event, str):
            if target and isinstance(target[-1], str):
                target[-1] += event
            elif event:
                target.append(event)
        elif index in partner:
            code = Code(str(len(codes) + 1), event[2], event[3], events[partner[index]][2])
            codes[code.id] = code
            open_nodes.append((code.id, []))
        elif index in closes:
            code_id, children = open_nodes.pop()
            (open_nodes[-1][1] if open_nodes else root).append(Pair(code_id, tuple(children)))
        else:  # a standalone code, or half of a pair that does not nest
            kind = event[1] if event[0] == "ph" else "x-tag"
            code = Code(str(len(codes) + 1), kind, event[-1])
            codes[code.id] = code
            target.append(Ph(code.id))
    return Inline(root, codes)


def build(events: list, codes: dict[str, Code]) -> list:
    """Nodes of a returned target from its events, held to the source's codes.

    Events are str, ("ph", id), ("open", id), ("close", id). A code of the source may appear
    once at most, a pair opened before it is closed and nested in the others; an InlineError
    says which code is repeated, unknown or out of order. Missing codes are `missing`'s.
    """
    seen: Counter = Counter()
    root: list = []
    stack: list[tuple[str, list]] = []
    for event in events:
        target = stack[-1][1] if stack else root
        if isinstance(event, str):
            if event:
                target.append(event)
            continue
        what, code_id = event
        code = codes.get(code_id)
        if code is None:
            raise InlineError(f"inline code {code_id} is not in the source")
        if code.paired != (what != "ph"):
            raise InlineError(f"inline code {code_id} ({_show(code)}) is used as the wrong kind")
        if what == "close":
            if not stack or stack[-1][0] != code_id:
                raise InlineError(f"inline code {code_id} ({_show(code)}) closes out of order")
            _, children = stack.pop()
            (stack[-1][1] if stack else root).append(Pair(code_id, tuple(children)))
            continue
        seen[code_id] += 1
        if seen[code_id] > 1:
            raise InlineError(f"inline code {code_id} ({_show(code)}) appears twice")
        if what == "ph":
            target.append(Ph(code_id))
        else:
            stack.append((code_id, []))
    if stack:
        code = codes[stack[-1][0]]
        raise InlineError(f"inline code {code.id} ({_show(code)}) is never closed")
    return root


def missing(nodes, codes: dict[str, Code]) -> list[str]:
    """The source codes (shown as markup) that `nodes` do not use."""
    used: set[str] = set()

    def walk(items):
        for node in items:
            if isinstance(node, (Ph, Pair)):
                used.add(node.id)
            if isinstance(node, Pair):
                walk(node.children)

    walk(nodes)
    return [_show(code) for key, code in codes.items() if key not in used]


def _show(code: Code) -> str:
    return f"{code.native}…{code.close}" if code.paired else code.native.replace("\n", "⏎")
