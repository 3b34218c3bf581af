"""Publishing editions: localize → execute → export, one (document, language) at a time.

Each edition is built in a private folder under the target and its files are renamed into
`<target>/<lang>/` only when every stage succeeded, so a failure leaves the earlier edition
untouched. The failed executed notebook is kept as `<doc>.failed.ipynb` for analysts.
"""

from __future__ import annotations

import gettext
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from localepress import freshness
from localepress.catalogs.po import read_catalog
from localepress.editions import design, export
from localepress.editions.localize import localize
from localepress.errors import LocalepressError
from localepress.languages import LANGUAGES, SOURCE_LANGUAGE, get_language
from localepress.project import INTERFACE, Project, build_date, read_notebook
from localepress.quality.gate import cached_gate

FORMATS = ("html", "pdf", "md")


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


def edition_key(
    project: Project, doc: str, lang: str, parameters: dict, stamp: str, index: str = ""
) -> str:
    """Content hash of everything one edition depends on."""
    inputs = [project.notebook(doc), *sorted(project.source.glob("*.yml"))]
    inputs += [project.source / "termbase.csv", *sorted((project.source / "brand").glob("*"))]
    if lang != SOURCE_LANGUAGE:
        inputs += [project.catalog(lang, doc), project.catalog(lang, INTERFACE)]
    meta = {"doc": doc, "lang": lang, "parameters": parameters, "stamp": stamp, "index": index}
    return freshness.content_key(project.root, inputs, {**meta, "code": freshness.package_digest()})


def _state_path(final_dir: Path, doc: str) -> Path:
    return final_dir / f".{doc}.edition.json"


def _stamp(project: Project) -> str:
    return build_date(project).strftime("%Y-%m-%dT%H:%M:%SZ")


def reusable(
    project: Project, doc: str, lang: str, parameters: dict, formats, target: Path, index: str = ""
):
    """The previous build of this edition, when its key matches and its files are all there."""
    final_dir = target / lang
    key = edition_key(project, doc, lang, {"lang": lang, **parameters}, _stamp(project), index)
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


def interface_translator(project: Project, lang: str):
    mo = project.catalog(lang, INTERFACE).with_suffix(".mo")
    if lang == SOURCE_LANGUAGE or not mo.exists():
        return None
    with open(mo, "rb") as handle:
        return gettext.GNUTranslations(handle).gettext


def alternates(doc: str, lang: str, published: list[str]) -> list[export.Alternate]:
    return [
        export.Alternate(
            code,
            LANGUAGES[code].html_tag,
            LANGUAGES[code].name,
            f"../{code}/{doc}.html",
            code == lang,
            LANGUAGES[code].territory,
        )
        for code in LANGUAGES
        if code in published
    ]


