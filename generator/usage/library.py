"""Loading ``usecases/metrics.yaml`` and checking it against the use-case library."""

from __future__ import annotations

from pathlib import Path

from ..errors import Location, Problems, did_you_mean
from ..inputs.loader import METRICS_FILE, display_path, load_file
from ..inputs.usecase_map import UseCaseMap
from .metrics import MetricsFile


def metrics_path(usecases_dir: Path) -> Path:
    return usecases_dir / f"{METRICS_FILE}.yaml"


def load_metrics(usecases_dir: Path, umap: UseCaseMap) -> MetricsFile:
    """The metrics and evidence rules; raise :class:`UserError` listing every problem, each at its place."""
    path = metrics_path(usecases_dir)
    problems = Problems()
    if not path.is_file():
        problems.add(Location(display_path(path)), "the usage metrics file is missing; reading usage data needs "
                                                   "it (see docs/usage.md)")
        problems.raise_if_errors()
    metrics, doc = load_file(path, MetricsFile, problems)
    if metrics is not None and doc is not None:
        for i, rule in enumerate(metrics.evidence):
            if rule.use_case not in umap.use_cases:
                problems.add(doc.source.locate(("evidence", i, "use_case")),
                             f"unknown use case '{rule.use_case}'{did_you_mean(rule.use_case, umap.use_cases)}",
                             f"evidence[{i}].use_case")
    problems.raise_if_errors()
    assert metrics is not None
    return metrics
