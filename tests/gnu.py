"""The GNU gettext tools as test oracles: what msgfmt, msgcat and msgmerge say about a file."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_STATISTICS = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


def run(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, check=False)


def msgfmt_check(path: Path) -> str:
    """`msgfmt -c` on the file; returns stderr, raising if msgfmt rejects it."""
    result = run("msgfmt", "-c", "-o", "/dev/null", path)
    assert result.returncode == 0, result.stderr.decode()
    return result.stderr.decode()


def msgcat(path: Path) -> bytes:
    result = run("msgcat", path)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def assert_gnu_canonical(path: Path) -> None:
    """The file passes `msgfmt -c` and is byte-identical to what msgcat prints for it."""
    msgfmt_check(path)
    assert msgcat(path) == Path(path).read_bytes(), f"{path} is not in msgcat's form"


def msgfmt_statistics(path: Path) -> dict[str, int]:
    """{translated, fuzzy, untranslated} as `msgfmt --statistics` reports them."""
    result = run("msgfmt", "--statistics", "-o", "/dev/null", path)
    assert result.returncode == 0, result.stderr.decode()
    counts = dict.fromkeys(("translated", "fuzzy", "untranslated"), 0)
    for number, kind in _STATISTICS.findall(result.stderr.decode()):
        counts[kind] = int(number)
    return counts


def msgmerge(definitions: Path, reference: Path, *, previous: bool = True) -> bytes:
    """msgmerge's output; --force-po because localepress writes a header-only catalog too."""
    flags = ["--previous"] if previous else []
    result = run("msgmerge", "--quiet", "--force-po", *flags, definitions, reference, "-o", "-")
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout
