"""Helpers that decide whether published HTML could run anything (shared by several tests)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "fixtures" / "hostile" / "payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line
]
_ACTIVE_TAGS = {"script", "iframe", "object", "embed", "form", "base", "meta", "svg", "math"}


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag, attrs):
        if (
            tag in _ACTIVE_TAGS
            and not (tag == "meta" and (dict(attrs).get("name") or dict(attrs).get("property")))
            and not (tag == "meta" and dict(attrs).get("charset"))
        ):
            self.problems.append(f"<{tag}>")
        if tag == "style":
            self.styles += 1
        for name, value in attrs:
            value = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name == "style":
                self.problems.append(f"{tag}[style]")
            icon = tag == "link" and dict(attrs).get("rel") == "icon"  # shown as an image only
            if (
                name in ("href", "src", "action", "formaction")
                and value.startswith(("javascript:", "vbscript:", "data:text", "data:image/svg"))
                and not (icon and value.startswith("data:image/svg+xml;base64,"))
            ):
                self.problems.append(f"{tag}[{name}={value[:30]}]")


def active_content(html: str, trusted_prefix: str = "") -> list[str]:
    """Everything in `html` that could run script; the page's own logo is the only data: URI
    allowed, passed as `trusted_prefix`."""
    if trusted_prefix:
        html = html.replace(trusted_prefix, "data:trusted-logo")
    audit = _Audit()
    audit.feed(html)
    if audit.styles > 1:
        audit.problems.append("extra <style>")
    return audit.problems


# In a real browser --------------------------------------------------------------------------

# Runs before any script of the page (and of any frame): every dialog or script entry point a
# payload uses reports to the test through an exposed binding.
_TRAP = """
(() => {
  const report = (what) => { try { window.__lp_report(String(what)); } catch (e) {} };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => report(name + '(' + args.join(',') + ')');
  }
  window.__lp_ran = report;
})();
"""

# Fires what a reader or the page itself would: handlers run only if they survived.
_EVENTS = """
() => {
  const kinds = ['mouseover', 'mouseenter', 'focus', 'focusin', 'blur', 'error', 'load',
                 'toggle', 'animationstart', 'transitionend', 'pointerdown', 'begin', 'start'];
  for (const el of document.querySelectorAll('*')) {
    for (const kind of kinds) el.dispatchEvent(new Event(kind));
    if (!el.closest('a[href]')) el.dispatchEvent(new MouseEvent('click', {bubbles: false}));
  }
}
"""

# What the parsed document holds, as the browser built it (after its own parser quirks).
_DOM = """
(trusted) => {
  const problems = [];
  const active = 'script, iframe, frame, frameset, object, embed, applet, base, form, button, '
    + 'textarea, select, svg, math, template, noscript, video, audio, source, marquee, portal, '
    + 'link:not([rel=alternate]):not([rel=icon]), meta[http-equiv], '
    + 'input:not([type=radio][name=show])';
  for (const el of document.querySelectorAll(active)) problems.push('<' + el.localName + '>');
  if (document.querySelectorAll('style').length > 1) problems.push('extra <style>');
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || ['style', 'srcdoc', 'formaction', 'srcset', 'autofocus',
          'target', 'xlink:href', 'action', 'background', 'dynsrc', 'lowsrc'].includes(name)) {
        problems.push(el.localName + '[' + name + ']');
      }
    }
  }
  for (const a of document.querySelectorAll('[href]')) {
    const href = a.getAttribute('href').trim();
    const safe = ['http:', 'https:', 'mailto:', 'tel:', 'file:'].includes(a.protocol);
    if (a.localName === 'a' && !safe)
      problems.push('a[href=' + href.slice(0, 30) + ']');
  }
  for (const img of document.querySelectorAll('[src]')) {
    const src = img.getAttribute('src').trim();
    const image = /^data:image\\/(png|jpeg);base64,/i.test(src);
    if (src !== trusted && !image && !/^(https?:|file:|[^:]*$)/i.test(src))
      problems.push(img.localName + '[src=' + src.slice(0, 30) + ']');
  }
  return problems;
}
"""


def browser_findings(pages: dict[str, Path], trusted_src: str = "") -> dict[str, list[str]]:
    """Open each page (name → HTML file) in the system's headless Chromium, as the team's
    accessibility audit does, and report per page everything that shows a payload was live:
    a call to alert/confirm/prompt/print, a dialog, a popup, a request leaving the page (an
    iframe, a tracking image), a navigation, a frame, and in the parsed DOM any active element,
    event-handler attribute or script URL. An empty list means the page is inert."""
    from playwright.sync_api import sync_playwright

    from tests.accessibility import CHROMIUM_ARGS, find_chromium

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            return {name: _probe(browser, Path(path), trusted_src) for name, path in pages.items()}
        finally:
            browser.close()


def _probe(browser, path: Path, trusted_src: str) -> list[str]:
    events: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            events.append(f"request {url[:60]}")
            route.abort()

    def dialog(dialog):
        events.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    context = browser.new_context(java_script_enabled=True)
    try:
        context.expose_binding("__lp_report", lambda _source, what: events.append(what))
        context.add_init_script(_TRAP)
        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", dialog)
        page.on("popup", lambda _popup: events.append("popup"))
        url = path.resolve().as_uri()
        page.goto(url, wait_until="load")
        page.wait_for_timeout(200)
        page.evaluate(_EVENTS)
        for _ in range(3):  # Tab stops: autofocus and focus handlers
            page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        if page.url.split("#")[0] != url:
            events.append(f"navigated to {page.url[:60]}")
        if len(page.frames) > 1:
            events.append(f"{len(page.frames) - 1} frame(s)")
        events += page.evaluate(_DOM, trusted_src)
    finally:
        context.close()
    return events
