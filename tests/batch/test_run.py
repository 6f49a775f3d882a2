"""Batch bookkeeping on a fake runner: collecting, isolating bad accounts, skipping what has not changed."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SMALL_ACCOUNT, write_book
from generator.batch.pool import Outcome, Task
from generator.batch.run import (
    OUTPUTS,
    Entry,
    collect,
    run_batch,
    sweep_temporary_files,
)
from generator.errors import UserError
from generator.generate import checks
from generator.inputs.csv_accounts import export_csv
from generator.inputs.models import Account
from generator.plan.models import PLAN_SCHEMA_VERSION
from generator.render.fingerprint import STAMP, fingerprint, shared_fingerprint
from generator.render.formats import Outputs

AS_OF = date(2026, 11, 21)


class FakeRunner:
    """Renders nothing: returns a few bytes per file naming the account, and fails accounts named 'Broken'."""

    def __init__(self) -> None:
        self.rendered: list[str] = []

    def __call__(self, tasks: Iterable[Task]) -> Iterable[Outcome]:
        for task in tasks:
            account = Account.model_validate_json(task.account_json)
            self.rendered.append(account.name)
            if "Broken" in account.name:
                yield Outcome(task.index, False, error="RuntimeError: layout failed", seconds=0.5)
            else:
                yield Outcome(task.index, True, {n: f"{n} of {account.name}".encode() for n in OUTPUTS}, seconds=0.5)


@pytest.fixture
def library_copy(tmp_path) -> tuple[Path, Path]:
    shutil.copytree(ROOT / "usecases", tmp_path / "lib" / "usecases")
    shutil.copytree(ROOT / "playbooks", tmp_path / "lib" / "playbooks")
    return tmp_path / "lib" / "usecases", tmp_path / "lib" / "playbooks"


def batch(source: Path, out: Path, library, *, as_of: date = AS_OF, force: bool = False,
          shared: str = "library-v1") -> tuple[list[Entry], FakeRunner]:
    runner = FakeRunner()
    entries = run_batch(collect(source, library), out, library=library, shared=shared, as_of=as_of, force=force,
                        runner=runner)
    return entries, runner


def statuses(entries: list[Entry]) -> dict[str, str]:
    return {e.name or e.source: e.status for e in entries}


def test_an_account_whose_pins_the_planner_cannot_check_in_its_budget_fails_alone(tmp_path, shipped, monkeypatch):
    import generator.generate as job

    never, real = threading.Event(), job.plan

    def stalls(umap, book, account, **kw):  # runs away on the pinned account, however fast the machine
        if account.name == "Brightline Studio":
            never.wait(600)
        return real(umap, book, account, **kw)

    monkeypatch.setattr(job, "plan", stalls)
    monkeypatch.setattr(job, "PLAN_SECONDS", 0.05)
    src = write_book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    shutil.copy(ROOT / "accounts" / "brightline-studio.yaml", src / "pinned.yaml")
    account_checks = checks(shipped, AS_OF)
    entries = run_batch(collect(src, shipped, account_checks), tmp_path / "out", library=shipped, shared="v1",
                        as_of=AS_OF, force=False, runner=FakeRunner(), checks=account_checks)
    assert [e.status for e in entries] == ["generated", "generated", "failed"]
    assert "planning this account took longer than 0.05 s" in entries[2].reason


def test_collect_fails_a_bad_account_alone_with_its_located_reason(tmp_path, shipped):
    src = write_book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    (src / "bad.yaml").write_text(yaml.safe_dump({**SMALL_ACCOUNT, "name": "Gamma", "licensed_seats": "many"}))
    entries = collect(src, shipped)
    assert [e.status for e in entries] == ["pending", "pending", "failed"]
    assert entries[2].source.endswith("bad.yaml")
    assert "licensed_seats: expected integer, got text 'many'" in entries[2].reason


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d, "no account files (*.yaml) in this folder"),
    (lambda d: (d / "notes.txt", (d / "notes.txt").write_text("x"))[0], "expected a folder of account YAML files"),
    (lambda d: d / "missing", "expected a folder of account YAML files"),
])
def test_collect_refuses_what_is_not_a_book(tmp_path, shipped, make, message):
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        collect(make(tmp_path), shipped)


def test_an_account_with_a_pin_and_a_typo_fails_alone_and_the_others_are_rendered(tmp_path, shipped):
    src = write_book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    pinned = (ROOT / "accounts" / "brightline-studio.yaml").read_text()
    (src / "pinned.yaml").write_text(pinned.replace("company-docs: adopted", "company-docz: adopted"))
    account_checks = checks(shipped, AS_OF)
    entries = run_batch(collect(src, shipped, account_checks), tmp_path / "out", library=shipped, shared="v1",
                        as_of=AS_OF, force=False, runner=FakeRunner(), checks=account_checks)
    assert statuses(entries) == {"Alpha Bakery": "generated", "Beta Bakery": "generated",
                                 entries[2].source: "failed"}
    assert "adoption.company-docz: unknown use case 'company-docz'" in entries[2].reason


def test_a_csv_export_collects_the_same_accounts_as_the_folder(tmp_path, shipped):
    src = write_book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    from_folder = collect(src, shipped)
    (tmp_path / "book.csv").write_text(export_csv([e.account for e in from_folder if e.account], shipped.map))
    from_csv = collect(tmp_path / "book.csv", shipped)
    # The CSV lists departments by persona; the planner, and so the fingerprint, ignore their order.
    checked = [e.row.check(shipped).account for e in from_csv if e.row is not None]  # rows are checked when reached
    assert [fingerprint("lib", a, AS_OF) for a in checked if a is not None] == \
        [fingerprint("lib", e.account, AS_OF) for e in from_folder if e.account]
    assert len(from_csv) == 2
    assert [e.source.rsplit(":", 1)[-1] for e in from_csv] == ["row 2", "row 3"]


def test_an_unknown_csv_column_stops_the_file(tmp_path, shipped):
    (tmp_path / "book.csv").write_text("name,segmnt\nAcme,scale\n")
    with pytest.raises(UserError, match=r"column 2 'segmnt': unknown column \(did you mean 'segment'\?\)"):
        collect(tmp_path / "book.csv", shipped)


def test_each_account_gets_its_files_and_a_stamp(tmp_path, shipped):
    entries, _ = batch(write_book(tmp_path / "in", ["Alpha Bakery"]), tmp_path / "out", shipped)
    assert statuses(entries) == {"Alpha Bakery": "generated"}
    folder = tmp_path / "out" / "alpha-bakery"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*OUTPUTS, STAMP, "history"])
    assert (folder / "roadmap.pdf").read_bytes() == b"roadmap.pdf of Alpha Bakery"
    assert [p.name for p in (folder / "history").iterdir()] == [f"{entries[0].qbr}.plan.json"]
    assert (folder / STAMP).read_text().strip() == entries[0].fingerprint
    assert entries[0].seconds == 0.5


def test_a_failed_render_fails_alone_and_writes_nothing(tmp_path, shipped):
    entries, _ = batch(write_book(tmp_path / "in", ["Alpha Bakery", "Broken Bakery"]), tmp_path / "out", shipped)
    assert statuses(entries) == {"Alpha Bakery": "generated", "Broken Bakery": "failed"}
    assert entries[1].reason == "RuntimeError: layout failed"
    assert not (tmp_path / "out" / "broken-bakery").exists()


def test_names_that_make_one_folder_get_a_suffix_each(tmp_path, shipped):
    entries, runner = batch(write_book(tmp_path / "in", ["Alpha Bakery", "Alpha  Bakery!", "Beta"]), tmp_path / "out",
                            shipped)
    assert statuses(entries) == {"Alpha Bakery": "generated", "Alpha  Bakery!": "generated", "Beta": "generated"}
    folders = [e.slug for e in entries]
    assert folders[0].startswith("alpha-bakery-")
    assert folders[1].startswith("alpha-bakery-")
    assert folders[0] != folders[1]
    assert folders[2] == "beta"
    # The suffix comes from the name alone, so the order of the book does not move anyone's folder.
    reordered = write_book(tmp_path / "in2", ["Beta", "Alpha  Bakery!", "Alpha Bakery"])
    again, _ = batch(reordered, tmp_path / "out", shipped)
    assert [e.slug for e in again] == list(reversed(folders))
    assert runner.rendered == ["Alpha Bakery", "Alpha  Bakery!", "Beta"]


def test_the_same_account_twice_fails_the_second_alone(tmp_path, shipped):
    entries, runner = batch(write_book(tmp_path / "in", ["Alpha Bakery", "Alpha Bakery"]), tmp_path / "out", shipped)
    assert [e.status for e in entries] == ["generated", "failed"]
    assert entries[1].reason.startswith(f"the same account name as {entries[0].source}; ")
    assert runner.rendered == ["Alpha Bakery"]


def rerun_after(tmp_path, shipped, change) -> dict[str, str]:
    """Run a book of two, apply ``change``, run again; return the second run's statuses."""
    src = write_book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"])
    out = tmp_path / "out"
    batch(src, out, shipped)
    kwargs = change(src, out)
    entries, _ = batch(src, out, shipped, **kwargs)
    return statuses(entries)


