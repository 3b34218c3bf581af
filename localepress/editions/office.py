"""The pandoc adapter: the HTML edition → Word (.docx), OpenDocument (.odt) and plain text (.txt).

pandoc (the binary of the pypandoc-binary wheel, never a system one) reads the edition's own
HTML, already sanitised by `export`: its `<main>` without the page's navigation. So hostile or
untranslated content follows the HTML's rules: nothing active survives, and a passage kept in
French keeps `lang="fr"`, which pandoc writes as `w:lang` (Word) or `fo:language` (ODF); the
document's language is pandoc's `lang` (language and territory). Headings are Word's and
LibreOffice's own Heading styles, links stay links. Figures (SVG in the HTML) are rasterised by
CairoSVG into PNG files pandoc embeds at the text's width with their alt text (Word's `descr`;
pandoc's ODT writer drops it, so `svg:title`/`svg:desc` are added here). The brand's styles and
the logo in the header come from the reference documents of `reference`.

Same inputs, same bytes: pandoc reads SOURCE_DATE_EPOCH (the build date) for its dates, and
the archive is rewritten with its entries in name order (`mimetype` first and stored, as ODF
requires) under one timestamp, the title and author set in its properties.

Plain text is for an email body: pandoc's `plain` writer without wrapping (one line per
paragraph), ordinals as Unicode superscripts (`plainmarkdown.superscript`), each link's
address written after its text unless the text is the address, figures as their caption.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import unquote

import lxml.html
from lxml import etree

from localepress.editions import reference
from localepress.editions.plainmarkdown import superscript
from localepress.errors import ConversionError

OFFICE_FORMATS = ("docx", "odt", "txt")
AUTHOR = "Alès Agglomération"
_CHROME = "//nav | //*[@aria-hidden='true'] | //*[contains(@class, 'edition-language')]"


def convert(html: str, fmt: str, *, lang_tag: str, title: str, stamp: dt.datetime,
            brand_dir: Path) -> bytes:  # fmt: skip
    """The edition `html` as `fmt` (docx, odt or txt): the file's bytes."""
    with tempfile.TemporaryDirectory(prefix="localepress-office-") as folder:
        work = Path(folder)
        main, alts = _document(html, work, plain=fmt == "txt")
        source = _page(main, lang_tag)
        if fmt == "txt":
            text = _pandoc(source, ["-t", "plain", "--wrap=none"], work, stamp).decode("utf-8")
            return (re.sub(r"\n{3,}", "\n\n", text).strip() + "\n").encode("utf-8")
        if fmt == "docx":
            ref = reference.reference_docx(brand_dir, work / "reference.docx", lang_tag)
        else:
            ref = reference.reference_odt(brand_dir, work / "reference.odt")
        out = work / f"edition.{fmt}"
        _pandoc(source, ["-t", fmt, "-o", str(out), f"--reference-doc={ref}",
                         f"--metadata=lang:{lang_tag}"], work, stamp)  # fmt: skip
        return _finish(out.read_bytes(), fmt, title, lang_tag, alts, stamp)


def _document(html: str, work: Path, plain: bool):
    """The edition's <main> without navigation, its images as PNG files in `work`; the
    images' alt texts in document order."""
    tree = lxml.html.document_fromstring(html)
    main = tree.find(".//main")
    if main is None:
        raise ConversionError("the HTML edition has no <main> to convert")
    for element in main.xpath(_CHROME.replace("//", ".//")):
        element.drop_tree()
    alts = []
    for index, image in enumerate(main.iter("img")):
        alts.append(image.get("alt", ""))
        if plain:
            image.drop_tree()
            continue
        name = f"figure-{index + 1}.png"
        (work / name).write_bytes(_png(image.get("src", "")))
        image.set("src", name)
        image.set("width", "100%")
        for attribute in ("height", "style"):
            image.attrib.pop(attribute, None)
    if plain:
        _plain_text_rules(main)
    return main, alts