def publish_edition(
    project: Project,
    doc: str,
    lang: str,
    *,
    formats=FORMATS,
    target: Path | None = None,
    published: list[str] = (),
    parameters: dict | None = None,
    french_terms: list[str] = (),
    timeout: int | None = None,
    index: str = "",
) -> EditionResult:
    """Build one edition into `<target>/<lang>/`; errors are returned in the result.

    `index` is the pack index's address from the edition's folder, when there is a pack."""
    from localepress.editions.execute import DEFAULT_TIMEOUT, execute

    target = target or project.output
    result = EditionResult(doc, lang)
    language = get_language(lang)
    final_dir = target / lang
    if not final_dir.resolve().is_relative_to(target.resolve()):
        result.error = f"{final_dir} leads outside {target} (a symbolic link?); nothing written"
        return result
    final_dir.mkdir(parents=True, exist_ok=True)
    parameters = {"lang": lang, **(parameters or {})}
    stamp = _stamp(project)
    key = edition_key(project, doc, lang, parameters, stamp, index)
    build = Path(tempfile.mkdtemp(prefix=f".build-{lang}-{doc}-", dir=target))
    try:
        clock = time.perf_counter()
        master = read_notebook(project.notebook(doc))
        catalog = None if lang == SOURCE_LANGUAGE else read_catalog(project.catalog(lang, doc))
        localized = localize(master, lang, catalog, french_terms)
        result.fallbacks = len(localized.fallbacks)
        result.title = localized.title
        result.seconds["localize"] = time.perf_counter() - clock

        clock = time.perf_counter()
        executed = execute(
            localized.notebook,
            doc=doc,
            lang=lang,
            parameters=parameters,
            root=project.root,
            output_path=build / f"{doc}.ipynb",
            timeout=timeout or DEFAULT_TIMEOUT,
        )
        result.seconds["execute"] = time.perf_counter() - clock
        produced = {"ipynb": build / f"{doc}.ipynb"}

        page = design.page(
            project, doc, language, localized, formats, stamp, index,
            alternates=alternates(doc, lang, published or [lang]),
            translate=interface_translator(project, lang),
        )  # fmt: skip
        html = None
        if "html" in formats or "pdf" in formats:
            clock = time.perf_counter()
            html = export.to_html(executed, page)
            result.seconds["html"] = time.perf_counter() - clock
        if "html" in formats:
            produced["html"] = _write(build / f"{doc}.html", html.encode("utf-8"))
            produced["share"] = _write(build / page.share["href"], design.share(project, page))
        if "md" in formats:
            clock = time.perf_counter()
            front = design.front_matter(project, doc, localized, lang, stamp)
            produced["md"] = _write(
                build / f"{doc}.md", export.to_markdown(executed, front).encode("utf-8")
            )
            result.seconds["md"] = time.perf_counter() - clock
        if "pdf" in formats:
            clock = time.perf_counter()
            produced["pdf"] = _write(build / f"{doc}.pdf", export.to_pdf(html, project.root))
            result.seconds["pdf"] = time.perf_counter() - clock

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
        freshness.remember(
            _state_path(final_dir, doc),
            key,
            formats=sorted(formats),
            title=result.title,
            fallbacks=result.fallbacks,
        )
    except LocalepressError as exc:
        result.error = str(exc)
        failed = build / f"{doc}.ipynb"
        if failed.exists():
            os.replace(failed, final_dir / f"{doc}.failed.ipynb")
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return result


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
    verdicts: dict  # lang → checks.Verdict, for every language asked for
    refused: list[str]  # languages the gate kept out

    @property
    def ok(self) -> bool:
        return not self.refused and all(edition.ok for edition in self.editions)


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
    on_done=None,
    index: str = "",
) -> PublishReport:
    """Gate each language, then build every (document, language) edition.

    `parameters` is a dict for every edition or a function of the language (workflows merge
    global, audience and language parameters). `on_done(result)` is called as each edition
    finishes (the CLI shows progress with it). `index` is the pack index's address from an
    edition's folder ("../index.html"), given when the editions go into a pack.
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    from localepress.quality.termbase import french_marked_terms

    verdicts = {lang: cached_gate(project, lang, docs, threshold) for lang in LANGUAGES}
    publishable = [lang for lang, verdict in verdicts.items() if verdict.publishable]
    refused = [lang for lang in langs if lang not in publishable]
    wanted = [lang for lang in langs if lang in publishable]
    prepare(project, wanted, docs)
    terms = french_marked_terms(project)
    tasks = [(doc, lang) for lang in wanted for doc in docs]
    params_for = parameters if callable(parameters) else (lambda _lang: parameters or {})
    kwargs = dict(
        formats=tuple(formats),
        target=target or project.output,
        published=publishable,
        french_terms=terms,
        index=index,
    )
    results: list[EditionResult] = []
    for doc, lang in list(tasks):
        previous = (
            None
            if force
            else reusable(project, doc, lang, params_for(lang), formats, kwargs["target"], index)
        )
        if previous:
            tasks.remove((doc, lang))
            results.append(previous)
            if on_done:
                on_done(previous)
    if jobs <= 1 or len(tasks) <= 1:
        for doc, lang in tasks:
            results.append(
                publish_edition(project, doc, lang, parameters=params_for(lang), **kwargs)
            )
            if on_done:
                on_done(results[-1])
    else:
        broken = []
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            futures = [
                pool.submit(
                    publish_edition, project, d, lang, parameters=params_for(lang), **kwargs
                )
                for d, lang in tasks
            ]
            for task, future in zip(tasks, futures, strict=True):
                try:
                    results.append(future.result())
                except BrokenProcessPool:
                    broken.append(task)
                    continue
                if on_done:
                    on_done(results[-1])
        # A worker process died (killed, out of memory, a crash in a native library): the pool
        # fails every edition it still held. Each goes again in a process of its own, so only
        # the edition that kills its process is reported, and the others are built.
        for doc, lang in broken:
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
                future = pool.submit(
                    publish_edition, project, doc, lang, parameters=params_for(lang), **kwargs
                )
                try:
                    results.append(future.result())
                except BrokenProcessPool:
                    results.append(EditionResult(doc, lang, error=f"{doc} [{lang}]: {_DIED}"))
            if on_done:
                on_done(results[-1])
    return PublishReport(results, {lang: verdicts[lang] for lang in langs}, refused)


_DIED = "the process building this edition died twice (killed, out of memory or crashed)"
