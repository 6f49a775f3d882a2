"""Rendering from the browser: jobs queued to one thread that runs them as ``batch`` does, in isolated workers.

A job is one account or the whole book. The thread holds the output folder's lock while
it renders, so a ``playbook batch`` on the same folder is refused rather than mixed in,
and an account whose documents are current is not rendered again. The page asks for a
job's progress by its id; ids are random, and a job knows only what it reports.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ..batch.run import Entry, local_runner, run_batch
from ..files import output_lock
from ..generate import checks
from .book import BookEntry, Workspace

log = logging.getLogger(__name__)

KEPT_JOBS = 200  # finished jobs remembered for their pages; older ones are forgotten
FIRST_GUESS = 4.0  # seconds one account takes before any has been timed here (a 20-page roadmap and its charter)


@dataclass
class Job:
    id: str
    keys: list[str]
    names: dict[str, str]
    state: str = "queued"  # queued | running | done
    done: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (account name, why)
    error: str = ""  # why the whole job could not run (the folder is held by another run)
    started: float = 0.0
    finished: float = 0.0

    def report(self, per_account: float) -> dict[str, Any]:
        """What the page shows: counts, seconds so far and the expected total."""
        now = self.finished or time.monotonic()
        elapsed = now - self.started if self.started else 0.0
        left = len(self.keys) - self.done
        return {"state": self.state, "done": self.done, "total": len(self.keys), "elapsed": round(elapsed, 1),
                "expected": round(elapsed + left * per_account, 1), "error": self.error,
                "failed": [{"name": n, "reason": r} for n, r in self.failed]}


class Renderer:
    """Runs jobs one after another on a thread of its own; pages only submit and read."""

    def __init__(self, workspace: Workspace):
        self.workspace = workspace
        self.jobs: dict[str, Job] = {}
        self._queue: queue.Queue[Job] = queue.Queue()
        self._lock = threading.Lock()
        self._seconds: list[float] = []  # how long accounts took here, for the estimate
        self._thread = threading.Thread(target=self._loop, name="render", daemon=True)
        self._thread.start()

    def per_account(self) -> float:
        recent = self._seconds[-20:]
        return sum(recent) / len(recent) if recent else FIRST_GUESS

    def submit(self, entries: list[BookEntry]) -> Job:
        job = Job(secrets.token_urlsafe(12), [e.key for e in entries], {e.key: e.name for e in entries})
        with self._lock:
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-KEPT_JOBS]:
                del self.jobs[old]
        self._queue.put(job)
        return job

    def running_for(self, key: str) -> Job | None:
        """The unfinished job that will render this account, if any."""
        with self._lock:
            return next((j for j in reversed(self.jobs.values()) if j.state != "done" and key in j.keys), None)

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            job.state, job.started = "running", time.monotonic()
            try:
                self._run(job)
            except OSError as exc:  # the output folder is held by another run or cannot be written
                job.error = f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
            except Exception as exc:  # a bug: the page says so and the app goes on serving
                log.exception("render job %s failed", job.id)
                job.error = f"{type(exc).__name__}: {exc}"
            job.state, job.finished = "done", time.monotonic()

    def _run(self, job: Job) -> None:
        state = self.workspace.library()
        library, settings = state.library, self.workspace.settings
        if library is None:
            job.error = "the library has problems; fix them first"
            return
        book = self.workspace.book()
        entries = [Entry(e.source, name=e.name, slug=e.folder, account=e.account)
                   for key in job.keys if (e := book.entries.get(key)) is not None and e.account is not None]
        missing = len(job.keys) - len(entries)
        if missing:
            job.failed.append(("", f"{missing} account(s) changed or became invalid since the page was made"))
            job.done += missing
        as_of = settings.today()

        def update(entry: Entry, _: list[Entry]) -> None:
            job.done += 1
            if entry.status == "failed":
                job.failed.append((entry.name, entry.reason))
            elif entry.status == "generated":
                self._seconds.append(entry.seconds)

        with output_lock(settings.output):
            run_batch(entries, settings.output, library=library, shared=state.shared, as_of=as_of, force=False,
                      runner=local_runner(library, as_of, min(settings.jobs, max(1, len(entries))), settings.limits),
                      on_update=update, theme=settings.theme, checks=checks(library, as_of, settings.theme),
                      claimed=True, outputs=settings.outputs)
