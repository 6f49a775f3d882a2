"""Between QBRs: each plan kept per QBR, and the next one says what changed since."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
import yaml

from conftest import LIBRARY_ARGS, ROOT
from generator.cli import main
from generator.errors import UserError
from generator.generate import generate
from generator.history import anchor, baseline, history_name, read_plan
from generator.inputs.loader import load_account
from generator.inputs.models import Account
from generator.plan.models import Plan
from generator.plan.planner import plan

NORTHWIND = ROOT / "accounts" / "northwind-logistics.yaml"


def _plan(shipped, account: Account, as_of: date, previous: Plan | None = None) -> Plan:
    return plan(shipped.map, shipped.playbooks[account.segment], account, as_of=as_of, previous=previous)


def _next_quarter(account: Account, last: Plan, *, slip: str | None = None, pilot: str | None = None) -> Account:
    """The account a quarter on: what the last plan expected by the next QBR is adopted, except what slips."""
    next_qbr = last.quarters[0].end
    adoption = dict(account.adoption)
    for item in last.items:
        if item.end <= next_qbr and item.use_case not in (slip, pilot):
            adoption[item.use_case] = "adopted"
    if pilot is not None:
        adoption[pilot] = "piloting"
    return account.model_copy(update={"next_qbr": next_qbr, "adoption": adoption,
                                      "active_seats": min(account.licensed_seats, account.active_seats + 90)})


def test_since_says_what_was_adopted_what_slipped_and_what_runs_on(shipped):
    account = load_account(NORTHWIND, shipped)
    first = _plan(shipped, account, date(2026, 11, 22))
    due = [i for i in first.items if i.end <= first.quarters[0].end]
    assert len(due) >= 3
    slip, pilot = due[-1].use_case, due[-2].use_case
    later = _next_quarter(account, first, slip=slip, pilot=pilot)
    second = _plan(shipped, later, date(2027, 1, 5), previous=first)
    since = second.since
    assert since is not None
    assert since.previous_qbr == date(2027, 1, 12)
    assert second.account.next_qbr == date(2027, 4, 12)
    status = {p.use_case: p for p in since.planned}
    assert status[slip].status == "slipped"
    assert status[slip].new_end is not None
    assert (status[slip].new_end or status[slip].planned_end) > status[slip].planned_end
    assert status[pilot].status == "in_progress"
    assert since.done == len(due) - 2
    assert (since.active_then, since.active_now) == (310, 400)
    assert all(p.status == "adopted" for p in since.planned if p.use_case not in (slip, pilot))


def test_a_use_case_adopted_without_a_plan_is_named(shipped):
    account = load_account(NORTHWIND, shipped)
    first = _plan(shipped, account, date(2026, 11, 22))
    extra = first.backlog[0]
    later = _next_quarter(account, first)
    later = later.model_copy(update={"adoption": {**later.adoption, extra.use_case: "adopted"}})
    since = _plan(shipped, later, date(2027, 1, 5), previous=first).since
    assert since is not None
    assert extra.title in since.unplanned


@pytest.mark.slow
def test_a_year_of_qbrs_keeps_each_plan_and_compares_with_the_last(shipped, tmp_path):
    account = load_account(NORTHWIND, shipped)
    out = tmp_path / "output"
    as_of = date(2026, 11, 22)
    qbrs = []
    last: Plan | None = None
    for quarter in range(4):
        path = tmp_path / f"northwind-{quarter}.yaml"
        path.write_text(yaml.safe_dump(account.model_dump(mode="json", exclude_none=True), allow_unicode=True))
        list(generate([path], shipped, out, as_of, shared="test"))
        folder = out / "northwind-logistics"
        current = Plan.model_validate_json((folder / "plan.json").read_text())
        qbrs.append(current.account.next_qbr)
        assert sorted(p.name for p in (folder / "history").iterdir()) == [f"{q.isoformat()}.plan.json" for q in qbrs]
        assert (folder / history_name(qbrs[-1])).read_bytes() == (folder / "plan.json").read_bytes()
        if last is None:
            assert current.since is None
        else:
            assert current.since is not None
            assert current.since.previous_qbr == last.account.next_qbr
            expected = [i.use_case for i in last.items if i.end <= current.account.next_qbr]
            assert [p.use_case for p in current.since.planned] == expected
            assert current.since.done == len(expected) - (1 if quarter == 2 and expected else 0)
        last = current
        slip = next((i.use_case for i in current.items if i.quarter == 1), None) if quarter == 1 else None
        account = _next_quarter(account, current, slip=slip)
        as_of = current.quarters[0].end - timedelta(days=14)


def test_an_older_plan_is_refused_with_what_to_do(tmp_path, capsys):
    old = tmp_path / "plan.json"
    old.write_text(json.dumps({"schema_version": 2, "items": []}))
    assert main(["plan", *LIBRARY_ARGS, str(NORTHWIND), "--since", str(old)]) == 2
    err = capsys.readouterr().err
    assert "plan.json: a plan.json of schema 2; this version compares against schema 3 or 4 only" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("text", "expected"), [
    ("{not json", "not a plan.json"),
    ('{"schema_version": 3, "items": 5}', "not a valid plan.json"),
    ("[]", "a plan.json of schema None"),
])
def test_a_damaged_plan_is_a_located_error(tmp_path, text, expected):
    path = tmp_path / "plan.json"
    path.write_text(text)
    with pytest.raises(UserError) as info:
        read_plan(path)
    assert expected in str(info.value.problems[0])


def test_the_baseline_is_the_latest_plan_for_an_earlier_qbr(tmp_path, shipped):
    account = load_account(NORTHWIND, shipped)
    history = tmp_path / "history"
    history.mkdir()
    for day, schema in (("2026-04-12", 3), ("2026-07-12", 3), ("2026-10-12", 3), ("2026-11-12", 2),
                        ("2027-01-12", 3), ("junk", 3)):
        (history / f"{day}.plan.json").write_text(json.dumps({"schema_version": schema}))
    (history / "2026-12-01.plan.json").symlink_to(history / "2026-07-12.plan.json")
    assert baseline(tmp_path, date(2027, 1, 12)) == history / "2026-10-12.plan.json"  # 2026-11-12 is of schema 2
    assert baseline(tmp_path, date(2026, 7, 12)) == history / "2026-04-12.plan.json"
    assert baseline(tmp_path, date(2026, 4, 12)) is None
    assert anchor(shipped, account, date(2026, 11, 22)) == date(2027, 1, 12)


@pytest.mark.slow
def test_batch_compares_each_account_with_the_plan_in_its_folder(shipped, tmp_path):
    account = load_account(NORTHWIND, shipped)
    book, out = tmp_path / "book", tmp_path / "out"
    book.mkdir()
    source = book / "northwind.yaml"
    source.write_text(yaml.safe_dump(account.model_dump(mode="json", exclude_none=True)))
    args = [*LIBRARY_ARGS, str(book), "-o", str(out), "-j", "1"]
    assert main(["batch", *args, "--as-of", "2026-11-22"]) == 0
    first = Plan.model_validate_json((out / "northwind-logistics" / "plan.json").read_text())
    later = _next_quarter(account, first)
    source.write_text(yaml.safe_dump(later.model_dump(mode="json", exclude_none=True)))
    assert main(["batch", *args, "--as-of", "2027-03-29"]) == 0
    second = Plan.model_validate_json((out / "northwind-logistics" / "plan.json").read_text())
    assert second.since is not None
    assert second.since.previous_qbr == first.account.next_qbr
    assert len(list((out / "northwind-logistics" / "history").iterdir())) == 2
    assert main(["batch", *args, "--as-of", "2027-03-29"]) == 0  # nothing changed: nothing rendered again
    report = json.loads((out / "batch-report.json").read_text())
    assert report["counts"]["unchanged"] == 1


def test_the_shipped_history_reads_as_the_last_qbr_of_its_sample(shipped):
    kept = sorted((ROOT / "accounts" / "history").glob("*/*.plan.json"))
    assert kept
    for path in kept:
        previous = read_plan(path)
        account = load_account(ROOT / "accounts" / f"{path.parent.name}.yaml", shipped)
        assert previous.account.name == account.name
        assert previous.account.next_qbr.isoformat() == path.name.removesuffix(".plan.json")
        assert previous.account.next_qbr < anchor(shipped, account, date(2026, 11, 22))


def test_a_plan_made_for_another_account_is_refused(tmp_path, capsys):
    other = tmp_path / "plan.json"
    assert main(["plan", *LIBRARY_ARGS, str(ROOT / "accounts" / "kestrel-analytics.yaml"), "--json", "-o", str(other),
                 "--as-of", "2026-11-22"]) == 0
    capsys.readouterr()
    assert main(["plan", *LIBRARY_ARGS, str(NORTHWIND), "--since", str(other)]) == 2
    assert "plan.json: this plan.json is for 'Kestrel Analytics', not 'Northwind Logistics'" in capsys.readouterr().err


SAMPLE = next((ROOT / "accounts" / "history" / "brightline-studio").glob("*.plan.json"))


def _with_title(title: str) -> bytes:
    raw = json.loads(SAMPLE.read_text())
    raw["items"][0]["title"] = title
    return json.dumps(raw).encode()


# What each hostile plan is refused for, after its file's name (a pattern).
HOSTILE = {
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, ": not a plan.json: nesting deeper than 32 levels"),
    "left open": (b"[" * 2_000_000, ": not a plan.json: nesting deeper than 32 levels"),
    "deep in a string": (b'{"a": "' + b"[" * 10_000 + b'"}', ": a plan.json of schema None"),
    "huge int": (b'{"schema_version": 1' + b"0" * 5000 + b"}", ": schema_version: a number of 5,001 digits"),
    "huge text": (_with_title("x" * 1_000_000), r": items\.0\.title: a text of 1,000,000 characters; the limit is "
                                                r"20,000"),
    "huge key": (b'{"' + b"k" * 30_000 + b'": 1}', ": k{40}: a text of 30,000 characters"),
    "5 MB title": (_with_title("x" * 5_000_000), r": the file is 5\.0 MB; the limit is 2 MB for one plan\.json"),
    "too large": (SAMPLE.read_bytes() + b" " * 3_000_000, r": the file is 3\.0 MB; the limit is 2 MB"),
    "a million values": (b"[" + b"0," * 999_999 + b"0]", ": not a plan.json: more than 100,000 values"),
    "truncated": (SAMPLE.read_bytes()[:2000], r":\d+:\d+: not a plan.json: Expecting"),
    "not JSON": (b"hello", ":1:1: not a plan.json: Expecting value"),
    "NaN": (b'{"schema_version": NaN}', ": schema_version: NaN is not a JSON number"),
    "not an object": (b"[3]", ": a plan.json of schema None"),
    "wrong schema": (b'{"schema_version": 2}', ": a plan.json of schema 2; this version compares against schema 3"),
    "newer schema": (b'{"schema_version": 5}', ": a plan.json of schema 5"),
}


@pytest.mark.parametrize(("data", "expected"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_or_damaged_plan_is_a_located_error_naming_the_file(tmp_path, data, expected):
    path = tmp_path / "plan.json"
    path.write_bytes(data)
    with pytest.raises(UserError) as info:
        read_plan(path)
    assert re.match(re.escape(str(path)) + expected, str(info.value.problems[0]))
    assert len(info.value.problems) == 1


@pytest.mark.parametrize("case", ["deep nesting", "huge int", "huge text", "NaN"])
def test_plan_since_a_hostile_plan_is_refused_without_a_traceback(tmp_path, capsys, case):
    path = tmp_path / "last.plan.json"
    path.write_bytes(HOSTILE[case][0])
    assert main(["plan", *LIBRARY_ARGS, str(NORTHWIND), "--since", str(path)]) == 2
    err = capsys.readouterr().err
    assert re.search(re.escape(str(path)) + HOSTILE[case][1], err)
    assert "Traceback" not in err


@pytest.mark.parametrize("case", [case for case in HOSTILE if case != "wrong schema"])
def test_a_damaged_kept_plan_is_the_baseline_still_and_reading_it_says_what_to_do(tmp_path, case):
    history = tmp_path / "history"
    history.mkdir()
    (history / "2026-07-12.plan.json").write_bytes(SAMPLE.read_bytes())
    (history / "2026-10-12.plan.json").write_bytes(HOSTILE[case][0])
    damaged = history / "2026-10-12.plan.json"
    assert baseline(tmp_path, date(2027, 1, 12)) == damaged  # not passed over for the older plan
    with pytest.raises(UserError) as info:
        read_plan(damaged)
    assert str(info.value.problems[0]).endswith("; restore this kept plan from a backup, or remove it and the "
                                                "account is planned without its last review")


def test_only_a_kept_plan_of_an_older_schema_is_passed_over(tmp_path):
    history = tmp_path / "history"
    history.mkdir()
    (history / "2026-07-12.plan.json").write_bytes(SAMPLE.read_bytes())
    (history / "2026-10-12.plan.json").write_bytes(HOSTILE["wrong schema"][0])
    assert baseline(tmp_path, date(2027, 1, 12)) == history / "2026-07-12.plan.json"


def test_without_a_history_a_damaged_plan_json_is_the_baseline_and_an_older_one_is_not(tmp_path):
    (tmp_path / "plan.json").write_bytes(b"[" * 100_000)
    assert baseline(tmp_path, date(2027, 1, 12)) == tmp_path / "plan.json"
    (tmp_path / "plan.json").write_bytes(HOSTILE["wrong schema"][0])
    assert baseline(tmp_path, date(2027, 1, 12)) is None
    (tmp_path / "plan.json").write_bytes(SAMPLE.read_bytes())
    assert baseline(tmp_path, date(2027, 1, 12)) == tmp_path / "plan.json"
    assert baseline(tmp_path, date(2026, 1, 12)) is None  # made for a later QBR than this one
