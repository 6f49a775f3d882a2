"""A small supervised pool of render workers: one account's crash, runaway or memory blow-up costs only that account.

``concurrent.futures.ProcessPoolExecutor`` breaks entirely when one worker dies, so the
parent supervises its own processes: it hands out one account at a time, watches each
worker's pipe and process sentinel, kills a worker that overruns the time limit, and
starts a fresh worker in place of one that died or has rendered its share of documents
(memory creeps in long-lived layout processes). Workers only render and return bytes;
the parent writes files, so a killed worker never leaves a partial file behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import logging
import multiprocessing as mp
import os
import signal
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

import psutil

from ..inputs.loader import Library
from .stops import StopSignals, worker_takes_stops
from .task import Limits, Outcome, Task, render_task

__all__ = ["Limits", "LocalPool", "Outcome", "Task", "own_memory_mb", "render_task", "warm_parent"]

log = logging.getLogger(__name__)


def _warm() -> None:
    """Parse the CSS and load fonts once per worker (cached), not once per account."""
    from ..render.pdf import stylesheet

    stylesheet("document.css")


def own_memory_mb(pid: int) -> float | None:
    """A process's own memory in MB: its unique set size, so pages still shared with the parent do not count."""
    try:
        return float(psutil.Process(pid).memory_full_info().uss) / 1024**2
    except (psutil.Error, OSError):  # gone, or not ours to read: the exit is reported on its own
        return None


def warm_parent() -> None:
    """Load fontconfig's caches (and rebuild a stale one) in the parent, once, before any worker starts.

    A worker stopped while fontconfig writes its cache would leave the machine's cache broken;
    warmed here, workers find it current and only read it. The templates and the stylesheet with its
    fonts are readied here too, so every forked worker, the recycled ones as well, starts with them.
    """
    from ..render.documents import prepare
    from ..render.fonts import installed_fonts

    installed_fonts()
    prepare()


