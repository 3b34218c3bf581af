"""Catalog commands: extract, update, merge, compile, stats."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from localepress.cli.common import (
    doc_option,
    fail_on_errors,
    languages,
    languages_option,
    main,
    merge_counts,
    names,
    project,
)


@main.command()
@fail_on_errors
def extract():
    """Write locales/<doc>.pot from every master notebook."""
    from localepress.catalogs.extract import extract as run_extract

    for path, status in run_extract(project()).items():
        click.echo(f"{status:>9}  {path}")


@main.command()
@languages_option()
@doc_option()
@fail_on_errors
def update(langs, docs):
    """Create or merge locales/<lang>/LC_MESSAGES/<doc>.po from each template."""
    from localepress.catalogs.update import update_catalogs

    for path, result in update_catalogs(project(), languages(langs), names(docs)).items():
        detail = "" if result.status == "unchanged" else f"  ({merge_counts(result.counts)})"
        click.echo(f"{result.status:>9}  {path}{detail}")
        for fix in result.fixes:
            click.echo(f"    fixed  {path}: {fix}", err=True)


@main.command("merge")
@click.argument("definitions", type=click.Path(path_type=Path))
@click.argument("reference", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, help="The merged catalog; '-' for standard output.")
@click.option(
    "--previous/--no-previous",
    default=True,
    show_default=True,
    help="Keep the old msgid (#|) of fuzzy entries; --no-previous is plain msgmerge.",
)
@fail_on_errors
def merge_command(definitions, reference, output, previous):
    """Merge DEFINITIONS.po with REFERENCE.pot, as `msgmerge --previous DEF REF -o OUT`."""
    from localepress.catalogs.update import merge_files, merged_text

    if output == "-":
        data, counts = merged_text(definitions, reference, previous=previous)
        click.echo(data, nl=False)
        click.echo(f"   merged  ({merge_counts(counts)})", err=True)
        return
    result = merge_files(definitions, reference, Path(output), previous=previous)
    click.echo(f"{result.status:>9}  {output}  ({merge_counts(result.counts)})")


@main.command("compile")
@languages_option()
@doc_option()
@fail_on_errors
def compile_command(langs, docs):
    """Compile each catalog to a .mo beside it (fuzzy entries left out)."""
    from localepress.catalogs.po import compile_catalogs

    for path, status in compile_catalogs(project(), languages(langs), names(docs)).items():
        click.echo(f"{status:>9}  {path}")


@main.command()
@languages_option()
@doc_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per catalog.")
@click.option(
    "--min-complete",
    type=click.FloatRange(0, 100),
    default=None,
    help="Exit 1 when a catalog is less than this % translated.",
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@fail_on_errors
def stats(langs, docs, as_json, min_complete, files):
    """Entries and words translated, fuzzy and untranslated, per catalog (or per FILE).

    The counts are msgfmt's (as `msgfmt --statistics`); the percentage is the share of the
    template's entries translated, as the publish gate measures it, rounded down to one
    decimal. --json adds `missing` (template entries absent from the catalog), `extra`
    (entries the template no longer has) and `stale` (either: `update` is due).
    """
    import json

    from localepress.catalogs.stats import file_stats, project_stats

    if files:
        results = [file_stats(path) for path in files]
    else:
        results = project_stats(project(), languages(langs), names(docs))
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            click.echo(_stats_line(r))
    from localepress.catalogs.stats import percent_text

    below = [r for r in results if min_complete is not None and r.percent < min_complete]
    for r in below:
        click.echo(
            f"incomplete  {r.path}: {percent_text(r.percent)} < {min_complete:g} %", err=True
        )
    if below:
        sys.exit(1)


def _stats_line(r) -> str:
    """msgfmt's counts, then the completeness against the template (the gate's figure)."""
    from localepress.catalogs.stats import percent_text

    notes = [] if r.exists else ["not created yet"]
    if r.exists and r.missing:
        notes.append(f"{r.missing} missing from the template: run `localepress update`")
    elif r.exists and r.stale:
        notes.append("entries the template no longer has: run `localepress update`")
    return (
        f"{percent_text(r.percent):>7}  {r.translated:>5} translated  {r.fuzzy:>4} fuzzy  "
        f"{r.untranslated:>4} untranslated  {r.translated_words:>6}/{r.total_words} words"
        f"  {r.path}" + "".join(f"  ({note})" for note in notes)
    )
