"""A tiny project for the hand-off tests: the mini notebook, a two-term termbase, an English
catalog half translated (markup, a placeholder, a plural, a context, a fuzzy entry)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from localepress.catalogs.extract import extract
from localepress.catalogs.po import read_catalog, write_catalog
from localepress.catalogs.update import update_catalogs
from localepress.project import Project

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TERMBASE = """fr,en,es,oc,status,forbidden,note,mark
Alès,Alès,Alès,Alès,do-not-translate,,Town name.,
communes,municipalities,municipios,comunas,approved,en:communes,Local authorities.,
"""
ENGLISH = {
    "Titre du document": "Document title",
    "Près de 50 % des communes ont voté.": "Nearly 50% of the municipalities voted.",
    "Un élément avec le 10<sup>e</sup> rang": "An item with the 10<sup>th</sup> rank",
    "Un [lien](https://example.org) et du **gras**": "A [link](https://example.org) and **bold**",
    "Lancé le {date}": "Launched on {date}",
    "Accueil": "Home",
    "Une citation": "A quotation",
    "Rôle": "Role",
}
FUZZY = {"Rôle"}
UNTRANSLATED = {"Nom", "Alès", "ville"}
MINI = "locales/en/LC_MESSAGES/mini.po"


def make_project(root: Path) -> Project:
    """Notebook, termbase, templates and an English catalog, as `extract` and `update` make."""
    (root / "notebooks").mkdir(parents=True)
    (root / "source").mkdir()
    shutil.copy(FIXTURES / "notebooks" / "mini.ipynb", root / "notebooks" / "mini.ipynb")
    (root / "source" / "termbase.csv").write_text(TERMBASE, encoding="utf-8")
    project = Project(root)
    extract(project)
    update_catalogs(project, ["en"])
    path = project.catalog("en", "mini")
    po = read_catalog(path)
    for entry in po:
        if entry.msgid in ENGLISH:
            entry.msgstr = ENGLISH[entry.msgid]
        if entry.msgid == "{n} commune":
            entry.msgstr_plural = {0: "{n} municipality", 1: "{n} municipalities"}
        if entry.msgid in FUZZY:
            entry.flags.append("fuzzy")
    write_catalog(po, path)
    return project


def catalog_bytes(project: Project) -> dict[str, bytes]:
    return {
        str(path.relative_to(project.root)): path.read_bytes()
        for path in sorted(project.locales.rglob("*.po*"))
    }


def unzip(kit: Path, folder: Path) -> Path:
    with zipfile.ZipFile(kit) as archive:
        archive.extractall(folder)
    return folder
