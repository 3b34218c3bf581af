"""Accessibility audits of published editions: axe-core in headless Chromium, PDF/UA checks.

HTML pages open from disk in the system's Chromium, driven by Playwright (never Playwright's
own browser download), and axe-core (bundled by axe-playwright-python) runs every rule it
enables by default: WCAG 2.0/2.1 A and AA, and best practices. The same browser measures what
axe leaves out: reflow at 320 CSS px (WCAG 1.4.10), the skip link as first Tab stop, visible and
working (RGAA 12.7), a visible focus ring on every Tab stop (WCAG 2.4.7), and underlined links
on screen and in print (WCAG 1.4.1).
PDFs go through pdfua (the machine-checkable subset of PDF/UA-1) and `pdftags.describe`.
The checkers are dev extras, imported when an audit runs.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from localepress.errors import ToolMissingError

CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREEN = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10: 1280 px at 400 % zoom

_SKIP_LINK = """() => {
  const a = document.activeElement;
  if (!a || a.tagName !== 'A' || !(a.getAttribute('href') || '').startsWith('#')) return false;
  const r = a.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth
    && !!document.getElementById(a.getAttribute('href').slice(1));
}"""
_FOCUS_RING = """() => {
  const s = getComputedStyle(document.activeElement);
  const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
    && !/rgba\\(.*, 0\\)$/.test(s.outlineColor);
  return ring ? null : document.activeElement.outerHTML.slice(0, 120);
}"""
_NOT_UNDERLINED = """() => [...document.querySelectorAll('main a[href], footer a[href]')]
  .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
  .map(a => a.outerHTML.slice(0, 120))"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]


@dataclass
class PageAudit:
    name: str
    path: Path
    violations: list[Violation]
    incomplete: list[Violation]  # what axe could not decide: for a person to review
    reflows: bool
    skip_link: bool
    links_not_underlined: list[str]  # on screen or in print
    focus_not_visible: list[str]  # Tab stops without a focus ring
    screenshot: Path | None = None
    axe_version: str = ""

    def problems(self) -> list[str]:
        found = [
            f"axe {v.rule} ({v.impact}): {v.help} — {', '.join(v.targets)}" for v in self.violations
        ]
        if not self.reflows:
            found.append("horizontal scrolling at 320 CSS px (WCAG 1.4.10)")
        if not self.skip_link:
            found.append("the first Tab stop is not a visible skip link to an existing target")
        found += [f"link not underlined: {html}" for html in self.links_not_underlined]
        found += [f"no focus ring of 2 px or more: {html}" for html in self.focus_not_visible]
        return found


@dataclass
class HtmlAudit:
    axe_version: str
    browser_version: str
    pages: list[PageAudit] = field(default_factory=list)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours (1 to 21; AA text needs 4.5)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Text colour on background colour pairs the brand stylesheet uses for text (AA: 4.5).
BRAND_TEXT_PAIRS = [
    ("ink", "white"), ("ink", "sand"), ("navy", "white"), ("navy", "sand"),
    ("terracotta", "white"), ("terracotta", "sand"), ("white", "navy"),
]  # fmt: skip


def brand_colours(css: str) -> dict[str, str]:
    """The `--name: #rrggbb` colours of a brand stylesheet's text, and white."""
    return dict(re.findall(r"--([a-z]+):\s*(#[0-9a-f]{6})", css)) | {"white": "#ffffff"}


def find_chromium() -> str:
    for candidate in CHROMIUM:
        found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if found:
            return found
    raise ToolMissingError("Chromium is not installed (Debian package: chromium)")


def audit_pages(pages: dict[str, Path], screenshots: Path | None = None) -> HtmlAudit:
    """Audit each page (name → HTML file); with `screenshots`, save each first screen as PNG."""
    try:
        from axe_playwright_python.sync_playwright import Axe
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ToolMissingError(
            f"{exc.name} is not installed: pip install -e '.[dev]' (axe-playwright-python)"
        ) from None
    axe = Axe()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            audit = HtmlAudit(axe_version="", browser_version=browser.version)
            for name, path in pages.items():
                page = browser.new_page(viewport=SCREEN)
                try:
                    audit.pages.append(_audit_page(axe, page, name, Path(path), screenshots))
                finally:
                    page.close()
                audit.axe_version = audit.pages[-1].axe_version
        finally:
            browser.close()
    return audit


def _audit_page(axe, page, name: str, path: Path, screenshots: Path | None) -> PageAudit:
    page.goto(path.resolve().as_uri())
    response = axe.run(page, options={"resultTypes": ["violations", "incomplete"]}).response
    shot = None
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
        shot = screenshots / f"{name.replace('/', '-')}.png"
        page.screenshot(path=str(shot))
    focus_not_visible = []
    stops = page.evaluate(
        "() => document.querySelectorAll('a[href], button, input, [tabindex]').length"
    )
    for _ in range(stops):
        page.keyboard.press("Tab")
        if missing := page.evaluate(_FOCUS_RING):
            focus_not_visible.append(missing)
    page.reload()
    page.keyboard.press("Tab")
    skip_link = page.evaluate(_SKIP_LINK)
    if skip_link:
        href = page.evaluate("() => document.activeElement.getAttribute('href')")
        page.keyboard.press("Enter")
        skip_link = page.evaluate("() => location.hash") == href
    not_underlined = page.evaluate(_NOT_UNDERLINED)
    page.emulate_media(media="print")
    not_underlined += [f"(print) {html}" for html in page.evaluate(_NOT_UNDERLINED)]
    page.emulate_media(media="screen")
    page.set_viewport_size(NARROW)
    reflows = page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    return PageAudit(
        name,
        path,
        [_violation(v) for v in response["violations"]],
        [_violation(v) for v in response["incomplete"]],
        reflows,
        skip_link,
        not_underlined,
        focus_not_visible,
        shot,
        response["testEngine"]["version"],
    )


def _violation(item: dict) -> Violation:
    targets = tuple(" ".join(map(str, node["target"])) for node in item["nodes"])
    return Violation(item["id"], item.get("impact") or "", item["help"], targets)


@dataclass
class PdfAudit:
    path: Path
    findings: list[str]  # pdfua: "RULE severity: message (location)"
    skipped: dict[str, str]  # pdfua rules that could not run → why
    structure: object  # pdftags.PdfStructure
    problems: list[str]  # structure facts short of what the editions promise

    @property
    def ok(self) -> bool:
        return not self.findings and not self.problems


def pdfua_version() -> str:
    from importlib.metadata import version

    return version("pdfua")


def audit_pdf(path: Path, lang: str) -> PdfAudit:
    """pdfua's findings plus the structure facts (`lang`: the edition's BCP 47 tag)."""
    from localepress.editions.pdftags import describe

    try:
        import pdfua
    except ImportError:
        raise ToolMissingError("pdfua is not installed: pip install -e '.[dev]'") from None
    report = pdfua.validate(str(path))
    structure = describe(path)
    return PdfAudit(
        Path(path),
        [
            f"{f.rule_id} {f.severity.name.lower()}: {f.message} ({f.location.describe()})"
            for f in report.findings
        ],
        {o.rule_id: o.skipped_reason or "" for o in report.skipped},
        structure,
        structure.problems(lang),
    )
