"""Bringing an agency's work back: returned XLIFF or review .docx merged into today's catalogs.

A unit is matched by id (units.py) to the entry with the same French. When the French changed
since the hand-off, the unit goes to the entry `update` paired with the old French (`#|`), or
to the most similar free entry as msgmerge would choose it (merge.FuzzyIndex), and comes in
fuzzy with the old French as previous msgid; with no such entry it is kept as obsolete (`#~`).
A translation changed here since the hand-off is a conflict: kept unless `theirs`. Every
returned translation goes through the checks; an error makes it fuzzy, with the finding as a
translator comment, so nothing unchecked is published. Every file is read and every catalog
planned before any is written; one bad file leaves every catalog as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from localepress.catalogs.extract import now_stamp
from localepress.catalogs.merge import FuzzyIndex
from localepress.catalogs.po import check_writable, read_catalog, write_catalog
from localepress.errors import ExchangeError
from localepress.project import INTERFACE, Project
from localepress.quality.checks import ERROR, check_pair, ignored_checks
from localepress.quality.checks.markup import check_markup
from localepress.quality.checks.text import analyse
from localepress.quality.termbase import Term, project_termbase
from localepress.translators import receive_check
from localepress.translators.review_docx import read_review
from localepress.translators.units import (
    STATES,
    TRANSLATED,
    ReturnedUnit,
    forms_of,
    sent_digest,
    state_of,
    unit_id,
)
from localepress.translators.xliff_read import read_xliff

MARK = "received:"  # translator comments receive writes; the next receive replaces them


@dataclass(frozen=True)
class Conflict:
    where: str  # catalog:line of the entry
    msgid: str
    ours: tuple[str, ...]
    theirs: tuple[str, ...]


@dataclass
class ReceiveReport:
    lang: str = ""
    updated: int = 0  # came in translated
    unchanged: int = 0
    new_fuzzy: int = 0  # came in fuzzy: French changed, returned as draft, or a check error
    obsolete: int = 0  # French gone from the template: kept as #~
    conflicts: list[Conflict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "where: id: why"
    unknown: list[str] = field(default_factory=list)  # "where: id"
    findings: list[str] = field(default_factory=list)  # check errors that made entries fuzzy
    catalogs: dict[str, str] = field(default_factory=dict)  # path → updated | unchanged

    @property
    def problems(self) -> bool:
        return bool(self.conflicts or self.refused or self.unknown or self.findings)


def receive(project: Project, files: Iterable[Path], *, theirs: bool = False) -> ReceiveReport:
    """Merge the returned `files` into the catalogs of their language; see the module doc."""
    report = ReceiveReport()
    by_doc: dict[str, list[ReturnedUnit]] = {}
    for path in map(Path, files):
        lang, docs = read_returned(path)
        if report.lang and lang != report.lang:
            raise ExchangeError(path, f"is for {lang!r}, the other files for {report.lang!r}")
        report.lang = lang
        for doc, units in docs:
            by_doc.setdefault(doc, []).extend(units)
    known = [*project.all_documents(), INTERFACE]
    planned = []
    terms = project_termbase(project)
    for doc, units in by_doc.items():
        path = project.catalog(report.lang, doc)
        if doc not in known or not path.exists():
            raise ExchangeError(
                units[0].where, f"no catalog for document {doc!r} in {report.lang!r}"
            )
        po = read_catalog(path)
        name = str(path.relative_to(project.root))
        if _merge(po, units, report.lang, terms, theirs, report, name):
            po.metadata["PO-Revision-Date"] = now_stamp()
            planned.append((po, path))
        report.catalogs[name] = "updated" if planned and planned[-1][1] == path else "unchanged"
    for _, path in planned:
        check_writable(path)
    for po, path in planned:
        write_catalog(po, path)
    return report


def read_returned(path: Path) -> tuple[str, list[tuple[str, list[ReturnedUnit]]]]:
    """(language, [(document, units)…]) of a returned XLIFF or review .docx."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExchangeError(path, f"cannot be read: {exc.strerror}") from None
    if data.startswith(b"PK"):
        lang, units = read_review(data, str(path))
        docs: dict[str, list[ReturnedUnit]] = {}
        for unit in units:
            docs.setdefault(unit.doc, []).append(unit)
        return lang, list(docs.items())
    return read_xliff(data, str(path))


def _merge(po, units, lang, terms, theirs, report: ReceiveReport, name: str) -> bool:
    """Apply one document's units to its catalog; True when the catalog changed."""
    active = [e for e in po if not e.obsolete and e.msgid]
    by_id = {unit_id(e.msgctxt, e.msgid): e for e in active}
    matched, moved = [], []
    for unit in units:
        if unit.problem:
            report.refused.append(f"{unit.where}: {unit.uid}: {unit.problem}")
        elif not unit.verified:
            report.unknown.append(f"{unit.where}: {unit.uid or '(no id)'}")
        elif unit.uid in by_id:
            matched.append((by_id[unit.uid], unit))
        else:
            moved.append(unit)
    taken = {id(entry) for entry, _ in matched}
    successors = _successors([e for e in active if id(e) not in taken], moved)
    changed = False
    take = Taker(lang, terms, theirs, report, name, po)
    for entry, unit in matched:
        changed |= take(entry, unit, moved=False)
    for unit, entry in zip(moved, successors, strict=True):
        changed |= take(entry, unit, moved=True) if entry else _obsolete(po, unit, report)
    return changed


