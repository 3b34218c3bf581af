"""The command line: parses options, calls one library function, prints, picks the exit code.

Exit codes: 0 success, 1 the work ran and found problems (check errors, incomplete catalogs,
a failed edition), 2 bad input or usage (unknown language, unreadable file, missing tool).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from localepress.errors import LocalepressError
from localepress.languages import LANGUAGES, TARGET_LANGUAGES, parse_language_list
from localepress.project import Project

LANGS_HELP = "Languages, comma-separated or repeated (" + ", ".join(LANGUAGES) + ")."


class Failure(click.ClickException):
    """A library error shown as one clear line, exit code 2."""

    exit_code = 2


def fail_on_errors(func):
    """Turn LocalepressError into a clean message instead of a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except LocalepressError as exc:
            raise Failure(str(exc)) from None

    return wrapper


def languages_option():
    return click.option("-l", "--lang", "langs", multiple=True, help=LANGS_HELP)


def project() -> Project:
    return Project.find()


def languages(values, default=TARGET_LANGUAGES) -> list[str]:
    return parse_language_list(values, default)


@click.group()
@click.version_option(package_name="localepress")
def main():
    """Publish French master notebooks in every language through gettext catalogs."""


@main.command()
@fail_on_errors
def extract():
    """Write locales/<doc>.pot from every master notebook."""
    from localepress.extract import extract as run_extract

    for path, status in run_extract(project()).items():
        click.echo(f"{status:>9}  {path}")


@main.command()
@languages_option()
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    help="Formats, comma-separated or repeated (html, pdf, md).",
)
@click.option("--doc", "docs", multiple=True, help="Documents to publish (default: all).")
@click.option("--threshold", type=float, default=100.0, show_default=True, help="Publish gate, %.")
@click.option(
    "-j", "--jobs", type=int, default=None, help="Editions built in parallel (default: cores)."
)
@fail_on_errors
def publish(langs, formats, docs, threshold, jobs):
    """Publish editions into output/<lang>/<doc>.html|.pdf|.md (every gate-passing language)."""
    import os

    from localepress.publish import FORMATS
    from localepress.publish import publish as run_publish

    proj = project()
    explicit = bool(langs)
    wanted_langs = languages(langs, default=list(LANGUAGES))
    wanted_formats = _split(formats, FORMATS, "format")
    wanted_docs = [
        proj.check_document(d) for d in _split(docs, None, "document")
    ] or proj.documents()

    def done(result):
        if result.ok:
            click.echo(
                f"  published  {result.lang}/{result.doc}: {', '.join(result.files.values())}"
            )
        else:
            click.echo(f"     FAILED  {result.lang}/{result.doc}: {result.error}", err=True)

    report = run_publish(
        proj, wanted_langs, wanted_docs, wanted_formats, threshold=threshold,
        jobs=jobs or os.cpu_count() or 1, on_done=done,
    )  # fmt: skip
    for lang, verdict in report.verdicts.items():
        if not verdict.publishable:
            stream_err = explicit
            click.echo(f"  gated out  {lang}: " + "; ".join(verdict.reasons), err=stream_err)
    failed = [e for e in report.editions if not e.ok]
    if failed or (explicit and report.refused):
        sys.exit(1)


def _split(values, allowed, what) -> list[str]:
    items = [v.strip() for value in values for v in value.split(",") if v.strip()]
    if allowed is not None:
        unknown = [v for v in items if v not in allowed]
        if unknown:
            raise Failure(f"unknown {what} {unknown[0]!r}; known: {', '.join(allowed)}")
        return items or list(allowed)
    return items


@main.command()
@click.argument("workflow_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-j", "--jobs", type=int, default=None, help="Editions built in parallel (default: cores)."
)
@click.option("--force", is_flag=True, help="Rebuild every edition, even unchanged ones.")
@fail_on_errors
def run(workflow_file, jobs, force):
    """Run a workflow: check, compile, gate, build the editions, assemble the pack."""
    import os

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from localepress.workflow import load_workflow, run_workflow

    proj = project()
    flow = load_workflow(workflow_file, proj.all_documents())
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

        report = run_workflow(
            proj, flow, jobs=jobs or os.cpu_count() or 1, force=force, on_done=done
        )
    _print_summary(report)
    if not report.ok:
        sys.exit(1)


def _print_summary(report) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"{report.workflow.name} — {report.seconds:.1f} s")
    for column in (
        "language",
        "complete",
        "check errors",
        "warnings",
        "formats",
        "editions",
        "time",
    ):
        table.add_column(column)
    for lang, verdict in report.publish.verdicts.items():
        editions = [e for e in report.publish.editions if e.lang == lang]
        formats = sorted({fmt for e in editions for fmt in e.files})
        built = sum(not e.reused for e in editions if e.ok)
        state = (
            "gated out"
            if not verdict.publishable
            else (
                f"{built} built, {sum(e.reused for e in editions)} reused"
                + (
                    f", {sum(not e.ok for e in editions)} failed"
                    if any(not e.ok for e in editions)
                    else ""
                )
            )
        )
        table.add_row(
            lang, f"{min(verdict.completeness.values(), default=100.0):.0f} %",
            str(verdict.errors), str(verdict.warnings), ", ".join(formats) or "—", state,
            f"{sum(sum(e.seconds.values()) for e in editions):.1f} s",
        )  # fmt: skip
    console.print(table)
    for lang, verdict in report.publish.verdicts.items():
        if not verdict.publishable:
            console.print(f"[red]{lang} gated out:[/red] " + "; ".join(verdict.reasons))
    for path in report.stale:
        console.print(f"[yellow]stale:[/yellow] {path} differs from the master — run "
                      "`localepress extract` and `localepress update`")  # fmt: skip
    if report.pack:
        console.print(f"pack: {report.pack} and {report.archive}")
    elif report.workflow.pack:
        console.print("[red]pack not updated[/red]: the previous pack is left as it was")
    if report.reviews:  # internal pages beside the pack (review.py, status.py)
        console.print(f"review pages: {', '.join(report.reviews)}")
    if report.status is not None and report.status.ok:
        console.print(f"status page: output/{report.status.files['html']}")
    elif report.status is not None:
        console.print(f"[red]status page failed:[/red] {report.status.error}")


