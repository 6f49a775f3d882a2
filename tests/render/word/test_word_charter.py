"""The Word charter as Word reads it: the PDF's words, Word's heading styles, real tables, a signature table."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime
from html import unescape

import pytest
from docx import Document

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.inputs.theme import Colors
from generator.plan.planner import plan
from generator.render.documents import charter_html
from generator.render.word.blocks import blocks
from generator.render.word.charter import charter_docx

AS_OF = date(2026, 11, 21)


def _charter(shipped, name: str):
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped)
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=AS_OF)
    html = charter_html(result, shipped.playbooks[account.segment])
    data = charter_docx(html, result, Colors(), "Council charter", "A4")
    return result, html, data, Document(io.BytesIO(data))


def _all_text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "accounts").glob("*.yaml")))
def test_the_word_charter_says_what_the_pdf_says(shipped, name):
    _, html, _, doc = _charter(shipped, name)
    text = _all_text(doc)
    body = html.split("<body>", 1)[1]
    for heading in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", body):
        assert unescape(re.sub(r"<[^>]+>", "", heading)).strip() in text, heading
    for block in blocks(html):
        for line in (block.text or "\n".join(block.cells)).split("\n"):
            assert line in text, (name, line)


def test_headings_are_words_own_styles_and_tables_repeat_their_header(shipped):
    result, _, _, doc = _charter(shipped, "brightline-studio")
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "List Number"} <= styles
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][:2] == ["Purpose", "Enablement"]
    members = next(t for t in doc.tables if t.rows[0].cells[0].text == "Name")
    assert len(members.rows) == len(result.council.members) + 1
    assert members.rows[0]._tr.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None


def test_every_member_signs_in_a_row_of_the_signature_table(shipped):
    result, _, _, doc = _charter(shipped, "meridian-health")
    signing = doc.tables[-1]
    assert [c.text for c in signing.rows[0].cells] == ["", "Signature", "Date"]
    assert len(signing.rows) == len(result.council.members) + 1
    for row, member in zip(signing.rows[1:], result.council.members, strict=True):
        assert member.title in row.cells[0].text
        assert row.cells[1].text == ""
        assert row.cells[2].text == ""


def test_the_same_plan_gives_the_same_bytes_dated_on_the_plan_day(shipped):
    _, _, first, doc = _charter(shipped, "sakura-logistics")
    assert first == _charter(shipped, "sakura-logistics")[2]
    assert doc.core_properties.created == datetime(2026, 11, 21, tzinfo=UTC)
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        styles = package.read("word/styles.xml").decode()
    assert 'w:eastAsia="Noto Sans CJK JP"' in styles
    assert 'w:ascii="Inter"' in styles
