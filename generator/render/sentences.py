"""The plan's notes as sentences: one function per note code, each through the reader's catalog.

Every sentence is a gettext message (``make messages`` extracts them), with its values
formatted by :class:`~.words.Words` in the reader's locale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from babel.numbers import format_percent

from .note_values import Values, _int, _list, _more, _person, _records, _text, _who
from .objective_sentences import OBJECTIVE
from .renewal_sentences import RENEWAL
from .year_sentences import YEAR

if TYPE_CHECKING:  # words.py imports this module to say its notes
    from .words import Words


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


def _deepens(w: Words, v: Values) -> str:
    active = _int(v, "active") if "active" in v else 0  # plans before 4 name no people
    if not active:
        return w.gettext("Builds on what %(department)s already does in the workspace.") % {
            "department": _text(v, "department")}
    return w.ngettext("Builds on the %(count)s person in %(department)s who already works in the workspace.",
                      "Builds on the %(count)s people in %(department)s who already work in the workspace.",
                      active) % {"count": w.number(active), "department": _text(v, "department")}


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
    return w.per(w.ngettext(
        "Adoption has slowed: bringing the teams back to the workspace comes first. The next quarter starts at most "
        "%(per_quarter)s new use case, and the pace steps up only once recovery is confirmed at a QBR.",
        "Adoption has slowed: bringing the teams back to the workspace comes first. The next %(quarters)s quarters "
        "start at most %(per_quarter)s new use cases each, and the pace steps up only once recovery is confirmed at "
        "a QBR.", quarters), w.ngettext(
        "Adoption has slowed: bringing the teams back to the workspace comes first. The next half-year starts at "
        "most %(per_quarter)s new use case, and the pace steps up only once recovery is confirmed at a QBR.",
        "Adoption has slowed: bringing the teams back to the workspace comes first. The next %(quarters)s half-years "
        "start at most %(per_quarter)s new use cases each, and the pace steps up only once recovery is confirmed at "
        "a QBR.", quarters), w.ngettext(
        "Adoption has slowed: bringing the teams back to the workspace comes first. The next period starts at most "
        "%(per_quarter)s new use case, and the pace steps up only once recovery is confirmed at a QBR.",
        "Adoption has slowed: bringing the teams back to the workspace comes first. The next %(quarters)s periods "
        "start at most %(per_quarter)s new use cases each, and the pace steps up only once recovery is confirmed at "
        "a QBR.", quarters)) % {"quarters": w.number(quarters), "per_quarter": w.number(per_quarter)}


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


def _theme(w: Words, v: Values) -> str:
    """A quarter's heading: its parts in a fixed order, each only when the quarter has it."""
    parts = []
    if _list(v, "foundation"):
        parts.append(w.gettext("Foundation: %(titles)s") % {"titles": w.listing(_list(v, "foundation"))})
    if _list(v, "opens"):
        parts.append(w.gettext("Opens %(departments)s") % {"departments": w.listing(_list(v, "opens"))})
    if _list(v, "deepens"):
        parts.append(w.gettext("Deepens %(departments)s") % {"departments": w.listing(_list(v, "deepens"))})
    if _list(v, "company"):
        parts.append(w.gettext("Company-wide work"))
    if _list(v, "admin"):
        parts.append(w.gettext("Admin setup"))
    if v.get("lead"):  # another quarter would read the same: the first use case it starts tells them apart
        parts.append(w.gettext("starting with %(title)s") % {"title": _text(v, "lead")})
    return w.sep.join(parts)


def _wave_lead(w: Words, v: Values) -> str:
    quarter = _int(v, "quarter")
    if quarter == 0:
        return w.gettext("Department lead, wave before the QBR")
    return w.per(w.gettext("Department lead, wave from quarter %(quarter)s"),
                 w.gettext("Department lead, wave from half-year %(quarter)s"),
                 w.gettext("Department lead, wave from period %(quarter)s")) % {"quarter": w.number(quarter)}


