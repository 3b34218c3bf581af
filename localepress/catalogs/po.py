"""The gettext adapter: the only module that reads and writes .po, .pot and .mo files.

GNU gettext is the reference translators' tools follow, so it is used at every step: `msgfmt`
parses every file first (its messages name file and line, duplicates included), `msgcat` gives
every file read and written its canonical GNU form, so Poedit, Weblate and msgmerge find nothing
to rewrap, and `msgfmt` compiles. polib holds the entries in memory. Writes go to a temporary
file renamed into place, and an unchanged file is never rewritten.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polib

from localepress.errors import CatalogError, ToolMissingError
from localepress.files import write_atomic
from localepress.languages import check_target, target_languages
from localepress.project import Project

_GNU_INSTALL_HINT = "GNU gettext is required: install it with `apt-get install gettext`"
MSGFMT_LINE = re.compile(r"^(?P<path>.*?):(?P<line>\d+):(?:\d+:)? (?P<message>.*)$")
_CHARSET = re.compile(rb'^"Content-Type:[^"\n]*?charset=(?P<name>[^\s"\\;]+)', re.MULTILINE)
_COMMENT_BACKSLASH = re.compile(r"(?m)^(#(?![~|]).*)\\$")
_CHARSET_TEXT = re.compile(r'^("Content-Type:[^"\n]*?charset=)[^\s"\\;]+', re.MULTILINE)


def gettext_tool(name: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run a GNU gettext program, with a clear message when it is missing.

    Messages are read in English (LC_ALL=C) so their wording can be parsed."""
    exe = shutil.which(name)
    if exe is None:
        raise ToolMissingError(f"{name} not found. {_GNU_INSTALL_HINT}")
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": ""}
    return subprocess.run([exe, *args], input=stdin, capture_output=True, check=False, env=env)


def read_catalog(path: Path) -> polib.POFile:
    """Parse a .po/.pot file; any error names the file and the line GNU msgfmt points at.

    The text is decoded per its charset header and put in msgcat's canonical form before polib
    reads it, so polib sees UTF-8 text laid out the one way it parses faithfully.
    """
    return _read(Path(path), ("-o", os.devnull))[0]


def read_checked(path: Path) -> tuple[polib.POFile, subprocess.CompletedProcess]:
    """`read_catalog`, with what `msgfmt -c` says of the file (the checks report it). Only when
    `-c` refuses the file does a plain msgfmt tell an unreadable file from wrong formats."""
    return _read(Path(path), ("-c", "-o", os.devnull))


def read_keys(path: Path) -> frozenset[tuple[str | None, str]]:
    """The (msgctxt, msgid) of each active entry of a file only measured against (a template):
    msgfmt checks it as `read_catalog` does (same file:line errors), a lexer reads the keys."""
    from localepress.catalogs.positions import positions_in

    path = Path(path)
    data, checked = _catalog_bytes(path), gettext_tool("msgfmt", "-o", os.devnull, str(path))
    if checked.returncode:
        raise _first_error(path, checked.stderr.decode("utf-8", "replace"))
    text = _as_utf8(path, data).decode("utf-8")
    return frozenset(key for key in positions_in(text).msgid if key != (None, ""))


