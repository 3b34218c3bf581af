"""`localepress merge`: GNU msgmerge's command, file handling included, on any catalog.

Reads the compendiums, the translator's file and the template (in msgmerge's order, so the
first error is msgmerge's), settles the output charset as msgmerge does (the translator's,
UTF-8 when the template is UTF-8, a compendium's when the catalog is empty), merges
(merge.py), lays the result out with msgmerge's layout options, and writes it: to the output
file atomically, to standard output, or back over the translator's file with `--update`
(only when something other than POT-Creation-Date changed, after a backup if asked).
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from localepress.catalogs.foreign import Catalog, Domain, Message, decoded, parse, read_all
from localepress.catalogs.layout import entry_text, escape, laid_out, po_text
from localepress.catalogs.merge import MergeCounts, MergeOptions, merge_domains
from localepress.catalogs.po import MSGFMT_LINE, gettext_tool, write_bytes_atomic
from localepress.errors import GettextMessages

PROGRAM = "localepress merge"
_POT_DATE = re.compile(r"POT-Creation-Date:[^\"]*?\\n")
_BACKUPS = {"none": "none", "off": "none", "simple": "simple", "never": "simple",
            "existing": "existing", "nil": "existing",
            "numbered": "numbered", "t": "numbered"}  # fmt: skip


@dataclass(frozen=True)
class Layout:
    """msgmerge's output options, handed to GNU's writer."""

    width: int | None = None
    wrap: bool = True
    sort_output: bool = False
    sort_by_file: bool = False
    location: str | None = None  # "never", "full", "file"
    force_po: bool = False

    def args(self) -> list[str]:
        args = ["--force-po"]
        if self.width is not None:
            args.append(f"--width={self.width}")
        if not self.wrap:
            args.append("--no-wrap")
        args += ["--sort-output"] if self.sort_output else []
        args += ["--sort-by-file"] if self.sort_by_file else []
        if self.location == "never":
            args.append("--no-location")
        elif self.location:
            args.append(f"--add-location={self.location}")
        return args


@dataclass
class Merged:
    """A merge's result: the bytes to write (None: nothing, as msgmerge writes nothing)."""

    data: bytes | None
    counts: MergeCounts
    warnings: list[str] = field(default_factory=list)  # GNU's reader warnings, in its words
    unchanged: bool = False  # --update: the file already says all this


def merged_bytes(
    definitions: Path,
    reference: Path,
    *,
    options: MergeOptions | None = None,
    layout: Layout | None = None,
    compendiums: tuple[Path, ...] = (),
    update: bool = False,
) -> Merged:
    """What `msgmerge [options] DEF REF` writes, for any two files; writes nothing."""
    options, layout = options or MergeOptions(), layout or Layout()
    warnings: list[str] = []
    try:
        *comps, old, ref = read_all([*compendiums, definitions, reference], PROGRAM, warnings)
        codec = _output_codec(old, ref, comps, str(definitions))
    except GettextMessages as exc:
        raise GettextMessages(warnings + exc.lines) from None
    if ref.codec != codec and not any(_is_utf8(d) for d in ref.domains):
        ref = decoded(ref, codec)  # its bytes go unconverted into the catalog
    domains, counts = merge_domains(
        old.domains,
        ref.domains,
        options=options,
        compendium=[d.messages for c in comps for d in c.domains],
        encoding=codec,
        format_check=format_failures,
        messages_check=True,
    )
    origins: dict[int, str] = {}
    text = po_text(domains, comments=not options.for_msgfmt, origins=origins)
    written = any(not m.is_header for d in domains for m in d.messages)
    if not written and not (layout.force_po or options.for_msgfmt or update):
        return Merged(None, counts, warnings)
    location = "never" if options.for_msgfmt else layout.location
    args = Layout(**{**layout.__dict__, "location": location}).args()
    data, written = laid_out(text, codec, args, PROGRAM, origins)
    if update and _same_but_date(text, codec, layout, old):
        return Merged(None, counts, warnings, unchanged=True)
    return Merged(data, counts, warnings + written)


def _output_codec(old: Catalog, ref: Catalog, comps: list[Catalog], path: str) -> str:
    """msgmerge's charset rules; converting to UTF-8 rewrites the catalog's header."""
    if any(_is_utf8(d) for d in ref.domains):
        return _to_utf8(old, path)
    if not comps:
        return old.codec
    if old.portable and all(_encodable(c, old.codec) for c in comps):
        return old.codec
    if old.empty:
        known = {codecs.lookup(c.charset).name if c.portable else None for c in comps}
        if len(known) == 1 and None not in known:
            return known.pop()
    return _to_utf8(old, path)


def _to_utf8(old: Catalog, path: str) -> str:
    for domain in old.domains:
        header = domain.header()
        charset = re.search(r"charset=([^ \t\n]*)", header.msgstr[0]) if header else None
        ascii_only = all(_ascii(m) for m in domain.messages)
        pot_placeholder = path.endswith(".pot") and charset and charset[1] == "CHARSET"
        if charset and not (old.portable and _known(charset[1])) and not pot_placeholder:
            raise GettextMessages([f'{PROGRAM}: present charset "{charset[1]}" is not a '
                                   "portable encoding name"])  # fmt: skip
        if charset:
            set_charset(header, "UTF-8")
        elif not ascii_only:
            raise GettextMessages([f"{PROGRAM}: input file doesn't contain a header entry with "
                                   "a charset specification"])  # fmt: skip
    return "utf-8"


