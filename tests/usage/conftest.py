"""The usage tests' engines: each test that takes ``engine`` reads its data with DuckDB, the Arrow reader and Dask
DataFrame on a local cluster (threads of this process), and must find the same."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.usage.read import ENGINES, Engine


@pytest.fixture(scope="session")
def dask_scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0",
                                  silence_logs=50) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Engine:
    if request.param == "dask":
        return Engine("dask", request.getfixturevalue("dask_scheduler"))
    return Engine(request.param)
