"""The reference documents pandoc takes its styles from: the brand in Word and OpenDocument.

Generated from code at each conversion (never committed), from pandoc's own default reference
files (`pandoc --print-default-data-file`), so every style pandoc writes exists: the text and
headings in Inter, quotes in Vollkorn, the brand's navy for headings and links, terracotta for
the third level, and the logo of source/brand/ in the page header (with its text alternative),
rasterised by CairoSVG. Word's styles are set with python-docx; OpenDocument's `styles.xml`
with lxml (python-docx has no ODF twin, and odfdo would rewrite the whole file). The outputs
are inputs of pandoc only: the editions' bytes are fixed by `office`, which rewrites the zips.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from localepress.errors import ToolMissingError

NAVY, TERRACOTTA, INK = "0B3C5D", "8F3319", "1F2933"
TEXT_FONT, QUOTE_FONT = "Inter", "Vollkorn"
LOGO_ALT = "Alès Agglomération, Le Sud Ingénieux"
LOGO_WIDTH_CM = 5.0
HEADINGS = {1: (20, NAVY), 2: (15, NAVY), 3: (12, TERRACOTTA)}  # level → (pt, colour)


def pandoc_path() -> str:
    """The pandoc binary of the pypandoc-binary wheel (never a system pandoc)."""
    try:
        import pypandoc
    except ImportError:
        raise ToolMissingError(
            "pypandoc-binary is not installed: pip install -e . (it ships pandoc)"
        ) from None
    path = Path(pypandoc.__file__).parent / "files" / "pandoc"
    if not path.is_file():
        raise ToolMissingError(
            "pandoc is missing from the pypandoc package: install pypandoc-binary, not pypandoc"
        )
    return str(path)


def default_reference(kind: str) -> bytes:
    """pandoc's own reference.docx or reference.odt."""
    return subprocess.run(
        [pandoc_path(), "--print-default-data-file", f"reference.{kind}"],
        capture_output=True,
        check=True,
    ).stdout


def logo_png(brand_dir: Path, width_px: int = 600) -> bytes | None:
    """The brand's logo (colour, for white paper) as PNG, or None when there is none."""
    import cairosvg

    logo = brand_dir / "logo.svg"
    if not logo.exists():
        return None
    return cairosvg.svg2png(bytestring=logo.read_bytes(), output_width=width_px)


def reference_docx(brand_dir: Path, target: Path, lang_tag: str) -> Path:
    """Write the brand's reference .docx at `target`."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document(io.BytesIO(default_reference("docx")))
    styles = document.styles

    def font(style_name: str, family: str, size=None, colour=None, bold=None):
        style = styles[style_name]
        style.font.name = family
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), family)
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attribute), None)
        if size:
            style.font.size = Pt(size)
        if colour:
            style.font.color.rgb = RGBColor.from_string(colour)
        if bold is not None:
            style.font.bold = bold

    font("Normal", TEXT_FONT, 10.5, INK)
    for level, (size, colour) in HEADINGS.items():
        font(f"Heading {level}", TEXT_FONT, size, colour, True)
    font("Title", TEXT_FONT, 26, NAVY, True)
    font("Block Text", QUOTE_FONT, 12, NAVY)
    font("Image Caption", TEXT_FONT, 9, INK)
    styles["Hyperlink"].font.color.rgb = RGBColor.from_string(NAVY)
    styles["Hyperlink"].font.underline = True
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, as the PDF
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    png = logo_png(brand_dir)
    if png:
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(LOGO_WIDTH_CM))
        for doc_pr in section.header._element.iter(qn("wp:docPr")):
            doc_pr.set("descr", LOGO_ALT)
        for run in paragraph.runs:
            run._element.get_or_add_rPr().append(_word_lang("fr"))
    document.core_properties.language = lang_tag
    document.save(target)
    return target


def _word_lang(tag: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:lang")
    element.set(qn("w:val"), tag)
    return element


_ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
LOGO_PICTURE = "Pictures/brand-logo.png"


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_ODF[prefix]}}}{local}"


def reference_odt(brand_dir: Path, target: Path) -> Path:
    """Write the brand's reference .odt at `target` (mimetype first, stored)."""
    source = zipfile.ZipFile(io.BytesIO(default_reference("odt")))
    files = {name: source.read(name) for name in source.namelist()}
    png = logo_png(brand_dir)
    files["styles.xml"] = _odt_styles(files["styles.xml"], png)
    if png:
        files[LOGO_PICTURE] = png
        files["META-INF/manifest.xml"] = _odt_manifest(files["META-INF/manifest.xml"])
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", files.pop("mimetype"), zipfile.ZIP_STORED)
        for name, data in files.items():
            archive.writestr(name, data)
    return target


