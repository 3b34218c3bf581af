"""The pack's `manifest.json`: what a partner received, file by file, and `quality.json`.

One dataclass and its read/write pair, used by the pack (`bundle`), the status page
(`translators.status`) and whatever reads a pack later. The manifest speaks to partners: per
file its title in its language, language tag and name, format, MIME type, size, sha256, pages
(PDF) and status (`current`, or `outdated` for a language's last good edition kept while its
update is in translation, with the date of the French text it follows, `based_on`); the
source revision and the content date once at the top. Its JSON Schema (`SCHEMA`) is published
in the pack as `manifest.schema.json`. The QA figures (completeness, check counts) are the
team's, not the partners': they go to `quality.json`. JSON keys are sorted: the same pack
gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

GENERATED = "%Y-%m-%dT%H:%M:%SZ"  # how `generated` is written
CURRENT, OUTDATED = "current", "outdated"
MIME_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
    "png": "image/png",
    "svg": "image/svg+xml",
    "vcf": "text/vcard",
    "json": "application/json",
}
NO_LANGUAGE, MANY_LANGUAGES = "zxx", "mul"  # BCP 47: no linguistic content; several languages


@dataclass(frozen=True)
class PackFile:
    path: str  # relative to the pack folder, "/"-separated
    sha256: str
    size: int
    language: str  # BCP 47 tag (zxx: images, contact cards, data; mul: the language chooser)
    document: str  # the document's name, or "press-room", "index", "contact", "logo", "data"
    format: str
    completeness: float | None = None  # editions only (quality.json): % of the template
    errors: int | None = None  # editions only (quality.json): check errors of the language
    warnings: int | None = None
    title: str = ""  # in the file's language
    language_name: str = ""  # the language's own name
    pages: int | None = None  # PDF only
    status: str = CURRENT
    based_on: str = ""  # outdated only: the date of the French text it was translated from

    def as_dict(self) -> dict:
        data = {
            "path": self.path, "sha256": self.sha256, "size": self.size,
            "language": self.language, "language_name": self.language_name,
            "document": self.document, "format": self.format, "title": self.title,
            "mime_type": MIME_TYPES.get(self.format, "application/octet-stream"),
            "status": self.status,
        }  # fmt: skip
        if self.pages is not None:
            data["pages"] = self.pages
        if self.based_on:
            data["based_on"] = self.based_on
        return data

    @classmethod
    def from_dict(cls, data: dict, quality: dict | None = None) -> PackFile:
        qa = (quality or {}).get(data["path"], {})
        return cls(
            data["path"], data["sha256"], int(data["size"]), data["language"],
            data["document"], data["format"], qa.get("completeness"), qa.get("errors"),
            qa.get("warnings"), data.get("title", ""), data.get("language_name", ""),
            data.get("pages"), data.get("status", CURRENT), data.get("based_on", ""),
        )  # fmt: skip


@dataclass(frozen=True)
class Manifest:
    name: str
    title: str
    source_revision: str
    generated: str  # build date, GENERATED format
    files: tuple[PackFile, ...] = field(default_factory=tuple)

    @property
    def content_date(self) -> str:
        """The date of the French text the current editions follow (YYYY-MM-DD)."""
        return self.generated[:10]

    def to_bytes(self) -> bytes:
        data = {
            "name": self.name,
            "title": self.title,
            "source_revision": self.source_revision,
            "content_date": self.content_date,
            "generated": self.generated,
            "files": [f.as_dict() for f in sorted(self.files, key=lambda f: f.path)],
        }
        return _json(data)

    def quality_bytes(self) -> bytes:
        """quality.json: per edition its completeness and its language's check counts."""
        rows = {
            f.path: {"completeness": f.completeness, "errors": f.errors or 0,
                     "warnings": f.warnings or 0, "language": f.language,
                     "document": f.document, "status": f.status}
            for f in self.files
            if f.completeness is not None
        }  # fmt: skip
        return _json({"name": self.name, "source_revision": self.source_revision,
                      "generated": self.generated, "editions": rows})  # fmt: skip

    @classmethod
    def from_bytes(cls, data: bytes, quality: bytes | None = None) -> Manifest:
        """Parse a manifest (and its quality.json); ValueError when it is not one."""
        try:
            raw = json.loads(data)
            qa = json.loads(quality).get("editions", {}) if quality else {}
            files = tuple(PackFile.from_dict(item, qa) for item in raw.get("files", []))
            return cls(raw["name"], raw.get("title", ""), raw.get("source_revision", ""),
                       raw["generated"], files)  # fmt: skip
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a pack manifest: {exc}") from None

    @property
    def paths(self) -> list[str]:
        return [f.path for f in self.files]

    def with_files(self, files) -> Manifest:
        return replace(self, files=tuple(files))


def _json(data: dict) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at `path` with the quality.json beside it, or None when there is none (or
    it is not one)."""
    path = Path(path)
    try:
        quality = path.with_name("quality.json")
        extra = quality.read_bytes() if quality.is_file() else None
        return Manifest.from_bytes(path.read_bytes(), extra)
    except (OSError, ValueError):
        return None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(folder: Path, relative: str, language: str, document: str, fmt: str,
             **details) -> PackFile:  # fmt: skip
    """A pack file's manifest entry, its digest and size read from `folder/relative`."""
    path = folder / relative
    return PackFile(relative, sha256(path), path.stat().st_size, language, document, fmt,
                    **details)  # fmt: skip


_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "path",
        "sha256",
        "size",
        "language",
        "language_name",
        "document",
        "format",
        "title",
        "mime_type",
        "status",
    ],
    "properties": {
        "path": {"type": "string", "pattern": r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "size": {"type": "integer", "minimum": 0},
        "language": {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
        "language_name": {"type": "string"},
        "document": {"type": "string"},
        "format": {"enum": sorted(MIME_TYPES)},
        "title": {"type": "string"},
        "mime_type": {"enum": sorted(set(MIME_TYPES.values()))},
        "pages": {"type": "integer", "minimum": 1},
        "status": {"enum": [CURRENT, OUTDATED]},
        "based_on": {"type": "string", "format": "date"},
    },
}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "manifest.schema.json",
    "title": "localepress export pack manifest",
    "description": "What a pack holds, file by file: titles in each file's language, MIME "
    "types, sizes, sha256, PDF page counts and whether an edition is current or outdated "
    "(its language's last good edition, kept while the update is in translation).",
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "title", "source_revision", "content_date", "generated", "files"],
    "properties": {
        "name": {"type": "string"},
        "title": {"type": "string"},
        "source_revision": {"type": "string"},
        "content_date": {"type": "string", "format": "date"},
        "generated": {"type": "string", "format": "date-time"},
        "files": {"type": "array", "items": _FILE},
    },
}


def schema_bytes() -> bytes:
    return _json(SCHEMA)
