"""Chart labels, checked on the drawn SVG's geometry with the fonts' measured widths: inside the chart, apart
from each other, and never over a bar or a box that is not their own, for every sample in every language.

Also ``labels.fit`` itself: lines of a measured width, words broken at their syllables, an ellipsis at the end.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta
from html import unescape
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator.inputs.loader import load_account
from generator.plan.planner import plan
from generator.plan.walk import offered
from generator.render.charts import gantt
from generator.render.documents import roadmap_charts
from generator.render.labels import fit, shortened
from generator.render.textwidth import text_width
from generator.render.words import Words

SAMPLES = [*sorted((ROOT / "accounts").glob("*.yaml")), ROOT / "tests" / "data" / "world-scripts.yaml"]
LOCALES = ["en-US", "de-DE", "fr-FR", "ja-JP"]
NS = "{http://www.w3.org/2000/svg}"
ASCENT, DESCENT = 0.78, 0.22  # of the font size, about Inter's and Noto's: a line's box above and below its baseline


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    what: str

    def meets(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)


def _texts(root: ET.Element) -> list[tuple[Box, ET.Element | None]]:
    """Each line of text as a box, with the group it belongs to (a map box's title is inside its box)."""
    out = []
    groups = {child: g for g in root.iter(f"{NS}g") for child in g.iter(f"{NS}text")}
    for text in root.iter(f"{NS}text"):
        size = float(text.get("font-size", "10"))
        bold = text.get("font-weight") in ("600", "bold")
        lines = list(text.iter(f"{NS}tspan")) or [text]
        for line in lines:
            words = unescape("".join(line.itertext()) if line is text else line.text or "")
            width = text_width(words, size, bold=bold)
            x, y = float(line.get("x", text.get("x", "0"))), float(line.get("y", text.get("y", "0")))
            left = {"end": x - width, "middle": x - width / 2}.get(text.get("text-anchor", "start"), x)
            out.append((Box(left, y - ASCENT * size, left + width, y + DESCENT * size, words), groups.get(text)))
    return out


def _shapes(root: ET.Element, rounded: set[str]) -> list[tuple[Box, ET.Element | None]]:
    """The bars and boxes labels must not cover: rects with the given corner radii."""
    groups = {child: g for g in root.iter(f"{NS}g") for child in g.iter(f"{NS}rect")}
    out = []
    for r in root.iter(f"{NS}rect"):
        if r.get("rx") in rounded and float(r.get("width", "0")) > 0:
            x, y, w, h = (float(r.get(k, "0")) for k in ("x", "y", "width", "height"))
            out.append((Box(x, y, x + w, y + h, f"rect at {x:.0f},{y:.0f}"), groups.get(r)))
    return out


def problems(svg: str, rounded: set[str]) -> list[str]:
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    texts, shapes = _texts(root), _shapes(root, rounded)
    found = [f"{b.what!r} leaves the chart" for b, _ in texts
             if b.left < 0 or b.right > width or b.top < 0 or b.bottom > height]
    found += [f"{a.what!r} meets {b.what!r}" for (a, _), (b, _) in combinations(texts, 2) if a.meets(b)]
    found += [f"{t.what!r} covers {s.what}" for t, tg in texts for s, sg in shapes
              if t.meets(s) and (tg is None or tg is not sg)]
    return found


def struck(svg: str) -> list[str]:
    """Words a line of the chart runs through without a patch of background over the line and under the words."""
    root = ET.fromstring(svg)
    order = {element: k for k, element in enumerate(root.iter())}
    lines = [(float(ln.get("x1", "0")), min(float(ln.get("y1", "0")), float(ln.get("y2", "0"))),
              max(float(ln.get("y1", "0")), float(ln.get("y2", "0"))), order[ln]) for ln in root.iter(f"{NS}line")]
    patches = [(Box(float(r.get("x", "0")), float(r.get("y", "0")), float(r.get("x", "0")) + float(r.get("width", "0")),
                    float(r.get("y", "0")) + float(r.get("height", "0")), "patch"), order[r])
               for r in root.iter(f"{NS}rect") if r.get("rx") is None]
    found = []
    # One box per <text>: the timeline draws no <tspan>, and zip's strict would say so if it did.
    for (box, _), text in zip(_texts(root), root.iter(f"{NS}text"), strict=True):
        for x, top, bottom, drawn in lines:
            if box.left < x < box.right and top < box.bottom and box.top < bottom and not any(
                    after > drawn and patch.left <= box.left and box.right <= patch.right and patch.top <= box.top
                    and box.bottom <= patch.bottom for patch, after in patches if after < order[text]):
                found.append(f"{box.what!r} struck through at x={x:.0f}")
    return found


def _roadmap_svgs(shipped, sample, locale: str) -> dict[str, str]:
    account = load_account(sample, shipped).model_copy(update={"locale": locale})
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=date(2026, 12, 1))
    w = Words(result.account.locale, result.period_months)
    charts = roadmap_charts(result, shipped.map.in_language(w.language), dict(account.adoption),
                            offered(shipped.map, account), w)
    return {"map" if name == "map_svg" else name: svg for name, svg in charts.items()}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_chart_label_meets_another_or_covers_a_bar(shipped, sample, locale):
    """The timeline's bar labels, lane names and markers, the adoption chart's names, the map's lane names and
    box titles ('Unternehmensweit' cut by its first box, 'Defense and Government Sales' into its bar)."""
    svgs = _roadmap_svgs(shipped, sample, locale)
    assert "map" in svgs, list(svgs)
    assert len(svgs) >= 3, list(svgs)
    found = {name: problems(svg, {"2", "3", "6"}) for name, svg in svgs.items()}
    assert not any(found.values()), {k: v[:6] for k, v in found.items() if v}


