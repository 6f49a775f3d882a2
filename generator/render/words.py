"""Words for a reader: the plan's notes as sentences, and dates, numbers and lists, in one locale.

Sentences come from gettext catalogs (``generator/locale/<lang>/LC_MESSAGES/messages.po``,
English being the source); dates, numbers, percentages and lists from Babel's CLDR data.
A document uses one date style throughout: the locale's medium date.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import io
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib.resources import files

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from ..plan.models import Note, NoteValue

DOMAIN = "messages"


@lru_cache(maxsize=16)
def translations(language: str) -> gettext_module.NullTranslations:
    """The catalog for a language, compiled from its .po file in memory; English words where there is none."""
    po = files("generator") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return gettext_module.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def available_languages() -> list[str]:
    """Languages with a catalog, English (the source language) first."""
    root = files("generator") / "locale"
    found = sorted(p.name for p in root.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    return ["en", *[lang for lang in found if lang != "en"]]


class Words:
    """Everything a document says, in the account's locale (``en-US``, ``de-DE``, ``ja``)."""

    def __init__(self, locale: str):
        try:
            self.locale = Locale.parse(locale.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            self.locale = Locale.parse("en_US")
        self.language = self.locale.language
        catalog = translations(self.language)
        # 'A, B and C' is part of the sentence: without a catalog the sentences are English, and so are their lists.
        self.sentence_locale = self.locale if isinstance(catalog, gettext_module.GNUTranslations) else \
            Locale.parse("en_US" if self.locale.territory == "US" else "en_GB")
        self.gettext: Callable[[str], str] = catalog.gettext
        self.ngettext: Callable[[str, str, int], str] = catalog.ngettext

    # --- values ---------------------------------------------------------------------

    def date(self, day: dt.date | str) -> str:
        """A date in the document's one style: the locale's medium date (Jan 15, 2027; 15.01.2027; 2027/01/15)."""
        return format_date(dt.date.fromisoformat(day) if isinstance(day, str) else day, "medium", locale=self.locale)

    def month(self, day: dt.date, *, with_year: bool = False) -> str:
        """A month for the timeline's ticks; the first tick and every January show the year."""
        return format_skeleton("yMMM" if with_year or day.month == 1 else "MMM", day, locale=self.locale)

    def number(self, value: float) -> str:
        """A number with the locale's grouping; whole numbers without decimals."""
        return format_decimal(value, "#,##0" if float(value).is_integer() else "#,##0.0", locale=self.locale)

    def percent(self, part: float, whole: float = 1.0) -> str:
        """``part`` of ``whole`` as a whole percentage in the locale's form (43%, 43 %)."""
        return format_percent(part / whole if whole else 0, locale=self.locale)

    def listing(self, words: Sequence[str]) -> str:
        """'a', 'a and b', 'a, b and c', in the locale's way."""
        return format_list(list(words), locale=self.sentence_locale) if words else ""

    # --- notes ----------------------------------------------------------------------

    def say(self, note: Note) -> str:
        """The note as a sentence."""
        return _SENTENCES[note.code](self, note.values)

    def say_all(self, notes: Sequence[Note], *, internal: bool = False) -> list[str]:
        """Sentences for the notes meant for this reader: the customer's, or the CSM's (``internal``) too."""
        return [self.say(n) for n in notes if internal or not n.internal]


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


def _owner_gap(w: Words, v: Values) -> str:
    return w.gettext("Owned by %(owner)s (%(title)s); %(active)s of %(headcount)s people in %(department)s are "
                     "active today (%(share)s).") % {
        "owner": _text(v, "owner"), "title": _text(v, "owner_title"), "active": w.number(_int(v, "active")),
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
    more = _int(v, "more")
    if more:
        names.append(w.ngettext("%(count)s more", "%(count)s more", more) % {"count": w.number(more)})
    return w.gettext("Waits for %(use_cases)s, not offered to this account today.") % {"use_cases": w.listing(names)}


def _adoption_slowed(w: Words, v: Values) -> str:
    quarters, per_quarter = _int(v, "quarters"), _int(v, "per_quarter")
    return w.ngettext(
        "Adoption has slowed: bringing the teams back to the workspace comes first, and the next quarter starts "
        "at most %(per_quarter)s new use case.",
        "Adoption has slowed: bringing the teams back to the workspace comes first, and the next %(quarters)s "
        "quarters start at most %(per_quarter)s new use cases each.", quarters) % {
        "quarters": w.number(quarters), "per_quarter": w.number(per_quarter)}


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


_SENTENCES: dict[str, Callable[[Words, Values], str]] = {
    "finish_pilot": lambda w, v: w.gettext(
        "Already in pilot: finish it before starting anything new, so the team sees it through."),
    "foundation": lambda w, v: w.gettext(
        "Foundation: company-wide documentation and the wiki come first, because every department builds on them."),
    "builds_on": _builds_on,
    "needs_nothing": lambda w, v: w.gettext("Needs nothing else first."),
    "opens_wave": lambda w, v: w.gettext(
        "Opens the %(department)s wave: the department with the most to gain among those not yet live.") % v,
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
        "Agree to retire %(tools)s once %(title)s is adopted (planned by %(date)s).") % {
        "tools": w.listing(_list(v, "tools")), "title": _text(v, "title"), "date": w.date(_text(v, "by"))},
    "name_owners": lambda w, v: w.gettext("Name owners for next quarter's wave: %(departments)s.") % {
        "departments": w.listing(_list(v, "departments"))},
    "choose_next_department": lambda w, v: w.gettext("Choose the next department to bring into the workspace."),
    "dept_executive": lambda w, v: w.gettext("Executive"),
    "dept_administration": lambda w, v: w.gettext("Workspace administration"),
    "dept_named": lambda w, v: _text(v, "department"),
    "role_named": lambda w, v: _text(v, "role"),
    "role_wave_lead": lambda w, v: w.gettext("Department lead, wave from quarter %(quarter)s") % {
        "quarter": w.number(_int(v, "quarter"))},
}
