"""Run a batch on an existing Dask distributed cluster, through its ``concurrent.futures`` executor.

The library is broadcast to the workers once; each account is one task that returns its
files' bytes, and the client writes them, so the workers need no shared file system.
Isolation comes from the cluster: a task that raises fails its account; a worker that
dies is replaced by the nanny, and an account that kills workers repeatedly ends as
``KilledWorker``. Memory limits are the workers' own (``--memory-limit`` of dask-worker).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from datetime import date
from typing import Any

from ..errors import Location, Problem, UserError
from ..inputs.loader import Library
from ..render.formats import Outputs
from .pool import Limits, Outcome, Task, render_task
from .run import Runner


def _remote(library: Library, account_json: str, as_of: date, previous_json: str | None = None,
            theme_dir: str | None = None, *, outputs: Outputs | None = None) -> tuple[dict[str, bytes], float]:
    start = time.perf_counter()
    files = render_task(library, account_json, as_of, previous_json, theme_dir, outputs=outputs)
    return files, time.perf_counter() - start


CONNECT_TIMEOUT = 15.0


def dask_runner(address: str, library: Library, as_of: date, limits: Limits, *,
                connect_timeout: float = CONNECT_TIMEOUT) -> Runner:
    """A batch runner that sends every account to the scheduler at ``address``, waiting ``connect_timeout`` s."""
    try:
        from distributed import Client
    except ImportError:
        raise UserError([Problem(Location("--scheduler"), "running on a Dask cluster needs the 'distributed' "
                                 "package: pip install 'usecase-playbook[dask]'")]) from None

    def run(given: Iterable[Task]) -> Iterable[Outcome]:
        tasks = list(given)  # the cluster takes them all at once; each is checked before it is sent
        if not tasks:
            return
        try:
            client = Client(address, timeout=f"{connect_timeout}s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            problem = Problem(Location("--scheduler"), f"cannot reach the Dask scheduler at {address}: {exc}")
            raise UserError([problem]) from None
        try:
            shared = client.scatter(library, broadcast=True)
            executor = client.get_executor(pure=False)
            futures = {executor.submit(_remote, shared, t.account_json, as_of, t.previous_json, t.theme_dir,
                                       outputs=t.outputs): t
                       for t in tasks}
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=limits.seconds, return_when=FIRST_COMPLETED)
                if not done:  # no account finished within a whole time limit: give up on the rest
                    for f in pending:
                        f.cancel()
                        yield Outcome(futures[f].index, False,
                                      error=f"no result from the cluster within the {limits.seconds:g} s limit")
                    return
                for f in done:
                    yield _outcome(futures[f], f)
        finally:
            client.close()

    return run


def _outcome(task: Task, future: Future[Any]) -> Outcome:
    try:
        files, seconds = future.result()
        return Outcome(task.index, True, files, seconds=seconds)
    except Exception as exc:  # the task's own error, or KilledWorker when it took workers down with it
        return Outcome(task.index, False, error=f"{type(exc).__name__}: {exc}")
