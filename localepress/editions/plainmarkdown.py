"""The Markdown edition as a CMS takes it: no inline HTML, one line-break style, front matter.

The prose carries a little HTML that the HTML and PDF editions need: `<sup>` for French and
Occitan ordinals and `<span lang="fr">` around French words kept in another language. Many
CMSs strip or escape raw HTML, so here `<sup>` becomes Unicode superscript letters (10ᵉ,
1ᵉʳ), or the ending on the line when a letter has no superscript form (Occitan 1èr), and the
language spans are dropped (Markdown cannot mark a language). Hard line breaks are written one
way, a backslash at the end of the line (trailing spaces are invisible and editors strip them).
The YAML front matter names the title, language, date, the French original and the source
revision. Fenced code and code spans are left as they are. Sanitised HTML *outputs* of a cell
(`<div>` blocks, see export._html_block) are not prose and are kept.

Hand-written because the job is a few rewrites of markdown-it's own output, not a parse:
converting through an HTML → Markdown library would rewrite the author's Markdown.
"""

from __future__ import annotations

import re

import yaml

SUPERSCRIPT = dict(
    zip(
        "abcdefghijklmnoprstuvwxyz0123456789",
        "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁰¹²³⁴⁵⁶⁷⁸⁹",
        strict=True,
    )
)
_SUP = re.compile(r"<sup>([^<>]*)</sup>", re.IGNORECASE)
_SPAN = re.compile(r'<span lang="[A-Za-z-]+">|</span>')
_HARD_BREAK = re.compile(r"(?<=\S) {2,}$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def superscript(text: str) -> str:
    """`text` in Unicode superscript letters, or as it is when one has no superscript form."""
    if all(char in SUPERSCRIPT for char in text):
        return "".join(SUPERSCRIPT[char] for char in text)
    return text


def plain_inline(line: str) -> str:
    """One line of Markdown without <sup> and language spans (code spans untouched)."""
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(line):
        parts += [_rewrite(line[last : match.start()]), match.group()]
        last = match.end()
    return "".join(parts) + _rewrite(line[last:])


def _rewrite(text: str) -> str:
    text = _SUP.sub(lambda m: superscript(m.group(1)), text)
    return _SPAN.sub("", text)


def finish(markdown: str, front_matter: dict | None = None) -> str:
    """The edition's Markdown: inline HTML rewritten, backslash hard breaks, front matter."""
    source, lines, fence = markdown.split("\n"), [], None
    for index, line in enumerate(source):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)[0] * 3
        elif fence is not None and line.lstrip().startswith(fence):
            fence = None
        elif fence is None:
            line = plain_inline(line)
            following = source[index + 1] if index + 1 < len(source) else ""
            # a break inside a paragraph; trailing spaces at its end are just dropped
            line = _HARD_BREAK.sub("\\\\", line) if following.strip() else line.rstrip(" ")
        lines.append(line)
    body = "\n".join(lines)
    if not front_matter:
        return body
    head = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n\n{body}"
