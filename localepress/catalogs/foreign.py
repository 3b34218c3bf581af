"""Catalogs as translators hand them: any charset, no header, domains, read and written as GNU does.

`localepress merge` must take every file msgmerge takes and give back what msgmerge gives, so
this side of the gettext adapter keeps what po.py normalizes away for the project's own
catalogs: the declared charset (ISO-8859-1 stays ISO-8859-1), a missing header, `domain`
directives, comments before the header. GNU `msgattrib` reads each file with msgmerge's own
parser (its messages, duplicates included, are msgmerge's, line for line) and prints it in the
canonical form; `msgcat` writes the result with msgmerge's layout options (width, sorting,
locations). What lies between is parsed here by hand because polib cannot hold it: polib
turns the comments above a header-less file's first entry into a header, drops `#~|` lines
and rejects `domain`. Only GNU's canonical output is parsed, so the grammar stays small.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from localepress.catalogs.po import gettext_tool
from localepress.errors import GettextMessages

DEFAULT_DOMAIN = "messages"
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) "(.*)"$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r"\\(.)")
_TO_ESCAPE = re.compile(r'[\\"\n\t\r\a\b\f\v]')
_CHARSET = re.compile(r"charset=([^ \t\n]*)")
_KEYWORD_LINE = re.compile(rb"^[ \t]*(#~[ \t]*)?(msgid|msgstr|domain)\b", re.MULTILINE)
_NON_ASCII = re.compile(r": warning: The following \w+ contains non-ASCII characters\.$")
_STDIN_LINE = re.compile(r"^<stdin>:(\d+): ")
_HEADER = re.compile(rb'^msgid ""\nmsgstr ((?:"[^\n]*"\n?)+)', re.MULTILINE)
_HEADER_CHARSET = re.compile(rb"charset=([^ \t\"\\]*)")


@dataclass
class Message:
    """One entry as GNU holds it (message_ty): a singular msgstr is a one-form list."""

    msgid: str
    msgstr: list[str] = field(default_factory=lambda: [""])
    msgctxt: str | None = None
    msgid_plural: str | None = None
    comments: list[str] = field(default_factory=list)  # "# " translator comments
    extracted: list[str] = field(default_factory=list)  # "#." comments
    references: list[str] = field(default_factory=list)  # "#:" tokens
    flags: list[str] = field(default_factory=list)
    prev_msgctxt: str | None = None
    prev_msgid: str | None = None
    prev_msgid_plural: str | None = None
    obsolete: bool = False
    pos: str | None = None  # "file:line" of its msgstr, where GNU's warnings point

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def set_fuzzy(self, value: bool) -> None:
        if value and not self.fuzzy:
            self.flags.insert(0, "fuzzy")
        elif not value and self.fuzzy:
            self.flags.remove("fuzzy")


@dataclass
class Domain:
    name: str
    messages: list[Message] = field(default_factory=list)

    def header(self) -> Message | None:
        return next((m for m in self.messages if m.is_header and not m.obsolete), None)


@dataclass
class Catalog:
    """A whole file: its domains in order, and the codec its text is in."""

    domains: list[Domain]
    charset: str | None  # as the first header declares it, None without one
    codec: str  # Python codec of the bytes ("latin-1" passes an unknown charset through)

    def domain(self, name: str) -> Domain | None:
        return next((d for d in self.domains if d.name == name), None)

    @property
    def empty(self) -> bool:
        return not any(d.messages for d in self.domains)


def read_foreign(path: Path | str, program: str, warnings: list[str] | None = None) -> Catalog:
    """Read any catalog GNU accepts; errors are GNU's own lines (GettextMessages).

    GNU's warnings (an unportable charset name…) are added to `warnings`."""
    result = gettext_tool("msgattrib", "--force-po", "--no-wrap", "-o", "-", str(path))
    lines = gnu_lines(result.stderr, "msgattrib", program)
    if result.returncode != 0:
        raise GettextMessages(lines)
    if warnings is not None:  # what msgattrib said writing its copy is not msgmerge's to say
        warnings.extend(line for block in _blocks(lines) if not _NON_ASCII.search(block[0])
                        for line in block)  # fmt: skip
    charset = declared_charset(result.stdout)
    codec = python_codec(charset)
    catalog = Catalog(parse(result.stdout.decode(codec, "surrogateescape")), charset, codec)
    _locate(catalog, str(path))
    return catalog


def _blocks(lines: list[str]) -> list[list[str]]:
    """GNU's messages, each with its indented continuation lines."""
    blocks: list[list[str]] = []
    for line in lines:
        if line.startswith(" ") and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _locate(catalog: Catalog, path: str) -> None:
    """Give each message the line of its msgstr in `path`, as GNU's warnings cite it.

    msgattrib keeps the file's order, obsolete entries last in each domain."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return
    groups: list[list[tuple[int, bool]]] = [[]]
    line, at, waiting = 1, 0, False
    for found in _KEYWORD_LINE.finditer(data):
        line += data.count(b"\n", at, found.start())
        at = found.start()
        if found[2] == b"domain":
            groups.append([])
        elif found[2] == b"msgid":
            waiting = True
        elif waiting:  # GNU cites a message by the line of its msgstr
            groups[-1].append((line, bool(found[1])))
            waiting = False
    if len(groups) != len(catalog.domains):
        return
    for domain, group in zip(catalog.domains, groups, strict=True):
        active = [m for m in domain.messages if not m.obsolete]
        lines = [n for n, obsolete in group if not obsolete]
        if len(active) == len(lines):
            for message, number in zip(active, lines, strict=True):
                message.pos = f"{path}:{number}"


def gnu_lines(stderr: bytes, tool: str, program: str) -> list[str]:
    """GNU's messages with the tool's name replaced by ours."""
    text = stderr.decode("utf-8", "replace")
    return [re.sub(rf"^(?:\S*/)?{tool}: ", f"{program}: ", line) for line in text.splitlines()]


def declared_charset(data: bytes) -> str | None:
    """The charset of the first header, as written (`CHARSET` in a fresh template)."""
    for found in _HEADER.finditer(data):
        before = data[: found.start()].rstrip(b"\n").rsplit(b"\n", 1)[-1]
        if not before.startswith((b"msgctxt", b"#~")):
            value = _HEADER_CHARSET.search(found[1])
            return value[1].decode("ascii", "replace") if value else None
    return None


def python_codec(charset: str | None) -> str:
    """The codec to decode with; an unknown name passes bytes through, as GNU does."""
    try:
        return codecs.lookup(charset).name if charset else "latin-1"
    except LookupError:
        return "latin-1"


def parse(text: str) -> list[Domain]:
    """The domains of GNU's canonical, unwrapped PO text."""
    domains = [Domain(DEFAULT_DOMAIN)]
    block: list[str] = []
    for line in text.split("\n"):
        if line.startswith('domain "'):
            domains.append(Domain(unescape(line[8:-1])))
        elif line:
            block.append(line)
            continue
        if block:
            domains[-1].messages.append(_message(block))
            block = []
    return domains


def _message(lines: list[str]) -> Message:
    message = Message(msgid="")
    strings: dict[str, str] = {}
    target = ""
    for line in lines:
        if line.startswith("#~"):
            message.obsolete = True
            line = line[3:] if line.startswith("#~ ") else "#" + line[2:]
        if line.startswith("#|"):
            line, prefix = line[3:], "prev_"
        elif line.startswith("#"):
            _comment(message, line)
            continue
        else:
            prefix = ""
        if line.startswith('"'):
            strings[target] += unescape(line[1:-1])
            continue
        found = _KEYWORD.match(line)
        target = prefix + found[1]
        strings[target] = unescape(found[3])
    message.msgid = strings.pop("msgid", "")
    message.msgctxt = strings.pop("msgctxt", None)
    message.msgid_plural = strings.pop("msgid_plural", None)
    message.prev_msgctxt = strings.pop("prev_msgctxt", None)
    message.prev_msgid = strings.pop("prev_msgid", None)
    message.prev_msgid_plural = strings.pop("prev_msgid_plural", None)
    if "msgstr" in strings:
        message.msgstr = [strings["msgstr"]]
    else:
        forms = sorted((int(k[7:-1]), v) for k, v in strings.items() if k.startswith("msgstr["))
        message.msgstr = [v for _, v in forms] or [""]
    return message


