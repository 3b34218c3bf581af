"""The export pack: `output/<name>/` (the workflow's editions in one folder per language, the
language index and the manifest with sha256) and `output/<name>.zip`, both reproducible byte
for byte.

A run builds its editions in a staging folder that starts as a hard-linked copy of the previous
pack (`stage`), so unchanged editions are reused and the pack is untouched until the new one
is swapped in, folder and zip, at the very end (nothing writes into a staged file: every file
is replaced by a rename or a new file): a run stopped at any point leaves the previous
pack whole. A run that produces no pack (a language gated out, an edition failed) keeps its
staging folder as `.<name>.pending`, where the next run starts from. The zip holds what the
manifest lists: the editions, the index and the manifest; the folder also keeps each edition's
executed notebook and reuse record. Zip entries are sorted and carry one fixed timestamp
(SOURCE_DATE_EPOCH, else the last commit). Folders take their mode from the umask.

The index speaks to international partners: its own words (the workflow title) are English,
each language's entry carries that language's `lang`, and French brand terms are marked `fr`.
It is rendered with autoescaping; the marked titles are the only markup passed in.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import shutil
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from localepress.editions.export import TEMPLATE_DIR, brand_assets
from localepress.files import make_temp_dir
from localepress.languages import SOURCE_LANGUAGE, get_language, in_order
from localepress.pack.manifest import GENERATED, Manifest, describe, read_manifest
from localepress.quality.termbase import mark_french

FORMAT_LABELS = {"html": "HTML", "pdf": "PDF", "md": "Markdown"}
INDEX_LANGUAGE = "en"  # workflow titles are written in English for the partners


@dataclass(frozen=True)
class PackedEdition:
    doc: str
    lang: str
    title: str
    files: dict[str, str]  # format → path in the pack folder (`<lang>/<doc>.<format>`)
    completeness: float
    errors: int
    warnings: int


def stage(output: Path, name: str) -> Path:
    """A new staging folder for the pack `name`, holding hard links to the files of the last
    unfinished run (`.<name>.pending`) or else of the pack: what the next editions start from."""
    output.mkdir(parents=True, exist_ok=True)
    staging = make_temp_dir(output, f".{name}.building-")
    for source in (output / f".{name}.pending", output / name):
        if source.is_dir() and not source.is_symlink():
            shutil.copytree(source, staging, symlinks=True, copy_function=_link,
                            dirs_exist_ok=True)  # fmt: skip
            break
    return staging


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:  # another file system, or no hard links: a copy
        shutil.copy2(source, target, follow_symlinks=False)


def keep_pending(output: Path, name: str, staging: Path) -> None:
    """Keep a staging folder that gave no pack as `.<name>.pending`, for the next run."""
    pending = output / f".{name}.pending"
    _remove(pending)
    os.rename(staging, pending)


def build_pack(
    output: Path,
    name: str,
    folder: Path,
    title: str,
    editions: list[PackedEdition],
    brand_dir: Path,
    revision: str,
    stamp: dt.datetime,
    french_terms: Sequence[str] = (),
) -> tuple[Path, Path]:
    """Write the index and the manifest into `folder` (which holds the editions), leave out
    what is not the pack's, and swap it in as `output/<name>/` with `output/<name>.zip`."""
    files = [
        describe(folder, relative, e.lang, e.doc, fmt, completeness=e.completeness,
                 errors=e.errors, warnings=e.warnings)
        for e in editions
        for fmt, relative in sorted(e.files.items())
    ]  # fmt: skip
    _put(folder / "index.html", _index_html(title, editions, brand_dir, revision, french_terms))
    files.append(describe(folder, "index.html", INDEX_LANGUAGE, "index", "html"))
    manifest = Manifest(name, title, revision, stamp.strftime(GENERATED), tuple(files))
    _put(folder / "manifest.json", manifest.to_bytes())
    _prune(folder, manifest, editions)
    final, zip_path = output / name, output / f"{name}.zip"
    pending = folder.with_name(folder.name + ".zip")
    try:
        pending.write_bytes(_zip_bytes(folder, manifest, stamp))
        _swap(folder, final)  # the folder and the zip change together: two renames in a row
        os.replace(pending, zip_path)
    finally:
        pending.unlink(missing_ok=True)
    _remove(output / f".{name}.pending")
    return final, zip_path


