"""Merging a translator's catalog with a new template, by GNU msgmerge 0.21's rules, in memory.

Entries follow the template. A msgid found in the old catalog (or, failing that, in a
compendium) keeps its translation, translator comments and fuzzy flag, and takes extracted
comments, references and every other flag from the template; it turns fuzzy when its plural
changed, when the template adds a format its translation breaks (msgfmt is asked) or narrows
a `range:`. A new msgid takes the translation of the most similar old msgid (fuzzy.py), marked
fuzzy; otherwise it is copied from the template as it stands. Old entries nobody uses become
obsolete (`#~`). The header keeps the translator's fields (header.py). No file IO here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import polib

from localepress.catalogs.foreign import DEFAULT_DOMAIN, Domain, Message
from localepress.catalogs.fuzzy import THRESHOLD, CompendiumIndex, FuzzyIndex, goal
from localepress.catalogs.header import merge_header
from localepress.catalogs.header import nplurals as header_nplurals

_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_RANGE = re.compile(r"range:\s*(\d+)\.\.(\d+)")
_PLURAL_FORMS = re.compile(r"Plural-Forms:\s*([^\n]*)")

FormatCheck = Callable[[Sequence[polib.POEntry], str | None], set[int]]

__all__ = ["FuzzyIndex", "MergeCounts", "MergeOptions", "merge", "merge_domains"]


@dataclass(frozen=True)
class MergeOptions:
    """msgmerge's merge options (its defaults); output layout is foreign.laid_out's business."""

    previous: bool = False  # --previous: keep `#|` previous msgids on fuzzy entries
    fuzzy_matching: bool = True  # -N turns it off
    for_msgfmt: bool = False  # only what msgfmt compiles: no untranslated, fuzzy, obsolete
    multi_domain: bool = False  # -m: the template applies to every domain of the catalog
    lang: str | None = None  # --lang: the Language field to set


@dataclass(frozen=True)
class MergeCounts:
    """What a merge did, in msgmerge's terms."""

    merged: int = 0  # found with the same msgctxt and msgid
    fuzzy: int = 0  # matched to a similar old msgid, marked fuzzy
    new: int = 0  # no translation to offer
    obsolete: int = 0  # old translated entries no longer in the template, kept as `#~`


@dataclass
class MergeResult:
    catalog: polib.POFile
    counts: MergeCounts


@dataclass
class _Run:
    """One merge's state: options, the compendium, what was used, the counts."""

    options: MergeOptions
    encoding: str
    format_check: FormatCheck | None
    messages_check: bool = False  # format_check takes Messages (foreign.format_failures)
    compendium: list[Message] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    was_plural: dict[int, bool] = field(default_factory=dict)  # merged entry → old was plural
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("merged", "fuzzy", "new", "obsolete"), 0))  # fmt: skip


def merge_domains(
    definitions: list[Domain],
    reference: list[Domain],
    *,
    options: MergeOptions | None = None,
    compendium: Sequence[Sequence[Message]] = (),
    encoding: str = "utf-8",
    format_check: FormatCheck | None = None,
    messages_check: bool = False,
) -> tuple[list[Domain], MergeCounts]:
    """msgmerge's merge of whole catalogs (domain by domain); the inputs are not modified."""
    options = options or MergeOptions()
    run = _Run(options, encoding, format_check, messages_check)
    exact_compendium = [_exact_index(messages) for messages in compendium]
    run.compendium = [m for messages in compendium for m in messages]
    comp_index = CompendiumIndex(run.compendium, encoding) if run.compendium else None
    result = [Domain(DEFAULT_DOMAIN)]

    def sublist(name: str) -> list[Message]:
        found = next((d for d in result if d.name == name), None)
        if found is None:
            result.append(found := Domain(name))
        return found.messages

    def old_of(name: str) -> list[Message]:
        return next((d.messages for d in definitions if d.name == name), [])

    if options.multi_domain:
        pairs = [(d.messages, reference[0].messages, d.name)
                 for k, d in enumerate(definitions) if k or d.messages]  # fmt: skip
    else:
        pairs = [(old_of(d.name), d.messages, d.name) for d in reference]
    for old, ref, name in pairs:
        _match_domain(run, old, _with_header(ref), exact_compendium, comp_index, sublist(name))
    if not options.for_msgfmt:
        for domain in definitions:
            for message in domain.messages:
                if id(message) not in run.used:
                    sublist(domain.name).append(_obsolete(message))
                    run.counts["obsolete"] += bool(message.msgstr[0]) and not message.is_header
    return result, MergeCounts(**run.counts)


