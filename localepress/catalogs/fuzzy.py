"""Fuzzy matching as msgmerge does it: which old translation to propose for a new msgid.

Similarity is msgmerge's: the share of bytes two msgids have in common, in the catalog's
charset (2·LCS over the summed lengths, what gnulib's fstrcmp computes), at least 0.6, with
msgmerge's candidate and tie rules. rapidfuzz computes it in C++ on every core, so a 5,000-entry
catalog merges in about half msgmerge's time (Babel's difflib matching takes minutes).

The scores depend on the msgids only, not on the language: `update -l en,es,oc` merges three
catalogs holding the same old msgids, so the scores are computed once, against every old msgid
(`SharedScores`), and each catalog masks out its untranslated entries.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from fractions import Fraction

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

THRESHOLD = Fraction(3, 5)  # msgmerge's FUZZY_THRESHOLD
_BONUS = 0.00001  # msgmerge's advantage for an entry of the same context, or of none


class SharedScores:
    """Each wanted msgid's scores against a list of old msgids, kept for the next catalog.

    Held sparse (the candidates at 0.6 or more), for the last few msgid lists, behind a lock:
    catalogs merged in threads wait for the first one's scores instead of computing them again.
    """

    CELLS = 4_000_000  # scores computed at once (32 MB of float64)
    KEPT = 2  # msgid lists remembered (a long-lived process merges many)

    def __init__(self):
        self._lock = threading.Lock()
        self._rows: OrderedDict[tuple, dict[bytes, tuple[np.ndarray, np.ndarray]]] = OrderedDict()

    def rows(self, keys: tuple[bytes, ...], queries: list[bytes]) -> list[np.ndarray]:
        """A dense row of scores (0 below the cut-off) per query, against `keys`."""
        with self._lock:
            known = self._rows.setdefault(keys, {})
            self._rows.move_to_end(keys)
            while len(self._rows) > self.KEPT:
                self._rows.popitem(last=False)
            missing = list(dict.fromkeys(q for q in queries if q not in known))
            step = max(1, self.CELLS // len(keys))
            for start in range(0, len(missing), step):
                block = missing[start : start + step]
                scores = process.cdist(
                    block, keys, scorer=fuzz.ratio, score_cutoff=59.99, dtype=np.float64, workers=-1
                )
                for query, row in zip(block, scores, strict=True):
                    hits = np.flatnonzero(row)
                    known[query] = (hits, row[hits])
        rows = []
        for query in queries:
            hits, values = known[query]
            row = np.zeros(len(keys))
            row[hits] = values
            rows.append(row)
        return rows


SHARED = SharedScores()


class FuzzyIndex:
    """Finds, for new msgids, the translated old entries msgmerge would propose.

    msgmerge only compares a msgid of four characters or more with old msgids that share a
    four-character sequence with it (its n-gram index); it gives old entries of the same
    context, or of none, a tiny bonus, so they win ties and pass at exactly 0.6, while
    entries of another context must beat 0.6. rapidfuzz's cdist scores a block of msgids
    against every old msgid on all cores; the exact value is then recomputed in integers.
    With `translated_only`, entries without a translation are scored but never proposed (a
    merge's old entries: every catalog of a document shares their scores).
    """

    def __init__(self, entries: list, encoding: str = "utf-8", *, translated_only: bool = False):
        self.entries = entries
        self.encoding = encoding
        self.keys = tuple(entry.msgid.encode(encoding, "replace") for entry in entries)
        self.untranslated = np.array(
            [translated_only and not entry.msgstr[0] for entry in entries], dtype=bool
        )
        self._grams: dict[int, set[str]] = {}

    def best(self, wanted: list[tuple[str | None, str]]) -> list:
        """The proposal for each (msgctxt, msgid), or None."""
        if not wanted or not self.keys or self.untranslated.all():
            return [None] * len(wanted)
        queries = [msgid.encode(self.encoding, "replace") for _, msgid in wanted]
        found = []
        for (ctx, msgid), row in zip(wanted, SHARED.rows(self.keys, queries), strict=True):
            row[self.untranslated] = 0
            found.append(self._choose(ctx, msgid, row))
        return found

    def _choose(self, msgctxt: str | None, msgid: str, row: np.ndarray):
        top = int(row.argmax())
        if row[top] == 0:
            return None
        query, grams = msgid.encode(self.encoding, "replace"), _grams(msgid)
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
        if not total:
            return Fraction(0)
        return Fraction(total - Indel.distance(query, self.keys[index]), total)


def _grams(text: str) -> list[str]:
    return [text[i : i + 4] for i in range(len(text) - 3)]


def goal(entry, msgctxt: str | None, query: bytes, key: bytes) -> float:
    """msgmerge's fuzzy_search_goal_function: fstrcmp's ratio, plus the context bonus."""
    total = len(query) + len(key)
    weight = (total - Indel.distance(query, key)) / total if total else 0.0
    same = entry.msgctxt is None or entry.msgctxt == msgctxt
    return weight + (_BONUS if same else 0.0)


class CompendiumIndex:
    """msgmerge's heuristic search in compendiums: only the few candidates sharing the most
    four-character sequences are weighed, and one must beat what the catalog itself offers."""

    def __init__(self, entries: list, encoding: str):
        self.all = entries
        self.encoding = encoding
        self.entries = [e for e in entries if e.msgstr[0]]
        self.keys = [e.msgid.encode(encoding, "replace") for e in self.entries]
        self.grams: dict[str, list[int]] = {}
        for index, entry in enumerate(self.entries):
            for gram in dict.fromkeys(_grams(entry.msgid)):
                self.grams.setdefault(gram, []).append(index)
        self.firstfew = max(10, int(math.sqrt(len(entries))))

    def search(self, msgctxt: str | None, msgid: str, lower: float):
        query = msgid.encode(self.encoding, "replace")
        grams = _grams(msgid)
        if grams:
            counts: dict[int, int] = {}
            for gram in grams:
                for index in self.grams.get(gram, ()):
                    counts[index] = counts.get(index, 0) + 1
            order = sorted(counts, key=lambda i: (-counts[i], i))[: self.firstfew]
        else:
            low, high = math.ceil(len(query) / (2 / 0.6 - 1)), int(len(query) * (2 / 0.6 - 1))
            order = [i for i, k in enumerate(self.keys) if low <= len(k) <= high]
        best, best_goal = None, lower
        for index in order:
            value = goal(self.entries[index], msgctxt, query, self.keys[index])
            if value > best_goal:
                best, best_goal = self.entries[index], value
        return best, best_goal