def _put(path: Path, data: bytes) -> None:
    """Write a new file: a staging folder's files are hard links to the live pack's, which
    writing in place would change."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def _prune(folder: Path, manifest: Manifest, editions: list[PackedEdition]) -> None:
    """Remove what the pack does not hold: editions of languages, documents or formats the
    workflow no longer publishes. Each edition's notebook and reuse record stay."""
    keep = {*manifest.paths, "manifest.json"}
    for e in editions:
        keep |= {f"{e.lang}/{e.doc}.ipynb", f"{e.lang}/.{e.doc}.edition.json"}
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink() or (path.is_file() and relative not in keep):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _index_html(title: str, editions: list[PackedEdition], brand_dir: Path, revision: str,
                french_terms: Sequence[str] = ()) -> bytes:  # fmt: skip
    css, logo = brand_assets(brand_dir)
    languages = []
    for code in in_order({e.lang for e in editions}):
        language = get_language(code)
        docs = sorted((e for e in editions if e.lang == code), key=lambda e: e.doc)
        documents = [
            {"title": _marked(e.title, french_terms, code),
             "links": [{"href": e.files[f], "label": FORMAT_LABELS[f]}
                       for f in ("html", "pdf", "md") if f in e.files]}
            for e in docs
        ]  # fmt: skip
        languages.append(
            {"tag": language.html_tag, "name": language.name, "dir": language.direction,
             "documents": documents,
             "href": documents[0]["links"][0]["href"]}
        )  # fmt: skip
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True)
    page = env.get_template("pack-index.html.j2").render(
        lang=INDEX_LANGUAGE, title=title, heading=_marked(title, french_terms, INDEX_LANGUAGE),
        languages=languages, css=Markup(css), logo=logo, revision=revision,
    )  # fmt: skip
    return page.encode("utf-8")


def _marked(text: str, terms: Sequence[str], lang: str) -> Markup | str:
    """`text` with its French terms marked, as markup; French text is left to autoescaping."""
    if lang == SOURCE_LANGUAGE:
        return text
    return Markup(mark_french(text, terms, html.escape))


def _zip_bytes(folder: Path, manifest: Manifest, stamp: dt.datetime) -> bytes:
    when = max(stamp, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in sorted([*manifest.paths, "manifest.json"]):
            info = zipfile.ZipInfo(f"{manifest.name}/{relative}", when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (folder / relative).read_bytes())
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
    between the two renames of `_swap`, rebuild the zip from the folder if it died between
    the folder's rename and the zip's (the zip is the folder's, byte for byte), and remove
    what an interrupted run was building."""
    final, old = output / name, output / f".{name}.previous"
    if not final.exists() and not final.is_symlink() and old.is_dir() and not old.is_symlink():
        os.rename(old, final)
    for leftover in output.glob(f".{name}.building-*"):
        _remove(leftover)
    manifest = read_manifest(final / "manifest.json") if not final.is_symlink() else None
    if manifest is None:
        return
    zip_path = output / f"{name}.zip"
    try:
        with zipfile.ZipFile(zip_path) as archive:
            if archive.read(f"{name}/manifest.json") == (final / "manifest.json").read_bytes():
                return
    except (OSError, KeyError, zipfile.BadZipFile):
        pass
    stamp = dt.datetime.strptime(manifest.generated, GENERATED).replace(tzinfo=dt.UTC)
    pending = output / f".{name}.building-zip"
    pending.write_bytes(_zip_bytes(final, manifest, stamp))
    os.replace(pending, zip_path)
