"""Page strings off French pages: a string the interface catalog does not translate is shown
in French and marked lang="fr"; a translation that happens to equal the French ("8 p.") is
the language's own text and is not."""

from __future__ import annotations

import polib
from jinja2 import Environment

from localepress.editions.publish import FrenchText, interface_translator

MACRO = '{% if t(text).untranslated %} lang="fr"{% endif %}'  # as the page templates test it


def _compile(project, entries: dict[str, str]) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in entries.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save_as_mofile(str(project.catalog("en", "interface").with_suffix(".mo")))


def test_only_what_the_catalog_does_not_translate_is_marked_french(project_copy):
    _compile(project_copy, {"{pages} p.": "{pages} p.", "Les logos": "Logos"})
    t = interface_translator(project_copy, "en")
    marked = Environment().from_string(MACRO)
    assert t("Les logos") == "Logos" and marked.render(t=t, text="Les logos") == ""
    assert t("{pages} p.") == "{pages} p." and not isinstance(t("{pages} p."), FrenchText)
    assert marked.render(t=t, text="{pages} p.") == ""
    assert isinstance(t("Espace presse"), FrenchText)  # not in the catalog
    assert marked.render(t=t, text="Espace presse") == ' lang="fr"'


def test_french_pages_have_no_interface_translator(project_copy):
    assert interface_translator(project_copy, "fr") is None
