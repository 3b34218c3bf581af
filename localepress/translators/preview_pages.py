"""The preview's own pages and data: its index, the page of an edition not built yet, and the
check findings by segment.

The pages are rendered by Jinja2 with autoescaping (errors quote catalog text) from
`templates/preview/`, and link the overlay like the editions' preview pages, so they reload
when a save changes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polib
from jinja2 import Environment, FileSystemLoader

from localepress.catalogs.po import read_checked
from localepress.catalogs.stats import count, percent_text
from localepress.editions.export import TEMPLATE_DIR
from localepress.errors import LocalepressError
from localepress.languages import SOURCE_LANGUAGE, get_language
from localepress.project import Project
from localepress.quality.checks import check_po
from localepress.quality.termbase import accepted_words, project_termbase

ASSETS = TEMPLATE_DIR / "preview"  # overlay.js and overlay.css, served by the preview server


@dataclass
class IndexRow:
    doc: str
    lang: str
    href: str
    catalog: polib.POFile | None  # None: the source language, or never readable
    template_keys: frozenset | None
    errors: list[str] = field(default_factory=list)

    @property
    def language(self) -> str:
        return get_language(self.lang).name

    @property
    def tag(self) -> str:
        return get_language(self.lang).html_tag

    @property
    def figures(self) -> dict[str, str]:
        """Completeness (the one definition) and what is left, as the index shows them."""
        if self.lang == SOURCE_LANGUAGE:
            return {"complete": "master text", "fuzzy": "", "untranslated": ""}
        if self.catalog is None:
            return {"complete": "—", "fuzzy": "", "untranslated": ""}
        stats = count(self.catalog, self.href, self.template_keys)
        return {
            "complete": percent_text(stats.percent),
            "fuzzy": str(stats.fuzzy),
            "untranslated": str(stats.untranslated + stats.missing),
        }


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(ASSETS)), autoescape=True, keep_trailing_newline=True
    )


def index_page(rows: list[IndexRow]) -> bytes:
    html = _environment().get_template("index.html.j2").render(rows=rows)
    return html.encode("utf-8")


def error_page(page: str, errors: list[str]) -> bytes:
    html = _environment().get_template("error.html.j2").render(page=page, errors=errors)
    return html.encode("utf-8")


def page_findings(root: str, lang: str, doc: str, pairs) -> dict[str, list[dict]] | None:
    """The check findings of the catalog (lang, doc) of the project at `root`, by segment id
    (`pairs`: each segment's msgid and id); those of no segment (the header, code strings)
    under "". None when the catalog no longer reads (a newer save broke it).

    Takes and returns plain data: it runs in a worker process, apart from the builds."""
    project = Project(Path(root))
    path = project.catalog(lang, doc)
    try:
        po, msgfmt = read_checked(path)
    except LocalepressError:
        return None
    name = project.relative(path)
    report = check_po(po, path, lang, project_termbase(project), name,
                      accepted_words(project, lang), msgfmt=msgfmt)  # fmt: skip
    sids: dict[str, list[str]] = {}
    for msgid, sid in pairs:
        sids.setdefault(msgid, []).append(sid)
    found: dict[str, list[dict]] = {}
    for finding in report.findings:
        item = {
            "severity": finding.severity, "check": finding.check, "message": finding.message,
            "where": f"{name}:{finding.line}",
        }  # fmt: skip
        for sid in sids.get(finding.msgid, [""]):
            found.setdefault(sid, []).append(item)
    return found
