"""The brand termbase, `source/termbase.csv`: one row per French term.

Columns: fr, en, es, oc (approved forms), status (`approved` or `do-not-translate`),
forbidden (`lang:variant|lang:variant`), note (for translators), mark (`fr` when the term
stays French inside other editions and must carry `lang="fr"`, such as the tagline).
CSV rather than TBX: translators open it in any spreadsheet, and no well-kept Python library
reads TBX.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from localepress.errors import LocalepressError

COLUMNS = ("fr", "en", "es", "oc", "status", "forbidden", "note", "mark")


@dataclass(frozen=True)
class Term:
    fr: str
    forms: dict[str, str]  # language → approved form
    status: str
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""
    mark: str = ""

    @property
    def do_not_translate(self) -> bool:
        return self.status == "do-not-translate"


def read_termbase(path: Path) -> list[Term]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise LocalepressError(f"{path}:1: missing column(s): {', '.join(missing)}")
            terms = []
            for row in reader:
                forbidden: dict[str, list[str]] = {}
                for item in filter(None, (row["forbidden"] or "").split("|")):
                    lang, _, variant = item.partition(":")
                    forbidden.setdefault(lang.strip(), []).append(variant.strip())
                terms.append(
                    Term(
                        fr=row["fr"].strip(),
                        forms={lang: row[lang].strip() for lang in ("en", "es", "oc")},
                        status=row["status"].strip(),
                        forbidden={k: tuple(v) for k, v in forbidden.items()},
                        note=row["note"] or "",
                        mark=(row["mark"] or "").strip(),
                    )
                )
            return terms
    except FileNotFoundError:
        return []
    except (csv.Error, UnicodeDecodeError) as exc:
        raise LocalepressError(f"{path}: cannot read termbase: {exc}") from None


def french_marked_terms(project) -> list[str]:
    """Terms that stay French inside other editions and must be marked lang="fr"."""
    return [t.fr for t in read_termbase(project.source / "termbase.csv") if t.mark == "fr"]
