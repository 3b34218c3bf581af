"""One parse per string: the features the checks compare, read from markdown-it-py tokens.

Both sides go through the parser `segment.py` uses (CommonMark plus tables), so the checks see
the structure the published edition will have, not what a regex guesses. One difference: links
are accepted whatever their scheme. markdown-it-py refuses `javascript:` links and leaves them as
text, but another renderer might not, and the markup check must see them to report them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from localepress.languages import get_language, ordinal
from localepress.markdown import CHECKING

OBJECT = "\ufffc"  # stands for code, URLs, placeholders… in `plain`, so nothing reads them as words
_INLINE_KINDS = ("heading", "table cell")  # segments that live on one line inside their block

Tag = tuple[str, tuple[tuple[str, str], ...]]  # name, sorted (attribute, value) pairs
NONE: Counter = Counter()  # shared by every feature found nowhere: never modify it
# Anything that may make a string more than one plain paragraph: inline markup (emphasis,
# code, links, images, HTML, entities, escapes, table pipes), a line break, edge whitespace, or
# a start that opens a block (heading, list, quote, setext underline, indented code).
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&|#~\n\r\t\x00]|^\s|\s$|^(?:[-+=>]|\d{1,9}[.)])")


@dataclass
class Text:
    raw: str
    blocks: tuple[str, ...] = ()  # block structure: "paragraph", "heading 2", "bullet list"…
    plain: str = ""  # what a reader sees: markup removed, code spans as OBJECT
    strong: int = 0
    em: int = 0
    italics: tuple[str, ...] = ()  # the text of each *…* span, in order
    hardbreaks: int = 0
    code: int = 0
    links: Counter = field(default_factory=Counter)  # href → count
    images: Counter = field(default_factory=Counter)  # src → count
    tags: Counter = field(default_factory=Counter)  # Tag → count (opening and void tags)
    closing: Counter = field(default_factory=Counter)  # name → count


@functools.lru_cache(maxsize=8192)
def analyse(raw: str, kind: str = "") -> Text:
    """Parse `raw`; a heading or table-cell segment is parsed as inline text, as it is spliced.

    Each string is parsed once per process (the checks and the spelling candidates share it;
    callers must not modify the result). A one-line string with nothing Markdown or HTML could
    read (`_NOT_PLAIN`) is a paragraph of plain text without the parser, and such a line in
    bold a bold paragraph: most prose is one or the other.
    """
    inline = kind.startswith(_INLINE_KINDS)
    blocks = () if inline else ("paragraph",)
    if raw and not _NOT_PLAIN.search(raw):
        return Text(raw, blocks, raw, links=NONE, images=NONE, tags=NONE, closing=NONE)
    inner = raw[2:-2] if raw.startswith("**") and raw.endswith("**") else ""
    if inner and not _NOT_PLAIN.search(inner):  # one line in bold, as slogans are
        return Text(raw, blocks, inner, 1, links=NONE, images=NONE, tags=NONE, closing=NONE)
    return parse(raw, kind)


def parse(raw: str, kind: str = "") -> Text:
    """`analyse` through markdown-it-py, whatever `raw` holds."""
    text = Text(raw)
    if kind.startswith(_INLINE_KINDS):
        tokens = CHECKING.parseInline(raw)
    else:
        tokens = CHECKING.parse(raw)
        text.blocks = tuple(_block_name(t) for t in tokens if t.nesting >= 0 and t.type != "inline")
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            parts.append(_inline(token.children or [], text))
        elif token.type == "html_block":
            parts.append(_html(token.content, text))
        elif token.type in ("code_block", "fence"):
            parts.append(OBJECT)
    text.plain = "\n".join(part for part in parts if part)
    return text


def _block_name(token) -> str:
    name = token.type.removesuffix("_open").replace("_", " ")
    return f"heading {token.tag[1:]}" if name == "heading" else name


def _inline(children, text: Text) -> str:
    out: list[str] = []
    opened: list[int] = []  # where each open *…* span starts in `out`
    for token in children:
        kind = token.type
        if kind == "text":
            out.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
            text.hardbreaks += kind == "hardbreak"
        elif kind == "code_inline":
            out.append(OBJECT)
            text.code += 1
        elif kind == "strong_open":
            text.strong += 1
        elif kind == "em_open":
            text.em += 1
            opened.append(len(out))
        elif kind == "em_close" and opened:
            text.italics += ("".join(out[opened.pop() :]),)
        elif kind == "link_open":
            text.links[str(token.attrs.get("href", ""))] += 1
        elif kind == "image":
            text.images[str(token.attrs.get("src", ""))] += 1
        elif kind == "html_inline":
            _html(token.content, text)
    return "".join(out)


def _html(fragment: str, text: Text) -> str:
    """Record the tags of an HTML fragment; return its text content."""
    collector = _TagCollector()
    collector.feed(fragment)
    collector.close()
    text.tags.update(collector.tags)
    text.closing.update(collector.closing)
    return "".join(collector.data)


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.closing: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted((name, value or "") for name, value in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.closing.append(tag)

    def handle_data(self, data):
        self.data.append(data)


# Text that is copied, not translated -------------------------------------------------------

URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'(){}\[\]]+[^\s<>\"'(){}\[\].,;:!?»”’]")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
PLACEHOLDER = re.compile(
    r"(?<!\{)\{(?:[A-Za-z_]\w*(?:\.\w+|\[[^\]{}]*\])*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})"
)
# printf conversions as Python's % and C's printf write them: %s, %d, %5.2f, %(name)s (no space
# flag, so the French "50 % des" is not read as one); "%%" is removed before matching.
PRINTF = re.compile(r"%(?:\([A-Za-z_]\w*\))?[#0+-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# What a match of each pattern must contain: `mask` skips a pattern the text cannot match.
_MAY_MATCH = {
    URL: lambda text: "://" in text or "www." in text,
    EMAIL: lambda text: "@" in text,
    PLACEHOLDER: lambda text: "{" in text,
    PRINTF: lambda text: "%" in text,
}


def mask(text: str, *patterns: re.Pattern) -> str:
    """Replace every match of `patterns` by OBJECT, so later checks do not read inside them."""
    for pattern in patterns:
        may_match = _MAY_MATCH.get(pattern)
        if may_match is None or may_match(text):
            text = pattern.sub(OBJECT, text)
    return text


def words(text: str) -> list[str]:
    """Words of `text` (letters, with inner apostrophes and hyphens), typographic ’ as '."""
    return [word.replace("’", "'") for word in WORD.findall(text)]


