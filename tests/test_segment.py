"""Segmentation: golden files, and the splice that localization relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localepress.catalogs.segment import rebuild, segments

GOLDEN = Path(__file__).parent / "golden" / "segmentation"


@pytest.mark.parametrize("case", sorted(p.stem for p in GOLDEN.glob("*.md")))
def test_segments_match_golden(case):
    source = (GOLDEN / f"{case}.md").read_text(encoding="utf-8")
    found = [{"kind": s.kind, "line": s.line, "text": s.text} for s in segments(source)]
    expected = json.loads((GOLDEN / f"{case}.expect.json").read_text(encoding="utf-8"))
    assert found == expected


@pytest.mark.parametrize("case", sorted(p.stem for p in GOLDEN.glob("*.md")))
def test_forced_identity_splice_gives_back_the_source(case):
    source = (GOLDEN / f"{case}.md").read_text(encoding="utf-8")
    assert rebuild(source, lambda s: s.text, force=True) == source


def test_translation_replaces_each_block_and_keeps_structure():
    source = (GOLDEN / "blocks.md").read_text(encoding="utf-8")
    out = rebuild(source, lambda s: f"[{s.text}]")
    assert [s.text for s in segments(out)] == [f"[{s.text}]" for s in segments(source)]
    assert [s.kind for s in segments(out)] == [s.kind for s in segments(source)]
    assert "du code, jamais extrait" in out


def test_multiline_translation_continues_inside_its_list_item_and_quote():
    out = rebuild("- un\n\n> deux\n", lambda s: f"{s.text}\nsuite")
    assert out == "- un\n  suite\n\n> deux\n> suite\n"
    assert [s.kind for s in segments(out)] == ["list item", "quote"]


def test_unbalanced_markup_still_segments():
    found = segments("Du **gras sans fin et un [lien cassé(\n\n## Titre *ouvert\n")
    assert [s.text for s in found] == ["Du **gras sans fin et un [lien cassé(", "Titre *ouvert"]


_markdown_lines = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
        st.sampled_from(
            ["", "# T", "- item", "> q", "1. n", "| a | b |", "|---|---|", "```", "**x"]
        ),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(_markdown_lines)
def test_identity_splice_is_exact_for_any_markdown(lines):
    source = "\n".join(lines)
    assert rebuild(source, lambda s: s.text, force=True) == source
    assert rebuild(source, lambda s: None) == source
