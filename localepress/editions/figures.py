"""Figures the notebooks draw in each edition's language: the brand's timeline and the map of
« Alès, a crossroads » (matplotlib).

The notebook holds the words (labels through `_`/`pgettext`, so they are extracted,
translated and checked like prose) and passes them here; this module lays them out, formats
dates and numbers with Babel through the `Edition`, and shows the figure as one output: SVG
with real text (HTML, PDF), PNG (Markdown), and the alt text and caption in its metadata.
A label left in French (no translation yet) is drawn as it is and marked `xml:lang="fr"` in
the SVG, like a French fallback in the prose. Coordinates come from source/geography.yml:
the map draws no borders or coasts, only named points, so no map data is needed.
Same inputs, same bytes: a fixed `svg.hashsalt`, no dates in the files.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import math
import re
import textwrap
from dataclasses import dataclass

import yaml
from babel.units import format_unit
from lxml import etree

from localepress.errors import FigureError

NAVY, INK, TERRACOTTA, SUN, SAND, RULE = (
    "#0b3c5d", "#1f2933", "#8f3319", "#b3401f", "#f6efe6", "#d9c9b6",
)  # fmt: skip
FONT = ("Inter", "DejaVu Sans")
WIDTH = 6.4  # inches; the PDF shows figures 17 cm wide, the page at most 46rem
_FALLBACK = re.compile(r'<span lang="fr">(.*?)</span>', re.DOTALL)


@dataclass(frozen=True)
class Event:
    """A step of the timeline: when (a year, a month, a day or a period), what, a detail."""

    start: dt.date
    title: str
    detail: str = ""
    precision: str = "day"  # "year", "month" or "day"
    end: dt.date | None = None


@dataclass
class Figure:
    svg: str
    png: bytes
    alt: str
    caption: str
    french: bool  # some labels are French fallbacks
    alt_in_french: bool = False  # the alt text itself is a French fallback

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {
            "image/svg+xml": self.svg,
            "image/png": base64.b64encode(self.png).decode("ascii"),
            "text/plain": self.alt,
        }
        metadata = {"alt": self.alt, "caption": self.caption}
        if self.alt_in_french:
            metadata["lang"] = "fr"
        return data, metadata


def unmark(text: str) -> tuple[str, bool]:
    """A runtime message as plain text, and whether it holds a French fallback."""
    french = bool(_FALLBACK.search(text))
    return html.unescape(_FALLBACK.sub(r"\1", text)), french


# --- Timeline ---------------------------------------------------------------------------------


def when(ed, event: Event) -> str:
    """The event's date in the edition's language, as precise as the facts are."""
    if event.end is not None:
        return ed.interval(event.start, event.end)
    if event.precision == "year":
        return ed.year(event.start)
    if event.precision == "month":
        return ed.month(event.start)
    return ed.date(event.start)


def timeline(ed, events: list[Event], *, intro: str, step: str, caption: str) -> Figure:
    """A vertical timeline, oldest first, the last step (the launch) highlighted.

    `intro` opens the alt text; `step` formats each step of it from `{date}` and `{event}`:
    each step is a sentence, so its first letter is capitalised (French and Occitan months are
    lower case: « juin 2021 : … » would otherwise open a sentence in lower case)."""
    plt_figure, canvas = _figure(WIDTH, 0.95 * len(events) + 0.3)
    ax = plt_figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(len(events) - 0.45, -0.55)
    ax.axis("off")
    ax.plot([3.05, 3.05], [0, len(events) - 1], color=RULE, linewidth=2.5, zorder=1)
    french, steps = False, []
    for row, event in enumerate(events):
        title, f1 = unmark(event.title)
        detail, f2 = unmark(event.detail)
        date = when(ed, event)
        last = row == len(events) - 1
        ax.scatter([3.05], [row], s=260 if last else 110, color=SUN if last else NAVY,
                   edgecolors="white", linewidths=2, zorder=3)  # fmt: skip
        _text(ax, 2.7, row, _wrap_date(date), ha="right", weight="bold",
              color=TERRACOTTA if last else NAVY, size=12, french=False)  # fmt: skip
        _text(ax, 3.45, row - 0.13, _wrap(title, 38), weight="bold", size=12.5,
              color=TERRACOTTA if last else INK, french=f1)  # fmt: skip
        if detail:
            _text(ax, 3.45, row + 0.22, _wrap(detail, 44), size=11, color=INK, french=f2)
        french = french or f1 or f2
        words = f"{title}, {detail}" if detail else title
        text = step.format(date=date, event=words)
        steps.append(text[:1].upper() + text[1:])
    intro_text, f3 = unmark(intro)
    alt = " ".join([intro_text, *steps])
    return _finish(plt_figure, canvas, alt, caption, french or f3, alt_in_french=f3)


# --- Map --------------------------------------------------------------------------------------


def load_geography(root) -> dict:
    path = root / "source" / "geography.yml"
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        data["places"][data["centre"]]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise FigureError(f"{path}: cannot read the places of the map ({exc})") from None
    return data


def crossroads_map(ed, labels: dict[str, str], *, alt: str, caption: str, north: str) -> Figure:
    """Alès at the centre, the places the text names around it, an arrow from each to Alès.

    `labels` maps the place ids of source/geography.yml to their names in the edition's
    language; a place without a label is not drawn. `north` is the north arrow's letter."""
    from matplotlib.patches import Circle

    geo = load_geography(ed.project.root)
    extent, places, centre = geo["extent"], geo["places"], geo["centre"]
    unknown = sorted(set(labels) - set(places))
    if unknown:
        raise FigureError(f"source/geography.yml has no coordinates for {', '.join(unknown)}")
    scale = math.cos(math.radians(places[centre]["lat"]))
    x0, x1 = extent["west"] * scale, extent["east"] * scale
    y0, y1 = extent["south"], extent["north"]
    plt_figure, canvas = _figure(WIDTH, WIDTH * (y1 - y0) / (x1 - x0))
    ax = plt_figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.axis("off")
    ground = ax.add_patch(_rounded(ax, x0, y0, x1 - x0, y1 - y0))
    here = (places[centre]["lon"] * scale, places[centre]["lat"])
    for km in (50, 100, 150):  # distance rings around the centre, every 50 km
        ring = Circle(here, km / 111.32, fill=False, edgecolor=RULE, linewidth=1,
                      linestyle=(0, (4, 3)), zorder=1)  # fmt: skip
        ax.add_patch(ring).set_clip_path(ground)
    french = False
    for key, label in labels.items():
        place = places[key]
        name, marked = unmark(label)
        french = french or marked
        point, beyond = _within((place["lon"] * scale, place["lat"]), here, (x0, y0, x1, y1))
        _place(ax, place["kind"], point, here, name, marked, beyond)
    _scale_bar(ax, ed, x0, y0, scale)
    _north(ax, north, x1, y1)
    alt_text, f1 = unmark(alt)
    return _finish(plt_figure, canvas, alt_text, caption, french or f1, alt_in_french=f1)


