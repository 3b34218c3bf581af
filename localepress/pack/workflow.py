"""Workflows: `workflows/*.yml` say which documents × languages × formats a run publishes.

Files are read with YAML's safe loader (aliases refused: nested ones expand exponentially)
and validated against a JSON Schema; an error names the file, the line and the key. The output
name becomes a folder under `output/`, so it is restricted to a plain slug: no `..`, no slash.
Parameter names become code in the notebook (papermill writes `name = value`), so they are
restricted to Python identifiers. Documents must be translated ones, and the audience (and
each audience given parameters) one that every document's notebook declares
(`localepress.audiences` in its metadata), so a typo is an error, not a silent default.

A run publishes into `output/<name>/`, which is the pack: each workflow's editions are kept
apart, so two workflows never rebuild each other's.

Languages never hold each other back. A language the gate refuses does what `gated:` says:
`keep-previous` (the default) puts its last good edition, read from the live pack before the
new one replaces it, into the new pack as `outdated` (with the date of the French text it
follows); `omit` leaves it out; `fail` writes no pack at all, as before. French and every
passing language are updated either way, and the run still exits 1. A language with no good
edition yet is left out, and the language chooser says so.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from localepress.editions.publish import PublishReport
from localepress.errors import CatalogError, UnknownLanguageError, WorkflowError
from localepress.languages import get_language, in_order
from localepress.pack.lastgood import keep_previous
from localepress.project import DEFAULT_AUDIENCE, FORMATS, INTERFACE, Project

PACK_INDEX = "index.html"  # the language's press room, from an edition beside it in <lang>/
KEEP_PREVIOUS, OMIT, FAIL = "keep-previous", "omit", "fail"  # what a gated language does

# papermill writes each parameter as `name = value` code in the notebook: a name must be a
# Python identifier, or a workflow file could inject code ("x\nimport os…").
PARAMETERS = {
    "type": "object",
    "propertyNames": {"pattern": r"^[A-Za-z_][A-Za-z0-9_]*\Z"},
}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "documents", "languages"],
    "properties": {
        "name": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]{0,63}\Z"},  # \Z: no "\n"
        "title": {"type": "string"},
        "documents": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "languages": {
            "type": "array",
            "items": {"type": "string"},  # any CLDR tag: checked by _check_languages
            "minItems": 1,
            "uniqueItems": True,
        },
        "formats": {
            "type": "array",
            "items": {"enum": list(FORMATS)},
            "minItems": 1,
            "uniqueItems": True,
        },
        "threshold": {"type": "number", "minimum": 0, "maximum": 100},
        "audience": {"type": "string"},
        "pack": {"type": "boolean"},
        "gated": {"enum": [KEEP_PREVIOUS, OMIT, FAIL]},
        "parameters": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "global": PARAMETERS,
                "audiences": {"type": "object", "additionalProperties": PARAMETERS},
                "languages": {
                    "type": "object",
                    "additionalProperties": PARAMETERS,
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Workflow:
    path: Path
    name: str
    title: str
    documents: list[str]
    languages: list[str]
    formats: list[str] = field(default_factory=lambda: list(FORMATS))
    threshold: float = 100.0
    audience: str = DEFAULT_AUDIENCE
    parameters: dict = field(default_factory=dict)
    pack: bool = True
    gated: str = (
        KEEP_PREVIOUS  # a language the gate refuses: its last good edition, out, or no pack
    )

    def parameters_for(self, lang: str) -> dict:
        """Global, then per-audience, then per-language parameters; later ones win."""
        params = self.parameters
        return {
            "audience": self.audience,
            **params.get("global", {}),
            **params.get("audiences", {}).get(self.audience, {}),
            **params.get("languages", {}).get(lang, {}),
        }


def load_workflow(path: Path, project: Project) -> Workflow:
    """Read and validate a workflow file against the schema and the project's notebooks."""
    path = Path(path)
    data, tree = _read_yaml(path)
    errors = sorted(
        jsonschema.Draft202012Validator(SCHEMA).iter_errors(data),
        key=lambda e: (list(map(str, e.absolute_path)), e.validator != "additionalProperties"),
    )
    if errors:
        raise _schema_error(path, tree, errors[0])
    known = project.documents()
    for index, doc in enumerate(data["documents"]):
        if doc not in known:
            why = "not translated (translate: false)" if doc in project.all_documents() else ""
            raise WorkflowError(
                path,
                f"{'unknown document' if not why else 'document'} {doc!r}"
                + (f" is {why}" if why else "")
                + f"; translated documents: {', '.join(known)}",
                _line(tree, ["documents", index]),
                f"documents.{index}",
            )
    _check_audiences(path, tree, data, project)
    _check_languages(path, tree, data)
    return Workflow(
        path=path,
        name=data["name"],
        title=data.get("title", data["name"]),
        documents=data["documents"],
        languages=in_order(data["languages"], project),
        formats=[f for f in FORMATS if f in data.get("formats", FORMATS)],
        threshold=float(data.get("threshold", 100)),
        audience=data.get("audience", DEFAULT_AUDIENCE),
        parameters=data.get("parameters", {}),
        pack=data.get("pack", True),
        gated=data.get("gated", KEEP_PREVIOUS),
    )


