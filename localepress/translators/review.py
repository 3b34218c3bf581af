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
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib
from jinja2 import Environment, FileSystemLoader

from localepress import freshness
from localepress.catalogs.extract import notebook_messages
from localepress.catalogs.po import read_catalog
from localepress.catalogs.stats import status
from localepress.editions.export import TEMPLATE_DIR, brand_assets
from localepress.editions.localize import plain_text
from localepress.errors import LocalepressError
from localepress.files import write_atomic
from localepress.languages import SOURCE_LANGUAGE, TARGET_LANGUAGES, get_language
from localepress.project import INTERFACE, Project
from localepress.quality.checks import Finding, check_po
from localepress.quality.checks.runner import msgid_lines
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
    missing: int = 0  # master messages the catalog lacks (`localepress update` is due)
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
    target: Path | None = None,
) -> ReviewPage:
    """Everything one language's review page shows, read from the catalogs and the masters.

    Entries link to the editions published under `target` (default `output/`).
    """
    language = get_language(_target_language(lang))
    terms = project_termbase(project)
    page = ReviewPage(language.code, language.team, language.html_tag, [])
    for doc in _domains(project, docs):
        page.documents.append(
            _document(project, language.code, doc, terms, target or project.output)
        )
    return page


def _target_language(lang: str) -> str:
    code = get_language(lang).code
    if code == SOURCE_LANGUAGE:
        raise LocalepressError(
            f"{code} is the source language: review pages are for {', '.join(TARGET_LANGUAGES)}"
        )
    return code


def _domains(project: Project, docs: Iterable[str] | None) -> list[str]:
    """The documents asked for (default: all) in the project's order, then the interface:
    the same page whatever order a workflow lists its documents in."""
    wanted = {d if d == INTERFACE else project.check_document(d) for d in docs or ()}
    names = [d for d in project.all_documents() if d in wanted] if wanted else project.documents()
    return [*names, INTERFACE]


def _document(project: Project, lang: str, doc: str, terms: list[Term], target: Path) -> Document:
    path = project.catalog(lang, doc)
    name = str(path.relative_to(project.root))
    interface = doc == INTERFACE
    messages = (
        [] if interface else notebook_messages(project.notebook(doc), f"notebooks/{doc}.ipynb")
    )
    title = next((plain_text(m.msgid) for m in messages if _heading(m) == 1), "")
    edition = target / lang / f"{doc}.html"
    document = Document(
        doc,
        title or ("Page template" if interface else doc),
        name,
        path.exists(),
        edition=f"../{lang}/{doc}.html" if not interface and edition.exists() else None,
    )
    if not path.exists():
        return document
    po = read_catalog(path)
    document.header = {k: po.metadata.get(k, "") for k in ("Last-Translator", "PO-Revision-Date")}
    report = check_po(po, path, lang, terms, name, accepted_words(project, lang))
    by_msgid: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_msgid.setdefault(finding.msgid, []).append(finding)
    live = [e for e in po if not e.obsolete and e.msgid]
    known = {e.msgid for e in live}
    document.findings = [f for f in report.findings if f.msgid not in known]

    sections, place = _sections(doc, messages)
    present = {(e.msgctxt, e.msgid) for e in live}
    document.missing = sum((m.context, m.msgid) not in present for m in messages)
    stray = Section(f"{doc}--stray", "", -1)  # entries the master no longer has
    lines = msgid_lines(path, po)
    unplaced = (len(sections), 0, None)
    for entry in sorted(live, key=lambda e: place.get((e.msgctxt, e.msgid), unplaced)[:2]):
        section_index, _, cell = place.get((entry.msgctxt, entry.msgid), (None, 0, None))
        item = _entry(entry, lang, f"{name}:{lines[id(entry)]}", by_msgid, terms)
        item.anchor = f"{doc}--{lines[id(entry)]}"
        if cell and document.edition:
            item.href = f"{document.edition}#cell-{cell}"
        (sections[section_index] if section_index is not None else stray).entries.append(item)
    document.sections = [s for s in sections if s.entries]
    if stray.entries:
        document.sections.append(stray)
    return document


def _heading(message) -> int:
    kind = message.comments[0] if message.comments and not message.code else ""
    return int(kind.split()[1]) if kind.startswith("heading ") else 0


def _sections(doc: str, messages) -> tuple[list[Section], dict]:
    """Sections in master order, and (context, msgid) → (section index, order, cell id)."""
    sections = [Section(f"{doc}--start", "", 0)]
    place = {}
    for order, message in enumerate(messages):
        level = _heading(message)
        cell = message.locations[0][0].split("#", 1)[1] if message.locations else None
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
    target: Path | None = None,
    force: bool = False,
) -> dict[str, ReviewResult]:
    """Write `<target>/review/<lang>.html` for each language; return {path: ReviewResult}.

    A page whose inputs (catalogs, masters, termbase, published editions, package) did not
    change since it was written is reused without re-running the checks.
    """
    target = target or project.output
    names = _domains(project, docs)
    results = {}
    for lang in TARGET_LANGUAGES if langs is None else langs:
        lang = _target_language(lang)
        out = target / "review" / f"{lang}.html"
        state = out.with_name(f".{lang}.review.json")
        key = _key(project, lang, names, target)
        shown = _relative(project, out)
        previous = None if force else freshness.recall(state, key, [out])
        if previous is not None:
            results[shown] = ReviewResult("reused", previous.get("counts", {}))
            continue
        page = review_page(project, lang, names, target=target)
        existed = out.exists()
        state.unlink(missing_ok=True)  # a run stopped after the write must not reuse the page
        changed = write_atomic(out, render(page, project.source / "brand"))
        counts = {state: page.count(state) for state in STATUSES}
        counts["findings"] = page.with_findings
        freshness.remember(state, key, counts=counts)
        result = "unchanged" if not changed else ("updated" if existed else "created")
        results[shown] = ReviewResult(result, counts)
    return results


def _key(project: Project, lang: str, names: list[str], target: Path) -> str:

    inputs = [project.source / "termbase.csv", *sorted((project.source / "brand").glob("*"))]
    inputs.append(project.source / "spelling" / f"{lang}.txt")
    for doc in names:
        inputs.append(project.catalog(lang, doc))
        if doc != INTERFACE:
            inputs.append(project.notebook(doc))
    editions = [doc for doc in names if (target / lang / f"{doc}.html").exists()]
    meta = {"lang": lang, "editions": editions, "code": freshness.package_digest()}
    return freshness.content_key(project.root, inputs, meta)


def _relative(project: Project, path: Path) -> str:
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
