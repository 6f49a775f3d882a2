"""The web app through HTTP: the book, an account, decisions saved safely, and every refusal that keeps it safe."""

from __future__ import annotations

import html
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from conftest import ROOT
from generator.web.app import create_app
from generator.web.book import Settings

AS_OF = date(2026, 11, 22)
BRIGHTLINE = "brightline-studio.yaml"


def settings_for(tmp_path: Path, **changes) -> Settings:
    accounts = tmp_path / "accounts"
    if not accounts.exists():
        shutil.copytree(ROOT / "accounts", accounts, ignore=shutil.ignore_patterns("history", "*.csv"))
    base = {"accounts": accounts, "usecases": ROOT / "usecases", "playbooks": ROOT / "playbooks",
            "output": tmp_path / "out", "as_of": AS_OF, "upload_limit": 200_000, "jobs": 1}
    return Settings(**{**base, **changes})


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(settings_for(tmp_path), hosts={"testserver"})) as c:
        yield c


def csrf(client: TestClient, path: str = "/") -> str:
    page = client.get(path)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def version(client: TestClient, key: str) -> str:
    found = re.search(r'name="version" value="([0-9a-f]{64})"', client.get(f"/accounts/{key}").text)
    assert found
    return found.group(1)


def words(response) -> str:
    """A page's text as a reader sees it: tags gone, spaces collapsed, entities read."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.text).split()))


def test_the_book_lists_every_account_with_its_facts(client):
    page = client.get("/")
    assert page.status_code == 200
    for name in ["Northwind Logistics", "Brückner Maschinenbau GmbH", "株式会社さくら物流", "Pinecone Bakery Co."]:
        assert name in page.text
    assert "14 accounts: 14 not rendered yet" in words(page)
    assert "1,150 / 2,400" in page.text  # Harbor & Finch's seats, escaped name and all
    assert "Harbor &amp; Finch Insurance" in page.text


def test_an_account_page_shows_the_plan_the_documents_print(client):
    page = client.get(f"/accounts/{BRIGHTLINE}")
    assert page.status_code == 200
    text = page.text
    for part in ["To agree at this QBR", "Quarter 1", "Quarter 4", "Timeline", "Use-case map", "Council",
                 "Noah Kim asked for it before the spring product launch.", "(internal)"]:
        assert part in text, part
    assert text.count("<svg") >= 2


def test_every_form_needs_the_token(client, tmp_path):
    """No POST route may act without the browser's own token: each one is tried bare."""
    csrf(client)  # the browser has its cookie, but the forged form does not carry the token
    app = client.app.app  # inside the guard
    posts = [r.path for r in app.routes if isinstance(r, Route) and "POST" in (r.methods or ())]
    assert len(posts) >= 5
    before = (tmp_path / "accounts" / BRIGHTLINE).read_bytes()
    for path in posts:
        url = path.replace("{key}", BRIGHTLINE)
        answer = client.post(url, data={"use_case": "eng-runbooks", "kind": "skip", "reason": "forged"})
        assert answer.status_code == 403, url
        assert "Reload the page" in answer.text
        wrong = client.post(url, data={"csrf": "x" * 43, "use_case": "eng-runbooks", "kind": "skip", "reason": "f"})
        assert wrong.status_code == 403, url
    assert (tmp_path / "accounts" / BRIGHTLINE).read_bytes() == before


def test_forms_from_another_site_and_other_host_names_are_refused(client):
    token = csrf(client)
    answer = client.post("/book/render", data={"csrf": token}, headers={"origin": "https://evil.example"})
    assert answer.status_code == 403
    assert client.get("/", headers={"host": "rebound.example"}).status_code == 421


