"""A WeasyPrint URL fetcher that serves our packaged assets and nothing else.

Account text comes from CRMs and is escaped before it reaches HTML, so no user-supplied
URL should ever get here; this fetcher is the second wall. It refuses every scheme but
``file``, and every file outside the package's assets folder, after resolving ``..`` and
symbolic links, so ``/etc/hostname``, ``/dev/zero`` and ``http://`` all fail. The one
exceptions are the installed emoji font that fontconfig names (see ``fonts.py``), too large
to ship and loaded by its exact resolved path only, and the .svg and .png logos of the one
theme folder a run was given (checked when the theme was loaded), and the charts the document's own code
drew, served from memory under ``chart:`` names that exist only for the one render (``pdf.py``).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from .fonts import emoji_font_file

ASSETS = Path(str(files("generator") / "assets")).resolve()
MAX_ASSET_BYTES = 5 * 1024 * 1024


class RefusedURL(ValueError):
    """A URL outside the packaged assets."""


class AssetFetcher(URLFetcher):
    """Serves files under ``generator/assets`` by ``file://`` URL, a theme folder's logos and the render's own
    charts by their ``chart:`` names; refuses the rest."""

    def __init__(self, theme: Path | None = None, charts: Mapping[str, bytes] | None = None) -> None:
        super().__init__(allowed_protocols={"file"}, fail_on_errors=False)
        self.theme = theme.resolve() if theme is not None else None
        self.charts = dict(charts or {})

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url in self.charts:
            return URLFetcherResponse(url, self.charts[url], {"Content-Type": "image/svg+xml"})
        path = asset_path(url, self.theme)
        data = path.read_bytes()
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".otf":
            mime = "font/otf"
        return URLFetcherResponse(url, data, {"Content-Type": mime})


def asset_path(url: str, theme: Path | None = None) -> Path:
    """The asset file a URL names (or a logo in the ``theme`` folder), or :class:`RefusedURL`."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"only packaged assets may be loaded, not {url[:80]!r}")
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if path == emoji_font_file():
        return path
    in_theme = theme is not None and path.is_relative_to(theme) and path.suffix in (".svg", ".png")
    if not (path.is_relative_to(ASSETS) or in_theme) or not path.is_file():
        raise RefusedURL(f"only packaged assets may be loaded, not {url[:80]!r}")
    if path.stat().st_size > MAX_ASSET_BYTES:
        raise RefusedURL(f"asset too large: {path.name}")
    return path


def assets_base_url() -> str:
    """The base URL against which templates name assets ('fonts/Inter-Regular.otf')."""
    return ASSETS.as_uri() + "/"
