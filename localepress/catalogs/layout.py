"""Writing a merged catalog as msgmerge writes it: GNU's own writer lays it out.

The entries are put down unwrapped, one line per string, obsolete entries last in each domain
and untranslated obsolete ones left out (as GNU's writer does), then `msgattrib` lays the
text out with msgmerge's options (width, sorting, locations): same code, same bytes. What
GNU's writer warns about (a non-ASCII msgid in a legacy charset) is told as msgmerge tells it,
at the message's own file and line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from localepress.catalogs.foreign import (
    DEFAULT_DOMAIN,
    ESCAPES,
    WRITER,
    Domain,
    Message,
    blocks,
    gnu_lines,
)
from localepress.catalogs.po import gettext_tool
from localepress.errors import GettextMessages

_TO_ESCAPE = re.compile(r'[\\"\n\t\r\a\b\f\v]')
_STDIN_LINE = re.compile(r"^<stdin>:(\d+): ")


def escape(text: str) -> str:
    reverse = {v: k for k, v in ESCAPES.items()}
    return _TO_ESCAPE.sub(lambda m: "\\" + reverse.get(m[0], m[0]), text)


def po_text(
    domains: Sequence[Domain], *, comments: bool = True, origins: dict[int, str] | None = None
) -> str:
    """PO text for GNU to lay out: one line per string, obsolete entries last per domain.

    `origins` receives {line of a msgid in the text: where that message came from}."""
    out: list[str] = []
    line = 1
    for index, domain in enumerate(domains):
        if not domain.messages:
            continue
        if index or domain.name != DEFAULT_DOMAIN:
            out.append(f'domain "{escape(domain.name)}"\n')
            line += 2
        ordered = [m for m in domain.messages if not m.obsolete]
        ordered += [m for m in domain.messages if m.obsolete and m.msgstr[0]]  # as GNU writes
        for message in ordered:
            text = entry_text(message, comments)
            if origins is not None and message.pos:
                before = re.split(r"^(?:#~ )?msgstr", text, maxsplit=1, flags=re.M)[0]
                origins[line + before.count("\n")] = message.pos
            out.append(text)
            line += text.count("\n") + 1
    return "\n".join(out)


def entry_text(m: Message, comments: bool) -> str:
    lines = []
    if comments:
        lines += [f"# {c}" if c else "#" for c in m.comments]
        lines += [f"#. {c}" if c else "#." for c in m.extracted]
        if m.references:
            lines.append("#: " + " ".join(m.references))
    if m.flags:
        lines.append("#, " + ", ".join(m.flags))
    keyword = "#~ " if m.obsolete else ""
    previous = "#~| " if m.obsolete else "#| "
    for name, value in (("msgctxt", m.prev_msgctxt), ("msgid", m.prev_msgid),
                        ("msgid_plural", m.prev_msgid_plural)):  # fmt: skip
        if value is not None:
            lines.append(f'{previous}{name} "{escape(value)}"')
    if m.msgctxt is not None:
        lines.append(f'{keyword}msgctxt "{escape(m.msgctxt)}"')
    lines.append(f'{keyword}msgid "{escape(m.msgid)}"')
    if m.msgid_plural is not None:
        lines.append(f'{keyword}msgid_plural "{escape(m.msgid_plural)}"')
        lines += [f'{keyword}msgstr[{i}] "{escape(s)}"' for i, s in enumerate(m.msgstr)]
    else:
        lines.append(f'{keyword}msgstr "{escape(m.msgstr[0])}"')
    return "\n".join(lines) + "\n"


def laid_out(
    text: str, codec: str, layout: Sequence[str], program: str, origins: dict[int, str]
) -> tuple[bytes, list[str]]:
    """The bytes GNU writes for `text` with msgmerge's layout options (`-w`, `-s`, `-F`…),
    and the warnings GNU's writer gives (a non-ASCII msgid in a legacy charset), pointing
    where msgmerge points: at the message's own file and line."""
    try:
        data = text.encode(codec, "surrogateescape")
    except UnicodeEncodeError:
        data = text.encode(codec, "replace")
    result = gettext_tool("msgattrib", *layout, "-o", "-", "-", stdin=data)
    said = []
    for block in blocks(gnu_lines(result.stderr, "msgattrib", program)):
        found = _STDIN_LINE.match(block[0])
        if found and WRITER.search(block[0]) and int(found[1]) in origins:
            head = f"{origins[int(found[1])]}: " + block[0][found.end() :]
            indent = " " * (len(head) - len(head.split(": warning: ", 1)[-1]))
            said += [head] + [indent + rest.lstrip(" ") for rest in block[1:]]
        elif result.returncode != 0:
            said += block
    if result.returncode != 0:
        raise GettextMessages(said)
    return result.stdout, said
