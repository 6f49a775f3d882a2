"""Japanese lines break between phrases: in the HTML's headings, cells and labels, in SVG labels, and in the PDF."""

from __future__ import annotations

import html
import itertools
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.render.documents import charter_html, roadmap_html
from generator.render.labels import fit, shortened
from generator.render.pdf import html_to_pdf
from generator.render.phrases import JOINER, KEPT_TAGS, NO_START, keep_phrases, kept_pieces, phrases
from generator.render.textwidth import text_width

JA = "ja"
SIZE, CELL = 10.0, 5.6  # a label's size, and a Latin letter's average width at it: the widths below are in letters


def test_a_document_in_a_spaced_language_is_left_byte_for_byte():
    page = '<h1>Plan &amp; roadmap</h1><td class="x">Über 5 &middot; <b>Teams</b></td><svg><text>x</text></svg>'
    assert keep_phrases(page, "de") is page
    assert keep_phrases(page, JA) == page  # nothing wide in it: copied as it came


def test_headings_cells_and_labels_keep_their_phrases_and_nothing_else_does():
    page = ('<h2>ユースケースの重要度</h2><p>ユースケースの重要度</p><td>四半期<br>&amp;計画</td>'
            '<div class="card"><div class="lbl">今年の新しいユースケース</div></div>'
            '<td><svg><text>ユースケース</text></svg></td>')
    kept = keep_phrases(page, JA)
    assert "<h2>ユ" + JOINER + "ー" in kept
    assert "<p>ユースケースの重要度</p>" in kept  # running text breaks as Japanese does
    assert "<td>四" + JOINER + "半" + JOINER + "期<br>&amp;計" + JOINER + "画</td>" in kept
    assert "今" + JOINER + "年" + JOINER + "の" in kept
    assert "<text>ユースケース</text>" in kept  # an SVG's text is the chart's
    assert html.unescape(kept).replace("\u2060", "") == html.unescape(page)


def test_a_joiner_never_splits_a_character_from_its_mark():
    pieces = keep_phrases("<td>葛\U000e0100飾区の👨\u200d👩\u200d👧</td>", JA)
    assert "葛\U000e0100" in pieces  # a variation selector stays with its ideograph
    assert "👨\u200d👩\u200d👧" in pieces  # an emoji sequence stays whole


def test_a_phrase_too_long_to_keep_is_cut_at_its_list_marks():
    pieces = kept_pieces("意思決定／エンジニアリング、オペレーション", JA)
    assert ("意思決定／", True) in pieces
    assert ("エンジニアリング、", True) in pieces


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("Company wiki and knowledge hub", 19, ["Company wiki and", "knowledge hub"]),
    ("ユースケースの導入計画と四半期ごとの重要度", 19, ["ユースケースの", "導入計画と", "四半期ごとの重要度"]),
    ("コンテンツカレンダー", 19, ["コンテンツカレンダー"]),
    ("IT・セキュリティ・管理", 14, ["IT・", "セキュリティ・", "管理"]),  # measured, 'IT' is narrower than two letters
])
def test_labels_wrap_between_phrases(text, width, expected):
    language = JA if "ユ" in text or "・" in text or "カ" in text else "en"
    assert fit(text, width * CELL, SIZE, language, lines=9) == expected


@given(st.text(alphabet="ユースケーの導入計画と四半期ごとッャー、。（）", min_size=1, max_size=40),
       st.integers(min_value=4, max_value=30))
def test_a_wrapped_label_keeps_every_character_fits_and_keeps_kinsoku(text, width):
    assume(not any(a in NO_START and b in NO_START for a, b in itertools.pairwise(text)))  # 、、。 cannot be kept
    lines = fit(text, width * CELL, SIZE, JA, lines=99)
    assert "".join(lines) == text.strip()
    assert all(text_width(line, SIZE) <= width * CELL for line in lines)
    # A line may start with a mark only where the phrase itself begins with it (BudouX's own choice).
    starts = {p[0] for p in phrases(text, JA)}
    assert all(line[0] not in NO_START or line[0] in starts for line in lines[1:])


