"""Figures for the reliability and security suite: cases tried and passed per area.

Runs the reliability tests (the bad-input matrix, the properties, no translation lost,
hostile content, interruptions and concurrency, plus the payload tests of the checks and the
exporter) with pytest, reads the JUnit report and hypothesis's statistics, and prints per area
the tests, the cases they tried (commands × damaged catalogs, hypothesis examples, pages,
translations checked, kill trials) and how many passed, then the measured facts (kill phases,
live payloads) and the defects fixed on the way.

    .venv/bin/python benchmarks/reliability.py

Not a test: it prints figures (about four minutes on two cores).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS = {
    "tests/test_reliability_catalogs.py": "catalogs: bad-input matrix",
    "tests/test_properties.py": "properties (hypothesis)",
    "tests/test_no_translation_lost.py": "no translation lost",
    "tests/test_hostile.py": "hostile content",
    "tests/test_checks.py": "hostile content",
    "tests/test_export.py": "hostile content",
    "tests/test_interruptions.py": "interruptions and concurrency",
}
SELECT = {
    "tests/test_checks.py": "hostile_payload",
    "tests/test_export.py": "markdown_rendering_leaves_nothing_active or cleans_html",
}
FACTS = ("payloads", "live when unsanitised", "mid-run", "after the run",
         "during pack assembly", "after the swap", "catalog old", "catalog new")  # fmt: skip

FIXED = [
    ("catalog.py", "a NUL byte silently cut a translation short (GNU stops the string there): "
     "refused with its line"),
    ("catalog.py", "a catalog with classic Mac (CR) line endings read as empty, and `update` "
     "replaced its every translation: refused with its line"),
    ("catalog.py", "UTF-8 text under a Latin-1 header read as mojibake, and `update` marked the "
     "entries fuzzy: refused with its line"),
    ("catalog.py", "`compile` took what `read_catalog` refuses (unknown or wrong charset, NUL, "
     "CR, BOM, empty file) and gave no line; it now applies the same checks"),
    ("catalog.py", "GNU points one line too far for an unterminated string: the line is the "
     "string's; file-level msgfmt errors are named instead of `found 1 fatal error`"),
    ("catalog.py", "writers could leave a file the next read refuses (msgid and msgstr "
     "disagreeing on a leading newline): refused before writing"),
    ("catalog.py", "a comment ending in a backslash swallowed the next line (a msgctxt, a "
     "reference) when GNU read the written file"),
    ("checks/", "a Plural-Forms header contradicting the language table (e.g. Occitan n != 1) "
     "passed the gate and chose wrong plural forms at run time: new `plural-forms` error"),
    ("checks/runner.py", "a catalog msgfmt -c refuses on a header warning alone passed `check`"),
    ("checks/markup.py", "markup CommonMark reads as text but a browser runs (`<svg/onload=…>`, "
     "`alt=\"x\"onerror=…`, CDATA) passed the gate: now a guard"),
    ("execute.py", "a kernel that died or hung was reported as cell -1 (id ?) with a multi-line "
     "message and no notebook kept: now the cell, the timeout, and the failed notebook"),
    ("execute.py", "a kernel that could not start (port taken meanwhile) failed the edition: "
     "one retry with a fresh kernel"),
    ("publish.py", "a worker process that died (OOM, crash) ended `publish` with a traceback "
     "and no other edition: the others are built, the guilty one reported"),
    ("publish.py", "an edition folder linking outside output/ was written through"),
    ("publish.py, review.py, status.py", "a run killed while swapping files in could later "
     "reuse a half-old, half-new edition: the state is forgotten before the swap"),
    ("bundle.py", "a symlink where the pack goes made every later run fail with a traceback"),
    ("bundle.py", "a run killed between the folder's and the zip's rename left a zip not "
     "matching the folder: `recover` rebuilds it"),
    ("runlock.py", "a symlinked lock file was truncated through the link"),
    ("workflow.py", "parameter names became code in the notebook (papermill writes "
     "`name = value`): `x\\nimport os…` ran; names are now Python identifiers"),
    ("workflow.py", "nested YAML aliases (billion laughs) expanded without bound: refused"),
    ("workflow.py", "an output name ending in a newline passed the slug pattern"),
    ("export.py", "HTML outputs went raw into the Markdown edition (partners paste it): "
     "sanitised and kept as one HTML block"),
    ("update.py", "\"Plural-Forms missing from the language table\" said the opposite of what "
     "was fixed"),
]  # fmt: skip


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lp-reliability-") as tmp:
        report, extra_report = Path(tmp) / "junit.xml", Path(tmp) / "extra.xml"
        base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "--hypothesis-show-statistics"]  # fmt: skip
        files = [path for path in AREAS if path not in SELECT]
        selected = " or ".join(f"({expression})" for expression in SELECT.values())
        clock = time.monotonic()
        run = subprocess.run(
            [*base, f"--junitxml={report}", *files], cwd=ROOT, capture_output=True, text=True
        )
        extra = subprocess.run(
            [*base, f"--junitxml={extra_report}", "-k", selected, *SELECT],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        seconds = time.monotonic() - clock
        cases = read_junit(report) + read_junit(extra_report)
    examples = hypothesis_examples(run.stdout)
    areas: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    facts: dict[str, int] = defaultdict(int)
    for case in cases:
        area = areas[AREAS[case["file"]]]
        tried = examples.get(case["name"].split("[")[0]) or int(case["props"].get("cases", 1))
        area["tests"] += 1
        area["tried"] += tried
        area["passed"] += tried if case["ok"] else 0
        for name in FACTS:
            facts[name] += int(case["props"].get(name, 0))
    print(f"Reliability suite: {sum(a['tests'] for a in areas.values())} tests in {seconds:.0f} s")
    print(f"{'area':<32}{'tests':>7}{'cases tried':>13}{'passed':>9}")
    for name in dict.fromkeys(AREAS.values()):
        a = areas[name]
        print(f"{name:<32}{a['tests']:>7}{a['tried']:>13}{a['passed']:>9}")
    total = {k: sum(a[k] for a in areas.values()) for k in ("tests", "tried", "passed")}
    print(f"{'total':<32}{total['tests']:>7}{total['tried']:>13}{total['passed']:>9}")
    print()
    print(f"hostile payloads: {facts['payloads']}, of which {facts['live when unsanitised']} run "
          "in Chromium when written raw (control page); none in any published page")  # fmt: skip
    print(f"kill trials: {facts['mid-run']} killed mid-run, {facts['after the run']} after it "
          f"ended; {facts['during pack assembly']} during pack assembly, {facts['after the swap']}"
          " after the pack swap; previous pack whole every time")  # fmt: skip
    print(
        f"update killed 5 times: catalog as before {facts['catalog old']}, as after "
        f"{facts['catalog new']}, half-written 0"
    )
    print()
    print(f"Defects fixed on the way ({len(FIXED)}):")
    for where, what in FIXED:
        print(f"  {where}: {what}")
    failed = [c["name"] for c in cases if not c["ok"]]
    if failed or run.returncode not in (0, 1) or extra.returncode not in (0, 1):
        print("\nFAILED: " + ", ".join(failed) if failed else "\n" + run.stdout[-2000:])
        return 1
    return 0


def read_junit(path: Path) -> list[dict]:
    cases = []
    for case in ET.parse(path).getroot().iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1]
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        ok = not any(child.tag in ("failure", "error") for child in case)
        if any(child.tag == "skipped" for child in case):
            continue
        cases.append({"file": f"tests/{module}.py", "name": case.get("name"), "ok": ok,
                      "props": props})  # fmt: skip
    return cases


def hypothesis_examples(output: str) -> dict[str, int]:
    """Examples each hypothesis test ran (passing + failing), from --hypothesis-show-statistics."""
    found: dict[str, int] = {}
    name = None
    for line in output.splitlines():
        if match := re.match(r"^tests/\S+::(\w+):", line):
            name = match[1]
        elif name and (match := re.search(r"(\d+) passing, (\d+) failing", line)):
            found[name] = found.get(name, 0) + int(match[1]) + int(match[2])
    return found


if __name__ == "__main__":
    sys.exit(main())
