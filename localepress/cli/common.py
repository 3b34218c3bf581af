"""What every command shares: the group, option parsing, the error-to-exit-code rule."""

from __future__ import annotations

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


def split_values(values, allowed, what) -> list[str]:
    items = [v.strip() for value in values for v in value.split(",") if v.strip()]
    if allowed is not None:
        unknown = [v for v in items if v not in allowed]
        if unknown:
            raise Failure(f"unknown {what} {unknown[0]!r}; known: {', '.join(allowed)}")
        return items or list(allowed)
    return items


def doc_option():
    return click.option(
        "--doc", "docs", multiple=True, help="Templates, comma-separated or repeated (default all)."
    )


def names(values) -> list[str] | None:
    return [v.strip() for value in values for v in value.split(",") if v.strip()] or None


def merge_counts(counts) -> str:
    return f"{counts.fuzzy} fuzzy, {counts.new} new, {counts.obsolete} obsolete"