def _with_header(messages: list[Message]) -> list[Message]:
    """The template's entries; msgmerge gives one without a header an empty one."""
    if any(m.is_header for m in messages):
        return messages
    return [Message(msgid=""), *messages]


def _exact_index(messages: Sequence[Message]) -> dict[tuple[str | None, str], Message]:
    index: dict[tuple[str | None, str], Message] = {}
    for message in messages:
        index.setdefault(message.key, message)
    return index


def _match_domain(run, old, refs, exact_compendium, comp_index, out: list[Message]) -> None:
    options = run.options
    own = _exact_index(old)
    header = own.get((None, ""))
    plurals = header_nplurals(header.msgstr[0] if header else None)
    found: list[tuple[Message | None, bool]] = []
    for ref in refs:  # msgmerge prefers a translated entry, then the catalog's own
        best, weight = None, 0
        for index in (own, *exact_compendium):
            candidate = index.get(ref.key)
            if candidate is not None:
                score = 1 if candidate.msgstr == [""] else 2
                if score > weight:
                    best, weight = candidate, score
        found.append((best, False))
    if options.fuzzy_matching:
        _fuzzy_matches(run, old, refs, found, comp_index)
    checks: list[tuple[Message, Message]] = []
    start = len(out)
    for ref, (match, fuzzy) in zip(refs, found, strict=True):
        if match is not None and not fuzzy:
            merged = _merge(run, match, ref, False, checks)
            run.counts["merged"] += not ref.is_header
            if options.for_msgfmt and (
                not merged.msgstr[0] or (merged.fuzzy and not ref.is_header)
            ):
                continue
        elif ref.is_header:
            continue
        elif match is not None:
            merged = _merge(run, match, ref, True, checks)
            run.counts["fuzzy"] += 1
        else:
            merged = _copy(ref)
            if merged.msgid_plural is not None and not any(merged.msgstr):
                merged.msgstr = [""] * plurals
            run.counts["new"] += 1
            if options.for_msgfmt and (not any(merged.msgstr) or merged.fuzzy):
                continue
        if match is not None:
            run.used.add(id(match))
        out.append(merged)
    _check_formats(run, checks, header)
    if options.for_msgfmt:  # what the format check made fuzzy is left out too
        out[start:] = [m for m in out[start:] if m.is_header or not m.fuzzy]
    _conform_plural_forms(run, out[start:])
    for message in out[start:]:
        if not message.fuzzy or not message.msgstr[0]:
            message.prev_msgctxt = message.prev_msgid = message.prev_msgid_plural = None


def _fuzzy_matches(run, old, refs, found, comp_index) -> None:
    wanted = [i for i, (match, _) in enumerate(found) if match is None and not refs[i].is_header]
    index = FuzzyIndex(list(old), run.encoding, translated_only=True)
    proposals = index.best([(refs[i].msgctxt, refs[i].msgid) for i in wanted])
    for i, proposal in zip(wanted, proposals, strict=True):
        if comp_index is not None:
            query = refs[i].msgid.encode(run.encoding, "replace")
            lower = float(THRESHOLD)
            if proposal is not None:
                key = proposal.msgid.encode(run.encoding, "replace")
                lower = goal(proposal, refs[i].msgctxt, query, key)
            other, value = comp_index.search(refs[i].msgctxt, refs[i].msgid, lower)
            if other is not None and (proposal is None or value > lower):
                proposal = other
        if proposal is not None:
            found[i] = (proposal, True)


