"""Office packages rewritten to the same bytes: fixed entry times and order, core dates on the plan's day."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from generator.render.officezip import FIXED_TIME, PROPERTY_CHARS, prop, steady

CORE = (b'<cp:coreProperties xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:created xsi:type="dcterms:W3CDTF">'
        b"2031-05-05T10:11:12Z</dcterms:created></cp:coreProperties>")


def _package(names: list[str], when: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=when)  # type: ignore[arg-type]
            z.writestr(info, CORE if name.endswith("core.xml") else name.encode())
    return out.getvalue()


def test_entries_are_ordered_and_timed_alike_and_dates_are_the_plans():
    names = ["ppt/slides/slide1.xml", "docProps/core.xml", "[Content_Types].xml", "_rels/.rels"]
    first = steady(_package(names, (2031, 5, 5, 10, 11, 12)), date(2026, 11, 21))
    second = steady(_package(list(reversed(names)), (2032, 1, 1, 0, 0, 0)), date(2026, 11, 21))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.namelist() == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "ppt/slides/slide1.xml"]
        assert {i.date_time for i in z.infolist()} == {FIXED_TIME}
        assert b">2026-11-21T00:00:00Z</dcterms:created>" in z.read("docProps/core.xml")


def test_a_chart_workbook_inside_is_made_steady_too():
    inner = _package(["docProps/core.xml", "xl/workbook.xml"], (2031, 5, 5, 10, 11, 12))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", b"types")
        z.writestr("ppt/embeddings/Sheet1.xlsx", inner)
    result = steady(out.getvalue(), date(2026, 1, 2))
    with zipfile.ZipFile(io.BytesIO(result)) as z:
        inner = z.read("ppt/embeddings/Sheet1.xlsx")
    with zipfile.ZipFile(io.BytesIO(inner)) as x:
        assert b"2026-01-02T00:00:00Z" in x.read("docProps/core.xml")
        assert {i.date_time for i in x.infolist()} == {FIXED_TIME}


def test_a_core_property_is_cut_to_what_office_files_hold():
    assert prop("Acme") == "Acme"
    long = prop("株" * 300)
    assert len(long) == PROPERTY_CHARS
    assert long.endswith("…")
