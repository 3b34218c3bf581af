"""What a hand-off sends and what comes back: one unit per catalog entry, named by a stable id.

The id is a short hash of msgctxt and msgid, so the same French gets the same id in every kit,
and a returned unit proves which French it was written for: `receive` recomputes it from the
unit's source. `sent` records the translation and its state at hand-off time as a digest, so
`receive` can tell a translation changed locally since the hand-off from one left alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polib

from localepress.catalogs.merge import msgstr_first

TRANSLATED, FUZZY, UNTRANSLATED = "translated", "fuzzy", "untranslated"
STATES = (UNTRANSLATED, FUZZY, TRANSLATED)


def unit_id(context: str | None, msgid: str) -> str:
    """`u` and 12 hex digits of SHA-1 over msgctxt EOT msgid (gettext's own key)."""
    key = msgid if context is None else f"{context}\x04{msgid}"
    return "u" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def state_of(entry: polib.POEntry) -> str:
    if not msgstr_first(entry):
        return UNTRANSLATED
    return FUZZY if entry.fuzzy else TRANSLATED


def forms_of(entry: polib.POEntry) -> tuple[str, ...]:
    """msgstr, or msgstr[0], msgstr[1]…"""
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def sources_of(entry: polib.POEntry) -> tuple[str, ...]:
    """The French each form translates: msgid for form 0, msgid_plural for the others."""
    if entry.msgid_plural:
        count = max(len(entry.msgstr_plural), 2)
        return (entry.msgid, *[entry.msgid_plural] * (count - 1))
    return (entry.msgid,)


def sent_digest(state: str, forms: tuple[str, ...]) -> str:
    """`state digest`: what a translation was when it left, in a form no tool rewrites."""
    data = "\x00".join((state, *forms)).encode("utf-8")
    return f"{state} {hashlib.sha1(data).hexdigest()[:12]}"


@dataclass(frozen=True)
class KitUnit:
    """One entry as the kit sends it."""

    doc: str
    uid: str
    context: str | None
    sources: tuple[str, ...]  # per form
    targets: tuple[str, ...]  # per form, "" when untranslated
    state: str
    notes: tuple[str, ...] = ()
    plural: bool = False

    @property
    def sent(self) -> str:
        return sent_digest(self.state, self.targets)

    @classmethod
    def from_entry(cls, doc: str, entry: polib.POEntry, notes=()) -> KitUnit:
        return cls(
            doc,
            unit_id(entry.msgctxt, entry.msgid),
            entry.msgctxt,
            sources_of(entry),
            forms_of(entry),
            state_of(entry),
            tuple(notes),
            bool(entry.msgid_plural),
        )


@dataclass
class ReturnedUnit:
    """One unit read back from a returned file; `problem` says why it cannot be taken."""

    doc: str
    uid: str
    context: str | None
    sources: tuple[str, ...]  # the French at hand-off, markup restored
    targets: tuple[str, ...]  # the returned translation, markup restored
    state: str  # the returned state
    sent: str  # sent_digest at hand-off ("" when the file lost it)
    where: str  # file:line, for reports
    notes: tuple[str, ...] = ()  # notes the agency or reviewer added
    problem: str = ""  # why the unit cannot be taken (codes repeated, unknown, out of order)
    missing: tuple[str, ...] = ()  # source codes the target dropped (the markup check decides)

    @property
    def verified(self) -> bool:
        """The id is the one the source and context give: the unit is ours, its French intact."""
        return bool(self.sources) and unit_id(self.context, self.sources[0]) == self.uid


def join_forms(found: list[tuple[bool, ReturnedUnit]]) -> list[ReturnedUnit]:
    """One unit per entry: the forms of a plural (`<id>.0`, `<id>.1`…, flagged True) joined."""
    units: list[ReturnedUnit] = []
    by_id: dict[str, ReturnedUnit] = {}
    for plural, unit in found:
        if not plural:
            units.append(unit)
            continue
        base = unit.uid.rsplit(".", 1)[0]
        joined = by_id.get(base)
        if joined is None:
            unit.uid = base
            by_id[base] = unit
            units.append(unit)
            continue
        joined.sources += unit.sources
        joined.targets += unit.targets
        joined.problem = joined.problem or unit.problem
        joined.missing += unit.missing
        joined.notes += unit.notes
        joined.state = min(joined.state, unit.state, key=STATES.index)  # the weakest form's
    return units
