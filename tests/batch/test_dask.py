"""Batches on a Dask cluster: the local pool's documents, failures isolated, a clear error when unreachable."""

from __future__ import annotations

import logging
from datetime import date

import pytest
import yaml

from conftest import LIBRARY_ARGS, SMALL_ACCOUNT, write_book
from generator.batch import dask as dask_batch
from generator.batch.pool import Limits, Task
from generator.cli import main
from generator.render.formats import Outputs

distributed = pytest.importorskip("distributed")
AS_OF = "2026-11-21"


@pytest.fixture(autouse=True)
def patient_cluster():
    # A cluster started on a busy machine is slow, not broken: its start waits for the state, not 30 s.
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "600s", "distributed.comm.timeouts.tcp": "600s"}):
        yield


@pytest.fixture(autouse=True)
def slow_shutdown_is_no_warning(caplog):
    # A busy machine makes Dask kill a worker that takes over its grace period to stop ("still alive after
    # 4.0 seconds, killing"): that says how busy the machine was, not what the batch did.
    yield
    records = caplog.get_records("call")
    records[:] = [r for r in records if not (r.name.startswith("distributed") and "still alive after" in
                                             r.getMessage())]


def batch(source, out, *extra: str) -> int:
    return main(["batch", str(source), "-o", str(out), "--as-of", AS_OF, "-j", "2", *LIBRARY_ARGS, *extra])


def test_an_unreachable_scheduler_is_a_clear_error_within_the_timeout(tmp_path, capsys, monkeypatch):
    # The wait given is the one the client is made with (how long it really takes depends on the machine).
    asked: list[object] = []
    real = distributed.Client

    def client(*args, **kwargs):
        asked.append(kwargs.get("timeout"))
        return real(*args, **kwargs)

    monkeypatch.setattr(distributed, "Client", client)
    src = write_book(tmp_path / "in", ["Alpha Bakery"])
    assert batch(src, tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9", "--scheduler-timeout", "1") == 2
    assert asked == ["1.0s"]
    err = capsys.readouterr().err
    assert "--scheduler: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err
    assert [p.name for p in (tmp_path / "out").iterdir()] == [".playbook.lock"]  # the run's lock, no documents


def test_a_task_that_raises_fails_only_its_account(shipped, monkeypatch, caplog, tmp_path):
    def fake_render(library, account_json: str, as_of: date, previous_json: str | None = None,
                theme_dir: str | None = None, *, outputs: Outputs | None = None) -> dict[str, bytes]:
        if "Broken" in account_json:
            raise RuntimeError("layout failed")
        return {"roadmap.pdf": account_json.encode(), "formats": ",".join(outputs.formats if outputs else []).encode()}

    monkeypatch.setattr(dask_batch, "render_task", fake_render)  # workers are threads of this process here
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                                  silence_logs=50, local_directory=str(tmp_path)) as cluster:
        runner = dask_batch.dask_runner(cluster.scheduler_address, shipped, date(2026, 11, 21), Limits())
        deck_only = Outputs(("pptx",), notes=True)  # the formats reach the cluster's workers with each task
        outcomes = {o.index: o for o in runner([Task(0, '"Alpha"', outputs=deck_only), Task(1, '"Broken"'),
                                                Task(2, '"Beta"')])}
    assert sorted(outcomes) == [0, 1, 2]
    assert outcomes[0].ok
    assert outcomes[0].files == {"roadmap.pdf": b'"Alpha"', "formats": b"pptx"}
    assert outcomes[1].error == "RuntimeError: layout failed"
    assert outcomes[2].ok
    # In-process workers log the failed task through this process; that one record is expected, nothing else.
    loud = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    assert [(r.name, r.getMessage().splitlines()[0]) for r in loud] == [("distributed.worker", "Compute Failed")]
    caplog.clear()


def test_no_tasks_never_contacts_the_scheduler(shipped):
    runner = dask_batch.dask_runner("tcp://127.0.0.1:9", shipped, date(2026, 11, 21), Limits(), connect_timeout=0.1)
    assert list(runner([])) == []


@pytest.mark.slow
def test_a_real_cluster_renders_the_same_pdfs_as_the_local_pool(tmp_path, capsys):
    src = write_book(tmp_path / "in", ["Alpha Bakery"])
    (src / "bad.yaml").write_text(yaml.safe_dump({**SMALL_ACCOUNT, "name": "Gamma", "segment": "enterprize"}))
    assert batch(src, tmp_path / "local") == 1
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50, local_directory=str(tmp_path / "scratch")) as cluster:
        assert batch(src, tmp_path / "dask", "--scheduler", cluster.scheduler_address) == 1
    local = {p.relative_to(tmp_path / "local"): p.read_bytes() for p in (tmp_path / "local").glob("*/*.pdf")}
    on_dask = {p.relative_to(tmp_path / "dask"): p.read_bytes() for p in (tmp_path / "dask").glob("*/*.pdf")}
    assert len(local) == 2
    assert local == on_dask
    assert "1 generated, 0 unchanged, 1 failed" in capsys.readouterr().out
