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
