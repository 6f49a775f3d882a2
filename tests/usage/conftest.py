"""The shipped metrics for every usage test."""

from __future__ import annotations

import pytest
from usage_files import shipped_metrics

from generator.usage.metrics import MetricsFile


@pytest.fixture(scope="session")
def metrics(shipped) -> MetricsFile:
    return shipped_metrics(shipped)
