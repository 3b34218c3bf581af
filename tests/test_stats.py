"""stats: per-catalog counts equal to `msgfmt --statistics`, words, percent, --json, the gate."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localepress.catalogs.po import canonical_text, read_catalog, write_catalog
from localepress.catalogs.stats import (
    CatalogStats,
    Completeness,
    file_stats,
    percent_text,
    project_stats,
)
from localepress.cli import main
from localepress.quality.checks import check_project
from localepress.quality.gate import gate

from .gnu import msgfmt_statistics

GOLDEN = Path(__file__).parent / "golden"
EDGES = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "traduit ici"
msgstr "translated here"

#, fuzzy
msgid "flou"
msgstr "fuzzy"

msgid "pas encore"
msgstr ""

msgid "premier vide"
msgid_plural "premiers vides"
msgstr[0] ""
msgstr[1] "second form only"

msgid "second vide"
msgid_plural "seconds vides"
msgstr[0] "first form only"
msgstr[1] ""

#~ msgid "obsolète"
#~ msgstr "obsolete"
"""


def _counts(stats: CatalogStats) -> dict[str, int]:
    return {
        "translated": stats.translated,
        "fuzzy": stats.fuzzy,
        "untranslated": stats.untranslated,
    }


def test_gnu_edge_cases(tmp_path):
    path = tmp_path / "edges.po"
    path.write_text(EDGES, encoding="utf-8")
    stats = file_stats(path)
    assert (
        _counts(stats)
        == msgfmt_statistics(path)
        == {"translated": 2, "fuzzy": 1, "untranslated": 2}
    )
    assert (stats.translated_words, stats.fuzzy_words, stats.untranslated_words) == (6, 1, 6)
    assert stats.total == 5 and stats.percent == pytest.approx(40.0)


def test_project_and_golden_catalogs_count_as_msgfmt_does(project_copy):
    paths = [*project_copy.locales.rglob("*.po"), *GOLDEN.rglob("*.po")]
    assert paths
    for path in paths:
        assert _counts(file_stats(path)) == msgfmt_statistics(path), path


states = st.sampled_from(["translated", "fuzzy", "empty", "fuzzy-empty", "first-empty", "obsolete"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(states, max_size=15))
def test_generated_catalogs_count_as_msgfmt_does(tmp_path, kinds):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for i, kind in enumerate(kinds):
        entry = polib.POEntry(msgid=f"message {i}", msgstr="" if "empty" in kind else f"m{i}")
        if kind == "first-empty":
            entry.msgid_plural = f"messages {i}"
            entry.msgstr_plural = {0: "", 1: f"m{i}"}
        entry.flags = ["fuzzy"] if kind.startswith("fuzzy") else []
        entry.obsolete = kind == "obsolete"
        po.append(entry)
    path = tmp_path / "generated.po"
    path.write_bytes(canonical_text(po))
    assert _counts(file_stats(path)) == msgfmt_statistics(path)


def test_percent_has_one_decimal_and_is_never_rounded_up():
    assert CatalogStats("x.po").percent == 100.0  # an empty catalog is complete
    assert Completeness(1, 4).percent == 25.0
    assert Completeness(2, 3).percent == 66.6
    assert Completeness(996, 1000).percent == 99.6
    assert Completeness(9999, 10000).percent == 99.9  # not 100.0
    assert percent_text(Completeness(9999, 10000).percent) == "99.9 %"


def test_a_catalog_not_created_yet_counts_from_its_template(project_copy):
    doc = next(project_copy.locales.glob("*.pot")).stem
    project_copy.catalog("oc", doc).unlink()
    [stats] = project_stats(project_copy, ["oc"], [doc])
    assert not stats.exists and stats.translated == 0 and stats.untranslated > 0
    assert stats.path == f"locales/oc/LC_MESSAGES/{doc}.po"
    assert (stats.lang, stats.doc) == ("oc", doc)


def test_cli_json_lists_one_object_per_catalog(tmp_path):
    path = tmp_path / "edges.po"
    path.write_text(EDGES, encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", "--json", str(path)])
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)
    assert item["path"] == str(path)
    assert (item["translated"], item["fuzzy"], item["untranslated"]) == (2, 1, 2)
    assert (item["translated_words"], item["fuzzy_words"], item["untranslated_words"]) == (6, 1, 6)
    assert item["percent"] == 40.0 and item["total"] == 5


def test_cli_min_complete_is_the_gate(tmp_path, project_copy):
    path = tmp_path / "edges.po"
    path.write_text(EDGES, encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", "--min-complete", "50", str(path)])
    assert result.exit_code == 1
    assert "40.0 %" in result.stdout and "incomplete" in result.stderr
    assert CliRunner().invoke(main, ["stats", "--min-complete", "40", str(path)]).exit_code == 0


def test_cli_project_stats_per_language(project_copy):
    result = CliRunner().invoke(main, ["stats", "-l", "oc"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and all("locales/oc/LC_MESSAGES/" in line for line in lines)


def test_cli_bad_input_exits_2(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", str(bad)])
    assert result.exit_code == 2 and f"{bad}:" in result.output
    result = CliRunner().invoke(main, ["stats", str(tmp_path / "absent.po")])
    assert result.exit_code == 2 and "no such catalog" in result.output


def _drop_entries(path, count: int) -> list[str]:
    """Delete `count` translated entries from a catalog, as a careless edit would."""
    po = read_catalog(path)
    dropped = [e for e in po if e.msgid and not e.obsolete][:count]
    for entry in dropped:
        po.remove(entry)
    write_catalog(po, path)
    return [entry.msgid for entry in dropped]


def test_a_catalog_missing_template_entries_is_incomplete_everywhere(project_copy):
    """One figure: stats, its --json, the gate and check agree on a catalog missing 3 entries."""
    path = project_copy.catalog("en", "fiche")
    _drop_entries(path, 3)
    result = CliRunner().invoke(main, ["stats", "--json", "-l", "en", "--doc", "fiche"])
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)
    expected = (23 - 3) * 1000 // 23 / 10  # 86.9: of the template's 23 entries, 20 translated
    assert (item["missing"], item["stale"], item["percent"]) == (3, True, expected)
    assert (item["translated"], item["untranslated"]) == (20, 0)  # msgfmt's own counts
    verdict = gate(project_copy, "en", ["fiche"])
    assert verdict.completeness == {"fiche": expected} and not verdict.publishable
    assert f"fiche: {expected} % translated" in verdict.reasons[0]
    shown = CliRunner().invoke(main, ["stats", "-l", "en", "--doc", "fiche"]).stdout
    assert f"{expected} %" in shown and "3 missing from the template" in shown
    check = CliRunner().invoke(main, ["check", "-l", "en"])
    assert check.exit_code == 1
    assert "locales/en/LC_MESSAGES/fiche.po:" in check.output
    assert "error: [stale] 3 entries of locales/fiche.pot are missing" in check.output


def test_a_catalog_with_entries_the_template_lost_is_stale_but_complete(project_copy):
    path = project_copy.catalog("en", "fiche")
    po = read_catalog(path)
    po.append(polib.POEntry(msgid="Une phrase supprimée du master.", msgstr="A removed sentence."))
    write_catalog(po, path)
    [stats] = project_stats(project_copy, ["en"], ["fiche"])
    assert stats.percent == 100.0 and stats.stale and stats.missing == 0
    findings = [f for f in check_project(project_copy, ["en"], ["fiche"]).findings]
    assert [(f.check, f.severity) for f in findings] == [("stale", "warning")]
