"""Export: sanitised HTML whatever the cells or translations say, standalone pages, Markdown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from localepress.editions.export import (
    Alternate,
    Page,
    brand_assets,
    render_markdown,
    to_html,
    to_markdown,
)

from .conftest import PROJECT
from .golden import assert_golden
from .hostile import PAYLOADS, active_content

PIXEL = (  # a 1×1 PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_rendering_leaves_nothing_active(payload):
    html = render_markdown(f"Texte {payload} fin\n\n{payload}\n")
    assert active_content(html) == [], html


def test_safe_markup_survives_sanitising():
    html = render_markdown(
        '**gras** *it* 10<sup>e</sup> <span lang="fr">Le Sud</span> '
        "[mail](mailto:a@b.fr) [tel](tel:+33612830174) [web](https://alesagglo.fr)"
    )
    for kept in (
        "<strong>gras</strong>",
        "<em>it</em>",
        "<sup>e</sup>",
        '<span lang="fr">Le Sud</span>',
        'href="mailto:a@b.fr"',
        'href="tel:+33612830174"',
        'href="https://alesagglo.fr"',
    ):
        assert kept in html


def hostile_notebook() -> nbformat.NotebookNode:
    cells = [new_markdown_cell("# Titre\n\n" + "\n\n".join(PAYLOADS))]
    code = new_code_cell("print('x')")
    code.outputs = (
        [
            new_output("display_data", data={"text/html": payload, "text/plain": "x"})
            for payload in PAYLOADS
        ]
        + [new_output("display_data", data={"text/markdown": payload}) for payload in PAYLOADS]
        + [new_output("stream", name="stdout", text="<script>alert(1)</script>")]
    )
    cells.append(code)
    return new_notebook(cells=cells)


def test_a_hostile_notebook_publishes_inert_html():
    css, logo = brand_assets(PROJECT / "source" / "brand")
    page = Page(
        html_tag="en",
        title="Title <script>alert(1)</script>",
        description='"><script>alert(1)</script>',
        alternates=[Alternate("fr", "fr", "Français", '../fr/x.html" onclick="alert(1)')],
        css=css,
        logo=logo,
        translate=lambda text: "<img src=x onerror=alert(1)>",
    )
    html = to_html(hostile_notebook(), page)
    assert active_content(html, trusted_prefix=logo) == []
    assert '<html lang="en">' in html
    assert "print(" not in html  # no code, no prompts


def test_page_has_language_title_and_switcher():
    css, logo = brand_assets(PROJECT / "source" / "brand")
    nb = new_notebook(cells=[new_markdown_cell("# Titre\n\nTexte.")])
    page = Page(
        html_tag="oc",
        title="Títol",
        description="Tèxt.",
        alternates=[
            Alternate("fr", "fr", "Français", "../fr/d.html"),
            Alternate("oc", "oc", "Occitan", "../oc/d.html", current=True),
        ],
        css=css,
        logo=logo,
    )
    html = to_html(nb, page)
    assert '<html lang="oc">' in html
    assert "<title>Títol — Alès Agglomération, Le Sud Ingénieux</title>" in html
    assert '<link href="../fr/d.html" hreflang="fr" rel="alternate"/>' in html
    assert 'aria-current="page"' in html and 'lang="fr">Français</a>' in html


def test_markdown_edition_has_no_code_and_keeps_headings():
    code = new_code_cell("x = 1")
    code.outputs = [new_output("display_data", data={"text/markdown": "## Repères\n\n- a"})]
    nb = new_notebook(cells=[new_markdown_cell("# Titre\n\n![Logo de la marque](logo.png)"), code])
    assert to_markdown(nb) == "# Titre\n\n![Logo de la marque](logo.png)\n\n## Repères\n\n- a\n"


def test_template_is_installed_for_plain_nbconvert(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# Titre\n\n<script>alert(1)</script>Texte.")])
    nb.metadata["localepress"] = {"lang": "oc", "title": "Títol"}
    source = tmp_path / "doc.ipynb"
    nbformat.write(nb, str(source))
    nbconvert = Path(sys.executable).with_name("jupyter-nbconvert")
    subprocess.run(
        [str(nbconvert), "--to", "html", "--template", "localepress", str(source)],
        check=True,
        capture_output=True,
    )
    html = (tmp_path / "doc.html").read_text(encoding="utf-8")
    assert '<html lang="oc">' in html and "<title>Títol — Alès Agglomération" in html
    assert active_content(html) == []


def test_markdown_edition_matches_golden():
    """The Markdown export: prose as written, computed Markdown, images with their alt text
    inline, HTML outputs sanitised into one block, no code or prompts."""
    code = new_code_cell("ed.show(...)")
    code.outputs = [
        new_output("display_data", data={"text/markdown": "## Repères\n\n- **Lancement**  \n"
                                                          "  13 avril 2022"}),
        new_output("display_data", data={"image/png": PIXEL, "text/plain": "<Figure>"},
                   metadata={"alt": "Carte [Alès] et Cévennes"}),
        new_output("display_data", data={"text/html": '<table onclick="x()"><tr><td>1</td></tr>'
                                                      "\n\n<script>alert(1)</script></table>"}),
    ]  # fmt: skip
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Dossier de presse\n\n**Nous sommes le Sud Ingénieux.**"),
            code,
            new_markdown_cell("- Le 2<sup>e</sup> bassin\n- Une [page](https://example.org)"),
        ]
    )
    assert_golden("export/edition.expect.md", to_markdown(nb))
