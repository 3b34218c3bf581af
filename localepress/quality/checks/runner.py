"""Running the checks over catalogs: entries in, findings with file and line out.

Spelling and msgfmt run once per catalog, the other checks once per entry (`check_pair`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib

from localepress.catalogs.po import MSGFMT_LINE, gettext_tool, read_catalog
from localepress.errors import CatalogError
from localepress.languages import (
    GNU_DEFAULT_PLURAL_FORMS,
    LANGUAGES,
    SOURCE_LANGUAGE,
    get_language,
    same_plural_rule,
)
from localepress.project import Project
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
    "plural-forms", "msgfmt",
)  # fmt: skip
PLURAL_FORMS = "plural-forms"
_IGNORE = re.compile(r"^\s*ignore-check\s*:\s*(.*)$", re.MULTILINE | re.IGNORECASE)
_KEYWORD = re.compile(
    r'^(?P<keyword>msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*"(?P<text>.*)"$'
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    msgid: str
    check: str
    severity: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


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
        *check_markup(s, t, kind),
        *check_numbers(s, t),
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
) -> Report:
    """Check one .po file; `lang` defaults to its Language header or its locales/<lang> folder."""
    path = Path(path)
    po = read_catalog(path)
    lang = lang or catalog_language(path, po)
    return check_po(po, path, lang, list(terms), name or str(path), accepted)


def check_po(
    po: polib.POFile,
    path: Path,
    lang: str,
    terms: list[Term],
    name: str,
    accepted: Iterable[str] = (),
) -> Report:
    """Check a catalog already read from `path`; findings carry `name` as their path.

    `accepted` holds the project's extra spelling words for `lang` (termbase.accepted_words)."""
    get_language(lang)
    known = term_words(terms) | {word.lower() for word in accepted}
    checked = []
    for entry in po:
        if not entry.msgid or not entry.translated():
            continue
        issues, to_spell = [], []
        source_words = word_forms(f"{entry.msgid} {entry.msgid_plural or ''}")
        for source, translation in _pairs(entry):
            issues += check_pair(
                source, translation, lang, terms, kind=_kind(entry), flags=entry.flags
            )
            plain = analyse(translation, _kind(entry)).plain
            to_spell += candidates(plain, lang, known | source_words)
        checked.append((entry, _unique(issues), to_spell))
    report = _report(path, po, name, lang, checked)
    report.findings += plural_forms_findings(path, po, lang, name)
    report.findings += msgfmt_findings(path, name)
    report.findings.sort(key=lambda f: (f.line, CHECKS.index(f.check)))
    return report


def check_templates(
    paths: Iterable[Path], terms: Iterable[Term] = (), names=None, accepted: Iterable[str] = ()
) -> Report:
    """French typography and spelling of the master text, read from .pot msgids."""
    report = Report()
    known = term_words(terms) | {word.lower() for word in accepted}
    for index, path in enumerate(map(Path, paths)):
        po = read_catalog(path)
        checked = []
        for entry in po:
            for text in filter(None, (entry.msgid, entry.msgid_plural)):
                plain = analyse(text, _kind(entry)).plain
                issues = check_typography(plain, SOURCE_LANGUAGE)
                checked.append((entry, issues, candidates(plain, SOURCE_LANGUAGE, known)))
        report.add(
            _report(path, po, names[index] if names else str(path), SOURCE_LANGUAGE, checked)
        )
    return report


def _report(path: Path, po: polib.POFile, name: str, lang: str, checked: list) -> Report:
    """Findings of one catalog from (entry, issues, words to spell): spelling runs once here."""
    report = Report(catalogs=[name])
    spell, note = speller(get_language(lang).hunspell)
    if note:
        report.notes.append(note)
    misspelled = spell.misspelled(w for _, _, ws in checked for w in ws) if spell else set()
    lines = msgid_lines(path, po)
    for entry, issues, to_spell in checked:
        unknown = sorted({w for w in to_spell if w in misspelled})
        if unknown:
            issues = [
                *issues,
                Issue(SPELLING, WARNING, f"unknown to hunspell: {', '.join(unknown)}"),
            ]
        ignored = ignored_checks(entry)
        report.findings += [
            Finding(name, lines[id(entry)], entry.msgid, i.check, i.severity, i.message)
            for i in issues
            if i.guard or i.check not in ignored
        ]
    return report


def check_project(
    project: Project, langs: Iterable[str], docs: Iterable[str] | None = None
) -> Report:
    """Check every catalog of `langs` (all of locales/<lang>/LC_MESSAGES, or those of `docs`).

    The source language checks the templates' French instead.
    """
    terms = project_termbase(project)
    docs = [project.check_document(doc) for doc in docs] if docs else None
    report = Report()
    for lang in langs:
        get_language(lang)
        if lang == SOURCE_LANGUAGE:
            templates = (
                [project.template(d) for d in docs]
                if docs
                else sorted(project.locales.glob("*.pot"))
            )
            templates = [p for p in templates if p.exists()]
            names = [_relative(project, p) for p in templates]
            report.add(check_templates(templates, terms, names, accepted_words(project, lang)))
            continue
        folder = project.locales / lang / "LC_MESSAGES"
        wanted = (
            [project.catalog(lang, doc) for doc in docs] if docs else sorted(folder.glob("*.po"))
        )
        for doc in docs or project.documents():
            if not project.catalog(lang, doc).exists():
                report.notes.append(f"no catalog {_relative(project, project.catalog(lang, doc))}")
        for path in wanted:
            if path.exists():
                report.add(
                    check_catalog(
                        path,
                        lang,
                        terms,
                        name=_relative(project, path),
                        accepted=accepted_words(project, lang),
                    )
                )
    return report


