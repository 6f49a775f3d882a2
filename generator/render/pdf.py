"""HTML to PDF with WeasyPrint: our fetcher, our fonts, stylesheets parsed once per process."""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import tempfile
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from .fetcher import AssetFetcher, assets_base_url
from .fonts import face_rules

if TYPE_CHECKING:  # WeasyPrint loads Pango on import: only processes that render pay for it
    from weasyprint import CSS, Document
    from weasyprint.text.fonts import FontConfiguration

log = logging.getLogger(__name__)
# A chart's shapes (its words are HTML beside them, see overlay.py) and the label that names it.
CHART = re.compile(r'(<div class="chart"[^>]*>)(<svg\b.*?</svg>)', re.S)
LABEL = re.compile(r'<svg\b[^>]*\baria-label="([^"]*)"')


@lru_cache(maxsize=4)
def stylesheet(name: str) -> CSS:
    """A packaged stylesheet, parsed once: parsing CSS and loading fonts is a fixed cost per process."""
    from weasyprint import CSS

    fonts = _font_config()
    css = (files("generator") / "templates" / name).read_text(encoding="utf-8") + face_rules()
    return CSS(string=css, base_url=assets_base_url(), url_fetcher=AssetFetcher(), font_config=fonts)


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    # WeasyPrint copies every @font-face's font (the emoji font is 11 MB) into a temporary folder it removes only
    # when the configuration is collected, which a process that exits with this one cached, or a forked batch
    # worker (os._exit), never does: each run left its copy behind. The folder is ours, removed at exit by the
    # process that made it (forked workers share it and leave it to their parent).
    config._folder = _temporary_folder()
    return config


def _temporary_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="playbook-fonts-"))
    atexit.register(_remove, folder, os.getpid())
    return folder


def _remove(folder: Path, owner: int) -> None:
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


def layout(html: str, css_name: str = "document.css", theme: Path | None = None) -> Document:
    """``html`` laid out in pages with the packaged stylesheet (and the logos of a ``theme`` folder)."""
    from weasyprint import HTML

    html, charts = charts_as_images(html)
    document = HTML(string=html, base_url=assets_base_url(), url_fetcher=AssetFetcher(theme, charts))
    return document.render(stylesheets=[stylesheet(css_name)], font_config=_font_config())


def charts_as_images(html: str) -> tuple[str, dict[str, bytes]]:
    """``html`` with each chart's SVG an image of it, and the SVGs by the names the images load them by.

    Inline, every rect and path of a chart is an element of the page: parsed by the HTML parser and given a
    computed style like a paragraph (a map costs about 180,000 Python calls so). An image is one element, its
    SVG read by the XML parser; what prints is the same.
    """
    charts: dict[str, bytes] = {}

    def image(match: re.Match[str]) -> str:
        name = f"chart:{len(charts)}"
        charts[name] = match[2].encode("utf-8")
        label = LABEL.search(match[2])
        return f'{match[1]}<img class="shapes" src="{name}" alt="{label[1] if label else ""}">'

    return CHART.sub(image, html), charts


def html_to_pdf(html: str, css_name: str = "document.css", theme: Path | None = None) -> bytes:
    """Lay out ``html`` with the packaged stylesheet (and the logos of a ``theme`` folder) and return the PDF."""
    # pdf_identifier and no timestamps keep the bytes identical from run to run.
    return layout(html, css_name, theme).write_pdf(pdf_identifier=b"usecase-playbook", uncompressed_pdf=False)
