"""Running the checks over catalogs: entries in, findings with file and line out.

Each catalog is read once (`po.read_checked`: the same msgfmt run parses it and gives the
`msgfmt -c` findings). Spelling runs once per catalog, the other checks once per entry
(`check_pair`), a large catalog's entries on every core (`forked.py`). A finding about a
translation points at its msgstr line (msgstr[n] for a plural form), one about the catalog
(header, template, msgfmt) at the line concerned.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polib

from localepress.catalogs.po import gettext_tool, read_catalog, read_checked, read_keys
from localepress.catalogs.positions import positions
from localepress.catalogs.stats import template_of
from localepress.errors import CatalogError
from localepress.languages import SOURCE_LANGUAGE, get_language, is_language
from localepress.project import Project
from localepress.quality.checks.catalog import (
    Finding,
    msgfmt_findings,
    plural_forms_findings,
    stale_findings,
)
from localepress.quality.checks.forked import map_entries
from localepress.quality.checks.invariants import (
    check_emails,
    check_numbers,
    check_phones,
    check_placeholders,
    check_urls,
)
from localepress.quality.checks.issue import ERROR, WARNING, Issue
from localepress.quality.checks.markup import check_markup
from localepress.quality.checks.spelling import SPELLING, candidates, speller
from localepress.quality.checks.terms import check_terms, term_words
from localepress.quality.checks.text import analyse, word_forms
from localepress.quality.checks.typography import check_typography
from localepress.quality.checks.wording import (
    check_length,
    check_punctuation,
    check_same_as_source,
    check_whitespace,
)
from localepress.quality.termbase import Term, accepted_words, project_termbase

CHECKS = (
    "markup", "numbers", "placeholders", "urls", "emails", "phones", "termbase",
    "same-as-source", "whitespace", "punctuation", "length", "typography", "spelling",
    "plural-forms", "stale", "msgfmt",
)  # fmt: skip
_IGNORE = re.compile(r"^\s*ignore-check\s*:\s*(.*)$", re.MULTILINE | re.IGNORECASE)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # checks skipped, catalogs missing
    catalogs: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    def add(self, other: Report) -> None:
        self.findings += other.findings
        self.notes += [note for note in other.notes if note not in self.notes]
        self.catalogs += other.catalogs


def check_pair(
    source: str, translation: str, lang: str, terms: Iterable[Term] = (), *, kind="", flags=()
) -> list[Issue]:
    """Every check but spelling and msgfmt (which run once per catalog) on one string pair."""
    terms = list(terms)
    s, t = analyse(source, kind), analyse(translation, kind)
    return [
        *check_markup(s, t, kind, lang),
        *check_numbers(s, t, lang),
        *check_placeholders(s, t, flags),
        *check_urls(s, t),
        *check_emails(s, t),
        *check_phones(s, t),
        *check_terms(s.plain, t.plain, lang, terms),
        *check_same_as_source(s, t, terms),
        *check_whitespace(source, translation),
        *check_punctuation(s, t),
        *check_length(s, t),
        *check_typography(t.plain, lang),
    ]


def ignored_checks(entry: polib.POEntry) -> set[str]:
    """Check names listed in the entry's `ignore-check:` comments."""
    comments = f"{entry.tcomment or ''}\n{entry.comment or ''}"
    return {
        name.lower()
        for match in _IGNORE.finditer(comments)
        for name in re.split(r"[,\s]+", match.group(1))
        if name
    }


def check_catalog(
    path: Path,
    lang: str | None = None,
    terms: Iterable[Term] = (),
    *,
    name: str | None = None,
    accepted: Iterable[str] = (),
    template: Path | None = None,
    template_name: str | None = None,
    templates: dict | None = None,
) -> Report:
    """Check one .po file, read once; `lang` defaults to its Language header or its
    locales/<lang> folder; a `template` (.pot) makes a catalog that lacks entries an error.
    `templates` keeps the templates read during one command, for the other languages."""
    path = Path(path)
    po, msgfmt, expected = _read_with_template(
        path, template, {} if templates is None else templates
    )
    lang = lang or catalog_language(path, po)
    return check_po(po, path, lang, list(terms), name or str(path), accepted,
                    template=expected, template_name=template_name or str(template),
                    msgfmt=msgfmt)  # fmt: skip


