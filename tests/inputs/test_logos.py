"""Logos' places: a regular file inside its theme folder, reached through no link."""

from __future__ import annotations

import os

from generator.inputs.logos import logo_problems

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def test_a_logo_outside_its_theme_folder_is_refused(tmp_path):
    (tmp_path / "logo.svg").write_bytes(SVG)
    (tmp_path / "theme").mkdir()
    assert "is outside the theme folder" in logo_problems(tmp_path / "logo.svg", tmp_path / "theme")[0]


def test_a_logo_that_is_not_a_regular_file_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe.svg")  # reading a pipe nobody writes to would wait for ever
    (tmp_path / "folder.svg").mkdir()
    for name in ("pipe.svg", "folder.svg"):
        assert logo_problems(tmp_path / name, tmp_path) == [f"the logo is not a regular file ({tmp_path / name})"]


def test_a_theme_folder_reached_through_a_link_keeps_its_logos(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "logo.svg").write_bytes(SVG)
    (tmp_path / "theme").symlink_to(tmp_path / "real")
    assert logo_problems(tmp_path / "theme" / "logo.svg", tmp_path / "theme") == []


def test_a_logo_is_judged_again_when_its_bytes_change(tmp_path):
    (tmp_path / "logo.svg").write_bytes(SVG)
    assert logo_problems(tmp_path / "logo.svg", tmp_path) == []
    (tmp_path / "logo.svg").write_bytes(SVG.replace(b"<rect", b"<script/><rect"))
    assert "the element <script>" in logo_problems(tmp_path / "logo.svg", tmp_path)[0]
    (tmp_path / "logo.svg").write_bytes(SVG)
    assert logo_problems(tmp_path / "logo.svg", tmp_path) == []
