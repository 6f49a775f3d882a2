"""A batch stopped halfway with Ctrl-C: nothing half-written, and the next run does exactly the rest; a Ctrl-C is
never lost, even while workers crash and are replaced."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

import pytest

from conftest import LIBRARY_ARGS, ROOT, write_book

pytestmark = pytest.mark.slow
AS_OF = "2026-11-21"
# Seconds, only for a run that hangs: the test waits for what the batch announces, and on a busy
# machine one real render can take tens of seconds.
SAFETY_NET = 600


@pytest.fixture(autouse=True)
def ctrl_c_not_ignored():
    """A child inherits an ignored Ctrl-C (as a runner started in the background has it); the batch must not."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def stop_when_announced(proc: subprocess.Popen[bytes], line_start: bytes, signum: int, group: bool = False) -> bytes:
    """Send ``signum`` (to its process group: started in a session of its own) as soon as the batch writes a
    progress line starting ``line_start``; return its stderr."""
    lines: list[bytes] = []
    announced = threading.Event()

    assert proc.stderr is not None

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if line.startswith(line_start):
                announced.set()
        announced.set()  # it ended without: the caller's assertions say how

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert announced.wait(SAFETY_NET), b"".join(lines).decode()[-2000:]
    if group:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    proc.wait(timeout=SAFETY_NET)
    reader.join(SAFETY_NET)
    proc.stderr.close()
    return b"".join(lines)


def test_an_interrupted_run_leaves_no_partial_file_and_the_next_run_completes(tmp_path):
    total = 4  # one at a time (-j 1): stopped after two, at least one is left for the next run
    src = write_book(tmp_path / "in", [f"Bakery {i}" for i in range(total)])
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "generator", "batch", str(src), "-o", str(out), "--as-of", AS_OF, "-j", "1",
           *LIBRARY_ARGS]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    err = stop_when_announced(proc, f"[2/{total}]".encode(), signal.SIGINT)  # the second account's files are in
    assert proc.returncode == 130, err.decode()[-2000:]
    assert not list(out.rglob("*.tmp"))
    for pdf in out.glob("*/*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
    done_before = len(list(out.glob("*/.inputs.sha256")))
    assert 2 <= done_before < total
    again = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=SAFETY_NET, check=False)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    counts = json.loads((out / "batch-report.json").read_text())["counts"]
    assert counts == {"generated": total - done_before, "unchanged": done_before, "failed": 0}


# The real command with a render that kills its worker: the pool forks a new worker for every account.
_CRASHING = """
import os, signal, sys, time
from generator.batch import pool
def render(library, account_json, *args, **options):
    if "Slow" in account_json:
        time.sleep(float(os.environ["SLOW_SECONDS"]))  # holds one worker until its time limit, long after the signal
    os.kill(os.getpid(), signal.SIGKILL)
pool.render_task, pool._warm = render, lambda: None
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_while_workers_crash_and_restart_stops_the_batch(tmp_path):
    src = write_book(tmp_path / "in", ["Slow"] + [f"Crash {i}" for i in range(60)])
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", _CRASHING, "batch", str(src), "-o", str(out), "--as-of",
                             "2026-11-21", "-j", "2", "--time-limit", "120", *LIBRARY_ARGS], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=ROOT, start_new_session=True,
                            env={**os.environ, "SLOW_SECONDS": str(SAFETY_NET)})
    # As a terminal sends Ctrl-C: to the whole group, workers included, while they are being replaced. With the time
    # limit, a lost Ctrl-C shows as exit 1 within two minutes rather than as a wait for the safety net.
    err = stop_when_announced(proc, b"[1/", signal.SIGINT, group=True)
    assert proc.returncode == 130, err.decode()[-2000:]
    assert b"interrupted; nothing half-written was left behind." in err
    assert b"Traceback" not in err, err.decode()[-2000:]
    assert b"Exception ignored" not in err, err.decode()[-2000:]
    assert not list(out.rglob("*.tmp"))
