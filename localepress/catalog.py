"""The gettext adapter: the only module that reads and writes .po, .pot and .mo files.

GNU gettext is the reference translators' tools follow, so it is used twice: `msgfmt` parses
every file first (its messages name file and line, duplicates included), and `msgcat` gives
every file we write its canonical GNU form, so Poedit, Weblate and msgmerge find nothing to
rewrap. polib holds the entries in memory. Writes go to a temporary file renamed into place,
and an unchanged file is never rewritten.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib

from localepress.errors import CatalogError, ToolMissingError

_GNU_INSTALL_HINT = "GNU gettext is required: install it with `apt-get install gettext`"
_MSGFMT_LINE = re.compile(r"^(?P<path>.*?):(?P<line>\d+):(?:\d+:)? (?P<message>.*)$")


def gettext_tool(name: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run a GNU gettext program, with a clear message when it is missing."""
    exe = shutil.which(name)
    if exe is None:
        raise ToolMissingError(f"{name} not found. {_GNU_INSTALL_HINT}")
    return subprocess.run([exe, *args], input=stdin, capture_output=True, check=False)


def read_catalog(path: Path) -> polib.POFile:
    """Parse a .po/.pot file; any error names the file and the line GNU msgfmt points at."""
    path = Path(path)
    if not path.is_file():
        raise CatalogError(path, "no such catalog")
    if not os.access(path, os.R_OK):
        raise CatalogError(path, "catalog is not readable")
    data = path.read_bytes()
    if not data.strip():
        raise CatalogError(path, "catalog is empty (not even a header)", 1)
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError(path, "catalog starts with a byte-order mark, which gettext rejects", 1)
    checked = gettext_tool("msgfmt", "-o", os.devnull, str(path))
    if checked.returncode != 0:
        raise _first_error(path, checked.stderr.decode("utf-8", "replace"))
    try:
        return polib.pofile(str(path), wrapwidth=79)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise CatalogError(path, f"cannot be parsed: {exc}") from None


def _first_error(path: Path, stderr: str) -> CatalogError:
    found = [m for m in map(_MSGFMT_LINE.match, stderr.splitlines()) if m and m["line"] != "0"]
    if not found:
        lines = stderr.strip().splitlines()
        return CatalogError(path, lines[-1].split(": ", 1)[-1] if lines else "rejected by msgfmt")
    message = found[0]["message"]
    if "duplicate message definition" in message and len(found) > 1:
        message += f" (first defined at line {found[1]['line']})"
    return CatalogError(path, message, int(found[0]["line"]))


def canonical_text(po: polib.POFile) -> bytes:
    """The bytes GNU msgcat would write for this catalog (UTF-8)."""
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.encoding = "utf-8"
    result = gettext_tool("msgcat", "--to-code=UTF-8", "-", stdin=str(po).encode("utf-8"))
    if result.returncode != 0:
        raise CatalogError("<catalog being written>", result.stderr.decode().strip())
    return result.stdout


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a temporary file; return False when nothing changed."""
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise CatalogError(path, f"cannot read existing file: {exc.strerror}") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            if path.exists():
                shutil.copymode(path, tmp)
            else:
                os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CatalogError(path, f"cannot write: {exc.strerror}") from None
    return True


def write_catalog(po: polib.POFile, path: Path) -> bool:
    """Write a catalog in GNU canonical form; return True if the file changed."""
    return write_bytes_atomic(path, canonical_text(po))
