"""Loading ``usecases/metrics.yaml`` and checking it against the use-case library."""

from __future__ import annotations

from pathlib import Path

from ..errors import Location, Problems, did_you_mean
from ..inputs.loader import METRICS_FILE, display_path, load_file
from ..inputs.usecase_map import UseCaseMap
from .metrics import MetricsFile, needs_measure


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
        _check_success_metrics(metrics, umap, problems)
    problems.raise_if_errors()
    assert metrics is not None
    return metrics


def _check_success_metrics(metrics: MetricsFile, umap: UseCaseMap, problems: Problems) -> None:
    """A success metric measured from usage names a metric this file defines, of the kind its comparison reads."""
    kinds = {m.id: m.measure for m in metrics.metrics}
    for uc_id in umap.order:
        for i, success in enumerate(umap.use_cases[uc_id].success_metrics):
            by = success.measured_by
            if by is None:
                continue
            where = f"{uc_id}.success_metrics[{i}].measured_by.metric"
            if by.metric not in kinds:
                problems.add(umap.locations[uc_id], f"metric '{by.metric}' is not defined in metrics.yaml"
                             f"{did_you_mean(by.metric, kinds)}", where)
            elif kinds[by.metric] != (needs := needs_measure(by.compare)):
                problems.add(umap.locations[uc_id], f"'{by.metric}' is a {kinds[by.metric]} metric; "
                             f"{by.compare} needs a {needs} one", where)
