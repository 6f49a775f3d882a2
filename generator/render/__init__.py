"""Render: the plan as HTML documents, SVG charts and map, PDF through a fetcher that serves only our assets, and text."""
