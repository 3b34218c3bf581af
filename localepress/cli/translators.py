"""Translator and analyst tools: review pages, pretranslation."""

from __future__ import annotations

import click

from localepress.cli.common import (
    doc_option,
    fail_on_errors,
    languages,
    languages_option,
    main,
    names,
    project,
)


@main.command()
@languages_option()
@doc_option()
@click.option("--force", is_flag=True, help="Rebuild each page, even when nothing changed.")
@fail_on_errors
def review(langs, docs, force):
    """Write output/review/<lang>.html: French and translation side by side, for translators."""
    from localepress.translators.review import write_reviews

    results = write_reviews(project(), languages(langs), names(docs), force=force)
    for path, result in results.items():
        counts = result.counts
        click.echo(
            f"{result.status:>9}  {path}  ({counts.get('translated', 0)} translated, "
            f"{counts.get('fuzzy', 0)} fuzzy, {counts.get('untranslated', 0)} untranslated, "
            f"{counts.get('findings', 0)} with findings)"
        )


@main.command()
@languages_option()
@doc_option()
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    default=None,
    help="Lowest translation-memory match used, in % (default 75).",
)
@click.option("--no-apertium", is_flag=True, help="Use the translation memory only.")
@fail_on_errors
def pretranslate(langs, docs, min_score, no_apertium):
    """Fill untranslated entries with fuzzy suggestions: translation memory, then Apertium.

    Each suggestion is flagged fuzzy (not published until a translator clears the flag) and
    carries a comment naming its source, e.g. `# pretranslated: apertium fr-es`.
    """
    from localepress.translators.pretranslate import MIN_SCORE
    from localepress.translators.pretranslate import pretranslate as run_pretranslate

    report = run_pretranslate(
        project(),
        languages(langs),
        names(docs),
        min_score=MIN_SCORE if min_score is None else min_score,
        machine=not no_apertium,
    )
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for result in report.files:
        filled = ", ".join(f"{n} from {source}" for source, n in sorted(result.filled.items()))
        state = "updated" if result.changed else "unchanged"
        left = f"{result.left} left untranslated" if result.left else ""
        detail = "; ".join(part for part in (filled, left) if part)
        click.echo(f"{state:>9}  {result.path}" + (f"  ({detail})" if detail else ""))
