"""A time budget around one call of the planner, which has no clock of its own.

The planner stays pure; the budget is kept by whoever calls it. A thread cannot be stopped,
so the budget is an alarm signal, which only the main thread of a process receives: it holds
on the command line (``generate``, and the checks ``batch`` runs before rendering) and is no
budget at all in a thread, such as the web app's. A batch's workers are processes with their
own time limit (``--time-limit``), which kills a worker that overruns it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# The largest account the loader accepts plans in about a second (benchmarks/bench_limits.py): twenty
# times that on a loaded machine is a planner that runs away, not a slow one.
PLAN_SECONDS = 20.0


class OverBudget(Exception):
    """Planning one account took longer than its budget."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"planning this account took longer than {seconds:g} s and was stopped; nothing is "
                         "written for it. Check that its lists (departments, champions, decisions) are what the "
                         "customer has, and send the file to enablement if they are")


def can_keep() -> bool:
    """Whether a budget holds here: in the main thread, on a system with interval timers, none running yet."""
    return (threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Run the body, raising :class:`OverBudget` in it after ``seconds``; where no budget can hold, just run it."""
    if not can_keep():  # a running timer is somebody else's: theirs stays
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise OverBudget(seconds)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even when the alarm rang just as the body ended
            signal.signal(signal.SIGALRM, previous)