def _read(path: Path, msgfmt_args: tuple[str, ...]):
    """msgfmt checks the file while msgcat lays it out and polib parses it as it is: a file
    already in canonical form (all ours) keeps that parse, any other is parsed again as
    msgcat laid it out."""
    data = _catalog_bytes(path)
    with ThreadPoolExecutor(2) as pool:
        check = pool.submit(gettext_tool, "msgfmt", *msgfmt_args, str(path))
        try:
            utf8: bytes | CatalogError = _as_utf8(path, data)
        except CatalogError as exc:
            utf8 = exc
        bytes_ok = isinstance(utf8, bytes)
        layout = (
            pool.submit(gettext_tool, "msgcat", "--force-po", "-", stdin=utf8) if bytes_ok else None
        )
        early = _early_parse(utf8) if bytes_ok else None
        result = layout.result() if layout else None
        checked = check.result()
    syntax = checked
    if checked.returncode != 0 and "-c" in msgfmt_args:
        syntax = gettext_tool("msgfmt", "-o", os.devnull, str(path))
    if syntax.returncode != 0:
        raise _first_error(path, syntax.stderr.decode("utf-8", "replace"))
    if isinstance(utf8, CatalogError):
        raise utf8
    if result.returncode != 0:
        raise _first_error(path, result.stderr.decode("utf-8", "replace").replace("<stdin>", ""))
    po = early if result.stdout == utf8 else None
    if po is None:
        try:
            po = polib.pofile(result.stdout.decode("utf-8"), wrapwidth=79)
        except (OSError, ValueError) as exc:
            raise CatalogError(path, f"cannot be parsed: {exc}") from None
    if b"\n#~| " in result.stdout:
        _restore_obsolete_previous(po, result.stdout.decode("utf-8"))
    po.fpath = str(path)
    return po, checked


def _early_parse(data: bytes) -> polib.POFile | None:
    """polib's reading of the file as it is, or None: only kept when msgcat finds the file
    canonical, so any failure here (the text may be anything) just waits for msgcat's."""
    try:
        return polib.pofile(data.decode("utf-8"), wrapwidth=79)
    except Exception:
        return None


def _catalog_bytes(path: Path) -> bytes:
    """The file's bytes, refused when gettext would misread them (`_refuse_unreadable_bytes`)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError(path, "no such catalog") from None
    except IsADirectoryError:
        raise CatalogError(path, "is a directory, not a catalog") from None
    except OSError as exc:
        raise CatalogError(path, f"cannot be read: {exc.strerror}") from None
    if not data.strip():
        raise CatalogError(path, "catalog is empty (not even a header)", 1)
    _refuse_unreadable_bytes(path, data)
    return data


def _refuse_unreadable_bytes(path: Path, data: bytes) -> None:
    """Refuse bytes GNU gettext would read without a word but not as the translator wrote them.

    A byte-order mark is a gettext syntax error; a NUL byte silently ends the string it is in
    (msgfmt and msgcat drop the rest of the translation); carriage returns without a line feed
    (classic Mac OS line endings) make the whole file one comment line, so it reads as a catalog
    with no entry and `update` would replace every translation with an empty one.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError(path, "catalog starts with a byte-order mark, which gettext rejects", 1)
    if (nul := data.find(b"\0")) >= 0:
        line = data.count(b"\n", 0, nul) + 1
        hint = " (is the file UTF-16? save it as UTF-8)" if nul < 4 else ""
        raise CatalogError(path, f"NUL byte in the text{hint}", line)
    if (cr := re.search(rb"\r(?!\n)", data)) is not None:
        raise CatalogError(
            path,
            "carriage return without a line feed (classic Mac OS line ending); "
            "save the file with LF or CRLF line endings",
            data.count(b"\n", 0, cr.start()) + 1,
        )


def _as_utf8(path: Path, data: bytes) -> bytes:
    """Decode per the charset header (the templates' placeholder `CHARSET` reads as UTF-8)."""
    found = _CHARSET.search(data)
    charset = found["name"].decode("ascii", "replace") if found else "UTF-8"
    try:
        codec = codecs.lookup("UTF-8" if charset.upper() == "CHARSET" else charset)
    except LookupError:
        raise CatalogError(
            path,
            f"unknown charset {charset!r}; convert the file to UTF-8 (msgconv -t UTF-8)",
            data.count(b"\n", 0, found.start()) + 1,
        ) from None
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogError(path, f"not valid {charset} text", line) from None
    if codec.name != "utf-8" and (line := _utf8_line(data)):
        raise CatalogError(
            path,
            f"the header says charset={charset} but the text is UTF-8 (it would read as "
            "mojibake); set charset=UTF-8 in the Content-Type header",
            line,
        )
    return _CHARSET_TEXT.sub(r"\g<1>UTF-8", text, count=1).encode("utf-8")


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _utf8_line(data: bytes) -> int | None:
    """Line of the first UTF-8 multibyte character when `data` is valid UTF-8 with some.

    Text in a single-byte charset almost never forms valid UTF-8 sequences (it would need
    pairs such as `Ã©`), so such a file was saved as UTF-8 under a wrong header.
    """
    found = _UTF8_MULTIBYTE.search(data)
    if found is None:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return data.count(b"\n", 0, found.start()) + 1


