"""Translation status for analysts: the data behind `notebooks/etat-des-traductions.ipynb`.

Completeness is `stats`' (against the template, as the gate measures it, next to msgfmt's
counts), findings come from `checks`, and what partners hold comes from the last pack's
`manifest.json` (`pack.manifest`). A catalog that cannot be read is skipped with a note.
Everything is lists of dicts, so the notebook needs no pandas; its prose and labels stay in
the notebook.
`publish_status` runs the notebook through the edition pipeline (localize → papermill →
nbconvert) in French into `output/status/fr/`, beside the pack and never in it, and skips the
kernel when no input changed since the last run.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from localepress import freshness
from localepress.catalogs.po import read_catalog
from localepress.catalogs.positions import msgid_lines
from localepress.catalogs.stats import project_stats, status
from localepress.editions.localize import plain_text
from localepress.errors import CatalogError
from localepress.languages import SOURCE_LANGUAGE, target_languages
from localepress.pack.manifest import Manifest, read_manifest
from localepress.project import Project
from localepress.quality.checks import CHECKS, check_project

STATUS_DOC = "etat-des-traductions"
COLOURS = {"translated": "#0b3c5d", "fuzzy": "#c98a1b", "untranslated": "#d9c9b6"}
HATCHES = {"translated": "", "fuzzy": "//", "untranslated": ".."}  # not by colour alone


@dataclass
class Status:
    languages: list[str]
    documents: list[str]
    completeness: list[dict]  # lang, doc, translated, fuzzy, untranslated, total, percent
    findings: list[dict]  # check, lang, errors, warnings (non-zero rows only)
    pending: list[dict]  # lang, doc, status, msgid, text, path, line
    published: dict | None  # the pack's name, date, revision and rows; None without a pack
    changes: list[dict] = field(default_factory=list)  # lang, doc, published vs now
    notes: list[str] = field(default_factory=list)


def collect(
    project: Project,
    langs: Iterable[str] | None = None,
    docs: Iterable[str] | None = None,
    workflow: str | None = None,
) -> Status:
    """Completeness, findings, entries to do, and the change since the pack `output/<workflow>/`."""
    langs = list(target_languages(project) if langs is None else langs)
    langs = [code for code in langs if code != SOURCE_LANGUAGE]
    docs = [project.check_document(doc) for doc in docs or ()] or project.documents()
    notes: list[str] = []
    rows = _rows(project, langs, docs, notes)
    report = check_project(project, langs, docs, skip_unreadable=True)
    findings, per_catalog = _count_findings(project, report, langs, docs)
    for row in rows:
        row.update(per_catalog.get((row["lang"], row["doc"]), {"errors": 0, "warnings": 0}))
    manifest = read_manifest(project.output / workflow / "manifest.json") if workflow else None
    published = _published(manifest) if manifest else None
    return Status(
        langs, docs, rows, findings, pending_entries(project, langs, docs), published,
        changes_since(published, rows) if published else [], [*notes, *report.notes],
    )  # fmt: skip


def _rows(project: Project, langs: list[str], docs: list[str], notes: list[str]) -> list[dict]:
    """One row per readable catalog: msgfmt's counts and the completeness against the template."""
    rows = []
    for lang in langs:
        for doc in docs:
            try:
                [s] = project_stats(project, [lang], [doc])
            except CatalogError as exc:
                notes.append(f"not counted: {exc}")
                continue
            counts = {k: getattr(s, k) for k in ("translated", "fuzzy", "untranslated", "total")}
            rows.append({"lang": s.lang, "doc": s.doc, **counts, "percent": s.percent,
                         "missing": s.missing, "exists": s.exists})  # fmt: skip
    return rows


def _count_findings(project: Project, report, langs: list[str], docs: list[str]):
    """Findings per (check, language), non-zero rows in CHECKS order, and per catalog."""
    where = {project.relative(project.catalog(lang, doc)): (lang, doc) for lang in langs
             for doc in docs}  # fmt: skip
    counted: dict[tuple[str, str], dict] = {}
    per_catalog: dict[tuple[str, str], dict] = {}
    for finding in report.findings:
        lang, doc = where.get(finding.path, (None, None))
        if lang is None:
            continue
        kind = "errors" if finding.severity == "error" else "warnings"
        counted.setdefault((finding.check, lang), {"errors": 0, "warnings": 0})[kind] += 1
        per_catalog.setdefault((lang, doc), {"errors": 0, "warnings": 0})[kind] += 1
    kinds = [*CHECKS, *sorted({check for check, _ in counted} - set(CHECKS))]
    findings = [{"check": check, "lang": lang, **counted[(check, lang)]}
                for check in kinds for lang in langs if (check, lang) in counted]  # fmt: skip
    return findings, per_catalog


def pending_entries(project: Project, langs: Sequence[str], docs: Sequence[str]) -> list[dict]:
    """Fuzzy and untranslated entries, in catalog order, with the line of their msgid."""
    found = []
    for lang in langs:
        for doc in docs:
            path = project.catalog(lang, doc)
            try:
                po = read_catalog(path) if path.exists() else None
            except CatalogError:
                continue  # noted by _rows
            lines = msgid_lines(path, po) if po is not None else {}
            for entry in po or ():
                if entry.obsolete or not entry.msgid or status(entry) == "translated":
                    continue
                found.append({"lang": lang, "doc": doc, "status": status(entry),
                              "msgid": entry.msgid, "text": plain_text(entry.msgid),
                              "path": project.relative(path),
                              "line": lines[id(entry)]})  # fmt: skip
    return found


