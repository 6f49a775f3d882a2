"""The trend page's chart, as SVG: active and licensed seats over the last 12 months, each department's active
share below, QBR markers across both, and a legend.

Every label is placed by its measured width (``textwidth``): month ticks are thinned until no two touch,
marker labels that would meet go to a second row, legend entries wrap, and nothing runs past the edges.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from itertools import pairwise

from ..inputs.measured import Trend
from ..plan.models import Plan
from .fonts import font_stack
from .textwidth import text_width
from .words import Words

INK, MUTED, GRID, ACCENT = "#1f2a44", "#5b6478", "#dfe3ea", "#2f6ea5"
LINES = ("#2f6ea5", "#2e8555", "#b7791f", "#8e44ad", "#c0392b", "#16a085", "#d35400", "#5b6478")
TICK, LABEL, TITLE = 8.0, 8.5, 9.5  # font sizes, px
GAP = 4.0  # the least room between two labels
ROW = 12.0  # a row of marker or legend labels
PLOT_H = 150.0
Place = Callable[[date], float]  # a day's x
NEXT_QBR_REACH = timedelta(days=120)  # a next QBR further out than this after the last month is left off the axis


@dataclass(frozen=True)
class Marker:
    day: date
    label: str
    next: bool


def trend_chart(plan: Plan, w: Words, titles: dict[str, str], width: float = 640) -> str:
    """The chart of ``plan.trend``; ``titles`` names each department (by its name in the trend) in the locale."""
    trend = plan.trend
    if trend is None:
        return ""
    markers = _markers(plan, trend, w)
    start = trend.months[0]
    end = max([trend.months[-1], *(m.day for m in markers)])
    seat_top = _top([v for v in [*trend.active_seats, *trend.licensed_seats] if v is not None])
    seat_ticks = _ticks(seat_top)
    left = 6 + max(text_width(w.number(t), TICK) for t in [*seat_ticks, 0])
    left = max(left, 6 + max(text_width(w.percent(t, 100), TICK) for t in (0, 25, 50, 75, 100)))
    widest = max(text_width(w.month(m, with_year=True), TICK) for m in trend.months)
    left = max(left, widest / 2 + 2)
    right = width - max(8.0, widest / 2 + 2)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return left + (right - left) * (day - start).days / span

    out: list[str] = []
    y = 2.0
    y = _legend(out, [(w.gettext("Active seats"), ACCENT, False), (w.gettext("Licensed seats"), MUTED, True)],
                y, width)
    rows = _place_markers(out, markers, x, y, width)
    top = y + rows * ROW + 6
    _panel(out, trend, x, top, left=left, right=right, ticks=seat_ticks, tick_text=w.number,
           series=[(trend.licensed_seats, MUTED, True), (trend.active_seats, ACCENT, False)])
    _marker_lines(out, markers, x, top, top + PLOT_H)
    y = _month_ticks(out, trend.months, w, x, baseline=top + PLOT_H, widest=widest) + 10
    title = w.gettext("Share of each department active")
    out.append(f'<text x="0" y="{y + TITLE:.1f}" font-size="{TITLE}" font-weight="600" fill="{INK}">'
               f'{escape(title)}</text>')
    top = y + TITLE + 8
    departments = [(d, LINES[i % len(LINES)], i >= len(LINES)) for i, d in enumerate(trend.departments)]
    _panel(out, trend, x, top, left=left, right=right, ticks=[0, 25, 50, 75, 100],
           tick_text=lambda t: w.percent(t, 100),
           series=[([None if v is None else round(v) for v in d.share_pct], colour, dashed)
                   for d, colour, dashed in departments], top_value=100)
    _marker_lines(out, markers, x, top, top + PLOT_H)
    y = _month_ticks(out, trend.months, w, x, baseline=top + PLOT_H, widest=widest) + 6
    entries = [(_department_label(w, titles.get(d.name, d.name), d.share_pct), colour, dashed)
               for d, colour, dashed in departments]
    y = _legend(out, entries, y, width) if entries else y
    label = w.gettext("Active seats and each department's active share over the last 12 months")
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {y + 4:.0f}" width="{width:.0f}" '
            f'height="{y + 4:.0f}" font-family="{escape(font_stack(plan.account.locale), quote=True)}" role="img" '
            f'aria-label="{escape(label)}">')
    return "\n".join([head, *out, "</svg>"])


def _markers(plan: Plan, trend: Trend, w: Words) -> list[Marker]:
    """The last QBR (where the plan compares with it) and the next one, when it is near enough to show."""
    out = []
    if plan.since is not None and plan.since.previous_qbr >= trend.months[0]:
        out.append(Marker(plan.since.previous_qbr, w.gettext("Last review, %(date)s") % {
            "date": w.date(plan.since.previous_qbr)}, next=False))
    qbr = plan.account.next_qbr
    if qbr - trend.months[-1] <= NEXT_QBR_REACH:
        out.append(Marker(qbr, w.gettext("Next review, %(date)s") % {"date": w.date(qbr)}, next=True))
    return out


def first_and_last(values: list[int | None], months: list[date]) -> tuple[tuple[date, int], tuple[date, int]] | None:
    """The first and the last month with a value, and their values; None with fewer than two such months."""
    known = [(m, v) for m, v in zip(months, values, strict=True) if v is not None]
    return (known[0], known[-1]) if len(known) > 1 else None


def _department_label(w: Words, title: str, shares: list[float | None]) -> str:
    last = next((s for s in reversed(shares) if s is not None), None)
    return title if last is None else f"{title} {w.percent(last, 100)}"


def _top(values: list[int]) -> float:
    return float(max(values, default=1) or 1)


def _ticks(top: float) -> list[float]:
    """Round steps from 0 to at least ``top``: four or five of 1, 2, 5 times a power of ten (2.5 from 10 up)."""
    raw = top / 4
    mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    steps = [s * mag for s in ((1, 2, 2.5, 5, 10) if mag >= 10 else (1, 2, 5, 10))]
    step = next(s for s in steps if s >= raw)
    return [step * i for i in range(math.ceil(top / step) + 1)]


def _legend(out: list[str], entries: list[tuple[str, str, bool]], y: float, width: float) -> float:
    """Swatches and words in rows that wrap at the chart's width; the y below them."""
    x, row = 0.0, 0
    for text, colour, dashed in entries:
        need = 16 + text_width(text, LABEL)
        if x > 0 and x + need > width:
            x, row = 0.0, row + 1
        base = y + row * ROW + LABEL
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        out += [f'<line x1="{x:.1f}" y1="{base - 3:.1f}" x2="{x + 12:.1f}" y2="{base - 3:.1f}" stroke="{colour}" '
                f'stroke-width="2"{dash}/>',
                f'<text x="{x + 16:.1f}" y="{base:.1f}" font-size="{LABEL}" fill="{INK}">{escape(text)}</text>']
        x += need + 14
    return y + (row + 1) * ROW + 2


