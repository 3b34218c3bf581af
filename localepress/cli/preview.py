"""`localepress serve`: the translators' live preview."""

from __future__ import annotations

import webbrowser

import click

from localepress.cli.common import doc_option, fail_on_errors, languages, main, project
from localepress.languages import project_languages


@main.command()
@click.option(
    "-l", "--lang", "langs", multiple=True,
    help="Languages to preview, comma-separated or repeated (default all, French too).",
)  # fmt: skip
@doc_option()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")  # fmt: skip
@click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Address to listen on; keep the default unless you mean to share the preview.",
)  # fmt: skip
@click.option("--open", "open_browser", is_flag=True, help="Open the index in the web browser.")
@fail_on_errors
def serve(langs, docs, port, host, open_browser):
    """Preview the HTML editions while you translate: each save of a catalog, a notebook or a
    file of source/ rebuilds the pages it touches, and open pages reload by themselves.

    Pages are built into output/.preview/ (never into the packs); untranslated and fuzzy
    segments are marked, and pointing at a segment shows its catalog entry, file:line and
    check findings.
    """
    from localepress.translators.preview_serve import serve as run

    proj = project()
    wanted = languages(langs, default=project_languages(proj))
    chosen = _documents(proj, docs)

    def ready(url: str) -> None:
        click.echo(f"Ready: {url}")
        if open_browser:
            webbrowser.open(url)

    run(proj, wanted, chosen, host=host, port=port, notify=click.echo, on_ready=ready)
    click.echo("Preview stopped.")


def _documents(proj, docs) -> list[str]:
    from localepress.cli.common import comma_list

    named = comma_list(docs)
    return [proj.check_document(doc) for doc in named] if named else proj.documents()
