"""Merge: byte-for-byte what GNU msgmerge writes, on golden cases and on generated catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localepress.catalogs.merge import FuzzyIndex, merge
from localepress.catalogs.po import canonical_text, read_catalog
from localepress.catalogs.update import merge_files, merged_text
from localepress.cli import main

from .gnu import assert_gnu_canonical, msgcat, msgmerge

GOLDEN = Path(__file__).parent / "golden" / "merge"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_merge_matches_golden(case):
    folder = GOLDEN / case
    data, _ = merged_text(folder / "old.po", folder / "new.pot")
    assert data == (folder / "expect.po").read_bytes()


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("previous", [True, False])
def test_merge_is_what_msgmerge_writes(case, previous):
    folder = GOLDEN / case
    data, _ = merged_text(folder / "old.po", folder / "new.pot", previous=previous)
    assert data == msgmerge(folder / "old.po", folder / "new.pot", previous=previous)


def test_golden_basic_rules():
    """The rules of issue 3, read in the golden result."""
    po = read_catalog(GOLDEN / "basic" / "expect.po")
    assert [e.msgid for e in po if not e.obsolete][:3] == [
        "Dossier de presse",
        "Un paragraphe tout neuf, sans équivalent ancien.",
        "Alès Agglomération présente sa nouvelle marque territoriale, Le Sud Ingénieux, "
        "à la presse nationale.",
    ]  # template order
    edited = po.find("Le territoire compte 71 communes.")
    assert edited.fuzzy and edited.previous_msgid == "Le territoire compte 72 communes."
    assert edited.msgstr == "The territory has 72 municipalities."
    brand = po.find(
        "Alès Agglomération présente sa nouvelle marque territoriale, Le Sud Ingénieux, "
        "à la presse nationale."
    )
    assert brand.tcomment == "Keep “Le Sud Ingénieux” untranslated: it is the brand."
    gone = po.find("Ce paragraphe a été supprimé du carnet.", include_obsolete_entries=True)
    assert gone.obsolete and gone.msgstr == "This paragraph was removed from the notebook."
    assert po.find("Un ancien paragraphe qui revient.").msgstr.startswith("An old paragraph")
    assert po.find("Paragraphe jamais traduit et retiré.", include_obsolete_entries=True) is None
    assert po.metadata["POT-Creation-Date"] == "2022-04-13 00:00+0000"
    assert po.metadata["PO-Revision-Date"] == "2022-04-02 10:00+0000"  # merge is msgmerge
    assert po.metadata["Last-Translator"] == "Jane Doe <jane@example.org>"
    assert po.header.startswith("English translation")


def test_merge_does_not_modify_its_inputs():
    old = read_catalog(GOLDEN / "basic" / "old.po")
    template = read_catalog(GOLDEN / "basic" / "new.pot")
    before = (str(old), str(template))
    merge(old, template)
    assert (str(old), str(template)) == before


# --- the fuzzy matcher, rule by rule -------------------------------------------------------


def _entry(msgid, msgctxt=None, msgstr="T"):
    return polib.POEntry(msgid=msgid, msgctxt=msgctxt, msgstr=msgstr)


def _proposal(candidates, msgid, msgctxt=None):
    found = FuzzyIndex(candidates).best([(msgctxt, msgid)])[0]
    return None if found is None else found.msgid


def test_threshold_is_six_tenths_inclusive_for_the_same_context():
    # checked with msgmerge 0.21: 6 bytes in common of 10 + 10 passes, of 10 + 11 does not
    assert _proposal([_entry("abcdefghij")], "abcdefWXYZ") == "abcdefghij"  # 12/20 = 0.6
    assert _proposal([_entry("abcdefghij")], "abcdefVWXYZ") is None  # 12/21 < 0.6


def test_another_context_must_beat_six_tenths():
    candidates = [_entry("abcdefghij", msgctxt="menu")]
    assert _proposal(candidates, "abcdefXYZW", msgctxt="titre") is None  # exactly 0.6
    assert _proposal(candidates, "abcdefgXYZ", msgctxt="titre") == "abcdefghij"


def test_same_context_wins_a_tie_and_more_shared_runs_break_the_rest():
    candidates = [_entry("delete refs", msgctxt="menu"), _entry("delete refs")]
    found = FuzzyIndex(candidates).best([(None, "delete refz")])[0]
    assert found.msgctxt is None
    # both 0.78; "delete tags" shares five four-character runs with the msgid, "refs" four
    candidates = [_entry("delete refs"), _entry("delete tags")]
    assert _proposal(candidates, "delete trace") == "delete tags"


def test_similarity_is_over_utf8_bytes_and_runs_over_characters():
    # msgmerge compares bytes but indexes four-character runs: "éèàz"/"éèày" share none
    assert _proposal([_entry("éèàz")], "éèày") is None
    assert _proposal([_entry("aéèàçb")], "xéèàçy") == "aéèàçb"


# --- generated catalogs against msgmerge -----------------------------------------------------

WORDS = ["Alès", "marque", "territoire", "été", "communes", "à", "Cévennes", "données", "le", "{n}"]
msgids = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
contexts = st.sampled_from([None, None, None, "menu", "titre"])


@st.composite
def catalogs(draw):
    """An old catalog and a template derived from it: msgids kept, edited, dropped, added."""
    old_keys = draw(st.lists(st.tuples(contexts, msgids), max_size=12, unique=True))
    old = polib.POFile()
    old.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    if draw(st.booleans()):  # msgmerge then adds an empty Language field
        old.metadata["Language-Team"] = "Occitan"
    for i, (ctx, msgid) in enumerate(old_keys):
        entry = polib.POEntry(msgctxt=ctx, msgid=msgid)
        state = draw(st.sampled_from(["translated", "fuzzy", "empty", "obsolete", "plural"]))
        if state == "plural":
            entry.msgid_plural = msgid + " (pluriel)"
            entry.msgstr_plural = {0: f"T{i}", 1: f"T{i}s"}
        else:
            entry.msgstr = "" if state == "empty" else f"T{i}"
        entry.flags = ["fuzzy"] if state == "fuzzy" else []
        entry.obsolete = state == "obsolete"
        old.append(entry)
    template = polib.POFile()
    template.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    keys = set()
    for ctx, msgid in old_keys:
        action = draw(st.sampled_from(["keep", "edit", "drop", "plural"]))
        if action == "drop":
            continue
        if action == "edit":
            msgid = msgid + " " + draw(st.sampled_from(WORDS))
        if (ctx, msgid) not in keys:
            keys.add((ctx, msgid))
            plural = msgid + " (pluriel)" if action == "plural" else ""
            template.append(polib.POEntry(msgctxt=ctx, msgid=msgid, msgid_plural=plural))
    for ctx, msgid in draw(st.lists(st.tuples(contexts, msgids), max_size=5)):
        if (ctx, msgid) not in keys:
            keys.add((ctx, msgid))
            template.append(polib.POEntry(msgctxt=ctx, msgid=msgid))
    for entry in template:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: "", 1: ""}
    return old, template


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(catalogs(), st.booleans())
def test_generated_merges_equal_msgmerge(tmp_path, pair, previous):
    old, template = pair
    (tmp_path / "old.po").write_bytes(canonical_text(old))
    (tmp_path / "new.pot").write_bytes(canonical_text(template))
    data, counts = merged_text(tmp_path / "old.po", tmp_path / "new.pot", previous=previous)
    assert data == msgmerge(tmp_path / "old.po", tmp_path / "new.pot", previous=previous)
    assert counts.merged + counts.fuzzy + counts.new == len(template)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(catalogs())
def test_no_translation_is_lost(tmp_path, pair):
    old, template = pair
    (tmp_path / "old.po").write_bytes(canonical_text(old))
    (tmp_path / "new.pot").write_bytes(canonical_text(template))
    merged = merge(read_catalog(tmp_path / "old.po"), read_catalog(tmp_path / "new.pot")).catalog
    kept = {e.msgstr or e.msgstr_plural.get(0, "") for e in merged}
    for entry in read_catalog(tmp_path / "old.po"):
        assert (entry.msgstr or entry.msgstr_plural.get(0, "")) in kept | {""}


# --- the command ---------------------------------------------------------------------------


def test_cli_merge_writes_msgmerge_output(tmp_path):
    out = tmp_path / "out.po"
    args = ["merge", str(GOLDEN / "basic" / "old.po"), str(GOLDEN / "basic" / "new.pot")]
    result = CliRunner().invoke(main, [*args, "--previous", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "created" in result.stderr and "4 fuzzy, 1 new, 1 obsolete" in result.stderr
    assert out.read_bytes() == (GOLDEN / "basic" / "expect.po").read_bytes()
    assert_gnu_canonical(out)
    again = CliRunner().invoke(main, [*args, "--previous", "-o", str(out)])
    assert again.exit_code == 0 and "unchanged" in again.stderr


def test_cli_merge_defaults_are_msgmerge_defaults():
    """No --previous: no `#|` lines, as plain msgmerge; standard output without -o."""
    folder = GOLDEN / "formats"
    result = CliRunner().invoke(
        main, ["merge", "-q", str(folder / "old.po"), str(folder / "new.pot")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == msgmerge(folder / "old.po", folder / "new.pot", previous=False)
    assert result.stderr == ""


def test_merge_files_reports_what_changed(tmp_path):
    out = tmp_path / "out.po"
    first = merge_files(GOLDEN / "plurals" / "old.po", GOLDEN / "plurals" / "new.pot", out)
    assert first.status == "created" and first.counts.new == 1
    assert merge_files(
        GOLDEN / "plurals" / "old.po", GOLDEN / "plurals" / "new.pot", out
    ).status == ("unchanged")


def test_syntax_error_is_msgmerges_message_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgtsr "d"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.po"
    result = CliRunner().invoke(
        main, ["merge", str(bad), str(GOLDEN / "basic" / "new.pot"), "-o", str(out)]
    )
    assert result.exit_code == 1  # msgmerge's
    assert result.stderr.splitlines()[0] == f'{bad}:8: keyword "msgtsr" unknown'
    assert "Traceback" not in result.output and not out.exists()


def test_duplicate_msgid_names_both_lines(tmp_path):
    dup = tmp_path / "dup.po"
    dup.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["merge", str(dup), str(GOLDEN / "basic" / "new.pot")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{dup}:7: duplicate message definition...",
        f"{dup}:5: ...this is the location of the first definition",
        "localepress merge: found 1 fatal error",
    ]


def test_missing_input_is_a_clear_error(tmp_path):
    gone = tmp_path / "gone.po"
    result = CliRunner().invoke(main, ["merge", str(gone), str(GOLDEN / "basic" / "new.pot")])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f'localepress merge: error while opening "{gone}" for reading: No such file or directory'
    )


def test_read_only_output_is_refused(tmp_path):
    """msgmerge run as root would replace it; a translator's read-only file stays as it is."""
    out = tmp_path / "out.po"
    shutil.copy(GOLDEN / "basic" / "old.po", out)
    out.chmod(0o444)
    before = out.read_bytes()
    args = ["merge", str(GOLDEN / "basic" / "old.po"), str(GOLDEN / "basic" / "new.pot")]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 1
    assert "read-only" in result.stderr and out.read_bytes() == before


ROUND_TRIP = """\
#  two-space translator comment
#
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"X-Custom: kept in place\\n"

# a translator's note that is much longer than seventy-nine characters and must not be rewrapped
#. extracted
#: a.ipynb#c1:1 b.ipynb#c2:2
#, fuzzy, python-brace-format, no-wrap
#| msgctxt "ancien"
#| msgid "Ancien texte {n}"
msgctxt "nouveau"
msgid "Texte {n} avec \\"guillemets\\" et\\tune tabulation\\n"
msgid_plural "Textes {n}"
msgstr[0] "Text {n}"
msgstr[1] "Texts {n}"

#, range: 1..5, c-format
msgid "%d sur 5"
msgstr "%d of 5"

#, fuzzy
#~| msgctxt "pc"
#~| msgid "précédent"
#~ msgctxt "c"
#~ msgid "obsolète flou"
#~ msgstr "obsolete fuzzy"
"""


def test_reading_and_writing_keeps_every_gnu_field(tmp_path):
    path = tmp_path / "round.po"
    path.write_text(ROUND_TRIP, encoding="utf-8")
    assert canonical_text(read_catalog(path)) == msgcat(path)
