"""The documentation's pictures of the roadmap and the web app: docs/images/roadmap-*.png and serve-*.png.

Generates Brightline Studio's documents from the samples as `make demo` does (its usage data, the example
theme, the plan kept from its last QBR), rasterises two roadmap pages with `pdftoppm -png -r 60`, then
serves a copy of the samples and photographs the book and Brightline's page in Debian's chromium through
Playwright, as tests/web/test_browser.py does (no browser is downloaded, no other host is reached).
Everything but the pictures is written in a temporary folder.
Run from the repository root: python scripts/docs_screenshots.py (or `make screenshots`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
AS_OF = "2026-12-01"  # the day the samples and their usage data describe (DEMO_DAY in the Makefile)
ACCOUNT = "brightline-studio"
# Roadmap pages by a line their text starts with, and the picture each becomes.
PAGES = {"Quarter 1: ": "roadmap-quarter.png", "Your use-case map": "roadmap-map.png"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The browser tests' flags: no background traffic, since nothing here may depend on another host.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTH, HEIGHT = 1200, 760  # the browser window photographed: the top of each page
COLOURS = 96  # a palette this size keeps text and charts crisp at a third of a full-colour PNG's bytes


def small(picture: Path) -> None:
    """The picture in a palette of its own, so the pictures stay a few hundred KB in all."""
    from PIL import Image

    with Image.open(picture) as image:
        reduced = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    reduced.save(picture, optimize=True)
    print(f"{picture.relative_to(ROOT)}: {picture.stat().st_size // 1024} KB")


def playbook(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})


def samples(tmp: Path) -> Path:
    """A copy of the samples to work on, with the plan kept from Brightline's last QBR where a run keeps it."""
    for name in ("usecases", "playbooks", "accounts", "schemas", "themes"):
        shutil.copytree(ROOT / name, tmp / name)
    kept = tmp / "output" / ACCOUNT / "history"
    kept.mkdir(parents=True)
    for plan in (ROOT / "accounts" / "history" / ACCOUNT).glob("*.plan.json"):
        shutil.copy(plan, kept)
    return tmp


def roadmap_pages(work: Path) -> None:
    done = playbook("generate", f"accounts/{ACCOUNT}.yaml", "--as-of", AS_OF, "--theme", "themes/example",
                    "--usage", "accounts/usage", "--formats", "pdf", cwd=work)
    _, errors = done.communicate()
    if done.returncode != 0:
        raise SystemExit(f"generate failed: {errors}")
    pdf = work / "output" / ACCOUNT / "roadmap.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")
    for start, picture in PAGES.items():
        number = next(n for n, page in enumerate(pages, 1)
                      if any(line.strip().startswith(start) for line in page.splitlines()[:6]))
        target = IMAGES / picture
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", str(number), "-l", str(number),
                        str(pdf), str(target.with_suffix(""))], check=True)
        small(target)


@contextmanager
def served(work: Path) -> Iterator[str]:
    """`playbook serve` over the copy on a free loopback port; its URL."""
    process = playbook("serve", "accounts", "-o", "output", "--port", "0", "--as-of", AS_OF, "--theme",
                       "themes/example", "--usage", "accounts/usage", "-j", "1", cwd=work)
    assert process.stdout is not None
    found = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline())
    try:
        if found is None:
            raise SystemExit(f"the server did not start: {process.stderr.read() if process.stderr else ''}")
        yield found.group(0)
    finally:
        process.terminate()
        process.communicate(timeout=10)


def web_pages(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=FLAGS, headless=True,
                                                       viewport={"width": WIDTH, "height": HEIGHT})
        page = context.new_page()
        page.goto(url)
        page.screenshot(path=IMAGES / "serve-book.png")
        page.get_by_role("link", name="Brightline Studio").click()
        page.get_by_role("heading", name="Brightline Studio").wait_for()
        page.screenshot(path=IMAGES / "serve-account.png")
        context.close()
    for name in ("serve-book.png", "serve-account.png"):
        small(IMAGES / name)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = samples(Path(tmp))
        roadmap_pages(work)
        with served(work) as url:
            web_pages(url)


if __name__ == "__main__":
    main()
