"""Findings about a catalog as a whole: what `msgfmt -c` says, a Plural-Forms that is not the
language table's, and a catalog older than its template (stale).

None of them belongs to one translation, so `# ignore-check` cannot silence them.
"""

from __future__ import annotations

import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from localepress.catalogs.po import MSGFMT_LINE
from localepress.catalogs.positions import Positions
from localepress.catalogs.stats import completeness
from localepress.languages import GNU_DEFAULT_PLURAL_FORMS, get_language, same_plural_rule
from localepress.quality.checks.issue import ERROR, WARNING

PLURAL_FORMS = "plural-forms"
STALE = "stale"
MSGFMT = "msgfmt"


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    msgid: str
    check: str
    severity: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def plural_forms_findings(po: polib.POFile, lang: str, name: str, where: Positions):
    """An error when the catalog's plural rule is not the language table's.

    The compiled catalog carries its own rule into the edition, so a wrong one picks the wrong
    form at run time although msgfmt accepts it. No header means gettext's default rule.
    """
    expected = get_language(lang).plural_forms
    found = po.metadata.get("Plural-Forms")
    if same_plural_rule(found or GNU_DEFAULT_PLURAL_FORMS, expected):
        return []
    what = f"Plural-Forms {found!r}" if found else "no Plural-Forms (gettext assumes n != 1)"
    message = (
        f"{what} contradicts the language table's {expected!r}; "
        f"`localepress update -l {lang}` sets it"
    )
    return [Finding(name, where.header, "", PLURAL_FORMS, ERROR, message)]


def stale_findings(
    po: polib.POFile, template: polib.POFile, lang: str, name: str, template_name: str, where
) -> list[Finding]:
    """An error when template entries are missing (the catalog is older than its template:
    they would be published in French and counted untranslated), a warning for entries the
    template no longer has; `update` mends both."""
    measured = completeness(po, template)
    findings = []
    if measured.missing:
        findings.append(
            Finding(name, where.header, "", STALE, ERROR,
                    f"{measured.missing} entries of {template_name} are missing (the catalog "
                    f"is older than its template); `localepress update -l {lang}` adds them")
        )  # fmt: skip
    if measured.extra:
        findings.append(
            Finding(name, where.header, "", STALE, WARNING,
                    f"{measured.extra} entries are no longer in {template_name}; "
                    f"`localepress update -l {lang}` keeps their translations as obsolete (#~)")
        )  # fmt: skip
    return findings


def msgfmt_findings(
    path: Path, name: str, result: subprocess.CompletedProcess, where: Positions
) -> list[Finding]:
    """`msgfmt -c`'s messages (`result`, run on `path`) as findings at the line it names."""
    messages: list[list] = []  # [line, message]
    for raw in result.stderr.decode("utf-8", "replace").splitlines():
        match = MSGFMT_LINE.match(raw)
        if match and match["line"] != "0":
            messages.append([int(match["line"]), match["message"]])
        elif raw.startswith(f"msgfmt: {path}: "):
            messages.append([1, raw.removeprefix(f"msgfmt: {path}: ")])
        elif raw[:1].isspace() and messages:
            messages[-1][1] += " " + raw.strip()
    findings = []
    for line, message in messages:
        severity = WARNING if message.startswith("warning:") else ERROR
        findings.append(
            Finding(name, line, where.msgid_at(line), MSGFMT, severity,
                    message.removeprefix("warning: "))
        )  # fmt: skip
    if result.returncode != 0 and not any(f.severity == ERROR for f in findings):
        # msgfmt -c refused the file on a warning alone (no header): compile would fail too
        first = findings[0].message if findings else "rejected"
        findings.append(Finding(name, 1, "", MSGFMT, ERROR, f"msgfmt -c refuses the file: {first}"))
    return findings
