"""The checks every logo passes before anything is rendered: where it is, what it is, and that it is whole.

A logo must be a regular file inside its theme folder, reached through no link, so that a
theme cannot hand the renderer a file from elsewhere. Its type is judged by its bytes,
read whole by :mod:`.pnglogo` or :mod:`.svglogo`. Every sentence names the logo file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .loader import display_path
from .pnglogo import png_problem
from .svglogo import svg_problems

MAX_LOGO_BYTES = 1024 * 1024
# A large PNG takes most of a second to check, and every account naming it, and every reload of
# the book, checks it again: verdicts are kept by the bytes' digest, for this many files at most.
MAX_VERDICTS = 256
_VERDICTS: dict[tuple[str, str, bytes], tuple[str, ...]] = {}


def logo_problems(path: Path, folder: Path) -> list[str]:
    """Everything wrong with the logo at ``path``, which must lie in the theme ``folder``; [] when it is good."""
    display = display_path(path)
    misplaced = _misplaced(path, folder)
    if misplaced:
        return [misplaced]
    try:
        data = _read(path)
    except _Unreadable as exc:
        return [f"{exc} ({display})"]
    key = (path.suffix, display, hashlib.sha256(data).digest())
    if key not in _VERDICTS:
        if len(_VERDICTS) >= MAX_VERDICTS:
            _VERDICTS.clear()
        _VERDICTS[key] = _content_problems(path.suffix, data, display)
    return list(_VERDICTS[key])


def _content_problems(suffix: str, data: bytes, display: str) -> tuple[str, ...]:
    if suffix == ".png":
        problem = png_problem(data)
        return (f"{problem} ({display})",) if problem else ()
    return tuple(svg_problems(data, display))


def _misplaced(path: Path, folder: Path) -> str | None:
    """Why ``path`` is not a file of the theme ``folder`` itself (a link, or outside it), if it is not."""
    try:
        parts = path.relative_to(folder).parts
    except ValueError:
        return f"the logo {display_path(path)} is outside the theme folder {display_path(folder)}"
    step = folder
    for part in parts:
        step = step / part
        if step.is_symlink():
            return (f"{display_path(step)} is a link; a logo must be a regular file in the theme folder "
                    "itself, not a link to one")
    if not path.exists():
        return f"no logo file {display_path(path)}"
    if not path.resolve().is_relative_to(folder.resolve()):
        return f"the logo {display_path(path)} is outside the theme folder {display_path(folder)}"
    return None


class _Unreadable(Exception):
    """A logo that cannot be read as a file: the sentence says why."""


def _read(path: Path) -> bytes:
    """The logo's bytes, opened without following a link (in case one appeared since it was checked)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # a pipe would wait for ever
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _Unreadable(f"cannot read the logo: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Unreadable("the logo is not a regular file")
        if info.st_size > MAX_LOGO_BYTES:
            raise _Unreadable(f"the logo is {info.st_size:,} bytes; at most {MAX_LOGO_BYTES:,}")
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read(MAX_LOGO_BYTES + 1)
    finally:
        os.close(fd)