def _odt_styles(data: bytes, png: bytes | None) -> bytes:
    root = etree.fromstring(data)
    decls = root.find(_q("office:font-face-decls"))
    for family, generic in ((TEXT_FONT, "swiss"), (QUOTE_FONT, "roman")):
        face = etree.SubElement(decls, _q("style:font-face"))
        face.set(_q("style:name"), family)
        face.set(_q("svg:font-family"), family)
        face.set(_q("style:font-family-generic"), generic)
    for default in root.iter(_q("style:default-style")):
        if default.get(_q("style:family")) == "paragraph":
            props = default.find(_q("style:text-properties"))
            props.set(_q("style:font-name"), TEXT_FONT)
            props.set(_q("fo:font-size"), "10.5pt")
            props.set(_q("fo:color"), f"#{INK.lower()}")
    named = {s.get(_q("style:name")): s for s in root.iter(_q("style:style"))}
    for name in ("Standard", "Text_20_body", "First_20_paragraph"):
        if name in named:
            _text_props(named[name], font=TEXT_FONT)
    for level, (size, colour) in HEADINGS.items():
        name = f"Heading_20_{level}"
        if name in named:
            _text_props(named[name], font=TEXT_FONT, size=f"{size}pt", colour=colour, bold=True)
    if "Title" in named:
        _text_props(named["Title"], font=TEXT_FONT, size="26pt", colour=NAVY, bold=True)
    if "Quotations" in named:
        _text_props(named["Quotations"], font=QUOTE_FONT, colour=NAVY)
    if png:
        _odt_header(root, png)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _text_props(style, font=None, size=None, colour=None, bold=False) -> None:
    props = style.find(_q("style:text-properties"))
    if props is None:
        props = etree.SubElement(style, _q("style:text-properties"))
    if font:
        props.set(_q("style:font-name"), font)
    if size:
        props.set(_q("fo:font-size"), size)
    if colour:
        props.set(_q("fo:color"), f"#{colour.lower()}")
    if bold:  # pandoc's ODT headings are italic: the brand's are upright
        props.set(_q("fo:font-weight"), "bold")
        props.set(_q("fo:font-style"), "normal")


def _odt_header(root, png: bytes) -> None:
    """The logo in the header of every page of the default master page."""
    from PIL import Image  # the logo's proportions give the frame's height

    width, height = Image.open(io.BytesIO(png)).size
    masters = root.find(_q("office:master-styles"))
    page = next(m for m in masters if m.tag == _q("style:master-page"))
    header = etree.SubElement(page, _q("style:header"))
    paragraph = etree.SubElement(header, _q("text:p"))
    paragraph.set(_q("text:style-name"), "Header")
    frame = etree.SubElement(paragraph, _q("draw:frame"))
    frame.set(_q("draw:name"), "brand-logo")
    frame.set(_q("text:anchor-type"), "as-char")
    frame.set(_q("svg:width"), f"{LOGO_WIDTH_CM}cm")
    frame.set(_q("svg:height"), f"{LOGO_WIDTH_CM * height / width:.3f}cm")
    image = etree.SubElement(frame, _q("draw:image"))
    for key, value in (("xlink:href", LOGO_PICTURE), ("xlink:type", "simple"),
                       ("xlink:show", "embed"), ("xlink:actuate", "onLoad")):  # fmt: skip
        image.set(_q(key), value)
    etree.SubElement(frame, _q("svg:title")).text = LOGO_ALT
    etree.SubElement(frame, _q("svg:desc")).text = LOGO_ALT


def _odt_manifest(data: bytes) -> bytes:
    root = etree.fromstring(data)
    entry = etree.SubElement(root, _q("manifest:file-entry"))
    entry.set(_q("manifest:full-path"), LOGO_PICTURE)
    entry.set(_q("manifest:media-type"), "image/png")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