def _edit_beta(src: Path, out: Path) -> dict:
    data = yaml.safe_load((src / "a01.yaml").read_text())
    data["health"]["score"] = 41
    (src / "a01.yaml").write_text(yaml.safe_dump(data))
    return {}


@pytest.mark.parametrize(("change", "expected"), [
    (lambda src, out: {}, {"Alpha Bakery": "unchanged", "Beta Bakery": "unchanged"}),
    (_edit_beta, {"Alpha Bakery": "unchanged", "Beta Bakery": "generated"}),
    (lambda src, out: {"as_of": date(2026, 11, 22)}, {"Alpha Bakery": "generated", "Beta Bakery": "generated"}),
    (lambda src, out: {"shared": "library-v2"}, {"Alpha Bakery": "generated", "Beta Bakery": "generated"}),
    (lambda src, out: {"force": True}, {"Alpha Bakery": "generated", "Beta Bakery": "generated"}),
    (lambda src, out: (out / "beta-bakery" / "charter.pdf").unlink() or {},
     {"Alpha Bakery": "unchanged", "Beta Bakery": "generated"}),
    (lambda src, out: (out / "alpha-bakery" / STAMP).write_text("stale\n") and {},
     {"Alpha Bakery": "generated", "Beta Bakery": "unchanged"}),
], ids=["nothing", "account edited", "as-of", "library", "force", "file deleted", "stale stamp"])
def test_only_what_changed_is_rendered_again(tmp_path, shipped, change, expected):
    assert rerun_after(tmp_path, shipped, change) == expected


