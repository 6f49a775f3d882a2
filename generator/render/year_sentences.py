"""Sentences about the year around the use cases: dates to check, the lead-in, motions, recovery and the
CSM's own decisions. Each is a gettext message worded in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .note_values import Values, _int, _list, _more, _records, _text, _who

if TYPE_CHECKING:  # words.py imports the sentences, which import this module
    from .words import Words


def _deepen(w: Words, v: Values) -> str:
    rows = [w.gettext("%(department)s to %(active)s of %(headcount)s people") % {
        "department": r["department"], "active": w.number(int(r["active"])), "headcount": w.number(int(r["headcount"]))}
        for r in _records(v, "departments")]
    return w.gettext("Grow active use where the workspace is live: %(departments)s.") % {
        "departments": w.listing(_more(w, rows, _int(v, "more")))}


def _retire_tools(w: Words, v: Values) -> str:
    tools = [w.gettext("%(tool)s on %(date)s") % {"tool": r["tool"], "date": w.date(r["by"])}
             for r in _records(v, "tools")]
    return w.gettext("Switch off %(tools)s, once their replacements are adopted.") % {"tools": w.listing(tools)}


def _lead_onboarding(w: Words, v: Values) -> str:
    count = _int(v, "count")
    return w.ngettext("%(count)s onboarding step is due before the QBR, on the way to %(target)s by %(date)s.",
                      "%(count)s onboarding steps are due before the QBR, on the way to %(target)s by %(date)s.",
                      count) % {"count": w.number(count), "target": w.percent(_int(v, "target_pct"), 100),
                                "date": w.date(_text(v, "by"))}


def _lead_trainers(w: Words, v: Values) -> str:
    count = _int(v, "count")
    return w.ngettext("%(count)s train-the-trainer session before the QBR, for %(departments)s.",
                      "%(count)s train-the-trainer sessions before the QBR, for %(departments)s.", count) % {
        "count": w.number(count), "departments": w.listing(_list(v, "departments"))}


def _lead_restarts(w: Words, v: Values) -> str:
    count = _int(v, "count")
    return w.ngettext("%(count)s champions' restart session before the QBR, for %(departments)s.",
                      "%(count)s champions' restart sessions before the QBR, for %(departments)s.", count) % {
        "count": w.number(count), "departments": w.listing(_list(v, "departments"))}


def _next_departments(w: Words, v: Values) -> str:
    teams = w.listing(_more(w, _list(v, "departments"), _int(v, "more")))
    return w.gettext("Use cases in the backlog wait for teams this plan does not list (%(departments)s): where you "
                     "have them, they can be the next wave.") % {"departments": teams}


def _new_hires(w: Words, v: Values) -> str:
    sessions = _int(v, "sessions")
    if "dates" in v:  # dated since plan.json 4
        return w.ngettext("Bring new joiners up to speed: a new-hire session on %(dates)s.",
                          "Bring new joiners up to speed: new-hire sessions on %(dates)s.", sessions) % {
            "dates": w.listing([w.date(d) for d in _list(v, "dates")])}
    return w.per(w.ngettext("Bring new joiners up to speed: %(count)s new-hire session this quarter.",
                            "Bring new joiners up to speed: %(count)s new-hire sessions this quarter.", sessions),
                 w.ngettext("Bring new joiners up to speed: %(count)s new-hire session this half-year.",
                            "Bring new joiners up to speed: %(count)s new-hire sessions this half-year.", sessions),
                 w.ngettext("Bring new joiners up to speed: %(count)s new-hire session this period.",
                            "Bring new joiners up to speed: %(count)s new-hire sessions this period.", sessions)) % {
        "count": w.number(sessions)}


def _metrics_review_of(w: Words, v: Values) -> str:
    return w.gettext("Review the success metrics of the live use cases in %(departments)s with their owners, and "
                     "retrain any team that has fallen behind.") % {
        "departments": w.listing(_more(w, _list(v, "departments"), _int(v, "more")))}


def _advocacy(w: Words, v: Values) -> str:
    who = _who(w, v)
    asks = {
        "reference_call": w.gettext("Ask %(who)s for a reference call with a peer who is considering the workspace."),
        "case_study": w.gettext("Ask %(who)s for a case study of the year's results, written with your teams."),
        "community_talk": w.gettext("With %(who)s, invite a champion to tell the user community how your teams "
                                    "work."),
        "product_review": w.gettext("Ask %(who)s whether the teams would write a public review of the workspace."),
        "advisory_board": w.gettext("Invite %(who)s to the customer advisory board, to shape what the workspace "
                                    "does next."),
    }
    return asks[_text(v, "ask")] % {"who": who}


def _ask_title(w: Words, ask: str) -> str:
    return {"reference_call": w.gettext("Reference call"), "case_study": w.gettext("Case study"),
            "community_talk": w.gettext("Community talk"), "product_review": w.gettext("Public review"),
            "advisory_board": w.gettext("Advisory board")}[ask]


def _upkeep_theme(w: Words, v: Values) -> str:
    """A quarter without new use cases, headed by its own work: whose metrics, the renewal, an ask."""
    parts = []
    if v.get("renewal"):
        parts.append(w.gettext("Renewal"))
    if v.get("year_review"):
        parts.append(w.gettext("Year review"))
    if _list(v, "departments"):
        parts.append(w.gettext("Embed what is live in %(departments)s") % {
            "departments": w.listing(_more(w, _list(v, "departments"), _int(v, "more")))})
    if _text(v, "ask"):
        parts.append(_ask_title(w, _text(v, "ask")))
    return w.sep.join(parts)


def _qbr_moved(w: Words, v: Values) -> str:
    values = {"given": w.date(_text(v, "given")), "moved": w.date(_text(v, "moved")), "holiday": _text(v, "holiday")}
    why = _text(v, "why")
    if why == "weekend":
        return w.gettext("The QBR date on file (%(given)s) falls on a weekend; this plan moves it to the next working "
                         "day, %(moved)s, which is to be confirmed.") % values
    if why == "quiet":
        return w.gettext("The QBR date on file (%(given)s) falls in the holiday period; this plan moves it to "
                         "%(moved)s, which is to be confirmed.") % values
    return w.gettext("The QBR date on file (%(given)s) is a public holiday (%(holiday)s); this plan moves it to the "
                     "next working day, %(moved)s, which is to be confirmed.") % values


YEAR: dict[str, Callable[[Words, Values], str]] = {
    "csm_pinned": lambda w, v: w.per(
        w.gettext("Scheduled for quarter %(quarter)s as agreed with your CSM: %(reason)s"),
        w.gettext("Scheduled for half-year %(quarter)s as agreed with your CSM: %(reason)s"),
        w.gettext("Scheduled for period %(quarter)s as agreed with your CSM: %(reason)s")) % {
        "quarter": w.number(_int(v, "quarter")), "reason": _text(v, "reason")},
    "csm_deferred": lambda w, v: w.gettext("Not before %(date)s, as agreed with your CSM: %(reason)s") % {
        "date": w.date(_text(v, "until")), "reason": _text(v, "reason")},
    "deferral_passed": lambda w, v: w.gettext(
        "The decision not to start %(title)s before %(date)s has ended: it is planned as any other use case now, "
        "and the decision can be removed from the account file.") % {
        "title": _text(v, "title"), "date": w.date(_text(v, "until"))},
    "csm_skipped": lambda w, v: w.gettext("Left out of this plan, as agreed with your CSM: %(reason)s") % {
        "reason": _text(v, "reason")},
    "pin_unmet_prerequisite": lambda w, v: w.gettext(
        "%(title)s cannot start in quarter %(quarter)s: %(prerequisite)s, which it needs, is not planned by then; "
        "pin that first, or choose a later quarter.") % {
        "title": _text(v, "title"), "quarter": w.number(_int(v, "quarter")), "prerequisite": _text(v, "prerequisite")},
    "pin_unmet_late": lambda w, v: w.gettext(
        "%(title)s cannot be done within quarter %(quarter)s: it would end on %(end)s, after that quarter's QBR on "
        "%(qbr)s; choose a later quarter.") % {
        "title": _text(v, "title"), "quarter": w.number(_int(v, "quarter")), "end": w.date(_text(v, "end")),
        "qbr": w.date(_text(v, "qbr"))},
    "pin_unmet_beyond": lambda w, v: w.gettext(
        "%(title)s is pinned to quarter %(quarter)s, but this plan has %(quarters)s quarters.") % {
        "title": _text(v, "title"), "quarter": w.number(_int(v, "quarter")), "quarters": w.number(_int(v, "quarters"))},
    "carried_over": lambda w, v: w.gettext(
        "Agreed at the last QBR to be adopted by %(date)s and not done yet, so it comes first.") % {
        "date": w.date(_text(v, "by"))},
    "after_recovery": lambda w, v: w.gettext("Starts once recovery is confirmed at the QBR on %(date)s.") % {
        "date": w.date(_text(v, "qbr"))},
    "qbr_passed": lambda w, v: w.gettext(
        "The QBR date on file (%(given)s) has passed; this plan rebooks it for %(assumed)s, which is "
        "to be confirmed.") % {"given": w.date(_text(v, "given")), "assumed": w.date(_text(v, "assumed"))},
    "qbr_moved": _qbr_moved,
    "contract_not_started": lambda w, v: w.gettext(
        "The contract starts on %(date)s: onboarding begins then, and no work is planned before it.") % {
        "date": w.date(_text(v, "start"))},
    "qbr_before_contract": lambda w, v: w.gettext(
        "The QBR on %(qbr)s comes before the contract starts on %(start)s.") % {
        "qbr": w.date(_text(v, "qbr")), "start": w.date(_text(v, "start"))},
    "motion_recovery_check": lambda w, v: w.gettext(
        "At the QBR on %(date)s, check the recovery signals: new use cases pick up pace only once they are met.") % {
        "date": w.date(_text(v, "qbr"))},
    "motion_deepen": _deepen,
    "motion_grow_seats": lambda w, v: w.gettext("Grow active use to %(active)s of %(licensed)s licensed seats.") % {
        "active": w.number(_int(v, "active")), "licensed": w.number(_int(v, "licensed"))},
    "motion_retire": _retire_tools,
    "motion_renewal": lambda w, v: w.gettext(
        "Prepare the renewal on %(renewal)s with %(who)s, starting by %(start)s with a value review: adoption, tools "
        "switched off and success metrics against this plan.") % {
        "renewal": w.date(_text(v, "renewal")), "who": _who(w, v), "start": w.date(_text(v, "start"))},
    "motion_value_review": lambda w, v: w.gettext(
        "Value review of the year with %(who)s: adoption, tools switched off and success metrics against this plan, "
        "and the goals for the next.") % {"who": _who(w, v)},
    "motion_next_departments": _next_departments,
    "motion_champions": lambda w, v: w.gettext(
        "Refresh the champion network: check that every department still has its champions (%(count)s in all), and "
        "give them a session on what is new in the workspace.") % {"count": w.number(_int(v, "champions"))},
    "motion_new_hires": _new_hires,
    "motion_metrics_review_of": _metrics_review_of,
    "motion_advocacy": _advocacy,
    "theme_upkeep": _upkeep_theme,
    "motion_metrics_review": lambda w, v: w.gettext(
        "Review the success metrics of every live use case with its owner, and retrain any team that has fallen "
        "behind."),
    "lead_contract_starts": lambda w, v: w.gettext("The contract starts on %(date)s; onboarding begins that day.") % {
        "date": w.date(_text(v, "start"))},
    "lead_onboarding_steps": _lead_onboarding,
    "lead_renewal": lambda w, v: w.gettext(
        "The contract renews on %(renewal)s, before the QBR: confirm the renewal with %(who)s first.") % {
        "renewal": w.date(_text(v, "renewal")), "who": _who(w, v)},
    "lead_trainer_sessions": _lead_trainers,
    "lead_restart_sessions": _lead_restarts,
    "lead_prepare_qbr": lambda w, v: w.per(
        w.gettext("Prepare the QBR on %(date)s with %(who)s: review this plan and agree on its first quarter."),
        w.gettext("Prepare the QBR on %(date)s with %(who)s: review this plan and agree on its first half-year."),
        w.gettext("Prepare the QBR on %(date)s with %(who)s: review this plan and agree on its first period.")) % {
        "date": w.date(_text(v, "qbr")), "who": _who(w, v)},
    "recover_active": lambda w, v: w.gettext("Active seats back to at least %(target)s (%(today)s today).") % {
        "target": w.number(_int(v, "target")), "today": w.number(_int(v, "today"))},
    "recover_seats": lambda w, v: w.gettext("No further seats removed."),
    "recover_health": lambda w, v: w.gettext("Health score at or above %(threshold)s (%(score)s today).") % {
        "threshold": w.number(_int(v, "threshold")), "score": w.number(_int(v, "score"))},
}
