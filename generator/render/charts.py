"""Charts for the documents, drawn as SVG by our own code: adoption, timeline and the account's map.

Each chart's viewBox is sized in CSS pixels for the width it is printed at, so type in
the SVG prints at the size it says.
"""

from __future__ import annotations

from html import escape

from ..inputs.usecase_map import UseCaseMap
from ..plan.models import Plan
from .chartkit import ACCENT, ACCENT_SOFT, INK, MUTED, svg_open
from .fonts import font_stack
from .labels import fit
from .mapdraw import PRINT, NodeStyle, svg
from .timeline import gantt
from .words import Words

__all__ = ["account_map", "adoption_chart", "gantt", "shown_personas", "status_labels", "statuses"]


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


def adoption_chart(plan: Plan, w: Words, width: float = 640) -> str:
    """One bar per department: share of people active today, with use cases adopted and in pilot."""
    rows = sorted(plan.adoption, key=lambda r: (-r.headcount, r.department))
    label_w, bar_w, row_h = 150, width - 150 - 190, 26
    height = 24 + row_h * max(len(rows), 1)
    caption = w.gettext("People active today, of headcount")
    out = [svg_open(width, height, w.gettext("Adoption by department"), plan.account.locale),
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
               font=escape(font_stack(plan.account.locale), quote=True))