SENTENCES: dict[str, Callable[[Words, Values], str]] = {
    "finish_pilot": lambda w, v: w.gettext(
        "Already in pilot: finish it before starting anything new, so the team sees it through."),
    "foundation": lambda w, v: w.gettext(
        "Foundation: company-wide documentation and the wiki come first, because every department builds on them."),
    "regulated_first": lambda w, v: w.gettext(
        "Comes first: the rules your organisation works under want sign-in and audit controls in place before more "
        "work moves here."),
    "builds_on": _builds_on,
    "needs_nothing": lambda w, v: w.gettext("Needs nothing else first."),
    "opens_wave": lambda w, v: _opens_wave(w, v, largest=True),
    "opens_wave_next": lambda w, v: _opens_wave(w, v, largest=False),
    "deepens": _deepens,
    "continues_wave": lambda w, v: w.gettext("Continues the %(department)s wave that %(title)s opens.") % v,
    "admin_track": lambda w, v: w.gettext(
        "Set up early on the workspace admin track by %(who)s; it needs no department wave.") % {"who": _who(w, v)},
    "owner_gap": _owner_gap,
    "reaches_everyone": _reaches_everyone,
    "unlocks": _unlocks,
    "retires": lambda w, v: w.gettext("Can retire %(tools)s, which the account uses today.") % {
        "tools": w.listing(_list(v, "tools"))},
    "tool_stays": lambda w, v: w.gettext("%(tool)s stays for now: no replacement is planned yet for "
                                         "%(departments)s.") % {
        "tool": _text(v, "tool"), "departments": w.listing(_list(v, "departments"))},
    "tool_waits": lambda w, v: w.gettext("%(tool)s stays until its other work moves here too: %(titles)s.") % {
        "tool": _text(v, "tool"), "titles": w.listing(_more(w, _list(v, "titles"), _int(v, "more")))},
    "sets_up": lambda w, v: w.gettext("Sets up %(integrations)s early.") % {
        "integrations": w.listing(_list(v, "integrations"))},
    "connects_yours": lambda w, v: w.gettext(
        "Connects with %(tools)s: tell your CSM which one you use, so that it is set up early.") % {
        "tools": w.listing(_list(v, "tools"))},
    "integrations_predict_retention": lambda w, v: w.gettext(
        "Integrations set up early predict retention."),
    "value_rating": lambda w, v: w.gettext("Enablement rates its value %(value)s of 5.") % {
        "value": w.number(_int(v, "value"))},
    "waits_for_department": _waits_for_department,
    "needs_first": lambda w, v: w.gettext("Needs %(titles)s first.") % {"titles": w.listing(_list(v, "titles"))},
    "needs_tool": lambda w, v: w.gettext("Needs a tool the account does not list yet: %(groups)s.") % {
        "groups": w.listing(_list(v, "groups"))},
    "ready_later": lambda w, v: w.per(w.gettext("Ready to start; waits for room in a later quarter."),
                                      w.gettext("Ready to start; waits for room in a later half-year."),
                                      w.gettext("Ready to start; waits for room in a later period.")),
    "theme_consolidate": lambda w, v: w.gettext("Consolidate: embed what is live"),
    "theme_quarter": _theme,
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
    "agree_first_quarter": lambda w, v: w.per(w.gettext("Agree on the first quarter: %(titles)s."),
                                              w.gettext("Agree on the first half-year: %(titles)s."),
                                              w.gettext("Agree on the first period: %(titles)s.")) % {
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
    "name_owners": lambda w, v: w.per(w.gettext("Name owners for next quarter's wave: %(departments)s."),
                                      w.gettext("Name owners for the next half-year's wave: %(departments)s."),
                                      w.gettext("Name owners for the next period's wave: %(departments)s.")) % {
        "departments": w.listing(_list(v, "departments"))},
    "confirm_owners": lambda w, v: w.per(w.gettext("Confirm who leads next quarter's wave: %(owners)s."),
                                         w.gettext("Confirm who leads the next half-year's wave: %(owners)s."),
                                         w.gettext("Confirm who leads the next period's wave: %(owners)s.")) % {
        "owners": w.listing([w.gettext("%(name)s for %(department)s") % r for r in _records(v, "owners")])},
    "choose_next_department": lambda w, v: w.gettext("Choose the next department to bring into the workspace."),
    "agree_next_improvement": lambda w, v: w.gettext(
        "Every department works in the workspace: agree what each improves next, starting with %(departments)s.") % {
        "departments": w.listing(_list(v, "departments"))},
    "dept_executive": lambda w, v: w.gettext("Executive"),
    "dept_administration": lambda w, v: w.gettext("Workspace administration"),
    "dept_named": lambda w, v: _text(v, "department"),
    "role_named": lambda w, v: _text(v, "role"),
    "role_sponsor": lambda w, v: w.gettext("Executive sponsor"),
    "role_admin_lead": lambda w, v: w.gettext("Workspace admin lead"),
    "role_wave_lead": _wave_lead,
    "role_department_head": lambda w, v: w.gettext("Department head"),
    "role_chair": lambda w, v: w.gettext("Chair"),
    **YEAR,
    **RENEWAL,
    **OBJECTIVE,
}