def _read_yaml(path: Path):
    """The file's data and its node tree (for line numbers); aliases refused."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkflowError(path, "no such workflow file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkflowError(path, f"cannot read: {exc}") from None
    try:
        data = yaml.safe_load(text)
        tree = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise WorkflowError(
            path, f"not valid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None
        ) from None
    alias = next((e for e in yaml.parse(text) if isinstance(e, yaml.AliasEvent)), None)
    if alias is not None:  # nested aliases expand exponentially ("billion laughs")
        raise WorkflowError(
            path,
            f"YAML alias *{alias.anchor} is not allowed in a workflow file; write the value out",
            alias.start_mark.line + 1,
        )
    if not isinstance(data, dict):
        raise WorkflowError(
            path, "a workflow is a mapping of keys (name, documents, languages…)", 1
        )
    return data, tree


def _check_audiences(path: Path, tree, data: dict, project: Project) -> None:
    """The audience, and each audience given parameters, must be declared by every document."""
    declared = [set(project.audiences(doc)) for doc in data["documents"]]
    valid = [a for a in project.audiences(data["documents"][0]) if all(a in d for d in declared)]
    wanted = [(data.get("audience", DEFAULT_AUDIENCE), ["audience"])]
    wanted += [(name, ["parameters", "audiences", name])
               for name in data.get("parameters", {}).get("audiences", {})]  # fmt: skip
    for audience, keys in wanted:
        if audience not in valid:
            raise WorkflowError(
                path,
                f"unknown audience {audience!r}; the documents' notebooks declare: "
                f"{', '.join(valid) or 'none in common'}",
                _line(tree, keys),
                ".".join(keys),
            )


def _check_languages(path: Path, tree, data: dict) -> None:
    """Each language (and each given parameters) must be a tag CLDR knows: the error names
    the closest known ones, with file, line and key."""
    wanted = [(code, ["languages", index]) for index, code in enumerate(data["languages"])]
    wanted += [(code, ["parameters", "languages", code])
               for code in data.get("parameters", {}).get("languages", {})]  # fmt: skip
    for code, keys in wanted:
        try:
            get_language(code)
        except UnknownLanguageError as exc:
            where = _line(tree, keys), ".".join(map(str, keys))
            raise WorkflowError(path, str(exc), *where) from None


def _schema_error(path: Path, tree, error) -> WorkflowError:
    """The first schema violation as file, line, key and a message a person can act on."""
    keys = list(error.absolute_path)
    message = error.message
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))[0]
        keys.append(unknown)
        message = f"unknown key {unknown!r}; allowed keys: {', '.join(allowed)}"
    elif error.validator == "required":
        message = f"missing key: {message.split(' is a required')[0]}"
    dotted = ".".join(map(str, keys)) or None
    return WorkflowError(path, message, _line(tree, keys), dotted)


def _line(node, keys: list) -> int | None:
    """1-based line of the value at `keys` in the composed YAML tree (or its nearest parent)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(key)), None)
            key_node = next((k for k, _ in node.value if k.value == str(key)), None)
            if match is None:
                return line
            line, node = key_node.start_mark.line + 1, match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


@dataclass
class RunReport:
    workflow: Workflow
    publish: PublishReport
    stale: list[str]  # templates or catalogs behind the master (reported, never rewritten)
    folder: Path  # output/<name>/: the editions' paths are relative to it
    pack: Path | None = None
    archive: Path | None = None
    previous_pack: bool = False  # a pack from an earlier run was there (and stays, if no new)
    kept: list[str] = field(default_factory=list)  # gated languages at their last good edition
    omitted: list[str] = field(default_factory=list)  # gated languages left out of the pack
    seconds: float = 0.0
    reviews: dict = field(default_factory=dict)  # review page path → review.ReviewResult
    status: object = None  # publish.EditionResult of the status notebook

    @property
    def ok(self) -> bool:
        return self.publish.ok and (self.status is None or self.status.ok)