def test_pages_say_what_they_may_load(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert "SameSite=Strict" in headers["set-cookie"]
    assert "HttpOnly" in headers["set-cookie"]


def test_a_decision_is_saved_to_the_file_keeping_its_comments(client, tmp_path):
    path = tmp_path / "accounts" / BRIGHTLINE
    before = path.read_text("utf-8")
    answer = client.post(f"/accounts/{BRIGHTLINE}/decisions", follow_redirects=False, data={
        "csrf": csrf(client), "version": version(client, BRIGHTLINE), "use_case": "eng-runbooks", "kind": "defer",
        "until": "2027-04-01", "reason": "The platform team moves offices in March."})
    assert answer.status_code == 303
    after = path.read_text("utf-8")
    assert after.startswith(before.split("notes:")[0].rstrip("\n").rsplit("\n", 0)[0][:200])
    assert "# The CSM's decisions from the last call with the sponsor" in after
    assert ("{use_case: eng-runbooks, defer_until: 2027-04-01, reason: The platform team moves offices in March.}"
            in after)
    page = client.get(answer.headers["location"])
    assert "Saved your decision about Incident and deploy runbooks" in page.text
    assert "The platform team moves offices in March." in page.text


def test_a_decision_the_plan_cannot_keep_is_refused_with_its_reason(client, tmp_path):
    path = tmp_path / "accounts" / BRIGHTLINE
    before = path.read_bytes()
    answer = client.post(f"/accounts/{BRIGHTLINE}/decisions", data={
        "csrf": csrf(client), "version": version(client, BRIGHTLINE), "use_case": "eng-postmortems", "kind": "pin",
        "quarter": "1", "reason": "They asked."})
    assert answer.status_code == 422
    assert "The decision was not saved" in answer.text
    assert re.search(r"brightline-studio\.yaml:\d+:\d+", answer.text)
    assert path.read_bytes() == before


@pytest.mark.parametrize(("fields", "message"), [
    ({"use_case": "eng-runbooks", "kind": "pin", "quarter": "13", "reason": "x"}, "choose the quarter"),
    ({"use_case": "eng-runbooks", "kind": "defer", "until": "next spring", "reason": "x"}, "YYYY-MM-DD"),
    ({"use_case": "eng-runbooks", "kind": "skip", "reason": "   "}, "say why"),
    ({"use_case": "eng-runbooks", "kind": "delete-everything", "reason": "x"}, "choose pin, skip, defer or remove"),
    ({"use_case": "no-such-thing", "kind": "skip", "reason": "x"}, "unknown use case"),
])
def test_a_bad_decision_form_says_what_is_wrong(client, tmp_path, fields, message):
    path = tmp_path / "accounts" / BRIGHTLINE
    before = path.read_bytes()
    answer = client.post(f"/accounts/{BRIGHTLINE}/decisions",
                         data={"csrf": csrf(client), "version": version(client, BRIGHTLINE), **fields})
    assert answer.status_code == 422
    assert message in answer.text
    assert path.read_bytes() == before


def test_a_file_changed_since_the_page_was_made_is_not_overwritten(client, tmp_path):
    path = tmp_path / "accounts" / BRIGHTLINE
    stale = version(client, BRIGHTLINE)
    path.write_text(path.read_text("utf-8") + "# edited by hand meanwhile\n", "utf-8")
    answer = client.post(f"/accounts/{BRIGHTLINE}/decisions", data={
        "csrf": csrf(client), "version": stale, "use_case": "eng-runbooks", "kind": "skip", "reason": "x"})
    assert answer.status_code == 409
    assert "changed since this page was made" in answer.text
    assert path.read_text("utf-8").endswith("# edited by hand meanwhile\n")


def test_a_broken_account_shows_its_located_problems(client, tmp_path):
    northwind = (ROOT / "accounts" / "northwind-logistics.yaml").read_text("utf-8")
    broken = tmp_path / "accounts" / "broken.yaml"
    broken.write_text(northwind.replace("name: Northwind Logistics", "name: Broken Co")
                      .replace("segment: enterprise", "segment: enterprize"), "utf-8")
    book = words(client.get("/"))
    assert "broken.yaml 1 problem: no playbook for segment 'enterprize' (did you mean 'enterprise'?)" in book
    assert "Cannot plan" in book
    page = client.get("/accounts/broken.yaml")
    assert page.status_code == 200
    assert re.search(r"broken\.yaml:4:10</code>\s*<code>segment</code>: no playbook for segment "
                     r"&#39;enterprize&#39; \(did you mean &#39;enterprise&#39;\?\)", page.text)
    assert '<span class="marked"><span class="ln">4</span>segment: enterprize</span>' in page.text
    assert "Render the roadmap" not in page.text


@pytest.mark.parametrize("path", [
    "/accounts/..%2F..%2Fetc%2Fpasswd", "/accounts/%2Fetc%2Fpasswd",
    "/accounts/northwind-logistics.yaml/..%2Fplan.json",
    "/accounts/northwind-logistics.yaml/roadmap.pdf", "/accounts/northwind-logistics.yaml/.playbook.lock",
    "/static/..%2F..%2Fapp.py", "/jobs/not-a-job",
])
def test_no_request_path_reaches_the_file_system(client, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert "root:" not in answer.text


def test_an_uploaded_csv_becomes_the_book_and_is_never_written(client, tmp_path):
    data = (ROOT / "accounts" / "accounts.csv").read_bytes()
    answer = client.post("/book/upload", data={"csrf": csrf(client)}, files={"csv": ("crm.csv", data, "text/csv")},
                         follow_redirects=False)
    assert answer.status_code == 303
    book = client.get("/")
    assert "crm.csv (uploaded)" in book.text
    assert "Back to the accounts folder" in book.text
    assert 'href="/accounts/row-2"' in book.text
    page = client.get("/accounts/row-2")
    assert "Quarter 1" in page.text
    assert "comes from an uploaded CSV" in page.text
    assert not any(p.name.endswith(".csv") for p in tmp_path.rglob("*"))
    client.post("/book/folder", data={"csrf": csrf(client)})
    assert "brightline-studio.yaml" in client.get("/").text


def test_a_bad_or_large_upload_is_refused(client):
    token = csrf(client)
    bad = client.post("/book/upload", data={"csrf": token}, files={"csv": ("crm.csv", b"name,segmnt\nA,scale\n")})
    assert bad.status_code == 422
    assert "crm.csv (uploaded)" in bad.text
    assert "segmnt" in bad.text
    big = client.post("/book/upload", data={"csrf": token}, files={"csv": ("big.csv", b"x" * 400_000)})
    assert big.status_code == 413
    assert "limit" in big.text


def test_the_library_page_shows_the_map_and_its_problems(tmp_path):
    usecases = tmp_path / "usecases"
    shutil.copytree(ROOT / "usecases", usecases)
    with TestClient(create_app(settings_for(tmp_path, usecases=usecases), hosts={"testserver"})) as client:
        page = client.get("/library")
        assert "53 use cases" in page.text.replace("\n", " ") or "use cases in" in page.text
        assert "<svg" in page.text
        engineering = usecases / "engineering.yaml"
        text = engineering.read_text("utf-8")
        engineering.write_text(text.replace("requires: [", "requires: [no-such-use-case, ", 1))
        page = client.get("/library")
        assert "Problems to fix" in page.text
        assert "no-such-use-case" in page.text
        assert re.search(r"engineering\.yaml:\d+", page.text)
        assert "no plan can be made until they are fixed" in words(client.get("/"))


def test_hostile_names_and_file_names_are_text(client, tmp_path):
    """An account name with markup, and a file name with spaces, '#' and '%', reach their pages as text."""
    northwind = (ROOT / "accounts" / "northwind-logistics.yaml").read_text("utf-8")
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"> {{ 7*7 }}'
    (tmp_path / "accounts" / "odd name #1 100%.yaml").write_text(
        northwind.replace("name: Northwind Logistics", f"name: '{hostile}'"), "utf-8")
    book = client.get("/")
    assert "<script>alert(1)" not in book.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in book.text
    link = re.search(r'href="(/accounts/odd[^"]+)"', book.text)
    assert link
    assert link.group(1) == "/accounts/odd%20name%20%231%20100%25.yaml"
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert "<img src=x" not in page.text
    assert "{{ 7*7 }}" in html.unescape(page.text)
