"""Asking GNU msgfmt which translations break their format (`msgfmt --check-format`).

msgmerge marks an entry fuzzy when the template adds a format flag its translation fails, so a
catalog that passed `msgfmt -c` still does after the merge; asking msgfmt itself keeps every
format language GNU knows (c, python, python-brace…) without a checker of our own.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import polib

from localepress.catalogs.po import MSGFMT_LINE, gettext_tool


def format_errors(entries: Sequence[polib.POEntry], plural_forms: str | None) -> set[int]:
    """Indexes of the entries whose translation `msgfmt --check-format` rejects."""
    if not entries:
        return set()
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    if plural_forms:
        header += f'"Plural-Forms: {plural_forms}\\n"\n'
    chunks, starts, line = [header], [], header.count("\n") + 2
    for entry in entries:
        probe = polib.POEntry(
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural,
            msgstr=entry.msgstr,
            msgstr_plural=dict(entry.msgstr_plural),
            flags=[flag for flag in entry.flags if flag != "fuzzy"],
        )
        text = probe.__unicode__(wrapwidth=0) + "\n"
        starts.append(line)
        line += text.count("\n") + 1
        chunks.append(text)
    result = gettext_tool(
        "msgfmt", "--check-format", "-o", os.devnull, "-", stdin="\n".join(chunks).encode()
    )
    failing = set()
    for match in map(MSGFMT_LINE.match, result.stderr.decode("utf-8", "replace").splitlines()):
        if match and int(match["line"]) >= starts[0]:
            failing.add(max(i for i, start in enumerate(starts) if start <= int(match["line"])))
    return failing
