"""Quality checks: each defect a reviewer would catch is reported, good translations are not.

Fixture catalogs are written with polib into tmp_path, one small .po per case; msgfmt and
hunspell run for real.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from localepress.catalogs.po import read_catalog, write_catalog
from localepress.cli import main
from localepress.errors import CatalogError, TermbaseError
from localepress.languages import table
from localepress.project import Project
from localepress.quality.checks import check_catalog, check_files, check_pair, check_project
from localepress.quality.checks.spelling import candidates, speller
from localepress.quality.checks.text import analyse, parse
from localepress.quality.gate import gate
from localepress.quality.termbase import french_marked_terms, read_termbase

from .hostile import PAYLOADS

LANGUAGES = table(
    Project(Path(__file__).parent / "fixtures" / "project")
)  # the project's languages, in its order

NNBSP, NBSP = "\u202f", "\u00a0"
TERMBASE = """\
fr,en,es,oc,status,forbidden,note,mark
Le Sud Ingénieux,Le Sud Ingénieux,Le Sud Ingénieux,Le Sud Ingénieux,do-not-translate,,Tagline,fr
Cévennes,Cévennes,Cévennes,Cévennes,do-not-translate,es:Cevenas|oc:Cevenas,Place name,
marque territoriale,place brand,marca territorial,marca territoriala,approved,en:territorial brand,,
ingénieux,ingenious,ingenioso,engenhós,approved,en:clever,"agrees (es ingeniosos)",
"""
needs_hunspell = pytest.mark.skipif(shutil.which("hunspell") is None, reason="no hunspell")


@pytest.fixture
def terms(tmp_path):
    path = tmp_path / "termbase.csv"
    path.write_text(TERMBASE, encoding="utf-8")
    return read_termbase(path)


def write_po(path: Path, lang: str, entries: list[dict]) -> Path:
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "test",
        "PO-Revision-Date": "2026-01-01 00:00+0000",
        "Last-Translator": "Test <test@example.org>",
        "Language-Team": "Test",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": LANGUAGES[lang].plural_forms,
    }
    for entry in entries:
        po.append(polib.POEntry(**entry))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def findings(tmp_path, lang, msgid, msgstr, terms=(), **entry):
    path = write_po(tmp_path / f"{lang}.po", lang, [dict(msgid=msgid, msgstr=msgstr, **entry)])
    return check_catalog(path, terms=terms).findings


def checks(found, severity=None) -> set[str]:
    return {f.check for f in found if severity is None or f.severity == severity}


# One test per defect ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr", "check"),
    [
        ("en", "**Nous sommes ingénieux.**", "We are ingenious.", "markup"),  # dropped bold
        ("en", "Voté en juin 2021.", "Voted in June 2012.", "numbers"),  # changed year
        ("en", "Écrivez à presse@ville-ales.fr.", "Write to the press office.", "emails"),
        ("en", "Le marché ouvre le samedi.", "Le marché ouvre le samedi.", "same-as-source"),
        ("en", "Voir le site.", "See <script>alert(1)</script> the site.", "markup"),
        ("en", "Le 2<sup>e</sup> bassin", 'The 2<sup onerror="alert(1)">nd</sup> area', "markup"),
        ("en", "Voir le [site](https://www.ales.fr).", "See the [site](javascript:alert(1)).",
         "markup"),
        ("en", "Voir le [site](https://www.ales.fr).", "See the [site] (https://www.ales.fr).",
         "markup"),  # broken link
        ("es", "Pourquoi venir ici\u202f?", "Por qué venir aquí?", "typography"),  # missing ¿
        ("en", "Voir le site https://www.ales.fr/presse", "See the site https://www.ales.fr",
         "urls"),
        ("en", "Appelez le 04 66 56 11 11.", "Call +33 4 66 56 11 12.", "phones"),
        ("en", "Bonjour {name}", "Hello {nom}", "placeholders"),
        ("en", "Nos 3 piliers", "Our 3 pillars %s", "placeholders"),  # a stray printf field
        ("en", "%(count)d communes sur %(total)d", "%(count)d towns", "placeholders"),
        ("en", "Bienvenue %s !", "Welcome!", "placeholders"),
    ],
)  # fmt: skip
def test_each_defect_is_an_error(tmp_path, lang, msgid, msgstr, check):
    found = findings(tmp_path, lang, msgid, msgstr)
    assert check in checks(found, "error"), found


def test_dropped_sup_is_reported(tmp_path):
    # "10th" is English's own ordinal (tests/test_typography.py); the bare figure is no ordinal
    found = findings(tmp_path, "en", "Sa 10<sup>e</sup> édition.", "Its 10 edition.")
    assert [(f.check, f.severity) for f in found] == [("markup", "warning")]
    assert "<sup>" in found[0].message


def test_forbidden_variant_of_the_brand_term(tmp_path, terms):
    found = findings(tmp_path, "en", "Notre marque territoriale.", "Our territorial brand.", terms)
    assert [(f.check, f.severity) for f in found] == [("termbase", "error")]
    assert "territorial brand" in found[0].message


def test_do_not_translate_term_altered(tmp_path, terms):
    found = findings(tmp_path, "en", "Nous sommes le Sud Ingénieux.", "We are the Ingenious South.",
                     terms)  # fmt: skip
    assert [(f.check, f.severity) for f in found] == [("termbase", "error")]
    found = findings(tmp_path, "es", "Les Cévennes, ses étoiles.", "Las Cevenas, sus estrellas.",
                     terms)  # fmt: skip
    assert "Cevenas" in found[0].message


def test_missing_narrow_space_before_question_mark_in_occitan(tmp_path):
    found = findings(tmp_path, "oc", f"Pourquoi{NNBSP}?", "Perqué ?")
    assert [(f.check, f.severity) for f in found] == [("typography", "warning")]
    assert "U+202F" in found[0].message


def test_msgfmt_error_is_reported_with_its_line(tmp_path):
    path = write_po(
        tmp_path / "en.po",
        "en",
        [
            dict(msgid="Bonjour", msgstr="Hello"),
            dict(msgid="{n} mois", msgstr="{m} months", flags=["python-brace-format"]),
        ],
    )
    found = check_catalog(path).findings
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [(f.check, f.severity, f.msgid) for f in found] == [("msgfmt", "error", "{n} mois")]
    assert lines[found[0].line - 1] == 'msgstr "{m} months"'
    assert "'m'" in found[0].message


def test_required_term_missing_is_a_warning_and_inflection_is_tolerated(terms):
    assert check_pair("Nous sommes ingénieux.", "Somos ingeniosos.", "es", terms) == []
    assert check_pair("Nous sommes ingénieuses.", "Sèm engenhosas.", "oc", terms) == []
    [issue] = check_pair("Nous sommes ingénieux.", "We are smart.", "en", terms)
    assert (issue.check, issue.severity) == ("termbase", "warning")


def test_source_language_spacing_in_english_is_reported(tmp_path):
    found = findings(tmp_path, "en", f"Pourquoi{NNBSP}?", "Why ?")
    assert [(f.check, f.severity) for f in found] == [("typography", "warning")]


# Quiet on good translations ------------------------------------------------------------------

GOOD = {
    "en": [
        (
            "Le 2<sup>e</sup> bassin industriel d'Occitanie",
            "The 2<sup>nd</sup> industrial area of Occitanie",
        ),
        (
            "Sa 10<sup>e</sup> édition, près de 1 000 000 €.",
            "Its 10<sup>th</sup> edition, nearly €1,000,000.",
        ),
        ('Un axe dénommé "Promouvoir le territoire".', "A priority called “Promoting the area”."),
        (f"Pourquoi{NNBSP}?", "Why?"),
        (
            f"Il disait{NBSP}: «{NNBSP}Nous sommes le Sud Ingénieux{NNBSP}».",
            "He said: “We are Le Sud Ingénieux”.",
        ),
        (
            "Contact : presse@ville-ales.fr, 04 66 56 11 11",
            "Contact: presse@ville-ales.fr, +33 4 66 56 11 11",
        ),
        ("**Alès, la ville à taille humaine**", "**Alès, a town on a human scale**"),
        (
            "Si Cannes est la capitale,\\\nParis le cluster.",
            "If Cannes is the capital,\\\nParis is the cluster.",
        ),
        ("Voir [le site](https://www.ales.fr).", "See [the website](https://www.ales.fr)."),
        ("Notre marque territoriale.", "Our place brand."),
    ],
    "es": [
        (
            "Des guerres des 17<sup>e</sup> et 18<sup>e</sup> siècles.",
            "De las guerras de los siglos XVII y XVIII.",
        ),
        ("Sa 10<sup>e</sup> édition.", "Su 10.ª edición."),
        (f"Et nous{NNBSP}?", "¿Y nosotros?"),
        (f"Il disait{NBSP}: «{NNBSP}oui{NNBSP}».", "Decía: «sí»."),
        ("Nous sommes ingénieux.", "Somos ingeniosos."),
    ],
    "oc": [
        (f"Et nous{NNBSP}?", f"E nosautres{NNBSP}?"),
        (f"Il disait{NBSP}: «{NNBSP}oui{NNBSP}».", f"Disiá{NBSP}: «{NNBSP}òc{NNBSP}»."),
        ("Alès Agglomération Le Sud Ingénieux", "Alès Agglomération Le Sud Ingénieux"),
    ],
}


@pytest.mark.parametrize("lang", sorted(GOOD))
def test_good_translations_give_no_finding(tmp_path, terms, lang):
    entries = [dict(msgid=msgid, msgstr=msgstr) for msgid, msgstr in GOOD[lang]]
    path = write_po(tmp_path / f"{lang}.po", lang, entries)
    assert check_catalog(path, terms=terms).findings == []


def test_fuzzy_empty_and_obsolete_entries_are_not_checked(tmp_path):
    path = write_po(
        tmp_path / "en.po",
        "en",
        [
            dict(msgid="En 2021.", msgstr="In 1999.", flags=["fuzzy"]),
            dict(msgid="En 2022.", msgstr=""),
            dict(msgid="En 2023.", msgstr="In 1998.", obsolete=True),
        ],
    )
    assert check_catalog(path).findings == []


def test_percent_signs_that_are_not_conversions_are_not_placeholders(tmp_path):
    assert findings(tmp_path, "en", "Près de 50 % des communes.", "Nearly 50% of the towns.") == []
    assert findings(tmp_path, "en", "Un taux de 100 %.", "A 100% rate (%% as written).") == []
    linked = "Voir [le site](https://example.org/a%E2%80%99b)."
    assert (
        findings(
            tmp_path, "en", linked, linked.replace("Voir", "See").replace("le site", "the site")
        )
        == []
    )


def test_a_printf_entry_flagged_for_msgfmt_is_left_to_it(tmp_path):
    found = findings(tmp_path, "en", "%d communes", "%d towns %s", flags=["python-format"])
    assert {f.check for f in found} == {"msgfmt"}  # msgfmt -c reports it, once


def test_plural_forms_are_checked_one_by_one(tmp_path):
    entry = dict(
        msgid="{n} mois", msgid_plural="{n} mois", msgstr_plural={0: "{n} month", 1: "months"}
    )
    path = write_po(tmp_path / "en.po", "en", [entry])
    found = check_catalog(path).findings
    assert "placeholders" in checks(found, "error")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
def test_a_string_copied_unchanged_breaks_no_parity_check(text):
    parity = {"markup", "numbers", "placeholders", "urls", "emails", "phones", "whitespace"}
    parity |= {"punctuation", "length"}
    assert not {issue.check for issue in check_pair(text, text, "en")} & parity


# Silencing -----------------------------------------------------------------------------------


def test_ignore_check_comment_silences_the_named_checks(tmp_path):
    found = findings(tmp_path, "en", "Voté en juin 2021.", "Voted in June 2012.",
                     tcomment="ignore-check: numbers, markup")  # fmt: skip
    assert found == []


def test_ignore_check_cannot_silence_injected_markup(tmp_path):
    found = findings(tmp_path, "en", "Voir le site.", "See <script>x()</script> the site.",
                     tcomment="ignore-check: markup")  # fmt: skip
    assert checks(found, "error") == {"markup"}


INERT = ("&lt;script&gt;", "<!--")  # escaped text and comments run nothing


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if not p.startswith(INERT)])
def test_every_hostile_payload_is_a_guard_no_comment_can_silence(tmp_path, payload):
    found = findings(tmp_path, "en", "Voir le site.", f"See the {payload} site.",
                     tcomment="ignore-check: markup")  # fmt: skip
    assert "markup" in checks(found, "error"), found


# Lines, spelling, termbase -------------------------------------------------------------------


def test_findings_point_at_the_msgstr_line(tmp_path):
    path = write_po(
        tmp_path / "en.po",
        "en",
        [
            dict(msgid="Bonjour.", msgstr="Hello.", comment="paragraph", occurrences=[("nb", "1")]),
            dict(msgid="En 2021.", msgstr="In 2012.", comment="paragraph", tcomment="checked"),
        ],
    )
    [finding] = check_catalog(path).findings
    assert path.read_text(encoding="utf-8").splitlines()[finding.line - 1] == 'msgstr "In 2012."'


def test_lines_are_those_of_the_file_as_written_not_of_its_canonical_form(tmp_path):
    long = " ".join(["Le territoire"] * 30)
    path = tmp_path / "en.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{long}"\nmsgstr "{long.replace("Le", "The")}"\n\n'
        'msgctxt "repère"\nmsgid ""\n"En "\n"2021."\nmsgstr "In 2012."\n',
        encoding="utf-8",
    )
    [finding] = [f for f in check_catalog(path).findings if f.check == "numbers"]
    assert finding.line == 13 and finding.msgid == "En 2021."  # msgcat's form has it lower


@needs_hunspell
def test_spelling_warns_once_per_entry_and_skips_names_and_source_words(tmp_path):
    found = findings(tmp_path, "en", "Philippe Lentschener a rencontré des élus.",
                     "Philippe Lentschener met oficials in Lentschener’s town.")  # fmt: skip
    assert [(f.check, f.severity) for f in found] == [("spelling", "warning")]
    assert found[0].message.endswith("oficials")


def test_spelling_candidates_leave_out_names_elisions_and_ordinals():
    assert candidates("L'éco-système d'Alès, le 2nd, qu'aquò's {x}", "oc", set()) == [
        "éco-système",
        "le",
        "aquò",
    ]
    assert candidates("Don't visit Alès, isn't it?", "en", {"visit"}) == ["isn't", "it"]


def test_missing_dictionary_is_a_note_not_a_failure():
    assert speller("xx_XX")[0] is None
    assert "xx_XX" in speller("xx_XX")[1]


def test_without_hunspell_spelling_is_skipped_with_one_note(tmp_path, monkeypatch):
    tools = tmp_path / "bin"
    tools.mkdir()
    for gettext_program in Path(shutil.which("msgfmt")).parent.glob("msg*"):
        (tools / gettext_program.name).symlink_to(gettext_program)
    monkeypatch.setenv("PATH", str(tools))
    paths = [
        write_po(tmp_path / f"{n}.po", "en", [dict(msgid="Oui.", msgstr="Yess.")]) for n in "ab"
    ]
    report = check_files(paths)
    assert report.findings == [] and len(report.notes) == 1 and "hunspell" in report.notes[0]


def test_termbase_reader(tmp_path):
    path = tmp_path / "termbase.csv"
    path.write_text(
        "fr,en,status,forbidden,note,mark\n"
        "carte d'identité,identity card,approved,,The card: pillars, beliefs,\n"
        "Le Sud Ingénieux,Le Sud Ingénieux,do-not-translate,,Tagline,fr\n",
        encoding="utf-8",
    )
    card, tagline = read_termbase(path)
    assert card.note == "The card: pillars, beliefs" and card.mark == ""
    assert tagline.do_not_translate and tagline.mark == "fr"
    path.write_text("fr,en,status,forbidden,note\nx,y,approved,en-z,\n", encoding="utf-8")
    with pytest.raises(TermbaseError) as error:
        read_termbase(path)
    assert error.value.line == 2


def test_french_marked_terms_come_from_the_mark_column(project_copy, terms):
    (project_copy.source / "termbase.csv").write_text(TERMBASE, encoding="utf-8")
    assert french_marked_terms(project_copy) == ["Le Sud Ingénieux"]


# Files, project, CLI -------------------------------------------------------------------------


def test_language_comes_from_the_folder_when_the_header_has_none(tmp_path):
    path = write_po(
        tmp_path / "oc" / "LC_MESSAGES" / "doc.po", "oc", [dict(msgid="Oui", msgstr="Òc")]
    )
    po = polib.pofile(str(path))
    del po.metadata["Language"]
    po.save(str(path))
    [finding] = check_files([path]).findings  # msgfmt -c warns, nothing else
    assert (finding.check, finding.severity) == ("msgfmt", "warning")
    write_po(tmp_path / "bare.po", "en", [dict(msgid="a", msgstr="b")])
    po = polib.pofile(str(tmp_path / "bare.po"))
    del po.metadata["Language"]
    po.save(str(tmp_path / "bare.po"))
    with pytest.raises(CatalogError):
        check_files([tmp_path / "bare.po"])


def test_project_check_reads_every_catalog(project_copy):
    report = check_project(project_copy, ["en", "es", "oc"])
    assert report.catalogs and all(c.startswith("locales/") for c in report.catalogs)
    templates = check_project(project_copy, ["fr"])
    assert templates.catalogs and all(c.endswith(".pot") for c in templates.catalogs)


def test_french_master_typography_in_a_template(tmp_path):
    template = write_po(tmp_path / "doc.pot", "fr", [dict(msgid="Pourquoi ?", msgstr="")])
    [finding] = check_files([template]).findings
    assert (finding.check, finding.severity, finding.msgid) == (
        "typography",
        "warning",
        "Pourquoi ?",
    )


def test_cli_exit_codes_and_json(tmp_path):
    runner = CliRunner()
    clean = write_po(tmp_path / "clean.po", "en", [dict(msgid="Bonjour.", msgstr="Hello.")])
    broken = write_po(tmp_path / "broken.po", "en", [dict(msgid="En 2021.", msgstr="In 2012.")])
    result = runner.invoke(main, ["check", str(clean)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["check", "--json", str(broken)])
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)
    assert set(finding) == {"path", "line", "msgid", "check", "severity", "message"}
    assert finding["check"] == "numbers" and finding["path"] == str(broken)
    result = runner.invoke(main, ["check", "-l", "xx", str(clean)])
    assert result.exit_code == 2 and "closest known tags: xh (Xhosa)" in result.output
    malformed = tmp_path / "malformed.po"
    malformed.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = runner.invoke(main, ["check", str(malformed)])
    assert result.exit_code == 2 and re.search(rf"{re.escape(str(malformed))}:\d+: ", result.output)


def test_cli_checks_the_project_catalogs(project_copy):
    write_po(project_copy.catalog("en", "fiche"), "en",
             [dict(msgid="**Gras**", msgstr="Bold")])  # fmt: skip
    result = CliRunner().invoke(main, ["check", "-l", "en"])
    assert result.exit_code == 1
    assert "locales/en/LC_MESSAGES/fiche.po:" in result.output
    assert "[markup]" in result.output


# Publish gate --------------------------------------------------------------------------------


def test_gate(project_copy):
    doc = "fiche"
    assert gate(project_copy, "fr", [doc]).publishable
    catalog = project_copy.catalog("es", doc)
    po = read_catalog(catalog)
    live = [entry for entry in po if not entry.obsolete and entry.msgid]
    for entry in live[: len(live) // 2]:
        entry.msgstr = ""
    write_catalog(po, catalog)
    verdict = gate(project_copy, "es", [doc])
    kept = len(live) - len(live) // 2  # one decimal, rounded down, as stats shows it
    assert not verdict.publishable and verdict.completeness == {doc: kept * 1000 // len(live) / 10}
    assert gate(project_copy, "es", [doc], threshold=50.0).publishable
    write_po(catalog, "es", [])  # header only: every entry of the template is missing
    verdict = gate(project_copy, "es", [doc])
    assert verdict.completeness == {doc: 0.0} and "0.0 % translated" in verdict.reasons[0]
    write_po(catalog, "es", [dict(msgid="En 2021.", msgstr="En 2012.")])
    verdict = gate(project_copy, "es", [doc], threshold=0.0)
    assert not verdict.publishable and "check error" in verdict.reasons[0]
    assert verdict.errors == 2  # the changed year, and the template's entries missing (stale)
    catalog.unlink()
    verdict = gate(project_copy, "es", [doc])
    assert not verdict.publishable and "no catalog" in verdict.reasons[0]


_MARKDOWNISH = st.sampled_from(
    [*"ab é1.-+=> *_`[]()<>&|#!:«»?\n\t\u00a0\u202f\\", "**", "  ", "1. ", "- ", "www.x.fr"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_MARKDOWNISH, max_size=12).map("".join),
    st.sampled_from(["", "paragraph", "heading 2", "table cell"]),
    st.booleans(),
)
def test_plain_and_bold_lines_read_as_the_parser_reads_them(text, kind, bold):
    """`analyse` skips markdown-it for plain lines and bold ones: same result as parsing."""
    text = f"**{text}**" if bold else text
    assert analyse.__wrapped__(text, kind) == parse(text, kind)
