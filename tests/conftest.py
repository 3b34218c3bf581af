"""Shared fixtures: tests work on a copy of the project in tmp_path, never on the repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from localepress.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = REPO.parent / "shared" / "seed" / "000_b64f65a19a3b5c53.txt"


def _copy_project(target: Path) -> Path:
    for folder in ("notebooks", "source", "workflows"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, target / folder)
    shutil.copytree(REPO / "locales", target / "locales", ignore=shutil.ignore_patterns("*.mo"))
    return target


@pytest.fixture
def project_copy(tmp_path, monkeypatch) -> Project:
    """A copy of the project (notebooks, catalogs, source, workflows) rooted in tmp_path."""
    root = _copy_project(tmp_path / "project")
    monkeypatch.setenv("LOCALEPRESS_ROOT", str(root))
    monkeypatch.chdir(root)
    return Project(root)


@pytest.fixture(scope="session")
def published_pack(tmp_path_factory):
    """The default workflow run once for the session on a copy of the project.

    Returns (project, run report). Tests read its outputs and must not modify them.
    """
    import os

    from localepress.pack.workflow import load_workflow, run_workflow
    from localepress.translators.pages import write_translator_pages

    root = _copy_project(tmp_path_factory.mktemp("published") / "project")
    previous = os.environ.get("LOCALEPRESS_ROOT")
    os.environ["LOCALEPRESS_ROOT"] = str(root)
    try:
        project = Project(root)
        flow = load_workflow(
            root / "workflows" / "international-press-kit.yml", project.documents()
        )
        report = run_workflow(project, flow, jobs=2, pages=write_translator_pages)
    finally:
        if previous is None:
            os.environ.pop("LOCALEPRESS_ROOT", None)
        else:
            os.environ["LOCALEPRESS_ROOT"] = previous
    assert report.ok, [e.error for e in report.publish.editions if e.error]
    return project, report
