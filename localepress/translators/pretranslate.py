"""Pretranslation: untranslated entries get a suggestion that a translator then reviews.

Every suggestion is flagged fuzzy, so nothing reaches an edition until a translator clears the
flag (localize and msgfmt leave fuzzy entries out), and carries a translator comment naming its
source: `pretranslated: memory 92% (locales/en/LC_MESSAGES/dossier-de-presse.po)` or
`pretranslated: apertium fr-es`. The project's own translation memory comes first when its best
match scores at least `min_score`; a fuzzy match keeps the French it was written for as the
previous msgid (`#|`), as msgmerge does, so Poedit and the review page show what differs.
Apertium fills the rest where the language has a mode, keeping markup, numbers and
do-not-translate terms. Every catalog is read and filled before any is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polib

from localepress.catalogs.extract import now_stamp
from localepress.catalogs.merge import msgstr_first
from localepress.catalogs.po import check_writable, read_catalog, write_catalog
from localepress.errors import ToolMissingError
from localepress.languages import check_target, get_language, target_languages
from localepress.project import INTERFACE, Project
from localepress.quality.termbase import project_termbase
from localepress.translators import apertium
from localepress.translators.memory import Match, TranslationMemory

MEMORY, APERTIUM = "memory", "apertium"
MIN_SCORE = 75.0  # below this a memory match is more work to fix than a fresh translation
COMMENT = "pretranslated:"


@dataclass
class FileResult:
    path: str
    filled: dict[str, int] = field(default_factory=dict)  # source (memory, apertium) → entries
    left: int = 0  # untranslated entries that got no suggestion
    changed: bool = False


@dataclass
class PretranslateReport:
    files: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # engines that could not run, and why


def pretranslate(
    project: Project,
    langs: Iterable[str] | None = None,
    docs: Iterable[str] | None = None,
    *,
    min_score: float = MIN_SCORE,
    machine: bool = True,
) -> PretranslateReport:
    """Fill the untranslated entries of each catalog of `langs` × `docs` (default: every domain).

    The memory of a language holds every catalog of that language, whatever `docs` selects.
    Without Apertium (or its mode), a note says how to install it and the memory still works.
    """
    report = PretranslateReport()
    names = [project.check_document(d) if d != INTERFACE else d for d in docs or ()]
    names = names or project.domains()
    keep = [term.source for term in project_termbase(project) if term.do_not_translate]
    planned: list[tuple[polib.POFile, object, FileResult]] = []
    for lang in target_languages(project) if langs is None else langs:
        language = get_language(check_target(lang, "pretranslate"))
        folder = project.locales / language.code / "LC_MESSAGES"
        catalogs = {path: read_catalog(path) for path in sorted(folder.glob("*.po"))}
        memory = TranslationMemory.from_catalogs(
            (project.relative(path), po) for path, po in catalogs.items()
        )
        mode = language.apertium if machine else None
        if mode:
            try:
                apertium.require_mode(mode)
            except ToolMissingError as exc:
                report.notes.append(f"{language.code}: {exc}")
                mode = None
        for doc in names:
            path = project.catalog(language.code, doc)
            if path not in catalogs:
                report.notes.append(
                    f"no catalog {project.relative(path)}: run `localepress update` first"
                )
                continue
            result = FileResult(project.relative(path))
            _fill(catalogs[path], memory, mode, keep, min_score, result)
            if result.changed:
                catalogs[path].metadata["PO-Revision-Date"] = now_stamp()
                planned.append((catalogs[path], path, result))
            report.files.append(result)
    for _, path, _ in planned:
        check_writable(path)
    for po, path, _ in planned:
        write_catalog(po, path)
    return report


def _fill(po, memory: TranslationMemory, mode, keep, min_score, result: FileResult) -> None:
    pending = [e for e in po if not e.obsolete and e.msgid and not msgstr_first(e)]
    machine = []
    for entry in pending:
        best = next(iter(memory.lookup(entry.msgid, context=entry.msgctxt, cutoff=min_score)), None)
        if best is not None:
            _apply_memory(entry, best)
            result.filled[MEMORY] = result.filled.get(MEMORY, 0) + 1
        elif mode:
            machine.append(entry)
        else:
            result.left += 1
    if machine:
        texts = [text for e in machine for text in (e.msgid, e.msgid_plural or e.msgid)]
        suggestions = apertium.translate(texts, mode, keep)
        for index, entry in enumerate(machine):
            singular, plural = suggestions[2 * index], suggestions[2 * index + 1]
            if singular is None or plural is None:
                result.left += 1
                continue
            _set_forms(entry, (singular, plural))
            _mark(entry, f"{APERTIUM} {mode}")
            result.filled[APERTIUM] = result.filled.get(APERTIUM, 0) + 1
    result.changed = bool(result.filled)


def _apply_memory(entry: polib.POEntry, match: Match) -> None:
    unit = match.unit
    forms = unit.forms if len(unit.forms) > 1 else (unit.forms[0], unit.forms[0])
    _set_forms(entry, forms)
    if not match.exact:
        entry.previous_msgctxt = unit.context
        entry.previous_msgid = unit.source
        entry.previous_msgid_plural = unit.plural
    _mark(entry, f"{MEMORY} {match.score:g}% ({unit.origin})")


def _set_forms(entry: polib.POEntry, forms) -> None:
    """msgstr, or every msgstr[n]: the singular form first, the plural form for the others."""
    if entry.msgid_plural:
        count = max(len(entry.msgstr_plural), 2)
        entry.msgstr_plural = {n: forms[min(n, len(forms) - 1)] for n in range(count)}
    else:
        entry.msgstr = forms[0]


def _mark(entry: polib.POEntry, source: str) -> None:
    """Flag fuzzy and say where the suggestion came from, replacing an earlier such note."""
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    lines = [line for line in (entry.tcomment or "").split("\n") if line]
    lines = [line for line in lines if not line.startswith(COMMENT)]
    entry.tcomment = "\n".join([*lines, f"{COMMENT} {source}"])
