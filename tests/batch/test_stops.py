"""The pool's hold on Ctrl-C and SIGTERM: a signal that arrives while held waits, and is raised where let through."""

from __future__ import annotations

import signal
import threading

import pytest

from generator.batch.stops import STOPS, StopSignals, worker_takes_stops

pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="needs POSIX signal masks")


def _blocked() -> set[int]:
    return {int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, ())}


def _raise(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@pytest.fixture
def stops_raise():
    """Both stops raise KeyboardInterrupt, as the command sets them (a test runner may have its own)."""
    old = {s: signal.signal(s, _raise) for s in STOPS}
    yield
    for s, handler in old.items():
        signal.signal(s, handler)


def _send_held_then_let_through(signum: int, reached: list[str]) -> None:
    stops = StopSignals()
    with stops.held():
        signal.pthread_kill(threading.get_ident(), signum)  # to this thread: other threads may not hold it
        reached.append("held")
        with stops.let_through():
            reached.append("let through")


def _send_held(signum: int, reached: list[str]) -> None:
    with StopSignals().held():
        signal.pthread_kill(threading.get_ident(), signum)
        reached.append("held")


@pytest.mark.parametrize("signum", sorted(STOPS))
def test_a_stop_sent_while_held_waits_and_is_raised_where_let_through(stops_raise, signum):
    before, reached = _blocked(), list[str]()
    with pytest.raises(KeyboardInterrupt):
        _send_held_then_let_through(signum, reached)
    assert reached == ["held"]
    assert _blocked() == before


@pytest.mark.parametrize("signum", sorted(STOPS))
def test_a_stop_left_waiting_is_raised_when_the_hold_ends(stops_raise, signum):
    before, reached = _blocked(), list[str]()
    with pytest.raises(KeyboardInterrupt):
        _send_held(signum, reached)
    assert reached == ["held"]
    assert _blocked() == before


def test_let_through_restores_the_hold_and_the_hold_restores_the_callers_mask():
    before, stops = _blocked(), StopSignals()
    with stops.held():
        assert {int(s) for s in STOPS} <= _blocked()
        with stops.let_through():
            assert _blocked() == before
        assert {int(s) for s in STOPS} <= _blocked()
    assert _blocked() == before


def test_let_through_outside_a_hold_changes_nothing():
    before = _blocked()
    with StopSignals().let_through():
        assert _blocked() == before


def test_a_new_worker_ignores_ctrl_c_ends_on_sigterm_and_blocks_neither():
    old = {s: signal.getsignal(s) for s in STOPS}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)  # as a worker is forked: with the stops held
    try:
        signal.signal(signal.SIGTERM, _raise)  # the parent's handler, copied by the fork
        worker_takes_stops()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        assert not {int(s) for s in STOPS} & _blocked()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for s, handler in old.items():
            signal.signal(s, handler)
