"""The language reviews' typography, as data the checks read (source/languages.yml): quotation
marks, apostrophes, English ordinals, foreign words in italics, and French terms marked
whatever the case of their first letter."""

from __future__ import annotations

import pytest

from localepress.quality.checks import check_pair
from localepress.quality.checks.typography import check_typography
from localepress.quality.termbase import mark_french


def found(source: str, translation: str, lang: str, kind: str = "paragraph") -> list:
    return [
        (i.check, i.severity, i.message) for i in check_pair(source, translation, lang, kind=kind)
    ]


@pytest.mark.parametrize(
    ("lang", "text", "named"),
    [
        ("fr", 'Il a dit "oui".', "«…», “…” inside, U+202F inside « »"),
        ("oc", 'Ditz "òc".', "U+202F inside « »"),
        ("es", 'Dijo "sí".', "«…», “…” inside"),
        ("en", 'He said "yes".', "‘…’, “…” inside"),
    ],
)
def test_straight_double_quotes_name_the_languages_marks(project_copy, lang, text, named):
    [issue] = check_typography(text, lang)
    assert issue.severity == "warning" and "straight double quotes" in issue.message
    assert named in issue.message


def test_straight_quotes_in_code_are_not_prose(project_copy):
    assert found('Tapez `"oui"`.', 'Type `"oui"`.', "en") == []


@pytest.mark.parametrize(
    ("lang", "good", "bad"),
    [
        ("fr", "l'entraide", "l’entraide"),
        ("oc", "d'abril", "d’abril"),
        ("en", "Alès’s history", "Alès's history"),
        ("es", "Agences de l’année", "Agences de l'année"),
    ],
)
def test_the_other_apostrophe_is_a_warning(project_copy, lang, good, bad):
    assert check_typography(good, lang) == []
    [issue] = check_typography(bad, lang)
    assert (
        issue.severity == "warning"
        and "apostrophe" in issue.message
        and "house style" in issue.message
    )


def test_a_language_without_house_style_gets_no_quote_or_apostrophe_finding(project_copy):
    assert check_typography('Ha detto "sì", l\'altro l’ha visto.', "it") == []


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        (
            "Le concours en est à sa 10<sup>e</sup> édition.",
            "The competition is in its 10th edition.",
        ),
        (
            "Des guerres des 17<sup>e</sup> et 18<sup>e</sup> siècles.",
            "The wars of the 17th and 18th centuries.",
        ),
        (
            "Le 2<sup>e</sup> bassin industriel d'Occitanie",
            "The second-largest industrial area in Occitanie",
        ),
        (
            "Au 5<sup>e</sup> axe du Projet de Territoire.",
            "In the fifth priority of the Territorial Project.",
        ),
        ("Le 1<sup>er</sup> déconfinement a eu lieu.", "The first lockdown was lifted."),
    ],
)
def test_english_ordinals_on_the_line_or_in_words_are_accepted(project_copy, source, translation):
    assert found(source, translation, "en") == []


def test_a_heading_enumerator_may_drop_its_ending(project_copy):
    source, translation = (
        "3<sup>e</sup> / Géographiquement, un carrefour",
        "3 / Geographically, a crossroads",
    )
    assert found(source, translation, "en", kind="heading 3") == []


def test_a_lost_ordinal_is_still_reported(project_copy):
    source = "Le concours en est à sa 10<sup>e</sup> édition, le 2<sup>e</sup> du pays."
    issues = found(source, "The competition is in its 10 edition, the largest.", "en")
    assert ("markup", "warning", "<sup> dropped (2 missing)") in issues
    assert ("numbers", "warning", "missing 2") in issues
    # English words are English: Spanish takes no "second" for a 2<sup>e</sup>
    spanish = found("Le 2<sup>e</sup> bassin", "La second cuenca", "es")
    assert ("markup", "warning", "<sup> dropped (1 missing)") in spanish


def test_italics_around_a_word_the_french_also_has_are_allowed(project_copy):
    source = "Le marketing territorial se définit ainsi."
    assert found(source, "El *marketing* territorial se define así.", "es") == []
    [(check, severity, message)] = found(source, "El *mercadeo* territorial se define así.", "es")
    assert check == "markup" and severity == "error" and "italic" in message


def test_french_terms_are_marked_whatever_the_case_of_their_first_letter():
    text = "We are le Sud Ingénieux. Le Sud Ingénieux! Not le sud ingénieux."
    marked = mark_french(text, ["Le Sud Ingénieux"])
    assert marked.count('<span lang="fr">') == 2
    assert '<span lang="fr">le Sud Ingénieux</span>.' in marked
    assert "Not le sud ingénieux." in marked
