"""A book's usage: read once, joined on ids, reported, and put into each account before planning and rendering."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from datetime import date

import pytest

from generator.batch.pool import Outcome, Task
from generator.batch.run import OUTPUTS, collect, entry_id, run_batch
from generator.cli import main
from generator.errors import UserError
from generator.inputs.models import Account
from generator.usage.book import read_book_usage
from usage_files import ROOT, write_csv

AS_OF = date(2026, 12, 1)
SAMPLE_USAGE = ROOT / "accounts" / "usage"


def test_two_accounts_with_one_id_are_refused_both_named(shipped, tmp_path):
    path = write_csv(tmp_path / "u.csv", [])
    with pytest.raises(UserError) as caught:
        read_book_usage(path, ROOT / "usecases", shipped.map, [("a.yaml", "X-1"), ("b.yaml", "X-1"), ("c.yaml", None)],
                        AS_OF)
    assert [p.location.file for p in caught.value.problems] == ["a.yaml", "b.yaml"]


def test_the_report_says_what_was_not_used(shipped, tmp_path):
    path = write_csv(tmp_path / "u.csv", ["X-1,2026-11-30,,pages_created,3", "old,2026-11-30,,pages_created,3",
                                          "X-1,2026-12-02,,pages_created,3"])
    book = read_book_usage(path, ROOT / "usecases", shipped.map, [("a.yaml", "X-1"), ("b.yaml", None)], AS_OF)
    assert book.report() == [
        "usage: 3 rows from 1 file(s) up to 2026-12-01; 1 account(s) of the book have usage data",
        "usage: 1 rows for 1 account id(s) the book does not have, not used: old (1)",
        "usage: 1 rows dated after 2026-12-01, not used",
        "usage: 1 account(s) have no id to join usage on; their values are as typed"]


def test_plan_with_usage_measures_the_account_and_the_brief_says_so(capsys):
    assert main(["plan", str(ROOT / "accounts" / "kestrel-analytics.yaml"), "--usage", str(SAMPLE_USAGE),
                 "--as-of", "2026-12-01", "--brief"]) == 0
    out, err = capsys.readouterr()
    assert "adoption.product-roadmap: adopted (the file said piloting) - 52.5% of 40 people active" in out
    assert "usage: 9,411 rows for 1 account id(s) the book does not have, not used: ACC-10042 (9,411)" in err


def test_plan_json_carries_the_evidence(capsys):
    main(["plan", str(ROOT / "accounts" / "brightline-studio.yaml"), "--usage", str(SAMPLE_USAGE),
          "--as-of", "2026-12-01", "--json"])
    plan = json.loads(capsys.readouterr().out)
    runbooks = next(m for m in plan["measured"] if m["field"] == "adoption.eng-runbooks")
    assert (runbooks["value"], runbooks["typed"], runbooks["base"]) == ("piloting", None, 70)
    assert any(i["use_case"] == "eng-runbooks" and i["kind"] == "finish" for i in plan["items"])


def test_plan_with_usage_refuses_an_account_without_an_id(capsys, tmp_path):
    shutil.copy(ROOT / "accounts" / "pinecone-bakery.yaml", tmp_path / "p.yaml")
    assert main(["plan", str(tmp_path / "p.yaml"), "--usage", str(SAMPLE_USAGE)]) == 2
    assert "the account has no id, and usage data is joined on it" in capsys.readouterr().err


def test_bad_usage_data_stops_the_plan_with_every_problem(capsys, tmp_path):
    path = write_csv(tmp_path / "u.csv", ["ACC-10317,2026-11-30,,pages_creatd,3", "ACC-10317,2026-13-01,,pages,3"])
    assert main(["plan", str(ROOT / "accounts" / "kestrel-analytics.yaml"), "--usage", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:row 2: metric 'pages_creatd' is not defined (did you mean 'pages_created'?)" in err
    assert f"{path}:row 3: day '2026-13-01' is not a date (YYYY-MM-DD); metric 'pages' is not defined" in err


class Seen:
    """A runner that renders nothing and keeps the accounts it was given."""

    def __init__(self) -> None:
        self.accounts: list[Account] = []

    def __call__(self, tasks: Iterable[Task]) -> Iterable[Outcome]:
        for task in tasks:
            self.accounts.append(Account.model_validate_json(task.account_json))
            yield Outcome(task.index, True, dict.fromkeys(OUTPUTS, b"x"), seconds=0.1)


def _batch(src, out, shipped, usage_path):
    entries = collect(src, shipped)
    book = read_book_usage(usage_path, ROOT / "usecases", shipped.map, [(e.source, entry_id(e)) for e in entries],
                           AS_OF)
    runner = Seen()
    run_batch(entries, out, library=shipped, shared="v1", as_of=AS_OF, force=False, runner=runner,
              measure=book.derive)
    return entries, runner


def test_a_batch_renders_again_only_the_accounts_whose_usage_changed(shipped, tmp_path):
    src = tmp_path / "book"
    src.mkdir()
    for name in ("brightline-studio", "kestrel-analytics", "pinecone-bakery"):
        shutil.copy(ROOT / "accounts" / f"{name}.yaml", src)
    data = tmp_path / "usage"
    shutil.copytree(SAMPLE_USAGE, data)
    _, runner = _batch(src, tmp_path / "out", shipped, data)
    assert [a.measured != [] for a in runner.accounts] == [True, True, False]
    _, again = _batch(src, tmp_path / "out", shipped, data)
    assert again.accounts == []
    write_csv(data / "account_id=ACC-10042" / "more.csv", ["2026-11-30,,wiki_readers,1"],
              "day,department,metric,value")
    _, third = _batch(src, tmp_path / "out", shipped, data)
    assert [a.name for a in third.accounts] == []  # the largest of one day is kept: 1 reader changes nothing
    write_csv(data / "account_id=ACC-10042" / "more.csv", ["2026-11-30,,docs_created,40"],
              "day,department,metric,value")
    _, fourth = _batch(src, tmp_path / "out", shipped, data)
    assert [a.name for a in fourth.accounts] == ["Brightline Studio"]


def test_a_csv_book_joins_on_its_id_column(shipped, tmp_path):
    from generator.inputs.csv_accounts import export_csv
    from generator.inputs.loader import load_account

    accounts = [load_account(ROOT / "accounts" / f"{n}.yaml", shipped) for n in ("kestrel-analytics", "lumen-robotics")]
    (tmp_path / "book.csv").write_text(export_csv(accounts, shipped.map))
    _, runner = _batch(tmp_path / "book.csv", tmp_path / "out", shipped, SAMPLE_USAGE)
    assert [entry_id(e) for e in collect(tmp_path / "book.csv", shipped)] == ["ACC-10317", None]
    assert [bool(a.measured) for a in runner.accounts] == [True, False]


@pytest.mark.parametrize(("key", "typed"), [
    ("measured", "\n  - {field: active_seats, value: '9', metric: active_users, basis: latest, amount: 9}"),
    ("trend", " {metric: active_users, months: [2026-11-30], active_seats: [9], licensed_seats: [9]}"),
])
def test_an_account_file_cannot_type_measured_values(shipped, tmp_path, key, typed):
    from generator.inputs.loader import load_account

    text = (ROOT / "accounts" / "kestrel-analytics.yaml").read_text()
    (tmp_path / "k.yaml").write_text(f"{text}{key}:{typed}\n")
    with pytest.raises(UserError, match=f"{key}: is written from usage data"):
        load_account(tmp_path / "k.yaml", shipped)


def test_generate_with_usage_measures_each_account_before_rendering(tmp_path, capsys, monkeypatch):
    rendered: list[Account] = []

    def render(library, account, as_of, previous=None, theme=None, *, outputs=None):
        from generator.render.documents import Documents

        rendered.append(account)
        plan = {"schema_version": 4, "account": {"next_qbr": "2999-01-01"}}
        return Documents({"roadmap.pdf": b"%PDF", "charter.pdf": b"%PDF", "plan.json": json.dumps(plan).encode()})

    monkeypatch.setattr("generator.generate.render_account", render)
    names = ("kestrel-analytics", "brightline-studio", "pinecone-bakery")
    assert main(["generate", *(str(ROOT / "accounts" / f"{n}.yaml") for n in names), "--usage", str(SAMPLE_USAGE),
                 "-o", str(tmp_path / "out"), "--as-of", "2026-12-01"]) == 0
    assert [(a.name, bool(a.measured), a.trend is not None) for a in rendered] == [
        ("Kestrel Analytics", True, True), ("Brightline Studio", True, True), ("Pinecone Bakery Co.", False, False)]
    assert "usage: 1 account(s) have no id to join usage on; their values are as typed" in capsys.readouterr().err


def test_the_sample_data_runs_past_as_of_and_none_of_it_is_used(shipped):
    """The shipped sample has a month after the demo's as-of date: reported, and never in a measured value."""
    ids = [("b", "ACC-10042"), ("k", "ACC-10317")]
    book = read_book_usage(SAMPLE_USAGE, ROOT / "usecases", shipped.map, ids, AS_OF)
    later = read_book_usage(SAMPLE_USAGE, ROOT / "usecases", shipped.map, ids, date(2026, 12, 31))
    assert book.usage.after_as_of > 0
    assert later.usage.after_as_of == 0
    for _, account_id in ids:
        assert book.usage.accounts[account_id].trend != later.usage.accounts[account_id].trend
        assert max(d for values in book.usage.accounts[account_id].series.values() for d in values) == AS_OF


def test_the_brief_lists_the_seats_month_by_month(capsys):
    main(["plan", str(ROOT / "accounts" / "brightline-studio.yaml"), "--usage", str(SAMPLE_USAGE),
          "--as-of", "2026-12-01"])
    out = capsys.readouterr().out
    assert "Seats month by month from usage data (month-ends Dec 2025 to Nov 2026, active_users):" in out
    assert "  licensed seats: 180 180 180 180 180 180 212 212 212 212 212 220" in out
