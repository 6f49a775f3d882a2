"""Draw the use-case map as SVG, Graphviz DOT or Mermaid.

The SVG layout is our own and deterministic: one lane per persona, one column per step
of the prerequisite chain (so every edge points right), nodes coloured by stage or, for
an account, by adoption status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from ..inputs.models import STAGES
from ..inputs.usecase_map import UseCaseMap
from .fonts import font_stack
from .labels import fit
from .textwidth import text_width

FONT = escape(font_stack(), quote=True)  # our stack, for an SVG attribute


@dataclass(frozen=True)
class Geometry:
    """Sizes in SVG units; the printed map uses narrower boxes and larger type than the screen map."""

    node_w: int = 184
    node_h: int = 40
    col_gap: int = 64
    row_gap: int = 10
    lane_label_w: int = 150
    pad: int = 16
    header_h: int = 34
    legend_h: int = 40
    font_size: float = 11
    lines: int = 2


SCREEN = Geometry()
TEXT_INSET = 8  # a box's title starts this far in from its left edge, and ends as far from its right
EDGE = "#8a94a6"
ARROW_LENGTH = 7.7  # the arrowhead's length, its width half of it: the marker it replaces, 7 units on a 1.1 stroke
PRINT = Geometry(node_w=150, node_h=46, col_gap=30, row_gap=6, lane_label_w=120, font_size=12.5, lines=3)

STAGE_COLOURS = {
    "foundation": ("#e3edf7", "#2f6ea5"),
    "expand": ("#e4f3ea", "#2e8555"),
    "optimize": ("#fdf1dc", "#b7791f"),
    "transform": ("#f1e7f6", "#7b4397"),
}


@dataclass(frozen=True)
class NodeStyle:
    fill: str
    stroke: str
    dashed: bool = False
    text: str = "#1f2a44"


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, tuple[float, float]]
    lanes: list[tuple[str, str, float, float]]  # persona, title, top, height
    columns: int
    width: float
    height: float
    geometry: Geometry


def layout(umap: UseCaseMap, include: set[str] | None = None, g: Geometry = SCREEN) -> Layout:
    """Place each use case: lane by persona, column by depth in the prerequisite chain."""
    nodes = [n for n in umap.order if include is None or n in include]
    depth = umap.depth
    columns = max((depth[n] for n in nodes), default=0) + 1
    lanes_of: dict[str, list[str]] = {}
    for n in nodes:
        lanes_of.setdefault(umap.persona_of[n], []).append(n)
    rank = {s: i for i, s in enumerate(STAGES)}

    def lane_key(persona: str) -> tuple:
        members = lanes_of[persona]
        scope_first = 0 if umap.personas[persona].scope == "company" else 1
        return (min(depth[n] for n in members), scope_first, umap.personas[persona].title)

    boxes: dict[str, tuple[float, float]] = {}
    lanes: list[tuple[str, str, float, float]] = []
    y: float = g.header_h
    for persona in sorted(lanes_of, key=lane_key):
        cells: dict[int, list[str]] = {}
        for n in sorted(lanes_of[persona], key=lambda n: (rank[umap.use_cases[n].stage], umap.use_cases[n].title)):
            cells.setdefault(depth[n], []).append(n)
        rows = max(len(c) for c in cells.values())
        height = rows * (g.node_h + g.row_gap) + g.row_gap
        for col, members in cells.items():
            for i, n in enumerate(members):
                boxes[n] = (g.lane_label_w + g.pad + col * (g.node_w + g.col_gap),
                            y + g.row_gap + i * (g.node_h + g.row_gap))
        lanes.append((persona, umap.personas[persona].title, y, height))
        y += height
    width = g.lane_label_w + g.pad * 2 + columns * g.node_w + (columns - 1) * g.col_gap
    return Layout(boxes, lanes, columns, width, y + g.legend_h, g)


def stage_style(umap: UseCaseMap) -> Callable[[str], NodeStyle]:
    return lambda n: NodeStyle(*STAGE_COLOURS[umap.use_cases[n].stage])


def svg(umap: UseCaseMap, *, style: Callable[[str], NodeStyle] | None = None,
        legend: list[tuple[str, NodeStyle]] | None = None, include: set[str] | None = None,
        title: str = "Use-case map", geometry: Geometry = SCREEN, fit_mm: tuple[float, float] | None = None,
        font: str = FONT, heading: str = "Adoption order: each column needs the ones to its left \u2192") -> str:
    """The map as a standalone SVG document; ``fit_mm`` scales it to fit a (width, height) box in mm."""
    style = style or stage_style(umap)
    if legend is None:
        legend = [(s.capitalize(), NodeStyle(*STAGE_COLOURS[s])) for s in STAGES]
    lay = layout(umap, include, geometry)
    size = f'width="{lay.width:.0f}" height="{lay.height:.0f}"'
    if fit_mm is not None:
        scale = min(fit_mm[0] / lay.width, fit_mm[1] / lay.height)
        size = f'width="{lay.width * scale:.1f}mm" height="{lay.height * scale:.1f}mm"'
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lay.width:.0f} {lay.height:.0f}" '
           f'{size} font-family="{font}" role="img">',
           f"<title>{escape(title)}</title>",
           f'<rect width="{lay.width:.0f}" height="{lay.height:.0f}" fill="#ffffff"/>']
    out += _lanes(lay, heading, umap.language or "")
    out += _edges(umap, lay)
    out += [_node(umap, n, box, style(n), geometry) for n, box in lay.boxes.items()]
    out += _legend(legend, lay)
    out.append("</svg>\n")
    return "\n".join(out)


def _lanes(lay: Layout, heading: str, language: str) -> list[str]:
    g = lay.geometry
    parts = [f'<text x="{g.lane_label_w + g.pad}" y="22" font-size="{g.font_size + 1}" fill="#4a5568">'
             f"{escape(heading)}</text>"]
    for i, (_, title, top, height) in enumerate(lay.lanes):
        fill = "#f7f8fa" if i % 2 == 0 else "#ffffff"
        parts.append(f'<rect x="0" y="{top:.0f}" width="{lay.width:.0f}" height="{height:.0f}" fill="{fill}"/>')
        lines = fit(title, g.lane_label_w - 6, g.font_size + 1, language, bold=True, lines=3)
        step = g.font_size + 3
        first = top + height / 2 - (len(lines) - 1) * step / 2 + g.font_size / 3
        for j, line in enumerate(lines):
            parts.append(f'<text x="{g.pad}" y="{first + j * step:.0f}" font-size="{g.font_size + 1}" '
                         f'font-weight="bold" fill="#1f2a44">{escape(line)}</text>')
    return parts


def _edges(umap: UseCaseMap, lay: Layout) -> list[str]:
    """Every requires edge as a curve in one path, and their arrowheads in another.

    Each edge ends level, coming in from its left, so its arrowhead is a triangle pointing right: drawn as such
    rather than as a marker, which an SVG renderer resolves and places path by path (WeasyPrint spent a third of
    the map's drawing on them).
    """
    curves, heads, g = [], [], lay.geometry
    for a, b in sorted(umap.graph.edges()):
        if a not in lay.boxes or b not in lay.boxes:
            continue
        (x1, y1), (x2, y2) = lay.boxes[a], lay.boxes[b]
        sx, sy, tx, ty = x1 + g.node_w, y1 + g.node_h / 2, x2, y2 + g.node_h / 2
        mid = sx + g.col_gap / 2
        curves.append(f"M{sx:.0f},{sy:.0f} C{mid:.0f},{sy:.0f} {tx - g.col_gap / 2:.0f},{ty:.0f} {tx:.0f},{ty:.0f}")
        heads.append(f"M{tx - ARROW_LENGTH:.2f},{ty - ARROW_LENGTH / 2:.2f} L{tx:.0f},{ty:.0f} "
                     f"L{tx - ARROW_LENGTH:.2f},{ty + ARROW_LENGTH / 2:.2f} z")
    if not curves:
        return []
    return [f'<path class="edges" d="{" ".join(curves)}" fill="none" stroke="{EDGE}" stroke-width="1.1" '
            f'stroke-opacity="0.75"/>', f'<path class="arrows" d="{" ".join(heads)}" fill="{EDGE}"/>']


def _node(umap: UseCaseMap, n: str, box: tuple[float, float], st: NodeStyle, g: Geometry) -> str:
    x, y = box
    language = umap.language or ""
    lines = fit(umap.use_cases[n].title, g.node_w - 2 * TEXT_INSET, g.font_size, language, lines=g.lines)
    dash = ' stroke-dasharray="4 3"' if st.dashed else ""
    step = g.font_size * 1.18
    first = y + g.node_h / 2 - (len(lines) - 1) * step / 2 + g.font_size / 3
    text = "".join(f'<tspan x="{x + TEXT_INSET:.0f}" y="{first + i * step:.1f}">{escape(line)}</tspan>'
                   for i, line in enumerate(lines))
    return (f'<g><title>{escape(n)}</title><rect x="{x:.0f}" y="{y:.0f}" width="{g.node_w}" height="{g.node_h}" '
            f'rx="6" fill="{st.fill}" stroke="{st.stroke}" stroke-width="1.4"{dash}/>'
            f'<text font-size="{g.font_size}" fill="{st.text}">{text}</text></g>')


def _legend(items: list[tuple[str, NodeStyle]], lay: Layout) -> list[str]:
    g = lay.geometry
    y = lay.height - g.legend_h + 12
    parts: list[str] = []
    x: float = g.lane_label_w + g.pad
    for label, st in items:
        dash = ' stroke-dasharray="4 3"' if st.dashed else ""
        parts.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="18" height="14" rx="3" fill="{st.fill}" '
                     f'stroke="{st.stroke}"{dash}/><text x="{x + 24:.0f}" y="{y + 11:.0f}" '
                     f'font-size="{g.font_size}" fill="#1f2a44">{escape(label)}</text>')
        x += 24 + text_width(label, g.font_size) + 16
    return parts


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def dot(umap: UseCaseMap) -> str:
    """Graphviz DOT: an edge ``"a" -> "b"`` means b requires a."""
    lines = ["digraph usecases {", "  rankdir=LR;",
             '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans"];']
    for persona in sorted(umap.personas):
        lines.append(f"  subgraph {_dot_quote('cluster_' + persona)} {{")
        lines.append(f"    label={_dot_quote(umap.personas[persona].title)};")
        for n in umap.order:
            if umap.persona_of[n] == persona:
                fill, stroke = STAGE_COLOURS[umap.use_cases[n].stage]
                lines.append(f"    {_dot_quote(n)} [label={_dot_quote(umap.use_cases[n].title)}, "
                             f'fillcolor="{fill}", color="{stroke}"];')
        lines.append("  }")
    lines += [f"  {_dot_quote(a)} -> {_dot_quote(b)};" for a, b in sorted(umap.graph.edges())]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_id(n: str) -> str:
    return n.replace("-", "_")


def _mermaid_label(text: str) -> str:
    return '"' + escape(text, quote=True).replace("&quot;", "#quot;") + '"'


def mermaid(umap: UseCaseMap) -> str:
    """Mermaid flowchart, for pasting into a wiki page or a pull request."""
    lines = ["flowchart LR"]
    for persona in sorted(umap.personas):
        lines.append(f"  subgraph {_mermaid_id(persona)}[{_mermaid_label(umap.personas[persona].title)}]")
        lines += [f"    {_mermaid_id(n)}[{_mermaid_label(umap.use_cases[n].title)}]"
                  for n in umap.order if umap.persona_of[n] == persona]
        lines.append("  end")
    lines += [f"  {_mermaid_id(a)} --> {_mermaid_id(b)}" for a, b in sorted(umap.graph.edges())]
    for stage, (fill, stroke) in STAGE_COLOURS.items():
        members = [_mermaid_id(n) for n in umap.order if umap.use_cases[n].stage == stage]
        lines.append(f"  classDef {stage} fill:{fill},stroke:{stroke}")
        if members:
            lines.append(f"  class {','.join(members)} {stage}")
    return "\n".join(lines) + "\n"


def draw(umap: UseCaseMap, fmt: str) -> str:
    """The map in the named format: svg, dot or mermaid."""
    return {"svg": svg, "dot": dot, "mermaid": mermaid}[fmt](umap)
