"""Termbase checks: approved terms used, forbidden variants avoided, do-not-translate terms kept.

Terms are matched word by word, ignoring case and accents, and a word matches its inflections
when their Snowball stems agree (`snowballstemmer`; Occitan, which Snowball lacks, uses the
Catalan stemmer, the nearest) or when one word extends the other by at most two letters
(récit, récits). Longer terms win: "le Sud Ingénieux" in a source does not also ask for the
approved translation of "ingénieux". A do-not-translate term must appear exactly as written,
except for the case of its first letter ("le Sud Ingénieux" inside a sentence).

Severities: a do-not-translate term altered and a forbidden variant used instead of the
approved term are errors; an approved term not found is a warning (paraphrase is legitimate).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

import snowballstemmer

from localepress.quality.checks.issue import ERROR, WARNING, Issue
from localepress.quality.checks.text import word_forms, words
from localepress.quality.termbase import Term

TERMBASE = "termbase"
_STEMMERS = {"fr": "french", "en": "english", "es": "spanish", "oc": "catalan"}


def check_terms(source: str, translation: str, lang: str, terms: Iterable[Term]) -> list[Issue]:
    found = terms_in(source, terms) if terms else []
    if not found:
        return []
    issues = []
    target_words = words(translation)
    flat = _flat(translation)
    for term in found:
        if term.do_not_translate:
            if _contains_exactly(flat, term.source):
                continue
            used = [v for v in term.forbidden.get(lang, ()) if _find(v, target_words, lang)]
            detail = f": forbidden variant {used[0]!r} used" if used else " or missing"
            issues.append(
                Issue(TERMBASE, ERROR, f"do-not-translate term {term.source!r} altered{detail}")
            )
            continue
        approved = term.targets.get(lang, "")
        if not approved:
            continue
        present = _find(approved, target_words, lang)
        for variant in term.forbidden.get(lang, ()):
            if _find(variant, target_words, lang):
                severity = WARNING if present else ERROR
                issues.append(
                    Issue(
                        TERMBASE,
                        severity,
                        f"forbidden variant {variant!r} for {term.source!r} (use {approved!r})",
                    )
                )
                present = True  # one finding per term is enough
        if not present:
            issues.append(
                Issue(
                    TERMBASE, WARNING, f"approved term {approved!r} for {term.source!r} not found"
                )
            )
    return issues


def terms_in(text: str, terms: Iterable[Term]) -> list[Term]:
    """Terms whose French form occurs in `text`, longest first, overlapping matches dropped."""
    found, claimed = [], set()
    text_words, flat = words(text), _flat(text)
    for term in sorted(terms, key=lambda t: -len(words(t.source))):
        if term.do_not_translate and not _contains_exactly(flat, term.source):
            continue  # names are matched as written: "ATOME" the venue, not "atome"
        for start, end in _spans(words(term.source), text_words, "fr"):
            if claimed.isdisjoint(range(start, end)):
                claimed.update(range(start, end))
                if term not in found:
                    found.append(term)
    return found


def term_words(terms: Iterable[Term]) -> set[str]:
    """Every word of every form in the termbase, lowercased (spelling ignores them)."""
    forms = set()
    for term in terms:
        forms.update([term.source, *term.targets.values()])
        forms.update(v for variants in term.forbidden.values() for v in variants)
    return word_forms(" ".join(forms))


def _find(phrase: str, text_words: list[str], lang: str) -> bool:
    return bool(_spans(words(phrase), text_words, lang))


def _spans(phrase: list[str], text: list[str], lang: str) -> list[tuple[int, int]]:
    phrase = [piece for word in phrase for piece in _split(word)]
    text = [piece for word in text for piece in _split(word)]
    n = len(phrase)
    return [
        (i, i + n)
        for i in range(len(text) - n + 1)
        if n and all(_same(phrase[k], text[i + k], lang) for k in range(n))
    ]


def _split(word: str) -> list[str]:
    """Apostrophes and hyphens separate words for matching: d'identité, value-chain."""
    return [piece for piece in word.replace("'", "-").split("-") if piece]


@cache
def _same(a: str, b: str, lang: str) -> bool:
    fa, fb = _fold(a), _fold(b)
    if fa == fb:
        return True
    if min(len(fa), len(fb)) <= 2:
        return False
    sa, sb = _fold(_stem(a, lang)), _fold(_stem(b, lang))
    if len(sa) >= 3 and sa == sb:
        return True
    short, long = sorted((fa, fb), key=len)
    return len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 2


@cache
def _stemmer(lang: str):
    name = _STEMMERS.get(lang)
    return snowballstemmer.stemmer(name) if name in snowballstemmer.algorithms() else None


@cache
def _stem(word: str, lang: str) -> str:
    stemmer = _stemmer(lang)
    return stemmer.stemWord(word.lower()) if stemmer else word.lower()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _flat(text: str) -> str:
    """Whitespace and apostrophes as a termbase writes them."""
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split())


def _contains_exactly(text: str, term: str) -> bool:
    term = _flat(term)
    start = 0
    while (found := text.lower().find(term.lower(), start)) >= 0:
        if text[found + 1 : found + len(term)] == term[1:]:
            return True
        start = found + 1
    return False
