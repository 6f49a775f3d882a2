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


def test_fetcher_serves_a_chart_of_this_render_only():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
    assert fetcher_module.AssetFetcher(charts={"chart:0": svg}).fetch("chart:0").read() == svg
    with pytest.raises(fetcher_module.RefusedURL):
        fetcher_module.AssetFetcher(charts={"chart:0": svg}).fetch("chart:1")
    with pytest.raises(fetcher_module.RefusedURL):
        fetcher_module.AssetFetcher().fetch("chart:0")


def test_a_charts_shapes_become_an_image_named_by_its_label():
    from generator.render.pdf import charts_as_images

    chart = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9" role="img" aria-label="Map &amp; more">'
             "<rect/></svg>")
    html, charts = charts_as_images(f'<p>a</p><div class="chart" style="width:9px">{chart}<span>x</span></div>'
                                    '<svg id="other"></svg>')
    assert html == ('<p>a</p><div class="chart" style="width:9px"><img class="shapes" src="chart:0" '
                    'alt="Map &amp; more"><span>x</span></div><svg id="other"></svg>')
    assert charts == {"chart:0": chart.encode()}