def test_the_shared_fingerprint_follows_library_and_playbook_edits(library_copy):
    usecases, playbooks = library_copy
    before = shared_fingerprint(usecases, playbooks)
    assert shared_fingerprint(usecases, playbooks) == before
    (usecases / "README.md").write_text("notes for enablement")  # not part of the library
    assert shared_fingerprint(usecases, playbooks) == before
    digital = playbooks / "digital.yaml"
    digital.write_text(digital.read_text().replace("max_new_use_cases_per_quarter: 2",
                                                   "max_new_use_cases_per_quarter: 3"))
    after_playbook = shared_fingerprint(usecases, playbooks)
    assert after_playbook != before
    wiki = usecases / "company.yaml"
    wiki.write_text(wiki.read_text() + "\n# a comment changes the file, so the documents are made again\n")
    assert shared_fingerprint(usecases, playbooks) != after_playbook


def test_the_shared_fingerprint_follows_the_renderer_not_the_web_app(tmp_path, monkeypatch):
    """A template or stylesheet of the documents re-renders them; a page of the web app does not."""
    import generator.render.fingerprint as fp

    package = tmp_path / "generator"
    shutil.copytree(ROOT / "generator", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fp, "files", lambda name: package)
    before = shared_fingerprint(ROOT / "usecases", ROOT / "playbooks")
    page = package / "web" / "templates" / "book.html.j2"
    page.write_text(page.read_text("utf-8") + "{# a new column #}\n", "utf-8")
    assert shared_fingerprint(ROOT / "usecases", ROOT / "playbooks") == before
    css = package / "templates" / "document.css"
    css.write_text(css.read_text("utf-8") + "\n/* wider margins */\n", "utf-8")
    assert shared_fingerprint(ROOT / "usecases", ROOT / "playbooks") != before


