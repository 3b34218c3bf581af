"""Accessibility report: axe-core violations per HTML page, PDF/UA checks per PDF.

Reads what was published: every HTML edition in output/<lang>/ (`localepress publish`) and in
each workflow's folder output/<workflow>/<lang>/ (`make publish`, `localepress run …`), every
pack index output/<workflow>/index.html, every PDF edition. Each page is
opened in headless Chromium and checked with axe-core (all rules axe enables by default), plus
reflow at 320 px, the skip link, focus rings and link underlines; a screenshot of its first
screen goes to output/screenshots/. Each PDF goes through pdfua and localepress.editions.pdftags.

    .venv/bin/python benchmarks/accessibility.py [OUTPUT_DIR]

Not a test: it prints figures. Exit code 1 when a page or PDF has a problem.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from localepress.languages import table
from localepress.project import Project

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the audit helpers live in tests/
from tests.accessibility import audit_pages, audit_pdf, pdfua_version

LANGUAGES = table(
    Project(Path(__file__).resolve().parents[1])
)  # the project's languages, in its order

IMPACTS = ("critical", "serious", "moderate", "minor")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, help="default: the project's output/")
    args = parser.parse_args()
    output = args.output or Project.find().output
    folders = {"": output} | {
        f"{p.parent.name}/": p.parent for p in sorted(output.glob("*/manifest.json"))
    }  # output/ and each workflow's pack
    pages = {
        f"{name}{lang}/{path.stem}": path
        for name, folder in folders.items()
        for lang in LANGUAGES
        for path in sorted((folder / lang).glob("*.html"))
    }
    pages |= {f"{p.parent.name}/index": p for p in sorted(output.glob("*/index.html"))}
    pdfs = [(lang, p) for folder in folders.values() for lang in LANGUAGES
            for p in sorted((folder / lang).glob("*.pdf"))]  # fmt: skip
    if not pages and not pdfs:
        print(f"nothing published under {output}: run `make publish` first", file=sys.stderr)
        return 2

    started = time.perf_counter()
    html = audit_pages(pages, screenshots=output / "screenshots")
    seconds = time.perf_counter() - started
    print(f"axe-core {html.axe_version} in Chromium {html.browser_version} — {seconds:.1f} s")
    print(f"{'page':34} {'violations':>10} " + " ".join(f"{i:>8}" for i in IMPACTS)
          + f" {'review':>6}  reflow skip-link focus underlines")  # fmt: skip
    failed = 0
    for page in html.pages:
        impacts = Counter(v.impact for v in page.violations)
        flags = (page.reflows, page.skip_link, not page.focus_not_visible,
                 not page.links_not_underlined)  # fmt: skip
        counts = " ".join(f"{impacts[i]:>8}" for i in IMPACTS)
        checks = " ".join(f"{_yes(f):{w}}" for f, w in zip(flags, (6, 9, 5, 10), strict=True))
        found = len(page.violations)
        print(f"{page.name:34} {found:>10} {counts} {len(page.incomplete):>6}  {checks}")
        for problem in page.problems():
            print(f"    {problem}")
        for item in page.incomplete:
            print(f"    to review: {item.rule}: {item.help} — {', '.join(item.targets)}")
        failed += bool(page.problems())

    print(f"\npdfua {pdfua_version()} + localepress.editions.pdftags")
    print(f"{'pdf':34} {'pdfua':>6} {'skipped':>8}  {'lang':5} {'marks':12} {'bookmarks':>9} "
          f"{'figures':>7} {'fonts':>9} {'empty-h':>7}  problems")  # fmt: skip
    for lang, path in pdfs:
        audit = audit_pdf(path, LANGUAGES[lang].html_tag)
        s = audit.structure
        marks = ",".join(f"{k}:{n}" for k, n in s.languages.items()) or "—"
        embedded = f"{sum(s.fonts.values())}/{len(s.fonts)}"
        print(f"{lang + '/' + path.name:34} {len(audit.findings):>6} {len(audit.skipped):>8}  "
              f"{s.lang:5} {marks:12} {len(s.bookmarks):>9} {len(s.figures):>7} {embedded:>9} "
              f"{s.empty_headings:>7}  {len(audit.problems)}")  # fmt: skip
        for line in audit.findings + audit.problems:
            print(f"    {line}")
        for rule, reason in audit.skipped.items():
            print(f"    pdfua could not run {rule}: {reason}")
        failed += not audit.ok
    print(f"\nscreenshots: {output / 'screenshots'}")
    return 1 if failed else 0


def _yes(flag: bool) -> str:
    return "ok" if flag else "FAIL"


if __name__ == "__main__":
    sys.exit(main())
