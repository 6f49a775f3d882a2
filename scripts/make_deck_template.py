"""Make the deck's shipped template, generator/assets/deck/default.pptx, from python-pptx's own default.

The default's 4:3 masters are widened to 16:9, the three layouts the deck fills are renamed to
the names it looks them up by, the theme's fonts become Inter and its colours the documents'
neutral ink and accent. Run from the repository root: python scripts/make_deck_template.py
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

from generator.render.deck.template import CONTENT, TITLE, VISUAL
from generator.render.officezip import steady

TARGET = Path("generator/assets/deck/default.pptx")
WIDE = Emu(12_192_000)  # 13.333 in: a 16:9 slide 7.5 in high
RENAMED = {"Title Slide": TITLE, "Title and Content": CONTENT, "Two Content": VISUAL}
COLOURS = {"dk2": "1F2A44", "lt2": "EEF3F9", "accent1": "2F6EA5", "accent2": "1F2A44", "accent3": "7A8BA8",
           "accent4": "C7D6E8", "accent5": "5B8DBE", "accent6": "9AA5B1"}


def _widen(shapes_owner: object, scale: float) -> None:
    for shape in shapes_owner.shapes:  # type: ignore[attr-defined]
        if shape._element.xfrm is not None:  # a shape with a place of its own; the others inherit the master's
            shape.left, shape.width = Emu(round(shape.left * scale)), Emu(round(shape.width * scale))


def _theme(deck: Presentation) -> None:
    master = deck.slide_masters[0]
    part = master.part.part_related_by(RT.THEME)
    xml = part.blob
    xml = re.sub(rb'<a:latin typeface="[^"]*"', b'<a:latin typeface="Inter"', xml)
    for name, rgb in COLOURS.items():
        xml = re.sub(rb"(<a:" + name.encode() + rb">)<a:srgbClr val=\"[0-9A-F]{6}\"/>",
                     rb'\g<1><a:srgbClr val="' + rgb.encode() + b'"/>', xml)
    part._blob = xml


def main() -> None:
    deck = Presentation()
    scale = WIDE / deck.slide_width
    deck.slide_width = WIDE
    master = deck.slide_masters[0]
    _widen(master, scale)
    for layout in master.slide_layouts:
        _widen(layout, scale)
        layout.name = RENAMED.get(layout.name, layout.name)
    visual = master.slide_layouts.get_by_name(VISUAL)
    assert visual is not None
    second = next(s for s in visual.placeholders if s.placeholder_format.idx == 2)
    first = next(s for s in visual.placeholders if s.placeholder_format.idx == 1)
    first.left, first.top, first.height = first.left, first.top, first.height  # a place of its own, to widen
    first.width = Emu(second.left + second.width - first.left)  # one wide region for a chart or a table
    second.element.getparent().remove(second.element)
    _theme(deck)
    deck.core_properties.title = "usecase-playbook QBR"
    deck.core_properties.author = "usecase-playbook"
    deck.core_properties.last_modified_by = "usecase-playbook"
    deck.core_properties.revision = 1
    buffer = io.BytesIO()
    deck.save(buffer)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(steady(buffer.getvalue(), date(2026, 1, 1)))
    print(TARGET)


if __name__ == "__main__":
    main()
