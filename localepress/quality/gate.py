"""The publish gate: a language goes out only when its catalogs are translated to the threshold
(completeness against the template, `catalogs.stats.completeness`) and have no check error.
Warnings are counted, never blocking. French, the source, has no catalog and always passes.

The edition is built from the master notebook, so completeness is measured against the
master's segments (the template's, while `extract` is not due): a French paragraph added to
the master and not yet extracted keeps the language out instead of publishing in French. A
refusal names up to five unfinished entries with file and line (the catalog's, the
template's, or the notebook's cell for one not yet extracted) and points to `review`.

Each language is judged alone: a catalog that cannot be read keeps its language out with the
reason (file and line) and never stops the others. The interface catalog (the page's own
words) must be readable and free of check errors too; its completeness is not gated, since a
page string left untranslated shows in French, marked as such.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from localepress import freshness
from localepress.catalogs.po import read_checked, read_keys
from localepress.catalogs.stats import completeness, percent_text
from localepress.errors import CatalogError, LocalepressError
from localepress.languages import SOURCE_LANGUAGE, get_language
from localepress.project import INTERFACE, Project
from localepress.quality.checks.runner import check_po
from localepress.quality.termbase import Term, accepted_words, project_termbase


@dataclass
class Verdict:
    lang: str
    publishable: bool
    reasons: list[str] = field(default_factory=list)  # why not, one line per document
    completeness: dict[str, float] = field(default_factory=dict)  # doc → % (stats.percent)
    errors: int = 0
    warnings: int = 0


def gate(
    project: Project, lang: str, docs: Iterable[str] | None = None, threshold: float = 100.0
) -> Verdict:
    """Decide whether `lang` may be published for `docs` (default: every translated document).

    A missing or unreadable catalog is a reason, never an exception.
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
    for doc in [*docs, INTERFACE]:
        _judge(project, verdict, doc, threshold, terms)
    verdict.publishable = not verdict.reasons
    return verdict


def _judge(project: Project, verdict: Verdict, doc: str, threshold: float, terms: list[Term]):
    """Add one catalog's completeness, findings and reasons to `verdict`."""
    lang, path, template = verdict.lang, project.catalog(verdict.lang, doc), project.template(doc)
    interface = doc == INTERFACE
    if not interface:
        verdict.completeness[doc] = 0.0
    if not path.exists():
        if not interface:  # no interface catalog: the page strings stay French, marked
            verdict.reasons.append(f"{doc}: no catalog {project.relative(path)}")
        return
    try:
        po, msgfmt = read_checked(path)
        expected = read_keys(template) if template.exists() else None
    except CatalogError as exc:
        where = project.relative(exc.path) + (f":{exc.line}" if exc.line else "")
        verdict.reasons.append(f"{doc}: {where}: {exc.message}")
        return
    if not interface:
        master = master_locations(project, doc)
        wanted = set(master) if master else expected
        percent = verdict.completeness[doc] = completeness(po, wanted).percent
        if percent < threshold:
            todo = unfinished(project, po, path, master, expected)
            verdict.reasons.append(
                f"{doc}: {percent_text(percent)} translated, below {threshold:g} %: "
                + "; ".join(todo[:SHOWN])
                + (f"; and {len(todo) - SHOWN} more" if len(todo) > SHOWN else "")
                + f" (see `localepress review -l {lang}`)"
            )
    report = check_po(po, path, lang, terms, project.relative(path),
                      accepted_words(project, lang), template=expected,
                      template_name=project.relative(template), msgfmt=msgfmt)  # fmt: skip
    verdict.errors += report.errors
    verdict.warnings += report.warnings
    if report.errors:
        verdict.reasons.append(
            f"{doc}: {report.errors} check error(s) (see `localepress check -l {lang}`)"
        )


SHOWN = 5  # unfinished entries a refusal names


def master_locations(project: Project, doc: str) -> dict:
    """(msgctxt, msgid) → where it is in the master notebook (`notebooks/<doc>.ipynb#cell:line`),
    in document order: what the edition will ask the catalog for."""
    from localepress.catalogs.extract import notebook_messages

    reference = project.relative(project.notebook(doc))
    messages = notebook_messages(project.notebook(doc), reference)
    return {(m.context, m.msgid): _where(m, reference) for m in messages}


def _where(message, reference: str) -> str:
    return ":".join(map(str, message.locations[0])) if message.locations else reference


def unfinished(project: Project, po, path, master: dict, template) -> list[str]:
    """The entries the edition would show in French, each with its file:line and what to do:
    untranslated or fuzzy in the catalog, missing from it (`update`), or new in the master and
    not yet extracted (`extract`, then `update`)."""
    from localepress.catalogs.positions import positions
    from localepress.catalogs.stats import status

    entries = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete and e.msgid}
    lines, pot_lines = positions(path), None
    found = []
    for key, where in (master or dict.fromkeys(sorted(template or (), key=str), "")).items():
        entry = entries.get(key)
        quoted = "«" + (key[1] if len(key[1]) <= 60 else key[1][:59] + "…") + "»"
        if entry is not None:
            state = status(entry)
            if state != "translated":
                found.append(f"{project.relative(path)}:{lines.of_msgid(entry)} {state} {quoted}")
        elif template is not None and key in template:
            if pot_lines is None:
                pot_lines = positions(project.template(path.stem))
            line = pot_lines.msgid.get(key, 1)
            found.append(f"{project.relative(project.template(path.stem))}:{line} missing from "
                         f"the catalog (run `localepress update`) {quoted}")  # fmt: skip
        else:
            found.append(f"{where} new in the master (run `localepress extract`, then "
                         f"`localepress update`) {quoted}")  # fmt: skip
    return found


def cached_gate(project: Project, lang: str, docs: list[str], threshold: float) -> Verdict:
    """The publish gate's verdict, recomputed only when one of its inputs changed
    (`freshness.gate_key`): the checks take about a second per language."""
    key = freshness.gate_key(project, lang, docs, threshold)
    state = project.output / ".cache" / f"gate-{lang}.json"
    if (record := freshness.recall(state, key, [])) is not None:
        return Verdict(**record["verdict"])
    verdict = gate(project, lang, docs, threshold)
    freshness.remember(state, key, verdict=dataclasses.asdict(verdict))
    return verdict
