"""Localization: catalog lookup through the extraction walk, French fallback marked lang="fr"."""

from __future__ import annotations

import polib
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook

from localepress.catalogs.po import read_catalog
from localepress.editions.localize import localize, plain_text, translations
from localepress.errors import UnknownLanguageError
from localepress.project import read_notebook

from .conftest import FIXTURES
from .golden import GOLDEN, assert_golden

MINI = FIXTURES / "notebooks" / "mini.ipynb"


def catalog(pairs: dict[str, str], fuzzy: tuple[str, ...] = ()) -> polib.POFile:
    po = polib.POFile()
    for msgid, msgstr in pairs.items():
        po.append(
            polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if msgid in fuzzy else [])
        )
    return po


def test_french_edition_is_the_master_untouched():
    nb = read_notebook(MINI)
    result = localize(nb, "fr", None)
    assert [c.source for c in result.notebook.cells] == [c.source for c in nb.cells]
    assert result.title == "Titre du document"
    assert result.description == "Près de 50 % des communes ont voté."


def test_translated_segments_replace_french_and_missing_ones_are_marked():
    nb = read_notebook(MINI)
    po = catalog(
        {
            "Titre du document": "Document title",
            "Près de 50 % des communes ont voté.": "Nearly 50% of the towns voted.",
            "Une citation": "A quotation",
        },
        fuzzy=("Une citation",),
    )
    result = localize(nb, "en", po)
    intro = result.notebook.cells[1].source
    assert intro.startswith("# Document title\n\nNearly 50% of the towns voted.")
    assert '- <span lang="fr">Un élément avec le 10<sup>e</sup> rang</span>' in intro
    assert '> <span lang="fr">Une citation</span>' in result.notebook.cells[3].source
    assert result.translated == 2
    assert "Une citation" in result.fallbacks  # fuzzy is not a usable translation
    assert result.notebook.metadata["localepress"] == {"lang": "en", "title": "Document title"}
    assert read_notebook(MINI).cells[1].source == nb.cells[1].source  # master not modified


def test_code_cells_are_left_for_the_runtime():
    nb = read_notebook(MINI)
    result = localize(nb, "es", catalog({"Lancé le {date}": "Lanzado el {date}"}))
    assert result.notebook.cells[2].source == nb.cells[2].source


def test_terms_kept_in_french_are_marked():
    nb = read_notebook(MINI)
    po = catalog({"Titre du document": "We are Le Sud Ingénieux"})
    result = localize(nb, "en", po, french_terms=["Le Sud Ingénieux"])
    assert result.notebook.cells[1].source.startswith(
        '# We are <span lang="fr">Le Sud Ingénieux</span>'
    )
    assert result.title == "We are Le Sud Ingénieux"


def test_only_usable_entries_count_as_translations():
    po = catalog({"a": "A", "b": "", "c": "C"}, fuzzy=("c",))
    po.append(polib.POEntry(msgid="d", msgstr="D", obsolete=True))
    po.append(polib.POEntry(msgid="e", msgstr="E", msgctxt="ctx"))
    assert translations(po) == {"a": "A"}


def test_unknown_language_lists_the_closest_known_ones():
    with pytest.raises(UnknownLanguageError, match=r"closest known tags: xh \(Xhosa\)"):
        localize(read_notebook(MINI), "xx", None)


def test_plain_text_drops_markup_but_keeps_words():
    assert plain_text("**Gras** et <sup>e</sup> [lien](http://x) `code`\\\nsuite") == (
        "Gras et e lien code suite"
    )


def test_localized_markdown_matches_golden():
    """Markdown + catalog → Markdown: translations spliced in place (a longer one keeps its
    block's prefixes), French fallbacks and French terms marked, everything else untouched."""
    source = (GOLDEN / "localize" / "press.md").read_text(encoding="utf-8")
    catalog = read_catalog(GOLDEN / "localize" / "press.en.po")
    nb = new_notebook(cells=[new_markdown_cell(source)])
    result = localize(nb, "en", catalog, french_terms=["Le Sud Ingénieux", "ATOME"])
    assert_golden("localize/press.en.expect.md", result.notebook.cells[0].source)
    assert result.fallbacks == [
        "Une phrase que personne n'a traduite",
        "ATOME, Alès",
        "Une entrée floue reste en français.",
    ]
    assert (result.title, result.translated) == ("Press kit", 9)