def _place_markers(out: list[str], markers: list[Marker], x: Place, y: float, width: float) -> int:
    """Each marker's label above the plot, moved down a row while it would meet one already placed; the rows."""
    placed: list[tuple[int, float, float]] = []
    for m in markers:
        size = text_width(m.label, LABEL)
        start = min(max(x(m.day) - size / 2, 0.0), width - size - 1)
        row = 0
        while any(r == row and start < b + GAP and a < start + size + GAP for r, a, b in placed):
            row += 1
        placed.append((row, start, start + size))
        colour = INK if m.next else MUTED
        out.append(f'<text x="{start:.1f}" y="{y + row * ROW + LABEL:.1f}" font-size="{LABEL}" fill="{colour}">'
                   f'{escape(m.label)}</text>')
    return max((r for r, _, _ in placed), default=-1) + 1


def _marker_lines(out: list[str], markers: list[Marker], x: Place, top: float, bottom: float) -> None:
    for m in markers:
        colour = INK if m.next else MUTED
        out.append(f'<line x1="{x(m.day):.1f}" y1="{top:.1f}" x2="{x(m.day):.1f}" y2="{bottom:.1f}" '
                   f'stroke="{colour}" stroke-width="1" stroke-dasharray="2 2"/>')


def _panel(out: list[str], trend: Trend, x: Place, top: float, *, left: float, right: float, ticks: list[float],
           tick_text: Callable[[float], str], series: list[tuple[list[int | None], str, bool]],
           top_value: float | None = None) -> None:
    """Grid lines with their values on the left, and each series as lines through its months (a gap where a
    month has no value)."""
    high = top_value or ticks[-1]

    def y(value: float) -> float:
        return top + PLOT_H * (1 - value / high)

    for t in ticks:
        out += [f'<line x1="{left:.1f}" y1="{y(t):.1f}" x2="{right:.1f}" y2="{y(t):.1f}" stroke="{GRID}"/>',
                f'<text x="{left - 4:.1f}" y="{y(t) + 2.5:.1f}" font-size="{TICK}" fill="{MUTED}" '
                f'text-anchor="end">{escape(tick_text(t))}</text>']
    for values, colour, dashed in series:
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        run: list[str] = []
        for month, value in [*zip(trend.months, values, strict=True), (None, None)]:
            if month is not None and value is not None:
                run.append(f"{x(month):.1f},{y(value):.1f}")
                continue
            if len(run) > 1:
                out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="1.8"'
                           f'{dash}/>')
            out += [f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="1.8" fill="{colour}"/>' for p in run]
            run = []


def _month_ticks(out: list[str], months: list[date], w: Words, x: Place, *, baseline: float, widest: float) -> float:
    """Month names under the plot, every n-th one so that no two meet (the last month always, the first shown with
    its year, as every January); the y below."""
    step = 1
    while step < len(months) and any(x(months[b]) - x(months[a]) < widest + GAP
                                     for a, b in pairwise(_shown(len(months), step))):
        step += 1
    shown = _shown(len(months), step)
    for i in shown:
        text = w.month(months[i], with_year=i == shown[0])
        out.append(f'<text x="{x(months[i]):.1f}" y="{baseline + 13:.1f}" font-size="{TICK}" fill="{MUTED}" '
                   f'text-anchor="middle">{escape(text)}</text>')
    return baseline + 16


def _shown(count: int, step: int) -> list[int]:
    return [i for i in range(count) if (count - 1 - i) % step == 0]
