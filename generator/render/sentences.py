"""The plan's notes as sentences: one function per note code, each through the reader's catalog.

Every sentence is a gettext message (``make messages`` extracts them), with its values
formatted by :class:`~.words.Words` in the reader's locale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from babel.numbers import format_percent

from ..plan.models import NoteValue

if TYPE_CHECKING:  # words.py imports this module to say its notes
    from .words import Words


Values = dict[str, NoteValue]


def _text(values: Values, key: str) -> str:
    return str(values[key])


def _int(values: Values, key: str) -> int:
    value = values[key]
    assert isinstance(value, (int, float))
    return int(value)


def _list(values: Values, key: str) -> list[str]:
    value = values[key]
    assert isinstance(value, list)
    return [str(v) for v in value]


def _records(values: Values, key: str) -> list[dict[str, str]]:
    value = values[key]
    assert isinstance(value, list)
    return [v for v in value if isinstance(v, dict)]


def _prerequisite(w: Words, p: dict[str, str]) -> str:
    if p["state"] == "adopted":
        return w.gettext("%(title)s (adopted)") % {"title": p["title"]}
    if p["state"] == "planned":
        return w.gettext("%(title)s (planned to be adopted by %(date)s)") % {"title": p["title"],
                                                                           "date": w.date(p["by"])}
    return w.gettext("%(title)s (not adopted yet)") % {"title": p["title"]}


def _builds_on(w: Words, v: Values) -> str:
    return w.gettext("Builds on %(prerequisites)s.") % {
        "prerequisites": w.listing([_prerequisite(w, p) for p in _records(v, "prerequisites")])}


def _person(w: Words, p: dict[str, str]) -> str:
    return w.gettext("%(name)s (%(title)s)") % {"name": p["name"], "title": p["title"]}


def _who(w: Words, v: Values) -> str:
    name = _text(v, "who_name")
    return _person(w, {"name": name, "title": _text(v, "who_title")}) if name else _text(v, "who_title")


def _owner_gap(w: Words, v: Values) -> str:
    return w.gettext("Owned by %(owners)s; %(active)s of %(headcount)s people in %(department)s are active today "
                     "(%(share)s).") % {
        "owners": w.listing([_person(w, p) for p in _records(v, "owners")]), "active": w.number(_int(v, "active")),
        "headcount": w.number(_int(v, "headcount")), "department": _text(v, "department"),
        "share": w.percent(_int(v, "active"), _int(v, "headcount"))}


def _reaches_everyone(w: Words, v: Values) -> str:
    return w.gettext("Reaches every licensed seat: %(active)s of %(licensed)s are active today (%(share)s).") % {
        "active": w.number(_int(v, "active")), "licensed": w.number(_int(v, "licensed")),
        "share": w.percent(_int(v, "active"), _int(v, "licensed"))}


def _unlocks(w: Words, v: Values) -> str:
    titles = _list(v, "titles")
    return w.ngettext("Unlocks %(count)s more use case: %(titles)s.", "Unlocks %(count)s more use cases: %(titles)s.",
                      len(titles)) % {"count": w.number(len(titles)), "titles": w.listing(titles)}


def _waits_for_department(w: Words, v: Values) -> str:
    names = [w.gettext("%(title)s (%(department)s)") % r for r in _records(v, "use_cases")]
    _more(w, names, _int(v, "more"))
    return w.gettext("Waits for %(use_cases)s, not offered to this account today.") % {"use_cases": w.listing(names)}


def _adoption_slowed(w: Words, v: Values) -> str:
    quarters, per_quarter = _int(v, "quarters"), _int(v, "per_quarter")
    return w.ngettext(
        "Adoption has slowed: bringing the teams back to the workspace comes first. The next quarter starts at most "
        "%(per_quarter)s new use case, and the pace steps up only once recovery is confirmed at a QBR.",
        "Adoption has slowed: bringing the teams back to the workspace comes first. The next %(quarters)s quarters "
        "start at most %(per_quarter)s new use cases each, and the pace steps up only once recovery is confirmed at "
        "a QBR.", quarters) % {"quarters": w.number(quarters), "per_quarter": w.number(per_quarter)}


def _seats_removed(w: Words, v: Values) -> str:
    seats = _int(v, "seats")
    share = v["share"]
    assert isinstance(share, (int, float))
    return w.ngettext("%(seats)s seat was removed in the last 30 days (%(share)s of licensed seats).",
                      "%(seats)s seats were removed in the last 30 days (%(share)s of licensed seats).", seats) % {
        "seats": w.number(seats), "share": format_percent(share, "#,##0.0%", locale=w.locale)}


def _onboarding_behind(w: Words, v: Values) -> str:
    steps = _int(v, "steps")
    return w.ngettext(
        "Onboarding is %(done)s done on day %(day)s; %(steps)s more step is needed to reach %(target)s by day "
        "%(by_day)s.",
        "Onboarding is %(done)s done on day %(day)s; %(steps)s more steps are needed to reach %(target)s by day "
        "%(by_day)s.", steps) % {
        "done": w.percent(_int(v, "done_pct"), 100), "day": w.number(_int(v, "day")), "steps": w.number(steps),
        "target": w.percent(_int(v, "target_pct"), 100), "by_day": w.number(_int(v, "by_day"))}


def _waiting_for_departments(w: Words, v: Values) -> str:
    titles = _list(v, "titles")
    if _int(v, "more"):
        titles.append(w.gettext("others"))
    count = _int(v, "count")
    return w.ngettext("%(count)s use case waits for a department this account does not have yet: %(titles)s.",
                      "%(count)s use cases wait for a department this account does not have yet: %(titles)s.",
                      count) % {"count": w.number(count), "titles": w.listing(titles)}


def _confirm_council(w: Words, v: Values) -> str:
    departments = _int(v, "departments")
    return w.ngettext("Confirm the council and name %(champions)s champions across %(departments)s department.",
                      "Confirm the council and name %(champions)s champions across %(departments)s departments.",
                      departments) % {"champions": w.number(_int(v, "champions")),
                                      "departments": w.number(departments)}


def _close_onboarding_gap(w: Words, v: Values) -> str:
    steps = _int(v, "steps")
    return w.ngettext("Close the onboarding gap: %(steps)s more step to reach %(target)s by day %(by_day)s.",
                      "Close the onboarding gap: %(steps)s more steps to reach %(target)s by day %(by_day)s.",
                      steps) % {"steps": w.number(steps), "target": w.percent(_int(v, "target_pct"), 100),
                                "by_day": w.number(_int(v, "by_day"))}


def _opens_wave(w: Words, v: Values, largest: bool) -> str:
    inactive = _int(v, "inactive")
    values = {"department": _text(v, "department"), "inactive": w.number(inactive)}
    if largest:
        return w.ngettext(
            "Opens the %(department)s wave: %(inactive)s person there does not use the workspace yet, the most of "
            "the departments still to start.",
            "Opens the %(department)s wave: %(inactive)s people there do not use the workspace yet, the most of "
            "the departments still to start.", inactive) % values
    return w.ngettext("Opens the %(department)s wave: %(inactive)s person there does not use the workspace yet.",
                      "Opens the %(department)s wave: %(inactive)s people there do not use the workspace yet.",
                      inactive) % values


def _more(w: Words, names: list[str], more: int) -> list[str]:
    if more:
        names.append(w.ngettext("%(count)s more", "%(count)s more", more) % {"count": w.number(more)})
    return names


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


def _next_departments(w: Words, v: Values) -> str:
    return w.gettext("Prepare the next wave: bring %(departments)s into the workspace; use cases in the backlog "
                     "wait for them.") % {"departments": w.listing(_more(w, _list(v, "departments"),
                                                                              _int(v, "more")))}


def _new_hires(w: Words, v: Values) -> str:
    sessions = _int(v, "sessions")
    return w.ngettext("Bring new joiners up to speed: %(count)s new-hire session this quarter.",
                      "Bring new joiners up to speed: %(count)s new-hire sessions this quarter.", sessions) % {
        "count": w.number(sessions)}


def _wave_lead(w: Words, v: Values) -> str:
    quarter = _int(v, "quarter")
    if quarter == 0:
        return w.gettext("Department lead, wave before the QBR")
    return w.gettext("Department lead, wave from quarter %(quarter)s") % {"quarter": w.number(quarter)}


SENTENCES: dict[str, Callable[[Words, Values], str]] = {
    "carried_over": lambda w, v: w.gettext(
        "Agreed at the last QBR to be adopted by %(date)s and not done yet, so it comes first.") % {
        "date": w.date(_text(v, "by"))},
    "finish_pilot": lambda w, v: w.gettext(
        "Already in pilot: finish it before starting anything new, so the team sees it through."),
    "foundation": lambda w, v: w.gettext(
        "Foundation: company-wide documentation and the wiki come first, because every department builds on them."),
    "builds_on": _builds_on,
    "needs_nothing": lambda w, v: w.gettext("Needs nothing else first."),
    "opens_wave": lambda w, v: _opens_wave(w, v, largest=True),
    "opens_wave_next": lambda w, v: _opens_wave(w, v, largest=False),
    "deepens": lambda w, v: w.gettext("Deepens %(department)s, which already works in the workspace.") % v,
    "owner_gap": _owner_gap,
    "reaches_everyone": _reaches_everyone,
    "unlocks": _unlocks,
    "retires": lambda w, v: w.gettext("Can retire %(tools)s, which the account uses today.") % {
        "tools": w.listing(_list(v, "tools"))},
    "sets_up": lambda w, v: w.gettext("Sets up %(integrations)s early.") % {
        "integrations": w.listing(_list(v, "integrations"))},
    "integrations_predict_retention": lambda w, v: w.gettext(
        "Integrations set up early predict retention."),
    "value_rating": lambda w, v: w.gettext("Enablement rates its value %(value)s of 5.") % {
        "value": w.number(_int(v, "value"))},
    "waits_for_department": _waits_for_department,
    "needs_first": lambda w, v: w.gettext("Needs %(titles)s first.") % {"titles": w.listing(_list(v, "titles"))},
    "ready_later": lambda w, v: w.gettext("Ready to start; waits for room in a later quarter."),
    "theme_consolidate": lambda w, v: w.gettext("Consolidate: embed what is live"),
    "theme_foundation": lambda w, v: w.gettext("Foundation: company docs and wiki"),
    "theme_departments": lambda w, v: w.listing(_list(v, "departments")),
    "adoption_slowed": _adoption_slowed,
    "health_below_threshold": lambda w, v: w.gettext(
        "Health score %(score)s is below the playbook's %(threshold)s threshold.") % {
        "score": w.number(_int(v, "score")), "threshold": w.number(_int(v, "threshold"))},
    "seats_removed": _seats_removed,
    "seat_alert": lambda w, v: w.gettext("The playbook's seat-loss alert is at %(alert)s.") % {
        "alert": w.percent(_int(v, "alert_pct"), 100)},
    "low_activation": lambda w, v: w.gettext(
        "Only %(active)s of %(licensed)s licensed seats are active (%(share)s); group sessions and champions "
        "should reach the rest.") % {"active": w.number(_int(v, "active")), "licensed": w.number(_int(v, "licensed")),
                                     "share": w.percent(_int(v, "active"), _int(v, "licensed"))},
    "onboarding_behind": _onboarding_behind,
    "waiting_for_departments": _waiting_for_departments,
    "nothing_new": lambda w, v: w.gettext(
        "Nothing new can start this year: every offered use case is adopted or waits for a prerequisite."),
    "agree_first_quarter": lambda w, v: w.gettext("Agree on the first quarter: %(titles)s.") % {
        "titles": w.listing(_list(v, "titles"))},
    "agree_embed": lambda w, v: w.gettext("Agree on how to embed what is live before anything new starts."),
    "agree_reengagement": lambda w, v: w.gettext(
        "Agree on how to bring the teams back to the workspace before anything new starts."),
    "close_onboarding_gap": _close_onboarding_gap,
    "confirm_council": _confirm_council,
    "agree_retire": lambda w, v: w.gettext(
        "Agree to switch off %(tools)s on %(date)s, once %(title)s is adopted (planned by %(adopted)s).") % {
        "tools": w.listing(_list(v, "tools")), "title": _text(v, "title"), "date": w.date(_text(v, "by")),
        "adopted": w.date(_text(v, "adopted"))},
    "name_owners": lambda w, v: w.gettext("Name owners for next quarter's wave: %(departments)s.") % {
        "departments": w.listing(_list(v, "departments"))},
    "choose_next_department": lambda w, v: w.gettext("Choose the next department to bring into the workspace."),
    "dept_executive": lambda w, v: w.gettext("Executive"),
    "dept_administration": lambda w, v: w.gettext("Workspace administration"),
    "dept_named": lambda w, v: _text(v, "department"),
    "role_named": lambda w, v: _text(v, "role"),
    "role_wave_lead": _wave_lead,
    "role_department_head": lambda w, v: w.gettext("Department head"),
    "role_chair": lambda w, v: w.gettext("Chair"),
    "after_recovery": lambda w, v: w.gettext("Starts once recovery is confirmed at the QBR on %(date)s.") % {
        "date": w.date(_text(v, "qbr"))},
    "qbr_passed": lambda w, v: w.gettext(
        "The QBR date on file (%(given)s) has passed; this plan assumes the next one, on %(assumed)s. Confirm the "
        "date before sharing it.") % {"given": w.date(_text(v, "given")), "assumed": w.date(_text(v, "assumed"))},
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
    "lead_prepare_qbr": lambda w, v: w.gettext(
        "Prepare the QBR on %(date)s with %(who)s: review this plan and agree on its first quarter.") % {
        "date": w.date(_text(v, "qbr")), "who": _who(w, v)},
    "recover_active": lambda w, v: w.gettext("Active seats back to at least %(target)s (%(today)s today).") % {
        "target": w.number(_int(v, "target")), "today": w.number(_int(v, "today"))},
    "recover_seats": lambda w, v: w.gettext("No further seats removed."),
    "recover_health": lambda w, v: w.gettext("Health score at or above %(threshold)s (%(score)s today).") % {
        "threshold": w.number(_int(v, "threshold")), "score": w.number(_int(v, "score"))},
}
