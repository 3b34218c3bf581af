"""Publishing editions: localize → execute → export, one (document, language) at a time.

Each edition is built in a private folder under the target and its files are renamed into
`<target>/<lang>/` only when every stage succeeded, so a failure leaves the earlier edition
untouched. The failed executed notebook is kept as `<doc>.failed.ipynb` for analysts.

`localepress publish` writes into `output/`; a workflow into its own folder,
`output/<workflow>/`, which is its pack. The language switcher of a page links to the
languages published together (those asked for that pass the gate), never outside the folder:
a pack of fr and es offers no `../en/` link. That set is part of the edition's key, so a page
is rebuilt when a language joins or leaves.
"""

from __future__ import annotations

import gettext
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from localepress import freshness
from localepress.catalogs.po import read_catalog
from localepress.editions import design, export, workers
from localepress.editions.localize import localize
from localepress.errors import LocalepressError
from localepress.files import make_temp_dir
from localepress.languages import SOURCE_LANGUAGE, get_language, in_order
from localepress.project import FORMATS, INTERFACE, Project, build_date, read_notebook
from localepress.quality.gate import Verdict, cached_gate

__all__ = ["EditionResult", "PublishReport", "publish", "publish_edition"]


@dataclass
class EditionResult:
    doc: str
    lang: str
    files: dict[str, str] = field(default_factory=dict)  # format → path relative to the target
    seconds: dict[str, float] = field(default_factory=dict)  # stage → wall time
    title: str = ""
    fallbacks: int = 0
    error: str | None = None
    reused: bool = False  # inputs unchanged since the last build: nothing was re-executed
    assets: dict[str, str] = field(default_factory=dict)  # "share" → its share image

    @property
    def ok(self) -> bool:
        return self.error is None


def _state_path(final_dir: Path, doc: str) -> Path:
    return final_dir / f".{doc}.edition.json"


def _stamp(project: Project) -> str:
    return build_date(project).strftime("%Y-%m-%dT%H:%M:%SZ")


def _key(project: Project, doc: str, lang: str, parameters: dict, links, index: str) -> str:
    return freshness.edition_key(project, doc, lang, parameters, _stamp(project), links, index)


def reusable(project: Project, doc: str, lang: str, parameters: dict, formats, target: Path,
             links=(), index: str = ""):  # fmt: skip
    """The previous build of this edition, when its key matches and its files are all there."""
    final_dir = target / lang
    key = _key(project, doc, lang, {"lang": lang, **parameters}, _links(lang, links), index)
    files = {fmt: final_dir / f"{doc}.{fmt}" for fmt in formats}
    assets = {"share": final_dir / f"{doc}.share.png"} if "html" in formats else {}
    state = freshness.recall(_state_path(final_dir, doc), key, [*files.values(), *assets.values()])
    if state is None or not set(formats) <= set(state.get("formats", [])):
        return None
    return EditionResult(
        doc,
        lang,
        files={fmt: str(path.relative_to(target)) for fmt, path in files.items()},
        title=state.get("title", ""),
        fallbacks=state.get("fallbacks", 0),
        reused=True,
        assets={kind: str(path.relative_to(target)) for kind, path in assets.items()},
    )


class FrenchText(str):
    """A page string the interface catalog does not translate: shown in French, and marked
    lang="fr" by the templates (`t(text).untranslated`). A translation that happens to equal
    the French ("8 p.") is a plain str, so it is not marked."""

    untranslated = True


