"""Usage data in the web app: the book planned from it, each account's evidence shown, an upload checked in full
and kept only under the output folder."""

from __future__ import annotations

from datetime import date

import pytest
from starlette.testclient import TestClient

from conftest import ROOT
from generator.web.app import create_app
from web.test_app import csrf, settings_for, words

AS_OF = date(2026, 12, 1)


@pytest.fixture
def served(tmp_path):
    settings = settings_for(tmp_path, usage=ROOT / "accounts" / "usage", as_of=AS_OF)
    with TestClient(create_app(settings, hosts={"testserver"})) as c:
        yield c


@pytest.fixture
def plain(tmp_path):
    with TestClient(create_app(settings_for(tmp_path, as_of=AS_OF), hosts={"testserver"})) as c:
        yield c


def test_the_book_says_which_usage_it_is_planned_with_and_what_was_not_used(served):
    text = words(served.get("/"))
    assert "Planned from usage data: " in text
    assert "2 account(s) of the book have usage data" in text
    assert "rows dated after 2026-12-01, not used" in text


def test_an_account_page_shows_its_evidence_and_what_overrides_the_file(served):
    page = served.get("/accounts/kestrel-analytics.yaml")
    text = words(page)
    assert "Measured from usage data" in text
    assert "adoption.product-roadmap adopted piloting 52.5% of 40 people active (roadmap_editors)" in text
    assert 'class="overrides"' in page.text
    assert "Share of each department active" in page.text  # the trend chart
    pinecone = words(served.get("/accounts/pinecone-bakery.yaml"))
    assert "has nothing for this account: it has no id to join on" in pinecone


def test_without_usage_data_no_evidence_is_shown(plain):
    text = words(plain.get("/accounts/kestrel-analytics.yaml"))
    assert "Measured from usage data" not in text
    assert "Planned from usage data" not in words(plain.get("/"))


def _upload(client, name: str, data: bytes, **kw):
    return client.post("/book/usage", data={"csrf": csrf(client)}, files={"usage": (name, data)},
                       follow_redirects=False, **kw)


def test_an_uploaded_usage_file_is_checked_in_full_and_kept_only_when_good(plain, tmp_path):
    bad = _upload(plain, "u.csv", b"account_id,day,metric,value\nACC-10317,2026-11-30,pages_creatd,3\n"
                                  b"ACC-10317,2026-11-31,pages_created,3\n")
    assert bad.status_code == 422
    text = words(bad)
    assert "u.csv (uploaded):row 2 metric 'pages_creatd' is not defined (did you mean 'pages_created'?)" in text
    assert "u.csv (uploaded):row 3 day '2026-11-31' is not a date (YYYY-MM-DD)" in text
    assert not (tmp_path / "out" / ".usage" / "usage.csv").exists()
    good = _upload(plain, "u.csv", b"account_id,day,department,metric,value\n"
                                   b"ACC-10317,2026-11-30,product,roadmap_editors,30\n")
    assert good.status_code == 303
    assert "Planned from usage data: u.csv (uploaded)" in words(plain.get("/"))
    assert "adoption.product-roadmap adopted piloting 75% of 40 people active" in words(
        plain.get("/accounts/kestrel-analytics.yaml"))
    kept = [p.relative_to(tmp_path) for p in tmp_path.rglob("*")
            if p.is_file() and not p.is_relative_to(tmp_path / "accounts")]
    assert [str(p) for p in kept] == ["out/.usage/usage.csv"]
    plain.post("/book/usage/clear", data={"csrf": csrf(plain)})
    assert "Planned from usage data" not in words(plain.get("/"))
    assert not (tmp_path / "out" / ".usage").exists()


def test_an_upload_replaces_the_data_serve_was_given_until_it_is_forgotten(served):
    assert _upload(served, "u.jsonl", b"").status_code == 303
    assert "Planned from usage data: u.jsonl (uploaded)" in words(served.get("/"))
    served.post("/book/usage/clear", data={"csrf": csrf(served)})
    assert "u.jsonl" not in words(served.get("/"))


@pytest.mark.parametrize(("name", "data", "status", "says"), [
    ("u.xlsx", b"x", 422, "expected a usage file: .csv, .parquet or .jsonl"),
    ("u.parquet", b"PAR1 not really", 422, "u.parquet (uploaded) the file cannot be read as Parquet usage data"),
    ("u.csv", b"x" * 400_000, 413, "limit"),
])
def test_a_bad_or_large_usage_upload_is_refused(plain, name, data, status, says):
    answer = _upload(plain, name, data)
    assert answer.status_code == status
    assert says in words(answer)


def test_the_usage_form_needs_the_token(plain):
    answer = plain.post("/book/usage", files={"usage": ("u.csv", b"")}, follow_redirects=False)
    assert answer.status_code == 403


@pytest.mark.parametrize("engine", ["duckdb", "arrow"])
def test_the_book_is_read_by_the_engine_serve_names_and_says_the_same(tmp_path, monkeypatch, engine):
    from generator.web import usage as web_usage

    used = []
    real = web_usage.read_book_usage

    def spy(*args, **kwargs):
        used.append(kwargs["engine"].name)
        return real(*args, **kwargs)

    monkeypatch.setattr(web_usage, "read_book_usage", spy)
    settings = settings_for(tmp_path, usage=ROOT / "accounts" / "usage", as_of=AS_OF, usage_engine=engine)
    with TestClient(create_app(settings, hosts={"testserver"})) as client:
        text = words(client.get("/accounts/kestrel-analytics.yaml"))
    assert "adoption.product-roadmap adopted piloting 52.5% of 40 people active (roadmap_editors)" in text
    assert used
    assert set(used) == {engine}
