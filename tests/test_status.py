"""The translation status notebook: its data (localepress.translators.status), its chart,
and its page published by the workflow beside the pack, re-executed only when what it shows
changed."""

from __future__ import annotations

import json
import struct
import zipfile

import nbformat
import pytest
from bs4 import BeautifulSoup

from localepress.catalogs.extract import extract
from localepress.catalogs.po import read_catalog, write_catalog
from localepress.editions.export import render_markdown
from localepress.pack.manifest import Manifest, PackFile
from localepress.translators.status import (
    STATUS_DOC,
    collect,
    completeness_chart,
    markdown_text,
    publish_status,
)

from .conftest import STATUS_NOTEBOOK

PNG = b"\x89PNG\r\n\x1a\n"
LABELS = {"translated": "traduites", "fuzzy": "floues", "untranslated": "non traduites"}
WORKFLOW = "press-kit"


def test_notebook_is_committed_clean_and_is_never_translated(project_copy):
    nb = nbformat.read(STATUS_NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["localepress"]["translate"] is False
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    assert code[0].metadata["tags"] == ["parameters"]
    assert {"languages", "documents", "workflow"} <= set(
        line.split("=")[0].strip() for line in code[0].source.splitlines()
    )
    assert STATUS_DOC not in project_copy.documents()
    assert STATUS_DOC in project_copy.all_documents()
    extract(project_copy)
    assert not project_copy.template(STATUS_DOC).exists()


def write_manifest(project, rows):
    """A pack manifest and its quality.json as bundle.build_pack writes them (per file:
    language, document; checks in quality.json)."""
    files = [
        PackFile(f"{lang}/{doc}.html", "0" * 64, 1, lang, doc, "html", percent, errors, warnings)
        for lang, doc, percent, errors, warnings in rows
    ]
    files.append(PackFile("index.html", "0" * 64, 1, "en", "index", "html"))
    manifest = Manifest(WORKFLOW, "t", "abc123", "2022-04-13T00:00:00Z", tuple(files))
    path = project.output / WORKFLOW / "manifest.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(manifest.to_bytes())
    path.with_name("quality.json").write_bytes(manifest.quality_bytes())


def test_collect_reports_completeness_findings_pending_entries_and_change(project_copy):
    path = project_copy.catalog("es", "fiche")
    po = read_catalog(path)
    po.find("Nos 3 piliers").msgstr = ""
    po.find("La culture vivante").flags.insert(0, "fuzzy")
    po.find("Les Cévennes et sa réserve de ciel étoilé").msgstr = "Las Cévennes y su cielo"
    write_catalog(po, path)
    write_manifest(
        project_copy,
        [("es", "fiche", 100.0, 0, 4), ("es", "communique", 100.0, 0, 4)],
    )
    state = collect(project_copy, ["es", "oc"], None, WORKFLOW)
    assert state.documents == ["communique", "fiche"]
    row = state.completeness[1]
    assert (row["lang"], row["doc"]) == ("es", "fiche")
    assert (row["translated"], row["fuzzy"], row["untranslated"]) == (21, 1, 1)
    assert row["percent"] == round(100 * 21 / 23, 1) and row["errors"] >= 1
    assert [r["lang"] for r in state.completeness] == ["es", "es", "oc", "oc"]
    termbase = next(f for f in state.findings if f["check"] == "termbase" and f["lang"] == "es")
    assert termbase["errors"] >= 1
    pending = [(p["status"], p["text"]) for p in state.pending]
    assert pending == [("untranslated", "Nos 3 piliers"), ("fuzzy", "La culture vivante")]
    assert state.pending[0]["path"] == "locales/es/LC_MESSAGES/fiche.po"
    assert state.published["revision"] == "abc123"
    change = state.changes[1]
    assert change["published"] == 100.0 and change["delta"] == round(row["percent"] - 100, 1)
    assert change["published_errors"] == 0 and change["errors"] >= 1
    oc = next(c for c in state.changes if c["lang"] == "oc")
    assert oc["published"] is None and oc["delta"] is None  # not in that pack


def test_collect_without_a_pack_has_no_change_to_show(project_copy):
    state = collect(project_copy, ["en"], ["fiche"], WORKFLOW)
    assert state.published is None and state.changes == []
    assert state.completeness[0]["percent"] == 100.0 and state.pending == []


def test_chart_is_a_deterministic_png_without_tool_metadata(project_copy):
    rows = collect(project_copy, ["en", "es", "oc"], None).completeness
    chart = completeness_chart(rows, LABELS, "Part des entrées (%)")
    assert chart == completeness_chart(rows, LABELS, "Part des entrées (%)")
    assert chart.startswith(PNG) and b"matplotlib" not in chart.lower()
    width, height = struct.unpack(">II", chart[16:24])
    assert width == 800 and height > 200


def test_master_text_shown_in_the_page_stays_literal():
    shown = markdown_text("a | b <script>x</script> **c**\nd")
    html = render_markdown(f"- *floue* — {shown}")
    assert "<script" not in html and "<strong>" not in html
    assert "a | b &lt;script&gt;x&lt;/script&gt; **c** d" in html


# --- Published by the workflow ---------------------------------------------------------------


@pytest.mark.slow
def test_workflow_publishes_the_status_page_with_its_chart_beside_the_pack(published_pack):
    from tests.accessibility import audit_pages

    project, report = published_pack
    assert report.status.ok and report.status.files == {"html": f"status/fr/{STATUS_DOC}.html"}
    path = project.output / "status" / "fr" / f"{STATUS_DOC}.html"
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "fr" and page.title.get_text().startswith("État des traductions")
    chart = page.select_one('main img[src^="data:image/png;base64,"]')
    assert chart["alt"].startswith("Graphique en barres de la complétude des catalogues")
    assert "6 catalogue(s) sur 6 entièrement traduit(s)" in chart["alt"]
    text = " ".join(page.get_text().split())
    assert "en · communique : 100 % — 41 traduite(s), 0 floue(s)" in text
    assert "oc · fiche : 100 % aujourd'hui, 100 % dans le pack" in text
    assert "Toutes les entrées sont traduites et validées." in text
    assert not (report.pack / "status").exists()
    with zipfile.ZipFile(report.archive) as archive:
        assert not [n for n in archive.namelist() if "status" in n or "review" in n]
    manifest = json.loads((report.pack / "manifest.json").read_text(encoding="utf-8"))
    assert not [f for f in manifest["files"] if STATUS_DOC in f["path"]]
    assert audit_pages({"status": path}).pages[0].problems() == []


@pytest.mark.slow
def test_status_page_is_rebuilt_only_when_what_it_shows_changed(project_copy):
    docs = ["fiche"]
    first = publish_status(project_copy, ["en", "oc"], docs, WORKFLOW)
    assert first.ok and not first.reused, first.error
    html = project_copy.output / first.files["html"]
    before = html.read_bytes()
    again = publish_status(project_copy, ["en", "oc"], docs, WORKFLOW)
    assert again.reused and html.read_bytes() == before

    path = project_copy.catalog("oc", "fiche")
    po = read_catalog(path)
    po.find("La culture vivante").msgstr = ""
    write_catalog(po, path)
    changed = publish_status(project_copy, ["en", "oc"], docs, WORKFLOW)
    assert changed.ok and not changed.reused
    text = html.read_text(encoding="utf-8")
    assert "La culture vivante" in text and "locales/oc/LC_MESSAGES/fiche.po:" in text
    assert "Aucun pack n'a encore été publié pour ce workflow." in text
