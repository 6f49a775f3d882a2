"""The supervised worker pool, on a fake render: crashes, runaways and memory cost only their own account."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import date

import pytest

from generator.batch import pool
from generator.batch.pool import Limits, LocalPool, Outcome, Task
from generator.render.formats import Outputs

AS_OF = date(2026, 11, 21)


def fake_render(library, account_json: str, as_of: date, previous_json: str | None = None,
                theme_dir: str | None = None, *, outputs: Outputs | None = None) -> dict[str, bytes]:
    """Act out the account's name: crash, hang, eat memory, or return the worker's process id."""
    if "crash" in account_json:
        os.kill(os.getpid(), signal.SIGKILL)  # a hard crash: no exception, no cleanup
    if "abort" in account_json:
        os.kill(os.getpid(), signal.SIGTRAP)  # what GLib does when an allocation fails
    if "hang" in account_json:
        time.sleep(60)
    if "hungry" in account_json:
        hog = b"\x01" * (700 * 1024**2)  # written, so every page is the worker's own
        time.sleep(5)  # long enough for the parent's measure to see it
        return {"size": str(len(hog)).encode()}
    if "raise" in account_json:
        raise RuntimeError("layout failed")
    return {"pid": str(os.getpid()).encode()}


@pytest.fixture(autouse=True)
def fake_worker_work(monkeypatch):
    # Forked workers inherit these module attributes, so they run the fake instead of WeasyPrint.
    monkeypatch.setattr(pool, "render_task", fake_render)
    monkeypatch.setattr(pool, "_warm", lambda: None)


def run(names: list[str], jobs: int = 2, **limits) -> dict[str, Outcome]:
    tasks = [Task(i, f'"{name}"') for i, name in enumerate(names)]
    outcomes = list(LocalPool(library=None, as_of=AS_OF, jobs=jobs, limits=Limits(**limits)).run(tasks))  # type: ignore[arg-type]
    assert sorted(o.index for o in outcomes) == list(range(len(names)))
    return {names[o.index]: o for o in outcomes}


def test_every_task_comes_back_once_with_its_files():
    result = run(["a", "b", "c", "d", "e"])
    assert all(o.ok for o in result.values())
    assert str(os.getpid()).encode() not in {o.files["pid"] for o in result.values()}  # rendered in workers
    assert len({o.files["pid"] for o in result.values()}) == 2  # two workers served all five


def test_a_worker_killed_mid_render_costs_only_its_account():
    result = run(["a", "crash", "b", "c"])
    assert not result["crash"].ok
    assert result["crash"].error == ("the worker stopped while rendering it (killed by SIGKILL, as the system does "
                                     "when it runs out of memory)")
    assert all(result[n].ok for n in ("a", "b", "c"))


def test_an_exception_fails_its_account_and_the_worker_goes_on():
    result = run(["raise", "a"], jobs=1)
    assert result["raise"].error == "RuntimeError: layout failed"
    assert result["a"].ok


def test_a_runaway_account_is_stopped_at_the_time_limit():
    start = time.perf_counter()
    result = run(["hang", "a"], seconds=1)
    assert time.perf_counter() - start < 20
    assert result["hang"].error == "took longer than the 1 s limit and was stopped"
    assert result["a"].ok


@pytest.mark.parametrize(("recycle_after", "workers"), [(1, 3), (2, 2), (10, 1)])
def test_workers_are_replaced_after_their_share_of_accounts(recycle_after, workers):
    result = run(["a", "b", "c"], jobs=1, recycle_after=recycle_after)
    assert len({o.files["pid"] for o in result.values()}) == workers


def test_an_account_past_the_memory_limit_fails_with_a_memory_reason():
    result = run(["hungry", "a"], jobs=1, memory_mb=300)
    error = result["hungry"].error
    assert error.endswith("MB of its own, past its 300 MB memory limit (--memory-limit), and was stopped"), error
    assert result["a"].ok


def test_memory_the_parent_holds_is_not_counted_against_a_worker():
    # A parent that holds a big book of accounts must not make its forked workers look big: their
    # unique memory is what counts.
    ballast = b"\x02" * (400 * 1024**2)
    result = run(["a", "b"], jobs=1, memory_mb=300)
    assert result["a"].ok, result["a"].error
    assert result["b"].ok
    assert len(ballast) > 0


def test_a_worker_that_aborts_in_c_code_is_reported_as_a_likely_memory_failure():
    result = run(["abort", "a"], jobs=1, memory_mb=300)
    assert result["abort"].error == ("the worker stopped while rendering it (killed by SIGTRAP, as C code stops when "
                                     "it cannot get memory: the machine may be short of memory (each worker may "
                                     "use 300 MB, --memory-limit))")
    assert result["a"].ok


@pytest.fixture
def ctrl_c_raises():
    """Ctrl-C raises KeyboardInterrupt here, however the test runner was started."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


class _CtrlCWhenDropped:
    """Ctrl-C sent from a finaliser, where Python discards what a handler raises, as it does in fork's own hooks."""

    def __del__(self):
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
def test_ctrl_c_that_lands_while_a_worker_is_forked_stops_the_run(monkeypatch, ctrl_c_raises):
    real_fork = os.fork

    def fork_and_stop() -> int:
        pid = real_fork()
        if pid:
            _CtrlCWhenDropped()  # dropped at once: its Ctrl-C lands inside the finaliser
        return pid

    monkeypatch.setattr(os, "fork", fork_and_stop)
    with pytest.raises(KeyboardInterrupt):
        run(["a", "b", "c"], jobs=1)
