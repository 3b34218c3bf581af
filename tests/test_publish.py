"""Publishing editions end to end: real papermill kernels, nbconvert, WeasyPrint, pdftotext."""

from __future__ import annotations

import json
import re
import subprocess

import polib
import pytest
from click.testing import CliRunner

from localepress.catalogs.po import read_catalog
from localepress.cli import main
from localepress.editions.localize import plain_text

from .conftest import DOCS
from .hostile import active_content

pytestmark = pytest.mark.slow

TAGLINE = "Le Sud Ingénieux"


def add_cell(project, doc, source, after="parameters"):
    path = project.notebook(doc)
    nb = json.loads(path.read_text(encoding="utf-8"))
    index = next(i for i, c in enumerate(nb["cells"]) if c["id"] == after) + 1
    nb["cells"].insert(
        index,
        {"cell_type": "code", "execution_count": None, "id": "boom", "metadata": {},
         "outputs": [], "source": source},
    )  # fmt: skip
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def test_french_edition_from_the_cli(project_copy):
    result = CliRunner().invoke(
        main, ["publish", "-l", "fr", "--doc", "communique", "-f", "html,md"]
    )
    assert result.exit_code == 0, result.output
    html = (project_copy.output / "fr" / "communique.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert "<title>Dossier de presse — Alès Agglomération, Le Sud Ingénieux</title>" in html
    assert "lang = " not in html and "In&nbsp;[" not in html  # no code, no prompts
    assert (project_copy.output / "fr" / "communique.ipynb").exists()  # kept for analysts
    assert not (project_copy.output / "fr" / "communique.pdf").exists()
    md = (project_copy.output / "fr" / "communique.md").read_text(encoding="utf-8")
    assert "06 12 34 56 78" in md and "06 98 76 54 32" in md  # national numbers for the press


def test_unknown_language_lists_the_closest_known_ones(project_copy):
    result = CliRunner().invoke(main, ["publish", "-l", "xx"])
    assert result.exit_code == 2
    assert (
        "unknown language 'xx' (not a CLDR language tag); closest known tags: xh" in result.output
    )


def test_failing_cell_is_named_and_earlier_files_and_other_editions_survive(project_copy):
    args = ["publish", "-l", "fr,en", "--doc", "fiche", "-f", "html"]
    assert CliRunner().invoke(main, args).exit_code == 0
    english = project_copy.output / "en" / "fiche.html"
    before = english.read_bytes()
    add_cell(project_copy, "fiche", 'if lang == "en":\n    raise ValueError("boom")')
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert re.search(r"fiche \[en\]: cell \d+ \(id boom\) failed: ValueError: boom", result.output)
    assert english.read_bytes() == before  # the earlier edition is untouched
    assert (project_copy.output / "en" / "fiche.failed.ipynb").exists()
    assert "<script" not in (project_copy.output / "fr" / "fiche.html").read_text()


def test_hostile_translation_is_refused_by_the_gate(project_copy):
    path = project_copy.catalog("en", "fiche")
    po = polib.pofile(str(path))
    entry = po.find("Ici chacun peut construire son monde.")
    entry.msgstr = 'Here <script>alert("x")</script> everyone builds.'
    po.save(str(path))
    result = CliRunner().invoke(main, ["publish", "-l", "en", "--doc", "fiche", "-f", "html"])
    assert result.exit_code == 1
    assert "en" in result.output and "gated out" in result.output
    assert not (project_copy.output / "en" / "fiche.html").exists()


def test_hostile_master_text_is_published_inert(project_copy):
    add_cell(
        project_copy,
        "fiche",
        "from IPython.display import HTML, Markdown, display\n"
        "display(HTML('<img src=x onerror=alert(1)><script>alert(2)</script>'))\n"
        "display(Markdown('[x](javascript:alert(3)) <iframe src=https://example.org></iframe>'))",
    )
    result = CliRunner().invoke(main, ["publish", "-l", "fr", "--doc", "fiche", "-f", "html"])
    assert result.exit_code == 0, result.output
    html = (project_copy.output / "fr" / "fiche.html").read_text(encoding="utf-8")
    logo = re.search(r'src="(data:image/svg\+xml;base64,[^"]+)"', html).group(1)
    assert active_content(html, trusted_prefix=logo) == []


# The fixture's press-kit workflow, built once per session ------------------------------------


def test_every_language_format_and_document_is_published(published_pack):
    project, report = published_pack
    assert report.folder == project.output / "press-kit"  # the workflow's own folder
    for lang in ("fr", "en", "es", "oc"):
        for doc in DOCS:
            for suffix in ("html", "pdf", "md"):
                assert (report.folder / lang / f"{doc}.{suffix}").stat().st_size > 1000
            html = (report.folder / lang / f"{doc}.html").read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in html


@pytest.mark.parametrize("lang", ["fr", "en", "es", "oc"])
def test_pdf_text_holds_the_tagline(published_pack, lang):
    _, report = published_pack
    for doc in DOCS:
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(report.folder / lang / f"{doc}.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert TAGLINE in text


@pytest.mark.parametrize("lang", ["en", "es", "oc"])
def test_no_french_sentence_is_left_in_other_editions(published_pack, lang):
    project, report = published_pack
    names = {"Mission de Philippe Lentschener"}
    for doc in DOCS:
        edition = (report.folder / lang / f"{doc}.md").read_text(encoding="utf-8")
        edition = plain_text(edition.replace("\n", " "))
        for entry in read_catalog(project.template(doc)):
            text = plain_text(entry.msgid)
            if len(text.split()) >= 4 and text not in names:
                assert text not in edition, f"{lang}/{doc}: French left: {text}"


@pytest.mark.parametrize(
    ("lang", "facts"),
    [
        ("fr", ["Mercredi 13 avril 2022", "10ᵉ édition", "(4 mois)"]),
        ("en", ["Wednesday 13 April 2022", "10th edition", "(4 months)"]),
        ("es", ["Miércoles, 13 de abril de 2022", "10.ª edición", "(4 meses)"]),
        ("oc", ["Dimècres 13 d'abril de 2022", "10ᵉⁿᵃ edicion", "(4 meses)"]),
    ],
)
def test_each_edition_holds_the_facts_computed_in_its_language(published_pack, lang, facts):
    _, report = published_pack
    md = (report.folder / lang / "communique.md").read_text(encoding="utf-8")
    phone = "+33 6 12 34 56 78"  # international for every audience abroad (the workflow's)
    for fact in [*facts, "ATOME, Alès", "Camille Martin", "lucas.bernard@example.org", phone]:
        assert fact in md, (lang, fact)
