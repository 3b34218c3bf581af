"""Translation progress: msgfmt's counts of a catalog, and the one completeness figure.

Counts follow `msgfmt --statistics`, which polib's `translated()` does not: an entry is
untranslated when its msgstr (msgstr[0] for plurals) is empty, fuzzy or not; fuzzy when flagged
and not empty; translated otherwise. The header and obsolete entries do not count. Words are
the whitespace-separated words of the source (msgid, plus msgid_plural), the measure
translators are paid by.

Completeness is measured against the template, never the catalog's own entries: a catalog that
lost entries, or was never updated after `extract`, is not complete. `completeness` is the one
definition; stats, check (a stale catalog is an error), the publish gate, the run table, review
and status all read it, and `percent_text` is how every one of them writes it: one decimal,
rounded down, so 99.96 % reads 99.9 %, never 100 %.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from localepress.catalogs.merge import msgstr_first
from localepress.catalogs.po import read_catalog, read_keys
from localepress.languages import check_target, target_languages
from localepress.project import Project

Key = tuple[str | None, str]  # (msgctxt, msgid)


@dataclass(frozen=True)
class Completeness:
    """How much of its template a catalog translates."""

    done: int  # template entries the catalog translates (not fuzzy, not empty)
    expected: int  # template entries, the header left out
    missing: int = 0  # template entries the catalog lacks (`update` adds them)
    extra: int = 0  # active entries the template no longer has (`update` makes them obsolete)

    @property
    def percent(self) -> float:
        """Share of the template translated, rounded down to one decimal (no entry: 100)."""
        return (self.done * 1000 // self.expected) / 10 if self.expected else 100.0

    @property
    def stale(self) -> bool:
        """The catalog's entries are not the template's: `localepress update` is due."""
        return bool(self.missing or self.extra)


def completeness(
    po: polib.POFile, template: polib.POFile | Collection[Key] | None = None
) -> Completeness:
    """`po` measured against `template`, a catalog or its keys (`po.read_keys`), or against
    its own entries when there is none."""
    done = {_key(e) for e in _live(po) if status(e) == "translated"}
    own = {_key(e) for e in _live(po)}
    if template is None:
        wanted = own
    elif isinstance(template, polib.POFile):
        wanted = {_key(e) for e in _live(template)}
    else:
        wanted = set(template)
    return Completeness(
        done=len(wanted & done),
        expected=len(wanted),
        missing=len(wanted - own),
        extra=len(own - wanted),
    )


def percent_text(value: float) -> str:
    """A completeness as every command shows it: `99.9 %` (values come rounded down)."""
    return f"{value:.1f} %"


def _live(po: polib.POFile):
    return (entry for entry in po if not entry.obsolete and entry.msgid)


def _key(entry: polib.POEntry) -> Key:
    return entry.msgctxt, entry.msgid


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
    template: str | None = None  # what completeness is measured against
    completeness: Completeness = Completeness(0, 0)

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        return self.completeness.percent

    @property
    def missing(self) -> int:
        return self.completeness.missing

    @property
    def stale(self) -> bool:
        return self.completeness.stale

    def as_dict(self) -> dict:
        data = asdict(self)
        measured = data.pop("completeness")
        return {
            **data,
            "total": self.total,
            "total_words": self.total_words,
            "percent": self.percent,
            "missing": measured["missing"],
            "extra": measured["extra"],
            "stale": self.stale,
        }


def status(entry: polib.POEntry) -> str:
    """translated, fuzzy or untranslated, as msgfmt decides."""
    if not msgstr_first(entry):
        return "untranslated"
    return "fuzzy" if entry.fuzzy else "translated"


def words(entry: polib.POEntry) -> int:
    return len(entry.msgid.split()) + len((entry.msgid_plural or "").split())


def count(
    po: polib.POFile, path: str, expected: polib.POFile | Collection[Key] | None = None, **labels
) -> CatalogStats:
    """Statistics of a catalog in memory, its completeness measured against `expected` (its
    template); a template counts as all untranslated."""
    entries = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    counted_words = dict.fromkeys(entries, 0)
    for entry in po:
        if entry.obsolete:
            continue
        kind = status(entry)
        entries[kind] += 1
        counted_words[kind] += words(entry)
    return CatalogStats(
        path,
        **entries,
        **{f"{k}_words": v for k, v in counted_words.items()},
        completeness=completeness(po, expected),
        **labels,
    )


def template_of(path: Path) -> Path | None:
    """The template of `locales/<lang>/LC_MESSAGES/<doc>.po`: `locales/<doc>.pot`, if it exists."""
    path = Path(path)
    if path.suffix != ".po" or path.parent.name != "LC_MESSAGES":
        return None
    template = path.parents[2] / f"{path.stem}.pot"
    return template if template.is_file() else None


def file_stats(path: Path) -> CatalogStats:
    """Statistics of any .po or .pot file; a catalog under locales/ is measured against its
    template."""
    po = read_catalog(path)
    template_path = template_of(path)
    template = read_keys(template_path) if template_path else None
    return count(
        po,
        str(path),
        template,
        lang=po.metadata.get("Language") or None,
        template=str(template_path) if template_path else None,
    )


def project_stats(
    project: Project, langs: Iterable[str] | None = None, docs: Iterable[str] | None = None
) -> list[CatalogStats]:
    """Statistics of each template × language; a catalog not created yet counts as 0 %."""
    langs = [check_target(lang, "stats") for lang in (langs or target_languages(project))]
    names = list(docs) if docs else sorted(p.stem for p in project.locales.glob("*.pot"))
    results = []
    for doc in names:
        keys = read_keys(project.template(doc))
        shown = project.relative(project.template(doc))
        for lang in langs:
            path = project.catalog(lang, doc)
            relative = project.relative(path)
            labels = {"lang": lang, "doc": doc, "template": shown}
            if path.exists():
                results.append(count(read_catalog(path), relative, keys, **labels))
            else:  # every entry of the template, untranslated
                template = read_catalog(project.template(doc))
                results.append(count(template, relative, keys, exists=False, **labels))
    return results
