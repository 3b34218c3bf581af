"""What notebooks compute per language: Babel formatting with the language table's overrides."""

from __future__ import annotations

import datetime as dt
import subprocess

import polib
import pytest

from localepress.editions.runtime import Edition
from localepress.languages import ordinal, plural_index


@pytest.fixture
def edition(project_copy):
    def make(lang, audience="press"):
        return Edition("communique", lang, audience, project=project_copy)

    return make


def test_occitan_numbers_and_currency_follow_the_convention_of_france(edition):
    oc = edition("oc")
    assert oc.number(1234567.89).replace("\u202f", " ") == "1 234 567,89"
    assert oc.currency(1000000).replace("\u202f", " ").replace("\u00a0", " ") == "1 000 000 €"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Mercredi 13 avril 2022"),
        ("en", "Wednesday 13 April 2022"),
        ("es", "Miércoles, 13 de abril de 2022"),
        ("oc", "Dimècres 13 d'abril de 2022"),
    ],
)
def test_full_dates_per_language(edition, lang, expected):
    assert edition(lang).date(dt.date(2022, 4, 13), "full") == expected


def test_phones_are_national_for_the_french_press_only(edition):
    assert edition("fr").phone("+33612345678") == "06 12 34 56 78"
    assert edition("fr", "international").phone("+33612345678") == "+33 6 12 34 56 78"
    assert edition("en").phone("+33612345678") == "+33 6 12 34 56 78"


def test_plural_rules_come_from_the_table_not_babel():
    assert [plural_index("oc", n) for n in (0, 1, 2)] == [0, 0, 1]
    assert [plural_index("en", n) for n in (0, 1, 2)] == [1, 0, 1]
    assert ordinal("fr", 1) == "1<sup>er</sup>" and ordinal("en", 22) == "22nd"
    assert ordinal("en", 10) == "10th" and ordinal("en", 13) == "13th"
    assert ordinal("es", 10, feminine=True) == "10.\u00aa" and ordinal("es", 5) == "5.\u00ba"
    assert ordinal("oc", 10, feminine=True) == "10<sup>ena</sup>"


def test_untranslated_message_falls_back_to_marked_french(edition, project_copy):
    po_path = project_copy.catalog("oc", "communique")
    po = polib.pofile(str(po_path))
    po.find("Repères").msgstr = ""
    po.save(str(po_path))
    subprocess.run(["msgfmt", "-o", str(po_path.with_suffix(".mo")), str(po_path)], check=True)
    oc = edition("oc")
    assert oc.gettext("Repères") == '<span lang="fr">Repères</span>'
    assert oc.pgettext("repère", "Concours Alès Audace") != "Concours Alès Audace"
    assert oc.ngettext("{n} mois", "{n} mois", 4).format(n=4) == "4 meses"
    assert edition("fr").gettext("Repères") == "Repères"