def _restore_obsolete_previous(po: polib.POFile, text: str) -> None:
    """polib 1.2 skips `#~|` lines; read the previous msgid of obsolete entries back in."""
    previous = []
    for block in text.split("\n\n"):
        lines = block.splitlines()
        if not any(line.startswith("#~ msgid ") for line in lines):
            continue
        fields: dict[str, str] = {}
        name = ""
        for line in lines:
            if not line.startswith("#~| "):
                continue
            rest = line[4:]
            if not rest.startswith('"'):
                name, _, rest = rest.partition(" ")
                fields[name] = ""
            fields[name] += polib.unescape(rest[1:-1])
        previous.append(fields)
    obsolete = [entry for entry in po if entry.obsolete]
    if len(obsolete) != len(previous):
        return
    for entry, fields in zip(obsolete, previous, strict=True):
        entry.previous_msgctxt = fields.get("msgctxt")
        entry.previous_msgid = fields.get("msgid")
        entry.previous_msgid_plural = fields.get("msgid_plural")


def _first_error(path: Path, stderr: str) -> CatalogError:
    found = [m for m in map(MSGFMT_LINE.match, stderr.splitlines()) if m and m["line"] != "0"]
    if not found:  # a file-level message ("PO file header missing"), then "found N fatal error"
        lines = [line for line in stderr.strip().splitlines() if "fatal error" not in line]
        lines = lines or stderr.strip().splitlines()
        message = lines[0].split(f"{path}: ", 1)[-1].split(": ", 1)[-1] if lines else ""
        return CatalogError(path, message.removeprefix("warning: ") or "rejected by msgfmt")
    message, line = found[0]["message"], int(found[0]["line"])
    if "duplicate message definition" in message and len(found) > 1:
        message += f" (first defined at line {found[1]['line']})"
    if message.startswith("end-of-line within string") and line > 1:
        line -= 1  # gettext counts the line break that ended the string: the string is above
    return CatalogError(path, message, line)


def po_text(po: polib.POFile) -> str:
    """The catalog as PO text, header fields in their own order, nothing wrapped or dropped.

    polib's own writer sorts unknown header fields, wraps comments and writes `#` for an empty
    header comment; msgcat keeps comments as they are, so none of that may reach it.
    """
    parts = []
    if po.header:
        parts.append("".join(f"# {line}".rstrip(" ") + "\n" for line in po.header.split("\n")))
    if po.metadata:
        header = polib.POEntry(
            msgid="", msgstr="".join(f"{k}: {v}\n" for k, v in po.metadata.items())
        )
        if po.metadata_is_fuzzy:
            header.flags.append("fuzzy")
        parts.append(header.__unicode__(wrapwidth=0) + "\n")
    entries = [e for e in po if not e.obsolete] + [e for e in po if e.obsolete]
    parts.extend(entry.__unicode__(wrapwidth=0) + "\n" for entry in entries)
    # GNU's reader joins a line ending in a backslash with the next one, comments included: a
    # comment ending so would swallow the line after it (a reference, a msgctxt). A space
    # after the backslash keeps every line its own.
    return _COMMENT_BACKSLASH.sub(r"\1\\ ", "\n".join(parts))


