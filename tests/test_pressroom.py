"""The pack as partners open it: the language chooser, a press room per language, contact
cards, the logo pack, a manifest valid against its own schema, links that resolve offline,
and languages that never hold each other back (`gated: keep-previous | omit | fail`).

The published fixture pack is read as it is (session fixture); the keep-previous story is one
more run on a copy of it with a French paragraph added to the master; the omitted language and
the vCard's escaping are checked on small hand-made packs (no kernel).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import subprocess
import zipfile

import jsonschema
import pytest
from click.testing import CliRunner
from PIL import Image

from localepress.cli import main
from localepress.pack.assets import LOGO_WIDTHS, Contact, vcard
from localepress.pack.bundle import PackedEdition, PackExtras, build_pack, stage
from localepress.pack.manifest import CURRENT, OUTDATED, SCHEMA
from localepress.project import Project

from .conftest import PROJECT, copy_project

PACK = "press-kit"
LANGS = ("fr", "en", "es", "oc")
NAMES = {"fr": "Français", "en": "English", "es": "Español", "oc": "Occitan"}
LOCAL = re.compile(r'(?:href|src)="(?![a-z]+:|#)([^"#]+)')


def _pack(published_pack):
    project, _ = published_pack
    return project.output / PACK


@pytest.mark.slow
def test_each_language_has_its_press_room(published_pack):
    pack = _pack(published_pack)
    chooser = (pack / "index.html").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f'href="{lang}/index.html" hreflang="{lang}"' in chooser
        assert f'<span class="name">{NAMES[lang]}</span>' in chooser
        room = (pack / lang / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}" dir="ltr">' in room
        for name, card in (("Camille Martin", "camille-martin"), ("Lucas Bernard", "lucas")):
            assert name in room and f'href="../contacts/{card}' in room
        assert room.index("communique.pdf") < room.index("fiche.pdf")  # the press kit first
        assert re.search(r"fiche\.pdf\" type=\"application/pdf\">.*?\d+\s[kM]", room)
        assert "../brand/logo-reversed-2000.png" in room and "../../press-kit.zip" in room
        assert 'class="room-when"' in room and 'class="room-about"' in room
    assert "Press room" in (pack / "en" / "index.html").read_text(encoding="utf-8")
    revision = json.loads((pack / "manifest.json").read_bytes())["source_revision"]
    for page in [pack / "index.html", *pack.glob("*/index.html")]:
        assert revision not in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_link_in_the_pack_resolves_offline(published_pack):
    pack = _pack(published_pack)
    checked = 0
    for page in pack.rglob("*.html"):
        for href in LOCAL.findall(page.read_text(encoding="utf-8")):
            target = (page.parent / href).resolve()
            if target.suffix == ".zip":  # "download everything": the zip beside the folder
                assert target == (pack.parent / f"{PACK}.zip").resolve(), (page, href)
            else:
                assert target.is_relative_to(pack.resolve()), (page, href)
            assert target.is_file(), (page, href)
            checked += 1
    assert checked > 100


@pytest.mark.slow
def test_the_manifest_validates_against_its_published_schema(published_pack):
    pack = _pack(published_pack)
    manifest = json.loads((pack / "manifest.json").read_bytes())
    schema = json.loads((pack / "manifest.schema.json").read_bytes())
    assert schema == json.loads(json.dumps(SCHEMA))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        manifest
    )
    entries = {entry["path"]: entry for entry in manifest["files"]}
    for lang in LANGS:
        pdf = entries[f"{lang}/communique.pdf"]
        assert pdf["pages"] >= 1 and pdf["mime_type"] == "application/pdf"
        assert pdf["language_name"] == NAMES[lang] and pdf["title"] and pdf["status"] == "current"
        for fmt in ("html", "pdf", "md", "docx", "odt", "txt"):
            assert f"{lang}/fiche.{fmt}" in entries
    assert "completeness" not in json.dumps(manifest)  # QA figures live in quality.json
    quality = json.loads((pack / "quality.json").read_bytes())["editions"]
    assert quality["en/fiche.html"]["completeness"] == 100.0
    with zipfile.ZipFile(pack.parent / f"{PACK}.zip") as archive:
        assert f"{PACK}/manifest.schema.json" in archive.namelist()
        assert f"{PACK}/en/index.html" in archive.namelist()


@pytest.mark.slow
def test_contact_cards_and_logo_pack(published_pack):
    pack = _pack(published_pack)
    card = (pack / "contacts" / "camille-martin.vcf").read_bytes()
    assert card.startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n") and card.endswith(b"END:VCARD\r\n")
    assert b"EMAIL;TYPE=work:camille.martin@example.org\r\n" in card
    assert b'TEL;VALUE=uri;TYPE="work,voice":tel:+33612345678\r\n' in card
    assert b"ORG:" in card  # the press office as the French master writes it
    for variant in ("logo", "logo-one-colour", "logo-reversed"):
        assert (pack / "brand" / f"{variant}.svg").is_file()
        for width in LOGO_WIDTHS:
            with Image.open(pack / "brand" / f"{variant}-{width}.png") as image:
                assert image.width == width


def test_a_vcard_escapes_what_vcard_reserves():
    card = vcard(Contact("Ana Gil", "ana@example.org", "+34600000000"), "Prensa; Alès, Agglo")
    assert "ORG:Prensa\\; Alès\\, Agglo\r\n".encode() in card and b"N:Gil;Ana;;;\r\n" in card


def _hand_made_pack(tmp_path, editions_html: dict, extras: PackExtras):
    output = tmp_path / "output"
    staging = stage(output, "kit")
    editions = []
    for (lang, status), body in editions_html.items():
        (staging / lang).mkdir()
        (staging / lang / "fiche.html").write_text(body, encoding="utf-8")
        files = {"html": f"{lang}/fiche.html"}
        based_on = "2022-04-01" if status else ""
        editions.append(PackedEdition("fiche", lang, f"Fiche {lang}", files, 100.0, 0, 0,
                                      status or CURRENT, based_on))  # fmt: skip
    stamp = dt.datetime(2022, 4, 13, tzinfo=dt.UTC)
    return build_pack(output, "kit", staging, "Kit", editions, PROJECT / "source" / "brand",
                      "abc123", stamp, (), extras)  # fmt: skip


SVG = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='40' height='20'%3E"
    "%3Crect width='40' height='20' fill='%230B3C5D'/%3E%3C/svg%3E"
)
EDITION = """<!DOCTYPE html><html lang="{lang}"><body><main>
<div class="cell hero"><h1>Dossier <script>alert(1)</script>{lang}</h1>
<p onclick="x()"><strong>Sous-titre</strong> <a href="javascript:y()">lien</a></p></div>
<div class="cell"><h2>Section</h2><p>Pas ceci.</p></div>
<div class="cell figure"><figure class="chart"><img src="{svg}" alt="Un rectangle bleu">
<figcaption><p>Le rectangle</p></figcaption></figure></div>
<div class="cell press-room"><h2>Objet</h2>
<p>À propos <span lang="fr">Le Sud Ingénieux</span>.</p></div>
</main></body></html>"""


def test_outdated_and_omitted_languages_say_so(tmp_path):
    extras = PackExtras(documents=["fiche"], omitted=["oc"])
    pack, archive = _hand_made_pack(
        tmp_path,
        {
            (lang, status): EDITION.format(lang=lang, svg=SVG)
            for lang, status in (("fr", ""), ("en", OUTDATED))
        },
        extras,
    )
    chooser = (pack / "index.html").read_text(encoding="utf-8")
    assert '<li lang="oc" dir="ltr">' in chooser and "la traduction est en cours" in chooser
    assert 'href="oc/' not in chooser and not (pack / "oc").exists()
    room = (pack / "en" / "index.html").read_text(encoding="utf-8")
    assert "1 avril 2022" in room or "1 April 2022" in room  # based on the French text of …
    assert 'class="room-notice"' in room
    assert "<script>" not in room and "onclick" not in room and "javascript:" not in room
    assert '<span lang="fr">Le Sud Ingénieux</span>' in room and "Pas ceci" not in room
    manifest = json.loads((pack / "manifest.json").read_bytes())
    statuses = {e["path"]: e["status"] for e in manifest["files"]}
    for suffix in ("png", "svg"):  # the figure, as files beside its edition
        assert statuses[f"en/fiche.figure-1.{suffix}"] == "outdated"
    with Image.open(pack / "en" / "fiche.figure-1.png") as image:
        assert image.size == (80, 40)
    assert 'alt="Un rectangle bleu"' in room and "Le rectangle" in room
    assert statuses["en/fiche.html"] == "outdated" and statuses["fr/fiche.html"] == "current"
    size = archive.stat().st_size
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.read("kit/en/index.html") == (pack / "en" / "index.html").read_bytes()
    shown = re.search(r'class="meta">([^<]+)</span></a></p>', room).group(1)
    assert shown.replace("\u00a0", " ") in (f"{round(size / 1000)} kB", f"{size / 1e6:.1f} MB")


def _add_french_paragraph(root) -> str:
    path = root / "notebooks" / "fiche.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    text = "Une phrase nouvelle du texte maître."
    nb["cells"][-1]["source"] = "".join(nb["cells"][-1]["source"]) + f"\n\n{text}\n"
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return text


@pytest.mark.slow
def test_a_new_french_paragraph_ships_while_translations_stay_at_their_last_edition(
    published_pack, tmp_path, monkeypatch
):
    source, _ = published_pack
    root = copy_project(tmp_path / "project")
    subprocess.run(["cp", "-a", str(source.output), str(root)], check=True)
    before = json.loads((root / "output" / PACK / "manifest.json").read_bytes())
    text = _add_french_paragraph(root)
    monkeypatch.setenv("LOCALEPRESS_ROOT", str(root))
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["run", "workflows/press-kit.yml", "--jobs", "2"])
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert "notebooks/fiche.ipynb" in flat and "new in the master" in flat, flat
    assert "localepress review -l en" in flat and "en kept at its last good edition" in flat
    pack = Project(root).output / PACK
    assert text in (pack / "fr" / "fiche.html").read_text(encoding="utf-8")
    assert text in (pack / "fr" / "fiche.txt").read_text(encoding="utf-8")
    manifest = json.loads((pack / "manifest.json").read_bytes())
    old = {e["path"]: e["sha256"] for e in before["files"]}
    for entry in manifest["files"]:
        if entry["language"] in ("en", "es", "oc") and entry["document"] == "fiche":
            assert entry["status"] == "outdated" and entry["based_on"] == "2022-04-13", entry
            assert entry["sha256"] == old[entry["path"]]  # the last good edition, unchanged
    room = html.unescape((pack / "oc" / "index.html").read_text(encoding="utf-8"))
    assert 'class="room-notice"' in room and "13 d'abril de 2022" in room
    with zipfile.ZipFile(io.BytesIO((root / "output" / f"{PACK}.zip").read_bytes())) as zipped:
        assert f"{PACK}/en/fiche.docx" in zipped.namelist()
