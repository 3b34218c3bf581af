"""The termbase: `source/termbase.csv`, one row per French term, read into plain data.

Columns: `fr` and one per target language (the approved form); `status` (`do-not-translate`:
the French form is kept in every edition; `approved`: the target column is the translation to
use); `forbidden` (`lang:variant|lang:variant`, variants a reviewer has rejected); `note`; and
optionally `mark` (`fr`: editions wrap the term in `<span lang="fr">`, for phrases a screen
reader must say in French, such as the tagline). Spreadsheet users forget to quote a note that
holds a comma; the note being the only free text, surplus fields are joined back into it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from localepress.errors import TermbaseError
from localepress.languages import SOURCE_LANGUAGE, is_language
from localepress.project import Project

DO_NOT_TRANSLATE = "do-not-translate"
APPROVED = "approved"
REQUIRED_COLUMNS = (SOURCE_LANGUAGE, "status", "forbidden", "note")


@dataclass(frozen=True)
class Term:
    source: str  # the French term
    status: str  # DO_NOT_TRANSLATE or APPROVED
    targets: dict[str, str] = field(default_factory=dict)  # lang → approved form
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang → variants
    note: str = ""
    mark: str = ""  # language to mark the term with in editions ("fr"), or ""
    line: int = 0  # line of the row in the CSV

    @property
    def do_not_translate(self) -> bool:
        return self.status == DO_NOT_TRANSLATE

    def target(self, lang: str) -> str:
        """The form required in `lang`: the French one for do-not-translate terms."""
        if self.do_not_translate:
            return self.source
        return self.targets.get(lang, "")


def read_termbase(path: Path) -> list[Term]:
    """Read the termbase CSV; malformed rows raise TermbaseError naming file and line."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if missing:
                raise TermbaseError(path, f"missing column(s): {', '.join(missing)}", 1)
            languages = [c for c in header if c != SOURCE_LANGUAGE and is_language(c)]
            terms = []
            for fields in reader:
                row = _row(header, fields)
                if row.get(SOURCE_LANGUAGE, "").strip():
                    terms.append(_term(path, reader.line_num, row, languages))
            return terms
    except FileNotFoundError:
        raise TermbaseError(path, "no such termbase") from None
    except UnicodeDecodeError as exc:
        raise TermbaseError(path, f"not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise TermbaseError(path, f"not valid CSV: {exc}") from None


def _row(header: list[str], fields: list[str]) -> dict[str, str]:
    """Fields by column name; surplus fields go back into the note they were split from."""
    surplus = len(fields) - len(header)
    if surplus > 0:
        note = header.index("note")
        fields = [
            *fields[:note],
            ",".join(fields[note : note + surplus + 1]),
            *fields[note + surplus + 1 :],
        ]
    return dict(zip(header, fields, strict=False))


def project_termbase(project: Project) -> list[Term]:
    """The project's termbase, or no terms when `source/termbase.csv` does not exist."""
    path = project.source / "termbase.csv"
    return read_termbase(path) if path.exists() else []


def accepted_words(project: Project, lang: str) -> frozenset[str]:
    """Words the spelling check accepts in `lang` though its dictionary lacks them:
    `source/spelling/<lang>.txt`, one word a line, `#` for comments (kept by the project, so
    a word accepted once is accepted for every translator)."""
    path = project.source / "spelling" / f"{lang}.txt"
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def french_marked_terms(project: Project) -> list[str]:
    """Terms marked `fr` in the termbase, longest first (editions wrap them in lang="fr")."""
    terms = {term.source for term in project_termbase(project) if term.mark == SOURCE_LANGUAGE}
    return sorted(terms, key=lambda text: (-len(text), text))


def mark_french(text: str, terms: Sequence[str], escape: Callable[[str], str] = str) -> str:
    """`text` with each of the French `terms` in it wrapped in `<span lang="fr">`, longest
    first, whatever the case of the first letter ("le Sud Ingénieux" inside a sentence), as
    the do-not-translate check matches them; `escape` is applied to every piece of the text
    (html.escape for plain text, nothing for Markdown), so the only markup added is the spans'."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(_any_first_case(t) for t in sorted(terms, key=len, reverse=True)))
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), f'<span lang="{SOURCE_LANGUAGE}">']
        parts += [escape(match.group()), "</span>"]
        last = match.end()
    return "".join(parts) + escape(text[last:])


def _any_first_case(term: str) -> str:
    """A pattern for `term` exactly as written but for the case of its first letter."""
    first = term[:1]
    if first.lower() == first.upper():
        return re.escape(term)
    return f"[{re.escape(first.lower())}{re.escape(first.upper())}]{re.escape(term[1:])}"


def _term(path: Path, line: int, row: dict, languages: list[str]) -> Term:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    status = cell("status")
    if status not in (DO_NOT_TRANSLATE, APPROVED):
        raise TermbaseError(
            path, f"status {status!r} is neither {DO_NOT_TRANSLATE!r} nor {APPROVED!r}", line
        )
    mark = cell("mark")
    if mark and not is_language(mark):
        raise TermbaseError(path, f"mark {mark!r} is not a language tag (fr, en, ca…)", line)
    forbidden: dict[str, list[str]] = {}
    for item in filter(None, (part.strip() for part in cell("forbidden").split("|"))):
        lang, sep, variant = (part.strip() for part in item.partition(":"))
        if not sep or not variant or not is_language(lang):
            raise TermbaseError(path, f"forbidden variant {item!r} is not `lang:variant`", line)
        forbidden.setdefault(lang, []).append(variant)
    return Term(
        source=cell(SOURCE_LANGUAGE),
        status=status,
        targets={lang: cell(lang) for lang in languages if cell(lang)},
        forbidden={lang: tuple(variants) for lang, variants in forbidden.items()},
        note=cell("note"),
        mark=mark,
        line=line,
    )
