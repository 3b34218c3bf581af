"""Catalogs as translators hand them: any charset, no header, domains, read as msgmerge reads.

`localepress merge` must take every file msgmerge takes, so this side of the gettext adapter
keeps what po.py normalizes away for the project's own catalogs: the declared charset
(ISO-8859-1 stays ISO-8859-1), a missing header, `domain` directives, comments before the
header, the file's order. GNU `msgattrib` reads each file with msgmerge's own parser (its
messages, duplicates included, are msgmerge's, line for line) and prints it in canonical
form, which is parsed here by hand because polib cannot hold it: polib turns the comments
above a header-less file's first entry into a header, drops `#~|` lines and rejects
`domain`. Only GNU's canonical output is parsed, so the grammar stays small. layout.py writes.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from localepress.catalogs.po import gettext_tool
from localepress.errors import GettextMessages

DEFAULT_DOMAIN = "messages"
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) "(.*)"$')
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r"\\(.)")
_KEYWORD_LINE = re.compile(rb"[ \t]*(#~[ \t]*)?(msgid|msgstr|domain)\b")
WRITER = re.compile(  # what GNU's writer says, citing a message
    r": (?:warning: The following \w+ contains non-ASCII characters\.|invalid multibyte "
    r"sequence|incomplete multibyte sequence)$"
)
_PLACEHOLDER = b"(localepress: untranslated obsolete entry)"
_EMPTY_OBSOLETE = re.compile(  # an obsolete msgstr "" with no continuation line
    rb'^([ \t]*#~[ \t]*msgstr(?:\[0\])?[ \t]*)""(?=[ \t]*\n(?![ \t]*#~[ \t]*"))', re.MULTILINE
)
_LATIN1 = b"Content-Type: text/plain; charset=ISO-8859-1\\n"
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
    raw: bytes = b""  # GNU's canonical copy
    path: str = ""
    portable: bool = False  # gettext knows the charset's name (it warns when it does not)

    def domain(self, name: str) -> Domain | None:
        return next((d for d in self.domains if d.name == name), None)

    @property
    def empty(self) -> bool:
        return not any(d.messages for d in self.domains)


def read_all(
    paths: Sequence[Path | str], program: str, warnings: list[str] | None = None
) -> list[Catalog]:
    """Read any catalogs GNU accepts, at once; an error is GNU's own lines (GettextMessages)
    for the first file that has one, and GNU's warnings (an unportable charset name…) are
    added to `warnings`, file by file."""
    with ThreadPoolExecutor(max(1, len(paths))) as pool:
        results = list(pool.map(_canonical, paths))
    return [
        _catalog(path, result, program, warnings)
        for path, result in zip(paths, results, strict=True)
    ]


def _catalog(path, result, program: str, warnings: list[str] | None) -> Catalog:
    lines = gnu_lines(result.stderr, "msgattrib", program)
    if result.returncode != 0:
        raise GettextMessages(lines)
    _refuse_silent_losses(path, program)
    if warnings is not None:  # what msgattrib said writing its copy is not msgmerge's to say
        warnings.extend(line for block in blocks(lines) if not WRITER.search(block[0])
                        for line in block)  # fmt: skip
    charset = declared_charset(result.stdout)
    catalog = Catalog([], charset, python_codec(charset), result.stdout, str(path))
    catalog.portable = charset is not None and "is not a portable encoding name" not in "".join(
        lines
    )
    return decoded(catalog)


def decoded(catalog: Catalog, codec: str | None = None) -> Catalog:
    """The catalog's entries read from its bytes as `codec` (its own charset by default):
    msgmerge copies a template's bytes unconverted into a catalog of another charset."""
    codec = codec or catalog.codec
    domains = parse(catalog.raw.decode(codec, "surrogateescape"))
    result = Catalog(domains, catalog.charset, codec, catalog.raw, catalog.path, catalog.portable)
    _locate(result, catalog.path)
    for domain in domains:  # back in the file's order (msgattrib put obsolete entries last)
        if all(m.pos for m in domain.messages):
            domain.messages.sort(key=lambda m: int(m.pos.rsplit(":", 1)[1]))
    return result