def _merge(run, old: Message, ref: Message, force_fuzzy: bool, checks) -> Message:
    """msgmerge's message_merge: the template's msgid and flags, the old translation."""
    if ref.is_header:
        msgstr = [merge_header(old.msgstr[0], ref.msgstr[0], run.options.lang)]
        previous = (None, None, None)
    else:
        msgstr = list(old.msgstr)
        previous = ((old.prev_msgctxt, old.prev_msgid, old.prev_msgid_plural) if old.fuzzy
                    else (old.msgctxt, old.msgid, old.msgid_plural))  # fmt: skip
    result = Message(
        msgid=ref.msgid,
        msgstr=msgstr,
        msgctxt=ref.msgctxt,
        msgid_plural=ref.msgid_plural,
        comments=list(old.comments),
        extracted=list(ref.extracted),
        references=list(ref.references),
        flags=[flag for flag in ref.flags if flag != "fuzzy"],
        obsolete=ref.obsolete,
        pos=old.pos,
    )
    fuzzy = old.fuzzy or force_fuzzy or ref.msgid_plural != old.msgid_plural
    old_range, ref_range = _range(old), _range(ref)
    if old_range and not (
        ref_range and old_range[0] <= ref_range[0] <= ref_range[1] <= old_range[1]
    ):
        fuzzy = True
    result.set_fuzzy(fuzzy)
    if not fuzzy and not ref.is_header and _formats(ref) - _formats(old):
        checks.append((result, old))
    if run.options.previous:
        result.prev_msgctxt, result.prev_msgid, result.prev_msgid_plural = previous
    run.was_plural[id(result)] = old.msgid_plural is not None
    return result


def _check_formats(run, checks, header: Message | None) -> None:
    """Mark fuzzy the entries whose translation fails a format the template added."""
    if not checks or run.format_check is None:
        return
    forms = _PLURAL_FORMS.search(header.msgstr[0]) if header else None
    probes = (
        [entry for entry, _ in checks] if run.messages_check else [_probe(e) for e, _ in checks]
    )
    for i in run.format_check(probes, forms[1] if forms else None):
        checks[i][0].set_fuzzy(True)


def _conform_plural_forms(run, messages: list[Message]) -> None:
    """A singular translation given to a plural msgid fills every form, and vice versa."""
    header = next((m for m in messages if m.is_header), None)
    plurals = header_nplurals(header.msgstr[0] if header else None)
    for message in messages:
        was_plural = run.was_plural.pop(id(message), None)
        if was_plural is False and message.msgid_plural is not None:
            message.msgstr = message.msgstr * plurals
            message.set_fuzzy(True)
        elif was_plural and message.msgid_plural is None and len(message.msgstr) > 1:
            message.msgstr = message.msgstr[:1]
            message.set_fuzzy(True)


def _copy(message: Message) -> Message:
    return replace(message, msgstr=list(message.msgstr), comments=list(message.comments),
                   extracted=list(message.extracted), references=list(message.references),
                   flags=list(message.flags))  # fmt: skip


def _obsolete(message: Message) -> Message:
    """An unused old entry kept as `#~`: all but its extracted comments and references."""
    copy = _copy(message)
    copy.extracted, copy.references, copy.obsolete = [], [], True
    return copy


def _range(message: Message) -> tuple[int, int] | None:
    found = next((_RANGE.match(flag) for flag in message.flags if flag.startswith("range:")), None)
    return (int(found[1]), int(found[2])) if found else None


def _formats(message: Message) -> set[str]:
    """Format languages the entry may be in (`c-format`, `possible-c-format`)."""
    names = set()
    for flag in message.flags:
        if flag.endswith("-format") and not flag.startswith(("no-", "impossible-")):
            names.add(flag.removeprefix("possible-"))
    return names


def _probe(message: Message) -> polib.POEntry:
    entry = polib.POEntry(msgctxt=message.msgctxt, msgid=message.msgid, flags=list(message.flags))
    if message.msgid_plural is not None:
        entry.msgid_plural = message.msgid_plural
        entry.msgstr_plural = dict(enumerate(message.msgstr))
    else:
        entry.msgstr = message.msgstr[0]
    return entry


