"""Live preview for translators: HTML editions rebuilt as catalogs, notebooks and sources are
saved (`localepress serve`).

`Preview` holds one preview's state: the last good version of every file the editions read,
each edition's kept outputs (`preview_build`), the errors to show and the check findings.
`start` builds every edition asked for; `rebuild(paths)` only those the saved files touch
(`affected`: a catalog → its language's document, the interface catalog → that language's
documents, a notebook → its document in every language, anything in source/ → all). A file
that cannot be read leaves its last good version in use and its error (file:line) on the
pages it concerns, so the last good text stays. Pages go to `output/.preview/site/`, apart
from the packs; `preview_server` serves that folder only. The checks, slower than a build,
run apart (`check`), after the pages are shown.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from localepress.catalogs.po import compile_catalogs, read_checked, read_keys
from localepress.catalogs.positions import positions
from localepress.errors import LocalepressError
from localepress.files import write_atomic
from localepress.languages import SOURCE_LANGUAGE, in_order
from localepress.project import INTERFACE, Project, build_date, read_notebook
from localepress.quality.termbase import french_marked_terms
from localepress.translators import preview_build, preview_pages

FOLDER = ".preview"  # under output/: dot-named, so no workflow's pack folder can be it
_IGNORED_SUFFIXES = (".mo", ".tmp", ".swp", ".swx", ".bak", "~")


@dataclass
class Outcome:
    """One edition's preview build."""

    doc: str
    lang: str
    error: str | None = None  # why the page was not (re)built, with file:line or cell
    written: bool = False  # the page on disk changed
    changed: list[str] = field(default_factory=list)  # segments whose text changed
    executed: bool = False  # the notebook ran (else its kept outputs were reused)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def page(self) -> str:
        return page_name(self.doc, self.lang)


def page_name(doc: str, lang: str) -> str:
    return f"{lang}/{doc}.html"


@dataclass
class _Loaded:
    digest: str | None  # of the bytes last seen (None: no file)
    value: object  # the last good parse (None: never read)
    error: str | None  # why the bytes last seen could not be read