def _refuse_silent_losses(path, program: str) -> None:
    """The one place merge parts from msgmerge: bytes GNU reads without a word but not as
    written. A NUL byte ends its string (the rest of the translation is dropped); carriage
    returns alone make the file one comment line, a catalog with no entry."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return  # GNU says why
    nul, cr = data.find(b"\0"), re.search(rb"\r(?!\n)", data)
    if nul >= 0:
        line, what = data.count(b"\n", 0, nul) + 1, "NUL byte in the text (is the file UTF-16?)"
    elif cr is not None:
        line, what = data.count(b"\n", 0, cr.start()) + 1, "carriage return without a line feed"
    else:
        return
    raise GettextMessages([f"{path}:{line}: {what}; nothing was merged",
                           f"{program}: found 1 fatal error"])  # fmt: skip


def _canonical(path: Path | str):
    """msgattrib's canonical copy of the file, with what GNU's writer leaves out of it put back.

    The writer drops an obsolete entry with no translation (msgmerge still revives it, with
    its comments): it is read with a placeholder translation, taken out again. It cannot
    write the non-ASCII text of a file whose charset it does not know (msgmerge only reads
    it): such a file is read as ISO-8859-1, which passes every byte, its header saying so (or
    one added at its end, where it moves no line), and the copy gets its own charset back."""
    result = gettext_tool("msgattrib", "--force-po", "--no-wrap", "-o", "-", str(path))
    if result.returncode != 0:
        return result
    lossy = b"invalid multibyte sequence" in result.stderr
    data = Path(path).read_bytes()
    if not lossy and not _EMPTY_OBSOLETE.search(data):
        return result
    data = _EMPTY_OBSOLETE.sub(rb'\1"' + _PLACEHOLDER + rb'"', data)
    found = _HEADER.search(data) if lossy else None
    value = _HEADER_CHARSET.search(found[1]) if found else None
    if value is not None:
        at = found.start(1) + value.start(1)
        data = data[:at] + b"ISO-8859-1" + data[found.start(1) + value.end(1) :]
    elif lossy:
        data += b'\n\nmsgid ""\nmsgstr "' + _LATIN1 + b'"\n'
    again = gettext_tool("msgattrib", "--force-po", "--no-wrap", "-o", "-", "-", stdin=data)
    if again.returncode != 0:
        return result
    out = again.stdout.replace(b'"' + _PLACEHOLDER + b'"', b'""')
    if value is not None:
        out = out.replace(b"charset=ISO-8859-1", b"charset=" + value[1], 1)
    elif lossy:
        out = out.replace(b'msgid ""\nmsgstr "' + _LATIN1 + b'"\n', b"")
        out = out.replace(b"\n\n\n", b"\n\n").strip(b"\n") + b"\n"
    again.stdout, again.stderr = out, result.stderr
    return again


def blocks(lines: list[str]) -> list[list[str]]:
    """GNU's messages, each with its indented continuation lines."""
    blocks: list[list[str]] = []
    for line in lines:
        if line.startswith(" ") and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _locate(catalog: Catalog, path: str) -> None:
    """Give each message the line of its msgstr in `path`, as GNU's warnings cite it, and an
    obsolete one the `range:` and wrap flags GNU reads but does not write back for it.

    msgattrib keeps the file's order, obsolete entries last in each domain."""
    try:
        lines = Path(path).read_bytes().split(b"\n")
    except OSError:
        return
    groups: list[list[tuple[int, bool]]] = [[]]
    waiting = False
    for number, text in enumerate(lines, 1):
        found = _KEYWORD_LINE.match(text)
        if not found:
            continue
        if found[2] == b"domain":
            groups.append([])
        elif found[2] == b"msgid":
            waiting = True
        elif waiting:  # GNU cites a message by the line of its msgstr
            waiting = False
            groups[-1].append((number, bool(found[1])))
    if len(groups) != len(catalog.domains):
        return
    for domain, group in zip(catalog.domains, groups, strict=True):
        for kind in (False, True):
            messages = [m for m in domain.messages if m.obsolete == kind]
            numbers = [n for n, obsolete in group if obsolete == kind]
            if len(messages) == len(numbers):
                for message, number in zip(messages, numbers, strict=True):
                    message.pos = f"{path}:{number}"
                    if kind:
                        _obsolete_flags(message, lines, number)


def _obsolete_flags(message: Message, lines: list[bytes], number: int) -> None:
    start = number - 1
    while start > 0 and lines[start - 1].strip():
        start -= 1
    for text in lines[start : number - 1]:
        if text.startswith(b"#,"):
            for flag in text[2:].decode("ascii", "replace").split(","):
                flag = flag.strip()
                keep = flag.startswith("range:") or flag in ("wrap", "no-wrap")
                if keep and flag not in message.flags:
                    message.flags.append(flag)


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
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: ESCAPES.get(m[1], m[1]), text)
