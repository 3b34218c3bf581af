"""A translation kit for an agency: XLIFF per document, TMX, TBX, a review .docx, a README.

The kit is a zip holding what CAT tools take (xliff.py, tmx.py, tbx.py), a Word table for
reviewers (review_docx.py) and a README.txt in the target language. Every unit carries what
`receive` needs to bring the work back (units.py), so no state is kept on this side. Same
catalogs, same kit, byte for byte: entries in catalog order, one timestamp in the zip.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from localepress.catalogs.po import read_catalog
from localepress.errors import LocalepressError
from localepress.files import write_atomic
from localepress.languages import SOURCE_LANGUAGE, get_language, target_languages
from localepress.project import INTERFACE, Project, build_date
from localepress.quality.checks.terms import terms_in
from localepress.quality.termbase import Term, project_termbase
from localepress.translators.kit_readme import readme
from localepress.translators.memory import TranslationMemory
from localepress.translators.review_docx import write_review
from localepress.translators.tbx import write_tbx
from localepress.translators.tmx import write_tmx
from localepress.translators.units import STATES, KitUnit, state_of
from localepress.translators.xliff import VERSIONS, write_xliff

ONLY = (*STATES, "all")
SEGMENT_KINDS = ("heading", "paragraph", "list item", "quote", "table cell", "interface")


@dataclass
class KitReport:
    path: Path
    lang: str
    version: str
    documents: dict[str, int] = field(default_factory=dict)  # XLIFF file → units
    memory: int = 0  # TMX units
    terms: int = 0  # TBX entries
    changed: bool = True


def write_kit(
    project: Project,
    lang: str,
    output: Path,
    docs: Iterable[str] | None = None,
    only: Iterable[str] = ("all",),
    version: str = "1.2",
) -> KitReport:
    """Build the kit for `lang` and write it to `output` (a .zip) atomically."""
    lang = _target(lang)
    if version not in VERSIONS:
        raise LocalepressError(f"unknown XLIFF version {version!r}; known: {', '.join(VERSIONS)}")
    states = _states(only)
    report = KitReport(Path(output), lang, version)
    members: dict[str, bytes] = {}
    terms = project_termbase(project)
    all_units: list[KitUnit] = []
    for doc in _domains(project, docs):
        path = project.catalog(lang, doc)
        if not path.exists():
            raise LocalepressError(
                f"no catalog {path.relative_to(project.root)}: run `localepress update -l {lang}`"
            )
        units = kit_units(doc, read_catalog(path), states, terms, lang)
        original = str(path.relative_to(project.root))
        members[f"{doc}.xlf"] = write_xliff(units, doc, lang, version, original)
        report.documents[f"{doc}.xlf"] = len(units)
        all_units += units
    memory = _memory(project, lang)
    report.memory, report.terms = sum(len(u.forms) for u in memory.units), len(terms)
    stamp = build_date(project)
    members["memory.tmx"] = write_tmx(memory, lang)
    members["termbase.tbx"] = write_tbx(terms, lang)
    members["review.docx"] = write_review(all_units, lang, stamp)
    members["README.txt"] = readme(lang, version, report.documents, report.memory, report.terms)
    report.changed = write_atomic(Path(output), zip_bytes(members, stamp))
    return report


def kit_units(
    doc: str, po: polib.POFile, states: set[str], terms: list[Term], lang: str
) -> list[KitUnit]:
    """The units of one catalog whose state is wanted, in catalog order."""
    return [
        KitUnit.from_entry(doc, entry, unit_notes(entry, terms, lang))
        for entry in po
        if not entry.obsolete and entry.msgid and state_of(entry) in states
    ]


def unit_notes(entry: polib.POEntry, terms: list[Term], lang: str) -> list[str]:
    """What a translator needs beside the French: kind, references, comments, terms."""
    comments = [line for line in (entry.comment or "").split("\n") if line]
    if comments and comments[0].startswith(SEGMENT_KINDS):
        notes = [f"Segment: {comments.pop(0)}"]
    else:
        notes = []
    notes += [f"Note: {line}" for line in comments]
    places = dict.fromkeys(where for where, _line in entry.occurrences)
    notes += [f"Reference: {where}" for where in places]
    if entry.msgctxt is not None:
        notes.append(f"Context: {entry.msgctxt}")
    notes += [f"Translator comment: {line}" for line in (entry.tcomment or "").split("\n") if line]
    if entry.fuzzy and entry.previous_msgid:
        notes.append(f"French before its last change: {entry.previous_msgid}")
    for term in terms_in(f"{entry.msgid} {entry.msgid_plural or ''}", terms):
        notes.append(_term_note(term, lang))
    return notes


def _term_note(term: Term, lang: str) -> str:
    if term.do_not_translate:
        return f"Termbase: {term.source} — do not translate (keep the French form)"
    note = f"Termbase: {term.source} → {term.target(lang) or '(no approved form)'}"
    forbidden = term.forbidden.get(lang, ())
    return note + (f" (not: {', '.join(forbidden)})" if forbidden else "")


def _memory(project: Project, lang: str) -> TranslationMemory:
    folder = project.locales / lang / "LC_MESSAGES"
    return TranslationMemory.from_catalogs(
        (str(path.relative_to(project.root)), read_catalog(path))
        for path in sorted(folder.glob("*.po"))
    )


def zip_bytes(members: dict[str, bytes], stamp) -> bytes:
    """A zip of `members` in name order, every entry with the one timestamp `stamp`."""
    when = stamp.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, when)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, members[name])
    return buffer.getvalue()


def _target(lang: str) -> str:
    code = get_language(lang).code
    if code == SOURCE_LANGUAGE:
        raise LocalepressError(
            f"{code} is the source language: a kit is for {', '.join(target_languages())}"
        )
    return code


def _states(only: Iterable[str]) -> set[str]:
    wanted = {item.strip() for value in only for item in value.split(",") if item.strip()}
    unknown = sorted(wanted - set(ONLY))
    if unknown:
        raise LocalepressError(f"unknown --only {unknown[0]!r}; known: {', '.join(ONLY)}")
    return set(STATES) if not wanted or "all" in wanted else wanted


def _domains(project: Project, docs: Iterable[str] | None) -> list[str]:
    wanted = [d if d == INTERFACE else project.check_document(d) for d in docs or ()]
    return list(dict.fromkeys(wanted)) or project.domains()
