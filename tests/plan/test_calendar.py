"""The working calendar: the holidays are not work, so a stretch of work over them ends later by the quiet days
it crosses, no switch-off falls in them, and no renewal checkpoint is booked on a day already past."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.inputs.playbook_calendar import QuietPeriod
from generator.plan.planner import plan
from generator.plan.workdays import WorkingDays, country_of
from plan.test_planner import AS_OF, PROPERTY, cases

CHRISTMAS = (QuietPeriod(start="12-22", end="01-04"),)
NENMATSU = (QuietPeriod(start="12-29", end="01-03"),)  # 年末年始


@pytest.mark.parametrize(("country", "quiet", "start", "weeks", "end"), [
    # Three weeks from 14 December: 5 work days before the break, 10 after it, none in it.
    ("DE", CHRISTMAS, date(2026, 12, 14), 3, date(2027, 1, 18)),
    ("JP", NENMATSU, date(2026, 12, 14), 3, date(2027, 1, 8)),
    # No quiet period: three calendar weeks, as before; the 4th is a working day (Christmas and New Year's Day
    # are US holidays, which only ever move a date off them).
    ("US", (), date(2026, 12, 14), 3, date(2027, 1, 4)),
    ("DE", CHRISTMAS, date(2026, 6, 1), 2, date(2026, 6, 15)),  # nowhere near the break: unchanged
    ("DE", CHRISTMAS, date(2026, 12, 14), 0, date(2026, 12, 14)),
])
def test_quiet_days_are_not_work(country, quiet, start, weeks, end):
    assert WorkingDays(country, quiet).after(start, weeks * 5) == end


def _sample(shipped, name: str, as_of: date):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
    book = shipped.playbooks[account.segment]
    return account, book, plan(shipped.map, book, account, as_of=as_of)


@pytest.mark.parametrize("name", ["brueckner-maschinenbau", "sakura-logistics", "bayview-dental"])
def test_no_item_of_a_de_jp_or_us_sample_counts_a_quiet_day_as_work(shipped, name):
    _account, book, result = _sample(shipped, name, date(2026, 12, 1))
    quiet = tuple(book.calendar.quiet_periods)
    for item in result.items:
        if item.kind == "start":
            _check_span(shipped.map.use_cases[item.use_case].effort_weeks, quiet, item)


@PROPERTY
@given(cases())
def test_no_working_span_counts_a_quiet_day(case):
    umap, book, account = case
    result = plan(umap, book, account, as_of=AS_OF)
    quiet = tuple(book.calendar.quiet_periods)
    for item in result.items:
        if item.kind == "start":
            _check_span(umap.use_cases[item.use_case].effort_weeks, quiet, item)
    freeze = tuple(book.retirement.quiet_periods) + quiet
    for r in result.retirements:  # never switched off in the change freeze or the holidays
        assert not _quiet_days(freeze, r.by, r.by + timedelta(days=1)), r
    _check_checkpoints(result)


def _check_span(weeks: float, quiet: tuple[QuietPeriod, ...], item) -> None:
    """The span holds the item's weeks in work days: weekdays outside the quiet periods, its start first."""
    work = [d for d in _days(item.start, item.end) if d.weekday() < 5 and not _quiet_days(quiet, d, d + timedelta(1))]
    assert len(work) >= math.ceil(weeks * 5), (item.use_case, item.start, item.end, weeks)
    # ...and no more than a week's worth of slack (a holiday or a weekend country's end moved off it).
    assert len(work) <= math.ceil(weeks * 5) + 5, (item.use_case, item.start, item.end, weeks)


def _check_checkpoints(result) -> None:
    qbr, previous = result.account.next_qbr, None
    renewal = result.commercial.renewal  # the one the checkpoints lead to: a renewal before the QBR comes first
    for c in result.renewal_checkpoints:
        assert renewal is not None
        assert c.day < renewal, c
        if renewal > qbr:
            assert c.day >= qbr, c  # never on a day already past when the QBR agrees it
        if c.missed is not None:
            assert c.missed < c.day, c
        if previous is not None:
            assert c.day >= previous + timedelta(weeks=1), (previous, c)
        previous = c.day


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days)]


def _quiet_days(quiet: tuple[QuietPeriod, ...], start: date, end: date) -> list[date]:
    return [d for d in _days(start, end) if any(p.moves(d) is not None for p in quiet)]


def test_checkpoints_due_before_the_qbr_are_booked_after_it_a_week_apart(shipped):
    account, _, result = _sample(shipped, "harbor-finch-insurance", AS_OF)
    qbr, renewal = result.account.next_qbr, result.account.renewal
    assert (qbr, renewal) == (date(2026, 12, 15), date(2027, 2, 1))
    review, talk = result.renewal_checkpoints
    assert (review.kind, review.day, review.missed) == ("value_review", date(2026, 12, 16), date(2026, 9, 4))
    # A week after the review is 23 December, in the holidays: the first working day after them.
    assert (talk.kind, talk.day, talk.missed) == ("renewal_conversation", date(2027, 1, 5), date(2026, 11, 3))
    agreed = next(n for n in result.qbr_agenda if n.code == "agree_renewal_path")
    assert agreed.values == {"renewal": "2027-02-01", "value_review": "2026-12-16",
                             "renewal_conversation": "2027-01-05"}
    motion = next(n for q in result.quarters for n in q.motions if n.code == "motion_renewal")
    assert motion.values["start"] == review.day.isoformat()  # the preparation is the value review's own day
    days = WorkingDays(country_of(account.locale, account.country), CHRISTMAS)
    assert all(days.is_working(c.day) for c in result.renewal_checkpoints)


def test_the_renewal_motion_and_the_value_review_agree_for_every_sample(shipped):
    for path in sorted((ROOT / "accounts").glob("*.yaml")):
        _, _, result = _sample(shipped, path.stem, date(2026, 12, 1))
        review = next((c.day for c in result.renewal_checkpoints if c.kind == "value_review"), None)
        starts = [n.values["start"] for q in result.quarters for n in q.motions if n.code == "motion_renewal"]
        if review is not None and starts:
            assert starts == [review.isoformat()], path.stem
