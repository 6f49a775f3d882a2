"""The batch progress line: live on a terminal, one line per account in logs."""

from __future__ import annotations

import io

import pytest

from generator.batch import progress
from generator.batch.progress import Progress
from generator.batch.run import Entry


class Clock:
    """perf_counter stand-in that moves only when the test says so."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(progress.time, "perf_counter", fake)
    return fake


def entry(name: str, status: str, reason: str = "") -> Entry:
    return Entry(f"accounts/{name.lower()}.yaml", name=name, status=status, reason=reason)


def test_log_lines_name_each_account_and_its_outcome(clock):
    out = io.StringIO()
    show = Progress(3, out, live=False)
    entries = [entry("Alpha", "generated"), entry("Beta", "failed", "licensed_seats: expected integer"),
               Entry("accounts/bad.yaml", status="failed", reason="YAML syntax error")]
    for e in entries:
        show(e, entries)
    assert out.getvalue().splitlines() == [
        "[1/3] Alpha: generated",
        "[2/3] Beta: failed (licensed_seats: expected integer)",
        "[3/3] accounts/bad.yaml: failed (YAML syntax error)",
    ]


def test_the_live_line_shows_done_failed_rate_and_time_left(clock):
    out = io.StringIO()
    show = Progress(4, out, live=True)
    entries = [entry("Alpha", "generated"), entry("Beta", "failed", "boom")]
    clock.now += 2.0
    show(entries[0], entries)
    assert out.getvalue() == "\r[#######.....................] 1/4 done, 0 failed, 0.5/s, 0:06 left "
    clock.now += 2.0
    show(entries[1], entries)
    assert out.getvalue().rsplit("\r", 1)[-1] == "[##############..............] 2/4 done, 1 failed, 0.5/s, 0:04 left "
    assert not out.getvalue().endswith("\n")


def test_the_live_line_ends_its_line_when_all_are_done(clock):
    out = io.StringIO()
    show = Progress(1, out, live=True)
    clock.now += 0.5
    show(entry("Alpha", "unchanged"), [])
    assert out.getvalue() == "\r[############################] 1/1 done, 0 failed, 2.0/s, 0:00 left \n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_live_follows_whether_the_stream_is_a_terminal(clock):
    assert Progress(1, Terminal()).live
    assert not Progress(1, io.StringIO()).live


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (59.4, "0:59"), (59.6, "1:00"), (3725, "1:02:05")])
def test_time_left_reads_like_a_clock(seconds, shown):
    assert progress._clock(seconds) == shown


HOSTILE = [entry("Evil\rCorp\x1b[2K", "failed", "name: \x85\u202ebad"), Entry("accounts/\b.yaml", status="generated")]


@pytest.mark.parametrize(("stream", "lines"), [
    (Terminal, ["[1/2] Evil\\x0dCorp\\x1b[2K: failed (name: \\x85\\u202ebad)", "[2/2] accounts/\\x08.yaml: generated"]),
    (io.StringIO, ["[1/2] Evil\rCorp\x1b[2K: failed (name: \x85\u202ebad)", "[2/2] accounts/\b.yaml: generated"]),
], ids=["terminal", "log file"])
def test_account_text_is_shown_not_obeyed_on_a_terminal_only(clock, stream, lines):
    out = stream()
    show = Progress(2, out, live=False)
    for e in HOSTILE:
        show(e, HOSTILE)
    assert out.getvalue().split("\n") == [*lines, ""]


def test_the_live_line_on_a_terminal_keeps_its_own_carriage_return(clock):
    from generator.terminal import for_person

    out = Terminal()
    show = Progress(2, for_person(out))  # what the command line hands it: its standard error, escaping
    assert show.live
    clock.now += 1.0
    show(HOSTILE[0], HOSTILE)
    assert out.getvalue() == "\r[##############..............] 1/2 done, 1 failed, 1.0/s, 0:01 left "
