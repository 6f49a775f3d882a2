"""The health score from usage: each signal's amount, its band, and the weighted mean of the signals the data has."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from generator.usage.health import health_from, signal_amount
from generator.usage.measure import Reader
from generator.usage.metrics import HealthSignal, MetricsFile
from generator.usage.summary import AccountUsage
from usage_files import AS_OF, shipped_metrics


def _signal(**kw) -> HealthSignal:
    return HealthSignal.model_validate({"metric": "active_users", "compare": "share_pct", "weight": 1, "bands": [
        {"at_least": 0, "score": 0}, {"at_least": 50, "score": 60}, {"at_least": 75, "score": 100}], **kw})


def _reader(series: dict) -> Reader:
    return Reader(AccountUsage(series=series, seen={m for _, m in series}), AS_OF, 7)


@pytest.mark.parametrize(("amount", "score"), [(-5, 0), (0, 0), (49.9, 0), (50, 60), (74.9, 60), (75, 100),
                                               (300, 100)])
def test_a_band_scores_from_its_amount_up(amount, score):
    assert _signal().score(amount) == score


@pytest.mark.parametrize(("signal", "series", "amount"), [
    (_signal(), {(None, "active_users"): {AS_OF: 60.0}}, 30.0),  # of 200 seats
    (_signal(metric="pages_created", compare="active_days", window_days=7),
     {(None, "pages_created"): {AS_OF - timedelta(days=d): 1.0 for d in (0, 3, 6, 7, 20)}}, 3.0),
    (_signal(metric="pages_created", compare="total", window_days=28),
     {(None, "pages_created"): {AS_OF: 4.0, AS_OF - timedelta(days=27): 6.0, AS_OF - timedelta(days=28): 50.0}}, 10.0),
    (_signal(metric="licensed_seats", compare="change_pct", window_days=30),
     {(None, "licensed_seats"): {AS_OF: 180.0, AS_OF - timedelta(days=30): 200.0}}, -10.0),
    (_signal(metric="licensed_seats", compare="change_pct", window_days=30),
     {(None, "licensed_seats"): {AS_OF: 180.0}}, None),  # nothing to compare with
])
def test_each_kind_of_signal_reads_its_window_up_to_as_of(signal, series, amount):
    assert signal_amount(_reader(series), signal, 200) == amount


def test_the_score_is_the_weighted_mean_of_the_signals_the_data_has():
    signals = [_signal(weight=3), _signal(metric="pages_created", compare="active_days", weight=1, bands=[
        {"at_least": 0, "score": 20}, {"at_least": 10, "score": 80}]),
        _signal(metric="sso_sign_ins", compare="active_days", weight=5)]  # no data: left out, not a zero
    series = {(None, "active_users"): {AS_OF: 160.0},
              (None, "pages_created"): {AS_OF - timedelta(days=d): 1.0 for d in range(12)}}
    score, measured = health_from(_reader(series), signals, 200, 55)
    assert score == round((3 * 100 + 1 * 80) / 4)
    assert [(m.field, m.value) for m in measured] == [
        ("health.score", "95"), ("health.signals[active_users]", "100"), ("health.signals[pages_created]", "80")]
    assert measured[0].typed == "55"


def test_without_any_signal_in_the_data_the_typed_score_stays():
    assert health_from(_reader({}), [_signal()], 200, 55) == (None, [])


@pytest.mark.parametrize(("change", "expected"), [
    ({"bands": [{"at_least": 50, "score": 1}, {"at_least": 10, "score": 2}]}, "bands must rise: at_least 50, 10"),
    ({"metric": "comments"}, "health[0].metric: metric 'comments' is not defined"),
    ({"metric": "pages_created"}, "health[0].metric: 'pages_created' is a count metric; this needs a distinct_users"),
    ({"weight": 0}, "weight"),
])
def test_a_bad_signal_is_refused_with_its_place(shipped, change, expected):
    data = shipped_metrics(shipped).model_dump(mode="json")
    data["health"] = [{**_signal().model_dump(mode="json"), **change}]
    with pytest.raises(ValidationError) as info:
        MetricsFile.model_validate(data)
    assert expected in str(info.value)