def test_the_account_fingerprint_ignores_the_order_of_departments_and_adoption(shipped):
    account = Account.model_validate(yaml.safe_load((ROOT / "accounts" / "northwind-logistics.yaml").read_text()))
    shuffled = account.model_copy(update={"departments": list(reversed(account.departments)),
                                          "adoption": dict(reversed(list(account.adoption.items())))})
    assert len(account.departments) > 1
    assert fingerprint("lib", shuffled, AS_OF) == fingerprint("lib", account, AS_OF)
    assert fingerprint("lib", account, date(2026, 11, 22)) != fingerprint("lib", account, AS_OF)


def test_stale_temporary_files_from_a_killed_run_are_swept(tmp_path):
    (tmp_path / "acme" / "history").mkdir(parents=True)
    (tmp_path / "acme" / ".roadmap.pdf.x1b2c3d4.tmp").write_bytes(b"%PDF-half")
    (tmp_path / "acme" / "history" / ".2027-01-12.plan.json.k_9q2zz0.tmp").write_bytes(b"{")
    (tmp_path / ".batch-report.json.x2abcdef.tmp").write_text("{")
    (tmp_path / "acme" / "roadmap.pdf").write_bytes(b"%PDF-whole")
    (tmp_path / "acme" / ".notes.tmp").write_text("the CSM's own, not ours")
    assert sweep_temporary_files(tmp_path) == 3
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [".notes.tmp", "roadmap.pdf"]
    assert sweep_temporary_files(tmp_path / "missing") == 0


def test_the_sweep_never_follows_a_link_out_of_the_output_folder(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".precious.tmp").write_text("not ours")
    out = tmp_path / "out"
    out.mkdir()
    (out / "linked").symlink_to(elsewhere)
    (out / ".link.tmp").symlink_to(elsewhere / ".precious.tmp")
    assert sweep_temporary_files(out) == 0
    assert (elsewhere / ".precious.tmp").read_text() == "not ours"


