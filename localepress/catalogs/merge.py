"""Merging a translator's catalog with a new template, as GNU msgmerge does, in memory.

The rules are msgmerge's (gettext 0.21), checked against it on real catalogs: entries follow
the template; a msgid found in the old catalog keeps its translation, translator comments and
fuzzy flag, and takes comments, references and format flags from the template; a new msgid
takes the translation of the most similar translated old msgid, marked fuzzy with the old
msgid as previous (`#|`); old translated entries nobody uses become obsolete (`#~`) — an
untranslated one holds nothing to keep, and GNU's writer drops it anyway.

Similarity is msgmerge's: the share of bytes two UTF-8 msgids have in common (2·LCS over the
summed lengths, what gnulib's fstrcmp computes), at least 0.6, with msgmerge's candidate and
tie rules (FuzzyIndex). rapidfuzz computes it in C++ on every core, so a 5,000-entry catalog
merges in about half msgmerge's time (Babel's difflib matching takes minutes); on real
catalogs the output is byte-identical to `msgmerge --previous` (benchmarks/merge.py).
No file IO here: catalog.py reads and writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
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
    refs = [ref for ref in template if not ref.obsolete]
    unmatched = [ref for ref in refs if (ref.msgctxt, ref.msgid) not in exact]
    proposals = FuzzyIndex([e for e in old if msgstr_first(e)]).best(
        [(ref.msgctxt, ref.msgid) for ref in unmatched]
    )
    similar = {id(ref): found for ref, found in zip(unmatched, proposals, strict=True)}

    used: set[int] = set()
    to_check: list[tuple[polib.POEntry, polib.POEntry]] = []
    for ref in refs:
        found = exact.get((ref.msgctxt, ref.msgid))
        if found is None:
            found = similar[id(ref)]
        if found is None:
            result.append(_new_entry(ref, plurals))
            continue
        used.add(id(found))
        entry = _merge_entry(found, ref, id(ref) in similar, plurals)
        if not entry.fuzzy and msgstr_first(entry) and _gains_format(found, ref):
            to_check.append((entry, found))
        result.append(entry)
    fuzzy = sum(found is not None for found in proposals)
    merged, new = len(refs) - len(unmatched), len(unmatched) - fuzzy

    if format_check and to_check:
        _recheck_formats(to_check, format_check, result.metadata.get("Plural-Forms"))

    obsolete = 0
    for entry in old:
        if id(entry) not in used and msgstr_first(entry):
            result.append(_obsolete_entry(entry))
            obsolete += 1
    if not previous:  # msgmerge without --previous still keeps them on obsolete entries
        for entry in result:
            if not entry.obsolete:
                _set_previous(entry, None)
    return MergeResult(result, MergeCounts(merged, fuzzy, new, obsolete))


def _recheck_formats(to_check, format_check: FormatCheck, plural_forms: str | None) -> None:
    """Mark fuzzy, with the old msgid as previous, each entry whose translation fails a format
    its template newly declares (msgmerge re-checks them)."""
    for i in format_check([entry for entry, _ in to_check], plural_forms):
        entry, found = to_check[i]
        entry.flags.insert(0, "fuzzy")
        _set_previous(entry, found)


def merge_header(old: dict[str, str], template: dict[str, str]) -> dict[str, str]:
    """The old header with the template's dates and bug address, fields in msgmerge's order.

    Like msgmerge, a header with a Language-Team but no Language gets an empty Language
    (msgmerge fills in the code when the team's address is in its Translation Project list).
    """
    fields = dict(old)
    for name in FROM_TEMPLATE:
        if name in template:
            fields[name] = template[name]
    if "Language-Team" in fields:
        fields.setdefault("Language", "")
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
    """Finds, for new msgids, the translated old entries msgmerge would propose.

    msgmerge only compares a msgid of four characters or more with old msgids that share a
    four-character sequence with it (its n-gram index); it gives old entries of the same
    context, or of none, a tiny bonus, so they win ties and pass at exactly 0.6, while
    entries of another context must beat 0.6. rapidfuzz's cdist scores a block of msgids
    against every candidate on all cores; the exact value is then recomputed in integers.
    """

    CELLS = 4_000_000  # scores held at once (32 MB of float64)

    def __init__(self, candidates: list[polib.POEntry]):
        self.entries = candidates
        self.keys = [entry.msgid.encode("utf-8") for entry in candidates]
        self._grams: dict[int, set[str]] = {}

    def best(self, wanted: list[tuple[str | None, str]]) -> list[polib.POEntry | None]:
        """The proposal for each (msgctxt, msgid), or None."""
        if not self.keys or not wanted:
            return [None] * len(wanted)
        found: list[polib.POEntry | None] = []
        rows = max(1, self.CELLS // len(self.keys))
        for start in range(0, len(wanted), rows):
            block = wanted[start : start + rows]
            scores = process.cdist(
                [msgid.encode("utf-8") for _, msgid in block],
                self.keys,
                scorer=fuzz.ratio,
                score_cutoff=59.99,
                dtype=np.float64,
                workers=-1,
            )
            found.extend(
                self._choose(ctx, msgid, row)
                for (ctx, msgid), row in zip(block, scores, strict=True)
            )
        return found

    def _choose(self, msgctxt: str | None, msgid: str, row: np.ndarray) -> polib.POEntry | None:
        top = int(row.argmax())
        if row[top] == 0:
            return None
        query, grams = msgid.encode("utf-8"), _grams(msgid)
        if (
            self._preferred(top, msgctxt)
            and self._shared(grams, top)
            and np.count_nonzero(row == row[top]) == 1
        ):
            return self.entries[top] if self._weight(query, top) >= THRESHOLD else None
        # Ties, and candidates msgmerge would not look at: its rules in full. Among equals it
        # takes the candidate sharing the most four-character sequences with the msgid.
        best, best_key = None, None
        for index in np.flatnonzero(row).tolist():
            shared = self._shared(grams, index)
            if not shared:
                continue
            weight, preferred = self._weight(query, index), self._preferred(index, msgctxt)
            if weight < THRESHOLD or (weight == THRESHOLD and not preferred):
                continue
            key = (weight, preferred, shared, -index)
            if best_key is None or key > best_key:
                best, best_key = index, key
        return None if best is None else self.entries[best]

    def _preferred(self, index: int, msgctxt: str | None) -> bool:
        context = self.entries[index].msgctxt
        return context is None or context == msgctxt

    def _shared(self, grams: list[str], index: int) -> int:
        """Four-character sequences of the msgid found in the candidate (1 for short msgids)."""
        if not grams:
            return 1
        if index not in self._grams:
            self._grams[index] = set(_grams(self.entries[index].msgid))
        return sum(gram in self._grams[index] for gram in grams)

    def _weight(self, query: bytes, index: int) -> Fraction:
        """fstrcmp's value exactly: (len1 + len2 - edits) / (len1 + len2), over UTF-8 bytes."""
        total = len(query) + len(self.keys[index])
        return Fraction(total - Indel.distance(query, self.keys[index]), total)


def _grams(text: str) -> list[str]:
    return [text[i : i + 4] for i in range(len(text) - 3)]


def _merge_entry(
    old: polib.POEntry, ref: polib.POEntry, force_fuzzy: bool, plurals: int
) -> polib.POEntry:
    """Template's msgid, comments, references and flags; old translation and translator notes."""
    entry = _new_entry(ref, plurals)
    entry.tcomment = old.tcomment
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
    entry.previous_msgid_plural = (old.msgid_plural or None) if old else None


def _gains_format(old: polib.POEntry, ref: polib.POEntry) -> bool:
    """True when the template declares a format the old entry did not (msgmerge re-checks it)."""
    before = {flag for flag in old.flags if flag.endswith("-format") and not flag.startswith("no-")}
    return any(
        flag.endswith("-format") and not flag.startswith("no-") and flag not in before
        for flag in ref.flags
    )
