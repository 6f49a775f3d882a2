"""A chart's words as positioned HTML over its SVG shapes, for the PDF.

WeasyPrint lays SVG text out one letter at a time: Arabic letters print unjoined, Devanagari vowel signs
apart from their consonants, Latin without kerning, and a map page costs eight plain pages. The charts are
still drawn, and checked, as SVG with ``<text>``; this moves each line of it into a span at the same baseline,
size, weight, colour and anchor, so the text is shaped and laid out once per line like the rest of the page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape

from .textwidth import line_metrics, text_width

NS = "{http://www.w3.org/2000/svg}"
TEXT = re.compile(r"<text\b[^>]*>.*?</text>\n?", re.S)
MM = 96 / 25.4  # CSS pixels in a millimetre


@dataclass(frozen=True)
class Line:
    """One line of a chart's text, in the SVG's user units: its anchor point on the baseline and its style."""

    x: float
    y: float
    text: str
    size: float
    weight: str
    fill: str
    anchor: str


def lines(svg: str) -> list[Line]:
    """Every line of text the SVG draws, in drawing order (a map box's title is one line per ``<tspan>``)."""
    out = []
    for element in TEXT.findall(svg):
        text = ET.fromstring(element.replace("<text", '<text xmlns="http://www.w3.org/2000/svg"', 1))
        style = (float(text.get("font-size", "10")), text.get("font-weight", "400"), text.get("fill", "#000000"),
                 text.get("text-anchor", "start"))
        parts = list(text.iter(f"{NS}tspan")) or [text]
        for part in parts:
            x, y = float(part.get("x", text.get("x", "0"))), float(part.get("y", text.get("y", "0")))
            out.append(Line(x, y, "".join(part.itertext()), *style))
    return out


def _scale(root_tag: str) -> tuple[float, float, float]:
    """(printed width in CSS px, printed height, printed px per user unit) of the SVG's root element."""
    view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', root_tag)
    width = re.search(r'\bwidth="([\d.]+)(mm)?"', root_tag)
    if view is None or width is None:
        raise ValueError("a chart's SVG names its viewBox and its width")
    view_w, view_h = float(view[1]), float(view[2])
    printed = float(width[1]) * (MM if width[2] else 1)
    scale = printed / view_w
    return printed, view_h * scale, scale


def _runs(drawn: list[Line]) -> list[list[Line]]:
    """Lines drawn one under the other as one label (a map box's title, a wrapped lane name): same place, style
    and a line's height apart. A span holds each run, since a box costs WeasyPrint more than its words do."""
    runs: list[list[Line]] = []
    for line in drawn:
        run = runs[-1] if runs else []
        last = run[-1] if run else None
        below = last is not None and (line.x, line.anchor, line.size, line.weight, line.fill) == (
            last.x, last.anchor, last.size, last.weight, last.fill) and 0 < line.y - last.y <= 1.6 * line.size
        even = len(run) < 2 or abs((line.y - run[-1].y) - (run[1].y - run[0].y)) < 0.01
        if below and even:
            run.append(line)
        else:
            runs.append([line])
    return runs


def _span(run: list[Line], scale: float) -> str:
    """A run of lines as a box of a set width (so WeasyPrint measures nothing to size it), aligned as anchored."""
    first, bold = run[0], run[0].weight not in ("400", "normal")
    size = first.size * scale
    step = (run[1].y - first.y) * scale if len(run) > 1 else size
    ascent, descent = line_metrics()
    # The first baseline sits half the leading plus the ascent below the box's top.
    x, top = first.x * scale, first.y * scale - ((step - (ascent + descent) * size) / 2 + ascent * size)
    # Room over the measured width: a box too narrow only lets the text run on past its end, never cuts it.
    room = max(text_width(line.text, size, bold=bold) for line in run) * 1.25 + 4
    left = {"end": x - room, "middle": x - room / 2}.get(first.anchor, x)
    style = [f"left:{left:.2f}px", f"top:{top:.2f}px", f"width:{room:.2f}px", f"font-size:{size:.2f}px",
             f"color:{first.fill}"]
    if len(run) > 1:
        style.append(f"line-height:{step:.2f}px")
    if bold:
        style.append(f"font-weight:{first.weight}")
    align = {"end": ' class="end"', "middle": ' class="mid"'}.get(first.anchor, "")
    # Lines apart by a newline the span keeps (white-space: pre): one text box for the run where a <br> between
    # lines made WeasyPrint lay out a box for each line and one for each break.
    words = "\n".join(escape(line.text, quote=False) for line in run)
    return f'<span{align} style="{";".join(style)}">{words}</span>'


def overlaid(svg: str) -> str:
    """The chart as a block of its printed size: the SVG without its text, and each line of text over it."""
    root_tag = svg[svg.index("<svg"):svg.index(">", svg.index("<svg")) + 1]
    width, height, scale = _scale(root_tag)
    # The root keeps its viewBox and takes the printed size; its font is the page's, which the spans inherit.
    bare = re.sub(r'\s(?:width|height|font-family)="[^"]*"', "", root_tag)
    sized = bare.replace("<svg", f'<svg width="{width:.2f}" height="{height:.2f}"', 1)
    shapes = TEXT.sub("", svg).replace(root_tag, sized, 1)
    spans = "".join(_span(run, scale) for run in _runs(lines(svg)))
    return (f'<div class="chart" style="width:{width:.2f}px;height:{height:.2f}px">'
            f"{shapes}{spans}</div>")
