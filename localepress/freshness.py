"""Content keys for generated pages: a page is rebuilt only when one of its inputs changed.

Hash every input file's path and bytes with the parameters, keep the key in a state file
beside the output, and skip the work when a later run computes the same key and the outputs
are still there. The inputs of every cached result (an edition, the gate's verdict, a review
page, the status page) are listed here, in one place, so none is forgotten in one of them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from localepress.files import write_atomic
from localepress.languages import SOURCE_LANGUAGE, get_language
from localepress.project import INTERFACE, Project


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


def _brand(project: Project) -> list[Path]:
    return sorted(path for path in (project.source / "brand").rglob("*") if path.is_file())


def edition_key(
    project: Project,
    doc: str,
    lang: str,
    parameters: dict,
    stamp: str,
    links: Iterable[str],
    index: str = "",
) -> str:
    """One edition: its notebook, the data it reads (facts, geography…), termbase and brand,
    the document's and the page strings' catalogs, its parameters, the build date, the
    languages its switcher links to, the pack index it links to, and the package's code."""
    inputs = [project.notebook(doc), *sorted(project.source.glob("*.yml"))]
    inputs.append(project.source / "termbase.csv")
    inputs += _brand(project)
    if lang != SOURCE_LANGUAGE:
        inputs += [project.catalog(lang, doc), project.catalog(lang, INTERFACE)]
    meta = {"doc": doc, "lang": lang, "parameters": parameters, "stamp": stamp,
            "links": list(links), "index": index, "code": package_digest()}  # fmt: skip
    return content_key(project.root, inputs, meta)


def gate_key(project: Project, lang: str, docs: list[str], threshold: float) -> str:
    """The gate's verdict: the catalogs and templates of the documents and the page strings,
    the master notebooks (a segment not yet extracted is unfinished), the termbase, the
    spelling list, whether hunspell and its dictionary are there, the threshold and the
    checks' code."""
    domains = [*docs, INTERFACE]
    inputs = [project.catalog(lang, doc) for doc in domains]
    inputs += [project.template(doc) for doc in domains]
    inputs += [project.notebook(doc) for doc in docs]
    inputs += [project.source / "termbase.csv", project.source / "spelling" / f"{lang}.txt"]
    meta = {"lang": lang, "docs": docs, "threshold": threshold, "code": package_digest(),
            "hunspell": shutil.which("hunspell") is not None,
            "dictionary": get_language(lang).hunspell}  # fmt: skip
    return content_key(project.root, inputs, meta)


def review_key(project: Project, lang: str, domains: list[str], editions: dict[str, str]) -> str:
    """A review page: the catalogs and masters it shows, the termbase, the spelling list, the
    brand, the editions its entries link to (document → link) and the code."""
    inputs = [project.source / "termbase.csv", *_brand(project)]
    inputs.append(project.source / "spelling" / f"{lang}.txt")
    for doc in domains:
        inputs.append(project.catalog(lang, doc))
        inputs.append(project.template(doc))
        if doc != INTERFACE:
            inputs.append(project.notebook(doc))
    meta = {"lang": lang, "editions": editions, "code": package_digest()}
    return content_key(project.root, inputs, meta)


def status_key(project: Project, edition: str, langs: list[str], docs: list[str],
               manifest: Path | None) -> str:  # fmt: skip
    """The status page: its own edition's key, every catalog and template it counts, the pack
    manifest it compares with."""
    inputs = [project.template(doc) for doc in docs]
    inputs += [project.catalog(lang, doc) for lang in langs for doc in docs]
    if manifest is not None:
        inputs.append(manifest)
    return content_key(project.root, inputs, {"edition": edition})
