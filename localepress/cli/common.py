"""What every command shares: the group, option parsing, the error-to-exit-code rule.

Exit codes: 0 success, 1 the work ran and found problems, 2 bad input, 130 interrupted
(Ctrl-C), as shells report a process stopped by SIGINT.
"""

from __future__ import annotations

import functools
import sys

import click

from localepress.errors import LocalepressError
from localepress.languages import parse_language_list, target_languages
from localepress.project import Project

LANGS_HELP = (
    "Languages, comma-separated or repeated: any CLDR tag (ca, pt_BR); "
    "default: the project's languages."
)
INTERRUPTED = 130


class Failure(click.ClickException):
    """A library error shown as one clear line, exit code 2."""

    exit_code = 2


def fail_on_errors(func=None, *, interrupted: str = "nothing was left half-written"):
    """Turn LocalepressError into a clean message instead of a traceback, and Ctrl-C into
    exit code 130 with a line saying what was kept (`interrupted`)."""
    if func is None:
        return functools.partial(fail_on_errors, interrupted=interrupted)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except LocalepressError as exc:
            raise Failure(str(exc)) from None
        except KeyboardInterrupt:
            click.echo(f"\nInterrupted: {interrupted}.", err=True)
            sys.exit(INTERRUPTED)

    return wrapper


def comma_list(values) -> list[str]:
    """`-x a,b -x c` as [a, b, c]: every list option accepts both forms."""
    return [item.strip() for value in values or () for item in value.split(",") if item.strip()]


def languages_option():
    return click.option("-l", "--lang", "langs", multiple=True, help=LANGS_HELP)


def project() -> Project:
    return Project.find()


def languages(values, default=None) -> list[str]:
    """The languages named, or `default` (the project's target languages)."""
    if default is None and not comma_list(values):
        default = target_languages()
    return parse_language_list(comma_list(values), default or ())


@click.group()
@click.version_option(package_name="localepress")
def main():
    """Publish French master notebooks in every language through gettext catalogs."""


def choices(values, allowed, what) -> list[str]:
    """The comma list `values`, each one of `allowed` (all of them when none is given)."""
    items = comma_list(values)
    unknown = [v for v in items if v not in allowed]
    if unknown:
        raise Failure(f"unknown {what} {unknown[0]!r}; known: {', '.join(allowed)}")
    return items or list(allowed)


def doc_option():
    return click.option(
        "--doc", "docs", multiple=True, help="Documents, comma-separated or repeated (default all)."
    )


def names(values) -> list[str] | None:
    return comma_list(values) or None


def merge_counts(counts) -> str:
    return f"{counts.fuzzy} fuzzy, {counts.new} new, {counts.obsolete} obsolete"
