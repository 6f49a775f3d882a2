"""The timeline's month labels: measured apart and inside the chart, in every language, with the year shown."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from itertools import pairwise

import pytest

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.plan.planner import plan
from generator.render.charts import adoption_chart, gantt
from generator.render.textwidth import text_width
from generator.render.words import Words

SAMPLES = sorted((ROOT / "accounts").glob("*.yaml"))
LOCALES = ["en-US", "de-DE", "fr-FR", "ja-JP"]
MONTH = re.compile(r'<text x="([\d.]+)" y="25" font-size="7.5" fill="#5b6478">([^<]*)</text>')


def month_labels(svg: str) -> list[tuple[float, float, str]]:
    """(left, right, text) of each month label, its width measured as the chart measures it."""
    return [(float(x), float(x) + text_width(unescape(t), 7.5), unescape(t)) for x, t in MONTH.findall(svg)]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("as_of", [date(2026, 12, 1), date(2026, 12, 28), date(2027, 1, 15)], ids=str)
@pytest.mark.parametrize("sample", SAMPLES[::3], ids=lambda p: p.stem)
def test_month_labels_never_meet_nor_leave_the_chart(shipped, sample, as_of, locale):
    account = load_account(sample, shipped)
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=as_of)
    svg = gantt(result, Words(locale, result.period_months))
    box = re.search(r'viewBox="0 0 ([\d.]+)', svg)
    assert box
    width = float(box.group(1))
    labels = month_labels(svg)
    assert len(labels) >= 6, labels
    assert all(right <= width for _, right, _ in labels), labels
    assert all(a[1] < b[0] for a, b in pairwise(labels)), labels
    assert re.search(r"\d{4}", labels[0][2]), labels[0]  # the reader learns the year from the first label shown


BAR_LABEL = re.compile(r'<text x="0" y="[\d.]+" font-size="10" font-weight="600" fill="#1f2a44">([^<]*)</text>')


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_department_labels_end_before_their_bars(shipped, sample, locale):
    """'IT, Sicherheit und Administration' wraps onto a second line instead of running into its bar."""
    account = load_account(sample, shipped).model_copy(update={"locale": locale})
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=date(2026, 12, 1))
    svg = adoption_chart(result, Words(locale, result.period_months))
    labels = [unescape(t) for t in BAR_LABEL.findall(svg)]
    assert len(labels) >= len(result.adoption)
    too_wide = [t for t in labels if text_width(t, 10, bold=True) > 150 - 6]
    assert not too_wide, too_wide