def _published(manifest: Manifest) -> dict:
    """The pack's name, date, revision and per (lang, doc) rows."""
    rows = {
        (f.language, f.document): {"lang": f.language, "doc": f.document,
                                   "percent": f.completeness, "errors": f.errors or 0,
                                   "warnings": f.warnings or 0}
        for f in manifest.files
        if f.completeness is not None
    }  # fmt: skip
    return {
        "name": manifest.name,
        "generated": manifest.generated,
        "revision": manifest.source_revision,
        "rows": sorted(rows.values(), key=lambda r: (r["lang"], r["doc"])),
    }


def changes_since(published: dict, rows: Sequence[dict]) -> list[dict]:
    """Per (lang, doc): completeness in the pack and now (None where the pack lacks it).

    The manifest's check counts are per language (the publish gate counts them over the
    documents), so errors and warnings are compared per language.
    """
    packed = {(r["lang"], r["doc"]): r for r in published["rows"]}
    by_lang: dict[str, dict] = {}
    for row in rows:
        slot = by_lang.setdefault(row["lang"], {"errors": 0, "warnings": 0})
        slot["errors"] += row.get("errors", 0)
        slot["warnings"] += row.get("warnings", 0)
    changes = []
    for row in rows:
        before = packed.get((row["lang"], row["doc"]))
        changes.append(
            {
                "lang": row["lang"],
                "doc": row["doc"],
                "published": before["percent"] if before else None,
                "now": row["percent"],
                "delta": round(row["percent"] - before["percent"], 1) if before else None,
                "published_errors": before["errors"] if before else None,
                "published_warnings": before["warnings"] if before else None,
                "errors": by_lang[row["lang"]]["errors"],
                "warnings": by_lang[row["lang"]]["warnings"],
            }
        )
    return changes


def completeness_chart(
    rows: Sequence[dict],
    labels: dict[str, str],
    axis: str,
    percent: Callable[[float], str] = lambda value: f"{value:g} %",
) -> bytes:
    """Stacked horizontal bars per (language, document) as PNG bytes, the same for same rows.

    `labels` names the three parts (translated, fuzzy, untranslated), `axis` the x axis and
    `percent` writes each bar's figure, in the notebook's language. The PNG carries no software
    or date metadata.
    """
    from matplotlib.figure import Figure

    names = [f"{r['lang']} · {r['doc']}" for r in rows][::-1]
    figure = Figure(figsize=(8, 1.2 + 0.45 * len(rows)), dpi=100)
    axes = figure.subplots()
    left = [0.0] * len(rows)
    for part in ("translated", "fuzzy", "untranslated"):
        widths = [100.0 * r[part] / r["total"] if r["total"] else 0.0 for r in rows][::-1]
        axes.barh(
            names, widths, left=left, label=labels[part], color=COLOURS[part],
            hatch=HATCHES[part], edgecolor="#1f2933", linewidth=0.6,
        )  # fmt: skip
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for y, row in enumerate(rows[::-1]):
        axes.text(101, y, percent(row["percent"]), va="center", fontsize=9, color="#1f2933")
    axes.set_xlim(0, 112)
    axes.set_xticks(range(0, 101, 20))
    axes.set_xlabel(axis)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.6 / max(len(rows), 1)),
                ncol=3, frameon=False)  # fmt: skip
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def markdown_text(value) -> str:
    """`value` as literal Markdown text on one line: no markup or tag in it takes effect."""
    text = " ".join(str(value).split())
    for char in "\\`*_[]<>|#!&":
        text = text.replace(char, "\\" + char)
    return text


# --- Publishing the notebook -----------------------------------------------------------------


def status_key(project: Project, parameters: dict, workflow: str | None) -> str:
    """The status page's key (`freshness.status_key`): its own edition's inputs, every catalog
    and template it counts, the pack manifest it compares with."""
    from localepress.project import build_date

    stamp = build_date(project).strftime("%Y-%m-%dT%H:%M:%SZ")
    docs = parameters.get("documents") or project.documents()
    edition = freshness.edition_key(project, STATUS_DOC, SOURCE_LANGUAGE, parameters, stamp,
                                    [SOURCE_LANGUAGE])  # fmt: skip
    manifest = project.output / workflow / "manifest.json" if workflow else None
    return freshness.status_key(project, edition, parameters["languages"], docs, manifest)


def publish_status(
    project: Project,
    langs: Sequence[str],
    docs: Sequence[str],
    workflow: str | None = None,
    *,
    force: bool = False,
    target: Path | None = None,
):
    """Build `<target>/status/fr/etat-des-traductions.html`; return the publish.EditionResult.

    `reused` is set when nothing it shows changed since the last build (no kernel started).
    """
    from localepress.editions.publish import EditionResult, publish_edition

    target = target or project.output
    folder = target / "status"
    parameters = {
        "languages": [lang for lang in langs if lang != SOURCE_LANGUAGE],
        "documents": list(docs),
        "workflow": workflow or "",
    }
    html = folder / SOURCE_LANGUAGE / f"{STATUS_DOC}.html"
    state = folder / f".{STATUS_DOC}.status.json"
    key = status_key(project, parameters, workflow)
    previous = None if force else freshness.recall(state, key, [html])
    if previous is not None:
        return EditionResult(
            STATUS_DOC,
            SOURCE_LANGUAGE,
            files={"html": str(html.relative_to(target))},
            title=previous.get("title", ""),
            reused=True,
        )
    state.unlink(missing_ok=True)  # a run stopped after the page is written must rebuild it
    result = publish_edition(
        project, STATUS_DOC, SOURCE_LANGUAGE, formats=("html",), target=folder,
        parameters=parameters,
    )  # fmt: skip
    result.files = {fmt: str(Path("status") / path) for fmt, path in result.files.items()}
    if result.ok:
        freshness.remember(state, key, title=result.title)
    return result
