"""Charts for the documents, drawn as SVG by our own code: adoption, timeline and the account's map.

Each chart's viewBox is sized in CSS pixels for the width it is printed at, so type in
the SVG prints at the size it says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from ..inputs.usecase_map import UseCaseMap
from ..plan.dates import add_months
from ..plan.models import Item, Plan
from .fonts import font_stack
from .labels import fit, shortened
from .mapdraw import PRINT, NodeStyle, svg
from .textwidth import text_width
from .words import Words

INK, MUTED, GRID = "#1f2a44", "#5b6478", "#dfe3ea"
ACCENT, ACCENT_SOFT = "#2f6ea5", "#cfe0f1"

STATUS = {
    "adopted": NodeStyle("#2e8555", "#2e8555", text="#ffffff"),
    "piloting": NodeStyle("#cfe0f1", "#2f6ea5"),
    "planned": NodeStyle("#fdf1dc", "#b7791f"),
    "later": NodeStyle("#ffffff", "#8a94a6", dashed=True),
    "na": NodeStyle("#f3f4f6", "#d1d5db", text="#9aa1ad"),
}


def status_labels(w: Words) -> dict[str, str]:
    """The map legend's words for each status."""
    return {"adopted": w.gettext("Adopted"), "piloting": w.gettext("In progress"),
            "planned": w.gettext("Planned this year"), "later": w.gettext("Later"),
            "na": w.gettext("Not offered to this account")}


def _font(locale: str) -> str:
    return escape(font_stack(locale), quote=True)


def _open(width: float, height: float, label: str, locale: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" font-family="{_font(locale)}" role="img" '
            f'aria-label="{escape(label)}">')