def _png(src: str) -> bytes:
    """The image of a data URI as PNG (SVG rasterised at twice its size)."""
    match = re.match(r"data:([\w/+.-]+)(;base64)?,(.*)", src, re.DOTALL)
    if not match:
        raise ConversionError(f"an image of the edition is not embedded: {src[:60]!r}")
    mime, encoded, payload = match.groups()
    data = base64.b64decode(payload) if encoded else unquote(payload).encode("utf-8")
    if mime == "image/svg+xml":
        import cairosvg

        return cairosvg.svg2png(bytestring=data, scale=2)
    if mime == "image/png":
        return data
    from PIL import Image

    buffer = io.BytesIO()
    Image.open(io.BytesIO(data)).save(buffer, "PNG")
    return buffer.getvalue()


def _plain_text_rules(main) -> None:
    """What plain text cannot show, said in words: superscripts, link addresses."""
    for sup in list(main.iter("sup")):
        sup.text = superscript(sup.text_content())
        for child in list(sup):
            sup.remove(child)
        sup.drop_tag()
    for link in main.iter("a"):
        href = link.get("href", "")
        text = link.text_content().strip()
        address = re.sub(r"^(mailto|tel):", "", href)
        if not href or href.startswith("#") or href.startswith("tel:"):
            continue
        if address not in (text, text.replace(" ", "")):
            link.tail = f" ({address})" + (link.tail or "")


def _page(main, lang_tag: str) -> bytes:
    body = "".join(lxml.html.tostring(child, encoding="unicode") for child in main)
    text = main.text or ""
    return (f'<!DOCTYPE html><html lang="{lang_tag}"><head><meta charset="utf-8"></head>'
            f"<body>{text}{body}</body></html>").encode()  # fmt: skip


def _pandoc(source: bytes, args: list[str], work: Path, stamp: dt.datetime) -> bytes:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(stamp.timestamp()))}
    try:
        run = subprocess.run(
            [reference.pandoc_path(), "-f", "html", "--resource-path", str(work), *args],
            input=source, capture_output=True, env=env, cwd=work, timeout=300,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConversionError(f"pandoc could not run: {exc}") from None
    if run.returncode != 0:
        message = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionError(f"pandoc failed: {message[-1] if message else run.returncode}")
    return run.stdout


_NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}


def _finish(data: bytes, fmt: str, title: str, lang_tag: str, alts, stamp) -> bytes:
    """pandoc's archive with its properties set and its entries in a fixed order and time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    files = {name: source.read(name) for name in source.namelist()}
    if fmt == "docx":
        files["docProps/core.xml"] = _properties(files["docProps/core.xml"], title, lang_tag)
    else:
        files["meta.xml"] = _properties(files["meta.xml"], title, lang_tag)
        files["content.xml"] = _odt_alt_texts(files["content.xml"], alts)
    when = max(stamp, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    names = sorted(files, key=lambda name: (name != "mimetype", name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()


def _properties(data: bytes, title: str, lang_tag: str) -> bytes:
    """Title, author and language in docProps/core.xml (Word) or meta.xml (ODF)."""
    root = etree.fromstring(data)
    holder = root.find("office:meta", _NS) if root.find("office:meta", _NS) is not None else root
    values = {"dc:title": title, "dc:creator": AUTHOR, "dc:language": lang_tag}
    if holder is not root:
        values["meta:initial-creator"] = AUTHOR
    for name, value in values.items():
        element = holder.find(name, _NS)
        if element is None:
            prefix, local = name.split(":")
            element = etree.SubElement(holder, f"{{{_NS[prefix]}}}{local}")
        element.text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _odt_alt_texts(data: bytes, alts: list[str]) -> bytes:
    """Each figure's alt text as its frame's svg:title and svg:desc (in document order)."""
    root = etree.fromstring(data)
    frames = root.findall(".//office:body//draw:frame", _NS)
    for frame, alt in zip(frames, alts, strict=False):
        for name in ("title", "desc"):
            etree.SubElement(frame, f"{{{_NS['svg']}}}{name}").text = alt
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
