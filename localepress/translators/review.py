"""Review pages: one static page per language, `output/review/<lang>.html`, for translators.

French and translation side by side, grouped by document and by the master's headings (the
order `extract.notebook_messages` reads), each entry with its status, its check findings, the
termbase terms it holds, for a fuzzy entry a word-level diff from the French its translation
was written for, and a link to its cell in the published edition. Filters are radio buttons and
CSS `:has()`: the page carries no script, like every page of the project. Jinja2 escapes every
string (msgids, translations and comments are untrusted), and the bytes depend on the inputs
only, so an unchanged page is neither rebuilt nor rewritten.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib
from jinja2 import Environment, FileSystemLoader

from localepress import freshness
from localepress.catalogs.extract import interface_messages, notebook_messages
from localepress.catalogs.po import read_checked, read_keys
from localepress.catalogs.positions import msgid_lines
from localepress.catalogs.stats import completeness, status
from localepress.editions.export import TEMPLATE_DIR, brand_assets
from localepress.editions.localize import plain_text
from localepress.errors import CatalogError
from localepress.files import write_atomic
from localepress.languages import check_target, get_language, target_languages
from localepress.project import INTERFACE, Project
from localepress.quality.checks import Finding, check_po
from localepress.quality.checks.terms import terms_in
from localepress.quality.termbase import Term, accepted_words, project_termbase

STATUSES = ("untranslated", "fuzzy", "translated")
_TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class TermNote:
    source: str
    target: str
    do_not_translate: bool
    note: str


@dataclass
class Entry:
    anchor: str
    source: str
    source_plural: str | None
    context: str | None
    forms: list[str]  # msgstr, or msgstr[0], msgstr[1]…
    status: str  # translated | fuzzy | untranslated
    kind: str  # heading 2, paragraph, list item… ("" for code messages)
    where: str  # catalog path and line of the msgid
    comment: str  # the translator's comments
    findings: list[Finding] = field(default_factory=list)
    terms: list[TermNote] = field(default_factory=list)
    previous: str | None = None
    diff: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, text)
    href: str | None = None  # the cell in the published edition

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)


@dataclass
class Section:
    anchor: str
    title: str  # the master's heading, as plain text ("" before the first heading)
    level: int  # the heading's level in the master (0: none)
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Document:
    name: str
    title: str
    path: str  # the catalog, relative to the project
    exists: bool
    sections: list[Section] = field(default_factory=list)
    missing: int = 0  # template entries the catalog lacks (`localepress update` is due)
    error: str | None = None  # why the catalog could not be read (file:line: what)
    findings: list[Finding] = field(default_factory=list)  # file-level (header, msgfmt)
    header: dict[str, str] = field(default_factory=dict)
    edition: str | None = None

    @property
    def entries(self) -> list[Entry]:
        return [entry for section in self.sections for entry in section.entries]

    def count(self, state: str) -> int:
        return sum(entry.status == state for entry in self.entries)


@dataclass
class ReviewPage:
    lang: str
    name: str  # the language in English
    tag: str
    documents: list[Document]

    @property
    def entries(self) -> list[Entry]:
        return [entry for doc in self.documents for entry in doc.entries]

    def count(self, state: str) -> int:
        return sum(entry.status == state for entry in self.entries)

    @property
    def with_findings(self) -> int:
        return sum(bool(entry.findings) for entry in self.entries)


def review_page(
    project: Project,
    lang: str,
    docs: Iterable[str] | None = None,
    *,
    editions: Path | None = None,
    skip_unreadable: bool = False,
) -> ReviewPage:
    """Everything one language's review page shows, read from the catalogs and the masters.

    Entries link to the editions published under `editions` (default `output/`, where
    `localepress publish` writes; a workflow's run passes its own folder). A catalog that
    cannot be read raises CatalogError, or with `skip_unreadable` shows its error on the page.
    """
    language = get_language(check_target(lang, "review"))
    terms = project_termbase(project)
    page = ReviewPage(language.code, language.team, language.html_tag, [])
    for doc in _domains(project, docs):
        try:
            document = _document(project, language.code, doc, terms, editions or project.output)
        except CatalogError as exc:
            if not skip_unreadable:
                raise
            path = project.catalog(language.code, doc)
            where = project.relative(exc.path) + (f":{exc.line}" if exc.line else "")
            error = f"{where}: {exc.message}"
            document = Document(doc, doc, project.relative(path), True, error=error)
        page.documents.append(document)
    return page


def _edition_link(project: Project, editions: Path, lang: str, doc: str) -> str | None:
    """The link from output/review/ to the published edition of `doc`, if there is one."""
    edition = editions / lang / f"{doc}.html"
    if doc == INTERFACE or not edition.exists():
        return None
    return os.path.relpath(edition, project.output / "review").replace(os.sep, "/")


def _domains(project: Project, docs: Iterable[str] | None) -> list[str]:
    """The documents asked for (default: all) in the project's order, then the interface:
    the same page whatever order a workflow lists its documents in."""
    wanted = {d if d == INTERFACE else project.check_document(d) for d in docs or ()}
    names = [d for d in project.all_documents() if d in wanted] if wanted else project.documents()
    return [*names, INTERFACE]


def _document(project: Project, lang: str, doc: str, terms: list[Term], editions: Path):
    path, interface = project.catalog(lang, doc), doc == INTERFACE
    name = project.relative(path)
    messages = (  # the page strings sit before any heading: "Page strings"
        interface_messages()
        if interface
        else notebook_messages(project.notebook(doc), f"notebooks/{doc}.ipynb")
    )
    title = next((plain_text(m.msgid) for m in messages if _heading(m) == 1), "")
    document = Document(
        doc,
        title or ("Page template" if interface else doc),
        name,
        path.exists(),
        edition=_edition_link(project, editions, lang, doc),
    )
    if not path.exists():
        return document
    po, msgfmt = read_checked(path)
    template = read_keys(project.template(doc)) if project.template(doc).exists() else None
    document.header = {k: po.metadata.get(k, "") for k in ("Last-Translator", "PO-Revision-Date")}
    report = check_po(po, path, lang, terms, name, accepted_words(project, lang),
                      template=template, template_name=project.relative(project.template(doc)),
                      msgfmt=msgfmt)  # fmt: skip
    live = [e for e in po if not e.obsolete and e.msgid]
    known = {e.msgid for e in live}
    document.findings = [f for f in report.findings if f.msgid not in known]
    document.missing = completeness(po, template).missing
    _place_entries(document, doc, lang, path, po, live, messages, report.findings, terms)
    return document


def _place_entries(document, doc, lang, path, po, live, messages, findings, terms) -> None:
    """Each entry into the section of the master it belongs to, in the master's order."""
    by_msgid: dict[str, list[Finding]] = {}
    for finding in findings:
        by_msgid.setdefault(finding.msgid, []).append(finding)
    sections, place = _sections(doc, messages)
    stray = Section(f"{doc}--stray", "", -1)  # entries the master no longer has
    lines = msgid_lines(path, po)
    unplaced = (len(sections), 0, None)
    for entry in sorted(live, key=lambda e: place.get((e.msgctxt, e.msgid), unplaced)[:2]):
        section_index, _, cell = place.get((entry.msgctxt, entry.msgid), (None, 0, None))
        item = _entry(entry, lang, f"{document.path}:{lines[id(entry)]}", by_msgid, terms)
        item.anchor = f"{doc}--{lines[id(entry)]}"
        if cell and document.edition:
            item.href = f"{document.edition}#cell-{cell}"
        (sections[section_index] if section_index is not None else stray).entries.append(item)
    document.sections = [s for s in sections if s.entries]
    if stray.entries:
        document.sections.append(stray)


def _heading(message) -> int:
    kind = message.comments[0] if message.comments and not message.code else ""
    return int(kind.split()[1]) if kind.startswith("heading ") else 0


def _sections(doc: str, messages) -> tuple[list[Section], dict]:
    """Sections in master order, and (context, msgid) → (section index, order, cell id)."""
    sections = [Section(f"{doc}--start", "", 0)]
    place = {}
    for order, message in enumerate(messages):
        level = _heading(message)
        where = message.locations[0][0] if message.locations else ""
        cell = where.split("#", 1)[1] if "#" in where else None
        if level:
            sections.append(
                Section(f"{doc}--{cell}--{len(sections)}", plain_text(message.msgid), level)
            )
        place[(message.context, message.msgid)] = (len(sections) - 1, order, cell)
    return sections, place


def _entry(entry: polib.POEntry, lang: str, where: str, findings, terms) -> Entry:
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    else:
        forms = [entry.msgstr]
    state = status(entry)
    item = Entry(
        anchor="",
        source=entry.msgid,
        source_plural=entry.msgid_plural or None,
        context=entry.msgctxt,
        forms=forms,
        status=state,
        kind=(entry.comment or "").split("\n")[0],
        where=where,
        comment=entry.tcomment or "",
        findings=findings.get(entry.msgid, []),
        terms=[
            TermNote(t.source, t.target(lang), t.do_not_translate, t.note)
            for t in terms_in(f"{entry.msgid} {entry.msgid_plural or ''}", terms)
        ],
    )
    if entry.fuzzy and entry.previous_msgid:
        item.previous = entry.previous_msgid
        item.diff = word_diff(entry.previous_msgid, entry.msgid)
    return item


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """What changed from `old` to `new`, word by word: (equal|delete|insert, text) runs."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("insert", "".join(b[j1:j2])))
        if op == "equal":
            parts.append(("equal", "".join(a[i1:i2])))
    merged: list[tuple[str, str]] = []
    for op, text in parts:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def render(page: ReviewPage, brand_dir: Path) -> bytes:
    """The page as standalone HTML (brand stylesheet and logo inline)."""
    css, logo = brand_assets(brand_dir)
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    html = env.get_template("review.html.j2").render(
        page=page, css=css, logo=logo, statuses=STATUSES
    )
    return html.encode("utf-8")


@dataclass(frozen=True)
class ReviewResult:
    status: str  # created | updated | unchanged | reused
    counts: dict  # untranslated, fuzzy, translated → entries; findings → entries with findings

    @property
    def entries(self) -> int:
        return sum(self.counts.get(state, 0) for state in STATUSES)


def write_reviews(
    project: Project,
    langs: Iterable[str] | None = None,
    docs: Iterable[str] | None = None,
    *,
    editions: Path | None = None,
    force: bool = False,
    skip_unreadable: bool = False,
) -> dict[str, ReviewResult]:
    """Write `output/review/<lang>.html` for each language; return {path: ReviewResult}.

    Entries link to the editions under `editions` (default `output/`). A page whose inputs
    (`freshness.review_key`) did not change since it was written is reused without re-running
    the checks. `skip_unreadable`: see `review_page` (a workflow's run uses it).
    """
    editions = editions or project.output
    names = _domains(project, docs)
    results = {}
    for lang in target_languages(project) if langs is None else langs:
        lang = check_target(lang, "review")
        out = project.output / "review" / f"{lang}.html"
        state = out.with_name(f".{lang}.review.json")
        links = {doc: _edition_link(project, editions, lang, doc) for doc in names}
        key = freshness.review_key(project, lang, names, links)
        previous = None if force else freshness.recall(state, key, [out])
        if previous is not None:
            results[project.relative(out)] = ReviewResult("reused", previous.get("counts", {}))
            continue
        page = review_page(project, lang, names, editions=editions, skip_unreadable=skip_unreadable)
        existed = out.exists()
        state.unlink(missing_ok=True)  # a run stopped after the write must not reuse the page
        changed = write_atomic(out, render(page, project.source / "brand"))
        counts = {state: page.count(state) for state in STATUSES}
        counts["findings"] = page.with_findings
        freshness.remember(state, key, counts=counts)
        result = "unchanged" if not changed else ("updated" if existed else "created")
        results[project.relative(out)] = ReviewResult(result, counts)
    return results
