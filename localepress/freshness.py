"""Content keys for generated pages: a page is rebuilt only when one of its inputs changed.

The approach of `editions.publish.edition_key` / `reusable`: hash every input file's path and
bytes with the parameters, keep the key in a state file beside the output, and skip the work
when a later run computes the same key and the outputs are still there.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from localepress.files import write_atomic


def content_key(root: Path, paths: Iterable[Path], meta: dict) -> str:
    """sha256 of each path (relative to `root`) with its bytes, then of `meta` as JSON."""
    digest = hashlib.sha256()
    for path in paths:
        path = Path(path)
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    digest.update(json.dumps(meta, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def recall(state: Path, key: str, outputs: Iterable[Path]) -> dict | None:
    """What `remember` stored with `key`, when the key matches and every output exists."""
    try:
        record = json.loads(Path(state).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    return record if all(Path(path).exists() for path in outputs) else None


def remember(state: Path, key: str, **data) -> None:
    """Store `key` (and a small summary of the outputs) for the next run's `recall`."""
    record = json.dumps({"key": key, **data}, sort_keys=True, ensure_ascii=False)
    write_atomic(Path(state), record.encode("utf-8"))


@functools.cache
def package_digest() -> str:
    """Hash of the package's own code and templates: a new version rebuilds every edition."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".json"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
