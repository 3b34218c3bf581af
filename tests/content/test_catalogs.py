"""The real catalogs: complete, free of check errors, in GNU form, current with the masters;
the real workflows valid."""

from __future__ import annotations

import subprocess

import pytest

from localepress.catalogs.extract import extract
from localepress.catalogs.stats import project_stats
from localepress.pack.workflow import load_workflow
from localepress.project import Project
from localepress.quality.checks import check_project
from localepress.quality.gate import gate

from .conftest import DOCS, REPO


@pytest.mark.parametrize("lang", ["en", "es", "oc"])
def test_every_translation_is_complete_and_passes_the_gate(real_copy, lang):
    verdict = gate(real_copy, lang)
    assert verdict.publishable and verdict.errors == 0, verdict.reasons
    assert set(verdict.completeness) == set(DOCS)
    stats = project_stats(real_copy, [lang])
    assert stats and all(s.percent == 100.0 and s.fuzzy == 0 for s in stats), stats


def test_no_check_finds_anything_in_the_translations_or_the_french(real_copy):
    report = check_project(real_copy, ["fr", "en", "es", "oc"])
    assert [f"{f.path}:{f.line}: {f.check}: {f.message}" for f in report.findings] == []


def test_templates_and_catalogs_are_canonical_and_current(real_copy):
    for path in sorted(real_copy.locales.rglob("*.po*")):
        printed = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
        assert printed == path.read_bytes(), f"{path.name} is not in msgcat's form"
    assert set(extract(real_copy).values()) == {"unchanged"}  # interface.pot included


def test_repository_workflows_are_valid():
    project = Project(REPO)
    for path in sorted((REPO / "workflows").glob("*.yml")):
        flow = load_workflow(path, project)
        assert flow.name == path.stem and set(flow.documents) == set(DOCS)
