"""Where each entry stands in a catalog as the translator's file has it: the lines of its
msgid and of each msgstr, and of the header's Plural-Forms field.

polib's `linenum` cannot serve: it is the entry's first comment line, counted in the
canonical text `po.read_catalog` parses, not in the file a translator opens. A minimal PO
lexer reads the file once (obsolete entries skipped); `po.read_catalog` has already refused
what it could not read, so the lexer never has to report an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

_KEYWORD = re.compile(
    r'^(?P<keyword>msgctxt|msgid|msgid_plural|msgstr(?:\[(?P<index>\d+)\])?)\s*"(?P<text>.*)"$'
)
Key = tuple[str | None, str]  # (msgctxt, msgid)


@dataclass
class Positions:
    msgid: dict[Key, int] = field(default_factory=dict)  # line of `msgid`
    msgstr: dict[Key, dict[int, int]] = field(default_factory=dict)  # form → line of msgstr
    plural_forms: int | None = None  # line of the header's Plural-Forms field

    def of_msgid(self, entry: polib.POEntry) -> int:
        return self.msgid.get((entry.msgctxt, entry.msgid), entry.linenum)

    def of_msgstr(self, entry: polib.POEntry, form: int = 0) -> int:
        """Line of `msgstr` (`msgstr[form]` of a plural entry); the msgid's when unknown."""
        lines = self.msgstr.get((entry.msgctxt, entry.msgid), {})
        return lines.get(form, lines.get(0, self.of_msgid(entry)))

    @property
    def header(self) -> int:
        """Line of the Plural-Forms field, else of the header's msgid, else 1."""
        return self.plural_forms or self.msgid.get((None, ""), 1)

    def msgid_at(self, line: int) -> str:
        """The msgid of the entry whose text holds `line` ("" for the header or before)."""
        starts = sorted((start, msgid) for (_, msgid), start in self.msgid.items())
        return next((msgid for start, msgid in reversed(starts) if start <= line), "")


def positions(path: Path) -> Positions:
    """Read the positions of every active entry of the catalog at `path`."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return positions_in(text)


def positions_in(text: str) -> Positions:
    """The positions of every active entry of a catalog's text."""
    found = Positions()
    context: str | None = None
    current: Key | None = None
    keyword, start, parts = "", 0, []

    def finish():
        nonlocal context, current
        value = polib.unescape("".join(parts))
        if keyword == "msgctxt":
            context = value
        elif keyword == "msgid":
            current = (context, value)
            found.msgid.setdefault(current, start)
            context = None
        elif keyword == "msgstr" and current == (None, "") and "Plural-Forms:" in value:
            offset = next(i for i, part in enumerate(parts) if "Plural-Forms:" in part)
            found.plural_forms = start + offset

    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        match = _KEYWORD.match(line)
        if match:
            finish()
            keyword, start, parts = match["keyword"], number, [match["text"]]
            if keyword.startswith("msgstr") and current is not None:
                form = int(match["index"] or 0)
                found.msgstr.setdefault(current, {}).setdefault(form, number)
                keyword = "msgstr"
        elif line.startswith('"') and line.endswith('"') and len(line) > 1 and keyword:
            parts.append(line[1:-1])
        else:
            finish()
            keyword, parts = "", []
    finish()
    return found


def msgid_lines(path: Path, po: polib.POFile) -> dict[int, int]:
    """id(entry) → line of its msgid in the file as written, for every active entry."""
    found = positions(path)
    return {id(e): found.of_msgid(e) for e in po if not e.obsolete}
