"""What the documents' SVG charts share: their colours and their root element."""

from __future__ import annotations

from html import escape

from .fonts import font_stack

INK, MUTED, GRID = "#1f2a44", "#5b6478", "#dfe3ea"
ACCENT, ACCENT_SOFT = "#2f6ea5", "#cfe0f1"


def svg_open(width: float, height: float, label: str, locale: str) -> str:
    """The root element of a chart sized in CSS pixels, in the locale's font stack, named for screen readers."""
    font = escape(font_stack(locale), quote=True)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" font-family="{font}" role="img" '
            f'aria-label="{escape(label)}">')