def canonical_text(po: polib.POFile) -> bytes:
    """The bytes GNU msgcat would write for this catalog (UTF-8), held to what `read_catalog`
    accepts (msgfmt's parse of the same text, run while msgcat lays it out), so no writer can
    leave a file the next read refuses: msgcat alone takes, say, an entry whose msgid begins
    with a newline and whose msgstr does not, or two entries with one msgid."""
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.encoding = "utf-8"
    where = po.fpath or "<catalog being written>"
    text = po_text(po).encode("utf-8")
    with ThreadPoolExecutor(1) as pool:
        check = pool.submit(gettext_tool, "msgfmt", "-o", os.devnull, "-", stdin=text)
        result = gettext_tool("msgcat", "--force-po", "--to-code=UTF-8", "-", stdin=text)
        checked = check.result()
    if checked.returncode != 0:
        error = _first_error(Path("<stdin>"), checked.stderr.decode("utf-8", "replace"))
        lines = text.decode("utf-8").splitlines()
        near = lines[error.line - 1].strip()[:60] if error.line else ""
        message = str(error).removeprefix(f"<stdin>:{error.line}: ").removeprefix("<stdin>: ")
        raise CatalogError(where, f"refusing to write an entry msgfmt rejects: {message}"
                           + (f" (at {near})" if near else ""))  # fmt: skip
    if result.returncode != 0:
        raise CatalogError(where, result.stderr.decode().strip())
    return result.stdout


def check_writable(path: Path) -> None:
    """Refuse a file its owner made read-only (an atomic rename would silently replace it)."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise CatalogError(path, f"cannot be examined: {exc.strerror}") from None
    if not mode & stat.S_IWUSR:
        raise CatalogError(path, "file is read-only; nothing was written")


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically (files.write_atomic); False when nothing changed.
    Errors become CatalogError naming the file; a read-only file is never replaced."""
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise CatalogError(path, f"cannot read existing file: {exc.strerror}") from None
    check_writable(path)
    try:
        return write_atomic(path, data)
    except OSError as exc:
        raise CatalogError(path, f"cannot write: {exc.strerror}") from None


def write_catalog(po: polib.POFile, path: Path) -> bool:
    """Write a catalog in GNU canonical form; return True if the file changed."""
    return write_bytes_atomic(path, canonical_text(po))


def compile_bytes(path: Path) -> bytes:
    """The .mo GNU msgfmt builds for a catalog (fuzzy entries left out), after `msgfmt -c`.

    The bytes are first held to what `read_catalog` accepts: msgfmt alone compiles a file with
    an unknown or wrong charset, a NUL byte or Mac line endings into a wrong or empty .mo.
    """
    path = Path(path)
    data = _catalog_bytes(path)
    result = gettext_tool("msgfmt", "--check", "-o", "-", str(path))
    if result.returncode != 0:
        raise _first_error(path, result.stderr.decode("utf-8", "replace"))
    _as_utf8(path, data)  # the charset checks, after msgfmt's, as in read_catalog
    return result.stdout


def compile_catalogs(
    project: Project, langs: Iterable[str] | None = None, docs: Iterable[str] | None = None
) -> dict[str, str]:
    """Compile catalogs to a .mo beside each; return {mo path: created|updated|unchanged|missing}.

    Every run compiles the current .po (msgfmt takes milliseconds; file times can lie) but
    writes only a .mo whose bytes change. All catalogs compile before any .mo is written, so
    one faulty catalog leaves every .mo as it was.
    """
    docs = list(docs) if docs else None
    compiled: dict[Path, bytes | None] = {}
    for lang in [check_target(code, "compile") for code in langs or target_languages(project)]:
        folder = project.locales / lang / "LC_MESSAGES"
        for doc in docs or sorted(path.stem for path in folder.glob("*.po")):
            po_path = project.catalog(lang, doc)
            compiled[po_path.with_suffix(".mo")] = (
                compile_bytes(po_path) if po_path.exists() else None
            )
    for mo_path in compiled:
        check_writable(mo_path)
    result = {}
    for mo_path, data in compiled.items():
        if data is None:
            status = "missing"
        else:
            existed = mo_path.exists()
            changed = write_bytes_atomic(mo_path, data)
            status = "unchanged" if not changed else ("updated" if existed else "created")
        result[project.relative(mo_path)] = status
    return result
