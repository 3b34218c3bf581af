"""Extraction: golden template, determinism, canonical form, bad input."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from localepress.catalogs.extract import extract
from localepress.catalogs.po import read_catalog
from localepress.cli import main
from localepress.project import Project

from .conftest import DOCS, FIXTURES

GOLDEN = Path(__file__).parent / "golden" / "catalogs"


@pytest.fixture
def mini(tmp_path, monkeypatch) -> Project:
    """A one-notebook project: Markdown blocks of every kind and the three gettext calls."""
    root = tmp_path / "mini"
    (root / "notebooks").mkdir(parents=True)
    (root / "locales").mkdir()
    shutil.copy(FIXTURES / "notebooks" / "mini.ipynb", root / "notebooks")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1649808000")  # 2022-04-13
    monkeypatch.setenv("LOCALEPRESS_ROOT", str(root))
    return Project(root)


def test_template_matches_golden(mini):
    extract(mini, ["mini"])
    expected = (GOLDEN / "mini.expect.pot").read_text(encoding="utf-8")
    assert mini.template("mini").read_text(encoding="utf-8") == expected


def test_prose_carries_no_format_flag_and_code_placeholders_do(mini):
    extract(mini, ["mini"])
    pot = read_catalog(mini.template("mini"))
    prose = pot.find("Près de 50 % des communes ont voté.")
    assert prose is not None and prose.flags == []
    assert pot.find("Lancé le {date}").flags == ["python-brace-format"]
    assert pot.find("Accueil", msgctxt="menu") is not None
    assert pot.find("{n} commune").msgid_plural == "{n} communes"


def test_identical_text_in_prose_and_code_is_one_entry_with_both_references(mini):
    extract(mini, ["mini"])
    entry = read_catalog(mini.template("mini")).find("Titre du document")
    assert [ref for ref, _ in entry.occurrences] == [
        "notebooks/mini.ipynb#intro",
        "notebooks/mini.ipynb#code",
    ]


def test_second_run_changes_no_byte_even_when_time_moves(mini, monkeypatch):
    assert extract(mini, ["mini"]) == {"locales/mini.pot": "created"}
    before = mini.template("mini").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    assert extract(mini, ["mini"]) == {"locales/mini.pot": "unchanged"}
    assert mini.template("mini").read_bytes() == before


def test_references_survive_edits_to_other_cells(mini):
    extract(mini, ["mini"])
    path = mini.notebook("mini")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Une citation", "Une autre citation"), encoding="utf-8")
    assert extract(mini, ["mini"]) == {"locales/mini.pot": "updated"}
    entry = read_catalog(mini.template("mini")).find("Titre du document")
    assert entry.occurrences[0] == ("notebooks/mini.ipynb#intro", "1")


def test_fixture_templates_are_canonical_and_current(project_copy):
    for pot in sorted(project_copy.locales.glob("*.pot")):
        printed = subprocess.run(["msgcat", str(pot)], capture_output=True, check=True).stdout
        assert printed == pot.read_bytes(), f"{pot.name} is not in msgcat's form"
    # the interface template follows the package's page template: tests/content checks it
    assert set(extract(project_copy, list(DOCS)).values()) == {"unchanged"}


def test_cli_extract_reports_each_template(project_copy):
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 0
    assert "unchanged  locales/communique.pot" in result.output


def test_notebook_that_is_not_json_is_named(mini):
    mini.notebook("mini").write_text("{ not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 2
    assert "mini.ipynb" in result.output and "not a valid notebook" in result.output
    assert not mini.template("mini").exists()


def test_pybabel_reads_notebooks_through_the_entry_point(mini, tmp_path):
    mapping = tmp_path / "babel.cfg"
    mapping.write_text("[ipynb: **.ipynb]\n", encoding="utf-8")
    out = tmp_path / "babel.pot"
    pybabel = Path(__import__("sys").executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", str(mapping), "-o", str(out), str(mini.notebooks)],
        check=True,
        capture_output=True,
    )
    msgids = {entry.msgid for entry in read_catalog(out)}
    assert {"Titre du document", "Une citation", "Lancé le {date}", "Accueil"} <= msgids
