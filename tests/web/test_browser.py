"""The app in a real browser, as a CSM uses it: Debian's chromium driven by Playwright, no browser downloaded.

Open the book, see a broken account's located error, open an account, make a decision, render and download
both PDFs and read them. Each page looked at is kept as a screenshot under output/screenshots (not in git).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="needs Debian's chromium package: scripts/system-deps.sh --test installs it"),
]
# No background traffic: this machine's network is closed, and the tests must not depend on any other host.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("PLAYBOOK_SCREENSHOTS", ROOT / "output" / "screenshots"))
BROKEN = "name: Broken Co\nsegment: enterprize\n"


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """``playbook serve`` on a free loopback port over a copy of the sample accounts; its URL and folder."""
    root = tmp_path_factory.mktemp("served")
    accounts = root / "accounts"
    shutil.copytree(ROOT / "accounts", accounts, ignore=shutil.ignore_patterns("history", "*.csv"))
    northwind = (accounts / "northwind-logistics.yaml").read_text("utf-8")
    (accounts / "broken.yaml").write_text(northwind.replace("name: Northwind Logistics", "name: Broken Co")
                                          .replace("segment: enterprise", "segment: enterprize"), "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(accounts), "-o", str(root / "out"), "--port", "0",
         "--as-of", "2026-11-22", "-j", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if found is None:
        process.kill()
        pytest.fail(f"the server did not start: {line}{process.stderr.read() if process.stderr else ''}")
    try:
        yield found.group(0), root
    finally:
        process.terminate()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture(scope="module")
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=FLAGS, headless=True,
                                                       viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        yield page
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


@pytest.fixture(scope="module")
def expect():
    from playwright.sync_api import expect

    return expect


def test_the_book(served, browser_page):
    url, _ = served
    page = browser_page
    page.goto(url)
    assert page.title() == "Book · Playbook"
    rows = page.locator("table.book tbody tr")
    assert rows.count() == 15  # the 14 samples and the broken file
    assert page.get_by_role("link", name="株式会社さくら物流").is_visible()
    assert "Cannot plan" in rows.filter(has_text="broken.yaml").inner_text()
    shot(page, "book")


def test_a_broken_account_shows_where_it_is_wrong(served, browser_page):
    url, _ = served
    page = browser_page
    page.goto(url)
    page.get_by_role("link", name="broken.yaml").click()
    problems = page.get_by_role("region", name="Problems in this account")
    assert re.search(r"broken\.yaml:4:10\s+segment: no playbook for segment 'enterprize' "
                     r"\(did you mean 'enterprise'\?\)", problems.inner_text())
    assert page.locator("pre.excerpt .marked").inner_text().endswith("segment: enterprize")
    shot(page, "account-broken")


def test_adjust_a_plan_then_render_and_download_every_document(served, browser_page, expect, tmp_path):
    url, root = served
    page = browser_page
    page.goto(url)
    page.get_by_role("link", name="Brightline Studio").click()
    assert page.get_by_role("heading", name="Brightline Studio").is_visible()
    shot(page, "account")

    form = page.locator("form.decide")
    form.get_by_label("Use case").select_option("eng-runbooks")
    form.get_by_label("Not before").check()
    form.locator("input[name=until]").fill("2027-04-01")
    form.get_by_label("Reason, in words the customer may read").fill("The platform team moves offices in March.")
    form.get_by_role("button", name="Save to brightline-studio.yaml").click()
    expect(page.get_by_role("status").filter(has_text="Saved your decision about Incident and deploy runbooks"))\
        .to_be_visible()
    saved = (root / "accounts" / "brightline-studio.yaml").read_text("utf-8")
    assert "defer_until: 2027-04-01, reason: The platform team moves offices in March." in saved
    assert "# The CSM's decisions from the last call with the sponsor" in saved
    shot(page, "account-decided")

    page.get_by_role("button", name="Render the roadmap and charter").click()
    expect(page.locator(".job progress")).to_be_visible()
    shot(page, "account-rendering")
    roadmap_link = page.get_by_role("link", name="Download roadmap (PDF)")
    roadmap_link.wait_for(timeout=180_000)
    shot(page, "account-rendered")
    for link, name in ((roadmap_link, "roadmap"), (page.get_by_role("link", name="Download charter (PDF)"), "charter")):
        with page.expect_download() as download:
            link.click()
        target = tmp_path / f"{name}.pdf"
        download.value.save_as(target)
        assert download.value.suggested_filename == f"brightline-studio-{name}.pdf"
        data = target.read_bytes()
        assert data.startswith(b"%PDF-")
        assert b"%%EOF" in data[-1024:]
        if shutil.which("pdftotext"):
            text = " ".join(subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                                           check=True).stdout.split())
            assert "Brightline Studio" in text
            if name == "roadmap":  # the decision made in the browser is printed, with its reason
                assert "The platform team moves offices in March." in text
    for label, name in (("Download QBR deck (PowerPoint)", "qbr.pptx"), ("Download charter (Word)", "charter.docx")):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        target = tmp_path / name
        download.value.save_as(target)
        assert download.value.suggested_filename == f"brightline-studio-{name}"
        opened = Presentation(str(target)) if name.endswith(".pptx") else Document(str(target))
        assert opened.core_properties.subject == "Brightline Studio"
    page.goto(url)
    assert "Up to date" in page.locator("table.book tbody tr", has_text="Brightline Studio").inner_text()


def test_upload_usage_data_then_see_an_accounts_evidence(served, browser_page, expect, tmp_path):
    url, root = served
    page = browser_page
    page.goto(url)
    usage = tmp_path / "kestrel.csv"
    usage.write_text("account_id,day,department,metric,value\n"
                     "ACC-10317,2026-11-21,product,roadmap_editors,30\nACC-10317,2026-11-21,,active_users,590\n"
                     "ACC-10317,2026-10-31,,active_users,580\n")  # a month-end: the seat trend's chart
    page.set_input_files('input[name="usage"]', str(usage))
    page.get_by_role("button", name="Plan with this usage").click()
    expect(page.get_by_text("Planned from usage data")).to_be_visible()
    assert (root / "out" / ".usage" / "usage.csv").is_file()
    page.get_by_role("link", name="Kestrel Analytics").click()
    expect(page.locator("table.evidence")).to_contain_text("adoption.product-roadmap")
    expect(page.locator("section[aria-labelledby=evidence] svg")).to_be_visible()
    shot(page, "account-evidence")
    page.goto(url)
    page.get_by_role("button", name="Forget the uploaded usage").click()
    expect(page.get_by_text("Planned from usage data")).to_have_count(0)