@pytest.mark.parametrize("text", ["オンコールハンドブック", "アーキテクチャ決定記録", "インシデントポストモーテム"])
@pytest.mark.parametrize("share", [0.6, 0.75, 0.9])
def test_a_phrase_over_two_lines_leaves_no_line_of_a_letter_or_two(text, share):
    lines = fit(text, share * text_width(text, SIZE), SIZE, JA, lines=99)
    assert len(lines) == 2
    assert min(map(len, lines)) >= len(text) // 3, lines  # never 'オンコールハンドブッ' over a lone 'ク'


def test_shorten_cuts_a_japanese_label_with_an_ellipsis():
    label = "全社Wikiとナレッジハブと規程と社員ハンドブック"
    assert shortened(label, 19 * CELL, SIZE, JA).endswith("…")
    assert text_width(shortened(label, 19 * CELL, SIZE, JA), SIZE) <= 19 * CELL
    assert shortened("短い", 19 * CELL, SIZE, JA) == "短い"


# --- the rendered Japanese PDF --------------------------------------------------------

def kept_texts(page: str) -> list[str]:
    """The text of every heading, cell and label of an HTML document, as a reader reads it."""
    tags = "|".join(sorted(KEPT_TAGS))
    found = re.findall(rf"<({tags})\b[^>]*>(.*?)</\1>", page, re.S)
    found += [("lbl", m) for m in re.findall(r'<div class="lbl">(.*?)</div>', page, re.S)]
    clean = [html.unescape(re.sub(r"<[^>]+>", " ", inner)).replace("\u2060", "") for _, inner in found]
    return [re.sub(r"\s+", " ", t).strip() for t in clean if t.strip()]


def broken_inside(lines: list[str], texts: list[str]) -> list[str]:
    """Each place where two lines of a PDF's text meet inside a kept phrase of a heading, cell or label."""
    out = []
    for first, second in itertools.pairwise(lines):
        a, b = first.strip(), second.strip()
        if not a or not b:
            continue
        for text in texts:
            at = text.find(a + b)
            if at < 0:
                continue
            cut, start = at + len(a), 0
            for piece, keep in kept_pieces(text, JA):
                if keep and start < cut < start + len(piece):
                    out.append(f"{piece[:cut - start]}/{piece[cut - start:]} in {text!r}")
                start += len(piece)
            break
    return out


def pdf_lines(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout.split("\n")


def test_the_check_finds_a_word_broken_across_lines():
    assert broken_inside(["今年の新しいユース", "ケース"], ["今年の新しいユースケース"]) == [
        "ユース/ケース in '今年の新しいユースケース'"]
    assert broken_inside(["今年の新しい", "ユースケース"], ["今年の新しいユースケース"]) == []


@pytest.mark.slow
def test_no_line_of_a_japanese_document_ends_inside_a_phrase_of_a_heading_or_cell(shipped, tmp_path):
    account = load_account(ROOT / "accounts" / "sakura-logistics.yaml", shipped)
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=date(2026, 12, 1))
    pages = {"roadmap": roadmap_html(result, shipped.map, dict(account.adoption), offered(shipped.map, account)),
             "charter": charter_html(result, shipped.playbooks[account.segment])}
    broken = []
    for name, page in pages.items():
        # The charts' labels are wrapped by the charts (test_labels_wrap_between_phrases), and would read here
        # as lines of the cells they name: the document is printed without them, shapes and words.
        printed = html_to_pdf(re.sub(r'<div class="chart".*?</div>', "", page, flags=re.S))
        broken += [f"{name}: {place}" for place in broken_inside(pdf_lines(printed, tmp_path), kept_texts(page))]
    assert not broken, broken
