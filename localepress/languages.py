"""The one language table: tags, plural rules and formatting conventions.

Babel 2.18 gets Occitan wrong in two ways (plural rule `n != 1`, and CLDR root number and
currency patterns such as `€ 1,000,000.00`); both are overridden here and nowhere else.
Abbreviated ordinals (1er, 10th, 10.ª) are hand-written because Babel has no RBNF formatter.
Each language's house style, as its reviewers set it (locales/<lang>/REVIEW.md), also lives
here: the full-date pattern where it differs from CLDR's (British "Wednesday 13 April 2022",
no comma), the apostrophe (Occitan writes the straight one, Babel gives ’) and the territory
locale OpenGraph names (`og:locale`).
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from dataclasses import dataclass

from localepress.errors import SourceLanguageError, UnknownLanguageError


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's own name, as the switcher shows it
    html_tag: str  # BCP 47 tag for <html lang>
    plural_forms: str
    babel_locale: str  # dates, lists, plural categories
    number_locale: str  # numbers and currency (Occitan of France follows the French convention)
    french_spacing: bool  # U+202F before ; ! ? and inside « », U+00A0 before :
    team: str
    hunspell: str  # dictionary name for spelling checks
    apertium: str | None  # Apertium mode from French, when a package provides it
    territory: str = ""  # language_TERRITORY, as OpenGraph's og:locale wants it
    full_date: str = "full"  # Babel format name or CLDR pattern of the edition's full dates
    apostrophe: str = "’"  # the catalogs' apostrophe; Babel's ’ in dates is replaced by it


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language(
            "fr", "Français", "fr", "nplurals=2; plural=(n > 1);", "fr", "fr_FR", True,
            "French", "fr_FR", None, territory="fr_FR",
        ),
        Language(
            "en", "English", "en", "nplurals=2; plural=(n != 1);", "en_GB", "en_GB", False,
            "English", "en_GB", None, territory="en_GB", full_date="EEEE d MMMM y",
        ),
        Language(
            "es", "Español", "es", "nplurals=2; plural=(n != 1);", "es", "es_ES", False,
            "Spanish", "es_ES", "fr-es", territory="es_ES",
        ),
        Language(
            "oc", "Occitan", "oc", "nplurals=2; plural=(n > 1);", "oc", "fr_FR", True,
            "Occitan", "oc_FR", "fra-oci", territory="oc_FR", apostrophe="'",
        ),
    )
}  # fmt: skip

SOURCE_LANGUAGE = "fr"
TARGET_LANGUAGES = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


def get_language(code: str) -> Language:
    try:
        return LANGUAGES[code]
    except KeyError:
        raise UnknownLanguageError(code, list(LANGUAGES)) from None


def check_target(code: str, what: str) -> str:
    """`code` when it is a translation's language; the source language is refused, since
    `what` (update, compile, pretranslate…) has no French catalog to work on."""
    language = get_language(code)
    if language.code == SOURCE_LANGUAGE:
        raise SourceLanguageError(language.code, what, TARGET_LANGUAGES)
    return language.code


def parse_language_list(codes: Iterable[str] | None, default: Iterable[str]) -> list[str]:
    """The languages named (or `default`), in table order; unknown codes are refused."""
    wanted = [get_language(code).code for code in codes or ()]
    if not wanted:
        return list(default)
    return [code for code in LANGUAGES if code in wanted]


GNU_DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"  # what gettext assumes without a header
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL = re.compile(r"plural\s*=\s*([^;]+)")


def same_plural_rule(found: str | None, expected: str) -> bool:
    """Equal rules, however written: same nplurals and the same form for n = 0…1000."""
    counts = [_NPLURALS.search(text or "") for text in (found, expected)]
    if not found or None in counts or int(counts[0][1]) != int(counts[1][1]):
        return False
    try:
        rules = [gettext.c2py(_PLURAL.search(text)[1]) for text in (found, expected)]
    except (TypeError, ValueError, SyntaxError, RecursionError):  # TypeError: no plural=
        return False
    return all(rules[0](n) == rules[1](n) for n in range(1001))


def plural_index(code: str, n: int) -> int:
    """Evaluate the table's Plural-Forms for `n` (both rules in the table have two forms)."""
    return int(n > 1) if "n > 1" in get_language(code).plural_forms else int(n != 1)


def ordinal(code: str, n: int, feminine: bool = False) -> str:
    """Abbreviated ordinal as each language's press style writes it: French and Occitan raise
    the ending (HTML <sup>), British English sets it on the line (10th), Spanish uses the
    ordinal indicators ª º (U+00AA, U+00BA) after a full stop (10.ª, 5.º)."""
    if code == "fr":
        suffix = ("re" if feminine else "er") if n == 1 else "e"
        return f"{n}<sup>{suffix}</sup>"
    if code == "en":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if code == "es":
        return f"{n}." + ("\u00aa" if feminine else "\u00ba")
    if code == "oc":
        if n == 1:
            suffix = "èra" if feminine else "èr"
        elif n == 2:
            suffix = "nda" if feminine else "nd"
        else:
            suffix = "ena" if feminine else "en"
        return f"{n}<sup>{suffix}</sup>"
    raise UnknownLanguageError(code, list(LANGUAGES))
