"""Spelling through the `hunspell` program: one run per catalog, `hunspell -l` listing the
words its dictionary does not know.

Only plain lowercase prose words are sent: capitalised words (proper names, sentence starts,
acronyms), words the French source also has (names, brands), termbase words, placeholders,
code, URLs, emails and ordinal suffixes (2nd, 1.er) are left out, which keeps the warnings
worth reading. French and Occitan elisions (l', d', qu') are taken off first, so that
"L'éco-système" is checked and "d'Alès" is seen as a name; Occitan words are also split at
inner apostrophes, its dictionary knowing no contraction (aquò's).
Without the program or the language's dictionary the check is skipped with a note.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from localepress.quality.checks.text import EMAIL, OBJECT, PLACEHOLDER, URL, mask, words

SPELLING = "spelling"
DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")
_SPLIT_AT_APOSTROPHES = ("oc",)
_ELIDING = ("fr", "oc")
_ELISION = re.compile(r"^(?:[^\W\d_]{1,2}|[^\W\d_]*qu)'", re.IGNORECASE)  # l' d' qu' lorsqu'
# 2nd, 10th, 1er, 1.er: ordinal suffixes are not words
_PARTS = re.compile(r"[-']")
_DIGIT = re.compile(r"\d")
_AFTER_DIGITS = re.compile(r"\d[^\W_]*(?:\.[^\W\d_]{1,3}\b)?")


class Speller:
    """A hunspell dictionary, asked once per batch of words."""

    def __init__(self, executable: str, dictionary: Path):
        self.executable, self.dictionary = executable, dictionary

    def misspelled(self, candidates: Iterable[str]) -> set[str]:
        unique = sorted(set(candidates))
        if not unique:
            return set()
        result = subprocess.run(
            [self.executable, "-i", "utf-8", "-l", "-d", str(self.dictionary)],
            input="\n".join(unique).encode("utf-8"),
            capture_output=True,
            timeout=300,
            check=False,
        )
        flagged = set(result.stdout.decode("utf-8", "replace").split())
        return {word for word in unique if flagged.intersection([word, *re.split(r"[-']", word)])}


def speller(dictionary: str) -> tuple[Speller | None, str | None]:
    """A Speller for the named dictionary (fr_FR…), or None and the reason it is unavailable."""
    executable = shutil.which("hunspell")
    if executable is None:
        return None, "spelling not checked: hunspell is not installed (apt-get install hunspell)"
    dirs = [*filter(None, os.environ.get("DICPATH", "").split(os.pathsep)), *DICTIONARY_DIRS]
    for folder in dirs:
        base = Path(folder) / dictionary
        if base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file():
            return Speller(executable, base), None
    return None, f"spelling not checked: no hunspell dictionary {dictionary} in {', '.join(dirs)}"


def candidates(plain: str, lang: str, known: set[str]) -> list[str]:
    """Words of `plain` worth sending to hunspell; `known` holds lowercased words to skip."""
    found = []
    masked = mask(plain, URL, EMAIL, PLACEHOLDER)
    if _DIGIT.search(masked):
        masked = _AFTER_DIGITS.sub(OBJECT, masked)
    for word in words(masked):
        for piece, parts in _pieces(word, lang):
            if piece.lower() not in known and not all(part in known for part in parts):
                found.append(piece)
    return found


@functools.lru_cache(maxsize=65536)
def _pieces(word: str, lang: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The pieces of `word` to spell (elisions, names and one-letter pieces left out), each
    with its lowercased hyphen and apostrophe parts; words repeat, so each is split once."""
    if lang in _ELIDING:
        word = _ELISION.sub("", word)  # L'éco-système is checked, d'Alès is a name
    pieces = word.split("'") if lang in _SPLIT_AT_APOSTROPHES else [word]
    kept = []
    for index, piece in enumerate(pieces):
        elided = index < len(pieces) - 1 and len(piece) <= 3  # qu', d', l'
        if elided or len(piece) < 2 or piece[0].isupper():
            continue
        kept.append((piece, tuple(part.lower() for part in _PARTS.split(piece) if part)))
    return tuple(kept)
