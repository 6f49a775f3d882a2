"""Every printed word of every sample's documents stays inside its page's text box, as a reader would see it.

Read from the PDFs' word positions (pdftotext -bbox), so what is checked is what WeasyPrint laid out: a table
whose fixed columns add up past the page, or a chart label past its chart, fails here in any language.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator.inputs.loader import load_account
from generator.render.documents import render_account

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [*sorted((ROOT / "accounts").glob("*.yaml")), ROOT / "tests" / "data" / "world-scripts.yaml"]
MM = 72 / 25.4
MARGIN = {"portrait": 18 * MM, "landscape": 14 * MM}  # document.css: @page and @page wide
SLACK = 1.0  # points: a glyph's side bearing may reach past its box by a hair

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")]

PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
MARKER = re.compile(r"\d+[.)]")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


def outside(pdf: bytes, tmp_path: Path) -> list[str]:
    """Words left or right of their page's text box, as 'page N: word (by X pt)'; the cover has no margins."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(path), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8", "replace")
    found = []
    for n, (width, height, body) in enumerate(PAGE.findall(xml), 1):
        if n == 1:
            continue
        margin = MARGIN["landscape" if float(width) > float(height) else "portrait"]
        for left, right, word in WORD.findall(body):
            # An ordered list's number hangs in the left margin, as lists are set: only other words count there.
            past_left = 0.0 if MARKER.fullmatch(word) else margin - float(left)
            past = max(past_left, float(right) - (float(width) - margin))
            if past > SLACK:
                found.append(f"page {n}: {word!r} (by {past:.1f} pt)")
    return found


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_word_leaves_the_text_box(shipped, sample, tmp_path):
    docs = render_account(shipped, load_account(sample, shipped), date(2026, 12, 1))
    for name in ("roadmap.pdf", "charter.pdf"):
        found = outside(docs.files[name], tmp_path)
        assert not found, f"{name}: {found[:8]}"


def test_a_table_wider_than_its_page_is_found(tmp_path):
    from generator.render.pdf import html_to_pdf

    cells = "".join(f"<td>{'column' * 3}{i}</td>" for i in range(12))
    html = (f"<html><body><p>cover</p><p style='break-before: page'>text</p>"
            f"<table style='table-layout: fixed; width: 140%'><tr>{cells}</tr></table></body></html>")
    assert outside(html_to_pdf(html), tmp_path)
