"""The trend page's chart: every label inside the chart and apart from every other, in each script; the page
shown only with a trend."""

from __future__ import annotations

import re
from datetime import date
from itertools import combinations

import pytest

from generator.history import read_plan
from generator.inputs.loader import load_account
from generator.inputs.measured import Trend, TrendDepartment
from generator.plan.planner import plan
from generator.render.documents import roadmap_html
from generator.render.overlay import lines
from generator.render.textwidth import text_width
from generator.render.trendchart import trend_chart
from generator.render.words import Words
from generator.usage.book import read_book_usage
from usage_files import ROOT

AS_OF = date(2026, 12, 1)


@pytest.fixture(scope="module")
def measured(shipped):
    account = load_account(ROOT / "accounts" / "brightline-studio.yaml", shipped)
    book = read_book_usage(ROOT / "accounts" / "usage", ROOT / "usecases", shipped.map, [("b", account.id)], AS_OF)
    return book.derive(account)


def _boxes(svg: str) -> list[tuple[float, float, float, float, str]]:
    """Each label's box (left, top, right, bottom) as it prints, from the text's measured width."""
    out = []
    for line in lines(svg):
        width = text_width(line.text, line.size, bold=line.weight == "600")
        left = {"middle": line.x - width / 2, "end": line.x - width}.get(line.anchor, line.x)
        out.append((left, line.y - line.size * 0.8, left + width, line.y + line.size * 0.25, line.text))
    return out


def _assert_apart_and_inside(svg: str) -> None:
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert box is not None
    width, height = float(box[1]), float(box[2])
    boxes = _boxes(svg)
    assert boxes
    for left, top, right, bottom, text in boxes:
        assert (left >= 0, right <= width, top >= 0, bottom <= height) == (True,) * 4, text
    for a, b in combinations(boxes, 2):
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, (a[4], b[4])


@pytest.mark.parametrize("locale", ["en-GB", "de-DE", "ja"])
def test_no_label_meets_another_or_the_edge(shipped, measured, locale):
    account = measured.model_copy(update={"locale": locale})
    previous = read_plan(ROOT / "accounts" / "history" / "brightline-studio" / "2026-09-08.plan.json")
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF, previous=previous)
    assert result.trend is not None
    assert result.since is not None
    svg = trend_chart(result, Words(locale), {})
    _assert_apart_and_inside(svg)
    assert Words(locale).date(result.since.previous_qbr) in svg  # the last review's marker


def _crowded(result, locale: str):
    """Twelve departments with long names, every month known, and a last review a day before the next one."""
    months = result.trend.months
    departments = [TrendDepartment(name=f"Department of things number {i}", persona="engineering", headcount=100,
                                   active_users=[i * 5] * 12, share_pct=[i * 5.0] * 12) for i in range(12)]
    trend = Trend(metric="active_users", months=months, active_seats=list(range(1000, 13000, 1000)),
                  licensed_seats=[99_999] * 12, departments=departments)
    since = result.since.model_copy(update={"previous_qbr": date(2026, 12, 7)}) if result.since else None
    return result.model_copy(update={"trend": trend, "since": since})


@pytest.mark.parametrize("locale", ["en-GB", "de-DE", "ja"])
def test_a_crowded_chart_wraps_its_legend_and_stacks_its_markers(shipped, measured, locale):
    account = measured.model_copy(update={"locale": locale})
    previous = read_plan(ROOT / "accounts" / "history" / "brightline-studio" / "2026-09-08.plan.json")
    result = _crowded(plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF,
                           previous=previous), locale)
    svg = trend_chart(result, Words(locale), {}, width=420)
    _assert_apart_and_inside(svg)
    assert svg.count("Department of things number") == 12


def test_months_without_data_break_the_line(shipped, measured):
    result = plan(shipped.map, shipped.playbooks[measured.segment], measured, as_of=AS_OF)
    assert result.trend is not None
    gappy = result.trend.model_copy(update={"active_seats": [5, 6, None, 7, 8, *[None] * 6, 9], "departments": []})
    svg = trend_chart(result.model_copy(update={"trend": gappy}), Words("en"), {})
    lines = re.findall(r'<polyline points="([^"]*)"[^>]*stroke="#2f6ea5"', svg)
    assert [len(p.split()) for p in lines] == [2, 2]  # the lone last month is a dot, not a line
    assert svg.count('fill="#2f6ea5"') == 5


def test_the_trend_page_is_shown_only_with_a_trend(shipped, measured):
    with_data = plan(shipped.map, shipped.playbooks[measured.segment], measured, as_of=AS_OF)
    typed = with_data.model_copy(update={"trend": None})
    assert 'id="trend"' in roadmap_html(with_data, shipped.map, {}, set())
    assert 'id="trend"' not in roadmap_html(typed, shipped.map, {}, set())
    assert trend_chart(typed, Words("en"), {}) == ""


def test_the_chart_is_the_same_every_time(shipped, measured):
    result = plan(shipped.map, shipped.playbooks[measured.segment], measured, as_of=AS_OF)
    assert trend_chart(result, Words("de-DE"), {}) == trend_chart(result, Words("de-DE"), {})
