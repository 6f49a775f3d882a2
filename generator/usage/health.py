"""The health score from usage: the library's signals, each a metric read one way and scored by bands, weighted.

A signal reads its metric as a share of the licensed seats (people active), the days in a window with
any use, a window's total, or its change in percent over the window. Its bands turn that amount into a
score from 0 to 100 (the highest band reached; below the first, 0). The account's score is the signals'
weighted mean over those the data has at all; without any, the typed score stays.
"""

from __future__ import annotations

from datetime import timedelta

from ..inputs.measured import Measured
from .measure import Reader, measured_entry
from .metrics import HealthSignal


def signal_amount(reader: Reader, signal: HealthSignal, licensed: int) -> float | None:
    """What the data says for the signal as of the reader's day, or None when it has nothing to say."""
    if signal.compare == "share_pct":
        active = reader.latest(signal.metric)
        return None if active is None else round(100 * active / max(licensed, 1), 1)
    if signal.compare == "change_pct":
        now = reader.latest(signal.metric)
        then = reader.latest(signal.metric, day=reader.as_of - timedelta(days=signal.window_days))
        if now is None or then is None:
            return None
        return round(100 * (now - then) / then, 1) if then else 0.0
    values = reader.window(signal.metric, None, signal.window_days)
    if signal.compare == "total":
        return sum(values)
    return float(sum(1 for v in values if v > 0))


def health_from(reader: Reader, signals: list[HealthSignal], licensed: int,
                typed: int) -> tuple[int | None, list[Measured]]:
    """The weighted score of the signals the data has (None without any), and each signal's evidence."""
    scored, measured = [], []
    for signal in signals:
        if signal.metric not in reader.usage.seen:
            continue
        amount = signal_amount(reader, signal, licensed)
        if amount is None:
            continue
        points = signal.score(amount)
        scored.append((signal.weight, points))
        basis = "change" if signal.compare == "change_pct" else signal.compare
        measured.append(measured_entry(f"health.signals[{signal.metric}]", points, None, metric=signal.metric,
                                       basis=basis, amount=amount,
                                       window_days=0 if signal.compare == "share_pct" else signal.window_days,
                                       base=licensed if signal.compare == "share_pct" else None))
    if not scored:
        return None, []
    score = round(sum(w * p for w, p in scored) / sum(w for w, _ in scored))
    total = measured_entry("health.score", score, typed, metric="health", basis="weighted", amount=score)
    return score, [total, *measured]
