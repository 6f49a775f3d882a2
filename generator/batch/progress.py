"""Batch progress: a live line for a person at a terminal, plain log lines for CI and cron."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..terminal import is_terminal, plain, shown_on
from .run import Entry


class Progress:
    """Call with each finished entry; shows done, failed, rate and time left."""

    def __init__(self, total: int, stream: TextIO | None = None, live: bool | None = None):
        # Looked up now: tests and callers may have replaced it. The line's own carriage returns must reach the
        # terminal, so it writes to the stream itself and escapes only the account text it quotes.
        stream = plain(stream or sys.stderr)
        self.total, self.stream, self.shown = total, stream, shown_on(stream)
        self.live = is_terminal(stream) if live is None else live
        self.start = time.perf_counter()
        self.done = self.failed = 0

    def __call__(self, entry: Entry, entries: list[Entry]) -> None:
        self.done += 1
        self.failed += entry.status == "failed"
        elapsed = time.perf_counter() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate else 0.0
        if self.live:
            width = 28
            filled = int(width * self.done / max(self.total, 1))
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} done, "
                              f"{self.failed} failed, {rate:.1f}/s, {_clock(left)} left ")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            what = f"{entry.status}" + (f" ({entry.reason})" if entry.reason else "")
            self.stream.write(self.shown(f"[{self.done}/{self.total}] {entry.name or entry.source}: {what}") + "\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds + 0.5), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
