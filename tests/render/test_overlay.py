"""The charts' words as HTML over their shapes: every line of the drawn SVG text becomes one span at the same
baseline, size, weight, colour and anchor, so the geometry the label tests check is the geometry printed."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.render.documents import roadmap_charts, roadmap_html
from generator.render.overlay import Line, lines, overlaid
from generator.render.textwidth import line_metrics
from generator.render.words import Words

SAMPLES = ["northwind-logistics", "sakura-logistics", "brueckner-maschinenbau"]
SPAN = re.compile(r'<span(?: class="(mid|end)")? style="([^"]*)">(.*?)</span>', re.S)
ASCENT, DESCENT = line_metrics()


def _charts(shipped, name: str, **changes) -> tuple[dict[str, str], str]:
    account = load_account(ROOT / "accounts" / f"{name}.yaml", shipped).model_copy(update=changes)
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=date(2026, 12, 1))
    w = Words(result.account.locale, result.period_months)
    adoption: dict[str, str] = dict(account.adoption)
    shown = offered(shipped.map, account)
    return (roadmap_charts(result, shipped.map.in_language(w.language), adoption, shown, w),
            roadmap_html(result, shipped.map, adoption, shown))


def _style(style: str) -> dict[str, str]:
    return dict(part.split(":", 1) for part in style.split(";"))


def _printed(svg: str) -> tuple[float, float]:
    """(printed width in px, px per user unit) from the chart's root element."""
    view_box = re.search(r'viewBox="0 0 ([\d.]+)', svg)
    width = re.search(r'<svg[^>]*\bwidth="([\d.]+)(mm)?"', svg)
    assert view_box is not None
    assert width is not None
    view = float(view_box[1])
    printed = float(width[1]) * (96 / 25.4 if width[2] else 1)
    return printed, printed / view


def _printed_lines(html: str) -> list[tuple[float, float, str, float, str, str, str]]:
    """Each line the spans print: (anchor x, baseline y, text, size, weight, colour, anchor), in px."""
    out = []
    for kind, style, words in SPAN.findall(html):
        got = _style(style)
        left, top, room, size = (float(got[k][:-2]) for k in ("left", "top", "width", "font-size"))
        step = float(got.get("line-height", f"{size}px")[:-2])
        anchor = {"mid": "middle", "end": "end"}.get(kind, "start")
        x = {"middle": left + room / 2, "end": left + room}.get(anchor, left)
        first = top + (step - (ASCENT + DESCENT) * size) / 2 + ASCENT * size
        for k, text in enumerate(words.split("\n")):
            out.append((x, first + k * step, unescape(text), size, got.get("font-weight", "400"), got["color"], anchor))
    return out


@pytest.mark.parametrize("name", SAMPLES)
def test_every_line_of_a_chart_prints_once_where_the_svg_drew_it(shipped, name):
    charts, _ = _charts(shipped, name)
    assert {"adoption_svg", "gantt_svg", "map_svg"} <= set(charts)
    for chart, svg in charts.items():
        drawn, html = lines(svg), overlaid(svg)
        _, scale = _printed(svg)
        assert "<text" not in html, chart
        assert "<tspan" not in html, chart
        printed = _printed_lines(html)
        assert len(printed) == len(drawn) > 3, chart
        for line, got in zip(drawn, printed, strict=True):
            want = (line.x * scale, line.y * scale, line.text, line.size * scale,
                    line.weight.replace("normal", "400"), line.fill, line.anchor)
            assert got[2:] == pytest.approx(want[2:], abs=0.01), chart
            assert got[:2] == pytest.approx(want[:2], abs=0.02), (chart, line.text)


def test_the_lines_of_a_map_box_title_print_as_one_box(shipped):
    charts, _ = _charts(shipped, "northwind-logistics")
    html = overlaid(charts["map_svg"])
    assert len(SPAN.findall(html)) < len(lines(charts["map_svg"])) - 10
    assert "Company wiki and\nknowledge hub" in html


def test_a_map_box_title_of_two_lines_is_two_lines(shipped):
    charts, _ = _charts(shipped, "northwind-logistics")
    drawn = lines(charts["map_svg"])
    tspans = len(re.findall(r"<tspan\b", charts["map_svg"]))
    texts = len(re.findall(r"<text\b", charts["map_svg"]))
    assert tspans > 10
    assert len(drawn) == tspans + texts - len(re.findall(r"<text[^>]*>\s*<tspan", charts["map_svg"]))


def test_the_printed_roadmap_has_no_svg_text_left_to_lay_out_letter_by_letter(shipped):
    _, html = _charts(shipped, "sakura-logistics")
    assert html.count('<div class="chart"') >= 3
    assert "<text" not in html


def test_a_department_named_with_markup_is_printed_as_its_words(shipped):
    account = load_account(ROOT / "accounts" / "northwind-logistics.yaml", shipped)
    first = account.departments[0].model_copy(update={"name": "R&D <Ops> \u0627\u0644\u0647\u0646\u062f\u0633\u0629"})
    charts, html = _charts(shipped, "northwind-logistics", departments=[first, *account.departments[1:]])
    assert "R&amp;D &lt;Ops&gt; \u0627\u0644\u0647\u0646\u062f\u0633\u0629" in html
    assert "<Ops>" not in html
    drawn = [line.text for line in lines(charts["adoption_svg"])]
    assert "R&D <Ops> \u0627\u0644\u0647\u0646\u062f\u0633\u0629" in drawn


def test_a_chart_without_its_size_is_refused():
    with pytest.raises(ValueError, match="viewBox"):
        overlaid('<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="2">a</text></svg>')


def test_a_line_keeps_the_style_of_its_text():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="200" height="100">'
           '<text x="10" y="20" font-size="8" font-weight="bold" fill="#123456" text-anchor="end">'
           '<tspan x="10" y="20">one</tspan><tspan x="10" y="30">two</tspan></text></svg>')
    style = (8, "bold", "#123456", "end")
    assert lines(svg) == [Line(10, 20, "one", *style), Line(10, 30, "two", *style)]
    html = overlaid(svg)
    assert 'width="200.00" height="100.00"' in html
    assert html.count("<span") == 1
    assert ">one\ntwo</span>" in html
    assert "font-size:16.00px;color:#123456;line-height:20.00px;font-weight:bold" in html