# --- Translator catalogs: update, merge, compile, stats --------------------------------------


def _doc_option():
    return click.option(
        "--doc", "docs", multiple=True, help="Templates, comma-separated or repeated (default all)."
    )


def _names(values) -> list[str] | None:
    return [v.strip() for value in values for v in value.split(",") if v.strip()] or None


def _counts(counts) -> str:
    return f"{counts.fuzzy} fuzzy, {counts.new} new, {counts.obsolete} obsolete"


@main.command()
@languages_option()
@_doc_option()
@fail_on_errors
def update(langs, docs):
    """Create or merge locales/<lang>/LC_MESSAGES/<doc>.po from each template."""
    from localepress.update import update_catalogs

    for path, result in update_catalogs(project(), languages(langs), _names(docs)).items():
        detail = "" if result.status == "unchanged" else f"  ({_counts(result.counts)})"
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
    from localepress.update import merge_files, merged_text

    if output == "-":
        data, counts = merged_text(definitions, reference, previous=previous)
        click.echo(data, nl=False)
        click.echo(f"   merged  ({_counts(counts)})", err=True)
        return
    result = merge_files(definitions, reference, Path(output), previous=previous)
    click.echo(f"{result.status:>9}  {output}  ({_counts(result.counts)})")


@main.command("compile")
@languages_option()
@_doc_option()
@fail_on_errors
def compile_command(langs, docs):
    """Compile each catalog to a .mo beside it (fuzzy entries left out)."""
    from localepress.catalog import compile_catalogs

    for path, status in compile_catalogs(project(), languages(langs), _names(docs)).items():
        click.echo(f"{status:>9}  {path}")


@main.command()
@languages_option()
@_doc_option()
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
    """Entries and words translated, fuzzy and untranslated, per catalog (or per FILE)."""
    import json

    from localepress.stats import file_stats, project_stats

    if files:
        results = [file_stats(path) for path in files]
    else:
        results = project_stats(project(), languages(langs), _names(docs))
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            click.echo(
                f"{r.percent:5.1f} %  {r.translated:>5} translated  {r.fuzzy:>4} fuzzy  "
                f"{r.untranslated:>4} untranslated  {r.translated_words:>6}/{r.total_words} words"
                f"  {r.path}{'' if r.exists else '  (not created yet)'}"
            )
    below = [r for r in results if min_complete is not None and r.percent < min_complete]
    for r in below:
        click.echo(f"incomplete  {r.path}: {r.percent:.1f} % < {min_complete:g} %", err=True)
    if below:
        sys.exit(1)


@main.command()
@languages_option()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@fail_on_errors
def check(langs, as_json, files):
    """Check translated entries of the catalogs, or of FILES (.po; .pot: the French master).

    Reports markup, numbers, placeholders, URLs, emails, phones, termbase, same-as-source,
    whitespace, punctuation, length, typography, spelling and msgfmt findings. Exit 1 when
    any is an error (warnings alone exit 0). A translator comment `# ignore-check: numbers`
    silences checks for one entry. `-l fr` checks the French master text in the templates.
    """
    import json

    from localepress.checks import check_files, check_project

    if files:
        given = languages(langs, default=[])
        if len(given) > 1:
            raise Failure("with FILES, -l names one language, for files without a Language header")
        report = check_files(files, given[0] if given else None, _termbase_if_any())
    else:
        report = check_project(project(), languages(langs))
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in report.findings], ensure_ascii=False, indent=2))
    else:
        for f in report.findings:
            excerpt = f.msgid.replace("\n", " ")
            excerpt = excerpt if len(excerpt) <= 50 else excerpt[:49] + "…"
            click.echo(f"{f.path}:{f.line}: {f.severity}: [{f.check}] {f.message} — “{excerpt}”")
        click.echo(
            f"{report.errors} error(s), {report.warnings} warning(s) "
            f"in {len(report.catalogs)} catalog(s)"
        )
    if report.errors:
        sys.exit(1)


def _termbase_if_any():
    """The project's termbase when FILES are checked from inside a project, else no terms."""
    from localepress.termbase import project_termbase

    try:
        return project_termbase(Project.find())
    except LocalepressError as exc:
        if getattr(exc, "path", None):
            raise  # a termbase that exists but is broken
        return []


# --- Translator and analyst tools: review pages, pretranslation ------------------------------


@main.command()
@languages_option()
@_doc_option()
@click.option("--force", is_flag=True, help="Rebuild each page, even when nothing changed.")
@fail_on_errors
def review(langs, docs, force):
    """Write output/review/<lang>.html: French and translation side by side, for translators."""
    from localepress.review import write_reviews

    results = write_reviews(project(), languages(langs), _names(docs), force=force)
    for path, result in results.items():
        counts = result.counts
        click.echo(
            f"{result.status:>9}  {path}  ({counts.get('translated', 0)} translated, "
            f"{counts.get('fuzzy', 0)} fuzzy, {counts.get('untranslated', 0)} untranslated, "
            f"{counts.get('findings', 0)} with findings)"
        )


@main.command()
@languages_option()
@_doc_option()
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
    from localepress.pretranslate import MIN_SCORE
    from localepress.pretranslate import pretranslate as run_pretranslate

    report = run_pretranslate(
        project(),
        languages(langs),
        _names(docs),
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
