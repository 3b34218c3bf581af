"""Content tests read the real press kit (notebooks/, locales/, source/, workflows/): editing it
may change their results, never an engine test's. They run on a copy, never on the repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from localepress.project import Project

REPO = Path(__file__).resolve().parents[2]
DOCS = ("dossier-de-presse", "carte-identite")
WORKFLOW = "workflows/international-press-kit.yml"


def copy_repository_project(target: Path) -> Path:
    for folder in ("notebooks", "source", "workflows"):
        shutil.copytree(REPO / folder, target / folder)
    shutil.copytree(REPO / "locales", target / "locales", ignore=shutil.ignore_patterns("*.mo"))
    return target


@pytest.fixture
def real_copy(tmp_path, monkeypatch) -> Project:
    root = copy_repository_project(tmp_path / "real")
    monkeypatch.setenv("LOCALEPRESS_ROOT", str(root))
    monkeypatch.chdir(root)
    return Project(root)


@pytest.fixture(scope="session")
def real_pack(tmp_path_factory):
    """The repository's default workflow, run once for the session: (project, run report)."""
    from tests.conftest import run_workflow_once

    root = copy_repository_project(tmp_path_factory.mktemp("real") / "project")
    project, report = run_workflow_once(root, WORKFLOW)
    assert report.ok, [e.error for e in report.publish.editions if e.error]
    return project, report
