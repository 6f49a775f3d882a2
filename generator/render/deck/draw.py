"""Slides onto a template's layouts: text into its placeholders, tables as tables, charts as native charts.

A visual slide's content placeholder marks where its table or chart goes: the placeholder is
taken out and the table or chart drawn in its place, so the template decides the geometry.
Text too long for one slide continues on the next one of the same title, numbered.
"""

from __future__ import annotations

from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.presentation import Presentation
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt

from .fit import CELL_X, bullet_pages, column_widths, lines, row_height, table_pages
from .model import Chart, Slide, Table
from .template import CONTENT, TITLE, TITLES, VISUAL, body, placeholder

TITLE_PT, SMALL_TITLE_PT, BODY_PT, TABLE_PT, CHART_PT = 28, 20, 20, 12, 12
TITLE_LINES = 2  # a longer title is set smaller, so that it stays in its placeholder
COUNTED = 12  # up to so many use cases, the axis ticks every one
EMU_PER_PT = 12_700
LAYOUTS = {"title": TITLE, "content": CONTENT, "visual": VISUAL}


class Drawer:
    """Draws slides onto ``deck`` from its layouts; ``east_asian``: the family for CJK text, as the PDFs use."""

    def __init__(self, deck: Presentation, east_asian: str, notes: bool):
        self.deck, self.east_asian, self.notes = deck, east_asian, notes
        found = {layout.name: layout for master in deck.slide_masters for layout in master.slide_layouts}
        self.layouts: dict[str, SlideLayout] = {kind: found[name] for kind, name in LAYOUTS.items()}

    def draw(self, spec: Slide) -> None:
        if spec.layout == "title":
            slide = self._slide(spec, spec.title)
            self._text(_body(slide).text_frame, spec.subtitle.split("\n"), None)
        elif spec.layout == "content":
            box = self._box("content")
            pages = bullet_pages(spec.bullets, box[2] / EMU_PER_PT, box[3] / EMU_PER_PT, BODY_PT)
            for n, points in enumerate(pages, 1):
                slide = self._slide(spec, _numbered(spec.title, n, len(pages)))
                self._text(_body(slide).text_frame, points, BODY_PT)
        elif spec.table is not None:
            box = self._box("visual")
            tables = table_pages(spec.table, box[2] / EMU_PER_PT, box[3] / EMU_PER_PT, TABLE_PT)
            for n, table in enumerate(tables, 1):
                slide = self._slide(spec, _numbered(spec.title, n, len(tables)))
                self._table(slide, table, _take_out(slide))
        elif spec.chart is not None:
            slide = self._slide(spec, spec.title)
            self._chart(slide, spec.chart, _take_out(slide))

    def _box(self, kind: str) -> tuple[int, int, int, int]:
        shape: Any = body(self.layouts[kind])
        return shape.left, shape.top, shape.width, shape.height

    def _slide(self, spec: Slide, title: str) -> PptxSlide:
        slide = self.deck.slides.add_slide(self.layouts[spec.layout])
        heading: Any = next(s for s in slide.placeholders if s.placeholder_format.type in TITLES)
        self._text(heading.text_frame, [title], None if spec.layout == "title" else _title_size(title, heading.width))
        if self.notes and spec.notes:
            self._text(slide.notes_slide.notes_text_frame, spec.notes, None)
        return slide

    def _text(self, frame: TextFrame, paragraphs: list[str], size: int | None) -> None:
        frame.word_wrap = True
        for i, text in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = text
            if size is not None:
                run.font.size = Pt(size)
            self._script(run.font._rPr)

    def _script(self, rpr: Any) -> None:
        """Text in a CJK script takes the PDFs' family for it; Latin text keeps the template's font."""
        if self.east_asian:
            rpr.append(rpr.makeelement(qn("a:ea"), {"typeface": self.east_asian}))

    def _table(self, slide: PptxSlide, table: Table, box: tuple[int, int, int, int]) -> None:
        left, top, width, _ = box
        widths = column_widths(table, width / EMU_PER_PT)
        # Each row as tall as its text needs (the height the pages were cut by), so the frame holds the table.
        heights = [Emu(round(row_height(r, widths, TABLE_PT) * EMU_PER_PT)) for r in [table.header, *table.rows]]
        frame = slide.shapes.add_table(len(heights), len(table.header), Emu(left), Emu(top), Emu(width),
                                       Emu(sum(heights)))
        grid = frame.table
        for i, w in enumerate(widths):
            grid.columns[i].width = Emu(round(w * EMU_PER_PT))
        for r, cells in enumerate([table.header, *table.rows]):
            grid.rows[r].height = heights[r]
            for c, text in enumerate(cells):
                cell = grid.cell(r, c)
                self._text(cell.text_frame, text.split("\n"), TABLE_PT)
                if r == 0:
                    for p in cell.text_frame.paragraphs:
                        for run in p.runs:
                            run.font.bold = True

    def _chart(self, slide: PptxSlide, chart: Chart, box: tuple[int, int, int, int]) -> None:
        data = CategoryChartData(number_format="0%" if chart.percent else "0")
        data.categories = chart.categories
        for name, values in chart.series:
            data.add_series(name, values)
        kind = XL_CHART_TYPE.BAR_STACKED if chart.stacked else XL_CHART_TYPE.BAR_CLUSTERED
        left, top, width, height = (Emu(v) for v in box)
        shapes: Any = slide.shapes  # python-pptx types a chart's data and frame too narrowly
        drawn: Any = shapes.add_chart(kind, left, top, width, height, data).chart
        drawn.has_legend = True
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
        drawn.font.size = Pt(CHART_PT)
        drawn.category_axis.reverse_order = True  # the first department on top, as the PDF's chart reads
        drawn.category_axis.crosses = XL_AXIS_CROSSES.MAXIMUM  # and the value axis still below the bars
        if not chart.percent and max((v for _, values in chart.series for v in values), default=0) <= COUNTED:
            drawn.value_axis.major_unit = 1  # whole use cases: no tick at half of one
        if chart.percent:
            drawn.value_axis.maximum_scale = 1.0
            drawn.value_axis.tick_labels.number_format = "0%"
            drawn.value_axis.tick_labels.number_format_is_linked = False
        if self.east_asian:
            rpr = drawn._chartSpace.find(".//" + qn("a:defRPr"))
            if rpr is not None:
                self._script(rpr)


def _body(slide: PptxSlide) -> Any:
    return next(s for s in slide.placeholders if s.placeholder_format.idx == 1)


def _take_out(slide: PptxSlide) -> tuple[int, int, int, int]:
    """The content placeholder's place, with the placeholder itself removed from the slide."""
    shape = _body(slide)
    box = (shape.left, shape.top, shape.width, shape.height)
    shape.element.getparent().remove(shape.element)
    return box


def _title_size(title: str, width: int) -> int:
    return TITLE_PT if lines(title, width / EMU_PER_PT - 2 * CELL_X, TITLE_PT) <= TITLE_LINES else SMALL_TITLE_PT


def _numbered(title: str, n: int, pages: int) -> str:
    return title if pages == 1 else f"{title} ({n}/{pages})"


__all__ = ["Drawer", "placeholder"]
