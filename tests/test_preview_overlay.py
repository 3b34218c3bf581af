"""Preview overlays: every segment marked with its entry, the published markup otherwise
unchanged, and catalog text carried as escaped attributes only (no kernel, no browser)."""

from __future__ import annotations

import re

import polib
import pytest

from localepress.editions import export
from localepress.editions.localize import localize
from localepress.project import read_notebook
from localepress.translators.preview_overlay import annotated_markdown, segment_infos

from .conftest import DOCS, PROJECT

ATTRIBUTES = re.compile(r' data-lp-[a-z]+="[^"]*"')


def where(entry, msgid: str) -> str:
    return f"line:{entry.linenum}" if entry is not None else ""


def markdown_cells(doc: str, lang: str, po):
    master = read_notebook(PROJECT / "notebooks" / f"{doc}.ipynb")
    localized = localize(master, lang, po).notebook
    infos = segment_infos(master, lang, po, where)
    for cell in localized.cells:
        if cell.cell_type == "markdown":
            yield cell.source, [info for info in infos if info.cell == cell.get("id")]


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_marks_removed_give_the_published_markup_back(doc, lang):
    po = None
    if lang != "fr":
        po = polib.pofile(str(PROJECT / f"locales/{lang}/LC_MESSAGES/{doc}.po"))
    marked = total = 0
    for source, infos in markdown_cells(doc, lang, po):
        annotated = annotated_markdown(source, infos)
        assert ATTRIBUTES.sub("", annotated) == export.render_markdown(source)
        marked += annotated.count("data-lp-seg=")
        total += len(infos)
    assert total and marked == total  # every segment found in its block


def test_catalog_text_stays_text():
    """A hostile translation is shown by the page as text, and only inside attributes."""
    po = polib.pofile(str(PROJECT / "locales/en/LC_MESSAGES/fiche.po"))
    entry = po.find("Nos 3 piliers")
    entry.msgstr = 'Pillars"><script>alert(1)</script><img src=x onerror=alert(2)>'
    (source, infos), *_ = [(s, i) for s, i in markdown_cells("fiche", "en", po) if "Pillars" in s]
    annotated = annotated_markdown(source, infos)
    markup = ATTRIBUTES.sub("", annotated)
    assert markup == export.render_markdown(source)  # sanitised as a published edition is
    assert "<script" not in markup and "onerror" not in markup
    assert 'data-lp-msgstr="Pillars&quot;&gt;&lt;script&gt;' in annotated
    assert f'data-lp-where="line:{entry.linenum}"' in annotated
