"""Extraction: every French segment of a notebook into `locales/<doc>.pot`.

Markdown cells go through `segment.segments` (one msgid per block); code cells go through
Babel's Python extractor (`_`, `ngettext`, `pgettext`). References name the notebook and the
nbformat cell id, so they survive edits to other cells. Prose carries no format flag; a code
message with `{name}` placeholders is flagged `python-brace-format` so msgfmt checks them.
"""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel.messages.extract import extract as babel_extract

from localepress.catalogs.po import canonical_text, read_catalog, write_bytes_atomic
from localepress.catalogs.segment import segments
from localepress.errors import TemplateError
from localepress.project import INTERFACE, Project, read_notebook

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "localepress" / "index.html.j2"
_PACKAGE_PARENT = TEMPLATE.parents[3]  # locations read localepress/templates/…
PACK_TEMPLATES = tuple(  # the pack's pages: the language chooser and the press rooms
    TEMPLATE.parents[1] / name for name in ("pack-index.html.j2", "pressroom.html.j2")
)

KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
_BRACE_FIELD = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")


@dataclass
class Message:
    msgid: str
    context: str | None = None
    plural: str | None = None
    locations: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    code: bool = False


def notebook_messages(path: Path, reference: str) -> list[Message]:
    """Messages of one notebook in document order, identical msgids merged."""
    nb = read_notebook(path)
    found: dict[tuple[str | None, str], Message] = {}

    def add(msgid, context, plural, where, comment, code):
        message = found.setdefault((context, msgid), Message(msgid, context, plural, code=code))
        if where not in message.locations:
            message.locations.append(where)
        if comment and comment not in message.comments:
            message.comments.append(comment)

    for index, cell in enumerate(nb.cells):
        where = f"{reference}#{cell.get('id') or index}"
        if cell.cell_type == "markdown":
            for seg in segments(cell.source):
                add(seg.text, None, None, (where, seg.line), seg.kind, False)
        elif cell.cell_type == "code":
            for line, text, context, plural, comments in _code_messages(cell.source):
                add(text, context, plural, (where, line), " ".join(comments), True)
    return list(found.values())


def _code_messages(source: str) -> Iterator[tuple[int, str, str | None, str | None, list[str]]]:
    fileobj = io.BytesIO(source.encode("utf-8"))
    for lineno, message, comments, context in babel_extract(
        "python", fileobj, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        if isinstance(message, tuple):
            yield lineno, message[0], context, message[1], comments
        else:
            yield lineno, message, context, None, comments


def interface_messages() -> list[Message]:
    """The `t("…")` and `N_("…")` strings of the brand template and of the pack's pages
    (Babel's Jinja2 extractor); `N_` marks a string the template translates later, as
    gettext_noop does."""
    found: dict[str, Message] = {}
    for template in (TEMPLATE, *PACK_TEMPLATES):
        for lineno, text in _template_strings(template):
            message = found.setdefault(text, Message(text, comments=["interface"]))
            relative = template.relative_to(_PACKAGE_PARENT).as_posix()
            message.locations.append((relative, lineno))
    return list(found.values())


def _template_strings(template: Path):
    from jinja2 import TemplateSyntaxError

    with open(template, "rb") as handle:
        try:  # Babel's Jinja2 extractor returns nothing for a template it cannot parse unless
            # told not to be silent: a broken template must not empty the interface catalog
            return [
                (lineno, text)
                for lineno, text, _comments, _context in babel_extract(
                    "jinja2.ext:babel_extract",
                    handle,
                    keywords={"t": None, "N_": None},
                    options={"silent": "false"},
                )
            ]
        except TemplateSyntaxError as exc:
            raise TemplateError(template, exc.message or "syntax error", exc.lineno) from None


def _source_messages(project: Project, doc: str) -> tuple[str, list[Message]]:
    if doc == INTERFACE:
        return "the localepress page template", interface_messages()
    return f"notebooks/{doc}.ipynb", notebook_messages(
        project.notebook(doc), f"notebooks/{doc}.ipynb"
    )


def template_for(project: Project, doc: str, creation_date: str) -> polib.POFile:
    origin, messages = _source_messages(project, doc)
    pot = polib.POFile(wrapwidth=79)
    pot.header = (
        f"Translation template for “{doc}”, extracted from {origin}.\n"
        "Edit the source, not this file: `localepress extract` rewrites it."
    )
    pot.metadata = {
        "Project-Id-Version": f"{doc}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": creation_date,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "localepress",
    }
    for message in messages:
        entry = polib.POEntry(
            msgid=message.msgid,
            msgctxt=message.context,
            occurrences=[(file, str(line)) for file, line in message.locations],
            comment="\n".join(message.comments),
        )
        if message.plural is not None:
            entry.msgid_plural = message.plural
            entry.msgstr_plural = {0: "", 1: ""}
        else:
            entry.msgstr = ""
        if message.code and any(
            _BRACE_FIELD.search(t or "") for t in (message.msgid, message.plural)
        ):
            entry.flags.append("python-brace-format")
        pot.append(entry)
    return pot


def now_stamp() -> str:
    """Current time as gettext writes it; SOURCE_DATE_EPOCH pins it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = time.gmtime(int(epoch)) if epoch else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", moment)


def extract(project: Project, docs: list[str] | None = None) -> dict[str, str]:
    """Write `locales/<doc>.pot` for each document; return {path: created|updated|unchanged}.

    The creation date only moves when the entries change, so re-running changes no byte.
    """
    result: dict[str, str] = {}
    for doc in docs or project.domains():
        target = project.template(doc)
        previous = (
            read_catalog(target).metadata.get("POT-Creation-Date") if target.exists() else None
        )
        data = canonical_text(template_for(project, doc, previous or now_stamp()))
        if previous and target.read_bytes() != data:
            data = canonical_text(template_for(project, doc, now_stamp()))
        changed = write_bytes_atomic(target, data)
        status = "created" if previous is None else ("updated" if changed else "unchanged")
        result[project.relative(target)] = status
    return result


def stale_templates(project: Project, docs: list[str]) -> list[str]:
    """Templates that `extract` would change (the creation date aside); nothing is written."""
    stale = []
    for doc in docs:
        target = project.template(doc)
        if not target.exists():
            stale.append(project.relative(target))
            continue
        date = read_catalog(target).metadata.get("POT-Creation-Date", "")
        if canonical_text(template_for(project, doc, date)) != target.read_bytes():
            stale.append(project.relative(target))
    return stale


def babel_extract_ipynb(fileobj, keywords, comment_tags, options):
    """Babel extraction method for `.ipynb`, so `pybabel extract -F mapping` reads notebooks.

    Yields Babel's (lineno, funcname, messages, comments); line numbers count through the
    notebook's cells in order, as if they were one file.
    """
    import nbformat

    nb = nbformat.read(io.TextIOWrapper(fileobj, encoding="utf-8"), as_version=4)
    offset = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for seg in segments(cell.source):
                yield offset + seg.line, None, seg.text, [seg.kind]
        elif cell.cell_type == "code":
            for line, text, context, plural, comments in _code_messages(cell.source):
                if context is not None:
                    funcname, messages = "pgettext", (context, text)
                elif plural is not None:
                    funcname, messages = "ngettext", (text, plural)
                else:
                    funcname, messages = "_", text
                yield offset + line, funcname, messages, comments
        offset += cell.source.count("\n") + 1
