"""Sentences about the customer's objectives: why an item serves one, and why each has its status."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .note_values import Values, _int, _list, _text

if TYPE_CHECKING:  # words.py imports the sentences, which import this module
    from .words import Words


def _pace(w: Words, v: Values) -> dict[str, str]:
    return {"progress": w.percent(_int(v, "progress"), 100), "expected": w.percent(_int(v, "expected"), 100)}


def _reached(w: Words, v: Values) -> str:
    current = v.get("current")
    if not isinstance(current, (int, float)):
        return w.gettext("Target reached.")
    return w.gettext("Target reached: %(value)s today.") % {"value": w.amount(current, _text(v, "unit") or None)}


OBJECTIVE: dict[str, Callable[[Words, Values], str]] = {
    "serves_objective": lambda w, v: w.ngettext(
        "Serves your objective: %(objectives)s.", "Serves your objectives: %(objectives)s.",
        len(_list(v, "objectives"))) % {"objectives": w.listing(_list(v, "objectives"))},
    "objective_proposed": lambda w, v: w.gettext("Proposed, to agree at the QBR."),
    "objective_reached": _reached,
    "objective_date_passed": lambda w, v: w.gettext("Its date, %(by)s, has passed without the target reached.") % {
        "by": w.date(_text(v, "by"))},
    "objective_behind_pace": lambda w, v: w.gettext(
        "%(progress)s of the way to the target, with %(expected)s of the time gone.") % _pace(w, v),
    "objective_on_pace": lambda w, v: w.gettext(
        "%(progress)s of the way to the target, with %(expected)s of the time gone: on pace.") % _pace(w, v),
    "objective_all_adopted": lambda w, v: w.ngettext(
        "The use case that serves it is adopted.", "All %(count)s use cases that serve it are adopted.",
        _int(v, "count")) % {"count": w.number(_int(v, "count"))},
    "objective_milestones_late": lambda w, v: w.gettext(
        "Not adopted by this review as planned: %(titles)s.") % {"titles": w.listing(_list(v, "titles"))},
    "objective_due_before_plan": lambda w, v: w.gettext(
        "Its date is %(by)s, but the use cases that serve it are planned to be adopted by %(end)s.") % {
        "by": w.date(_text(v, "by")), "end": w.date(_text(v, "end"))},
    "objective_nothing_planned": lambda w, v: w.gettext("Nothing on this year's plan moves it yet."),
    "objective_milestones_planned": lambda w, v: w.ngettext(
        "%(count)s use case on this plan serves it, adopted by %(end)s.",
        "%(count)s use cases on this plan serve it, all adopted by %(end)s.", _int(v, "count")) % {
        "count": w.number(_int(v, "count")), "end": w.date(_text(v, "end"))},
    "objective_waits": lambda w, v: w.gettext(
        "Out of this year's reach: the use cases that serve it wait for later (%(titles)s).") % {
        "titles": w.listing(_list(v, "titles"))},
    "objective_not_offered": lambda w, v: w.gettext(
        "Out of this year's reach: no use case offered to your departments serves it yet. Your CSM will "
        "propose how to get there."),
}
