"""Measuring the editions' design: what a browser shows at 320 px, what a PDF's pages hold.

Shared by tests/test_design.py and benchmarks/screenshots.py. The browser half is JavaScript
run in headless Chromium; the PDF half reads the text layer with poppler's `pdftotext` (per
page, as a reader copying text gets it) and the page images with `pdftoppm`.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Every word of every heading in <main>: one line box per word, or it was broken inside.
BROKEN_HEADINGS = """() => {
  const broken = [];
  for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4')) {
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\\S+/g; let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""
SHARE_IMAGE = """() => {
  const meta = document.querySelector('meta[property="og:image"]');
  return meta ? meta.getAttribute('content') : null;
}"""

HYPHENS = "\u00ad\u2010-"  # soft hyphen, hyphen, hyphen-minus: what a hyphenated line ends with


def pdf_pages(path: Path) -> list[str]:
    """The text layer of each page (pdftotext, reading order, UTF-8)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def flat(text: str) -> str:
    """Text compared across line breaks: whitespace runs as one space, case folded."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def hyphenated_splits(pages: list[str], words: set[str]) -> list[str]:
    """Lines ending in a hyphen whose two halves make a word of the document: a word the PDF
    hyphenated, which a reader copying the text gets split (« com‐ petitive »)."""
    found = []
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for line, following in itertools.pairwise(lines):
            if line[-1:] in HYPHENS and line[-2:-1].isalpha():
                head = re.findall(r"\w+$", line[:-1])
                tail = re.findall(r"^\w+", following)
                if head and tail and (head[0] + tail[0]).casefold() in words:
                    found.append(f"{head[0]}{line[-1]} {tail[0]}")
    return found


def page_of(pages: list[str], text: str) -> set[int]:
    """The pages (1-based) that hold every word of `text`. Word by word, because pdftotext
    interleaves the lines of blocks set side by side (two contact cards, three columns)."""
    words = [flat(word) for word in re.findall(r"[\w@.+]{3,}", text)]
    return {
        number for number, page in enumerate(pages, 1) if all(word in flat(page) for word in words)
    }


@dataclass
class PageFill:
    number: int
    blank: float  # share of the text area below the last ink, 0 to 1


def page_fill(path: Path, top_mm=24.0, bottom_mm=22.0, resolution=30) -> list[PageFill]:
    """How far down each page's text area is inked, from a rendering (pdftoppm, greyscale):
    the margins (running header, page number) are left out."""
    import tempfile

    from PIL import Image

    fills = []
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            ["pdftoppm", "-png", "-gray", "-r", str(resolution), str(path), f"{folder}/p"],
            check=True,
        )
        for number, png in enumerate(sorted(Path(folder).glob("p-*.png")), 1):
            image = Image.open(png).convert("L")
            width, height = image.size
            px_per_mm = resolution / 25.4
            top, bottom = int(top_mm * px_per_mm), height - int(bottom_mm * px_per_mm)
            pixels = image.load()
            last = top
            for y in range(top, bottom):
                if any(pixels[x, y] < 200 for x in range(0, width, 2)):
                    last = y
            fills.append(PageFill(number, (bottom - last) / (bottom - top)))
    return fills


def cover_darkness(path: Path) -> tuple[float, float]:
    """Share of dark pixels (navy) on page 1: in its top fifth, and on the whole page."""
    import io

    from PIL import Image

    data = subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", "12", "-f", "1", "-l", "1", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(data)).convert("L")
    width, height = image.size
    values = list(image.tobytes())
    dark = [value < 110 for value in values]
    top = dark[: width * (height // 5)]
    return sum(top) / len(top), sum(dark) / len(dark)