def _read_with_template(path: Path, template: Path | None, templates: dict):
    """The catalog, what msgfmt -c says of it, and its template: read side by side, so their
    GNU tools run at the same time; a template read earlier in the command is not read again."""
    if template is None or template in templates:
        return (*read_checked(path), templates.get(template))
    with ThreadPoolExecutor(1) as pool:
        expected = pool.submit(read_keys, template)
        po, msgfmt = read_checked(path)
        templates[template] = expected.result()
    return po, msgfmt, templates[template]


def check_po(
    po: polib.POFile,
    path: Path,
    lang: str,
    terms: list[Term],
    name: str,
    accepted: Iterable[str] = (),
    *,
    template: polib.POFile | Collection[tuple] | None = None,
    template_name: str = "the template",
    msgfmt: subprocess.CompletedProcess | None = None,
) -> Report:
    """Check a catalog already read from `path`; findings carry `name` as their path.

    `accepted` holds the project's extra spelling words for `lang` (termbase.accepted_words);
    `msgfmt` is what `msgfmt -c` said of the file (run here when not given).
    """
    get_language(lang)
    where = positions(path)
    known = term_words(terms) | {word.lower() for word in accepted}

    def check_entry(entry: polib.POEntry) -> tuple[dict, list[str]]:
        issues, to_spell = {}, []
        source_words = word_forms(f"{entry.msgid} {entry.msgid_plural or ''}")
        for form, (source, translation) in enumerate(_pairs(entry)):
            line = where.of_msgstr(entry, form)
            for issue in check_pair(
                source, translation, lang, terms, kind=_kind(entry), flags=entry.flags
            ):
                issues.setdefault(issue, line)  # a plural's forms often share a finding
            plain = analyse(translation, _kind(entry)).plain
            to_spell += candidates(plain, lang, known | source_words)
        return issues, to_spell

    entries = [entry for entry in po if entry.msgid and entry.translated()]
    checked = [
        (entry, where.of_msgstr(entry), *found)
        for entry, found in zip(entries, map_entries(check_entry, entries), strict=True)
    ]
    report = _report(po, name, lang, checked)
    report.findings += plural_forms_findings(po, lang, name, where)
    if template is not None:
        report.findings += stale_findings(po, template, lang, name, template_name, where)
    if msgfmt is None:
        msgfmt = gettext_tool("msgfmt", "-c", "-o", os.devnull, str(path))
    report.findings += msgfmt_findings(path, name, msgfmt, where)
    report.findings.sort(key=lambda f: (f.line, CHECKS.index(f.check)))
    return report


def check_templates(
    paths: Iterable[Path], terms: Iterable[Term] = (), names=None, accepted: Iterable[str] = ()
) -> Report:
    """French typography and spelling of the master text, read from .pot msgids."""
    report = Report()
    known = term_words(terms) | {word.lower() for word in accepted}
    for index, path in enumerate(map(Path, paths)):
        po, where = read_catalog(path), positions(path)
        checked = []
        for entry in po:
            for text in filter(None, (entry.msgid, entry.msgid_plural)):
                plain = analyse(text, _kind(entry)).plain
                line = where.of_msgid(entry)
                issues = dict.fromkeys(check_typography(plain, SOURCE_LANGUAGE), line)
                checked.append((entry, line, issues, candidates(plain, SOURCE_LANGUAGE, known)))
        report.add(_report(po, names[index] if names else str(path), SOURCE_LANGUAGE, checked))
    return report


def _report(po: polib.POFile, name: str, lang: str, checked: list) -> Report:
    """Findings of one catalog from (entry, spelling line, {issue: line}, words to spell):
    spelling runs once here, for the whole catalog."""
    report = Report(catalogs=[name])
    spell, note = speller(get_language(lang).hunspell)
    if note:
        report.notes.append(note)
    misspelled = spell.misspelled(w for _, _, _, ws in checked for w in ws) if spell else set()
    for entry, spell_line, issues, to_spell in checked:
        unknown = sorted({w for w in to_spell if w in misspelled})
        if unknown:
            found = Issue(SPELLING, WARNING, f"unknown to hunspell: {', '.join(unknown)}")
            issues = {**issues, found: spell_line}
        ignored = ignored_checks(entry)
        report.findings += [
            Finding(name, line, entry.msgid, i.check, i.severity, i.message)
            for i, line in issues.items()
            if i.guard or i.check not in ignored
        ]
    return report


