"""The Apertium adapter: offline machine translation of French segments (fr→oc, fr→es).

Apertium must not touch what the checks hold translators to: Markdown and HTML markup, link
targets, numbers, brace placeholders, URLs, e-mail addresses and the termbase's do-not-translate
terms (it turns "Le Sud Ingénieux" into "Lo Sud Engenhós"). Each of those spans is swapped for
an inline tag, the text goes through `apertium -f html` (tags pass through untouched) and the
spans are swapped back. `-u` drops the `*` unknown-word marks; `#` and `@` marks (a word the
generator or the bilingual dictionary lacks) are removed too: every such character of the
source is inside a protected span. A suggestion that lost or doubled a placeholder is dropped.

All segments of a call go through one Apertium process (about 0.8 s to start), separated by
`<hr>`, which Apertium treats as a block boundary: words never combine across segments.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence

from localepress.errors import ApertiumError, ToolMissingError

PACKAGES = {"fra-oci": "apertium-oci-fra", "fr-es": "apertium-fr-es"}  # mode → Debian package
INSTALL_HINT = "apt-get install apertium apertium-oci-fra apertium-fr-es"
TIMEOUT = 300  # seconds for one call (a whole catalog)

_SEPARATOR = "\n<hr>\n"
_SEPARATOR_OUT = re.compile(r"\s*<hr\b[^>]*>\s*")
_PLACEHOLDER = '<x id="{}"/>'
_PLACEHOLDER_OUT = re.compile(r'<x id="(\d+)"\s*/?>(?:</x>)?')
_MARKS = re.compile(r"[*#@](?=\w)")
_PROTECTED = [
    r"<sup>[^<>]*</sup>",  # ordinal suffixes (2<sup>e</sup>) travel with their number
    r"<[^<>\n]*>",  # HTML tags and autolinks
    r"`[^`\n]*`",  # code spans
    r"!?\[|\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)|\]",  # link and image brackets and targets
    r"https?://[^\s<>()\[\]]+",
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
    r"\{[^{}\s]*\}",  # brace placeholders
    r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);",  # character references
    r"\\\n|\\[!-/:-@\[-`{-~]",  # hard line breaks and backslash escapes
    r"\*+|_+|~~",  # emphasis markers
    r"\n",
    r"[#@]\w+",  # hashtags and handles
    r"\d+(?:[.,\u00a0\u202f]\d+)*",  # numbers, with their separators
]


def available_modes() -> set[str]:
    """The translation modes Apertium has installed; ToolMissingError without Apertium."""
    exe = shutil.which("apertium")
    if exe is None:
        raise ToolMissingError(
            f"Apertium is not installed, so no machine suggestions: {INSTALL_HINT}"
        )
    listed = subprocess.run([exe, "-l"], capture_output=True, text=True, check=False)
    return set(listed.stdout.split())


def require_mode(mode: str) -> None:
    """Raise ToolMissingError naming the Debian package when `mode` is not installed."""
    if mode not in available_modes():
        package = PACKAGES.get(mode, f"the apertium package providing {mode}")
        raise ToolMissingError(
            f"Apertium mode {mode} is not installed: apt-get install {package} ({INSTALL_HINT})"
        )


def protect(text: str, keep: Sequence[str] = ()) -> tuple[str, list[str]]:
    """`text` as Apertium's HTML input, each protected span a numbered tag; return the spans."""
    spans: list[str] = []

    def swap(match: re.Match) -> str:
        spans.append(match.group())
        return _PLACEHOLDER.format(len(spans) - 1)

    parts, last = [], 0
    for match in _pattern(tuple(keep)).finditer(text):
        parts += [html.escape(text[last : match.start()], quote=False), swap(match)]
        last = match.end()
    parts.append(html.escape(text[last:], quote=False))
    return "".join(parts), spans


def restore(text: str, spans: Sequence[str]) -> str | None:
    """Apertium's output with the spans put back; None when a placeholder was lost or doubled."""
    found = [int(i) for i in _PLACEHOLDER_OUT.findall(text)]
    if sorted(found) != list(range(len(spans))):
        return None
    pieces = _PLACEHOLDER_OUT.split(text)  # text, id, text, id, …, text
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(spans[int(piece)])
        else:
            out.append(html.unescape(_MARKS.sub("", piece)))
    return "".join(out)


def translate(texts: Sequence[str], mode: str, keep: Iterable[str] = ()) -> list[str | None]:
    """Translate each text with Apertium `mode`; None where the markup could not be kept.

    `keep` lists terms to pass through as written (do-not-translate terms); a term matches with
    its first letter in either case, as the termbase check accepts. Leading and trailing
    whitespace of each text is kept as it was.
    """
    if not texts:
        return []
    require_mode(mode)
    keep = tuple(keep)
    prepared = [protect(text.strip(), keep) for text in texts]
    stdin = _SEPARATOR.join(body for body, _ in prepared) + "\n"
    try:
        result = subprocess.run(
            [shutil.which("apertium") or "apertium", "-u", "-f", "html", mode],
            input=stdin.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ApertiumError(f"apertium {mode} gave no answer within {TIMEOUT} s") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ApertiumError(f"apertium {mode} failed: {detail[-1] if detail else 'no message'}")
    outputs = _SEPARATOR_OUT.split(result.stdout.decode("utf-8").strip())
    if len(outputs) != len(texts):
        raise ApertiumError(
            f"apertium {mode} returned {len(outputs)} segments for {len(texts)}: "
            "a segment separator was lost"
        )
    suggestions = []
    for text, (_, spans), output in zip(texts, prepared, outputs, strict=True):
        restored = restore(output.strip(), spans)
        if restored is None or not restored.strip():
            suggestions.append(None)
            continue
        head = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()) :]
        suggestions.append(head + restored + tail)
    return suggestions


def _pattern(keep: tuple[str, ...]) -> re.Pattern:
    terms = [
        f"(?<!\\w)[{re.escape(term[0].upper())}{re.escape(term[0].lower())}]"
        f"{re.escape(term[1:])}(?!\\w)"
        for term in sorted(set(keep), key=lambda t: (-len(t), t))
        if term
    ]
    return re.compile("|".join([*terms, *_PROTECTED]))
