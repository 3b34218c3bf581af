"""Shared fixtures: engine tests work on a copy of the tiny fixture project in tmp_path.

`tests/fixtures/project/` holds two small notebooks (`communique`: parameters, code through
`Edition` with `_()`, `ngettext()` and `pgettext()`, facts, contacts; `fiche`: prose only),
their templates, en/es/oc catalogs and the interface catalog, facts, termbase, brand, spelling
lists and two workflows. The status notebook is the repository's own (`notebooks/
etat-des-traductions.ipynb`, part of every run). Nothing here reads the real press kit: that
is for `tests/content/`.

`make test` spreads the tests over both cores (pytest-xdist, `--dist loadgroup`): the tests
reading a session-wide published pack share one worker, so each pack is published once.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from localepress.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT = FIXTURES / "project"
STATUS_NOTEBOOK = REPO / "notebooks" / "etat-des-traductions.ipynb"
DOCS = ("communique", "fiche")
WORKFLOW = "workflows/press-kit.yml"


SESSION_PACKS = ("published_pack", "real_pack")


def pytest_itemcollected(item):
    """Group by the session pack a test reads (as each item is collected: xdist reads the
    groups in its own pytest_collection_modifyitems)."""
    for name in SESSION_PACKS:
        if name in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(name))
            break


def copy_project(target: Path) -> Path:
    """A fresh copy of the fixture project (no compiled catalog, no output) at `target`."""
    shutil.copytree(PROJECT, target, ignore=shutil.ignore_patterns("*.mo", "output"))
    shutil.copy(STATUS_NOTEBOOK, target / "notebooks")
    return target


@pytest.fixture
def project_copy(tmp_path, monkeypatch) -> Project:
    """A copy of the fixture project rooted in tmp_path, and the working directory."""
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("LOCALEPRESS_ROOT", str(root))
    monkeypatch.chdir(root)
    return Project(root)


def run_workflow_once(root: Path, workflow: str = WORKFLOW):
    """`run_workflow` of `workflow` on the project at `root`, as `localepress run` does."""
    from localepress.pack.workflow import load_workflow, run_workflow
    from localepress.translators.pages import write_translator_pages

    previous = os.environ.get("LOCALEPRESS_ROOT")
    os.environ["LOCALEPRESS_ROOT"] = str(root)
    try:
        project = Project(root)
        flow = load_workflow(root / workflow, project)
        return project, run_workflow(project, flow, jobs=2, pages=write_translator_pages)
    finally:
        if previous is None:
            os.environ.pop("LOCALEPRESS_ROOT", None)
        else:
            os.environ["LOCALEPRESS_ROOT"] = previous


@pytest.fixture(scope="session")
def published_pack(tmp_path_factory):
    """The fixture's press-kit workflow run once for the session: (project, run report).

    Tests read its outputs and must not modify them.
    """
    root = copy_project(tmp_path_factory.mktemp("published") / "project")
    project, report = run_workflow_once(root)
    assert report.ok, [e.error for e in report.publish.editions if e.error]
    return project, report
