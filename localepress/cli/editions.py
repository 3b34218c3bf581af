"""Publishing commands: publish editions, run a workflow."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from localepress.cli.common import (
    INTERRUPTED,
    choices,
    comma_list,
    doc_option,
    fail_on_errors,
    languages,
    languages_option,
    main,
    project,
)
from localepress.languages import project_languages
from localepress.project import FORMATS

_KEPT_EDITIONS = "every edition already in output/ is left as it was"
_KEPT_PACK = "the previous pack, if any, is left as it was"


@main.command()
@languages_option()
@click.option(
    "-f", "--format", "formats", multiple=True,
    help="Formats, comma-separated or repeated (" + ", ".join(FORMATS) + ").",
)  # fmt: skip
@doc_option()
@click.option("--threshold", type=float, default=100.0, show_default=True, help="Publish gate, %.")
@click.option(
    "-j", "--jobs", type=int, default=None, help="Editions built in parallel (default: cores)."
)
@fail_on_errors(interrupted=_KEPT_EDITIONS)
def publish(langs, formats, docs, threshold, jobs):
    """Publish editions into output/<lang>/<doc>.html|.pdf|.md (every gate-passing language).

    A page's language switcher links to the languages published with it.
    """
    import os

    from localepress.editions.publish import publish as run_publish

    proj = project()
    explicit = bool(langs)
    wanted_docs = [proj.check_document(d) for d in comma_list(docs)] or proj.documents()

    def done(result):
        if result.ok:
            click.echo(
                f"  published  {result.lang}/{result.doc}: {', '.join(result.files.values())}"
            )
        else:
            click.echo(f"     FAILED  {result.lang}/{result.doc}: {result.error}", err=True)

    report = run_publish(
        proj, languages(langs, default=project_languages(proj)), wanted_docs,
        choices(formats, FORMATS, "format"), threshold=threshold,
        jobs=jobs or os.cpu_count() or 1, on_done=done,
    )  # fmt: skip
    for lang, verdict in report.verdicts.items():
        if not verdict.publishable:
            click.echo(f"  gated out  {lang}: " + "; ".join(verdict.reasons), err=explicit)
    failed = [e for e in report.editions if not e.ok]
    if failed or (explicit and report.refused):
        sys.exit(1)


@main.command()
@click.argument("workflow_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-j", "--jobs", type=int, default=None, help="Editions built in parallel (default: cores)."
)
@click.option("--force", is_flag=True, help="Rebuild every edition, even unchanged ones.")
@fail_on_errors(interrupted=_KEPT_PACK)
def run(workflow_file, jobs, force):
    """Run a workflow: check, compile, gate, build the editions into output/<name>/, and
    assemble the pack (index, manifest, zip) there."""
    import os

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from localepress.pack.workflow import load_workflow, run_workflow
    from localepress.translators.pages import write_translator_pages

    proj = project()
    flow = load_workflow(workflow_file, proj)
    console = Console(stderr=True)
    total = len(flow.documents) * len(flow.languages)
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, transient=not console.is_terminal,
    ) as progress:  # fmt: skip
        task = progress.add_task(flow.name, total=total)

        def done(result):
            state = "reused" if result.reused else ("built" if result.ok else "FAILED")
            progress.console.print(f"  {state:>6}  {result.lang}/{result.doc}" + (
                f": {result.error}" if result.error else ""))  # fmt: skip
            progress.advance(task)

        try:
            report = run_workflow(
                proj, flow, jobs=jobs or os.cpu_count() or 1, force=force, on_done=done,
                pages=write_translator_pages,
            )  # fmt: skip
        except KeyboardInterrupt:
            _interrupted(proj.output / flow.name)
    _print_summary(report)
    if not report.ok:
        sys.exit(1)


def _interrupted(folder: Path) -> None:
    """Ctrl-C during a run: say what partners still have, exit 130."""
    kept = (
        f"the previous pack output/{folder.name}/ is left as it was"
        if (folder / "manifest.json").is_file()
        else f"no pack was written (output/{folder.name}/ holds none yet)"
    )
    click.echo(f"\nInterrupted: {kept}; the next run starts cleanly.", err=True)
    sys.exit(INTERRUPTED)


def _print_summary(report) -> None:
    from rich.console import Console

    console = Console()
    console.print(_table(report))
    for lang, verdict in report.publish.verdicts.items():
        if not verdict.publishable:
            console.print(f"[red]{lang} gated out:[/red] " + "; ".join(verdict.reasons))
    for path in report.stale:
        console.print(f"[yellow]stale:[/yellow] {path} differs from the master — run "
                      "`localepress extract` and `localepress update`")  # fmt: skip
    name = f"output/{report.workflow.name}/"
    for lang in report.kept:
        console.print(f"[yellow]{lang} kept at its last good edition[/yellow] (outdated in the "
                      f"pack) until `localepress review -l {lang}` shows it done")  # fmt: skip
    for lang in report.omitted:
        console.print(f"[yellow]{lang} left out of the pack[/yellow]: no good edition yet")
    if report.pack:
        console.print(f"pack: {report.pack} and {report.archive}")
    elif report.workflow.pack and report.previous_pack:
        console.print(f"[red]pack not updated[/red]: the previous pack {name} is left as it was")
    elif report.workflow.pack:
        console.print(f"[red]no pack written[/red]: {name} holds no earlier pack either")
    if report.reviews:  # internal pages beside the pack (review.py, status.py)
        console.print(f"review pages: {', '.join(report.reviews)}")
    if report.status is not None and report.status.ok:
        console.print(f"status page: output/{report.status.files['html']}")
    elif report.status is not None:
        console.print(f"[red]status page failed:[/red] {report.status.error}")


def _table(report):
    """One row per language: completeness (the gate's figure), findings, what was built."""
    from rich.table import Table

    from localepress.catalogs.stats import percent_text

    table = Table(title=f"{report.workflow.name} — {report.seconds:.1f} s")
    for column in ("language", "complete", "check errors", "warnings", "formats", "editions",
                   "time"):  # fmt: skip
        table.add_column(column)
    for lang, verdict in report.publish.verdicts.items():
        editions = [e for e in report.publish.editions if e.lang == lang]
        formats = sorted({fmt for e in editions for fmt in e.files})
        failed = sum(not e.ok for e in editions)
        state = (
            "gated out" if not verdict.publishable
            else f"{sum(not e.reused for e in editions if e.ok)} built, "
            f"{sum(e.reused for e in editions)} reused" + (f", {failed} failed" if failed else "")
        )  # fmt: skip
        table.add_row(
            lang, percent_text(min(verdict.completeness.values(), default=100.0)),
            str(verdict.errors), str(verdict.warnings), ", ".join(formats) or "—", state,
            f"{sum(sum(e.seconds.values()) for e in editions):.1f} s",
        )  # fmt: skip
    return table
