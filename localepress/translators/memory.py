"""Translation memory: the translations people already wrote in the project's catalogs.

A unit is an entry that is translated and not fuzzy; obsolete (`#~`) entries count too, since a
translator wrote them. Similarity is rapidfuzz's normalised Indel ratio between msgids, the
measure msgmerge's fuzzy matching uses, so a score reads like msgmerge's and Poedit's
percentages. No file IO here: the caller reads the catalogs (catalog.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polib
from rapidfuzz import fuzz, process

from localepress.catalogs.merge import msgstr_first


@dataclass(frozen=True)
class Unit:
    source: str  # the French msgid
    plural: str | None  # msgid_plural
    context: str | None
    forms: tuple[str, ...]  # msgstr, or msgstr[0], msgstr[1]…
    origin: str  # the catalog it came from, as a project-relative path


@dataclass(frozen=True)
class Match:
    unit: Unit
    score: float  # 0–100; 100 is the same msgid

    @property
    def exact(self) -> bool:
        return self.score >= 100.0


class TranslationMemory:
    def __init__(self, units: Iterable[Unit]):
        seen: dict[tuple, Unit] = {}
        for unit in sorted(units, key=lambda u: (u.origin, u.source, u.context or "")):
            seen.setdefault((unit.source, unit.plural, unit.context, unit.forms), unit)
        self.units = list(seen.values())
        self._sources = [unit.source for unit in self.units]
        self._exact: dict[str, list[Unit]] = {}
        for unit in self.units:
            self._exact.setdefault(unit.source, []).append(unit)

    @classmethod
    def from_catalogs(cls, catalogs: Iterable[tuple[str, polib.POFile]]) -> TranslationMemory:
        """Build from (name, catalog) pairs; `name` is what a match reports as its origin."""
        units = []
        for name, po in catalogs:
            for entry in po:
                if not entry.msgid or entry.fuzzy or not msgstr_first(entry):
                    continue
                forms = (
                    tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
                    if entry.msgid_plural
                    else (entry.msgstr,)
                )
                units.append(
                    Unit(entry.msgid, entry.msgid_plural or None, entry.msgctxt, forms, name)
                )
        return cls(units)

    def __len__(self) -> int:
        return len(self.units)

    def lookup(
        self, text: str, *, context: str | None = None, cutoff: float = 70.0, limit: int = 5
    ) -> list[Match]:
        """Units whose msgid is like `text`, best first: exact matches (same context first),
        then fuzzy ones scoring at least `cutoff`; ties go to the first catalog by path."""
        exact = sorted(self._exact.get(text, []), key=lambda u: (u.context != context, u.origin))
        matches = [Match(unit, 100.0) for unit in exact]
        if len(matches) < limit and self._sources:
            found = process.extract(
                text,
                self._sources,
                scorer=fuzz.ratio,
                score_cutoff=cutoff,
                limit=None,
            )
            fuzzy = [
                Match(self.units[index], round(score, 1))
                for _, score, index in found
                if self.units[index].source != text
            ]
            fuzzy.sort(key=lambda m: (-m.score, m.unit.origin, m.unit.source))
            matches += fuzzy
        return matches[:limit]
