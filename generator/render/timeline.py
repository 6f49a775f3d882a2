"""The year at a glance: one lane per department, a bar per use case, the business reviews, today and the renewal.

The markers' lines run the height of the lanes, so they cross the month names and the bars' labels: each of those
words sits on a patch of its background, drawn over the lines, and the lines go under the bars.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from ..plan.dates import add_months
from ..plan.models import Item, Plan
from .chartkit import ACCENT, GRID, INK, MUTED, svg_open
from .labels import fit, shortened
from .textwidth import text_width
from .words import Words

LANE = "#f9fafb"  # a lane's background (#f7f8fa at 0.7 over white) made opaque, for the patch under a bar's label
QBR_COLOUR, TODAY_COLOUR, RENEWAL_COLOUR = "#b7791f", "#c53030", "#2f855a"
LABEL_SIZE = 7.5


def _months(start: date, end: date) -> list[date]:
    first = date(start.year, start.month, 1)
    if first < start:
        first = add_months(first, 1)
    out = []
    while first <= end:
        out.append(first)
        first = add_months(first, 1)
    return out


def _patch(x: float, anchor: str, baseline: float, words: str, fill: str) -> str:
    """A rectangle of ``fill`` under a line of 7.5 px words at ``x`` (anchored as given), a little wider and taller."""
    width = text_width(words, LABEL_SIZE) + 3
    left = {"end": x - width + 1.5, "middle": x - width / 2}.get(anchor, x - 1.5)
    return (f'<rect x="{left:.1f}" y="{baseline - 8:.1f}" width="{width:.1f}" height="10.5" fill="{fill}"/>')


def _month_axis(months: list[date], x: Callable[[date], float], w: Words, *, top: float, bottom: float,
                width: float) -> tuple[list[str], list[str]]:
    """(A grid line at each month's start, the labels), each label where its measured width fits before the next
    and the edge; a year left out with its label (a crowded first month, a January) goes on the next label shown."""
    grid, words, free_from, year_due = [], [], 0.0, False
    for n, m in enumerate(months):
        grid.append(f'<line x1="{x(m):.1f}" y1="{top - 6}" x2="{x(m):.1f}" y2="{bottom:.0f}" stroke="{GRID}"/>')
        with_year = n == 0 or m.month == 1 or year_due
        label = w.month(m, with_year=with_year)
        left, right = x(m) + 2, x(m) + 2 + text_width(label, LABEL_SIZE)
        year_due = with_year
        if left >= free_from and right <= width:
            words += [_patch(left, "start", top - 9, label, "#ffffff"),
                      f'<text x="{left:.1f}" y="{top - 9}" font-size="{LABEL_SIZE}" fill="{MUTED}">{escape(label)}'
                      "</text>"]
            free_from, year_due = right + 4, False
    return grid, words


def _bar_label(title: str, x0: float, x1: float, plot: tuple[float, float], language: str) -> tuple[float, str, str]:
    """Where a bar's label goes: after the bar if it fits before the edge, else before it if it fits after the
    lane labels, else on the roomier side, shortened to fit; measured, never over a lane label or the edge."""
    after, before = plot[1] - (x1 + 4), (x0 - 4) - plot[0]
    label = shortened(title, max(after, before), LABEL_SIZE, language)
    if text_width(label, LABEL_SIZE) <= after or after >= before:
        return x1 + 4, "start", label
    return x0 - 4, "end", label


def _lanes(lanes: dict[str, list[Item]], x: Callable[[date], float], w: Words, *, top: float, width: float,
           label_w: float) -> tuple[list[str], list[str], float]:
    """(Each lane's background and name, its bars with their labels, the y below the last lane)."""
    row_h, lane_gap = 17, 8
    labels = {lane: fit(lane, label_w - 6, 8.5, w.language, bold=True) for lane in lanes}
    back, bars, y = [], [], top
    for lane, items in lanes.items():
        lane_h = max(len(items) * row_h, len(labels[lane]) * 11 + 4)
        back.append(f'<rect x="0" y="{y - 2}" width="{width:.0f}" height="{lane_h + 4}" fill="#f7f8fa" '
                    'opacity="0.7"/>')
        back += [f'<text x="2" y="{y + 11 + j * 11}" font-size="8.5" font-weight="600" fill="{INK}">'
                 f'{escape(line)}</text>' for j, line in enumerate(labels[lane])]
        for k, item in enumerate(items):
            by = y + k * row_h + 2
            x0, x1 = x(item.start), max(x(item.end), x(item.start) + 3)
            fill = ACCENT if item.kind == "start" else "#8fb5dc"
            tx, anchor, label = _bar_label(item.title, x0, x1, (label_w + 2, width - 2), w.language)
            bars += [f'<rect x="{x0:.1f}" y="{by}" width="{x1 - x0:.1f}" height="11" rx="2" fill="{fill}"/>',
                     _patch(tx, anchor, by + 9, label, LANE),
                     f'<text x="{tx:.1f}" y="{by + 9}" font-size="{LABEL_SIZE}" text-anchor="{anchor}" '
                     f'fill="{INK}">{escape(label)}</text>']
        y += lane_h + lane_gap
    return back, bars, y


def gantt(plan: Plan, w: Words, width: float = 640) -> str:
    """The year as a timeline: one lane per department, QBR markers and a today marker."""
    lanes: dict[str, list[Item]] = {}
    for item in sorted(plan.items, key=lambda i: (i.start, i.use_case)):
        lanes.setdefault(item.persona_title, []).append(item)
    label_w, top = 118, 34
    start, end = plan.as_of, max([plan.horizon_end, *(i.end for i in plan.items)])
    span = max((end - start).days, 1)
    plot_w = width - label_w - 8

    def x(day: date) -> float:
        return label_w + plot_w * (day - start).days / span

    back, bars, bottom = _lanes(lanes, x, w, top=top, width=width, label_w=label_w)
    empty_h = 0 if lanes else 26  # a year with nothing new still gets a row, for the words that say so
    # Below the lanes: a row for the markers' words (today, the renewal), then one for the legend.
    height = bottom + empty_h + 30
    grid, month_words = _month_axis(_months(start, end), x, w, top=top, bottom=height - 28, width=width)
    renewal = plan.account.renewal
    shown_renewal = renewal if renewal is not None and start < renewal <= end else None
    lines, words = _reviews(plan, x, w, top=top, height=height)
    foot_lines, foot_words = _foot_markers(x(start), x(shown_renewal) if shown_renewal else None,
                                           (w.gettext("Today"), w.gettext("Renewal")), top=top, height=height)
    out = [svg_open(width, height, w.gettext("Timeline"), plan.account.locale), *grid, *back, *lines, *foot_lines,
           *month_words, *bars, *words, *foot_words, *_legend(w, width, height)]
    if not lanes:
        # On white, so the month and QBR lines do not strike the words through.
        nothing = w.gettext("Nothing new starts this year.")
        out += [f'<rect x="{label_w + 4}" y="{top + 2}" width="{text_width(nothing, 10) + 8:.0f}" height="16" '
                'fill="#ffffff"/>',
                f'<text x="{label_w + 8}" y="{top + 14}" font-size="10" fill="{MUTED}">{escape(nothing)}</text>']
    out.append("</svg>")
    return "\n".join(out)


def _reviews(plan: Plan, x: Callable[[date], float], w: Words, *, top: float,
             height: float) -> tuple[list[str], list[str]]:
    """(The lines of each quarter's review and of this QBR, their names above the months)."""
    lines, words = [], []
    marks = [(q.qbr, w.gettext("QBR %(number)s") % {"number": q.number}, ' stroke-width="1" stroke-dasharray="3 2"')
             for q in plan.quarters]
    if plan.account.next_qbr > plan.as_of:
        marks.append((plan.account.next_qbr, w.gettext("This QBR"), ' stroke-width="1.4"'))
    for day, name, stroke in marks:
        lines.append(f'<line x1="{x(day):.1f}" y1="{top - 20}" x2="{x(day):.1f}" y2="{height - 26:.0f}" '
                     f'stroke="{QBR_COLOUR}"{stroke}/>')
        words.append(f'<text x="{x(day) - 2:.1f}" y="{top - 22}" font-size="{LABEL_SIZE}" text-anchor="end" '
                     f'fill="{QBR_COLOUR}" font-weight="600">{escape(name)}</text>')
    return lines, words


def _foot_markers(today_x: float, renewal_x: float | None, words: tuple[str, str], *, top: float,
                  height: float) -> tuple[list[str], list[str]]:
    """(Today's line and the renewal's, their names in the row below the lanes): each name left of its line, or
    right of it where the other name or the lane labels' column leaves no room."""
    today, renewal = words
    today_w, renewal_w = text_width(today, LABEL_SIZE), text_width(renewal, LABEL_SIZE, bold=True)
    today_at, today_anchor = today_x + 3, "start"
    lines = [f'<line x1="{today_x:.1f}" y1="{top - 20}" x2="{today_x:.1f}" y2="{height - 26:.0f}" '
             f'stroke="{TODAY_COLOUR}" stroke-width="1.4"/>']
    names = []
    if renewal_x is not None:
        renewal_at, renewal_anchor = renewal_x - 2, "end"
        if renewal_x - 2 - renewal_w < today_x + 3 + today_w + 4:  # it would meet today's name: today's goes left
            today_at, today_anchor = today_x - 3, "end"
            if renewal_x - 2 - renewal_w < today_x + 4:
                renewal_at, renewal_anchor = renewal_x + 3, "start"
        lines.append(f'<line x1="{renewal_x:.1f}" y1="{top - 6}" x2="{renewal_x:.1f}" y2="{height - 26:.0f}" '
                     f'stroke="{RENEWAL_COLOUR}" stroke-width="1.4"/>')
        names.append(f'<text x="{renewal_at:.1f}" y="{height - 16:.0f}" font-size="{LABEL_SIZE}" '
                     f'text-anchor="{renewal_anchor}" fill="{RENEWAL_COLOUR}" font-weight="600">{escape(renewal)}'
                     "</text>")
    names.append(f'<text x="{today_at:.1f}" y="{height - 16:.0f}" font-size="{LABEL_SIZE}" '
                 f'text-anchor="{today_anchor}" fill="{TODAY_COLOUR}">{escape(today)}</text>')
    return lines, names


def _legend(w: Words, width: float, height: float) -> list[str]:
    """The two kinds of bar, at the right edge, as wide as their words, which differ by language."""
    new, finishing = w.gettext("New use case"), w.gettext("Finishing a pilot")
    first_w, second_w = 16 + text_width(new, LABEL_SIZE) + 12, 16 + text_width(finishing, LABEL_SIZE)
    legend_x = width - 8 - first_w - second_w
    second_x = legend_x + first_w
    return [f'<rect x="{legend_x:.0f}" y="{height - 12:.0f}" width="12" height="8" rx="2" fill="{ACCENT}"/>',
            f'<text x="{legend_x + 16:.0f}" y="{height - 5:.0f}" font-size="{LABEL_SIZE}" fill="{INK}">'
            f"{escape(new)}</text>",
            f'<rect x="{second_x:.0f}" y="{height - 12:.0f}" width="12" height="8" rx="2" fill="#8fb5dc"/>',
            f'<text x="{second_x + 16:.0f}" y="{height - 5:.0f}" font-size="{LABEL_SIZE}" fill="{INK}">'
            f"{escape(finishing)}</text>"]