def test_an_account_folder_that_links_out_fails_that_account_alone(tmp_path, shipped):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "alpha-bakery").symlink_to(elsewhere)
    entries, _ = batch(write_book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"]), tmp_path / "out", shipped)
    assert statuses(entries) == {"Alpha Bakery": "failed", "Beta Bakery": "generated"}
    assert entries[0].reason.startswith("cannot write its files: refusing to write outside the output folder")
    assert list(elsewhere.iterdir()) == []


def test_an_entry_that_is_not_an_account_file_is_a_line_in_the_report(tmp_path, shipped):
    src = write_book(tmp_path / "in", ["Alpha Bakery"])
    (src / "loop.yaml").symlink_to(src / "loop.yaml")
    (src / "folder.yaml").mkdir()
    (src / "notes.txt").write_text("not an account")  # not named like one: not part of the book
    entries = collect(src, shipped)
    reasons = {e.source.rsplit("/", 1)[-1]: e.reason for e in entries if e.status == "failed"}
    assert reasons["folder.yaml"] == "this is a folder; expected a YAML file"
    assert reasons["loop.yaml"].startswith("cannot read the file: ")
    assert len(entries) == 3


class ContentRunner:
    """Documents that hold the account as given, and a plan.json of this version for the QBR it is planned for."""

    def __call__(self, tasks: Iterable[Task]) -> Iterable[Outcome]:
        for task in tasks:
            plan = {"schema_version": PLAN_SCHEMA_VERSION, "account": {"next_qbr": "2999-01-01"},
                    "given": task.account_json}
            files = {n: task.account_json.encode() for n in OUTPUTS} | {"plan.json": json.dumps(plan).encode()}
            yield Outcome(task.index, True, files)


def test_a_run_that_fails_midway_leaves_the_old_documents_under_the_old_stamp(tmp_path, shipped):
    src, out = write_book(tmp_path / "in", ["Alpha Bakery"]), tmp_path / "out"
    original = (src / "a00.yaml").read_text()

    def run() -> str:
        entries = run_batch(collect(src, shipped), out, library=shipped, shared="v1", as_of=AS_OF, force=False,
                            runner=ContentRunner())
        return entries[0].status

    assert run() == "generated"
    before = {p.name: p.read_bytes() for p in (out / "alpha-bakery").iterdir() if p.is_file()}
    data = yaml.safe_load(original)
    data["notes"] = ["Renewal talks start in March"]
    (src / "a00.yaml").write_text(yaml.safe_dump(data))
    shutil.rmtree(out / "alpha-bakery" / "history")
    (out / "alpha-bakery" / "history").write_text("in the way")  # the write fails after the documents
    assert run() == "failed"
    assert {p.name: p.read_bytes() for p in (out / "alpha-bakery").iterdir() if p.is_file()} == {
        **before, "history": b"in the way"}
    (out / "alpha-bakery" / "history").unlink()
    (src / "a00.yaml").write_text(original)
    assert run() == "unchanged"
    assert "Renewal talks" not in (out / "alpha-bakery" / "plan.json").read_text()


def test_a_damaged_kept_plan_fails_its_account_alone_naming_the_file(tmp_path, shipped):
    src, out = write_book(tmp_path / "in", ["Alpha Bakery", "Beta Bakery"]), tmp_path / "out"
    kept = out / "alpha-bakery" / "history" / "2026-01-12.plan.json"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"[" * 100_000)
    entries, runner = batch(src, out, shipped)
    assert statuses(entries) == {"Alpha Bakery": "failed", "Beta Bakery": "generated"}
    assert entries[0].reason.startswith(f"{kept}: not a plan.json: nesting deeper than 32 levels; restore this "
                                        "kept plan from a backup, or remove it")
    assert runner.rendered == ["Beta Bakery"]


def test_a_batch_writes_the_formats_asked_for_and_renders_again_when_they_change(tmp_path, shipped):
    src = write_book(tmp_path / "book", ["Alpha Bakery"])
    out = tmp_path / "out"
    deck_only = Outputs(("pptx",))
    runner = FakeRunner()
    seen: list[Outputs | None] = []

    def watching(tasks: Iterable[Task]) -> Iterable[Outcome]:
        given = list(tasks)
        seen.extend(t.outputs for t in given)
        return runner(given)

    def run(outputs: Outputs) -> list[Entry]:
        shared = shared_fingerprint(ROOT / "usecases", ROOT / "playbooks", outputs=outputs)
        return run_batch(collect(src, shipped), out, library=shipped, shared=shared, as_of=AS_OF, force=False,
                         runner=watching, outputs=outputs)

    assert statuses(run(deck_only)) == {"Alpha Bakery": "generated"}
    assert seen == [deck_only]  # the worker is told what to make
    assert sorted(p.name for p in (out / "alpha-bakery").iterdir()) == sorted([STAMP, "history", "plan.json",
                                                                                "qbr.pptx"])
    assert statuses(run(deck_only)) == {"Alpha Bakery": "unchanged"}
    assert statuses(run(Outputs(("pptx",), notes=True))) == {"Alpha Bakery": "generated"}
    assert statuses(run(Outputs())) == {"Alpha Bakery": "generated"}
    assert {p.name for p in (out / "alpha-bakery").iterdir()} >= set(OUTPUTS)