def check_files(
    paths: Iterable[Path], lang: str | None = None, terms: Iterable[Term] = ()
) -> Report:
    """Check the named .po files (.pot files: the French master text)."""
    terms = list(terms)
    report = Report()
    for path in map(Path, paths):
        if path.suffix == ".pot":
            report.add(check_templates([path], terms))
        else:
            po = read_catalog(path)
            report.add(check_po(po, path, catalog_language(path, po, lang), terms, str(path)))
    return report


def catalog_language(path: Path, po: polib.POFile, fallback: str | None = None) -> str:
    """The catalog's language: its Language header, else its locales/<lang>/ folder."""
    header = re.split(r"[_@.-]", po.metadata.get("Language", "").strip())[0].lower()
    if header:
        return get_language(header).code
    parts = Path(path).parts
    if "LC_MESSAGES" in parts[1:]:
        folder = parts[parts.index("LC_MESSAGES") - 1]
        if folder in LANGUAGES:
            return folder
    if fallback:
        return get_language(fallback).code
    raise CatalogError(path, "no Language header and not under locales/<lang>/: give -l", 1)


def msgid_lines(path: Path, po: polib.POFile) -> dict[int, int]:
    """id(entry) → line of its msgid in the file as written.

    polib's `linenum` cannot serve: it is the entry's first comment line, counted in the
    canonical text that read_catalog parses, not in the translator's file.
    """
    found = _keyword_lines(Path(path))
    return {id(e): found.get((e.msgctxt, e.msgid), e.linenum) for e in po if not e.obsolete}


def _keyword_lines(path: Path) -> dict[tuple[str | None, str], int]:
    """(msgctxt, msgid) → line of `msgid`, read with a minimal PO lexer (obsolete skipped)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    found: dict[tuple[str | None, str], int] = {}
    context: str | None = None
    keyword, start, parts = "", 0, []

    def finish():
        nonlocal context
        value = polib.unescape("".join(parts))
        if keyword == "msgctxt":
            context = value
        elif keyword == "msgid":
            found.setdefault((context, value), start)
            context = None

    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        match = _KEYWORD.match(line)
        if match:
            finish()
            keyword, start, parts = match["keyword"], number, [match["text"]]
        elif line.startswith('"') and line.endswith('"') and len(line) > 1 and keyword:
            parts.append(line[1:-1])
        else:
            finish()
            keyword, parts = "", []
    finish()
    return found


def plural_forms_findings(path: Path, po: polib.POFile, lang: str, name: str) -> list[Finding]:
    """An error when the catalog's plural rule is not the language table's.

    The compiled catalog carries its own rule into the edition, so a wrong one picks the wrong
    form at run time although msgfmt accepts it. No header means gettext's default rule.
    """
    expected = get_language(lang).plural_forms
    found = po.metadata.get("Plural-Forms")
    if same_plural_rule(found or GNU_DEFAULT_PLURAL_FORMS, expected):
        return []
    what = f"Plural-Forms {found!r}" if found else "no Plural-Forms (gettext assumes n != 1)"
    message = (
        f"{what} contradicts the language table's {expected!r}; "
        f"`localepress update -l {lang}` sets it"
    )
    return [Finding(name, _header_line(path), "", PLURAL_FORMS, ERROR, message)]


def _header_line(path: Path) -> int:
    """Line of the Plural-Forms field, else of the header's msgid, else 1."""
    lines = Path(path).read_bytes().splitlines()
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith(b'"Plural-Forms:'):
            return number
    return _keyword_lines(Path(path)).get((None, ""), 1)


def msgfmt_findings(path: Path, name: str) -> list[Finding]:
    """`msgfmt -c` messages as findings at the line msgfmt names."""
    result = gettext_tool("msgfmt", "-c", "-o", os.devnull, str(path))
    messages: list[list] = []  # [line, message]
    for raw in result.stderr.decode("utf-8", "replace").splitlines():
        match = MSGFMT_LINE.match(raw)
        if match and match["line"] != "0":
            messages.append([int(match["line"]), match["message"]])
        elif raw.startswith(f"msgfmt: {path}: "):
            messages.append([1, raw.removeprefix(f"msgfmt: {path}: ")])
        elif raw[:1].isspace() and messages:
            messages[-1][1] += " " + raw.strip()
    starts = sorted((line, msgid) for (_, msgid), line in _keyword_lines(Path(path)).items())
    findings = []
    for line, message in messages:
        msgid = next((m for start, m in reversed(starts) if start <= line), "")
        severity = WARNING if message.startswith("warning:") else ERROR
        findings.append(
            Finding(name, line, msgid, "msgfmt", severity, message.removeprefix("warning: "))
        )
    if result.returncode != 0 and not any(f.severity == ERROR for f in findings):
        # msgfmt -c refused the file on a warning alone (no header): compile would fail too
        first = findings[0].message if findings else "rejected"
        findings.append(
            Finding(name, 1, "", "msgfmt", ERROR, f"msgfmt -c refuses the file: {first}")
        )
    return findings


def _kind(entry: polib.POEntry) -> str:
    """The segment kind extraction wrote as the first comment ("heading 2", "table cell")."""
    return (entry.comment or "").split("\n")[0]


def _pairs(entry: polib.POEntry):
    if entry.msgid_plural:
        for index, text in sorted(entry.msgstr_plural.items()):
            yield (entry.msgid if int(index) == 0 else entry.msgid_plural), text
    else:
        yield entry.msgid, entry.msgstr


def _unique(issues: list[Issue]) -> list[Issue]:
    return list(dict.fromkeys(issues))


def _relative(project: Project, path: Path) -> str:
    try:
        return str(Path(path).relative_to(project.root))
    except ValueError:
        return str(path)
