"""The URL fetcher: packaged assets and nothing else, whatever a document asks for."""

from __future__ import annotations

import pytest

from generator.render import fetcher as fetcher_module


@pytest.mark.parametrize("url", [
    "http://example.com/style.css",
    "https://127.0.0.1/x.png",
    "file:///etc/hostname",
    "file:///dev/zero",
    "data:text/css,body{}",
    fetcher_module.ASSETS.as_uri() + "/../__init__.py",
    fetcher_module.ASSETS.as_uri() + "/fonts/../../cli.py",
    fetcher_module.ASSETS.as_uri() + "/fonts/missing.otf",
    "file://evil.example/" + str(fetcher_module.ASSETS) + "/fonts/Inter-Regular.otf",
])
def test_fetcher_refuses_everything_but_packaged_assets(url):
    with pytest.raises(fetcher_module.RefusedURL):
        fetcher_module.AssetFetcher().fetch(url)


def test_fetcher_serves_packaged_fonts():
    response = fetcher_module.AssetFetcher().fetch(fetcher_module.ASSETS.as_uri() + "/fonts/Inter-Regular.otf")
    assert response.read(4) == b"OTTO"