def _within(point, centre, box, margin=0.12):
    """`point`, or where the line from the centre to it leaves the box (less a margin), and
    whether it was moved: a place beyond the map is shown at its edge, in its direction."""
    (x, y), (cx, cy) = point, centre
    left, bottom, right, top = box[0] + margin, box[1] + margin, box[2] - margin, box[3] - margin
    t = 1.0
    for delta, low, high, start in ((x - cx, left, right, cx), (y - cy, bottom, top, cy)):
        if delta > 0 and start + delta > high:
            t = min(t, (high - start) / delta)
        elif delta < 0 and start + delta < low:
            t = min(t, (low - start) / delta)
    return (cx + t * (x - cx), cy + t * (y - cy)), t < 1.0


def _place(ax, kind: str, point, centre, name: str, french: bool, beyond=False) -> None:
    from matplotlib.patches import FancyArrowPatch

    x, y = point
    if beyond:  # the place lies beyond the map: its name at the edge, an arrow pointing on
        dx, dy = (
            (x - centre[0]) / math.dist(point, centre),
            (y - centre[1]) / math.dist(point, centre),
        )
        x, y = x - 0.2 * dx, y - 0.2 * dy
        ax.annotate("", xy=(x + 0.2 * dx, y + 0.2 * dy), xytext=(x + 0.06 * dx, y + 0.06 * dy),
                    arrowprops={"arrowstyle": "-|>", "color": NAVY, "linewidth": 1.6})  # fmt: skip
        _text(ax, x - 0.04, y, name, size=12.5, weight="bold", color=NAVY, ha="right",
              va="center", french=french)  # fmt: skip
        ax.add_patch(FancyArrowPatch((x, y), centre, arrowstyle="-|>,head_length=7,head_width=4",
                     connectionstyle="arc3,rad=0.18", shrinkA=6, shrinkB=13, color=NAVY,
                     linewidth=1.6, alpha=0.75, zorder=2))  # fmt: skip
        return
    if kind == "centre":
        ax.scatter([x], [y], s=900, color=SUN, alpha=0.18, zorder=3, linewidths=0)
        ax.scatter([x], [y], s=170, color=SUN, edgecolors="white", linewidths=2.5, zorder=4)
        _text(ax, x + 0.09, y - 0.02, name, size=17, weight="bold", color=TERRACOTTA,
              va="center", french=french)  # fmt: skip
        return
    if kind in ("area", "city"):
        ax.add_patch(FancyArrowPatch(point, centre, arrowstyle="-|>,head_length=7,head_width=4",
                     connectionstyle="arc3,rad=0.18", shrinkA=16, shrinkB=13, color=NAVY,
                     linewidth=1.6, alpha=0.75, zorder=2))  # fmt: skip
    if kind == "city":
        above = y > centre[1]
        ax.scatter([x], [y], s=70, color=NAVY, edgecolors="white", linewidths=1.5, zorder=4)
        _text(ax, x, y + (0.07 if above else -0.07), name, size=12.5, weight="bold",
              color=NAVY, ha="center", va="bottom" if above else "top", french=french)  # fmt: skip
    elif kind == "area":
        _text(ax, x, y, name.upper(), size=11.5, weight="bold", color=NAVY, ha="center",
              va="center", french=french)  # fmt: skip
    else:  # a mountain range: italic, with three peaks
        for dx, dy, size in ((-0.1, 0, 40), (0, 0.03, 60), (0.1, 0, 40)):
            ax.scatter([x + dx], [y - 0.12 + dy], marker="^", s=size, color=TERRACOTTA,
                       alpha=0.55, linewidths=0)  # fmt: skip
        _text(ax, x, y, name, size=13, style="italic", color=TERRACOTTA, ha="center",
              va="bottom", french=french)  # fmt: skip


