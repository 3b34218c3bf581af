"""Draw the placeholder mark and wordmark of « Alès Agglomération — Le Sud Ingénieux ».

Writes the six SVG files of source/brand/ (mark and horizontal lockup; colour, one-colour,
reversed). The wordmark's letters are outlines taken from the brand fonts with fontTools, so
the files look the same everywhere, with no font installed and no text to select in a PDF.
The agency's official files replace these ones under the same names (see README, "Brand");
this script is then no longer run.

    .venv/bin/python source/brand/make_placeholder.py
"""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
NAVY, TERRACOTTA, WHITE, SAND = "#0b3c5d", "#b3401f", "#ffffff", "#f6efe6"
VARIANTS = {  # name → (sun, land and first line, second line)
    "": (TERRACOTTA, NAVY, "#8f3319"),
    "-one-colour": (NAVY, NAVY, NAVY),
    "-reversed": (SAND, WHITE, SAND),
}


def font(pattern: str) -> TTFont:
    path = subprocess.run(
        ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True
    ).stdout
    return TTFont(path)


def text_path(face: TTFont, text: str, size: float, x: float, y: float, tracking=0.0):
    """SVG path data of `text` set at baseline (x, y), and the advance it took."""
    glyphs, cmap = face.getGlyphSet(), face.getBestCmap()
    scale = size / face["head"].unitsPerEm
    pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.2f}".rstrip("0").rstrip("."))
    start = x
    for char in text:
        name = cmap[ord(char)]
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, y)))
        x += glyphs[name].width * scale + tracking
    return pen.getCommands(), x - tracking - start


def mark_paths(cx: float, cy: float, r: float) -> tuple[str, str]:
    """The mark: a rising sun with gear teeth (the South, ingenuity) over the Cévennes ridge.

    Returns (sun path, land path) for a mark of height about 2.2 r centred on cx."""
    outer, tooth, hole = r, r * 0.34, r * 0.42
    points = []
    for step in range(0, 181, 3):  # the half disc, with a tooth every 30°
        angle = math.radians(180 - step)
        radius = outer + (tooth if step % 30 in (9, 12, 15, 18, 21) and 0 < step < 180 else 0)
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    sun = "M" + " L".join(f"{x:.2f} {y:.2f}" for x, y in points) + " Z"
    sun += f" M{cx - hole:.2f} {cy:.2f} A{hole:.2f} {hole:.2f} 0 0 1 {cx + hole:.2f} {cy:.2f} Z"
    w, base = r * 1.9, cy + r * 0.16
    land = (
        f"M{cx - w:.2f} {base:.2f} H{cx + w:.2f} V{base + r * 0.16:.2f} H{cx - w:.2f} Z "
        f"M{cx - w:.2f} {base + r * 1.02:.2f} L{cx - r * 0.9:.2f} {base + r * 0.42:.2f} "
        f"L{cx - r * 0.3:.2f} {base + r * 0.74:.2f} L{cx + r * 0.5:.2f} {base + r * 0.3:.2f} "
        f"L{cx + w:.2f} {base + r * 1.02:.2f} Z"
    )
    return sun, land


def svg(width: float, height: float, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img">\n'
        f"<title>{title}</title>\n{body}</svg>\n"
    )


def main() -> None:
    bold, italic = font("Inter:bold"), font("Vollkorn:semibold:italic")
    sun, land = mark_paths(32, 34, 15)
    for suffix, (sun_colour, land_colour, line_colour) in VARIANTS.items():
        mark = (
            f'<path fill="{sun_colour}" fill-rule="evenodd" d="{sun}"/>\n'
            f'<path fill="{land_colour}" d="{land}"/>\n'
        )
        (HERE / f"mark{suffix}.svg").write_text(
            svg(64, 64, mark, "Alès Agglomération — Le Sud Ingénieux"), encoding="utf-8"
        )
        first, w1 = text_path(bold, "Alès Agglomération", 19, 78, 29, tracking=0.2)
        second, w2 = text_path(italic, "Le Sud Ingénieux", 22.5, 78, 53)
        width = 78 + max(w1, w2) + 6
        words = (
            f'<path fill="{land_colour}" d="{first}"/>\n<path fill="{line_colour}" d="{second}"/>\n'
        )
        (HERE / f"logo{suffix}.svg").write_text(
            svg(width, 64, mark + words, "Alès Agglomération — Le Sud Ingénieux"),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
