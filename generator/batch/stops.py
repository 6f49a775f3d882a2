"""Ctrl-C and SIGTERM around the pool: held while it forks and drops workers, let through where it waits.

Python runs a signal's handler at the next bytecode, wherever that is. Landing in fork's hooks
(``os.register_at_fork``: logging releases its lock there) or in a finaliser (a dropped worker's
pipe or process), the ``KeyboardInterrupt`` it raises is printed as "Exception ignored" and
discarded: the stop is lost and the batch runs to its end. Held, the signal waits in the kernel
and is handled where the pool waits for its workers or hands an outcome over.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

STOPS = frozenset({signal.SIGINT, signal.SIGTERM})
_CAN_HOLD = hasattr(signal, "pthread_sigmask")  # not on Windows, where workers are not forked either


class StopSignals:
    """One pool's hold on the stop signals; ``let_through`` inside ``held`` restores the caller's mask."""

    def __init__(self) -> None:
        self._outside: set[int | signal.Signals] | None = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        if not _CAN_HOLD:
            yield
            return
        self._outside = outside = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, outside)  # a signal that waited is handled here

    @contextlib.contextmanager
    def let_through(self) -> Iterator[None]:
        if not _CAN_HOLD or self._outside is None:
            yield
            return
        inside = signal.pthread_sigmask(signal.SIG_BLOCK, ())
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, self._outside)  # a signal that waited is handled here
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, inside)


def worker_takes_stops() -> None:
    """In a new worker, forked with the stops held: Ctrl-C ignored (the parent stops it), SIGTERM ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, which the fork copied
    if _CAN_HOLD:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)
