"""Translation progress per catalog, counted exactly as `msgfmt --statistics` counts.

GNU's rule, which polib's `translated()` does not follow: an entry is untranslated when its
msgstr (msgstr[0] for plurals) is empty, fuzzy or not; fuzzy when flagged and not empty;
translated otherwise. The header and obsolete entries do not count. Words are the
whitespace-separated words of the source (msgid, plus msgid_plural), the measure translators
are paid by. The publish gate and the status notebook read these dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from localepress.catalogs.merge import msgstr_first
from localepress.catalogs.po import read_catalog
from localepress.languages import TARGET_LANGUAGES, get_language
from localepress.project import Project


@dataclass(frozen=True)
class CatalogStats:
    path: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    lang: str | None = None
    doc: str | None = None
    exists: bool = True  # False: no catalog yet, counted from the template

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        """Share of entries translated; an empty catalog is complete."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "total": self.total,
            "total_words": self.total_words,
            "percent": round(self.percent, 2),
        }


def status(entry: polib.POEntry) -> str:
    """translated, fuzzy or untranslated, as msgfmt decides."""
    if not msgstr_first(entry):
        return "untranslated"
    return "fuzzy" if entry.fuzzy else "translated"


def words(entry: polib.POEntry) -> int:
    return len(entry.msgid.split()) + len((entry.msgid_plural or "").split())


def count(po: polib.POFile, path: str, **labels) -> CatalogStats:
    """Statistics of a catalog in memory; a template counts as all untranslated."""
    entries = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    counted_words = dict.fromkeys(entries, 0)
    for entry in po:
        if entry.obsolete:
            continue
        kind = status(entry)
        entries[kind] += 1
        counted_words[kind] += words(entry)
    return CatalogStats(
        path, **entries, **{f"{k}_words": v for k, v in counted_words.items()}, **labels
    )


def file_stats(path: Path) -> CatalogStats:
    """Statistics of any .po or .pot file."""
    po = read_catalog(path)
    return count(po, str(path), lang=po.metadata.get("Language") or None)


def project_stats(
    project: Project, langs: Iterable[str] | None = None, docs: Iterable[str] | None = None
) -> list[CatalogStats]:
    """Statistics of each template × language; a catalog not created yet counts as 0 %."""
    langs = [get_language(lang).code for lang in (langs or TARGET_LANGUAGES)]
    names = list(docs) if docs else sorted(p.stem for p in project.locales.glob("*.pot"))
    results = []
    for doc in names:
        for lang in langs:
            path = project.catalog(lang, doc)
            relative = str(path.relative_to(project.root))
            if path.exists():
                results.append(count(read_catalog(path), relative, lang=lang, doc=doc))
            else:
                template = read_catalog(project.template(doc))
                results.append(count(template, relative, lang=lang, doc=doc, exists=False))
    return results
