"""The check command: quality findings of the catalogs or of given files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from localepress.cli.common import (
    Failure,
    fail_on_errors,
    languages,
    languages_option,
    main,
    project,
)
from localepress.errors import LocalepressError
from localepress.project import Project


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

    from localepress.quality.checks import check_files, check_project

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
    from localepress.quality.termbase import project_termbase

    try:
        return project_termbase(Project.find())
    except LocalepressError as exc:
        if getattr(exc, "path", None):
            raise  # a termbase that exists but is broken
        return []
