"""The translator comments `receive` writes: check findings and the agency's notes.

Findings replace the ones an earlier `receive` wrote (lines starting with the mark), so a
clean translation coming back clears them; notes are added once each, never removed.
"""

from __future__ import annotations

import polib

from localepress.catalogs.formats import format_errors


def set_findings(entry: polib.POEntry, findings: list[str], mark: str) -> bool:
    """Replace `mark` lines of the translator comment with one line per finding."""
    lines = [line for line in (entry.tcomment or "").split("\n") if line]
    kept = [line for line in lines if not line.startswith(mark)]
    new = kept + [f"{mark} check error, {finding}" for finding in findings]
    entry.tcomment = "\n".join(new)
    return new != lines


def add_notes(entry: polib.POEntry, notes) -> bool:
    """Add each returned note (`agency note: …`, `review: …`) not already a comment line."""
    lines = [line for line in (entry.tcomment or "").split("\n") if line]
    new = lines + [
        line for note in notes for line in (" ".join(note.split()),) if line and line not in lines
    ]
    if new == lines:
        return False
    entry.tcomment = "\n".join(dict.fromkeys(new))
    return True


def format_findings(entry: polib.POEntry, po: polib.POFile) -> list[str]:
    """msgfmt's format check for entries with a format flag (python-brace-format…)."""
    if not any(flag.endswith("-format") and not flag.startswith("no-") for flag in entry.flags):
        return []
    if format_errors([entry], po.metadata.get("Plural-Forms")):
        return ["msgfmt: the placeholders do not match the French (msgfmt --check-format)"]
    return []
