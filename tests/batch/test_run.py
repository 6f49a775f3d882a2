"""Batches: CSV and folder agree, failures stay isolated, unchanged accounts are skipped, runs can be interrupted."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from generator.batch import pool
from generator.batch.pool import Limits
from generator.batch.run import collect, local_runner, run_batch, shared_fingerprint
from generator.cli import main
from generator.inputs.csv_accounts import export_csv
from generator.inputs.loader import load_account

AS_OF = "2026-11-21"
SMALL = yaml.safe_load((ROOT / "accounts" / "pinecone-bakery.yaml").read_text())


def book(folder: Path, names: list[str]) -> Path:
    """A folder of small accounts, one per name."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (folder / f"a{i:02d}.yaml").write_text(yaml.safe_dump({**SMALL, "name": name}))
    return folder


def batch(source: Path, out: Path, *extra: str) -> int:
    return main(["batch", str(source), "-o", str(out), "--as-of", AS_OF, "-j", "2",
                 "--usecases", str(ROOT / "usecases"), "--playbooks", str(ROOT / "playbooks"), *extra])


def pdfs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*/*.pdf"))}


def test_shipped_csv_is_the_export_of_the_sample_accounts(shipped):
    accounts = [load_account(p, shipped) for p in sorted((ROOT / "accounts").glob("*.yaml"))]
    assert (ROOT / "accounts" / "accounts.csv").read_text() == export_csv(accounts, shipped.map)


def test_folder_and_csv_give_the_same_pdfs(tmp_path, capsys):
    src = book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    assert main(["export-csv", *map(str, sorted(src.glob("*.yaml"))), "-o", str(tmp_path / "book.csv"),
                 "--usecases", str(ROOT / "usecases"), "--playbooks", str(ROOT / "playbooks")]) == 0
    assert batch(src, tmp_path / "from-yaml") == 0
    assert batch(tmp_path / "book.csv", tmp_path / "from-csv") == 0
    a, b = pdfs(tmp_path / "from-yaml"), pdfs(tmp_path / "from-csv")
    assert len(a) == 4
    assert a == b


def test_second_run_skips_and_a_library_edit_invalidates(tmp_path, capsys):
    src = book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    assert batch(src, tmp_path / "out") == 0
    assert batch(src, tmp_path / "out") == 0
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text())
    assert report["counts"] == {"generated": 0, "unchanged": 2, "failed": 0}
    library = tmp_path / "lib"
    shutil.copytree(ROOT / "usecases", library / "usecases")
    shutil.copytree(ROOT / "playbooks", library / "playbooks")
    digital = library / "playbooks" / "digital.yaml"
    text = digital.read_text()
    digital.write_text(text.replace("max_new_use_cases_per_quarter: 2", "max_new_use_cases_per_quarter: 3"))
    assert main(["batch", str(src), "-o", str(tmp_path / "out"), "--as-of", AS_OF, "-j", "2",
                 "--usecases", str(library / "usecases"), "--playbooks", str(library / "playbooks")]) == 0
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text())
    assert report["counts"]["generated"] == 2
    assert batch(src, tmp_path / "out", "--force") == 0
    assert json.loads((tmp_path / "out" / "batch-report.json").read_text())["counts"]["generated"] == 2


def test_a_bad_account_fails_alone(tmp_path, capsys):
    src = book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    (src / "bad.yaml").write_text(yaml.safe_dump({**SMALL, "name": "Gamma", "licensed_seats": "many"}))
    assert batch(src, tmp_path / "out") == 1
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text())
    assert report["counts"] == {"generated": 2, "unchanged": 0, "failed": 1}
    bad = next(a for a in report["accounts"] if a["status"] == "failed")
    assert bad["source"].endswith("bad.yaml")
    assert "licensed_seats: expected integer, got text 'many'" in bad["reason"]
    out = capsys.readouterr().out
    assert "2 generated, 0 unchanged, 1 failed" in out


def _render_or_die(library, account_json, as_of):
    if "Crash" in account_json:
        os.kill(os.getpid(), signal.SIGKILL)  # a hard crash: no exception, no cleanup
    if "Slow" in account_json:
        time.sleep(60)
    return REAL_RENDER(library, account_json, as_of)


REAL_RENDER = pool.render_task


def run(tmp_path, shipped, names, limits=None):
    src = book(tmp_path / "in", names)
    entries = collect(src, shipped)
    run_batch(entries, tmp_path / "out", shared=shared_fingerprint(ROOT / "usecases", ROOT / "playbooks"),
              as_of=date.fromisoformat(AS_OF), force=False,
              runner=local_runner(shipped, date.fromisoformat(AS_OF), 2, limits or Limits()))
    return {e.name: e for e in entries}


def test_a_worker_killed_mid_render_costs_only_its_account(tmp_path, shipped, monkeypatch):
    monkeypatch.setattr(pool, "render_task", _render_or_die)
    result = run(tmp_path, shipped, ["Alpha Bakery", "Crash Bakery", "Beta Bakery", "Delta Bakery"])
    assert result["Crash Bakery"].status == "failed"
    assert "killed by SIGKILL" in result["Crash Bakery"].reason
    assert [result[n].status for n in ("Alpha Bakery", "Beta Bakery", "Delta Bakery")] == ["generated"] * 3
    assert not (tmp_path / "out" / "crash-bakery").exists()


def test_a_runaway_account_is_stopped_at_the_time_limit(tmp_path, shipped, monkeypatch):
    monkeypatch.setattr(pool, "render_task", _render_or_die)
    start = time.perf_counter()
    result = run(tmp_path, shipped, ["Slow Bakery", "Alpha Bakery"], Limits(seconds=8))
    assert time.perf_counter() - start < 40
    assert result["Slow Bakery"].status == "failed"
    assert "8 s limit" in result["Slow Bakery"].reason
    assert result["Alpha Bakery"].status == "generated"


def test_workers_are_recycled(tmp_path, shipped):
    result = run(tmp_path, shipped, ["Alpha Bakery", "Beta Bakery", "Gamma Bakery"], Limits(recycle_after=1))
    assert all(e.status == "generated" for e in result.values())


def test_interrupted_run_leaves_no_partial_file_and_the_next_run_completes(tmp_path):
    src = book(tmp_path / "in", [f"Bakery {i}" for i in range(8)])
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "generator", "batch", str(src), "-o", str(out), "--as-of", AS_OF, "-j", "1",
           "--usecases", str(ROOT / "usecases"), "--playbooks", str(ROOT / "playbooks")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*/.inputs.sha256"))) < 2:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()[-2000:]
    assert not list(out.rglob("*.tmp"))
    for pdf in out.glob("*/*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
    done_before = len(list(out.glob("*/.inputs.sha256")))
    assert 2 <= done_before < 8
    again = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=300, check=False)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    counts = json.loads((out / "batch-report.json").read_text())["counts"]
    assert counts == {"generated": 8 - done_before, "unchanged": done_before, "failed": 0}


