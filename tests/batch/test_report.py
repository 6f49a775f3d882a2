"""What a batch tells afterwards: the JSON report and the table a person reads."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from generator.batch.report import counts_line, report, report_table, write_report
from generator.batch.run import Entry
from generator.terminal import for_terminal

ENTRIES = [
    Entry("accounts/alpha.yaml", name="Alpha Bakery", slug="alpha-bakery", status="generated", seconds=1.23456),
    Entry("accounts/zeta.yaml", name="Zeta", slug="zeta", status="unchanged"),
    Entry("accounts/bad.yaml", status="failed", reason="licensed_seats: expected integer, got text 'many'"),
    Entry("book.csv:row 7", name="Beta Logistics International", slug="beta", status="failed",
          reason="the worker stopped while rendering it (killed by SIGKILL)", seconds=0.4),
]


def test_the_report_counts_every_outcome_and_lists_every_account():
    data = report(ENTRIES, as_of=date(2026, 11, 21), seconds=12.3456, jobs=2)
    assert data["counts"] == {"generated": 1, "unchanged": 1, "failed": 2}
    assert data["as_of"] == "2026-11-21"
    assert data["seconds"] == 12.35
    assert data["jobs"] == 2
    assert [row["source"] for row in data["accounts"]] == [e.source for e in ENTRIES]
    assert data["accounts"][0] == {"source": "accounts/alpha.yaml", "name": "Alpha Bakery", "slug": "alpha-bakery",
                                   "status": "generated", "reason": "", "seconds": 1.235}


def test_the_report_is_written_as_readable_json(tmp_path: Path):
    data = report(ENTRIES, as_of=date(2026, 11, 21), seconds=1, jobs=1)
    path = write_report(tmp_path, data)
    assert path == tmp_path / "batch-report.json"
    assert json.loads(path.read_text(encoding="utf-8")) == data
    assert counts_line(data, path) == f"1 generated, 1 unchanged, 2 failed in 1.0 s; report: {path}"


def test_the_table_lists_failures_first_with_where_and_why():
    lines = report_table(ENTRIES).splitlines()
    width = len("Beta Logistics International")
    assert lines[0] == f"{'account':<{width}}  status       time  reason"
    assert lines[1] == "-" * (width + 30)
    assert lines[2] == (f"{'accounts/bad.yaml':<{width}}  failed             accounts/bad.yaml: "
                        "licensed_seats: expected integer, got text 'many'")
    assert lines[3] == ("Beta Logistics International  failed       0.4s  book.csv:row 7: "
                        "the worker stopped while rendering it (killed by SIGKILL)")
    assert lines[4] == f"{'Alpha Bakery':<{width}}  generated    1.2s"
    assert lines[5] == f"{'Zeta':<{width}}  unchanged"
    assert len(lines) == 6


def test_names_in_wide_scripts_keep_the_columns_in_line():
    entries = [Entry("a.yaml", name="株式会社さくら物流", status="generated", seconds=2.0),
               Entry("b.yaml", name="Pinecone Bakery Co.", status="generated", seconds=1.0)]
    lines = report_table(entries).splitlines()[2:]
    wide = len("株式会社さくら物流")  # each of these takes two columns
    assert lines[0].index("generated") + wide == lines[1].index("generated")


def test_on_a_terminal_account_text_is_shown_and_the_columns_measured_as_shown():
    entries = [Entry("a.yaml", name="Evil\rCorp", status="generated", seconds=2.0),
               Entry("b\x1b.yaml", status="failed", reason="name: \u202ebad"),
               Entry("c.yaml", name="Pinecone Bakery Co.", status="generated", seconds=1.0)]
    lines = report_table(entries, for_terminal).splitlines()
    width = len("Pinecone Bakery Co.")
    assert lines[2] == "b\\x1b.yaml".ljust(width) + "  failed             b\\x1b.yaml: name: \\u202ebad"
    assert lines[3] == "Evil\\x0dCorp".ljust(width) + "  generated    2.0s"
    assert not any(c in "\r\x1b\u202e" for c in "".join(lines))


def test_a_csv_rows_problem_names_its_row_once_in_the_table(tmp_path: Path, shipped):
    from generator.batch.run import collect, reason_for

    book = tmp_path / "book.csv"
    book.write_text("name,segment,locale,contract_start,licensed_seats,active_seats,health_score,next_qbr,csm_name,"
                    "csm_title\nAcme,scael,en-US,2026-01-05,120,83,72,2027-01-15,Dana Reyes,CSM\n", encoding="utf-8")
    entry = collect(book, shipped)[0]
    assert entry.row is not None
    checked = entry.row.check(shipped)
    entry.status, entry.reason = "failed", reason_for(entry.source, checked.problems)
    line = report_table([entry]).splitlines()[2]
    assert line.count("row 2") == 1, line
    assert line.endswith(f"{book}:row 2: column 'segment': no playbook for segment 'scael' (did you mean 'scale'?)")
