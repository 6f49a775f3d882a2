from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.render.mapdraw import dot, layout, mermaid, svg

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_is_well_formed_and_draws_every_use_case(shipped):
    root = ET.fromstring(svg(shipped.map))
    titles = {t.text for t in root.iter(f"{SVG}title")}
    assert set(shipped.map.use_cases) <= titles
    assert len(root.findall(f".//{SVG}path[@marker-end]")) == shipped.map.graph.number_of_edges()


def test_every_edge_points_right_and_boxes_do_not_overlap(shipped):
    lay = layout(shipped.map)
    for a, b in shipped.map.graph.edges():
        assert lay.boxes[a][0] < lay.boxes[b][0]
    assert len(set(lay.boxes.values())) == len(lay.boxes)


def test_svg_escapes_titles(shipped):
    text = svg(shipped.map, title="<script>alert(1)</script>")
    assert "<script>" not in text
    assert "&lt;script&gt;" in text


def test_dot_edge_means_requires(shipped):
    text = dot(shipped.map)
    assert '"company-wiki" -> "eng-runbooks";' in text
    assert '"eng-runbooks" -> "company-wiki";' not in text


def test_mermaid_lists_subgraphs_and_edges(shipped):
    text = mermaid(shipped.map)
    assert 'subgraph engineering["Engineering"]' in text
    assert "company_wiki --> eng_runbooks" in text


def test_drawing_is_deterministic(shipped):
    assert svg(shipped.map) == svg(shipped.map)