def test_dask_cluster_gives_the_same_pdfs_and_isolates_failures(tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    src = book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    (src / "bad.yaml").write_text(yaml.safe_dump({**SMALL, "name": "Gamma", "segment": "enterprize"}))
    assert batch(src, tmp_path / "local") == 1
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster:
        assert batch(src, tmp_path / "dask", "--scheduler", cluster.scheduler_address) == 1
    assert pdfs(tmp_path / "local") == pdfs(tmp_path / "dask")
    assert len(pdfs(tmp_path / "dask")) == 4
    report = json.loads((tmp_path / "dask" / "batch-report.json").read_text())
    assert report["counts"] == {"generated": 2, "unchanged": 0, "failed": 1}


def test_unreachable_scheduler_is_a_clear_error(tmp_path, capsys):
    pytest.importorskip("distributed")
    src = book(tmp_path / "in", ["Alpha Bakery"])
    assert batch(src, tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9") == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_stale_temporary_files_from_a_killed_run_are_swept(tmp_path):
    from generator.batch.run import sweep_temporary_files

    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / ".roadmap.pdf.x1.tmp").write_bytes(b"%PDF-half")
    (tmp_path / ".batch-report.json.x2.tmp").write_text("{")
    (tmp_path / "acme" / "roadmap.pdf").write_bytes(b"%PDF-whole")
    assert sweep_temporary_files(tmp_path) == 2
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["roadmap.pdf"]


def test_memory_limit_fails_the_account_with_a_clear_reason(tmp_path, shipped):
    result = run(tmp_path, shipped, ["Alpha Bakery"], Limits(memory_mb=64))
    assert result["Alpha Bakery"].status == "failed"
    assert "memory" in result["Alpha Bakery"].reason


def test_two_accounts_with_one_folder_fail_the_second_alone(tmp_path, shipped):
    result = run(tmp_path, shipped, ["Alpha Bakery", "Alpha  Bakery!"])
    assert result["Alpha Bakery"].status == "generated"
    assert result["Alpha  Bakery!"].status == "failed"
    assert "would write to the same folder 'alpha-bakery' as" in result["Alpha  Bakery!"].reason
