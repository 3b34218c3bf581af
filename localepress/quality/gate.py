"""The publish gate: a language goes out only when its catalogs are translated to the threshold
and have no check error. Warnings are counted, never blocking. French, the source, has no
catalog and always passes.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field

import polib

from localepress import freshness
from localepress.catalogs.po import read_catalog
from localepress.errors import LocalepressError
from localepress.languages import SOURCE_LANGUAGE, get_language
from localepress.project import Project
from localepress.quality.checks.runner import check_po
from localepress.quality.termbase import accepted_words, project_termbase


@dataclass
class Verdict:
    lang: str
    publishable: bool
    reasons: list[str] = field(default_factory=list)  # why not, one line per document
    completeness: dict[str, float] = field(default_factory=dict)  # doc → % translated
    errors: int = 0
    warnings: int = 0


def gate(
    project: Project, lang: str, docs: Iterable[str] | None = None, threshold: float = 100.0
) -> Verdict:
    """Decide whether `lang` may be published for `docs` (default: every translated document).

    A missing catalog is a reason, not an error; an unreadable one raises CatalogError.
    """
    get_language(lang)
    if not 0.0 <= threshold <= 100.0:
        raise LocalepressError(f"publish threshold {threshold:g} is not a percentage (0–100)")
    docs = [project.check_document(doc) for doc in docs] if docs else project.documents()
    verdict = Verdict(lang, True)
    if lang == SOURCE_LANGUAGE:
        verdict.completeness = dict.fromkeys(docs, 100.0)
        return verdict
    terms = project_termbase(project)
    for doc in docs:
        path = project.catalog(lang, doc)
        name = str(path.relative_to(project.root))
        if not path.exists():
            verdict.completeness[doc] = 0.0
            verdict.reasons.append(f"{doc}: no catalog {name}")
            continue
        po = read_catalog(path)
        template = project.template(doc)
        expected = read_catalog(template) if template.exists() else po
        percent = verdict.completeness[doc] = _percent_translated(po, expected)
        if percent < threshold:
            verdict.reasons.append(f"{doc}: {percent:.1f}% translated, below {threshold:g}%")
        report = check_po(po, path, lang, terms, name, accepted_words(project, lang))
        verdict.errors += report.errors
        verdict.warnings += report.warnings
        if report.errors:
            verdict.reasons.append(
                f"{doc}: {report.errors} check error(s) (see `localepress check -l {lang}`)"
            )
    verdict.publishable = not verdict.reasons
    return verdict


def _percent_translated(po: polib.POFile, template: polib.POFile) -> float:
    """Share of the template's entries that the catalog translates (not fuzzy), header
    excluded; an entry missing from the catalog counts as untranslated, so a catalog emptied
    down to its header is 0 %, not 100 %. No entry at all is complete."""
    done = {(e.msgctxt, e.msgid) for e in po if not e.obsolete and e.msgid and e.translated()}
    wanted = [(e.msgctxt, e.msgid) for e in template if not e.obsolete and e.msgid]
    if not wanted:
        return 100.0
    return 100.0 * sum(key in done for key in wanted) / len(wanted)


def cached_gate(project: Project, lang: str, docs: list[str], threshold: float):
    """The publish gate's verdict, recomputed only when a catalog, the termbase, the
    dictionaries' availability or the checks themselves changed (checks take about a second)."""
    inputs = [project.catalog(lang, doc) for doc in docs] + [project.source / "termbase.csv"]
    inputs += [project.template(doc) for doc in docs]
    inputs.append(project.source / "spelling" / f"{lang}.txt")
    language = get_language(lang)
    meta = {
        "lang": lang,
        "docs": docs,
        "threshold": threshold,
        "code": freshness.package_digest(),
        "hunspell": shutil.which("hunspell") is not None,
        "dictionary": language.hunspell,
    }
    key = freshness.content_key(project.root, inputs, meta)
    state = project.output / ".cache" / f"gate-{lang}.json"
    if (record := freshness.recall(state, key, [])) is not None:
        return Verdict(**record["verdict"])
    verdict = gate(project, lang, docs, threshold)
    freshness.remember(state, key, verdict=dataclasses.asdict(verdict))
    return verdict
