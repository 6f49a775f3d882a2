"""The brief's lines on what usage data measured: each value the plan used, what the file said, and the evidence."""

from __future__ import annotations

from ..inputs.measured import Measured
from ..plan.models import Plan


def evidence_text(m: Measured) -> str:
    """The evidence of one measured value in a few words, such as '15.7% of 70 people (runbook_editors)'."""
    if m.basis == "share_pct":
        return f"{m.amount:g}% of {m.base or 0:,} people active ({m.metric})"
    if m.basis == "total":
        return f"{m.amount:,.0f} {m.metric} in {m.window_days} days"
    if m.basis == "active_days":
        return f"{m.metric} on {m.amount:,.0f} of {m.window_days} days"
    if m.basis == "weighted":
        return "the weighted score of the health signals below"
    if m.basis == "change" and m.field.startswith("health.signals"):
        return f"{m.amount:+g}% {m.metric} in {m.window_days} days"
    if m.basis == "change":
        return f"{m.amount:+,.0f} {m.metric} in {m.window_days} days"
    return f"{m.amount:,.0f} {m.metric}" + (f" of {m.base:,}" if m.base else "")


def _line(m: Measured) -> str:
    if m.typed == m.value or (m.typed is None and m.value == "none") or m.field.startswith("health.signals"):
        was = ""
    else:
        was = f" (the file said {m.typed or 'nothing'})"
    return f"  {m.field}: {m.value}{was} - {evidence_text(m)}"


def measured_lines(plan: Plan) -> list[str]:
    """The values usage data measured, those that differ from the account file first; none without data."""
    if not plan.measured:
        return []
    differ = [m for m in plan.measured if m.typed != m.value and not (m.typed is None and m.value == "none")]
    same = [m for m in plan.measured if m not in differ]
    return ["", f"Measured from usage data ({len(plan.measured)} values, {len(differ)} unlike the account file; "
                "measured values replace typed ones):", *(_line(m) for m in differ + same)]


def trend_lines(plan: Plan) -> list[str]:
    """The seats month by month, as the trend page draws them: one line a series, '-' for a month without data."""
    trend = plan.trend
    if trend is None:
        return []

    def row(label: str, values: list[int | None] | list[float | None], unit: str = "") -> str:
        return f"  {label}: " + " ".join("-" if v is None else f"{v:g}{unit}" for v in values)

    return ["", f"Seats month by month from usage data (month-ends {trend.months[0]:%b %Y} to "
                f"{trend.months[-1]:%b %Y}, {trend.metric}):",
            row("active seats", trend.active_seats), row("licensed seats", trend.licensed_seats),
            *(row(f"{d.name} active", d.share_pct, "%") for d in trend.departments)]