def _die_with(parent_pid: int) -> None:
    """Ask Linux to kill this worker when its parent dies, however it dies (SIGKILL included)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's orderly stop is all there is
        return
    if os.getppid() != parent_pid:  # the parent died before the request took hold
        os._exit(1)


_PR_SET_PDEATHSIG = 1
MEMORY_POLL = 0.2  # seconds between two measures of a busy worker's memory


def _worker_main(conn: Connection, library: Library, as_of: date, limits: Limits, parent_pid: int) -> None:
    """Render tasks from ``conn`` until told to stop (None) or the pipe closes."""
    worker_takes_stops()  # first: the parent handles Ctrl-C and SIGTERM and stops us cleanly
    _die_with(parent_pid)
    while True:
        try:
            task: Task | None = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        start = time.perf_counter()
        try:
            _warm()  # inside the guard: under a tight memory limit even warming up can fail
            files = render_task(library, task.account_json, as_of, task.previous_json, task.theme_dir,
                                outputs=task.outputs)
            outcome = Outcome(task.index, True, files, seconds=time.perf_counter() - start)
        except Exception as exc:  # this account alone fails; the batch goes on and reports it
            error = f"{type(exc).__name__}: {exc}"
            if isinstance(exc, MemoryError):
                error = f"ran out of memory ({error})"
            outcome = Outcome(task.index, False, error=error, seconds=time.perf_counter() - start)
        conn.send(outcome)


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    task: Task | None = None
    started: float = 0.0
    served: int = 0


class LocalPool:
    """Runs tasks on ``jobs`` supervised worker processes, yielding an :class:`Outcome` for each."""

    def __init__(self, library: Library, as_of: date, jobs: int, limits: Limits):
        self.library, self.as_of, self.jobs, self.limits = library, as_of, max(1, jobs), limits
        # fork: workers start in milliseconds and share the parent's loaded library and imports.
        self.ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        self.workers: list[_Worker] = []
        self.stops = StopSignals()

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker_main, daemon=True,
                                   args=(child, self.library, self.as_of, self.limits, os.getpid()))
        process.start()
        child.close()
        return _Worker(process, parent)

    def run(self, tasks: Iterable[Task]) -> Iterable[Outcome]:
        """Render ``tasks``, taking each only when a worker is free: the first account starts at once."""
        pending = iter(tasks)
        upcoming = next(pending, None)
        if upcoming is None:
            return
        warm_parent()
        # Forked workers share the parent's objects until something writes to their pages; the cyclic
        # collector would, visiting every object of a big book. Frozen objects are never visited.
        gc.freeze()
        with self.stops.held():  # Ctrl-C and SIGTERM land only where we wait or hand over: see stops
            try:
                while upcoming is not None or any(w.task for w in self.workers):
                    while upcoming is not None:
                        w = next((w for w in self.workers if w.task is None), None)
                        if w is None:
                            if len(self.workers) >= self.jobs:
                                break
                            w = self._spawn()  # workers start as there is work for them
                            self.workers.append(w)
                        w.task, w.started = upcoming, time.perf_counter()
                        w.served += 1
                        w.conn.send(w.task)
                        with self.stops.let_through():
                            upcoming = next(pending, None)
                    for outcome in self._collect():
                        with self.stops.let_through():
                            yield outcome
            finally:
                self.close()

    def _collect(self) -> Iterable[Outcome]:
        busy = [w for w in self.workers if w.task is not None]
        deadline = min(w.started + self.limits.seconds for w in busy) if busy else time.perf_counter()
        # Wake at least every MEMORY_POLL seconds to measure each busy worker's own memory.
        timeout = max(0.0, min(deadline - time.perf_counter(), MEMORY_POLL))
        with self.stops.let_through():
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=timeout))
        for i, w in enumerate(self.workers):
            if w.task is None:
                continue
            if w.conn in ready:
                outcome: Outcome | None
                try:
                    with self.stops.let_through():
                        outcome = w.conn.recv()
                except (EOFError, OSError):
                    outcome = None
                if outcome is not None:
                    w.task = None
                    if w.served >= self.limits.recycle_after:
                        self._retire(i)
                    yield outcome
                    continue
            elapsed = time.perf_counter() - w.started
            used = own_memory_mb(w.process.pid) if w.process.pid is not None else None
            if used is not None and used > self.limits.memory_mb:
                yield self._replace(i, f"used {used:,.0f} MB of its own, past its {self.limits.memory_mb:,} MB memory "
                                       f"limit (--memory-limit), and was stopped")
            elif w.process.sentinel in ready or not w.process.is_alive():
                yield self._replace(i, f"the worker stopped while rendering it "
                                       f"({_exit_reason(w.process, self.limits.memory_mb)})")
            elif elapsed > self.limits.seconds:
                yield self._replace(i, f"took longer than the {self.limits.seconds:g} s limit and was stopped")

    def _retire(self, i: int) -> None:
        """Replace a worker that has rendered its share: long-lived layout processes creep in memory."""
        w = self.workers[i]
        with contextlib.suppress(OSError):
            w.conn.send(None)
        w.process.join(timeout=5)
        _stop(w.process)
        w.conn.close()
        self.workers[i] = self._spawn()

    def _replace(self, i: int, reason: str) -> Outcome:
        w = self.workers[i]
        task = w.task
        assert task is not None
        _stop(w.process)
        w.conn.close()
        self.workers[i] = self._spawn()
        return Outcome(task.index, False, error=reason, seconds=time.perf_counter() - w.started)

    def close(self) -> None:
        for w in self.workers:
            if w.task is not None:  # stopped mid-render (Ctrl-C, SIGTERM): its half-made account is not waited for
                _stop(w.process)
                continue
            try:
                if w.process.is_alive():
                    w.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        for w in self.workers:
            w.process.join(timeout=2)
            _stop(w.process)
            w.conn.close()
        self.workers = []


def _stop(process: BaseProcess) -> None:
    if process.is_alive():
        process.kill()
    process.join(timeout=5)


# Signals that C libraries (GLib, Pango, cairo) raise on themselves when an allocation fails.
_ABORTS = frozenset({signal.SIGTRAP, signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS})


def _exit_reason(process: BaseProcess, memory_mb: int) -> str:
    """Why a worker ended, in words; an abort inside C code or a SIGKILL is most often memory, so say so."""
    process.join(timeout=1)
    code = process.exitcode
    if code is None or code >= 0:
        return f"exit status {code}"
    try:
        sig = signal.Signals(-code)
    except ValueError:
        return f"killed by signal {-code}"
    if sig in _ABORTS:
        return (f"killed by {sig.name}, as C code stops when it cannot get memory: the machine may be short of "
                f"memory (each worker may use {memory_mb:,} MB, --memory-limit)")
    if sig == signal.SIGKILL:
        return "killed by SIGKILL, as the system does when it runs out of memory"
    return f"killed by {sig.name}"