def adoption_chart(plan: Plan, w: Words, width: float = 640) -> str:
    """One bar per department: share of people active today, with use cases adopted and in pilot."""
    rows = sorted(plan.adoption, key=lambda r: (-r.headcount, r.department))
    label_w, bar_w, row_h = 150, width - 150 - 190, 26
    height = 24 + row_h * max(len(rows), 1)
    caption = w.gettext("People active today, of headcount")
    out = [_open(width, height, w.gettext("Adoption by department"), plan.account.locale),
           f'<text x="{label_w}" y="12" font-size="9" fill="{MUTED}">{escape(caption)}</text>']
    for i, r in enumerate(rows):
        y = 22 + i * row_h
        share = r.active_users / r.headcount if r.headcount else 0
        counts = [w.gettext("%(count)s adopted") % {"count": w.number(r.adopted)}]
        if r.piloting:
            counts.append(w.gettext("%(count)s in pilot") % {"count": w.number(r.piloting)})
        counts.append(w.gettext("%(count)s planned") % {"count": w.number(r.planned)})
        note = w.series(counts)
        active = w.gettext("%(active)s of %(headcount)s (%(share)s)") % {
            "active": w.number(r.active_users), "headcount": w.number(r.headcount),
            "share": w.percent(r.active_users, r.headcount)}
        lines = fit(r.department, label_w - 6, 10, w.language, bold=True)
        out += [f'<text x="0" y="{y + (12 if len(lines) == 1 else 10) + 11 * j:.0f}" font-size="10" '
                f'font-weight="600" fill="{INK}">{escape(line)}</text>' for j, line in enumerate(lines)]
        out += [
                f'<rect x="{label_w}" y="{y + 2:.0f}" width="{bar_w:.0f}" height="13" rx="3" fill="{ACCENT_SOFT}"/>',
                f'<rect x="{label_w}" y="{y + 2:.0f}" width="{bar_w * share:.1f}" height="13" rx="3" fill="{ACCENT}"/>',
                f'<text x="{label_w + bar_w + 8:.0f}" y="{y + 12:.0f}" font-size="9.5" fill="{INK}">'
                f'{escape(active)}</text>',
                f'<text x="{label_w + bar_w + 8:.0f}" y="{y + 23:.0f}" font-size="8" fill="{MUTED}">'
                f'{escape(note)}</text>']
    if not rows:
        empty = w.gettext("No departments recorded for this account.")
        out.append(f'<text x="0" y="36" font-size="10" fill="{MUTED}">{escape(empty)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _months(start: date, end: date) -> list[date]:
    first = date(start.year, start.month, 1)
    if first < start:
        first = add_months(first, 1)
    out = []
    while first <= end:
        out.append(first)
        first = add_months(first, 1)
    return out


def _month_axis(months: list[date], x: Callable[[date], float], w: Words, *, top: float, bottom: float,
                width: float) -> list[str]:
    """A grid line at each month's start, labelled where its measured label fits before the next and the edge;
    a year left out with its label (a crowded first month, a January) goes on the next label shown."""
    out, free_from, year_due = [], 0.0, False
    for n, m in enumerate(months):
        out.append(f'<line x1="{x(m):.1f}" y1="{top - 6}" x2="{x(m):.1f}" y2="{bottom:.0f}" stroke="{GRID}"/>')
        with_year = n == 0 or m.month == 1 or year_due
        label = w.month(m, with_year=with_year)
        left, right = x(m) + 2, x(m) + 2 + text_width(label, 7.5)
        year_due = with_year
        if left >= free_from and right <= width:
            out.append(f'<text x="{left:.1f}" y="{top - 9}" font-size="7.5" fill="{MUTED}">{escape(label)}</text>')
            free_from, year_due = right + 4, False
    return out


def gantt(plan: Plan, w: Words, width: float = 640) -> str:
    """The year as a timeline: one lane per department, QBR markers and a today marker."""
    lanes: dict[str, list[Item]] = {}
    for item in sorted(plan.items, key=lambda i: (i.start, i.use_case)):
        lanes.setdefault(item.persona_title, []).append(item)
    label_w, top, row_h, lane_gap = 118, 34, 17, 8
    start, end = plan.as_of, max([plan.horizon_end, *(i.end for i in plan.items)])
    span = max((end - start).days, 1)
    plot_w = width - label_w - 8

    def x(day: date) -> float:
        return label_w + plot_w * (day - start).days / span

    labels = {lane: fit(lane, label_w - 6, 8.5, w.language, bold=True) for lane in lanes}
    lane_h = {lane: max(len(items) * row_h, len(labels[lane]) * 11 + 4) for lane, items in lanes.items()}
    empty_h = 0 if lanes else 26  # a year with nothing new still gets a row, for the words that say so
    # Below the lanes: a row for the markers' words (today, the renewal), then one for the legend.
    height = top + sum(h + lane_gap for h in lane_h.values()) + empty_h + 30
    out = [_open(width, height, w.gettext("Timeline"), plan.account.locale)]
    out += _month_axis(_months(start, end), x, w, top=top, bottom=height - 28, width=width)
    y = top
    for lane, items in lanes.items():
        out.append(f'<rect x="0" y="{y - 2}" width="{width:.0f}" height="{lane_h[lane] + 4}" fill="#f7f8fa" '
                   'opacity="0.7"/>')
        for j, line in enumerate(labels[lane]):
            out.append(f'<text x="2" y="{y + 11 + j * 11}" font-size="8.5" font-weight="600" fill="{INK}">'
                       f'{escape(line)}</text>')
        for k, item in enumerate(items):
            by = y + k * row_h + 2
            x0, x1 = x(item.start), max(x(item.end), x(item.start) + 3)
            fill = ACCENT if item.kind == "start" else "#8fb5dc"
            out.append(f'<rect x="{x0:.1f}" y="{by}" width="{x1 - x0:.1f}" height="11" rx="2" fill="{fill}"/>')
            tx, anchor, label = _bar_label(item.title, x0, x1, (label_w + 2, width - 2), w.language)
            out.append(f'<text x="{tx:.1f}" y="{by + 9}" font-size="7.5" text-anchor="{anchor}" fill="{INK}">'
                       f'{escape(label)}</text>')
        y += lane_h[lane] + lane_gap
    # Words first: gettext calls inside f-string fields are invisible to the message extractor.
    qbr, today, this_qbr = w.gettext("QBR %(number)s"), w.gettext("Today"), w.gettext("This QBR")
    new, finishing, nothing = w.gettext("New use case"), w.gettext("Finishing a pilot"), \
        w.gettext("Nothing new starts this year.")
    renewal_word, renewal = w.gettext("Renewal"), plan.account.renewal
    for q in plan.quarters:
        out += [f'<line x1="{x(q.qbr):.1f}" y1="{top - 20}" x2="{x(q.qbr):.1f}" y2="{height - 26:.0f}" '
                f'stroke="#b7791f" stroke-width="1" stroke-dasharray="3 2"/>',
                f'<text x="{x(q.qbr) - 2:.1f}" y="{top - 22}" font-size="7.5" text-anchor="end" fill="#b7791f" '
                f'font-weight="600">{escape(qbr % {"number": q.number})}</text>']
    this = plan.account.next_qbr
    if this > start:
        out += [f'<line x1="{x(this):.1f}" y1="{top - 20}" x2="{x(this):.1f}" y2="{height - 26:.0f}" '
                f'stroke="#b7791f" stroke-width="1.4"/>',
                f'<text x="{x(this) - 2:.1f}" y="{top - 22}" font-size="7.5" text-anchor="end" fill="#b7791f" '
                f'font-weight="600">{escape(this_qbr)}</text>']
    shown_renewal = renewal if renewal is not None and start < renewal <= end else None
    out += _foot_markers(x(start), x(shown_renewal) if shown_renewal else None, (today, renewal_word),
                         top=top, height=height)
    # The legend sits at the right edge and is as wide as its words, which differ by language.
    first_w, second_w = 16 + text_width(new, 7.5) + 12, 16 + text_width(finishing, 7.5)
    legend_x = width - 8 - first_w - second_w
    second_x = legend_x + first_w
    out += [f'<rect x="{legend_x:.0f}" y="{height - 12:.0f}" width="12" height="8" rx="2" fill="{ACCENT}"/>',
            f'<text x="{legend_x + 16:.0f}" y="{height - 5:.0f}" font-size="7.5" fill="{INK}">{escape(new)}</text>',
            f'<rect x="{second_x:.0f}" y="{height - 12:.0f}" width="12" height="8" rx="2" fill="#8fb5dc"/>',
            f'<text x="{second_x + 16:.0f}" y="{height - 5:.0f}" font-size="7.5" fill="{INK}">'
            f'{escape(finishing)}</text>']
    if not lanes:
        # On white, so the month and QBR lines do not strike the words through.
        out += [f'<rect x="{label_w + 4}" y="{top + 2}" width="{text_width(nothing, 10) + 8:.0f}" height="16" '
                'fill="#ffffff"/>',
                f'<text x="{label_w + 8}" y="{top + 14}" font-size="10" fill="{MUTED}">{escape(nothing)}</text>']
    out.append("</svg>")
    return "\n".join(out)


def _foot_markers(today_x: float, renewal_x: float | None, words: tuple[str, str], *, top: float,
                  height: float) -> list[str]:
    """Today's line and the renewal's (the year's commercial event), named in the row below the lanes: each
    name left of its line, or right of it where the other name or the lane labels' column leaves no room."""
    today, renewal = words
    today_w, renewal_w = text_width(today, 7.5), text_width(renewal, 7.5, bold=True)
    today_at, today_anchor = today_x + 3, "start"
    out = [f'<line x1="{today_x:.1f}" y1="{top - 20}" x2="{today_x:.1f}" y2="{height - 26:.0f}" stroke="#c53030" '
           'stroke-width="1.4"/>']
    if renewal_x is not None:
        renewal_at, renewal_anchor = renewal_x - 2, "end"
        if renewal_x - 2 - renewal_w < today_x + 3 + today_w + 4:  # it would meet today's name: today's goes left
            today_at, today_anchor = today_x - 3, "end"
            if renewal_x - 2 - renewal_w < today_x + 4:
                renewal_at, renewal_anchor = renewal_x + 3, "start"
        out += [f'<line x1="{renewal_x:.1f}" y1="{top - 6}" x2="{renewal_x:.1f}" y2="{height - 26:.0f}" '
                'stroke="#2f855a" stroke-width="1.4"/>',
                f'<text x="{renewal_at:.1f}" y="{height - 16:.0f}" font-size="7.5" text-anchor="{renewal_anchor}" '
                f'fill="#2f855a" font-weight="600">{escape(renewal)}</text>']
    out.append(f'<text x="{today_at:.1f}" y="{height - 16:.0f}" font-size="7.5" text-anchor="{today_anchor}" '
               f'fill="#c53030">{escape(today)}</text>')
    return out


def _bar_label(title: str, x0: float, x1: float, plot: tuple[float, float], language: str) -> tuple[float, str, str]:
    """Where a bar's label goes: after the bar if it fits before the edge, else before it if it fits after the
    lane labels, else on the roomier side, shortened to fit; measured, never over a lane label or the edge."""
    after, before = plot[1] - (x1 + 4), (x0 - 4) - plot[0]
    label = shortened(title, max(after, before), 7.5, language)
    if text_width(label, 7.5) <= after or after >= before:
        return x1 + 4, "start", label
    return x0 - 4, "end", label


def statuses(plan: Plan, umap: UseCaseMap, adoption: dict[str, str], offered: set[str]) -> dict[str, str]:
    """Each use case's status for this account, for the map."""
    planned = {i.use_case for i in plan.items if i.kind == "start"}
    later = {b.use_case for b in plan.backlog}
    out = {}
    for uc_id in umap.use_cases:
        state = adoption.get(uc_id)
        out[uc_id] = (state if state else "planned" if uc_id in planned else "later" if uc_id in later
                      else "na" if uc_id not in offered else "later")
    return out


MAP_BOX_MM = (172.0, 212.0)  # fits the portrait content box of both A4 and US Letter, below the heading


def shown_personas(umap: UseCaseMap, adoption: dict[str, str], departments: set[str], offered: set[str]) -> set[str]:
    """Lanes worth printing for an account: its departments and any lane with a use case offered or in use."""
    return departments | {umap.persona_of[u] for u in offered | set(adoption)}


def account_map(plan: Plan, umap: UseCaseMap, adoption: dict[str, str], offered: set[str], *,
                personas: set[str], w: Words) -> str:
    """The map of the account's lanes, coloured by its status of every use case, fitted to a page."""
    status = statuses(plan, umap, adoption, offered)
    include = {u for u in umap.use_cases if umap.persona_of[u] in personas}
    labels = status_labels(w)
    return svg(umap, style=lambda n: STATUS[status[n]], legend=[(labels[k], s) for k, s in STATUS.items()],
               include=include, title=w.gettext("Use-case map for %(name)s") % {"name": plan.account.name},
               heading=w.gettext("Adoption order: each column needs the ones to its left \u2192"),
               geometry=PRINT, fit_mm=MAP_BOX_MM,
               font=_font(plan.account.locale))
