"""Bringing translators' catalogs up to date with the templates, and merging any two files.

`update` creates `locales/<lang>/LC_MESSAGES/<doc>.po` from each template, or merges the
existing one (merge.py), and holds the header to the language table: Language and a
Plural-Forms that contradicts the table are fixed and reported. PO-Revision-Date moves only
when what the catalog says changes, so re-running on an unchanged tree changes no byte.
Every file is read and merged before any is written: a bad catalog leaves all files as they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from localepress.catalogs.extract import now_stamp
from localepress.catalogs.merge import MergeCounts, MergeOptions, conform_plurals, merge, nplurals
from localepress.catalogs.msgmerge import Layout, merged_bytes
from localepress.catalogs.po import (
    canonical_text,
    check_writable,
    format_errors,
    read_catalog,
    write_bytes_atomic,
)
from localepress.languages import TARGET_LANGUAGES, Language, get_language, same_plural_rule
from localepress.project import Project

_DATES = re.compile(rb'^"(?:POT-Creation-Date|PO-Revision-Date): [^"\n]*\\n"\n', re.MULTILINE)


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
    langs = list(langs or TARGET_LANGUAGES)
    for lang in langs:
        get_language(lang)
    names = list(docs) if docs else sorted(path.stem for path in project.locales.glob("*.pot"))
    planned: list[tuple[Path, bytes, CatalogUpdate]] = []
    for doc in names:
        template = read_catalog(project.template(doc))
        for lang in langs:
            target = project.catalog(lang, doc)
            planned.append((target, *plan_update(template, target, get_language(lang), doc)))
    for target, _, _ in planned:
        check_writable(target)
    for target, data, _ in planned:
        write_bytes_atomic(target, data)
    return {str(target.relative_to(project.root)): update for target, _, update in planned}


def plan_update(
    template: polib.POFile, target: Path, language: Language, doc: str
) -> tuple[bytes, CatalogUpdate]:
    """The bytes `target` should hold after the update, and what changed; writes nothing."""
    if not target.exists():
        result = merge(blank_catalog(template, language, doc, now_stamp()), template)
        return canonical_text(result.catalog), CatalogUpdate("created", result.counts)
    old = read_catalog(target)
    before = canonical_text(old)
    fixes = conform_header(old.metadata, language)
    result = merge(old, template, format_check=format_errors)
    resized = conform_plurals(result.catalog, nplurals(language.plural_forms))
    if resized:
        fixes.append(f"{resized} plural entries given {nplurals(language.plural_forms)} forms")
    data = canonical_text(result.catalog)
    if _DATES.sub(b"", data) != _DATES.sub(b"", before):
        result.catalog.metadata["PO-Revision-Date"] = now_stamp()
        data = canonical_text(result.catalog)
    try:
        current = target.read_bytes()
    except OSError:  # vanished since it was read: the write recreates it
        current = None
    status = "unchanged" if data == current else "updated"
    return data, CatalogUpdate(status, result.counts, tuple(fixes))


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