def check_project(
    project: Project,
    langs: Iterable[str],
    docs: Iterable[str] | None = None,
    *,
    skip_unreadable: bool = False,
) -> Report:
    """Check every catalog of `langs` (all of locales/<lang>/LC_MESSAGES, or those of `docs`),
    each against its template. The source language checks the templates' French instead.
    A catalog that cannot be read raises CatalogError, or is a note with `skip_unreadable`."""
    terms = project_termbase(project)
    docs = [project.check_document(doc) for doc in docs] if docs else None
    report, read = Report(), {}  # read: each template once, whatever the languages
    for lang in langs:
        get_language(lang)
        if lang == SOURCE_LANGUAGE:
            templates = (
                [project.template(d) for d in docs]
                if docs
                else sorted(project.locales.glob("*.pot"))
            )
            templates = [p for p in templates if p.exists()]
            names = [project.relative(p) for p in templates]
            report.add(check_templates(templates, terms, names, accepted_words(project, lang)))
            continue
        folder = project.locales / lang / "LC_MESSAGES"
        wanted = (
            [project.catalog(lang, doc) for doc in docs] if docs else sorted(folder.glob("*.po"))
        )
        for doc in docs or project.documents():
            if not project.catalog(lang, doc).exists():
                report.notes.append(f"no catalog {project.relative(project.catalog(lang, doc))}")
        for path in (path for path in wanted if path.exists()):
            template = project.template(path.stem)
            try:
                report.add(
                    check_catalog(path, lang, terms, name=project.relative(path),
                                  accepted=accepted_words(project, lang),
                                  template=template if template.exists() else None,
                                  template_name=project.relative(template), templates=read)
                )  # fmt: skip
            except CatalogError as exc:
                if not skip_unreadable:
                    raise
                report.notes.append(f"not checked: {exc}")
    return report


def check_files(
    paths: Iterable[Path], lang: str | None = None, terms: Iterable[Term] = ()
) -> Report:
    """Check the named .po files (.pot files: the French master text); a catalog under
    locales/<lang>/LC_MESSAGES/ is checked against its template locales/<doc>.pot."""
    terms = list(terms)
    report = Report()
    for path in map(Path, paths):
        if path.suffix == ".pot":
            report.add(check_templates([path], terms))
            continue
        template = template_of(path)
        po, msgfmt, expected = _read_with_template(path, template, {})
        report.add(
            check_po(po, path, catalog_language(path, po, lang), terms, str(path),
                     template=expected, template_name=str(template), msgfmt=msgfmt)
        )  # fmt: skip
    return report


def catalog_language(path: Path, po: polib.POFile, fallback: str | None = None) -> str:
    """The catalog's language: its Language header, else its locales/<lang>/ folder."""
    header = re.split(r"[_@.-]", po.metadata.get("Language", "").strip())[0].lower()
    if header:
        return get_language(header).code
    parts = Path(path).parts
    if "LC_MESSAGES" in parts[1:]:
        folder = parts[parts.index("LC_MESSAGES") - 1]
        if is_language(folder):
            return get_language(folder).code
    if fallback:
        return get_language(fallback).code
    raise CatalogError(path, "no Language header and not under locales/<lang>/: give -l", 1)


def _kind(entry: polib.POEntry) -> str:
    """The segment kind extraction wrote as the first comment ("heading 2", "table cell")."""
    return (entry.comment or "").split("\n")[0]


def _pairs(entry: polib.POEntry):
    if entry.msgid_plural:
        for index, text in sorted(entry.msgstr_plural.items()):
            yield (entry.msgid if int(index) == 0 else entry.msgid_plural), text
    else:
        yield entry.msgid, entry.msgstr
