"""The pack's `manifest.json`: what a partner received, file by file, with its sha256.

One dataclass and its read/write pair, used by the pack (`bundle`), the status page
(`translators.status`) and whatever reads a pack later. The JSON keeps its keys sorted and is
byte-identical for the same pack.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

GENERATED = "%Y-%m-%dT%H:%M:%SZ"  # how `generated` is written


@dataclass(frozen=True)
class PackFile:
    path: str  # relative to the pack folder, "/"-separated
    sha256: str
    size: int
    language: str
    document: str  # "index" for the language index
    format: str
    completeness: float | None = None  # editions only: % of the template translated
    errors: int | None = None  # editions only: check errors and warnings of the language
    warnings: int | None = None

    def as_dict(self) -> dict:
        data = {k: v for k, v in asdict(self).items() if k not in ("errors", "warnings")}
        if self.completeness is None:
            del data["completeness"]
        else:
            data["checks"] = {"errors": self.errors or 0, "warnings": self.warnings or 0}
        return data

    @classmethod
    def from_dict(cls, data: dict) -> PackFile:
        checks = data.get("checks") or {}
        return cls(
            data["path"], data["sha256"], int(data["size"]), data["language"],
            data["document"], data["format"], data.get("completeness"),
            checks.get("errors"), checks.get("warnings"),
        )  # fmt: skip


@dataclass(frozen=True)
class Manifest:
    name: str
    title: str
    source_revision: str
    generated: str  # build date, GENERATED format
    files: tuple[PackFile, ...] = field(default_factory=tuple)

    def to_bytes(self) -> bytes:
        data = {
            "name": self.name,
            "title": self.title,
            "source_revision": self.source_revision,
            "generated": self.generated,
            "files": [f.as_dict() for f in sorted(self.files, key=lambda f: f.path)],
        }
        return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        """Parse a manifest; ValueError when it is not one."""
        try:
            raw = json.loads(data)
            files = tuple(PackFile.from_dict(item) for item in raw.get("files", []))
            return cls(raw["name"], raw.get("title", ""), raw.get("source_revision", ""),
                       raw["generated"], files)  # fmt: skip
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a pack manifest: {exc}") from None

    @property
    def paths(self) -> list[str]:
        return [f.path for f in self.files]


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at `path`, or None when there is none (or it is not one)."""
    try:
        return Manifest.from_bytes(Path(path).read_bytes())
    except (OSError, ValueError):
        return None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(folder: Path, relative: str, language: str, document: str, fmt: str,
             **edition) -> PackFile:  # fmt: skip
    """A pack file's manifest entry, its digest and size read from `folder/relative`."""
    path = folder / relative
    return PackFile(relative, sha256(path), path.stat().st_size, language, document, fmt,
                    **edition)  # fmt: skip
