"""Render: the plan as HTML documents, SVG charts and map, PDF through an assets-only fetcher, and plain text."""
