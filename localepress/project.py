"""Every path derives from one project root, found once.

The root is `LOCALEPRESS_ROOT` when set (the publisher sets it for kernels it starts), else the
nearest folder above the working directory holding `notebooks/` and `locales/`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from localepress.errors import LocalepressError, NotebookError, UnknownDocumentError

INTERFACE = "interface"  # the catalog of the page around the text: skip link, switcher, logo
FORMATS = ("html", "pdf", "md", "docx", "odt", "txt")  # what an edition is published as
DEFAULT_AUDIENCE = "press"  # the audience a notebook's parameters cell starts with


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        env = os.environ.get("LOCALEPRESS_ROOT")
        if env:
            return cls(Path(env).resolve())
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "notebooks").is_dir() and (folder / "locales").is_dir():
                return cls(folder)
        raise LocalepressError(
            f"no localepress project (a folder with notebooks/ and locales/) at or above {here}"
        )

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def workflows(self) -> Path:
        return self.root / "workflows"

    def notebook(self, doc: str) -> Path:
        return self.notebooks / f"{doc}.ipynb"

    def template(self, doc: str) -> Path:
        return self.locales / f"{doc}.pot"

    def catalog(self, lang: str, doc: str) -> Path:
        return self.locales / lang / "LC_MESSAGES" / f"{doc}.po"

    def all_documents(self) -> list[str]:
        return sorted(p.stem for p in self.notebooks.glob("*.ipynb"))

    def documents(self) -> list[str]:
        """Documents that are translated: every notebook not marked `translate: false`."""
        return [doc for doc in self.all_documents() if is_translated(self.notebook(doc))]

    def domains(self) -> list[str]:
        """Every catalog domain: the translated documents, then the page template's strings."""
        return [*self.documents(), INTERFACE]

    def check_document(self, doc: str) -> str:
        """`doc` when it is a translated document (the only kind published, checked, reviewed);
        a notebook marked `translate: false` is refused by name. Only `doc`'s notebook is read
        (commands check every document they are given: reading all each time was quadratic)."""
        exists = doc in self.all_documents()
        if exists and is_translated(self.notebook(doc)):
            return doc
        raise UnknownDocumentError(doc, self.documents(), untranslated=exists)

    def audiences(self, doc: str) -> list[str]:
        """The audiences a notebook declares in its metadata (`localepress.audiences`)."""
        meta = read_notebook(self.notebook(doc)).metadata.get("localepress", {})
        return list(meta.get("audiences") or [DEFAULT_AUDIENCE])

    def relative(self, path: Path) -> str:
        """`path` as messages show it: relative to the project when inside it."""
        path = Path(path)
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)


def read_notebook(path: Path):
    """Read and validate a notebook (an nbformat NotebookNode), naming the file in any error.

    nbformat is imported here, not with the module: the catalog commands never need it."""
    import nbformat

    try:
        with open(path, encoding="utf-8") as handle:
            nb = nbformat.read(handle, as_version=4)
    except FileNotFoundError:
        raise NotebookError(path, "no such notebook") from None
    except UnicodeDecodeError as exc:
        raise NotebookError(path, f"not UTF-8 text ({exc.reason})") from None
    except Exception as exc:  # nbformat raises bare JSON and validation errors
        raise NotebookError(path, f"not a valid notebook: {exc}") from None
    return nb


def is_translated(path: Path) -> bool:
    meta = read_notebook(path).metadata.get("localepress", {})
    return meta.get("translate", True) is not False


def _git(project: Project, *args: str) -> str:
    """Output of a git command in the project, or "" outside a repository or without git."""
    try:
        return subprocess.run(
            ["git", *args], cwd=project.root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def build_date(project: Project) -> dt.datetime:
    """The date stamped in outputs: SOURCE_DATE_EPOCH, else the last commit, else the launch."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or _git(project, "log", "-1", "--format=%ct")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime(2022, 4, 13, tzinfo=dt.UTC)


def source_revision(project: Project) -> str:
    """The commit the editions were built from (`-dirty` when the work tree differs)."""
    return _git(project, "describe", "--always", "--dirty", "--abbrev=12") or "unknown"