# --- the project's catalogs (update.py): polib in, polib out ---------------------------------


def merge(
    old: polib.POFile,
    template: polib.POFile,
    *,
    previous: bool = True,
    format_check: FormatCheck | None = None,
) -> MergeResult:
    """Merge `old` (a translator's catalog) with `template`, as `msgmerge [--previous]`."""
    domains, counts = merge_domains(
        [Domain(DEFAULT_DOMAIN, to_messages(old))],
        [Domain(DEFAULT_DOMAIN, to_messages(template))],
        options=MergeOptions(previous=previous),
        format_check=format_check,
    )
    return MergeResult(to_pofile(domains[0].messages), counts)


def to_messages(po: polib.POFile) -> list[Message]:
    messages = []
    if po.metadata:
        header = Message(msgid="", msgstr=["".join(f"{k}: {v}\n" for k, v in po.metadata.items())])
        header.comments = po.header.split("\n") if po.header else []
        header.set_fuzzy(po.metadata_is_fuzzy)
        messages.append(header)
    for e in po:
        forms = [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)] if e.msgid_plural else None
        messages.append(Message(
            msgid=e.msgid, msgstr=forms or [e.msgstr], msgctxt=e.msgctxt,
            msgid_plural=e.msgid_plural or None,
            comments=e.tcomment.split("\n") if e.tcomment else [],
            extracted=e.comment.split("\n") if e.comment else [],
            references=[f"{f}:{n}" if n else f for f, n in e.occurrences],
            flags=list(e.flags), prev_msgctxt=e.previous_msgctxt, prev_msgid=e.previous_msgid,
            prev_msgid_plural=e.previous_msgid_plural, obsolete=bool(e.obsolete),
        ))  # fmt: skip
    return messages


def to_pofile(messages: list[Message]) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    for m in messages:
        if m.is_header and not m.obsolete:
            po.header = "\n".join(m.comments)
            po.metadata_is_fuzzy = m.fuzzy
            for line in m.msgstr[0].split("\n"):
                name, colon, value = line.partition(":")
                if colon:
                    po.metadata[name] = value.strip()
            continue
        entry = polib.POEntry(
            msgid=m.msgid, msgctxt=m.msgctxt, tcomment="\n".join(m.comments),
            comment="\n".join(m.extracted), flags=list(m.flags), obsolete=m.obsolete,
            occurrences=[tuple(r.rsplit(":", 1)) if ":" in r else (r, "") for r in m.references],
        )  # fmt: skip
        if m.msgid_plural is not None:
            entry.msgid_plural = m.msgid_plural
            entry.msgstr_plural = dict(enumerate(m.msgstr))
        else:
            entry.msgstr = m.msgstr[0]
        entry.previous_msgctxt = m.prev_msgctxt
        entry.previous_msgid = m.prev_msgid
        entry.previous_msgid_plural = m.prev_msgid_plural
        po.append(entry)
    return po


def nplurals(plural_forms: str | None) -> int:
    """Number of plural forms a Plural-Forms header declares (gettext's default is 2)."""
    found = _NPLURALS.search(plural_forms or "")
    return int(found[1]) if found else 2


def conform_plurals(po: polib.POFile, count: int) -> int:
    """Give every plural entry `count` forms; return how many were changed (and marked fuzzy).

    Used when the Plural-Forms header is corrected: forms written for another rule need review.
    """
    changed = 0
    for entry in po:
        if entry.msgid_plural and len(entry.msgstr_plural) != count:
            forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            forms = (forms + [""] * count)[:count]
            entry.msgstr_plural = dict(enumerate(forms))
            if msgstr_first(entry) and not entry.fuzzy:
                entry.flags.insert(0, "fuzzy")
            changed += 1
    return changed


def msgstr_first(entry: polib.POEntry) -> str:
    """The translation GNU tests for "translated": msgstr, or msgstr[0] of a plural entry."""
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr
