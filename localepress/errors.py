"""One root error class, so the CLI can turn every expected failure into a clear message.

Each error carries what a person needs to find the fault: a file and line, a notebook and cell,
or the list of valid choices.
"""

from __future__ import annotations


class LocalepressError(Exception):
    """Root of every error the library raises on bad input or a failed stage."""


class UnknownLanguageError(LocalepressError):
    """A tag CLDR does not know; `known` holds the closest known tags, with their names."""

    def __init__(self, code: str, known: list[str]):
        self.code, self.known = code, known
        close = f"closest known tags: {', '.join(known)}" if known else "no known tag is close"
        super().__init__(f"unknown language {code!r} (not a CLDR language tag); {close}")


class SourceLanguageError(LocalepressError):
    """The source language given where only a translation makes sense (update, compile…)."""

    def __init__(self, code: str, what: str, targets: list[str]):
        self.code = code
        super().__init__(
            f"{code} is the source language (the master text has no catalog): "
            f"{what} works on the translations: {', '.join(targets)}"
        )


class UnknownDocumentError(LocalepressError):
    """A document that is not there, or not translated (`translate: false`), where a
    translated document is expected; `known` lists the translated ones."""

    def __init__(self, name: str, known: list[str], untranslated: bool = False):
        self.name, self.known = name, known
        what = (
            f"{name!r} is not translated (its notebook says translate: false)"
            if untranslated
            else f"unknown document {name!r}"
        )
        super().__init__(f"{what}; translated documents: {', '.join(known) or 'none'}")


class NotebookError(LocalepressError):
    """A notebook that cannot be read (not JSON, not a valid notebook)."""

    def __init__(self, path, message: str):
        self.path = path
        super().__init__(f"{path}: {message}")


class CatalogError(LocalepressError):
    """A .po/.pot file that cannot be read or written; `line` is 1-based when known."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")


class ToolMissingError(LocalepressError):
    """A required external program (GNU gettext, Apertium…) is not installed."""


class ExecutionError(LocalepressError):
    """A notebook cell failed while running an edition."""

    def __init__(self, doc: str, lang: str, cell_index: int, cell_id: str, detail: str):
        self.doc, self.lang, self.cell_index, self.cell_id, self.detail = (
            doc,
            lang,
            cell_index,
            cell_id,
            detail,
        )
        super().__init__(
            f"{doc} [{lang}]: cell {cell_index} (id {cell_id}) failed: {detail}".rstrip()
        )


class WorkflowError(LocalepressError):
    def __init__(self, path, message: str, line: int | None = None, key: str | None = None):
        self.path, self.line, self.key = path, line, key
        where = f"{path}:{line}" if line else f"{path}"
        at = f" (key {key!r})" if key else ""
        super().__init__(f"{where}{at}: {message}")


class GateError(LocalepressError):
    """A language refused by the publish gate; `reasons` says why."""

    def __init__(self, lang: str, reasons: list[str]):
        self.lang, self.reasons = lang, reasons
        super().__init__(f"{lang} is not publishable: " + "; ".join(reasons))


class TermbaseError(LocalepressError):
    """A termbase CSV that cannot be read; `line` is 1-based when known."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path, self.line = path, line
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")


class MissingAltTextError(LocalepressError):
    """An image output with no text alternative: an edition would publish an unlabelled image.

    Set `alt` in the output's metadata (`""` only for a purely decorative image).
    """

    def __init__(self, cell_index: int, cell_id: str, mimetype: str):
        self.cell_index, self.cell_id, self.mimetype = cell_index, cell_id, mimetype
        super().__init__(
            f"cell {cell_index} (id {cell_id}): {mimetype} output has no alt text "
            "(set metadata alt; an empty alt marks a decorative image)"
        )


class ApertiumError(LocalepressError):
    """Apertium ran but failed, timed out or lost a segment separator (pretranslate)."""


class ExchangeError(LocalepressError):
    """A hand-off kit file that cannot be read back (not XML, wrong languages, a reshaped
    table…); `line` is 1-based when known. Nothing is written when one is raised."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path, self.line = path, line
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")


class FigureError(LocalepressError):
    """A figure that cannot be drawn or published: an SVG that is not SVG, a place without
    coordinates, a brand font that is not installed."""


class TemplateError(LocalepressError):
    """A page template that cannot be parsed; nothing is extracted or published from it."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path, self.line = path, line
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")


class GettextMessages(LocalepressError):
    """GNU gettext refused a catalog: its own messages (`file:line: …`), in its order.

    `localepress merge` prints them as msgmerge would, so the first line is msgmerge's.
    """

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__(lines[0] if lines else "rejected by GNU gettext")


class PreviewError(LocalepressError):
    """The preview server cannot start (its address is taken or not allowed)."""


class ConversionError(LocalepressError):
    """pandoc could not turn an edition into Word, OpenDocument or plain text."""