def stale_catalogs(project: Project, langs: list[str], docs: list[str]) -> list[str]:
    """Catalogs missing, or whose entries are not their template's (`Completeness.stale`):
    `localepress update` is due. Only the keys are read; an unreadable catalog is left to the
    gate, which names its file and line."""
    from localepress.catalogs.po import read_keys

    stale = []
    for doc in docs:
        template = read_keys(project.template(doc))
        for lang in langs:
            path = project.catalog(lang, doc)
            try:
                if path.exists() and read_keys(path) == template:
                    continue
            except CatalogError:
                continue
            stale.append(project.relative(path))
    return stale


def run_workflow(
    project: Project, workflow: Workflow, *, jobs: int = 1, force: bool = False, on_done=None,
    pages=None,
) -> RunReport:  # fmt: skip
    """The whole chain for one workflow: check sources, compile, gate, build, pack.

    Editions are built into `output/<name>/` (through a staging folder when the workflow makes
    a pack). `pages(project, workflow, targets, result, force)`, when given, writes pages beside
    the pack under the same run lock (the CLI passes `translators.pages.write_translator_pages`).
    """
    import time

    from localepress.catalogs.extract import stale_templates
    from localepress.languages import SOURCE_LANGUAGE
    from localepress.pack.bundle import recover
    from localepress.pack.runlock import run_lock

    started = time.perf_counter()
    with run_lock(project.output):
        recover(project.output, workflow.name)
        domains = [*workflow.documents, INTERFACE]
        targets = [lang for lang in workflow.languages if lang != SOURCE_LANGUAGE]
        stale = stale_templates(project, domains) + stale_catalogs(project, targets, domains)
        result = _publish(project, workflow, stale, jobs=jobs, force=force, on_done=on_done)
        if pages is not None:
            pages(project, workflow, targets, result, force)
    result.seconds = time.perf_counter() - started
    return result


def _publish(project: Project, workflow: Workflow, stale: list[str], **options) -> RunReport:
    """Build the editions into the workflow's folder and, unless an edition failed (or a
    language was gated out under `gated: fail`), the pack."""
    from localepress.editions.publish import publish
    from localepress.pack.bundle import keep_pending, stage
    from localepress.pack.manifest import read_manifest

    final = project.output / workflow.name
    live = read_manifest(final / "manifest.json")
    previous = (final / "manifest.json").is_file()
    folder = stage(project.output, workflow.name) if workflow.pack else final
    keepable = []  # languages whose editions the live pack holds: still linked if refused
    if workflow.pack and workflow.gated == KEEP_PREVIOUS and live is not None:
        keepable = sorted({f.language for f in live.files} & set(workflow.languages))
    try:
        report = publish(project, workflow.languages, workflow.documents, workflow.formats,
                         target=folder, threshold=workflow.threshold,
                         parameters=workflow.parameters_for,
                         index=PACK_INDEX if workflow.pack else "", kept=keepable,
                         **options)  # fmt: skip
        result = RunReport(workflow, report, stale, final, previous_pack=previous)
        failed = any(not edition.ok for edition in report.editions)
        if workflow.pack and not failed and (workflow.gated != FAIL or not report.refused):
            kept = {}
            if workflow.gated == KEEP_PREVIOUS and live is not None:
                kept = keep_previous(workflow.documents, report, live, final, folder)
            result.kept = in_order(kept, project)
            result.omitted = [lang for lang in report.refused if lang not in kept]
            result.pack, result.archive = _pack(project, workflow, report, folder, kept,
                                                result.omitted)  # fmt: skip
        elif workflow.pack:
            keep_pending(project.output, workflow.name, folder)
    finally:
        if workflow.pack and folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
    return result


def _pack(project: Project, workflow: Workflow, report: PublishReport, folder: Path,
          kept: dict, omitted: list[str]):  # fmt: skip
    from localepress.editions.publish import interface_translator
    from localepress.pack.assets import read_contacts
    from localepress.pack.bundle import PackedEdition, PackExtras, build_pack
    from localepress.project import build_date, source_revision
    from localepress.quality.termbase import french_marked_terms

    packed = [edition for editions in kept.values() for edition in editions]
    for edition in report.editions:
        verdict = report.verdicts[edition.lang]
        packed.append(
            PackedEdition(edition.doc, edition.lang, edition.title,
                          {**edition.files, **edition.assets},
                          verdict.completeness.get(edition.doc, 100.0), verdict.errors,
                          verdict.warnings)
        )  # fmt: skip
    extras = PackExtras(
        documents=workflow.documents, contacts=read_contacts(project.source / "facts.yml"),
        translator=lambda lang: interface_translator(project, lang), omitted=omitted,
    )  # fmt: skip
    return build_pack(project.output, workflow.name, folder, workflow.title, packed,
                      project.source / "brand", source_revision(project), build_date(project),
                      french_marked_terms(project), extras)  # fmt: skip
