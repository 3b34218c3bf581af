"""Benchmark: save-to-visible time of the translators' live preview (`localepress serve`).

On a fresh copy of the project, starts `localepress serve -l LANG --doc DOC` on a free loopback
port, opens the edition in the system's headless Chromium (Playwright, never its own browser
download), then saves 20 edits to the document's catalog, one at a time, and 5 edits to its
notebook, timing each from the save to the new text being visible in the page (the page
puts the new text in on the server's event). Prints every time, the median and the worst, and the
server's own build lines (where the time went). Target for .po edits: median ≤ 1 s, worst ≤ 2 s.

    .venv/bin/python benchmarks/preview.py [--lang en] [--doc dossier-de-presse]

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.accessibility import CHROMIUM_ARGS, find_chromium  # noqa: E402

PO_EDITS, NOTEBOOK_EDITS = 20, 5


def copy_project(target: Path) -> Path:
    for folder in ("notebooks", "source", "workflows"):
        shutil.copytree(REPO / folder, target / folder)
    shutil.copytree(REPO / "locales", target / "locales", ignore=shutil.ignore_patterns("*.mo"))
    return target


def start_server(root: Path, lang: str, doc: str) -> tuple[subprocess.Popen, str, list[str]]:
    env = {**os.environ, "LOCALEPRESS_ROOT": str(root)}
    command = [
        sys.executable,
        "-m",
        "localepress",
        "serve",
        "-l",
        lang,
        "--doc",
        doc,
        "--port",
        "0",
    ]
    server = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[str] = []
    for line in server.stdout:
        lines.append(line.rstrip())
        if line.startswith("Ready: "):
            url = line.split(" ", 1)[1].strip()
            threading.Thread(
                target=lambda: lines.extend(s.rstrip() for s in server.stdout), daemon=True
            ).start()
            return server, url, lines
    raise SystemExit("the server ended before it was ready:\n" + "\n".join(lines))


def shown_entries(root: Path, lang: str, doc: str):
    """Translated entries of `doc`'s catalog shown as one block each in the page."""
    from localepress.catalogs.po import read_catalog
    from localepress.project import Project, read_notebook
    from localepress.translators.preview_overlay import segment_infos

    project = Project(root)
    po = read_catalog(project.catalog(lang, doc))
    infos = segment_infos(read_notebook(project.notebook(doc)), lang, po, lambda e, m: "")
    wanted = {info.msgid for info in infos if info.status == "translated"}
    entries = [e for e in po if e.msgid in wanted and "\n" not in e.msgstr and "*" not in e.msgstr]
    return project, po, entries


def timed(page, save, marker: str) -> float:
    started = time.perf_counter()
    save()
    page.get_by_text(marker).first.wait_for(state="visible", timeout=30_000)
    return time.perf_counter() - started


def edit_catalog(project, po, entry, marker: str, lang: str, doc: str):
    from localepress.catalogs.po import write_catalog

    def save():
        entry.msgstr = f"{entry.msgstr} {marker}"
        write_catalog(po, project.catalog(lang, doc))

    return save


def edit_notebook(path: Path, marker: str):
    """Append `marker` to the notebook's first Markdown cell that is plain prose."""

    def save():
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and text and text.split("\n")[-1][:1].isalpha():
                cell["source"] = text + f" {marker}"
                break
        path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", "utf-8")

    return save


def report(name: str, times: list[float]) -> None:
    listed = ", ".join(f"{t:.2f}" for t in times)
    print(f"{name}: {len(times)} saves; median {statistics.median(times):.2f} s, "
          f"worst {max(times):.2f} s  [{listed}]")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--doc", default="dossier-de-presse")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project")
        project, po, entries = shown_entries(root, args.lang, args.doc)
        started = time.perf_counter()
        server, url, lines = start_server(root, args.lang, args.doc)
        print(f"server ready in {time.perf_counter() - started:.1f} s (first build, cold kernel)")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=find_chromium(), args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(f"{url}{args.lang}/{args.doc}.html")
                page.wait_for_selector(".lp-live:text('live')")
                po_times = []
                for n, entry in enumerate(entries[:PO_EDITS] * 2, 1):
                    if n > PO_EDITS:
                        break
                    marker = f"Poedit{n}x"
                    save = edit_catalog(project, po, entry, marker, args.lang, args.doc)
                    po_times.append(timed(page, save, marker))
                notebook_times = []
                for n in range(1, NOTEBOOK_EDITS + 1):
                    marker = f"Notebook{n}x"
                    save = edit_notebook(project.notebook(args.doc), marker)
                    notebook_times.append(timed(page, save, marker))
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
        print(f"{args.doc} in {args.lang}, {url}")
        report(".po edits", po_times)
        report("notebook edits", notebook_times)
        print("server log (build times per edition):")
        for line in lines:
            print("   ", line)


if __name__ == "__main__":
    main()
