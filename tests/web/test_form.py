"""The decision form read strictly: any posted value that is not what a field holds is a problem, never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from starlette.datastructures import FormData
from starlette.testclient import TestClient

from generator.web.app import create_app
from generator.web.edit import Decision
from generator.web.form import decision
from web.test_app import BRIGHTLINE, csrf, settings_for, version

PIN = {"use_case": "eng-runbooks", "kind": "pin", "quarter": "2", "reason": "They asked."}
DEFER = {"use_case": "eng-runbooks", "kind": "defer", "until": "2027-04-01", "reason": "They asked."}
HUGE = "9" * 5000  # past the 4,300 digits int() reads

BAD = [
    ({**PIN, "quarter": "²"}, "quarter"),  # '²'.isdigit() is true
    ({**PIN, "quarter": "٣"}, "quarter"),
    ({**PIN, "quarter": "１"}, "quarter"),
    ({**PIN, "quarter": HUGE}, "quarter"),
    ({**PIN, "quarter": "-1"}, "quarter"),
    ({**PIN, "quarter": "0"}, "quarter"),
    ({**PIN, "quarter": ""}, "quarter"),
    ({**PIN, "quarter": " 2"}, "quarter"),
    ({**PIN, "quarter": "2\x00"}, "quarter"),
    ({**DEFER, "until": "２０２７-04-01"}, "until"),
    ({**DEFER, "until": "20270401"}, "until"),  # fromisoformat alone reads it
    ({**DEFER, "until": "2027-W13-1"}, "until"),
    ({**DEFER, "until": "2027-02-30"}, "until"),
    ({**DEFER, "until": HUGE}, "until"),
    ({**DEFER, "until": ""}, "until"),
    ({**PIN, "use_case": "eng-runbooks\x00"}, "use_case"),
    ({**PIN, "use_case": "Eng Runbooks"}, "use_case"),
    ({**PIN, "use_case": "a" * 10_000}, "use_case"),
    ({**PIN, "use_case": ""}, "use_case"),
    ({**PIN, "kind": "PIN"}, "kind"),
    ({**PIN, "kind": "pin\x00"}, "kind"),
    ({**PIN, "reason": "They\x00 asked."}, "reason"),
    ({**PIN, "reason": "They\x07 asked."}, "reason"),
    ({**PIN, "reason": "x" * 10_000}, "reason"),
    ({**PIN, "reason": "   "}, "reason"),
]


@pytest.mark.parametrize(("fields", "bad"), BAD)
def test_every_bad_field_is_a_problem_named_by_its_field(fields, bad):
    made, problems = decision(FormData(fields))
    assert made is None
    assert [p.path for p in problems] == [bad]


@pytest.mark.parametrize(("fields", "expected"), [
    (PIN, Decision("eng-runbooks", "pin", "They asked.", quarter=2)),
    ({**PIN, "quarter": "12"}, Decision("eng-runbooks", "pin", "They asked.", quarter=12)),
    (DEFER, Decision("eng-runbooks", "defer", "They asked.", until=date(2027, 4, 1))),
    ({"use_case": "eng-runbooks", "kind": "remove"}, Decision("eng-runbooks", "remove")),
    ({**PIN, "reason": " They\tasked. "}, Decision("eng-runbooks", "pin", "They asked.", quarter=2)),
])
def test_a_good_form_is_its_decision(fields, expected):
    assert decision(FormData(fields)) == (expected, [])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("form")


@pytest.fixture(scope="module")
def client(folder):
    with TestClient(create_app(settings_for(folder), hosts={"testserver"})) as c:
        yield c


@pytest.mark.parametrize(("fields", "bad"), BAD[::2], ids=[f"{b}-{i}" for i, (_, b) in enumerate(BAD[::2])])
def test_a_bad_form_value_is_a_page_saying_so_never_a_500(client, folder, fields, bad):
    path = folder / "accounts" / BRIGHTLINE
    before = path.read_bytes()
    answer = client.post(f"/accounts/{BRIGHTLINE}/decisions",
                         data={"csrf": csrf(client), "version": version(client, BRIGHTLINE), **fields})
    assert answer.status_code == 422
    assert "The decision was not saved" in answer.text
    assert path.read_bytes() == before
