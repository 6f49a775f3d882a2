"""A batch stopped halfway with Ctrl-C: nothing half-written, and the next run does exactly the rest."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest

from conftest import LIBRARY_ARGS, ROOT, write_book

pytestmark = pytest.mark.slow
AS_OF = "2026-11-21"


def test_an_interrupted_run_leaves_no_partial_file_and_the_next_run_completes(tmp_path):
    total = 4  # one at a time (-j 1): stopped after two, at least one is left for the next run
    src = write_book(tmp_path / "in", [f"Bakery {i}" for i in range(total)])
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "generator", "batch", str(src), "-o", str(out), "--as-of", AS_OF, "-j", "1",
           *LIBRARY_ARGS]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*/.inputs.sha256"))) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()[-2000:]
    assert not list(out.rglob("*.tmp"))
    for pdf in out.glob("*/*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
    done_before = len(list(out.glob("*/.inputs.sha256")))
    assert 2 <= done_before < total
    again = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=300, check=False)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    counts = json.loads((out / "batch-report.json").read_text())["counts"]
    assert counts == {"generated": total - done_before, "unchanged": done_before, "failed": 0}