def _is_utf8(domain: Domain) -> bool:
    header = domain.header()
    found = re.search(r"charset=([^ \t\n]*)", header.msgstr[0]) if header else None
    return bool(found) and found[1].upper() == "UTF-8"


def _known(charset: str | None) -> bool:
    try:
        return bool(charset) and bool(codecs.lookup(charset))
    except LookupError:
        return False


def _encodable(catalog: Catalog, codec: str) -> bool:
    try:
        for domain in catalog.domains:
            for m in domain.messages:
                "".join([m.msgctxt or "", m.msgid, m.msgid_plural or "", *m.msgstr]).encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _ascii(m) -> bool:
    return "".join([m.msgctxt or "", m.msgid, m.msgid_plural or "", *m.msgstr]).isascii()


def _same_but_date(text: str, codec: str, layout: Layout, old: Catalog) -> bool:
    """msgmerge -U leaves a catalog alone when only POT-Creation-Date would change (it
    compares the merge, sorted as asked, with the catalog as read)."""
    order = Layout(sort_output=layout.sort_output, sort_by_file=layout.sort_by_file)
    data, _ = laid_out(text, codec, [*order.args(), "--no-wrap"], PROGRAM, {})
    merged = po_text(parse(data.decode(codec, "surrogateescape")))
    before = po_text(old.domains)
    return _POT_DATE.sub("POT-Creation-Date:", merged, 1) == _POT_DATE.sub(
        "POT-Creation-Date:", before, 1
    )


def write_merge(
    merged: Merged, target: Path, *, update: bool, backup: str | None, suffix: str | None
) -> str:
    """Write a merge to `target` (with --update, the catalog itself, backed up first);
    return created, updated or unchanged."""
    existed = target.exists()
    if merged.data is None:
        return "unchanged" if existed else "merged"
    if update:
        back_up(target, backup, suffix)
    if not write_output(target, merged.data):
        return "unchanged"
    return "updated" if existed else "created"


def write_output(path: Path, data: bytes) -> bool:
    """Write atomically; a device (/dev/stdout, /dev/null) is written as it is."""
    path = Path(path)
    if path.exists() and not path.is_file():
        with open(path, "wb") as handle:
            handle.write(data)
        return True
    return write_bytes_atomic(path, data)


def back_up(path: Path, control: str | None, suffix: str | None) -> Path | None:
    """Copy `path` aside as msgmerge's --backup does (GNU's VERSION_CONTROL rules)."""
    control = control or os.environ.get("VERSION_CONTROL") or "existing"
    kind = _BACKUPS.get(control)
    if kind is None:
        raise GettextMessages([f"{PROGRAM}: invalid argument '{control}' for 'backup type'",
                               "Valid arguments are: 'none', 'off', 'simple', 'never', "
                               "'existing', 'nil', 'numbered', 't'"])  # fmt: skip
    if kind == "none":
        return None
    suffix = suffix or os.environ.get("SIMPLE_BACKUP_SUFFIX") or "~"
    numbers = [int(m[1]) for p in path.parent.glob(f"{path.name}.~*~")
               if (m := re.fullmatch(re.escape(path.name) + r"\.~(\d+)~", p.name))]  # fmt: skip
    if kind == "numbered" or (kind == "existing" and numbers):
        target = path.with_name(f"{path.name}.~{max(numbers, default=0) + 1}~")
    else:
        target = path.with_name(path.name + suffix)
    shutil.copy2(path, target)
    return target


def set_charset(header: Message, charset: str) -> None:
    """Rewrite the charset a header declares, as GNU's conversion does."""
    header.msgstr[0] = re.sub(r"charset=[^ \t\n]*", f"charset={charset}", header.msgstr[0], count=1)


def format_failures(entries: Sequence, plural_forms: str | None) -> set[int]:
    """Indexes of the entries whose translation breaks their format flags, as msgmerge checks
    them: msgfmt with the header's plural rule (gettext's `n != 1` without one), which
    tells which plural form may leave a placeholder out."""
    rule = plural_forms or "nplurals=2; plural=(n != 1);"
    chunks = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              f'"Plural-Forms: {escape(rule)}\\n"\n']  # fmt: skip
    starts, line = [], 6
    for entry in entries:
        flags = [f for f in entry.flags if f != "fuzzy"]
        probe = Message(msgid=entry.msgid, msgctxt=entry.msgctxt, msgid_plural=entry.msgid_plural,
                        msgstr=list(entry.msgstr), flags=flags)  # fmt: skip
        text = entry_text(probe, comments=False)
        starts.append(line)
        line += text.count("\n") + 1
        chunks.append(text)
    result = gettext_tool("msgfmt", "--check-format", "--check-header", "-o", os.devnull, "-",
                          stdin="\n".join(chunks).encode())  # fmt: skip
    failing = set()
    for found in map(MSGFMT_LINE.match, result.stderr.decode("utf-8", "replace").splitlines()):
        if found and int(found["line"]) >= starts[0]:
            failing.add(max(i for i, start in enumerate(starts) if start <= int(found["line"])))
    return failing
