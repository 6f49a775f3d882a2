"""The charter's blocks as a .docx: Word's own heading and list styles, real tables, a signature table.

The customer's legal or operations team redlines this file, so its structure is Word's: the
headings are Heading 1 and 2 (they make the navigation pane and a table of contents), lists
are List Bullet and List Number, tables repeat their header row on each page, and every
member signs in a row of the signature table. Text takes the PDFs' fonts and the theme's ink.
"""

from __future__ import annotations

import io
from datetime import datetime, time
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ...inputs.theme import Colors
from ...plan.models import Plan
from ..fonts import east_asian_family
from ..officezip import prop, steady
from .blocks import Block, blocks

LATIN = "Inter"
STYLED = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number")
PAGES = {"A4": (Cm(21.0), Cm(29.7)), "letter": (Cm(21.59), Cm(27.94))}
SIGNING_ROW = Cm(1.6)  # room for a hand's signature


def charter_docx(html: str, plan: Plan, colors: Colors, title: str, paper: str = "A4") -> bytes:
    """The charter ``html`` as Word on ``paper`` (A4 or letter); ``title`` is the document's own (its
    properties' title)."""
    doc = Document()
    _page(doc, paper)
    _styles(doc, plan.account.locale, colors)
    read = blocks(html)
    headings = 0
    for block in read:
        headings += block.kind == "h1"
        if block.kind == "h1" and headings == 2:  # the cover (the account's name its one heading) has its own page
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _add(doc, block, cover=headings == 1)
    _signatures(doc, [b for b in read if b.kind == "signature"])
    day = datetime.combine(plan.as_of, time())
    props = doc.core_properties
    props.title, props.subject, props.author = prop(title), prop(plan.account.name), prop(plan.account.csm_name)
    props.last_modified_by, props.created, props.modified, props.revision = prop(plan.account.csm_name), day, day, 1
    props.language, props.keywords, props.comments, props.category = plan.account.locale, "", "", ""
    buffer = io.BytesIO()
    doc.save(buffer)
    return steady(buffer.getvalue(), plan.as_of)


def _page(doc: Any, size: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGES.get(size, PAGES["A4"])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.2))


def _styles(doc: Any, locale: str, colors: Colors) -> None:
    east = east_asian_family(locale)
    ink = RGBColor.from_string(colors.ink.lstrip("#").upper())
    for name in STYLED:
        style = doc.styles[name]
        style.font.name = LATIN
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)  # the theme's fonts would win over the named family
        if east:
            fonts.set(qn("w:eastAsia"), east)
        lang = style.element.get_or_add_rPr().makeelement(qn("w:lang"), {qn("w:val"): locale,
                                                                          qn("w:eastAsia"): locale})
        style.element.get_or_add_rPr().append(lang)
        if name != "Normal" and not name.startswith("List"):
            style.font.color.rgb = ink
    doc.styles["Normal"].font.size = Pt(10.5)


def _add(doc: Any, block: Block, cover: bool) -> None:
    kind = block.kind
    if kind == "h1":
        doc.add_paragraph(block.text, style="Title" if cover else "Heading 1")
    elif kind in ("h2", "h3", "h4"):
        doc.add_heading(block.text, level=int(kind[1]))
    elif kind in {"kicker", "subtitle"}:
        doc.add_paragraph(block.text, style="Subtitle")
    elif kind in ("ul", "ol"):
        doc.add_paragraph(block.text, style="List Bullet" if kind == "ul" else "List Number")
    elif kind == "dt":
        doc.add_paragraph().add_run(block.text).bold = True
    elif kind in ("dd", "p", "foot"):
        paragraph = doc.add_paragraph(block.text)
        if "small" in block.classes or kind == "foot":
            for run in paragraph.runs:
                run.font.size = Pt(9)
    elif kind == "table":
        _table(doc, block.rows, block.header)


def _table(doc: Any, rows: list[list[str]], header: bool) -> Any:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width, style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.text = text
            if header and r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    if header:  # the header row repeats on every page the table runs to
        row_pr = table.rows[0]._tr.get_or_add_trPr()
        row_pr.append(row_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    doc.add_paragraph()
    return table


def _signatures(doc: Any, signatures: list[Block]) -> None:
    """One row a member: who signs, then an empty cell for the signature and one for the date."""
    if not signatures:
        return
    captions = signatures[0].cells[1:]
    table = _table(doc, [["", *captions], *[[s.cells[0], *([""] * len(captions))] for s in signatures]], True)
    for row in table.rows[1:]:
        row.height = SIGNING_ROW
