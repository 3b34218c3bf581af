"""Locale typography, read on the reader-visible text (URLs, emails, placeholders masked).

Every rule is the language's data (source/languages.yml, through the language table):

- `french_spacing` (fr, oc): a narrow no-break space (U+202F) before ; ! ? and inside « », a
  no-break space (U+00A0) before :. Either no-break space is accepted where the other is
  expected (both were house styles); a plain space or none is reported. Other languages must
  not carry that spacing over (English "Why ?", Spanish « cita »).
- `quotes`: a straight " in the text is reported, naming the language's quotation marks.
- `apostrophe`: the other apostrophe (’ where the house writes ', or the reverse) is reported.
- `inverted_marks` (es): questions and exclamations need their opening ¿ ¡: a missing one is
  an error; everything else here is a warning.
"""

from __future__ import annotations

import re

from localepress.languages import Language, get_language
from localepress.quality.checks.issue import ERROR, WARNING, Issue
from localepress.quality.checks.text import EMAIL, OBJECT, PLACEHOLDER, URL, mask

TYPOGRAPHY = "typography"
NNBSP, NBSP = "\u202f", "\u00a0"
_NO_BREAK = (NNBSP, NBSP)
_SPACES = (" ", NNBSP, NBSP)
_WANTED = {";": "U+202F", "!": "U+202F", "?": "U+202F", ":": "U+00A0", "»": "U+202F"}
_CLUSTER = "?!…;:"  # a mark right after another needs no space of its own ("?!")
_OPENERS = "«([{\n" + OBJECT
_MARKS = re.compile("[;!?:»«]")  # the only characters either spacing rule looks at


def check_typography(plain: str, lang: str) -> list[Issue]:
    language = get_language(lang)
    text = mask(plain, URL, EMAIL, PLACEHOLDER)
    problems = _french_spacing(text) if language.french_spacing else _foreign_spacing(text)
    problems += _quotes(text, language) + _apostrophes(text, language)
    issues = [Issue(TYPOGRAPHY, WARNING, "; ".join(problems))] if problems else []
    if language.inverted_marks:
        issues += _inverted_marks(text)
    return issues


def _quotes(text: str, language: Language) -> list[str]:
    if '"' not in text or not language.quotes:
        return []
    marks = language.quotes
    wanted = f"{marks[0]}…{marks[1]}".replace(NNBSP, "")
    if len(marks) >= 4:
        wanted += f", {marks[2]}…{marks[3]} inside"
    if NNBSP in marks[0]:
        wanted += ", U+202F inside « »"
    count = text.count('"')
    return [f'{count} straight double quote{"s" * (count > 1)} " (write {wanted})']


_APOSTROPHE_NAMES = {"'": "straight apostrophe '", "’": "typographic apostrophe ’"}


def _apostrophes(text: str, language: Language) -> list[str]:
    house = language.apostrophe
    other = {"'": "’", "’": "'"}.get(house or "")
    if other is None or other not in text:
        return []
    at = text.index(other)
    context = text[max(0, at - 10) : at + 10].replace("\n", " ").strip()
    count = text.count(other)
    return [
        f"{count} {_APOSTROPHE_NAMES[other]} where the house style writes the "
        f"{_APOSTROPHE_NAMES[house]} in {context!r}"
    ]


def _french_spacing(text: str) -> list[str]:
    problems = []
    for mark in _MARKS.finditer(text):
        i, char = mark.start(), mark.group()
        if char in _WANTED:
            before = text[i - 1] if i else ""
            if not before or before in _NO_BREAK or before in _CLUSTER or before in _OPENERS:
                continue
            if char == ":" and before.isdigit() and text[i + 1 : i + 2].isdigit():
                continue  # 10:30
            problems.append(_spacing_problem(text, i, before, _WANTED[char]))
        elif char == "«":
            after = text[i + 1 : i + 2]
            if after and after not in _NO_BREAK:
                problems.append(_spacing_problem(text, i, after, "U+202F", after_mark=True))
    return problems


def _spacing_problem(text: str, i: int, neighbour: str, wanted: str, after_mark=False) -> str:
    mark = text[i]
    context = text[i : i + 12] if after_mark else text[max(0, i - 12) : i + 1]
    context = context.replace("\n", " ").strip()
    where = f"after {mark}" if after_mark else f"before {mark}"
    found = "a plain space" if neighbour.isspace() else "no space"
    return f"{found} {where} (want {wanted}) in {context!r}"


def _foreign_spacing(text: str) -> list[str]:
    problems = []
    for mark in _MARKS.finditer(text):
        i, char = mark.start(), mark.group()
        if char in "!?;:»" and i and text[i - 1] in _SPACES:
            problems.append(f"French spacing before {char} in {text[max(0, i - 12) : i + 1]!r}")
        elif char == "«" and text[i + 1 : i + 2] in _SPACES:
            problems.append(f"French spacing after « in {text[i : i + 12]!r}")
    return problems


def _inverted_marks(text: str) -> list[Issue]:
    issues = []
    for opening, closing, name in (("¿", "?", "question"), ("¡", "!", "exclamation")):
        opened, closed = text.count(opening), text.count(closing)
        if opened < closed:
            issues.append(
                Issue(TYPOGRAPHY, ERROR, f"{closed - opened} {name} without opening {opening}")
            )
        elif opened > closed:
            issues.append(
                Issue(TYPOGRAPHY, ERROR, f"{opened - closed} {opening} without closing {closing}")
            )
    return issues
