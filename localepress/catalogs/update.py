"""Bringing translators' catalogs up to date with the templates, and merging any two files.

`update` creates `locales/<lang>/LC_MESSAGES/<doc>.po` from each template, or merges the
existing one (merge.py), and holds the header to the language table: Language and a
Plural-Forms that contradicts the table are fixed and reported. PO-Revision-Date moves only
when a translation changes (an entry given a msgstr it did not have: a fuzzy match, plural
forms resized), never for new, moved or obsolete entries, so re-running on an unchanged tree
changes no byte. Every file is read and merged before any is written: a bad catalog leaves all
files as they were. Each template is read once per command; the languages are merged in
threads (the GNU tools they call run meanwhile).
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polib

from localepress.catalogs.extract import now_stamp
from localepress.catalogs.formats import format_errors
from localepress.catalogs.merge import MergeCounts, MergeOptions, conform_plurals, merge, nplurals
from localepress.catalogs.msgmerge import Layout, merged_bytes
from localepress.catalogs.po import (
    canonical_text,
    check_writable,
    read_catalog,
    write_bytes_atomic,
)
from localepress.languages import (
    Language,
    check_target,
    get_language,
    same_plural_rule,
    target_languages,
)
from localepress.project import Project


@dataclass(frozen=True)
class CatalogUpdate:
    """What `update` or `merge` did to one catalog."""

    status: str  # created | updated | unchanged
    counts: MergeCounts = field(default_factory=MergeCounts)
    fixes: tuple[str, ...] = ()


def update_catalogs(
    project: Project, langs: Iterable[str] | None = None, docs: Iterable[str] | None = None
) -> dict[str, CatalogUpdate]:
    """Create or merge the catalog of each template × language; return {path: CatalogUpdate}."""
    langs = [check_target(lang, "update") for lang in (langs or target_languages(project))]
    names = list(docs) if docs else sorted(path.stem for path in project.locales.glob("*.pot"))
    jobs = [(doc, lang, project.catalog(lang, doc)) for doc in names for lang in langs]
    with ThreadPoolExecutor(max_workers=len(names) + min(len(jobs), 4)) as pool:
        templates = {doc: pool.submit(read_catalog, project.template(doc)) for doc in names}
        futures = [  # catalogs are read while the templates are
            pool.submit(plan_update, templates[doc], target, get_language(lang), doc)
            for doc, lang, target in jobs
        ]
        for template in templates.values():
            template.result()  # a broken template is the error to report, before any catalog
        plans = [future.result() for future in futures]  # the first error, in order, is raised
    for _, _, target in jobs:
        check_writable(target)
    for (_, _, target), (data, _) in zip(jobs, plans, strict=True):
        write_bytes_atomic(target, data)
    return {
        project.relative(target): update
        for (_, _, target), (_, update) in zip(jobs, plans, strict=True)
    }


def plan_update(
    template: polib.POFile | Future, target: Path, language: Language, doc: str
) -> tuple[bytes, CatalogUpdate]:
    """The bytes `target` should hold after the update, and what changed; writes nothing.

    `template` may still be being read (a Future): the catalog is read meanwhile."""
    old = read_catalog(target) if target.exists() else None
    template = template.result() if isinstance(template, Future) else template
    if old is None:
        result = merge(blank_catalog(template, language, doc, now_stamp()), template)
        return canonical_text(result.catalog), CatalogUpdate("created", result.counts)
    before = translations(old)
    fixes = conform_header(old.metadata, language)
    result = merge(old, template, format_check=format_errors)
    resized = conform_plurals(result.catalog, nplurals(language.plural_forms))
    if resized:
        fixes.append(f"{resized} plural entries given {nplurals(language.plural_forms)} forms")
    after = translations(result.catalog)
    if any(before.get(key) != forms for key, forms in after.items()):
        result.catalog.metadata["PO-Revision-Date"] = now_stamp()
    data = canonical_text(result.catalog)
    try:
        current = target.read_bytes()
    except OSError:  # vanished since it was read: the write recreates it
        current = None
    status = "unchanged" if data == current else "updated"
    return data, CatalogUpdate(status, result.counts, tuple(fixes))


def translations(po: polib.POFile) -> dict[tuple, tuple[str, ...]]:
    """What the catalog says: the msgstr (or forms) of each active entry that has one."""
    found = {}
    for entry in po:
        forms = (
            tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else (entry.msgstr,)
        )
        if not entry.obsolete and entry.msgid and any(forms):
            found[(entry.msgctxt, entry.msgid, entry.msgid_plural or None)] = forms
    return found


def merged_text(
    definitions: Path, reference: Path, *, previous: bool = True
) -> tuple[bytes, MergeCounts]:
    """What `msgmerge [--previous] DEF REF` prints, for any two files; writes nothing.

    The files are taken as msgmerge takes them (catalogs/msgmerge.py): no language table
    applies to a foreign file, and its charset is kept.
    """
    merged = merged_bytes(
        definitions,
        reference,
        options=MergeOptions(previous=previous),
        layout=Layout(force_po=True),  # a catalog with only its header is written too
    )
    return merged.data or b"", merged.counts


def merge_files(
    definitions: Path, reference: Path, output: Path, *, previous: bool = True
) -> CatalogUpdate:
    """`msgmerge [--previous] DEF REF -o OUT`: write the merge atomically, say what changed."""
    data, counts = merged_text(definitions, reference, previous=previous)
    existed = Path(output).exists()
    if not write_bytes_atomic(Path(output), data):
        return CatalogUpdate("unchanged", counts)
    return CatalogUpdate("updated" if existed else "created", counts)


def blank_catalog(template: polib.POFile, language: Language, doc: str, stamp: str) -> polib.POFile:
    """An empty catalog whose header the merge completes: the template's, filled for `language`."""
    po = polib.POFile(wrapwidth=79)
    po.header = f"{language.team} translation of “{doc}”."
    po.metadata = dict(template.metadata)
    po.metadata.update(
        {
            "PO-Revision-Date": stamp,
            "Last-Translator": "",
            "Language-Team": language.team,
            "Language": language.code,
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    _set_plural_forms(po.metadata, language.plural_forms)
    return po


def conform_header(metadata: dict[str, str], language: Language) -> list[str]:
    """Set Language and Plural-Forms from the language table; return what was fixed."""
    fixes = []
    if metadata.get("Language") != language.code:
        if metadata.get("Language"):
            fixes.append(f"Language {metadata['Language']!r} replaced by {language.code!r}")
        metadata["Language"] = language.code
    current = metadata.get("Plural-Forms")
    if not same_plural_rule(current, language.plural_forms):
        fixes.append(
            f"Plural-Forms {current!r} contradicted the language table; "
            f"set to {language.plural_forms!r}"
            if current
            else f"Plural-Forms missing; set to the language table's {language.plural_forms!r}"
        )
        _set_plural_forms(metadata, language.plural_forms)
    return fixes


def _set_plural_forms(metadata: dict[str, str], value: str) -> None:
    """Replace Plural-Forms in place, or add it after Content-Transfer-Encoding as msginit does."""
    if "Plural-Forms" in metadata or "Content-Transfer-Encoding" not in metadata:
        metadata["Plural-Forms"] = value
        return
    items = list(metadata.items())
    at = [name for name, _ in items].index("Content-Transfer-Encoding") + 1
    metadata.clear()
    metadata.update([*items[:at], ("Plural-Forms", value), *items[at:]])
