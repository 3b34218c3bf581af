"""Markup parity: the translation must have the source's Markdown and HTML, and nothing more.

Token features are compared as multisets, so a translator may reorder bold or links as the
language needs. Anything the translation adds (a tag, an attribute, a link or image target) is
an error; tags outside a small formatting allowlist, new attributes, new images and non-web
link schemes (`javascript:`, `data:`…) are guards, which `# ignore-check` cannot silence.
A dropped `<sup>` is only a warning, and none when the ordinal is written another way the
language uses (Spanish 10.ª, siglo XVII, English 10th or fifth, a heading's "1 /"). Italics
added around a word the French source also has (a foreign word kept as it is: Spanish
*marketing*) are the language's typography, not a markup change.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from localepress.quality.checks.issue import ERROR, WARNING, Issue
from localepress.quality.checks.text import (
    Text,
    ordinals_in_words,
    ordinals_on_the_line,
    raised_ordinals,
    roman_numbers,
)

MARKUP = "markup"
SAFE_TAGS = frozenset(
    {"abbr", "b", "br", "em", "i", "mark", "s", "small", "span", "strong", "sub", "sup", "u", "wbr"}
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
_UNSAFE_URL = re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")
_TABLE_PIPE = re.compile(r"(?<!\\)\|")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*")


def check_markup(
    source: Text, translation: Text, kind: str = "", lang: str | None = None
) -> list[Issue]:
    issues: list[Issue] = []
    if source.blocks != translation.blocks:
        issues.append(
            Issue(
                MARKUP,
                ERROR,
                f"block structure differs: {_describe(source.blocks)} in the source, "
                f"{_describe(translation.blocks)} in the translation",
            )
        )
    for name, s, t in (
        ("bold **…**", source.strong, translation.strong),
        ("italic *…*", source.em, translation.em - _kept_foreign_words(source, translation)),
        ("hard line breaks (trailing \\)", source.hardbreaks, translation.hardbreaks),
        ("code spans `…`", source.code, translation.code),
    ):
        if s != t:
            severity = WARNING if s and t and name.startswith(("bold", "italic")) else ERROR
            issues.append(
                Issue(MARKUP, severity, f"{name}: {s} in the source, {t} in the translation")
            )
    issues += _targets("link", source.links, translation.links)
    issues += _targets("image", source.images, translation.images)
    issues += _tags(source, translation, lang)
    if kind.startswith("table cell"):
        s, t = len(_TABLE_PIPE.findall(source.raw)), len(_TABLE_PIPE.findall(translation.raw))
        if s != t:
            issues.append(
                Issue(MARKUP, ERROR, f"unescaped | splits the table cell ({t}, source {s})")
            )
    unsafe = _UNSAFE_URL.search(translation.raw) and not _UNSAFE_URL.search(source.raw)
    if unsafe and not any(issue.guard for issue in issues):
        issues.append(Issue(MARKUP, ERROR, "script or data URL not in the source", guard=True))
    if not any(issue.guard for issue in issues) and (
        found := _browser_markup(translation.raw) - _browser_markup(source.raw)
    ):
        shown = ", ".join(sorted(found))[:80]
        issues.append(
            Issue(MARKUP, ERROR, f"text a browser would read as markup: {shown}", guard=True)
        )
    return issues


def _browser_markup(raw: str) -> Counter:
    """Tags and declarations an HTML parser finds in `raw`, code spans left out.

    CommonMark takes `<svg/onload=…>` or `alt="x"onerror=…` for text, and so do the other
    checks; an HTML parser, like a browser given the Markdown edition, reads elements with
    event handlers. Plain tags of the formatting allowlist without attributes are left to
    the parity checks.
    """
    if "<" not in raw:
        return Counter()  # no tag, declaration or processing instruction without one
    collector = _BrowserTags()
    collector.feed(_CODE_SPAN.sub("", raw))
    collector.close()
    return Counter(collector.found)


class _BrowserTags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if _TAG_NAME.fullmatch(tag) and (tag not in SAFE_TAGS or attrs):
            names = " ".join(sorted(name for name, _ in attrs))
            self.found.append(f"<{tag}{' ' if names else ''}{names}>")

    handle_startendtag = handle_starttag

    def unknown_decl(self, data):
        self.found.append(f"<![{data[:12]}")

    def handle_pi(self, data):
        self.found.append(f"<?{data[:12]}")


def _describe(blocks: tuple[str, ...]) -> str:
    return " > ".join(blocks) if blocks else "no block"


def safe_url(url: str) -> bool:
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def _targets(kind: str, source: Counter, translation: Counter) -> list[Issue]:
    """Link or image targets; a new image (a tracking pixel?) or unsafe scheme is a guard."""
    if not source and not translation:
        return []
    added, dropped = translation - source, source - translation
    issues = []
    if len(added) == 1 and len(dropped) == 1:
        (old,), (new,) = dropped, added
        guard = kind == "image" or not safe_url(new)
        note = "" if safe_url(new) else " (unsafe scheme)"
        return [Issue(MARKUP, ERROR, f"{kind} target changed from {old!r} to {new!r}{note}", guard)]
    for url in added:
        note = "" if safe_url(url) else " (unsafe scheme)"
        guard = kind == "image" or not safe_url(url)
        issues.append(Issue(MARKUP, ERROR, f"{kind} to {url!r} is not in the source{note}", guard))
    for url in dropped:
        issues.append(Issue(MARKUP, ERROR, f"{kind} to {url!r} dropped"))
    return issues


def _tags(source: Text, translation: Text, lang: str | None) -> list[Issue]:
    if not (source.tags or translation.tags or source.closing or translation.closing):
        return []
    issues = []
    added, dropped = translation.tags - source.tags, source.tags - translation.tags
    source_attributes = {(name, attr) for name, attrs in source.tags for attr in attrs}
    changed = set()
    for (name, attrs), count in added.items():
        if (name, attrs) in source.tags:  # the same tag, more often
            issues.append(Issue(MARKUP, ERROR, f"<{name}> added ({count} more than the source)"))
            continue
        if name in {n for n, _ in source.tags}:
            changed.add(name)
            new = [
                f"{key}={value!r}"
                for key, value in attrs
                if (name, (key, value)) not in source_attributes
            ]
            message = f"<{name}> has attributes the source lacks: {', '.join(new)}"
            if not new:
                message = f"<{name}> lost attributes the source has"
            issues.append(Issue(MARKUP, ERROR, message, guard=bool(new)))
            continue
        guard = name not in SAFE_TAGS or bool(attrs)
        issues.append(Issue(MARKUP, ERROR, f"<{name}> is not in the source", guard))
    ordinals = _ordinal_alternatives(source, translation, lang)
    for (name, _attrs), count in dropped.items():
        if name in changed:
            continue
        if name == "sup":
            count -= ordinals
            if count <= 0:
                continue
        severity = WARNING if name in ("sup", "sub") else ERROR
        issues.append(Issue(MARKUP, severity, f"<{name}> dropped ({count} missing)"))
    opened_s, opened_t = (
        Counter(n for n, _ in source.tags.elements()),
        Counter(n for n, _ in translation.tags.elements()),
    )
    for name in set(source.closing) | set(translation.closing):
        if opened_s[name] == opened_t[name] and source.closing[name] != translation.closing[name]:
            issues.append(
                Issue(
                    MARKUP,
                    ERROR,
                    f"</{name}>: {source.closing[name]} in the source, "
                    f"{translation.closing[name]} in the translation",
                )
            )
    return issues


def _ordinal_alternatives(source: Text, translation: Text, lang: str | None) -> int:
    """How many ordinals the translation writes without <sup>: ª º, Roman numerals, or the
    language's own way (on the line, in words)."""
    numbers = raised_ordinals(source.raw)
    romans = sum(1 for value in roman_numbers(translation.plain) if value in numbers)
    return (
        translation.plain.count("ª") + translation.plain.count("º") + romans
        + ordinals_on_the_line(source, translation, lang)
        + sum(ordinals_in_words(source, translation, lang).values())
    )  # fmt: skip


def _kept_foreign_words(source: Text, translation: Text) -> int:
    """Italic spans the translation adds around words the French source has, not in italics
    there: a foreign word kept as it is, set in italics as the language's typography wants."""
    if translation.em <= source.em:
        return 0
    source_words = source.plain.casefold()
    kept = [
        span for span in translation.italics
        if span.strip() and span not in source.italics
        and re.search(rf"(?<!\w){re.escape(span.strip().casefold())}(?!\w)", source_words)
    ]  # fmt: skip
    return min(len(kept), translation.em - source.em)
