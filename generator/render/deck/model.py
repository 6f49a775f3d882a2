"""A slide as plain values: which layout, its title, and the text, table or chart it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Layout = Literal["title", "content", "visual"]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)  # each column's share, in parts of the whole


@dataclass
class Chart:
    categories: list[str]
    series: list[tuple[str, list[float]]]
    stacked: bool = True
    percent: bool = False


@dataclass
class Slide:
    layout: Layout
    title: str
    subtitle: str = ""
    bullets: list[str] = field(default_factory=list)
    table: Table | None = None
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)
