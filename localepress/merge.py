"""Merging a translator's catalog with a new template, as GNU msgmerge does, in memory.

The rules are msgmerge's (gettext 0.21), checked against it on real catalogs: entries follow
the template; a msgid found in the old catalog keeps its translation, translator comments and
fuzzy flag, and takes comments, references and format flags from the template; a new msgid
takes the translation of the most similar translated old msgid, marked fuzzy with the old
msgid as previous (`#|`); old translated entries nobody uses become obsolete (`#~`) — an
untranslated one holds nothing to keep, and GNU's writer drops it anyway.

Similarity is msgmerge's: the share of bytes two UTF-8 msgids have in common (2·LCS over the
summed lengths, what gnulib's fstrcmp computes), at least 0.6; an old entry of another context
must do strictly better. rapidfuzz computes it in C++ with early cut-offs, which keeps the merge
of a 5,000-entry catalog within msgmerge's time (Babel's difflib matching takes minutes).
No file IO here: catalog.py reads and writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import polib
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

THRESHOLD = Fraction(3, 5)  # msgmerge's FUZZY_THRESHOLD
# msgmerge's header fields, in the order it writes them; other fields keep their own order.
HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")

FormatCheck = Callable[[Sequence[polib.POEntry], str | None], set[int]]


@dataclass(frozen=True)
class MergeCounts:
    """What a merge did, in msgmerge's terms."""

    merged: int = 0  # found with the same msgctxt and msgid
    fuzzy: int = 0  # matched to a similar old msgid, marked fuzzy
    new: int = 0  # no translation to offer
    obsolete: int = 0  # old entries no longer in the template, kept as `#~`


@dataclass
class MergeResult:
    catalog: polib.POFile
    counts: MergeCounts


def merge(
    old: polib.POFile,
    template: polib.POFile,
    *,
    previous: bool = True,
    format_check: FormatCheck | None = None,
) -> MergeResult:
    """Merge `old` (a translator's catalog) with `template`; neither is modified.

    `previous` keeps `#|` previous msgids (msgmerge --previous). `format_check` returns the
    indexes of entries whose translation fails their format flags (catalog.format_errors);
    without it, entries whose template gained a format flag are not re-checked.
    """
    result = polib.POFile(wrapwidth=79)
    result.header = old.header
    result.metadata = merge_header(old.metadata, template.metadata) if old.metadata else {}
    result.metadata_is_fuzzy = old.metadata_is_fuzzy
    plurals = nplurals(result.metadata.get("Plural-Forms"))

    exact: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in old:
        exact.setdefault((entry.msgctxt, entry.msgid), entry)
    index = FuzzyIndex([e for e in old if msgstr_first(e)])
    used: set[int] = set()
    to_check: list[tuple[polib.POEntry, polib.POEntry]] = []
    merged = fuzzy = new = 0
    for ref in template:
        if ref.obsolete:
            continue
        found = exact.get((ref.msgctxt, ref.msgid))
        if found is not None:
            merged += 1
        else:
            found = index.best(ref.msgctxt, ref.msgid)
            if found is None:
                new += 1
                result.append(_new_entry(ref, plurals))
                continue
            fuzzy += 1
        used.add(id(found))
        entry = _merge_entry(found, ref, found.msgid != ref.msgid or found.msgctxt != ref.msgctxt, plurals)
        if not entry.fuzzy and msgstr_first(entry) and _gains_format(found, ref):
            to_check.append((entry, found))
        result.append(entry)

    if format_check and to_check:
        failing = format_check([entry for entry, _ in to_check], result.metadata.get("Plural-Forms"))
        for i in failing:
            entry, found = to_check[i]
            entry.flags.insert(0, "fuzzy")
            _set_previous(entry, found)

    obsolete = 0
    for entry in old:
        if id(entry) not in used and msgstr_first(entry):
            result.append(_obsolete_entry(entry))
            obsolete += 1
    if not previous:
        for entry in result:
            _set_previous(entry, None)
    return MergeResult(result, MergeCounts(merged, fuzzy, new, obsolete))


def merge_header(old: dict[str, str], template: dict[str, str]) -> dict[str, str]:
    """The old header with the template's dates and bug address, fields in msgmerge's order."""
    fields = dict(old)
    for name in FROM_TEMPLATE:
        if name in template:
            fields[name] = template[name]
    ordered = {name: fields[name] for name in HEADER_ORDER if name in fields}
    ordered.update((name, value) for name, value in fields.items() if name not in ordered)
    return ordered


def nplurals(plural_forms: str | None) -> int:
    """Number of plural forms a Plural-Forms header declares (gettext's default is 2)."""
    found = _NPLURALS.search(plural_forms or "")
    return int(found[1]) if found else 2


def conform_plurals(po: polib.POFile, count: int) -> int:
    """Give every plural entry `count` forms; return how many were changed (and marked fuzzy).

    Used when the Plural-Forms header is corrected: forms written for another rule need review.
    """
    changed = 0
    for entry in po:
        if entry.msgid_plural and len(entry.msgstr_plural) != count:
            forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            forms = (forms + [""] * count)[:count]
            entry.msgstr_plural = dict(enumerate(forms))
            if msgstr_first(entry) and not entry.fuzzy:
                entry.flags.insert(0, "fuzzy")
            changed += 1
    return changed


