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

Beside the editions the pack holds its pages (`pressroom`: the language chooser `index.html`
and a press room `<lang>/index.html` per language), the contact cards and the logo pack
(`assets`), `manifest.json` with its JSON Schema `manifest.schema.json`, and `quality.json`
(`manifest`). The press rooms show the zip's size, so they are rendered until the size shown
is the size of the zip that holds them (the last run's size first: usually one pass).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from localepress.files import make_temp_dir, umask
from localepress.languages import get_language, in_order
from localepress.pack import assets
from localepress.pack.manifest import (
    CURRENT,
    GENERATED,
    MANY_LANGUAGES,
    NO_LANGUAGE,
    Manifest,
    PackFile,
    describe,
    read_manifest,
    schema_bytes,
)  # fmt: skip
from localepress.pack.pressroom import (
    FORMAT_ORDER,
    PackPages,
    Room,
    RoomDocument,
    RoomFile,
    chooser_html,
    human_size,
    room_html,
)  # fmt: skip


@dataclass(frozen=True)
class PackedEdition:
    doc: str
    lang: str
    title: str
    files: dict[str, str]  # format → path in the pack folder (`<lang>/<doc>.<format>`)
    completeness: float
    errors: int
    warnings: int
    status: str = CURRENT  # outdated: the language's last good edition, kept
    based_on: str = ""  # outdated: the date of the French text it follows


@dataclass(frozen=True)
class PackExtras:
    """What the press rooms add to the editions (all optional: a bare pack has none)."""

    documents: Sequence[str] = ()  # the workflow's order: the press kit first
    contacts: Sequence[assets.Contact] = ()
    translator: Callable = lambda lang: None  # lang → the interface catalog's gettext, or None
    omitted: Sequence[str] = ()  # languages left out: no good edition yet


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
    mode = 0o777 & ~umask()  # copytree copies the folders' modes: a 0700 pack would stay so
    for folder in (staging, *(p for p in staging.rglob("*") if p.is_dir() and not p.is_symlink())):
        os.chmod(folder, mode)
    return staging


def place_copy(source: Path, target: Path) -> None:
    """Put `source` (a file of the live pack) at `target` in a staging folder, as a new link."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    _link(str(source), str(target))


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
    extras: PackExtras | None = None,
) -> tuple[Path, Path]:
    """Write the press rooms, the language chooser, the contact cards, the logo pack, the
    manifest (with its schema) and quality.json into `folder` (which holds the editions),
    leave out what is not the pack's, and swap it in as `output/<name>/` with
    `output/<name>.zip`."""
    extras = extras or PackExtras()
    _drop_links(folder)
    order = list(extras.documents) or sorted({e.doc for e in editions})
    editions = sorted(editions, key=lambda e: (e.lang, _rank(order, e.doc)))
    files, figures = _edition_files(folder, editions)
    rooms = _rooms(folder, editions, order, figures)
    organisation = _organisation(rooms)
    pages = PackPages(title, brand_dir, list(extras.contacts), [], f"{name}.zip",
                      extras.translator, french_terms, list(extras.omitted))  # fmt: skip
    pages.logos = assets.write_logo_pack(folder, brand_dir)
    for card in assets.write_cards(folder, pages.contacts, organisation):
        contact = next(c for c in pages.contacts if c.card == card)
        files.append(describe(folder, card, NO_LANGUAGE, "contact", "vcf", title=contact.name))
    for logo in pages.logos:
        fmt = "png" if logo.width else "svg"
        files.append(describe(folder, logo.path, NO_LANGUAGE, "logo", fmt, title=logo.title))
    _put(folder / "index.html", chooser_html(rooms, pages))
    files.append(describe(folder, "index.html", MANY_LANGUAGES, "index", "html", title=title))
    _put(folder / "manifest.schema.json", schema_bytes())
    files.append(describe(folder, "manifest.schema.json", NO_LANGUAGE, "data", "json",
                          title="JSON Schema of manifest.json"))  # fmt: skip
    base = Manifest(name, title, revision, stamp.strftime(GENERATED), tuple(files))
    _put(folder / "quality.json", base.quality_bytes())
    files.append(describe(folder, "quality.json", NO_LANGUAGE, "data", "json",
                          title="Translation quality per edition"))  # fmt: skip
    manifest, data = _with_rooms(output, name, folder, base.with_files(files), rooms, pages,
                                 stamp)  # fmt: skip
    _prune(folder, manifest, editions)
    final, zip_path = output / name, output / f"{name}.zip"
    pending = folder.with_name(folder.name + ".zip")
    try:
        pending.write_bytes(data)
        _swap(folder, final)  # the folder and the zip change together: two renames in a row
        os.replace(pending, zip_path)
    finally:
        pending.unlink(missing_ok=True)
    _remove(output / f".{name}.pending")
    return final, zip_path


def _edition_files(folder: Path, editions: list[PackedEdition]) -> tuple[list[PackFile], dict]:
    """The editions' files, and the figures drawn out of each HTML edition (as files too)."""
    files = [_edition_file(folder, e, fmt, relative)
             for e in editions for fmt, relative in sorted(e.files.items())]  # fmt: skip
    figures = {}
    for e in (e for e in editions if "html" in e.files):
        found = assets.write_figures(folder, e.lang, e.doc, folder / e.files["html"])
        figures[(e.lang, e.doc)] = found
        files += [_edition_file(folder, e, path.rsplit(".", 1)[1], path, f.caption or f.alt)
                  for f in found for path in (f.png, f.svg) if path]  # fmt: skip
    return files, figures


def _rank(order: list[str], doc: str) -> int:
    return order.index(doc) if doc in order else len(order)


def _edition_file(folder: Path, e: PackedEdition, fmt: str, relative: str,
                  title: str = "") -> PackFile:  # fmt: skip
    pages = _pdf_pages(folder / relative) if fmt == "pdf" else None
    kind = "png" if relative.endswith(".png") else fmt
    return describe(folder, relative, get_language(e.lang).html_tag, e.doc, kind,
                    completeness=e.completeness, errors=e.errors, warnings=e.warnings,
                    title=title or e.title, language_name=get_language(e.lang).name, pages=pages,
                    status=e.status, based_on=e.based_on)  # fmt: skip


def _pdf_pages(path: Path) -> int | None:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except (pikepdf.PdfError, OSError):
        return None


def _rooms(folder: Path, editions: list[PackedEdition], order: list[str],
           figures: dict) -> list[Room]:  # fmt: skip
    rooms = []
    for code in in_order({e.lang for e in editions}):
        mine = [e for e in editions if e.lang == code]
        if not mine:
            continue
        documents = []
        for e in mine:
            files = [RoomFile(f"../{relative}", fmt, (folder / relative).stat().st_size,
                              _pdf_pages(folder / relative) if fmt == "pdf" else None)
                     for fmt, relative in e.files.items() if fmt in FORMAT_ORDER]  # fmt: skip
            share = f"../{e.files['share']}" if "share" in e.files else ""
            drawn = figures.get((e.lang, e.doc), [])
            documents.append(RoomDocument(e.title, files, share, drawn))
        html = next((e.files["html"] for e in mine if "html" in e.files), "")
        rooms.append(Room(code, documents, folder / html if html else folder / "-",
                          mine[0].based_on))  # fmt: skip
    return rooms


def _organisation(rooms: list[Room]) -> str:
    """The press office as the French edition writes it (for the contact cards)."""
    from localepress.pack.pressroom import edition_intro

    french = next((r for r in rooms if r.lang == "fr"), rooms[0] if rooms else None)
    return edition_intro(french.edition).get("organisation_text", "") if french else ""


def _with_rooms(output, name, folder, manifest: Manifest, rooms, pages, stamp):
    """Write the press rooms, which show the zip's size, and the manifest and zip that hold
    them: re-rendered until the size shown is the zip's own (the last zip's size first)."""
    zip_path = output / f"{name}.zip"
    size = zip_path.stat().st_size if zip_path.is_file() else 0
    for _attempt in range(6):
        files = list(manifest.files)
        for room in rooms:
            relative = f"{room.lang}/index.html"
            _put(folder / relative, room_html(room, rooms, pages, size))
            language = get_language(room.lang)
            translate = pages.translator(room.lang) or str
            files.append(describe(folder, relative, language.html_tag, "press-room", "html",
                                  title=translate("Espace presse"),
                                  language_name=language.name))  # fmt: skip
        complete = manifest.with_files(files)
        _put(folder / "manifest.json", complete.to_bytes())
        data = _unchanged_zip(zip_path, name, complete.to_bytes())
        data = data or _zip_bytes(folder, complete, stamp)
        if human_size(len(data), "en") == human_size(size, "en"):
            break
        size = len(data)
    return complete, data


def _unchanged_zip(zip_path: Path, name: str, manifest: bytes) -> bytes | None:
    """The live zip's bytes when it holds this very manifest: every file it lists has the
    same sha256 and the zip the same timestamp, so a new zip would be the same bytes."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            if archive.read(f"{name}/manifest.json") == manifest:
                return zip_path.read_bytes()
    except (OSError, KeyError, zipfile.BadZipFile):
        pass
    return None


def _drop_links(folder: Path) -> None:
    """Symbolic links are never the pack's: removed before anything is written through one."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_symlink():
            path.unlink()


def _put(path: Path, data: bytes) -> None:
    """Write a new file: a staging folder's files are hard links to the live pack's, which
    writing in place would change."""
    path.parent.mkdir(parents=True, exist_ok=True)
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
