"""The bilingual review document of a kit (python-docx): one table, one row per unit.

Columns: id, French, translation, status, reviewer's comment. Markup is shown in its own
colour so a reviewer sees what to keep; the text read back is the cell's plain text, so
nothing Word does to fonts matters. What `receive` needs beyond the visible cells (msgctxt,
what was sent) is a hidden run in the id cell. A table whose header, column count or id
cells were changed is refused whole: rows could no longer be trusted to mean what they did.
"""

from __future__ import annotations

import io
import json
import zipfile

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from localepress.errors import ExchangeError
from localepress.languages import get_language
from localepress.translators.inline import Pair, Ph, code_counts, parse
from localepress.translators.units import STATES, KitUnit, ReturnedUnit, join_forms

CODE_COLOUR = RGBColor(0x7A, 0x1F, 0xA2)  # contrast 8.6:1 on white
WIDTHS = (Cm(3.2), Cm(8.2), Cm(8.2), Cm(2.4), Cm(4.5))
TITLE = "localepress review"


def headers(lang: str) -> tuple[str, ...]:
    return ("ID", "French (fr)", f"Translation ({lang})", "Status", "Reviewer's comment")


def write_review(units: list[KitUnit], lang: str, stamp) -> bytes:
    """The .docx bytes; `stamp` (a datetime) is its creation date, for reproducible bytes."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9.5)
    properties = document.core_properties
    properties.title = f"Translation review: French → {get_language(lang).team}"
    properties.subject, properties.language, properties.author = TITLE, lang, "localepress"
    properties.created = properties.modified = stamp.replace(tzinfo=None)
    properties.last_modified_by, properties.revision = "localepress", 1
    document.add_heading(properties.title, level=1)
    document.add_paragraph(
        "Correct the translation in the third column; keep the coloured markup (**, <sup>, "
        "{name}, […](…)) as it is. Set Status to “translated” when a translation is final "
        "(anything else comes back as fuzzy, for the translator to check). Write remarks in "
        "the last column. Do not add, remove, merge or reorder columns; keep the ID column as "
        "it is. Return this file as .docx."
    )
    table = document.add_table(rows=1, cols=len(WIDTHS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers(lang), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(table.rows[0])
    for unit in units:
        for form, (source, target) in enumerate(zip(unit.sources, unit.targets, strict=True)):
            cells = table.add_row().cells
            uid = f"{unit.uid}.{form}" if unit.plural else unit.uid
            cells[0].paragraphs[0].add_run(f"{unit.doc}/{uid}")
            hidden = cells[0].paragraphs[0].add_run(json.dumps(_meta(unit), ensure_ascii=False))
            hidden.font.hidden = True
            _markup_runs(cells[1].paragraphs[0], source)
            _markup_runs(cells[2].paragraphs[0], target)
            cells[3].paragraphs[0].add_run(unit.state)
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            cell.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue(), stamp)


def _meta(unit: KitUnit) -> dict:
    meta = {"sent": unit.sent, "plural": unit.plural}
    if unit.context is not None:
        meta["msgctxt"] = unit.context
    return meta


def _repeat_header(row) -> None:
    """Mark the header row to repeat on every page (python-docx has no API for it)."""
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _markup_runs(paragraph, text: str) -> None:
    """The text in runs, the markup of each code in CODE_COLOUR."""
    inline = parse(text)

    def add(nodes):
        for node in nodes:
            if isinstance(node, str):
                paragraph.add_run(node)
            elif isinstance(node, Ph):
                paragraph.add_run(inline.codes[node.id].native).font.color.rgb = CODE_COLOUR
            elif isinstance(node, Pair):
                code = inline.codes[node.id]
                paragraph.add_run(code.native).font.color.rgb = CODE_COLOUR
                add(node.children)
                paragraph.add_run(code.close).font.color.rgb = CODE_COLOUR

    add(inline.nodes)


def _fixed_zip(data: bytes, stamp) -> bytes:
    """The same .docx with one timestamp on every part: python-docx stamps the current time."""
    when = stamp.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, when)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def read_review(data: bytes, name: str) -> tuple[str, list[ReturnedUnit]]:
    """(target language, units) of a returned review document."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise ExchangeError(name, f"not a Word .docx document ({exc})") from None
    tables = document.tables
    if len(tables) != 1:
        raise ExchangeError(name, f"the review table was reshaped: {len(tables)} tables, not 1")
    rows = tables[0].rows
    found = tuple(cell.text.strip() for cell in rows[0].cells) if rows else ()
    lang = found[2].rsplit("(", 1)[-1].rstrip(")") if len(found) == len(WIDTHS) else ""
    if not lang or found != headers(get_language(lang).code):
        raise ExchangeError(name, f"the review table was reshaped: header row {list(found)}")
    units = []
    for number, row in enumerate(rows[1:], 2):
        if len(row._tr.tc_lst) != len(WIDTHS):
            raise ExchangeError(name, f"the review table was reshaped: row {number} has merged "
                                      "or added cells")  # fmt: skip
        units.append(_row_unit(row.cells, f"{name}: table row {number}"))
    return lang, join_forms(units)


def _row_unit(cells, where: str) -> tuple[bool, ReturnedUnit]:
    visible, meta = _id_cell(cells[0], where)
    doc, _, uid = visible.partition("/")
    status = cells[3].text.strip().lower()
    target = _cell_text(cells[2])
    state = STATES[0] if not target else ("translated" if status == "translated" else "fuzzy")
    comment = cells[4].text.strip()
    unit = ReturnedUnit(
        doc, uid, meta.get("msgctxt"), (_cell_text(cells[1]),), (target,), state,
        str(meta.get("sent", "")), where, (f"review: {comment}",) if comment else (),
    )  # fmt: skip
    _compare_codes(unit)
    return bool(meta.get("plural")), unit


def _compare_codes(unit: ReturnedUnit) -> None:
    """A plain-text cell has no code ids: its markup is compared with the French's. A source
    code repeated is refused; one dropped is left to the markup check (receive.py)."""
    source, target = code_counts(unit.sources[0]), code_counts(unit.targets[0])
    repeated = [code for code in source if target[code] > source[code]]
    if repeated:
        unit.problem = f"inline code {repeated[0]!r} appears more often than in the French"
    unit.missing = tuple((source - target).elements())


def _id_cell(cell, where: str) -> tuple[str, dict]:
    visible, hidden = [], []
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            (hidden if run.font.hidden else visible).append(run.text)
    try:
        meta = json.loads("".join(hidden))
    except ValueError:
        meta = None
    text = "".join(visible).strip()
    if not isinstance(meta, dict) or "/" not in text:
        raise ExchangeError(where, f"the id cell was changed ({text!r}); it must stay as sent")
    return text, meta


def _cell_text(cell) -> str:
    return "\n".join(paragraph.text for paragraph in cell.paragraphs)