def _successors(free: list[polib.POEntry], moved: list[ReturnedUnit]) -> list:
    """For each unit whose French changed, the entry it now belongs to, or None: the entry
    whose previous msgid is the unit's French, else msgmerge's best free match; one each."""
    by_previous = {(e.previous_msgctxt, e.previous_msgid): e for e in free if e.previous_msgid}
    guesses = FuzzyIndex(free).best([(u.context, u.sources[0]) for u in moved])
    claimed: set[int] = set()
    found = []
    for unit, guess in zip(moved, guesses, strict=True):
        entry = by_previous.get((unit.context, unit.sources[0])) or guess
        if entry is not None and id(entry) in claimed:
            entry = None
        if entry is not None:
            claimed.add(id(entry))
        found.append(entry)
    return found


def _obsolete(po: polib.POFile, unit: ReturnedUnit, report: ReceiveReport) -> bool:
    """Keep a translation whose French is gone as an obsolete entry (#~), as msgmerge would."""
    if not any(unit.targets):
        report.unchanged += 1
        return False
    plural = len(unit.sources) > 1
    for entry in po:
        if entry.obsolete and (entry.msgctxt, entry.msgid) == (unit.context, unit.sources[0]):
            if forms_of(entry) == unit.targets:
                report.unchanged += 1
                return False
            po.remove(entry)
            break
    entry = polib.POEntry(msgctxt=unit.context, msgid=unit.sources[0], obsolete=True)
    if plural:
        entry.msgid_plural = unit.sources[1]
        entry.msgstr_plural = dict(enumerate(unit.targets))
    else:
        entry.msgstr = unit.targets[0]
    if unit.state != TRANSLATED:
        entry.flags.append("fuzzy")
    po.append(entry)
    report.obsolete += 1
    return True


class Taker:
    """Decides, for one entry and the unit returned for it, what the catalog keeps."""

    def __init__(self, lang, terms: list[Term], theirs: bool, report, name: str, po):
        self.lang, self.terms, self.theirs, self.report = lang, terms, theirs, report
        self.name, self.po = name, po

    def __call__(self, entry: polib.POEntry, unit: ReturnedUnit, *, moved: bool) -> bool:
        ours = forms_of(entry)
        returned = _padded(unit.targets, len(ours))
        if not any(returned) or (returned == ours and (moved or unit.state == state_of(entry))):
            return self._unchanged(entry, unit)
        if not moved and sent_digest(unit.state, returned) == unit.sent:
            return self._unchanged(entry, unit)  # the agency left it as it was sent
        here = [sent_digest(state, ours) for state in (STATES if moved else [state_of(entry)])]
        if unit.sent not in here and any(ours) and not self.theirs:
            where = f"{self.name}:{entry.linenum}"
            self.report.conflicts.append(Conflict(where, entry.msgid, ours, returned))
            return False
        if unit.missing and (problem := self._dropped(entry, returned)):
            self.report.refused.append(f"{unit.where}: {unit.uid}: {problem}")
            return False
        return self._apply(entry, unit, returned, moved)

    def _unchanged(self, entry: polib.POEntry, unit: ReturnedUnit) -> bool:
        self.report.unchanged += 1
        return receive_check.add_notes(entry, unit.notes)

    def _dropped(self, entry: polib.POEntry, returned: tuple[str, ...]) -> str:
        """The markup check's error for codes a target dropped, or "" when it accepts it."""
        kind = (entry.comment or "").split("\n")[0]
        for source, target in zip(_sources(entry, len(returned)), returned, strict=True):
            errors = [
                i for i in check_markup(analyse(source, kind), analyse(target, kind), kind)
                if i.severity == ERROR
            ]  # fmt: skip
            if errors:
                return f"inline codes removed: {errors[0].message}"
        return ""

    def _apply(self, entry, unit: ReturnedUnit, returned, moved: bool) -> bool:
        if entry.msgid_plural:
            entry.msgstr_plural = dict(enumerate(returned))
        else:
            entry.msgstr = returned[0]
        findings = self._check(entry, returned)
        fuzzy = moved or unit.state != TRANSLATED or bool(findings)
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        elif not fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if moved:
            entry.previous_msgctxt, entry.previous_msgid = unit.context, unit.sources[0]
            entry.previous_msgid_plural = unit.sources[1] if len(unit.sources) > 1 else None
        elif not fuzzy:
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        receive_check.set_findings(entry, findings, MARK)
        receive_check.add_notes(entry, unit.notes)
        where = f"{self.name}:{entry.linenum}"
        self.report.findings += [f"{where}: {finding}" for finding in findings]
        if fuzzy:
            self.report.new_fuzzy += 1
        else:
            self.report.updated += 1
        return True

    def _check(self, entry: polib.POEntry, returned: tuple[str, ...]) -> list[str]:
        """The check errors of the returned translation (the catalog's own silencing holds)."""
        kind = (entry.comment or "").split("\n")[0]
        ignored = ignored_checks(entry)
        found = []
        for source, target in zip(_sources(entry, len(returned)), returned, strict=True):
            for issue in check_pair(source, target, self.lang, self.terms, kind=kind,
                                    flags=entry.flags):  # fmt: skip
                if issue.severity == ERROR and (issue.guard or issue.check not in ignored):
                    found.append(f"{issue.check}: {issue.message}")
        found += receive_check.format_findings(entry, self.po)
        return list(dict.fromkeys(found))


def _sources(entry: polib.POEntry, count: int) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgid, *[entry.msgid_plural] * (count - 1)]
    return [entry.msgid]


def _padded(forms: tuple[str, ...], count: int) -> tuple[str, ...]:
    """The returned forms to the catalog's count (the last form repeated, or cut)."""
    if not forms:
        return ("",) * count
    return tuple(forms[min(i, len(forms) - 1)] for i in range(count))