@pytest.mark.parametrize(("text", "room", "language", "lines", "expected"), [
    ("Unternehmensweit", 114, "de", 3, ["Unternehmens-", "weit"]),
    ("IT, Sicherheit und Administration", 180, "de", 2, ["IT, Sicherheit und", "Administration"]),
    ("Defense and Government Sales", 130, "en", 2, ["Defense and", "Government Sales"]),
    ("Sales", 90, "en", 2, ["Sales"]),
    ("IT・セキュリティ・管理", 140, "ja", 2, ["IT・セキュリティ・", "管理"]),
    ("Donaudampfschifffahrtsgesellschaftskapitän", 60, "de", 3, ["Donau-", "dampf-", "schifff…"]),
])
def test_fit_breaks_between_words_then_syllables(text, room, language, lines, expected):
    got = fit(text, room, 13.5, language, bold=True, lines=lines)
    assert got == expected
    assert all(text_width(line, 13.5, bold=True) <= room for line in got)


@pytest.mark.parametrize("language", ["en", "de", "ja", ""])
@pytest.mark.parametrize("text", ["Customer onboarding playbooks and handover notes for every region",
                                  "Donaudampfschifffahrtsgesellschaftskapitän",
                                  "新入社員オンボーディングと研修の記録と共有", "x"])
@pytest.mark.parametrize("room", [20.0, 60.0, 140.0])
def test_fit_never_passes_its_room_nor_its_lines(text, room, language):
    got = fit(text, room, 10, language, lines=2)
    assert 1 <= len(got) <= 2
    assert all(text_width(line, 10) <= room or len(line) <= 2 for line in got), got
    if len(fit(text, room, 10, language, lines=99)) > 2:
        assert got[-1].endswith("…")


def test_shortened_cuts_at_a_word_and_says_so():
    assert shortened("Customer onboarding playbooks", 100, 7.5, "en") == "Customer onboarding…"
    assert shortened("Short", 100, 7.5, "en") == "Short"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sample=st.sampled_from(["northwind-logistics", "pinecone-bakery", "brueckner-maschinenbau"]),
       locale=st.sampled_from(LOCALES), to_qbr=st.integers(0, 150),
       renewal=st.one_of(st.none(), st.integers(-60, 420)))
def test_the_timelines_markers_stay_apart_whatever_the_dates(shipped, sample, locale, to_qbr, renewal):
    """This QBR, the quarters' QBRs, today and the renewal on any calendar: a QBR days after today, a renewal
    in the first weeks or past the year, in every language."""
    as_of = date(2026, 12, 1)
    account = load_account(ROOT / "accounts" / f"{sample}.yaml", shipped)
    changes = {"locale": locale, "next_qbr": as_of + timedelta(days=to_qbr),
               "renewal_date": None if renewal is None else as_of + timedelta(days=renewal)}
    account = account.model_copy(update=changes)
    result = plan(shipped.map, shipped.playbooks[account.segment], account, as_of=as_of)
    w = Words(result.account.locale, result.period_months)
    svg = gantt(result, w)
    assert not problems(svg, {"2", "3", "6"})
    assert not struck(svg)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_line_of_the_timeline_strikes_a_word_through(shipped, sample, locale):
    """The reviews', today's and the renewal's lines cross month names and bar labels ('mars', 'QBR 1' through
    'Dossiers de revue d'activité'): each of those words sits on its background, drawn over the line."""
    svg = _roadmap_svgs(shipped, sample, locale)["gantt_svg"]
    assert "<line" in svg
    assert not struck(svg)
