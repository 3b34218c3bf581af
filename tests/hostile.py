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
            and not (tag == "meta" and dict(attrs).get("name"))
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
            if name in ("href", "src", "action", "formaction") and value.startswith(
                ("javascript:", "vbscript:", "data:text", "data:image/svg")
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
