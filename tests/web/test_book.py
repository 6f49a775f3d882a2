"""The book read from disk: one account that cannot be read, checked or planned fails alone, never the pages."""

from __future__ import annotations

import csv
import io
import logging
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from generator.web import app as app_module
from generator.web import book as book_module
from generator.web.app import create_app
from web.test_app import ROOT, csrf, settings_for, words

GOOD = "northwind-logistics.yaml"
NORTHWIND = (ROOT / "accounts" / GOOD).read_text("utf-8")
BRIGHTLINE = (ROOT / "accounts" / "brightline-studio.yaml").read_text("utf-8")
BROKEN = {  # each breaks a different stage today; once its root cause is fixed it is a located problem instead
    "pin-and-typo.yaml": BRIGHTLINE.replace("name: Brightline Studio", "name: Typo Studio")
                                   .replace("company-docs: adopted", "company-docz: adopted"),
    "control-byte.yaml": NORTHWIND.replace("name: Northwind Logistics", 'name: "Control\x01 Co"'),
    "latin-1.yaml": NORTHWIND.replace("name: Northwind Logistics", "name: Caf\xe9 Co"),
}


@pytest.fixture
def folder_client(tmp_path):
    accounts = tmp_path / "accounts"
    accounts.mkdir()
    shutil.copy(ROOT / "accounts" / GOOD, accounts)
    for name, text in BROKEN.items():
        (accounts / name).write_bytes(text.encode("latin-1" if name == "latin-1.yaml" else "utf-8"))
    with TestClient(create_app(settings_for(tmp_path), hosts={"testserver"})) as client:
        yield client


def _assert_good_pages(client: TestClient) -> None:
    assert client.get("/").status_code == 200
    page = client.get(f"/accounts/{GOOD}")
    assert page.status_code == 200
    assert "Quarter 1" in page.text


def test_broken_accounts_fail_alone(folder_client, caplog):
    book = folder_client.get("/")
    assert book.status_code == 200
    assert f"{len(BROKEN) + 1} accounts: 1 not rendered yet, {len(BROKEN)} cannot plan" in words(book)
    for name in BROKEN:
        assert name in book.text
        page = folder_client.get(f"/accounts/{name}")
        assert page.status_code == 200, name
        assert "Problems in this account" in page.text, name
    _assert_good_pages(folder_client)
    # Until their root causes are fixed some of these are internal errors: each is logged with its traceback.
    assert all(r.exc_info for r in caplog.records if r.levelno >= logging.ERROR)
    caplog.clear()


def _raise_for(names: tuple[str, ...], real):
    """``real``, raising instead when called for a file, entry or account of one of ``names``."""
    def failing(*args, **kwargs):
        for a in args:
            said = f"{a if isinstance(a, str | Path) else ''} {getattr(a, 'source', '')} {getattr(a, 'name', '')}"
            if any(name in said for name in names):
                raise RuntimeError("boom")
        return real(*args, **kwargs)
    return failing


@pytest.mark.parametrize("case", [
    ("reading", book_module, "read_account", True),
    ("checking its documents", book_module.Workspace, "_state", True),
    ("planning", app_module, "account_plan", False),  # the book does not plan; only the page says so
    ("planning", app_module, "previous_plan", False),
], ids=["read", "documents-state", "plan", "history"])
def test_an_internal_error_in_one_account_is_logged_and_marks_only_it(client_for, monkeypatch, caplog, case):
    client = client_for("bad.yaml")
    stage, owner, function, in_book = case
    monkeypatch.setattr(owner, function, _raise_for(("bad.yaml", "Bad Co"), getattr(owner, function)))
    message = f"could not be read: internal error in {stage}"
    with caplog.at_level(logging.ERROR, logger="generator.web"):
        book = client.get("/")
        page = client.get("/accounts/bad.yaml")
    assert book.status_code == 200
    assert (message in book.text) == in_book
    assert page.status_code == 200
    assert message in page.text
    assert "Start in quarter" not in page.text  # no decision form for an account that cannot be planned
    assert any(r.exc_info and "bad.yaml" in r.getMessage() for r in caplog.records)
    _assert_good_pages(client)
    caplog.clear()  # the errors this test causes on purpose


@pytest.fixture
def client_for(tmp_path):
    clients = []

    def make(bad: str) -> TestClient:
        accounts = tmp_path / "accounts"
        accounts.mkdir()
        shutil.copy(ROOT / "accounts" / GOOD, accounts)
        (accounts / bad).write_text(NORTHWIND.replace("name: Northwind Logistics", "name: Bad Co"), "utf-8")
        client = TestClient(create_app(settings_for(tmp_path), hosts={"testserver"}))
        clients.append(client.__enter__())
        return client
    yield make
    for client in clients:
        client.__exit__(None, None, None)


def _csv_with(column: str, value: str) -> bytes:
    rows = list(csv.reader(io.StringIO((ROOT / "accounts" / "accounts.csv").read_text("utf-8"))))
    rows[1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("column", ["licensed_seats", "health_score", "dept.design.headcount", "name"])
def test_an_upload_with_a_huge_cell_never_breaks_the_book(client_for, caplog, column):
    client = client_for("other.yaml")
    answer = client.post("/book/upload", data={"csrf": csrf(client)}, follow_redirects=False,
                         files={"csv": ("crm.csv", _csv_with(column, "9" * 5000), "text/csv")})
    assert answer.status_code in (303, 400, 422)
    book = client.get("/")
    assert book.status_code == 200
    if answer.status_code == 303:
        page = client.get("/accounts/row-2")
        assert page.status_code == 200
        assert "Problems in this account" in page.text
        assert client.get("/accounts/row-3").status_code == 200
    caplog.clear()  # until the CSV reader refuses such a cell itself, it is an internal error, logged


def test_an_upload_that_cannot_be_read_is_refused_and_the_folder_stays(client_for, monkeypatch, caplog):
    client = client_for("other.yaml")
    monkeypatch.setattr(book_module, "csv_rows", _raise_for(("crm.csv",), book_module.csv_rows))
    answer = client.post("/book/upload", data={"csrf": csrf(client)},
                         files={"csv": ("crm.csv", (ROOT / "accounts" / "accounts.csv").read_bytes(), "text/csv")})
    assert answer.status_code == 422
    assert "could not be read: internal error in reading the CSV" in answer.text
    _assert_good_pages(client)
    assert "other.yaml" in client.get("/").text
    caplog.clear()  # the error this test causes on purpose


class _Unshowable:
    def __html__(self) -> str:
        raise RuntimeError("boom")


def test_an_account_whose_page_cannot_be_made_shows_why_and_the_others_work(client_for, monkeypatch, caplog):
    client = client_for("bad.yaml")
    real = app_module.account_plan

    def unshowable_for_bad(library, account, as_of, previous):
        found = real(library, account, as_of, previous)
        return {**found, "gantt_svg": _Unshowable()} if account.name == "Bad Co" else found
    monkeypatch.setattr(app_module, "account_plan", unshowable_for_bad)
    page = client.get("/accounts/bad.yaml")
    assert page.status_code == 200
    assert "could not be read: internal error in making its page" in page.text
    _assert_good_pages(client)
    assert any(r.exc_info for r in caplog.records)
    caplog.clear()  # the error this test causes on purpose