class _FrenchFallback(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return FrenchText(message)


def interface_translator(project: Project, lang: str):
    """The interface catalog's gettext for `lang` (None for French or without a catalog)."""
    mo = project.catalog(lang, INTERFACE).with_suffix(".mo")
    if lang == SOURCE_LANGUAGE or not mo.exists():
        return None
    with open(mo, "rb") as handle:
        translations = gettext.GNUTranslations(handle)
    translations.add_fallback(_FrenchFallback())
    return translations.gettext


def _links(lang: str, published) -> list[str]:
    """The languages a page in `lang` links to: those published with it, in table order."""
    return in_order([*published, lang])


def alternates(doc: str, lang: str, published) -> list[export.Alternate]:
    return [
        export.Alternate(
            code, language.html_tag, language.name, f"../{code}/{doc}.html",
            code == lang, language.territory,
        )
        for code, language in ((c, get_language(c)) for c in _links(lang, published))
    ]  # fmt: skip


def publish_edition(
    project: Project,
    doc: str,
    lang: str,
    *,
    formats=FORMATS,
    target: Path | None = None,
    published=(),
    parameters: dict | None = None,
    french_terms=(),
    timeout: int | None = None,
    index: str = "",
) -> EditionResult:
    """Build one edition into `<target>/<lang>/`, its switcher linking to `published` (and
    `lang`); errors are returned in the result. `index` is the pack index's address from the
    edition's folder, when there is a pack."""
    target = target or project.output
    result = EditionResult(doc, lang)
    final_dir = target / lang
    if not final_dir.resolve().is_relative_to(target.resolve()):
        result.error = f"{final_dir} leads outside {target} (a symbolic link?); nothing written"
        return result
    final_dir.mkdir(parents=True, exist_ok=True)
    parameters = {"lang": lang, **(parameters or {})}
    links = _links(lang, published)
    key = _key(project, doc, lang, parameters, links, index)
    build = make_temp_dir(target, f".build-{lang}-{doc}-")
    try:
        produced = _build(project, doc, lang, formats, parameters, (links, index),
                          french_terms, timeout, build, result)  # fmt: skip
        # The files are swapped in one by one: forget the previous build first, so an
        # interrupted swap is rebuilt next time instead of being reused half old, half new.
        _state_path(final_dir, doc).unlink(missing_ok=True)
        for fmt, path in produced.items():
            final = final_dir / path.name
            os.replace(path, final)
            if fmt == "share":
                result.assets[fmt] = str(final.relative_to(target))
            elif fmt != "ipynb":
                result.files[fmt] = str(final.relative_to(target))
        (final_dir / f"{doc}.failed.ipynb").unlink(missing_ok=True)
        freshness.remember(_state_path(final_dir, doc), key, formats=sorted(formats),
                           title=result.title, fallbacks=result.fallbacks)  # fmt: skip
    except LocalepressError as exc:
        result.error = str(exc)
        failed = build / f"{doc}.ipynb"
        if failed.exists():
            os.replace(failed, final_dir / f"{doc}.failed.ipynb")
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return result


def _build(project, doc, lang, formats, parameters, place, french_terms, timeout, build, result):
    """Localize, execute and export into `build`; return {format: file} ("ipynb" included).
    `place` is (the languages the switcher links to, the pack index's address or "")."""
    from localepress.editions.execute import DEFAULT_TIMEOUT, execute

    clock = time.perf_counter()
    master = read_notebook(project.notebook(doc))
    catalog = None if lang == SOURCE_LANGUAGE else read_catalog(project.catalog(lang, doc))
    localized = localize(master, lang, catalog, french_terms)
    result.fallbacks, result.title = len(localized.fallbacks), localized.title
    result.seconds["localize"] = time.perf_counter() - clock
    clock = time.perf_counter()
    executed = execute(localized.notebook, doc=doc, lang=lang, parameters=parameters,
                       root=project.root, output_path=build / f"{doc}.ipynb",
                       timeout=timeout or DEFAULT_TIMEOUT)  # fmt: skip
    result.seconds["execute"] = time.perf_counter() - clock
    links, index = place
    page = design.page(
        project, doc, get_language(lang), localized, formats, _stamp(project), index,
        alternates=alternates(doc, lang, links), translate=interface_translator(project, lang),
    )  # fmt: skip
    front = design.front_matter(project, doc, localized, lang, _stamp(project))
    produced = {"ipynb": build / f"{doc}.ipynb"}
    return produced | _export(project, executed, page, front, formats, build, doc, result)


def _export(project, executed, page, front, formats, build: Path, doc: str, result):
    """The executed notebook in each format asked for (and the share image of the HTML
    edition), written into `build`."""
    from localepress.editions import office

    produced, html = {}, None
    if set(formats) - {"md"}:  # every other format is made from the HTML edition
        clock = time.perf_counter()
        html = export.to_html(executed, page)
        result.seconds["html"] = time.perf_counter() - clock
    if "html" in formats:
        produced["html"] = _write(build / f"{doc}.html", html.encode("utf-8"))
        produced["share"] = _write(build / page.share["href"], design.share(project, page))
    if "md" in formats:
        clock = time.perf_counter()
        markdown = export.to_markdown(executed, front).encode("utf-8")
        produced["md"] = _write(build / f"{doc}.md", markdown)
        result.seconds["md"] = time.perf_counter() - clock
    if "pdf" in formats:
        clock = time.perf_counter()
        produced["pdf"] = _write(build / f"{doc}.pdf", export.to_pdf(html, project.root))
        result.seconds["pdf"] = time.perf_counter() - clock
    for fmt in (f for f in office.OFFICE_FORMATS if f in formats):
        clock = time.perf_counter()
        data = office.convert(html, fmt, lang_tag=page.locale.replace("_", "-") or page.html_tag,
                              title=page.title, stamp=build_date(project),
                              brand_dir=project.source / "brand")  # fmt: skip
        produced[fmt] = _write(build / f"{doc}.{fmt}", data)
        result.seconds[fmt] = time.perf_counter() - clock
    return produced


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def prepare(project: Project, langs: list[str], docs: list[str]) -> None:
    """Compile the catalogs the editions read (a no-op when every .mo is current)."""
    targets = [lang for lang in langs if lang != SOURCE_LANGUAGE]
    if targets:
        from localepress.catalogs.po import compile_catalogs

        compile_catalogs(project, targets, [*docs, INTERFACE])


@dataclass
class PublishReport:
    editions: list[EditionResult]
    verdicts: dict[str, Verdict]  # lang → the gate's verdict, for every language asked for
    refused: list[str]  # languages the gate kept out

    @property
    def ok(self) -> bool:
        return not self.refused and all(edition.ok for edition in self.editions)

    @property
    def published(self) -> list[str]:
        return [lang for lang in self.verdicts if lang not in self.refused]


def publish(
    project: Project,
    langs: list[str],
    docs: list[str],
    formats=FORMATS,
    *,
    target: Path | None = None,
    threshold: float = 100.0,
    parameters=None,
    jobs: int = 1,
    force: bool = False,
    on_done: Callable[[EditionResult], None] | None = None,
    index: str = "",
    kept: Sequence[str] = (),
) -> PublishReport:
    """Gate each language asked for, then build every (document, language) edition.

    `parameters` is a dict for every edition or a function of the language (workflows merge
    global, audience and language parameters). `on_done(result)` is called as each edition
    finishes (the CLI shows progress with it). Pages link to the languages that pass, and to
    the pack index at `index` ("../index.html") when the editions go into a pack, and to
    the `kept` languages the gate refuses whose last good editions stay in the pack.
    """
    from localepress.quality.termbase import french_marked_terms

    langs = in_order(langs, project)
    verdicts = {lang: cached_gate(project, lang, docs, threshold) for lang in langs}
    refused = [lang for lang, verdict in verdicts.items() if not verdict.publishable]
    wanted = [lang for lang in langs if lang not in refused]
    prepare(project, wanted, docs)
    params_for = parameters if callable(parameters) else (lambda _lang: parameters or {})
    target = target or project.output
    linked = [lang for lang in langs if lang in wanted or lang in kept]
    build = Build(project, tuple(formats), target, linked, french_marked_terms(project),
                  params_for, on_done or (lambda result: None), index)  # fmt: skip
    tasks = [(doc, lang) for lang in wanted for doc in docs]
    results = [] if force else build.reused(tasks)
    done = {(result.doc, result.lang) for result in results}
    results += build.run([task for task in tasks if task not in done], jobs)
    return PublishReport(results, verdicts, refused)


@dataclass
class Build:
    """The editions of one publish call, built in this process or in a pool of processes."""

    project: Project
    formats: tuple[str, ...]
    target: Path
    links: list[str]
    french_terms: list[str]
    params_for: Callable[[str], dict]
    on_done: Callable[[EditionResult], None]
    index: str = ""

    def reused(self, tasks) -> list[EditionResult]:
        found = []
        for doc, lang in tasks:
            previous = reusable(self.project, doc, lang, self.params_for(lang), self.formats,
                                self.target, self.links, self.index)  # fmt: skip
            if previous:
                found.append(previous)
                self.on_done(previous)
        return found

    def edition(self, doc: str, lang: str) -> EditionResult:
        return publish_edition(self.project, doc, lang, **self._kwargs(lang))

    def _kwargs(self, lang: str) -> dict:
        return dict(formats=self.formats, target=self.target, published=self.links,
                    french_terms=self.french_terms, parameters=self.params_for(lang),
                    index=self.index)  # fmt: skip

    def run(self, tasks, jobs: int) -> list[EditionResult]:
        if jobs <= 1 or len(tasks) <= 1:
            results = []
            for doc, lang in tasks:
                results.append(self.edition(doc, lang))
                self.on_done(results[-1])
            return results
        return self._in_processes(tasks, jobs)

    def _in_processes(self, tasks, jobs: int) -> list[EditionResult]:
        """Editions in a pool of processes. A worker that dies (killed, out of memory, a crash
        in a native library) breaks the pool and fails every edition it still held: each goes
        again in a process of its own, so only the edition that kills its process fails."""
        from concurrent.futures.process import BrokenProcessPool

        results, broken = [], []
        with workers.pool(jobs) as executor:
            futures = [workers.submit(executor, publish_edition, self.project, doc, lang,
                                      **self._kwargs(lang))
                       for doc, lang in tasks]  # fmt: skip
            for task, future in zip(tasks, futures, strict=True):
                try:
                    results.append(future.result())
                except BrokenProcessPool:
                    broken.append(task)
                    continue
                self.on_done(results[-1])
        for doc, lang in broken:
            with workers.pool(1) as executor:
                future = workers.submit(executor, publish_edition, self.project, doc, lang,
                                        **self._kwargs(lang))  # fmt: skip
                try:
                    results.append(future.result())
                except BrokenProcessPool:
                    results.append(EditionResult(doc, lang, error=f"{doc} [{lang}]: {_DIED}"))
            self.on_done(results[-1])
        return results


_DIED = "the process building this edition died twice (killed, out of memory or crashed)"
