"""Screenshots of every published page at 1280 and 320 CSS px, and the pages' design figures.

Reads what a run published (`make publish` or `localepress run …`): every HTML edition in
output/<lang>/ and every pack index output/<pack>/index.html. Each page is opened in the
system's headless Chromium and photographed whole (full page) at 1280 px (desktop) and 320 px
(a small phone), into output/screenshots/<lang>-<doc>-<width>.png, for a person to look at.
For each page it prints the page height at both widths, the headings broken inside a word at
320 px (none expected), the widest element at 320 px (no horizontal scrolling) and whether the
OpenGraph image exists.

    .venv/bin/python benchmarks/screenshots.py [OUTPUT_DIR]

Not a test: it prints figures. Exit code 1 when a heading breaks inside a word or a share
image is missing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the audit helpers live in tests/
from localepress.languages import table
from localepress.project import Project
from tests.accessibility import CHROMIUM_ARGS, find_chromium
from tests.design import BROKEN_HEADINGS, SHARE_IMAGE

LANGUAGES = table(
    Project(Path(__file__).resolve().parents[1])
)  # the project's languages, in its order

WIDTHS = (1280, 320)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, help="default: the project's output/")
    args = parser.parse_args()
    output = args.output or Project.find().output
    pages = {
        f"{lang}-{path.stem}": path
        for lang in LANGUAGES
        for path in sorted((output / lang).glob("*.html"))
    }
    pages |= {f"{p.parent.name}-index": p for p in sorted(output.glob("*/index.html"))}
    if not pages:
        print(f"nothing published under {output}: run `make publish` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    shots = output / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    failed = 0
    started = time.perf_counter()
    print(f"{'page':40} {'1280 px':>8} {'320 px':>8} {'widest':>7} {'broken':>6}  share image")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            for name, path in pages.items():
                heights, broken, widest = {}, [], 0
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 800})
                    page.goto(path.resolve().as_uri())
                    page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
                    heights[width] = page.evaluate("() => document.documentElement.scrollHeight")
                    if width == 320:
                        broken = page.evaluate(BROKEN_HEADINGS)
                        widest = page.evaluate("() => document.documentElement.scrollWidth")
                    share = page.evaluate(SHARE_IMAGE)
                    page.close()
                exists = (
                    "—" if not share else ("ok" if (path.parent / share).is_file() else "MISSING")
                )
                print(f"{name:40} {heights[1280]:>8} {heights[320]:>8} {widest:>7} {len(broken):>6}"
                      f"  {exists}")  # fmt: skip
                for word in broken:
                    print(f"    heading broken inside a word at 320 px: {word}")
                failed += bool(broken) or exists == "MISSING"
        finally:
            browser.close()
    print(f"\n{len(pages)} pages, {2 * len(pages)} screenshots in {shots} "
          f"({time.perf_counter() - started:.1f} s)")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
