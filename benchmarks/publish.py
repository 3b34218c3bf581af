"""Benchmark: the default workflow against the same engines scripted by hand.

Runs, on a fresh copy of the project, `run_workflow` of workflows/international-press-kit.yml
with --force (every edition built: localize, execute, export HTML, PDF, Markdown, Word,
OpenDocument, plain text, pack), and prints the time per edition and per stage, then the time
of a second run with nothing changed (target < 1 s) and whether its zip kept its bytes.
Then times what a user would script by hand with
the same engines, one CLI call after another for each document and language:

    papermill IN.ipynb OUT.ipynb -p lang L -p audience international
    jupyter nbconvert --to html --no-input OUT.ipynb
    jupyter nbconvert --to markdown --no-input OUT.ipynb
    weasyprint OUT.html OUT.pdf

The hand-scripted run is given the already-localized notebooks (their preparation is not
timed), so it does strictly less work. Prints both wall times and the ratio (target ≤ 0.6).

    .venv/bin/python benchmarks/publish.py [--jobs N]

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STAGES = ("localize", "execute", "html", "pdf", "md", "docx", "odt", "txt")


def copy_project(target: Path) -> Path:
    for folder in ("notebooks", "source", "workflows"):
        shutil.copytree(REPO / folder, target / folder)
    shutil.copytree(REPO / "locales", target / "locales", ignore=shutil.ignore_patterns("*.mo"))
    return target


def ours(root: Path, jobs: int):
    from localepress.pack.workflow import load_workflow, run_workflow
    from localepress.project import Project

    os.environ["LOCALEPRESS_ROOT"] = str(root)
    project = Project(root)
    flow = load_workflow(root / "workflows" / "international-press-kit.yml", project)
    started = time.perf_counter()
    report = run_workflow(project, flow, jobs=jobs, force=True)
    return time.perf_counter() - started, report, flow


def no_change(root: Path, flow, jobs: int) -> tuple[float, bool]:
    """A second run with nothing changed (target < 1 s), and whether the zip kept its bytes."""
    from localepress.pack.workflow import run_workflow
    from localepress.project import Project

    project = Project(root)
    archive = project.output / f"{flow.name}.zip"
    before = archive.read_bytes()
    started = time.perf_counter()
    run_workflow(project, flow, jobs=jobs)
    return time.perf_counter() - started, archive.read_bytes() == before


def by_hand(root: Path, flow) -> float:
    from localepress.catalogs.po import read_catalog
    from localepress.editions.localize import localize
    from localepress.project import Project, read_notebook
    from localepress.quality.termbase import french_marked_terms

    project = Project(root)
    work = root / "by-hand"
    work.mkdir()
    jobs = []
    for lang in flow.languages:
        for doc in flow.documents:
            catalog = None if lang == "fr" else read_catalog(project.catalog(lang, doc))
            nb = localize(read_notebook(project.notebook(doc)), lang, catalog,
                          french_marked_terms(project)).notebook  # fmt: skip
            source = work / f"{lang}-{doc}.in.ipynb"
            nbformat.write(nb, str(source))
            jobs.append((lang, source, work / f"{lang}-{doc}.ipynb"))
    env = {**os.environ, "LOCALEPRESS_ROOT": str(root)}
    started = time.perf_counter()
    for lang, source, executed in jobs:
        run = [
            [BIN / "papermill", source, executed, "-p", "lang", lang, "-p", "audience",
             "international", "--cwd", root / "notebooks", "--no-progress-bar"],
            [BIN / "jupyter-nbconvert", "--to", "html", "--no-input", executed],
            [BIN / "jupyter-nbconvert", "--to", "markdown", "--no-input", executed],
            [BIN / "weasyprint", executed.with_suffix(".html"), executed.with_suffix(".pdf")],
        ]  # fmt: skip
        for command in run:
            subprocess.run([str(part) for part in command], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="localepress-bench-") as tmp:
        root = copy_project(Path(tmp) / "project")
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)  # a revision-less copy
        ours_time, report, flow = ours(root, args.jobs)
        if not report.ok:
            print("the workflow failed:", [e.error for e in report.publish.editions if e.error])
            return 1
        print(f"localepress run ({args.jobs} jobs, {os.cpu_count()} cores): {ours_time:.2f} s wall")
        print(f"{'edition':<28}" + "".join(f"{s:>10}" for s in STAGES) + f"{'total':>10}")
        for edition in report.publish.editions:
            cells = "".join(f"{edition.seconds.get(s, 0):>10.2f}" for s in STAGES)
            total = sum(edition.seconds.values())
            print(f"{edition.lang + '/' + edition.doc:<28}{cells}{total:>10.2f}")
        again, same = no_change(root, flow, args.jobs)
        print(f"no-change run: {again:.2f} s wall (target < 1 s); zip byte-identical: {same}")
        hand = by_hand(root, flow)
        print(f"hand-scripted CLI calls (papermill, nbconvert ×2, weasyprint): {hand:.2f} s wall")
        print(f"ratio localepress / hand-scripted: {ours_time / hand:.2f} (target ≤ 0.60)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
