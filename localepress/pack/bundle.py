"""The export pack: `output/<name>/` (language index, one folder per language, manifest with
sha256) and `output/<name>.zip`, both reproducible byte for byte.

The pack is assembled in a temporary folder and swapped in at the end; a run stopped at any
point leaves the previous pack whole. Zip entries are sorted and carry one fixed timestamp
(SOURCE_DATE_EPOCH, else the last commit).

The index speaks to international partners: its own words (the workflow title) are English,
each language's entry carries that language's `lang`, and French brand terms are marked `fr`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from localepress.editions.export import TEMPLATE_DIR, brand_assets
from localepress.languages import LANGUAGES

FORMAT_LABELS = {"html": "HTML", "pdf": "PDF", "md": "Markdown"}
INDEX_LANGUAGE = "en"  # workflow titles are written in English for the partners
_SUFFIX = {"html": ".html", "pdf": ".pdf", "md": ".md", "share": ".share.png"}


@dataclass(frozen=True)
class PackedEdition:
    doc: str
    lang: str
    title: str
    files: dict[str, Path]  # format → built file
    completeness: float
    errors: int
    warnings: int


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def build_pack(
    output: Path,
    name: str,
    title: str,
    editions: list[PackedEdition],
    brand_dir: Path,
    revision: str,
    stamp: dt.datetime,
    french_terms: Sequence[str] = (),
) -> tuple[Path, Path]:
    """Assemble and swap in `output/<name>/` and `output/<name>.zip`; return both paths."""
    final = output / name
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.building-", dir=output))
    try:
        entries = []
        for edition in sorted(editions, key=lambda e: (list(LANGUAGES).index(e.lang), e.doc)):
            for fmt, source in sorted(edition.files.items()):
                relative = f"{edition.lang}/{edition.doc}{_SUFFIX[fmt]}"
                (staging / edition.lang).mkdir(exist_ok=True)
                shutil.copyfile(source, staging / relative)
                entries.append(
                    {
                        "path": relative,
                        "sha256": sha256(staging / relative),
                        "size": (staging / relative).stat().st_size,
                        "language": edition.lang,
                        "document": edition.doc,
                        "format": fmt,
                        "completeness": round(edition.completeness, 2),
                        "checks": {"errors": edition.errors, "warnings": edition.warnings},
                    }
                )
        index = _index_html(title, editions, brand_dir, revision, french_terms)
        (staging / "index.html").write_bytes(index)
        entries.append(
            {"path": "index.html", "sha256": hashlib.sha256(index).hexdigest(), "size": len(index),
             "language": INDEX_LANGUAGE, "document": "index", "format": "html"}
        )  # fmt: skip
        manifest = {
            "name": name,
            "title": title,
            "source_revision": revision,
            "generated": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "files": sorted(entries, key=lambda e: e["path"]),
        }
        data = (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()
        (staging / "manifest.json").write_bytes(data)
        zip_path = output / f"{name}.zip"
        pending = staging.with_name(staging.name + ".zip")
        pending.write_bytes(_zip_bytes(staging, name, stamp))
        _swap(staging, final)  # the folder and the zip change together: two renames in a row
        os.replace(pending, zip_path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        staging.with_name(staging.name + ".zip").unlink(missing_ok=True)
    return final, zip_path


def mark_terms(text: str, terms: Sequence[str], lang: str) -> str:
    """`text` as HTML, with the French terms in it wrapped in <span lang="fr"> outside French."""
    if lang == "fr" or not terms:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [html.escape(text[last : match.start()]), '<span lang="fr">']
        parts += [html.escape(match.group()), "</span>"]
        last = match.end()
    return "".join(parts) + html.escape(text[last:])


def _index_html(
    title: str, editions: list[PackedEdition], brand_dir: Path, revision: str, french_terms=()
) -> bytes:
    css, logo = brand_assets(brand_dir)
    languages = []
    for code, language in LANGUAGES.items():
        docs = [e for e in editions if e.lang == code]
        if not docs:
            continue
        documents = [
            {
                "title": mark_terms(e.title, french_terms, code),
                "links": [
                    {"href": f"{code}/{e.doc}{_SUFFIX[f]}", "label": FORMAT_LABELS[f]}
                    for f in ("html", "pdf", "md")
                    if f in e.files
                ],
            }
            for e in sorted(docs, key=lambda e: e.doc)
        ]
        languages.append(
            {"tag": language.html_tag, "name": language.name, "documents": documents,
             "href": documents[0]["links"][0]["href"]}
        )  # fmt: skip
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=False)
    page = env.get_template("pack-index.html.j2").render(
        lang=INDEX_LANGUAGE, title=title, heading=mark_terms(title, french_terms, INDEX_LANGUAGE),
        languages=languages, css=css, logo=logo, revision=revision,
    )  # fmt: skip
    return page.encode("utf-8")


def _zip_bytes(folder: Path, name: str, stamp: dt.datetime) -> bytes:
    import io

    when = max(stamp, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{name}/{path.relative_to(folder).as_posix()}", when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _swap(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` with two renames; `recover` mends a swap cut in between."""
    old = final.with_name(f".{final.name}.previous")
    _remove(old)
    if final.exists() or final.is_symlink():
        os.rename(final, old)
    os.rename(staging, final)
    _remove(old)


def _remove(path: Path) -> None:
    """Delete a file, a folder or a symbolic link (never what a link points to)."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def recover(output: Path, name: str) -> None:
    """Mend a pack whose run died mid-swap: put back the previous folder if the run died
    between the two renames of `_swap`, and rebuild the zip from the folder if it died
    between the folder's rename and the zip's (the zip is the folder's, byte for byte)."""
    final, old = output / name, output / f".{name}.previous"
    if not final.exists() and not final.is_symlink() and old.is_dir() and not old.is_symlink():
        os.rename(old, final)
    for leftover in output.glob(f".{name}.building-*"):
        _remove(leftover)
    manifest = final / "manifest.json"
    if final.is_symlink() or not manifest.is_file():
        return
    zip_path = output / f"{name}.zip"
    try:
        with zipfile.ZipFile(zip_path) as archive:
            if archive.read(f"{name}/manifest.json") == manifest.read_bytes():
                return
    except (OSError, KeyError, zipfile.BadZipFile):
        pass
    stamp = dt.datetime.strptime(json.loads(manifest.read_bytes())["generated"],
                                 "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)  # fmt: skip
    pending = output / f".{name}.building-zip"
    pending.write_bytes(_zip_bytes(final, name, stamp))
    os.replace(pending, zip_path)