def _comment(message: Message, line: str) -> None:
    kind, rest = line[1:2], line[3:] if line[2:3] == " " else line[2:]
    if kind == ",":
        message.flags.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
    elif kind == ":":
        message.references.extend(line[2:].split())
    elif kind == ".":
        message.extracted.append(rest)
    else:
        message.comments.append(line[2:] if line[1:2] == " " else line[1:])


def unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m[1], m[1]), text)


def escape(text: str) -> str:
    reverse = {v: k for k, v in _ESCAPES.items()}
    return _TO_ESCAPE.sub(lambda m: "\\" + reverse.get(m[0], m[0]), text)


def po_text(
    domains: Sequence[Domain], *, comments: bool = True, origins: dict[int, str] | None = None
) -> str:
    """PO text for GNU to lay out: one line per string, obsolete entries last per domain.

    `origins` receives {line of a msgid in the text: where that message came from}."""
    out: list[str] = []
    line = 1
    for index, domain in enumerate(domains):
        if not domain.messages:
            continue
        if index or domain.name != DEFAULT_DOMAIN:
            out.append(f'domain "{escape(domain.name)}"\n')
            line += 2
        ordered = [m for m in domain.messages if not m.obsolete]
        ordered += [m for m in domain.messages if m.obsolete and m.msgstr[0]]  # as GNU writes
        for message in ordered:
            text = _entry_text(message, comments)
            if origins is not None and message.pos:
                before = re.split(r"^(?:#~ )?msgstr", text, maxsplit=1, flags=re.M)[0]
                origins[line + before.count("\n")] = message.pos
            out.append(text)
            line += text.count("\n") + 1
    return "\n".join(out)


def _entry_text(m: Message, comments: bool) -> str:
    lines = []
    if comments:
        lines += [f"# {c}" if c else "#" for c in m.comments]
        lines += [f"#. {c}" if c else "#." for c in m.extracted]
        if m.references:
            lines.append("#: " + " ".join(m.references))
    if m.flags:
        lines.append("#, " + ", ".join(m.flags))
    keyword = "#~ " if m.obsolete else ""
    previous = "#~| " if m.obsolete else "#| "
    for name, value in (("msgctxt", m.prev_msgctxt), ("msgid", m.prev_msgid),
                        ("msgid_plural", m.prev_msgid_plural)):  # fmt: skip
        if value is not None:
            lines.append(f'{previous}{name} "{escape(value)}"')
    if m.msgctxt is not None:
        lines.append(f'{keyword}msgctxt "{escape(m.msgctxt)}"')
    lines.append(f'{keyword}msgid "{escape(m.msgid)}"')
    if m.msgid_plural is not None:
        lines.append(f'{keyword}msgid_plural "{escape(m.msgid_plural)}"')
        lines += [f'{keyword}msgstr[{i}] "{escape(s)}"' for i, s in enumerate(m.msgstr)]
    else:
        lines.append(f'{keyword}msgstr "{escape(m.msgstr[0])}"')
    return "\n".join(lines) + "\n"


def laid_out(
    text: str, codec: str, layout: Sequence[str], program: str, origins: dict[int, str]
) -> tuple[bytes, list[str]]:
    """The bytes GNU writes for `text` with msgmerge's layout options (`-w`, `-s`, `-F`…),
    and the warnings GNU's writer gives (a non-ASCII msgid in a legacy charset), pointing
    where msgmerge points: at the message's own file and line."""
    try:
        data = text.encode(codec, "surrogateescape")
    except UnicodeEncodeError:
        data = text.encode(codec, "replace")
    result = gettext_tool("msgattrib", *layout, "-o", "-", "-", stdin=data)
    lines = gnu_lines(result.stderr, "msgattrib", program)
    if result.returncode != 0:
        raise GettextMessages(lines)
    warnings = []
    for block in _blocks(lines):
        found = _STDIN_LINE.match(block[0])
        if found and _NON_ASCII.search(block[0]) and int(found[1]) in origins:
            head = f"{origins[int(found[1])]}: " + block[0][found.end() :]
            indent = " " * (len(head) - len(head.split(": warning: ", 1)[1]))
            warnings += [head] + [indent + rest.lstrip(" ") for rest in block[1:]]
    return result.stdout, warnings


def set_charset(header: Message, charset: str) -> None:
    """Rewrite the charset a header declares, as GNU's conversion does."""
    header.msgstr[0] = _CHARSET.sub(f"charset={charset}", header.msgstr[0], count=1)
