"""The share image of an edition: 1200×630 PNG for OpenGraph and Twitter cards (Pillow).

One per document and language, with the title and subtitle in that language, on the brand's
navy with the reversed logo, so a link posted abroad shows the brand and reads in the
reader's language. The logo is the SVG of source/brand/ rasterised by CairoSVG, so the
agency's official files, once they replace the placeholders, appear here too. Text is set
with the brand fonts found by fontconfig (the fonts WeasyPrint embeds in the PDF) and wrapped
by measuring it, never inside a word. Same inputs, same bytes: Pillow writes no date.
"""

from __future__ import annotations

import io
import subprocess
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from localepress.errors import ToolMissingError

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
NAVY, SUN, APRICOT, WHITE = (11, 60, 93), (179, 64, 31), (240, 201, 168), (255, 255, 255)
TITLE_FONT = ("Inter Display", "extrabold")
SUBTITLE_FONT = ("Inter", "medium")


@cache
def font_file(family: str, style: str) -> str:
    """The file fontconfig picks for `family` (refused when it falls back to another)."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}", f"{family}:{style}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        raise ToolMissingError(
            "fontconfig's fc-match is not installed (Debian: fontconfig)"
        ) from None
    families, _, path = found.partition("\n")
    if family not in families.split(","):
        raise ToolMissingError(
            f"the brand font {family!r} is not installed (Debian: fonts-inter, fonts-vollkorn)"
        )
    return path


def _svg_png(path: Path, width: int) -> Image.Image:
    import cairosvg

    data = cairosvg.svg2png(bytestring=path.read_bytes(), output_width=width)
    return Image.open(io.BytesIO(data)).convert("RGBA")


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Greedy wrapping by measured width, at spaces only."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _fit(draw, text: str, family: tuple[str, str], sizes, width: int, max_lines: int):
    """The largest size at which `text` takes at most `max_lines` lines of `width`."""
    for size in sizes:
        font = ImageFont.truetype(font_file(*family), size)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= max_lines and all(draw.textlength(li, font=font) <= width for li in lines):
            return font, lines
    return font, lines[:max_lines]


def share_image(brand_dir: Path, title: str, subtitle: str = "") -> bytes:
    """The 1200×630 PNG for `title` (and `subtitle`), in the brand's colours."""
    image = Image.new("RGB", (WIDTH, HEIGHT), NAVY)
    mark = brand_dir / "mark-reversed.svg"
    if mark.exists():
        shade = _svg_png(mark, 520).getchannel("A").point(lambda alpha: alpha * 12 // 100)
        image.paste(APRICOT, (WIDTH - 430, HEIGHT - 400), shade)
    logo = brand_dir / "logo-reversed.svg"
    if logo.exists():
        picture = _svg_png(logo, 430)
        image.paste(picture, (MARGIN, MARGIN - 8), picture)
    draw = ImageDraw.Draw(image)
    text_width = WIDTH - 2 * MARGIN - 60
    font, lines = _fit(draw, title, TITLE_FONT, range(84, 40, -4), text_width, 3)
    y = 230
    line_height = round(font.size * 1.1)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=WHITE)
        y += line_height
    if subtitle:
        small, sub_lines = _fit(draw, subtitle, SUBTITLE_FONT, range(36, 24, -2), text_width, 2)
        y += 18
        for line in sub_lines:
            draw.text((MARGIN, y), line, font=small, fill=APRICOT)
            y += round(small.size * 1.3)
    draw.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=SUN)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
