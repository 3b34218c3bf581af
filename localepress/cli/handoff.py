"""Agency hand-off: a translation kit out, the agency's work back in."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from localepress.cli.common import doc_option, fail_on_errors, main, names, project


@main.command()
@click.option("-l", "--lang", required=True, help="The kit's target language (en, es, oc).")
@doc_option()
@click.option(
    "--only",
    "only",
    multiple=True,
    default=("all",),
    show_default=True,
    help="Entries to send: untranslated, fuzzy, translated or all (comma-separated).",
)
@click.option(
    "--xliff",
    "version",
    type=click.Choice(["1.2", "2.1"]),
    default="1.2",
    show_default=True,
    help="XLIFF version of the document files.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@fail_on_errors
def handoff(lang, docs, only, version, output):
    """Write a translation kit (.zip): XLIFF per document, memory.tmx, termbase.tbx,
    review.docx and a README.txt saying what to send back."""
    from localepress.translators.handoff import write_kit

    report = write_kit(project(), lang, output, names(docs), only, version)
    for name, count in report.documents.items():
        click.echo(f"{count:>6}  {name}  (XLIFF {report.version})")
    click.echo(f"{report.memory:>6}  memory.tmx\n{report.terms:>6}  termbase.tbx")
    state = "written" if report.changed else "unchanged"
    click.echo(f"{state:>9}  {report.path}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--theirs", is_flag=True, help="In a conflict, take the returned translation.")
@fail_on_errors
def receive(files, theirs):
    """Merge returned XLIFF files (1.2 or 2.x) or a filled review.docx into the catalogs.

    Exit code 1 when something needs a look: conflicts, refused units, unknown ids, or
    translations that came in fuzzy because a check found an error.
    """
    from localepress.translators.receive import receive as run_receive

    report = run_receive(project(), files, theirs=theirs)
    for conflict in report.conflicts:
        click.echo(f"conflict: {conflict.where}: kept ours (--theirs takes theirs)", err=True)
        click.echo(f"    ours:   {' | '.join(conflict.ours)}", err=True)
        click.echo(f"    theirs: {' | '.join(conflict.theirs)}", err=True)
    for line in report.refused:
        click.echo(f"refused: {line}", err=True)
    for line in report.unknown:
        click.echo(f"unknown id: {line} (not from a localepress kit, or its French was edited)",
                   err=True)  # fmt: skip
    for line in report.findings:
        click.echo(f"fuzzy: {line}", err=True)
    for path, state in report.catalogs.items():
        click.echo(f"{state:>9}  {path}")
    click.echo(
        f"{report.lang}: {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.new_fuzzy} new fuzzy, {len(report.conflicts)} conflicts, "
        f"{len(report.refused)} refused, {len(report.unknown)} unknown, "
        f"{report.obsolete} obsolete"
    )
    if report.problems:
        sys.exit(1)