def word_forms(text: str) -> set[str]:
    """Lowercased words of `text` and their parts (l'année: l'année, l, année)."""
    return {form for word in words(text) for form in _forms(word)}


@functools.lru_cache(maxsize=65536)
def _forms(word: str) -> tuple[str, ...]:
    return tuple(form.lower() for form in (word, *_WORD_PARTS.split(word)) if form)


_WORD_PARTS = re.compile(r"[-']")


_ROMAN = re.compile(r"\b[MDCLXVI]+\b")
_ROMAN_VALID = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_numbers(text: str) -> list[int]:
    """Values of the Roman numerals in `text` (Spanish writes centuries so: siglo XVII)."""
    values = []
    for numeral in _ROMAN.findall(text):
        if not _ROMAN_VALID.fullmatch(numeral):
            continue
        digits = [_ROMAN_DIGITS[c] for c in numeral]
        values.append(
            sum(-d if d < n else d for d, n in zip(digits, [*digits[1:], 0], strict=True))
        )
    return values


_RAISED_ORDINAL = re.compile(r"(\d+)\.?<sup>")
_LEADING_ENUMERATOR = re.compile(r"^\s*(\d+)<sup>[^<]*</sup>\s*/")
_TAGS = re.compile(r"<[^>]+>")


def raised_ordinals(raw: str) -> Counter:
    """The numbers written as raised ordinals (10<sup>e</sup>) in `raw`: number → count."""
    return Counter(int(n) for n in _RAISED_ORDINAL.findall(raw)) if "<sup>" in raw else NONE


def ordinals_in_words(source: Text, translation: Text, lang: str | None) -> Counter:
    """The source's raised ordinals the translation spells out in the language's ordinal
    words (`ordinal_words` of source/languages.yml: first … ninth, also in compounds such
    as second-largest): number → count, at most as often as the source raises it."""
    raised = raised_ordinals(source.raw)
    words = get_language(lang).ordinal_words if raised and lang else ()
    found = Counter()
    for number, count in raised.items():
        if 1 <= number <= len(words):
            pattern = rf"(?i)\b{re.escape(words[number - 1])}\b"
            found[number] = min(count, len(re.findall(pattern, translation.plain)))
    return +found


def ordinals_on_the_line(source: Text, translation: Text, lang: str | None) -> int:
    """How many of the source's raised ordinals the translation writes on the line, as the
    language's house style does (English 10th, from its `ordinal` style), or keeps as the
    bare figure of a heading's leading enumerator (1<sup>er</sup> / … → 1 / …)."""
    raised = raised_ordinals(source.raw)
    if not raised or not lang:
        return 0
    found = 0
    for number, count in raised.items():
        form = _TAGS.sub("", ordinal(lang, number))
        if (
            form != str(number)
            and "<sup>" not in ordinal(lang, number)
            and not set(form) & {"ª", "º"}
        ):
            found += min(
                count, len(re.findall(rf"(?<![\d.]){re.escape(form)}\b", translation.plain))
            )
    lead = _LEADING_ENUMERATOR.match(source.raw)
    if lead and re.match(rf"\s*{lead[1]}\s*/", translation.plain):
        found += 1
    return found
