"""The package's shape: small modules and functions, every import declared, the README's map
of modules true, and nothing in the repository reading outside it."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest

from .conftest import REPO

PACKAGE = REPO / "localepress"
MAX_MODULE, MAX_FUNCTION = 400, 60


def sources(folder: str):
    return sorted((REPO / folder).rglob("*.py"))


def test_no_module_over_400_lines_and_no_function_over_60():
    too_long = []
    for path in sources("localepress"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE:
            too_long.append(f"{path.relative_to(REPO)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION:
                    too_long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}: {length}")
    assert too_long == []


def _requirements(entries: list[str]) -> set[str]:
    return {_name(re.split(r"[~<>=!\[; ]", entry, maxsplit=1)[0]) for entry in entries}


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _imports(folder: str) -> dict[str, str]:
    """Top-level third-party module → a file importing it."""
    found = {}
    for path in sources(folder):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("localepress", "tests"):
                    found.setdefault(top, str(path.relative_to(REPO)))
    return found


@pytest.mark.parametrize("folder", ["localepress", "tests", "benchmarks"])
def test_every_import_is_declared_in_pyproject(folder):
    """The package's imports are dependencies; tests and benchmarks may use the dev extras."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _requirements(project["dependencies"])
    if folder != "localepress":
        declared |= _requirements(project["optional-dependencies"]["dev"])
    distributions = packages_distributions()
    undeclared = {
        module: where
        for module, where in _imports(folder).items()
        if module != "__future__"
        and not {_name(d) for d in distributions.get(module, [])} & declared
    }
    assert undeclared == {}


def test_the_readme_module_map_names_every_module():
    """Each row of the README's map (base, catalogs/, quality/…) lists its part's modules."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("| part | modules | job |", 1)[1].split("\n\n", 1)[0]
    rows = dict(re.findall(r"^\| (base|`[a-z]+/`) \| ([^|]+) \|", table, re.MULTILINE))
    listed = {
        part.strip("`/"): set(re.findall(r"`(\w+)/?`", names)) for part, names in rows.items()
    }
    actual = {
        "base": {p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    }
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
        modules |= {p.name for p in folder.iterdir() if (p / "__init__.py").exists()}
        actual[folder.name] = modules
    assert listed == actual


def test_nothing_reads_outside_the_repository():
    """No source names a path beside the repository (the shared folder a clone lacks)."""
    pattern = re.compile(r"""(parent\s*/\s*["']shared|\.\./shared|["']shared["']\s*/)""")
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("localepress", "tests", "benchmarks")
        for path in sources(folder)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) and path.name != "test_layout.py"
    ]
    assert found == []