def msgstr_first(entry: polib.POEntry) -> str:
    """The translation GNU tests for "translated": msgstr, or msgstr[0] of a plural entry."""
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


class FuzzyIndex:
    """Finds the translated old entry msgmerge would propose for a new msgid."""

    def __init__(self, candidates: list[polib.POEntry]):
        self.entries = candidates
        self.keys = [entry.msgid.encode("utf-8") for entry in candidates]
        self.contexts = {entry.msgctxt for entry in candidates}

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        if not self.keys:
            return None
        query = msgid.encode("utf-8")
        found = process.extractOne(query, self.keys, scorer=fuzz.ratio, score_cutoff=59.99)
        if found is None:
            return None
        index = found[2]
        if self._preferred(index, msgctxt):
            return self.entries[index] if self._weight(query, index) >= THRESHOLD else None
        # The best is from another context: msgmerge gives entries of the same context (or
        # none) a small bonus, so they win a tie, and the others must beat 0.6 outright.
        other = index if self._weight(query, index) > THRESHOLD else None
        same = self._best_preferred(query, msgctxt, found[1])
        if same is not None and (other is None or self._weight(query, same) >= self._weight(query, other)):
            return self.entries[same]
        return None if other is None else self.entries[other]

    def _preferred(self, index: int, msgctxt: str | None) -> bool:
        context = self.entries[index].msgctxt
        return context is None or context == msgctxt

    def _best_preferred(self, query: bytes, msgctxt: str | None, top: float) -> int | None:
        positions = [i for i in range(len(self.keys)) if self._preferred(i, msgctxt)]
        found = process.extractOne(
            query, [self.keys[i] for i in positions], scorer=fuzz.ratio, score_cutoff=min(top, 59.99)
        )
        if found is None or self._weight(query, positions[found[2]]) < THRESHOLD:
            return None
        return positions[found[2]]

    def _weight(self, query: bytes, index: int) -> Fraction:
        """fstrcmp's value exactly: (len1 + len2 - edits) / (len1 + len2)."""
        total = len(query) + len(self.keys[index])
        return Fraction(total - Indel.distance(query, self.keys[index]), total)


def _merge_entry(old: polib.POEntry, ref: polib.POEntry, force_fuzzy: bool, plurals: int) -> polib.POEntry:
    """Template's msgid, comments, references and flags; the old translation and translator notes."""
    entry = polib.POEntry(
        msgctxt=ref.msgctxt,
        msgid=ref.msgid,
        msgid_plural=ref.msgid_plural,
        tcomment=old.tcomment,
        comment=ref.comment,
        occurrences=list(ref.occurrences),
        flags=[flag for flag in ref.flags if flag != "fuzzy"],
    )
    translation = msgstr_first(old)
    if ref.msgid_plural and old.msgid_plural:
        entry.msgstr_plural = dict(old.msgstr_plural)
    elif ref.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(range(plurals), old.msgstr)
    else:
        entry.msgstr = translation
    plural_changed = (old.msgid_plural or None) != (ref.msgid_plural or None)
    if translation and (old.fuzzy or force_fuzzy or plural_changed):
        entry.flags.insert(0, "fuzzy")
    _set_previous(entry, old if entry.fuzzy else None)
    if old.fuzzy:
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgid_plural = old.previous_msgid_plural
    return entry


def _new_entry(ref: polib.POEntry, plurals: int) -> polib.POEntry:
    entry = polib.POEntry(
        msgctxt=ref.msgctxt,
        msgid=ref.msgid,
        msgid_plural=ref.msgid_plural,
        comment=ref.comment,
        occurrences=list(ref.occurrences),
        flags=[flag for flag in ref.flags if flag != "fuzzy"],
    )
    if ref.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(range(plurals), "")
    return entry


def _obsolete_entry(old: polib.POEntry) -> polib.POEntry:
    """An old entry kept as `#~`: translation, translator comments, flags, previous msgid."""
    entry = polib.POEntry(
        msgctxt=old.msgctxt,
        msgid=old.msgid,
        msgid_plural=old.msgid_plural,
        msgstr=old.msgstr,
        msgstr_plural=dict(old.msgstr_plural),
        tcomment=old.tcomment,
        flags=list(old.flags),
        obsolete=True,
    )
    entry.previous_msgctxt = old.previous_msgctxt
    entry.previous_msgid = old.previous_msgid
    entry.previous_msgid_plural = old.previous_msgid_plural
    return entry


def _set_previous(entry: polib.POEntry, old: polib.POEntry | None) -> None:
    entry.previous_msgctxt = old.msgctxt if old else None
    entry.previous_msgid = old.msgid if old else None
    entry.previous_msgid_plural = old.msgid_plural if old else None


def _gains_format(old: polib.POEntry, ref: polib.POEntry) -> bool:
    """True when the template declares a format the old entry did not (msgmerge re-checks it)."""
    before = {flag for flag in old.flags if flag.endswith("-format") and not flag.startswith("no-")}
    return any(
        flag.endswith("-format") and not flag.startswith("no-") and flag not in before for flag in ref.flags
    )
