"""Translation status for analysts: the data behind `notebooks/etat-des-traductions.ipynb`.

Completeness is counted by `stats` (as `msgfmt --statistics` counts), findings come from
`checks`, and what partners hold comes from the last pack's `manifest.json`. Everything is
lists of dicts, so the notebook needs no pandas; its prose and labels stay in the notebook.
`publish_status` runs the notebook through the edition pipeline (localize → papermill →
nbconvert) in French into `output/status/fr/`, beside the pack and never in it, and skips the
kernel when no input changed since the last run.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from localepress import freshness
from localepress.catalogs.po import read_catalog
from localepress.catalogs.stats import project_stats, status
from localepress.editions.localize import plain_text
from localepress.languages import SOURCE_LANGUAGE, TARGET_LANGUAGES
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
    langs = list(TARGET_LANGUAGES if langs is None else langs)
    langs = [code for code in langs if code != SOURCE_LANGUAGE]
    docs = [project.check_document(doc) for doc in docs or ()] or project.documents()
    rows = [
        {
            "lang": s.lang,
            "doc": s.doc,
            "translated": s.translated,
            "fuzzy": s.fuzzy,
            "untranslated": s.untranslated,
            "total": s.total,
            "percent": round(s.percent, 1),
            "exists": s.exists,
        }
        for s in (project_stats(project, langs, docs) if langs else [])
    ]
    rows.sort(key=lambda r: (langs.index(r["lang"]), docs.index(r["doc"])))
    report = check_project(project, langs, docs)
    where = {
        str(project.catalog(lang, doc).relative_to(project.root)): (lang, doc)
        for lang in langs
        for doc in docs
    }
    counted: dict[tuple[str, str], dict] = {}
    per_catalog: dict[tuple[str, str], dict] = {}
    for finding in report.findings:
        lang, doc = where.get(finding.path, (None, None))
        if lang is None:
            continue
        slot = counted.setdefault((finding.check, lang), {"errors": 0, "warnings": 0})
        slot["errors" if finding.severity == "error" else "warnings"] += 1
        mine = per_catalog.setdefault((lang, doc), {"errors": 0, "warnings": 0})
        mine["errors" if finding.severity == "error" else "warnings"] += 1
    kinds = [*CHECKS, *sorted({check for check, _ in counted} - set(CHECKS))]
    findings = [
        {"check": check, "lang": lang, **counted[(check, lang)]}
        for check in kinds
        for lang in langs
        if (check, lang) in counted
    ]
    for row in rows:
        row.update(per_catalog.get((row["lang"], row["doc"]), {"errors": 0, "warnings": 0}))
    published = read_manifest(project.output / workflow / "manifest.json") if workflow else None
    return Status(
        langs,
        docs,
        rows,
        findings,
        pending_entries(project, langs, docs),
        published,
        changes_since(published, rows) if published else [],
        list(report.notes),
    )


def pending_entries(project: Project, langs: Sequence[str], docs: Sequence[str]) -> list[dict]:
    """Fuzzy and untranslated entries, in catalog order, with the line of their msgid."""
    from localepress.quality.checks.runner import msgid_lines

    found = []
    for lang in langs:
        for doc in docs:
            path = project.catalog(lang, doc)
            if not path.exists():
                continue
            po = read_catalog(path)
            lines = msgid_lines(path, po)
            for entry in po:
                if entry.obsolete or not entry.msgid or status(entry) == "translated":
                    continue
                found.append(
                    {
                        "lang": lang,
                        "doc": doc,
                        "status": status(entry),
                        "msgid": entry.msgid,
                        "text": plain_text(entry.msgid),  # what a reader sees of it
                        "path": str(path.relative_to(project.root)),
                        "line": lines[id(entry)],
                    }
                )
    return found


def read_manifest(path: Path) -> dict | None:
    """The pack's manifest as name, generated, revision and per (lang, doc) rows; None if absent."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    rows = {}
    for item in data.get("files", []):
        if "completeness" not in item:
            continue
        checks = item.get("checks", {})
        rows[(item["language"], item["document"])] = {
            "lang": item["language"],
            "doc": item["document"],
            "percent": item["completeness"],
            "errors": checks.get("errors", 0),
            "warnings": checks.get("warnings", 0),
        }
    return {
        "name": data.get("name", ""),
        "generated": data.get("generated", ""),
        "revision": data.get("source_revision", ""),
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
    """Content hash of what the status page shows: the edition's own inputs (notebook, package,
    parameters), every catalog and template of the languages and documents, the pack manifest."""
    from localepress.editions.publish import edition_key
    from localepress.project import build_date

    stamp = build_date(project).strftime("%Y-%m-%dT%H:%M:%SZ")
    docs = parameters.get("documents") or project.documents()
    inputs = [project.template(doc) for doc in docs]
    inputs += [project.catalog(lang, doc) for lang in parameters["languages"] for doc in docs]
    if workflow:
        inputs.append(project.output / workflow / "manifest.json")
    base = edition_key(project, STATUS_DOC, SOURCE_LANGUAGE, parameters, stamp)
    return freshness.content_key(project.root, inputs, {"edition": base})


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
