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


class _MsgmergeCommand(click.Command):
    """msgmerge's usage errors: its words, its hint, exit code 1."""

    def parse_args(self, ctx, args):
        given = sum(not a.startswith("-") or a == "-" for a in args)
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            _usage(f"localepress merge: unrecognized option '{exc.option_name}'")
        except click.UsageError as exc:
            if isinstance(exc, click.MissingParameter) or "argument" in str(exc).lower():
                _usage("localepress merge: " + ("exactly 2 input files required" if given
                                                 else "no input files given"))  # fmt: skip
            exc.exit_code = 1
            raise


def _usage(message: str) -> None:
    click.echo(message, err=True)
    click.echo("Try 'localepress merge --help' for more information.", err=True)
    sys.exit(1)


@main.command("merge", cls=_MsgmergeCommand)
@click.argument("definitions", type=click.Path())
@click.argument("reference", type=click.Path())
@click.option("-o", "--output-file", "output", help="Write the merge here ('-': standard output).")
@click.option("-U", "--update", is_flag=True, help="Update DEFINITIONS in place, if it changes.")
@click.option("--backup", metavar="CONTROL", help="With -U: none, simple, numbered, existing.")
@click.option("--suffix", metavar="SUFFIX", help="With -U: the simple backup suffix (~).")
@click.option("-C", "--compendium", "compendiums", multiple=True, type=click.Path(),
              help="Another catalog of translations to draw on; repeatable.")  # fmt: skip
@click.option("-N", "--no-fuzzy-matching", is_flag=True, help="Propose no similar translation.")
@click.option("--previous", is_flag=True, help="Keep the old msgid (#|) of fuzzy entries.")
@click.option("-m", "--multi-domain", is_flag=True, help="Apply REFERENCE to every domain.")
@click.option("--for-msgfmt", is_flag=True, help="Only what msgfmt compiles: no comments.")
@click.option("--lang", metavar="CATALOGNAME", help="Set the Language field of the header.")
@click.option("--no-location", is_flag=True, help="Write no '#: file:line' lines.")
@click.option("--add-location", is_flag=False, flag_value="full", help="'#:' lines: full, file.")
@click.option("-n", "location", help="The same as --add-location=TYPE.")
@click.option("-w", "--width", type=int, help="Page width for wrapping (79).")
@click.option("--no-wrap", is_flag=True, help="Do not wrap long lines.")
@click.option("-s", "--sort-output", is_flag=True, help="Sort by msgid.")
@click.option("-F", "--sort-by-file", is_flag=True, help="Sort by file location.")
@click.option("--force-po", is_flag=True, help="Write the file even when it is empty.")
@click.option("-q", "--quiet", "--silent", is_flag=True, help="Print no summary.")
def merge_command(definitions, reference, output, update, backup, suffix, compendiums, **flags):
    """Merge DEFINITIONS.po with REFERENCE.pot, as GNU msgmerge (same options, messages and
    exit codes: 0, or 1 with msgmerge's `file:line:` messages); standard output by default.

    Unlike `update`, no previous msgid (#|) is kept unless --previous is given."""
    from localepress.catalogs.msgmerge import merged_bytes, write_merge
    from localepress.errors import GettextMessages, LocalepressError

    options, layout = _msgmerge_options(update, output, backup, suffix, flags)
    target = Path(definitions) if update else (None if output in (None, "-") else Path(output))
    try:
        merged = merged_bytes(definitions, reference, options=options, layout=layout,
                              compendiums=compendiums, update=update)  # fmt: skip
        for line in merged.warnings:
            click.echo(line, err=True)
        if merged.data is not None and target is None:
            click.echo(merged.data, nl=False)
        status = "merged"
        if target is not None:
            status = write_merge(merged, target, update=update, backup=backup, suffix=suffix)
    except GettextMessages as exc:
        _fail(*exc.lines)
    except LocalepressError as exc:
        _fail(f"localepress merge: {exc}")
    if not (flags["quiet"] or flags["for_msgfmt"]):  # msgmerge is quiet --for-msgfmt too
        where = f"  {target}" if target else ""
        click.echo(f"{status:>9}{where}  ({merge_counts(merged.counts)})", err=True)


def _msgmerge_options(update, output, backup, suffix, flags):
    """MergeOptions and Layout from msgmerge's flags, refusing its forbidden mixes."""
    from localepress.catalogs.merge import MergeOptions
    from localepress.catalogs.msgmerge import PROGRAM, Layout

    if update and (output or flags["for_msgfmt"]):
        other = "--output-file" if output else "--for-msgfmt"
        _fail(f"{PROGRAM}: --update and {other} are mutually exclusive")
    if not update and (backup or suffix):
        _fail(f"{PROGRAM}: {'--backup' if backup else '--suffix'} is only valid with --update")
    location = flags["location"] or flags["add_location"]
    if location not in (None, "full", "file", "never"):
        _usage(f"invalid --add-location argument: {location}")
    if flags["sort_output"] and flags["sort_by_file"]:
        _fail(f"{PROGRAM}: --sort-output and --sort-by-file are mutually exclusive")
    options = MergeOptions(
        previous=flags["previous"],
        fuzzy_matching=not (flags["no_fuzzy_matching"] or flags["for_msgfmt"]),
        for_msgfmt=flags["for_msgfmt"],
        multi_domain=flags["multi_domain"],
        lang=flags["lang"],
    )
    layout = Layout(
        width=flags["width"],
        wrap=not flags["no_wrap"],
        sort_output=flags["sort_output"],
        sort_by_file=flags["sort_by_file"],
        location="never" if flags["no_location"] else location,
        force_po=flags["force_po"],
    )
    return options, layout


def _fail(*lines):
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


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
