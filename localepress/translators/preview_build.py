"""One preview edition: localize, execute or reuse the last outputs, render, mark the segments.

The stages are the editions' own (`localize`, `execute`, `design.page`, `export.to_html`), so
a preview page is the published page plus its overlay. Executing is most of the cost (a warm
kernel still runs every cell), and a translator's save usually changes Markdown cells only:
their text never reaches the code. So the last executed notebook is kept with the key of
what its code cells read — their sources, the parameters, every file of `source/`, and the
catalog entries code can look up (all but those only Markdown cells refer to) — and while
that key holds, the new Markdown is put into the kept notebook instead of running it again,
and the kept page gets the changed cells rendered anew instead of a whole nbconvert run.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import markupsafe
import polib

from localepress.editions import design, export, publish
from localepress.editions.execute import execute
from localepress.editions.localize import localize
from localepress.languages import get_language
from localepress.project import Project
from localepress.translators.preview_overlay import SegmentInfo, annotate, segment_infos

_INJECTED = "injected-parameters"  # the cell papermill adds after the parameters cell


@dataclass
class Inputs:
    """What one build reads, already loaded (the last good version of each file)."""

    master: object  # the master notebook
    catalog: polib.POFile | None  # None for the source language
    where: object  # (entry or None, msgid) → "file:line" shown in the overlay
    french_terms: list[str]
    source_digest: str  # of source/ and the interface catalog: code may read them
    served: list[str]  # the languages the switcher links to
    stamp: str


@dataclass
class EditionState:
    """What the preview keeps of an edition between builds."""

    executed: object | None = None  # the last executed notebook
    code_key: str = ""
    shown: dict[str, str] = field(default_factory=dict)  # segment id → its text in the page
    segments: list[SegmentInfo] = field(default_factory=list)
    page: str | None = None  # the last page as published (no overlay)
    head: tuple = ()  # its title and description
    markdown: dict[str, str] = field(default_factory=dict)  # cell id → the source it shows


@dataclass
class Build:
    html: str
    changed: list[str]  # ids of the segments whose text changed since the previous build
    executed: bool  # False: the kept outputs were reused
    seconds: dict[str, float]


def build(project: Project, doc: str, lang: str, inputs: Inputs, state: EditionState,
          work: Path) -> Build:  # fmt: skip
    """Build the preview page of (doc, lang) and update `state`; ExecutionError and the
    other LocalepressErrors propagate, `state` untouched."""
    seconds, clock = {}, time.perf_counter()
    localized = localize(inputs.master, lang, inputs.catalog, inputs.french_terms)
    parameters = {"lang": lang}
    key = code_key(inputs.master, inputs.catalog, parameters, inputs.source_digest)
    executed = splice(state.executed, localized.notebook) if key == state.code_key else None
    seconds["localize"] = time.perf_counter() - clock
    if executed is None:
        clock = time.perf_counter()
        executed = execute(localized.notebook, doc=doc, lang=lang, parameters=parameters,
                           root=project.root, output_path=work / f"{lang}-{doc}.ipynb")  # fmt: skip
        seconds["execute"] = time.perf_counter() - clock
    clock = time.perf_counter()
    reused = state.executed is executed  # the kept outputs: maybe only Markdown changed
    published = respliced(state, localized) if reused else None
    if published is None:
        page = design.page(
            project, doc, get_language(lang), localized, ("html",), inputs.stamp, "../index.html",
            alternates=publish.alternates(doc, lang, inputs.served),
            translate=publish.interface_translator(project, lang),
        )  # fmt: skip
        published = export.to_html(executed, page)
    infos = segment_infos(inputs.master, lang, inputs.catalog, inputs.where, inputs.french_terms)
    html = annotate(published, localized.notebook, infos, f"{lang}/{doc}.html")
    seconds["render"] = time.perf_counter() - clock
    shown = {info.sid: f"{info.status}\0{info.shown}" for info in infos}
    changed = [sid for sid, text in shown.items() if state.shown and state.shown.get(sid) != text]
    was_executed = "execute" in seconds
    state.executed, state.code_key, state.shown, state.segments = executed, key, shown, infos
    state.page, state.head = published, (localized.title, localized.description)
    state.markdown = {
        cell.get("id"): cell.source
        for cell in localized.notebook.cells
        if cell.cell_type == "markdown"
    }
    return Build(html, changed, was_executed, seconds)


def respliced(state: EditionState, localized) -> str | None:
    """The kept page with the Markdown cells that changed rendered anew, as `export.to_html`
    renders them (nbconvert's whole run costs most of a rebuild); None when the page cannot
    be updated so (title or description changed, a cell added, or not found as rendered)."""
    if state.page is None or state.head != (localized.title, localized.description):
        return None
    page = state.page
    for cell in localized.notebook.cells:
        if cell.cell_type != "markdown":
            continue
        old = state.markdown.get(cell.get("id"))
        if old is None:
            return None
        if old == cell.source:
            continue
        opening = f'id="cell-{markupsafe.escape(cell.get("id"))}">'
        before = export.render_markdown(old)
        start = page.find(opening)
        body = start + len(opening)
        body += len(page[body : body + 200]) - len(page[body : body + 200].lstrip())
        if start < 0 or not page.startswith(before, body):
            return None
        page = page[:body] + export.render_markdown(cell.source) + page[body + len(before) :]
    return page


def code_key(master, catalog: polib.POFile | None, parameters: dict, source_digest: str) -> str:
    """A digest of what the code cells of an edition read (see the module docstring)."""
    markdown = {cell.get("id") for cell in master.cells if cell.cell_type == "markdown"}
    code = [[cell.get("id"), cell.source] for cell in master.cells if cell.cell_type == "code"]
    entries = sorted(
        [entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr,
         sorted(entry.msgstr_plural.items()), entry.fuzzy]
        for entry in catalog or ()
        if not entry.obsolete and not _markdown_only(entry, markdown)
    )  # fmt: skip
    text = json.dumps([code, entries, parameters, source_digest], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _markdown_only(entry: polib.POEntry, markdown_cells: set) -> bool:
    """True when every reference of the entry is a Markdown cell (`notebooks/doc.ipynb#id`):
    no code asks for it. An entry without references may be asked for by any code."""
    cells = [place.partition("#")[2] for place, _line in entry.occurrences]
    return bool(cells) and all(cell in markdown_cells for cell in cells)


def splice(executed, localized):
    """The kept executed notebook with the Markdown cells (and title) of `localized`; None
    when its cells are not those of `localized` (the notebook changed shape)."""
    if executed is None:
        return None
    kept_ids = [c.get("id") for c in executed.cells if _INJECTED not in c.metadata.get("tags", [])]
    if kept_ids != [cell.get("id") for cell in localized.cells]:
        return None
    cells = {cell.get("id"): cell for cell in executed.cells}
    for cell in localized.cells:
        if cell.cell_type != "markdown":
            continue
        kept = cells.get(cell.get("id"))
        if kept is None or kept.cell_type != "markdown":
            return None
        kept.source = cell.source
    executed.metadata["localepress"] = localized.metadata["localepress"]
    return executed


def source_digest(project: Project) -> str:
    """A digest of every file under source/ (facts, geography, termbase, brand…)."""
    digest = hashlib.sha256()
    for path in sorted(project.source.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.parts[-2:]):
            digest.update(str(path.relative_to(project.source)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