def _scale_bar(ax, ed, x0, y0, scale) -> None:
    km = 50
    length = km / 111.32  # degrees of latitude; x is longitude × cos(latitude): the same unit
    left, bottom = x0 + 0.12, y0 + 0.12
    ax.plot([left, left + length], [bottom, bottom], color=INK, linewidth=3, solid_capstyle="butt")
    label = format_unit(km, "length-kilometer", length="short", locale=ed.language.number_locale)
    _text(ax, left + length / 2, bottom + 0.04, label, size=10, color=INK, ha="center",
          va="bottom", french=False)  # fmt: skip


def _north(ax, letter: str, x1, y1) -> None:
    name, french = unmark(letter)
    ax.annotate("", xy=(x1 - 0.2, y1 - 0.1), xytext=(x1 - 0.2, y1 - 0.38),
                arrowprops={"arrowstyle": "-|>", "color": INK, "linewidth": 1.5})  # fmt: skip
    _text(ax, x1 - 0.2, y1 - 0.42, name, size=10, weight="bold", color=INK, ha="center",
          va="top", french=french)  # fmt: skip


def _rounded(ax, x, y, w, h):
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.12",
                          facecolor=SAND, edgecolor="none", zorder=0)  # fmt: skip


# --- Shared -----------------------------------------------------------------------------------


def _wrap_date(text: str, width: int = 16) -> str:
    """A date on one line, or a period cut after its dash."""
    if len(text) <= width or "–" not in text:
        return text
    start, _, end = text.partition("–")
    return f"{start.rstrip()} –\n{end.strip()}"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def _text(ax, x, y, text, *, french: bool, **style):
    style.setdefault("va", "center")
    style.setdefault("ha", "left")
    item = ax.text(x, y, text, fontfamily=list(FONT), linespacing=1.25, zorder=5, **style)
    if french:
        marked = ax.figure.__dict__.setdefault("lp_french", [])
        item.set_gid(f"lp-fr-{len(marked)}")
        marked.append(item.get_gid())
    return item


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as PlotFigure

    _register_fonts()
    figure = PlotFigure(figsize=(width, height), facecolor="white")
    return figure, FigureCanvasAgg(figure)


def _register_fonts() -> None:
    """Make matplotlib see the brand fonts even when its font cache predates their install."""
    from matplotlib import font_manager

    from localepress.editions.share import font_file

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    for style in ("regular", "bold", "italic", "bold:italic"):
        if FONT[0] not in known or style != "regular":
            try:
                font_manager.fontManager.addfont(font_file(FONT[0], style))
            except Exception:
                return


def _finish(figure, canvas, alt: str, caption: str, french: bool, alt_in_french=False) -> Figure:
    import matplotlib

    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "localepress", "svg.image_inline": True}
    ):
        svg_buffer, png_buffer = io.StringIO(), io.BytesIO()
        figure.savefig(svg_buffer, format="svg", metadata={"Date": None, "Creator": None})
        figure.savefig(png_buffer, format="png", dpi=150, metadata={"Software": None})
    svg = _mark_french(svg_buffer.getvalue(), figure.__dict__.get("lp_french", []))
    return Figure(svg, png_buffer.getvalue(), alt, caption, french, alt_in_french)


def _mark_french(svg: str, ids: list[str]) -> str:
    """`xml:lang="fr"` on the text of French fallback labels (matplotlib's gid → <g id>)."""
    if not ids:
        return svg
    root = etree.fromstring(svg.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        if group.get("id") in ids:
            group.set("{http://www.w3.org/XML/1998/namespace}lang", "fr")
    return etree.tostring(root, encoding="unicode")
