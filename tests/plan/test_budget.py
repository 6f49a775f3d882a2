"""The planner's time budget: an alarm in the main thread, nothing elsewhere; never a wait on the clock in a test."""

from __future__ import annotations

import signal
import threading

import pytest

from generator.plan.budget import OverBudget, can_keep, within

FOREVER = 600  # a wait the budget must end long before; the test fails, not hangs, should it not


def test_the_budget_stops_a_call_that_runs_past_it():
    before = signal.getsignal(signal.SIGALRM)
    never = threading.Event()
    with pytest.raises(OverBudget, match=r"planning this account took longer than 0\.05 s"), within(0.05):
        never.wait(FOREVER)
    assert signal.getsignal(signal.SIGALRM) is before  # the process's own handling is back
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_call_within_the_budget_leaves_no_alarm_behind():
    before = signal.getsignal(signal.SIGALRM)
    with within(FOREVER):
        result = sum(range(10))
    assert result == 45
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_outside_the_main_thread_there_is_no_budget_and_no_error():
    seen: list[object] = []

    def run() -> None:
        try:
            seen.append(can_keep())
            with within(0.01):  # signal.signal would raise ValueError in this thread
                seen.append("ran")
        except Exception as exc:  # whatever it is, the test must see it
            seen.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [False, "ran"]


def test_a_timer_already_running_is_left_to_its_owner():
    def owners(signum, frame):
        raise AssertionError("the owner's alarm rang")

    previous = signal.signal(signal.SIGALRM, owners)
    signal.setitimer(signal.ITIMER_REAL, FOREVER)
    try:
        assert not can_keep()
        with within(0.01):
            pass
        assert signal.getsignal(signal.SIGALRM) is owners
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= FOREVER
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
