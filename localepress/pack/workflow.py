"""Workflows: `workflows/*.yml` say which documents × languages × formats a run publishes.

Files are read with YAML's safe loader (aliases refused: nested ones expand exponentially)
and validated against a JSON Schema; an error names the file, the line and the key. The output
name becomes a folder under `output/`, so it is restricted to a plain slug: no `..`, no slash.
Parameter names become code in the notebook (papermill writes `name = value`), so they are
restricted to Python identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from localepress.errors import WorkflowError
from localepress.languages import LANGUAGES

FORMATS = ["html", "pdf", "md"]
PACK_INDEX = "../index.html"  # the pack index, from an edition's folder <pack>/<lang>/

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
            "items": {"enum": list(LANGUAGES)},
            "minItems": 1,
            "uniqueItems": True,
        },
        "formats": {
            "type": "array",
            "items": {"enum": FORMATS},
            "minItems": 1,
            "uniqueItems": True,
        },
        "threshold": {"type": "number", "minimum": 0, "maximum": 100},
        "audience": {"type": "string"},
        "pack": {"type": "boolean"},
        "parameters": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "global": PARAMETERS,
                "audiences": {"type": "object", "additionalProperties": PARAMETERS},
                "languages": {
                    "type": "object",
                    "propertyNames": {"enum": list(LANGUAGES)},
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
    audience: str = "press"
    parameters: dict = field(default_factory=dict)
    pack: bool = True

    def parameters_for(self, lang: str) -> dict:
        """Global, then per-audience, then per-language parameters; later ones win."""
        params = self.parameters
        return {
            "audience": self.audience,
            **params.get("global", {}),
            **params.get("audiences", {}).get(self.audience, {}),
            **params.get("languages", {}).get(lang, {}),
        }


def load_workflow(path: Path, known_documents: list[str]) -> Workflow:
    path = Path(path)
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
    errors = sorted(
        jsonschema.Draft202012Validator(SCHEMA).iter_errors(data),
        key=lambda e: (list(map(str, e.absolute_path)), e.validator != "additionalProperties"),
    )
    if errors:
        raise _schema_error(path, tree, errors[0])
    for index, doc in enumerate(data["documents"]):
        if doc not in known_documents:
            raise WorkflowError(
                path,
                f"unknown document {doc!r}; known documents: {', '.join(known_documents)}",
                _line(tree, ["documents", index]),
                f"documents.{index}",
            )
    return Workflow(
        path=path,
        name=data["name"],
        title=data.get("title", data["name"]),
        documents=data["documents"],
        languages=[code for code in LANGUAGES if code in data["languages"]],
        formats=[f for f in FORMATS if f in data.get("formats", FORMATS)],
        threshold=float(data.get("threshold", 100)),
        audience=data.get("audience", "press"),
        parameters=data.get("parameters", {}),
        pack=data.get("pack", True),
    )


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
    publish: object  # publish.PublishReport
    stale: list[str]  # templates or catalogs behind the master (reported, never rewritten)
    pack: Path | None = None
    archive: Path | None = None
    seconds: float = 0.0
    reviews: dict = field(default_factory=dict)  # review page path → review.ReviewResult
    status: object = None  # publish.EditionResult of the status notebook

    @property
    def ok(self) -> bool:
        return self.publish.ok and (self.status is None or self.status.ok)


def stale_catalogs(project, langs: list[str], docs: list[str]) -> list[str]:
    """Catalogs whose msgids differ from their template's: `localepress update` is due."""
    from localepress.catalogs.po import read_catalog

    stale = []
    for doc in docs:
        template = {(e.msgctxt, e.msgid) for e in read_catalog(project.template(doc))}
        for lang in langs:
            path = project.catalog(lang, doc)
            if not path.exists():
                stale.append(str(path.relative_to(project.root)))
                continue
            entries = {(e.msgctxt, e.msgid) for e in read_catalog(path) if not e.obsolete}
            if entries != template:
                stale.append(str(path.relative_to(project.root)))
    return stale


def run_workflow(
    project, workflow: Workflow, *, jobs: int = 1, force: bool = False, on_done=None, pages=None
):
    """The whole chain for one workflow: check sources, compile, gate, build, pack.

    `pages(project, workflow, targets, result, force)`, when given, writes pages beside the
    pack under the same run lock (the CLI passes `translators.pages.write_translator_pages`).
    """
    import time

    from localepress.catalogs.extract import stale_templates
    from localepress.editions.publish import publish
    from localepress.languages import SOURCE_LANGUAGE
    from localepress.pack.bundle import PackedEdition, build_pack, recover
    from localepress.pack.runlock import run_lock
    from localepress.project import INTERFACE, build_date, source_revision
    from localepress.quality.termbase import french_marked_terms

    started = time.perf_counter()
    with run_lock(project.output):
        recover(project.output, workflow.name)
        domains = [*workflow.documents, INTERFACE]
        targets = [lang for lang in workflow.languages if lang != SOURCE_LANGUAGE]
        stale = stale_templates(project, domains) + stale_catalogs(project, targets, domains)
        report = publish(
            project,
            workflow.languages,
            workflow.documents,
            workflow.formats,
            threshold=workflow.threshold,
            parameters=workflow.parameters_for,
            jobs=jobs,
            force=force,
            on_done=on_done,
            index=PACK_INDEX if workflow.pack else "",
        )
        result = RunReport(workflow, report, stale)
        if workflow.pack and report.ok:
            packed = []
            for edition in report.editions:
                verdict = report.verdicts[edition.lang]
                packed.append(
                    PackedEdition(
                        edition.doc,
                        edition.lang,
                        edition.title,
                        {
                            fmt: project.output / rel
                            for fmt, rel in {**edition.files, **edition.assets}.items()
                        },
                        verdict.completeness.get(edition.doc, 100.0),
                        verdict.errors,
                        verdict.warnings,
                    )
                )
            result.pack, result.archive = build_pack(
                project.output,
                workflow.name,
                workflow.title,
                packed,
                project.source / "brand",
                source_revision(project),
                build_date(project),
                french_marked_terms(project),
            )
        if pages is not None:
            pages(project, workflow, targets, result, force)
    result.seconds = time.perf_counter() - started
    return result
