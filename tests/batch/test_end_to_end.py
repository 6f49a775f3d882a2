"""The batch command for real: WeasyPrint in forked workers, CSV and folder alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import LIBRARY_ARGS, SMALL_ACCOUNT, write_book
from generator.cli import main

pytestmark = pytest.mark.slow
AS_OF = "2026-11-21"


def pdfs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*/*.pdf"))}


def test_folder_and_csv_give_the_same_pdfs_and_a_bad_account_fails_alone(tmp_path, capsys):
    src = write_book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    assert main(["export-csv", *map(str, sorted(src.glob("*.yaml"))), "-o", str(tmp_path / "book.csv"),
                 *LIBRARY_ARGS]) == 0
    (src / "bad.yaml").write_text(yaml.safe_dump({**SMALL_ACCOUNT, "name": "Gamma", "licensed_seats": "many"}))
    common = ["--as-of", AS_OF, "-j", "2", *LIBRARY_ARGS]
    assert main(["batch", str(src), "-o", str(tmp_path / "from-yaml"), *common]) == 1
    out = capsys.readouterr().out
    assert "2 generated, 0 unchanged, 1 failed" in out
    assert "licensed_seats: expected integer, got text 'many'" in out
    assert main(["batch", str(tmp_path / "book.csv"), "-o", str(tmp_path / "from-csv"), *common]) == 0
    from_yaml, from_csv = pdfs(tmp_path / "from-yaml"), pdfs(tmp_path / "from-csv")
    assert len(from_yaml) == 4
    assert from_yaml == from_csv
    report = json.loads((tmp_path / "from-yaml" / "batch-report.json").read_text())
    assert report["counts"] == {"generated": 2, "unchanged": 0, "failed": 1}


def test_a_batch_and_a_generate_leave_nothing_in_the_temporary_folder(tmp_path):
    """WeasyPrint copies each @font-face's font to a temporary folder; the forked workers' copy and the parent's
    must both go when the run ends, or every run leaves megabytes behind on the machine."""
    import os
    import subprocess
    import sys

    src = write_book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    run = [sys.executable, "-m", "generator"]
    for args in (["batch", str(src), "-o", str(tmp_path / "out"), "-j", "2"],
                 ["generate", str(src / "a00.yaml"), "-o", str(tmp_path / "one")]):
        done = subprocess.run([*run, *args, "--as-of", AS_OF, *LIBRARY_ARGS], env=env, capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert list(scratch.iterdir()) == [], args[0]
    assert len(pdfs(tmp_path / "out")) == 4
