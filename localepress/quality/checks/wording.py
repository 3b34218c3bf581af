"""Checks on the translation as a whole: left in French, edge whitespace, final punctuation,
length. All but same-as-source are warnings, as in pofilter and Weblate.

Same-as-source skips entries that are only names (do-not-translate terms, capitalised words),
numbers, URLs, emails and placeholders: those are rightly copied. Final punctuation compares
kinds, not characters: "…" and "...", French "␣?" and Spanish "?" agree; closing quotes,
brackets and emphasis after the mark are looked through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from localepress.quality.checks.issue import ERROR, WARNING, Issue
from localepress.quality.checks.text import EMAIL, PLACEHOLDER, URL, Text, mask, words
from localepress.quality.termbase import Term

MIN_LENGTH = 20  # shorter sources give meaningless length ratios
RATIO = (0.5, 2.0)  # translation length / source length outside this is worth a look

_FINAL = {".": "full stop", "!": "exclamation mark", "?": "question mark", "…": "ellipsis"}
_FINAL |= {":": "colon", ";": "semicolon", ",": "comma"}
_CLOSERS = " \t\n\u00a0\u202f\"'»”’)]*_"
_SPACES = re.compile(r"\s+")


def check_same_as_source(source: Text, translation: Text, terms: Iterable[Term]) -> list[Issue]:
    if _flat(source.raw) != _flat(translation.raw):
        return []
    rest = mask(source.plain, URL, EMAIL, PLACEHOLDER)
    for term in terms:
        if term.do_not_translate:
            rest = re.sub(re.escape(term.source), " ", rest, flags=re.IGNORECASE)
    if all(word[0].isupper() for word in words(rest)):
        return []  # names only (or nothing at all): copying is right
    return [Issue("same-as-source", ERROR, "translation is identical to the French source")]


def check_whitespace(source: str, translation: str) -> list[Issue]:
    """Leading and trailing spaces; newlines are msgfmt's to report."""
    issues = []
    for where, s, t in (
        ("leading", _lead(source), _lead(translation)),
        ("trailing", _lead(source[::-1]), _lead(translation[::-1])),
    ):
        if s != t:
            issues.append(
                Issue(
                    "whitespace",
                    WARNING,
                    f"{where} whitespace {t!r} differs from the source's {s!r}",
                )
            )
    return issues


def check_punctuation(source: Text, translation: Text) -> list[Issue]:
    s, t = final_mark(source.plain), final_mark(translation.plain)
    if s == t:
        return []
    said = {None: "no final punctuation"}
    return [
        Issue(
            "punctuation",
            WARNING,
            f"source ends with {said.get(s) or 'a ' + _FINAL[s]}, "
            f"translation with {said.get(t) or 'a ' + _FINAL[t]}",
        )
    ]


def check_length(source: Text, translation: Text) -> list[Issue]:
    s, t = len(_flat(source.plain)), len(_flat(translation.plain))
    if s < MIN_LENGTH or RATIO[0] <= t / s <= RATIO[1]:
        return []
    return [Issue("length", WARNING, f"translation is {t / s:.1f}× the source's length ({t}/{s})")]


def final_mark(plain: str) -> str | None:
    """The kind of the final punctuation mark: '.', '!', '?', '…', ':', ';', ',' or None."""
    text = plain.rstrip(_CLOSERS).replace("...", "…")
    last = text[-1:] if text else ""
    return last if last in _FINAL else None


def _lead(text: str) -> str:
    return text[: len(text) - len(text.lstrip(" \t\u00a0\u202f"))]


def _flat(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u202f", " ")).strip()