class Preview:
    def __init__(self, project: Project, langs: Iterable[str], docs: Iterable[str]):
        self.project = project
        self.langs = in_order(langs, project)
        self.docs = list(docs)
        self.folder = project.output / FOLDER
        self.site, self.work = self.folder / "site", self.folder / "work"
        self.errors: dict[str, list[str]] = {}  # page → what to show in its banner
        self.findings: dict[str, dict[str, list[dict]]] = {}  # page → segment id → findings
        self._files: dict[Path, _Loaded] = {}
        self._editions: dict[tuple[str, str], preview_build.EditionState] = {}
        self._source_digest = ""
        self._stamp = ""
        self.index_changed = False  # the last build rewrote the index

    # Building ---------------------------------------------------------------------------

    def start(self, on_done: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
        """Build every edition asked for into a fresh preview folder, and its index."""
        for folder in (self.site, self.work):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        self._stamp = build_date(self.project).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._source_digest = preview_build.source_digest(self.project)
        tasks = [(doc, lang) for lang in self.langs for doc in self.docs]
        return self._build(tasks, on_done)

    def rebuild(self, paths: Iterable[Path], on_done=lambda outcome: None) -> list[Outcome]:
        """Rebuild the editions the saved `paths` touch (and the index)."""
        paths = [Path(path) for path in paths]
        if any(self.classify(path)[0] == "source" for path in paths):
            self._source_digest = preview_build.source_digest(self.project)
        return self._build(self.affected(paths), on_done)

    def _build(self, tasks, on_done) -> list[Outcome]:
        outcomes = []
        for doc, lang in tasks:
            outcomes.append(self._edition(doc, lang))
            on_done(outcomes[-1])
        self.index_changed = self.write_index()
        return outcomes

    def _edition(self, doc: str, lang: str) -> Outcome:
        outcome, errors = Outcome(doc, lang), []
        inputs = self._inputs(doc, lang, errors)
        path = self.site / outcome.page
        if inputs is not None:
            state = self._editions.setdefault((doc, lang), preview_build.EditionState())
            try:
                built = preview_build.build(self.project, doc, lang, inputs, state, self.work)
            except LocalepressError as exc:
                errors.append(self._relative(str(exc)))
            else:
                outcome.written = write_atomic(path, built.html.encode("utf-8"))
                outcome.changed, outcome.executed = built.changed, built.executed
                outcome.seconds = built.seconds
        if errors:
            outcome.error = "; ".join(errors)
            if not path.exists():  # never built: a page saying why, which reloads when fixed
                write_atomic(path, preview_pages.error_page(outcome.page, errors))
                outcome.written = True
        self.errors[outcome.page] = errors
        return outcome

    def _inputs(self, doc: str, lang: str, errors: list[str]):
        """The last good inputs of an edition; None when one was never readable."""
        master = self._load(self.project.notebook(doc), read_notebook)
        terms = self._load(self.project.source / "termbase.csv",
                           lambda _path: french_marked_terms(self.project))  # fmt: skip
        template = self._load(self.project.template(doc), _template)
        catalog = interface = None
        loaded = [master, terms, template]
        if lang != SOURCE_LANGUAGE:
            catalog, interface = self._catalog(lang, doc), self._catalog(lang, INTERFACE)
            loaded += [catalog, interface]
        errors += [item.error for item in loaded if item.error]
        if master.value is None or (catalog is not None and catalog.value is None):
            return None
        po, _msgfmt, po_where = catalog.value if catalog is not None else (None, None, None)
        return preview_build.Inputs(
            master.value, po, self._where(lang, doc, po_where, template.value),
            terms.value or [], self._source_digest + (interface.digest or "" if interface else ""),
            self.langs, self._stamp,
        )  # fmt: skip

    def _catalog(self, lang: str, domain: str) -> _Loaded:
        """A catalog read as `check` reads it, with its entries' lines; its .mo is compiled
        (the kernel and the page read it) whenever a new version reads well."""

        def read(path: Path):
            po, msgfmt = read_checked(path)
            compile_catalogs(self.project, [lang], [domain])
            return po, msgfmt, positions(path)

        return self._load(self.project.catalog(lang, domain), read)

    def _where(self, lang: str, doc: str, po_where, template):
        """(entry, msgid) → the "file:line" the overlay shows: the catalog entry's msgid
        line, else (an entry the catalog lacks, or the French edition) the template's."""
        po_name = self.project.relative(self.project.catalog(lang, doc))
        pot_name = self.project.relative(self.project.template(doc))

        def where(entry, msgid: str) -> str:
            if entry is not None and po_where is not None:
                return f"{po_name}:{po_where.of_msgid(entry)}"
            line = template[1].msgid.get((None, msgid)) if template else None
            return f"{pot_name}:{line}" if line else ""

        return where

    def _load(self, path: Path, reader) -> _Loaded:
        """`reader(path)` when the file's bytes changed since last time; the last good value,
        with the error, when they cannot be read."""
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        digest = hashlib.sha256(data).hexdigest() if data is not None else None
        kept = self._files.get(path)
        if kept is not None and kept.digest == digest:
            return kept
        try:
            kept = _Loaded(digest, reader(path), None)
        except LocalepressError as exc:
            kept = _Loaded(digest, kept.value if kept else None, self._relative(str(exc)))
        self._files[path] = kept
        return kept

    def _relative(self, message: str) -> str:
        return message.replace(f"{self.project.root}/", "")

    # What a saved file touches ------------------------------------------------------------

    def classify(self, path: Path) -> tuple[str, str | None, str | None]:
        """(kind, lang, name) of a path: kind is catalog, template, notebook, source or ""
        (not an input of the preview: compiled catalogs, editors' temporary files…)."""
        try:
            parts = Path(path).resolve().relative_to(self.project.root.resolve()).parts
        except ValueError:
            return "", None, None
        name = parts[-1] if parts else ""
        if not parts or any(p.startswith(".") for p in parts) or name.endswith(_IGNORED_SUFFIXES):
            return "", None, None
        stem = name.rsplit(".", 1)[0]
        if parts[0] == "locales" and len(parts) == 4 and parts[2] == "LC_MESSAGES":
            return ("catalog", parts[1], stem) if name.endswith(".po") else ("", None, None)
        if parts[0] == "locales" and len(parts) == 2 and name.endswith(".pot"):
            return "template", None, stem
        if parts[0] == "notebooks" and len(parts) == 2 and name.endswith(".ipynb"):
            return "notebook", None, stem
        return ("source", None, None) if parts[0] == "source" else ("", None, None)

    def relevant(self, path: Path) -> bool:
        return bool(self.classify(path)[0])

    def affected(self, paths: Iterable[Path]) -> list[tuple[str, str]]:
        """The (doc, lang) editions the saved `paths` touch, in build order."""
        wanted = set()
        for path in paths:
            kind, lang, name = self.classify(path)
            if kind == "catalog" and lang in self.langs:
                wanted |= {(doc, lang) for doc in self.docs if name in (doc, INTERFACE)}
            elif kind == "notebook" and name in self.docs:
                wanted |= {(name, code) for code in self.langs}
            elif kind == "source":
                wanted |= {(doc, code) for code in self.langs for doc in self.docs}
        return [(doc, lang) for lang in self.langs for doc in self.docs if (doc, lang) in wanted]

    # The index, the checks, the state pages ask for -------------------------------------

    def write_index(self) -> bool:
        """Write the index (documents × languages, completeness, errors); True if it changed."""
        rows = []
        for doc in self.docs:
            template = self._load(self.project.template(doc), _template).value
            for lang in self.langs:
                catalog = None
                if lang != SOURCE_LANGUAGE:
                    catalog = self._files.get(self.project.catalog(lang, doc))
                po = catalog.value[0] if catalog is not None and catalog.value else None
                rows.append(preview_pages.IndexRow(
                    doc, lang, page_name(doc, lang), po, template[0] if template else None,
                    self.errors.get(page_name(doc, lang), []),
                ))  # fmt: skip
        return write_atomic(self.site / "index.html", preview_pages.index_page(rows))

    def check_jobs(self, outcomes: Iterable[Outcome]) -> list[tuple[str, tuple]]:
        """(page, arguments of `preview_pages.page_findings`) for each of these editions whose
        catalog reads well: the checks run apart (another process), slower than a build."""
        jobs = []
        for outcome in outcomes:
            state = self._editions.get((outcome.doc, outcome.lang))
            catalog = self._files.get(self.project.catalog(outcome.lang, outcome.doc))
            if outcome.lang == SOURCE_LANGUAGE or state is None or not catalog or not catalog.value:
                continue
            pairs = [(info.msgid, info.sid) for info in state.segments]
            args = (str(self.project.root), outcome.lang, outcome.doc, pairs)
            jobs.append((outcome.page, args))
        return jobs

    def set_findings(self, page: str, found: dict | None) -> bool:
        """Keep a page's findings (None: its catalog changed under the check); True if new."""
        if found is None or self.findings.get(page) == found:
            return False
        self.findings[page] = found
        return True

    def state(self, page: str) -> dict:
        """What a page's overlay asks the server for: its errors (the index: all of them)
        and its findings."""
        if page == "index.html":
            errors = list(dict.fromkeys(e for found in self.errors.values() for e in found))
        else:
            errors = self.errors.get(page, [])
        return {"errors": errors, "findings": self.findings.get(page, {})}


def _template(path: Path):
    """A template's keys (completeness is measured against them) and its entries' lines."""
    return read_keys(path), positions(path)
