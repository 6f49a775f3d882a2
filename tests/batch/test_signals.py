"""A batch stopped from outside: SIGTERM stops it cleanly, and its workers never outlive it, even a SIGKILLed parent."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import LIBRARY_ARGS, ROOT, write_book

SAFETY_NET = 600  # seconds, only for a run that hangs: on a busy machine starting a batch can take a minute
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")]


def _children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def _start_batch(tmp_path: Path) -> tuple[subprocess.Popen[bytes], set[int], Path]:
    src = write_book(tmp_path / "in", [f"Bakery {i}" for i in range(6)])
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "generator", "batch", str(src), "-o", str(out), "--as-of",
                             "2026-11-21", "-j", "2", *LIBRARY_ARGS], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT)
    deadline = time.time() + SAFETY_NET  # the state waited for is both workers started; the deadline is only a net
    while time.time() < deadline and len(_children(proc.pid)) < 2 and proc.poll() is None:
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert len(workers) == 2
    return proc, workers, out


def _gone(pids: set[int], seconds: float = SAFETY_NET) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.05)
    return not any(_alive(p) for p in pids)


def test_sigterm_stops_the_batch_cleanly_and_its_workers_with_it(tmp_path):
    proc, workers, out = _start_batch(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=SAFETY_NET)
    assert proc.returncode == 130, err.decode()[-2000:]
    assert b"interrupted; nothing half-written was left behind." in err
    assert _gone(workers)
    assert not list(out.rglob("*.tmp"))


def test_workers_die_with_a_parent_killed_outright(tmp_path):
    proc, workers, _ = _start_batch(tmp_path)
    proc.kill()  # no handler runs: only the kernel can take the workers down
    proc.communicate(timeout=SAFETY_NET)
    assert _gone(workers)
