"""A newcomer's path through the guides, run as the guides show it.

Each guide marks the fenced blocks a reader types or writes with an HTML comment just above them
(invisible on the site): ``<!-- check: run -->`` runs each command of the block in a copy of the
repository's samples, ``<!-- check: output -->`` says lines the last commands printed,
``<!-- check: append FILE -->``, ``<!-- check: insert FILE after "LINE" -->`` and
``<!-- check: write FILE -->`` change a file as the reader is told to. The steps are read from the
guides themselves, so a guide that drifts from the tool fails here.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

GUIDES = ROOT / "docs" / "guides"
MARK = re.compile(r"^<!-- check: (?P<what>run|output|append|insert|write)(?P<args>[^>]*?) -->\n"
                  r"```[a-z]*\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
INSERT = re.compile(r'^\s*(?P<file>\S+) after "(?P<line>[^"]+)"$')
SAMPLES = ("usecases", "playbooks", "accounts", "schemas", "themes")


@dataclass(frozen=True)
class Step:
    what: str
    args: str
    body: str


def steps(guide: str) -> list[Step]:
    text = (GUIDES / guide).read_text("utf-8")
    return [Step(m["what"], m["args"].strip(), m["body"]) for m in MARK.finditer(text)]


def commands(body: str) -> list[str]:
    """A shell block's commands: one a line, a trailing backslash joining the next, comments left out."""
    joined = re.sub(r"\\\n\s*", " ", body)
    return [line.split(" #", 1)[0].strip() for line in joined.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def flat(text: str) -> str:
    return " ".join(text.split())


def shown(line: str, printed: str) -> bool:
    """A line the guide shows is in what was printed; its ``...`` stands for whatever the library counts there."""
    pattern = ".*?".join(re.escape(flat(part)) for part in line.split("..."))
    return re.search(pattern, flat(printed)) is not None


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """The shipped samples in a folder of their own, with ``playbook`` meaning this checkout's command."""
    for name in SAMPLES:
        shutil.copytree(ROOT / name, tmp_path / name)
    bin_dir = tmp_path / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "playbook"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator "$@"\n', "utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    return tmp_path


def run(workdir: Path, command: str) -> str:
    env = {**os.environ, "PATH": f"{workdir / '.bin'}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    done = subprocess.run(command, shell=True, cwd=workdir, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, f"{command}\nexit {done.returncode}\n{done.stdout}{done.stderr}"
    return done.stdout + done.stderr


def change(workdir: Path, step: Step) -> None:
    if step.what == "insert":
        found = INSERT.match(step.args)
        assert found, f"insert needs FILE after \"LINE\": {step.args}"
        target = workdir / found["file"]
        lines = target.read_text("utf-8").splitlines(keepends=True)
        at = next((i for i, line in enumerate(lines) if line.rstrip() == found["line"]), None)
        assert at is not None, f"{found['file']} has no line {found['line']!r} to add the guide's lines after"
        target.write_text("".join([*lines[:at + 1], step.body, *lines[at + 1:]]), "utf-8")
        return
    target = workdir / step.args
    if step.what == "write":
        target.write_text(step.body, "utf-8")
    else:
        target.write_text(target.read_text("utf-8") + step.body, "utf-8")


def follow(workdir: Path, guide: str) -> int:
    """Every checked step of a guide, in order; how many commands ran."""
    printed, ran = "", 0
    for step in steps(guide):
        if step.what == "run":
            printed = "".join(run(workdir, command) for command in commands(step.body))
            ran += len(commands(step.body))
        elif step.what == "output":
            for line in step.body.splitlines():
                assert shown(line, printed), f"{guide}: the guide shows {line.strip()!r}; the tool printed\n{printed}"
        else:
            change(workdir, step)
    return ran


@pytest.mark.parametrize(("guide", "least"), [("enablement.md", 7), ("csm.md", 7), ("admin.md", 5)])
def test_a_guide_s_checked_steps_are_there(guide, least):
    """The guides keep their checked steps (a marker with a typo would otherwise check nothing)."""
    text = (GUIDES / guide).read_text("utf-8")
    assert text.count("<!-- check:") == len(steps(guide))
    assert sum(len(commands(s.body)) for s in steps(guide) if s.what == "run") >= least


def test_the_enablement_guide_adds_a_use_case_that_an_account_gets(workdir):
    assert follow(workdir, "enablement.md") >= 7
    assert "eng-service-catalog" in (workdir / "usecases" / "engineering.yaml").read_text("utf-8")
    assert "Service catalogue" in (workdir / "output" / "usecase-map.svg").read_text("utf-8")  # on the map, as it says


@pytest.mark.slow
def test_the_csm_guide_prepares_a_qbr_on_a_sample_account(workdir):
    """Generate, the brief, a decision, since the last review, the deck: the documents are written where it says."""
    assert follow(workdir, "csm.md") >= 7
    folder = workdir / "output" / "brightline-studio"
    assert {p.name for p in folder.iterdir()} >= {"roadmap.pdf", "charter.pdf", "qbr.pptx", "charter.docx"}
    assert (folder / "history" / "2026-09-08.plan.json").read_bytes() == (
        ROOT / "accounts" / "history" / "brightline-studio" / "2026-09-08.plan.json").read_bytes()
    if shutil.which("pdftotext"):  # the roadmap opens with the last review and prints the decision's reason
        text = flat(subprocess.run(["pdftotext", str(folder / "roadmap.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout)
        assert "Since our last review" in text
        assert "Engineering moves to its new cloud platform first" in text


@pytest.mark.slow
def test_the_admin_guide_runs_the_book_from_the_crm_export(workdir):
    """The CSV export reads back as the shipped one, the batch renders it once, then skips what has not changed."""
    assert follow(workdir, "admin.md") >= 5
    assert (workdir / "output" / "accounts.csv").read_bytes() == (ROOT / "accounts" / "accounts.csv").read_bytes()
    assert (workdir / "output" / "northwind-logistics" / "roadmap.pdf").is_file()
