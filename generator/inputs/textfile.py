"""Reading an input file as text: only regular files of a bounded size, only UTF-8, only printable characters.

Every check says where it failed, so that a person can open the file at that place and fix it.
"""

from __future__ import annotations

import os
import re
import stat
from itertools import islice
from pathlib import Path

from ..errors import Location, Problem, UserError
from .chars import BOM, FILE_UNPRINTABLE, describe

# A file pasted from a binary holds thousands of bad characters; the first few say what to fix.
MAX_CHARACTER_PROBLEMS = 10

_NOT_FILES = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
              stat.S_IFDIR: "a folder", stat.S_IFSOCK: "a socket"}


def read_limited(path: Path, limit: int, display: str, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; a pipe, a device or a larger file is a user error."""
    def refuse(message: str) -> UserError:
        return UserError([Problem(Location(display), message)])

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a named pipe must not wait for a writer
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise refuse(f"this is {_NOT_FILES.get(stat.S_IFMT(info.st_mode), 'not a regular file')}; "
                         f"expected a {what}")
        if info.st_size > limit:
            raise refuse(f"the file is {info.st_size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB for one {what}")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while we read it
        raise refuse(f"the file is larger than the {limit / 1e6:.0f} MB limit for one {what}")
    return data


# Line breaks as PyYAML counts them, so that our locations agree with its own.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _position(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1) of the character at ``index``."""
    line, start = 1, 0
    for brk in _BREAK.finditer(text, 0, index):
        line, start = line + 1, brk.end()
    return line, index - start + 1


def _bad_characters(text: str) -> list[int]:
    """Indexes of the first characters no input file may hold, a byte order mark past the start included."""
    found = [m.start() for m in islice(FILE_UNPRINTABLE.finditer(text), MAX_CHARACTER_PROBLEMS + 1)]
    bom = text.find(BOM, 1)
    while bom != -1 and len(found) <= 2 * MAX_CHARACTER_PROBLEMS:
        found.append(bom)
        bom = text.find(BOM, bom + 1)
    return sorted(found)


def character_problems(text: str, display: str) -> list[Problem]:
    """Where ``text`` holds characters no input file may hold, each said by name."""
    found = _bad_characters(text)
    problems = []
    for index in found[:MAX_CHARACTER_PROBLEMS]:
        where = " in the middle of the file" if text[index] == BOM else ""
        problems.append(Problem(Location(display, *_position(text, index)),
                                f"{describe(text[index])}{where} is not allowed; remove it"))
    if len(found) > MAX_CHARACTER_PROBLEMS:
        problems.append(Problem(Location(display, *_position(text, found[MAX_CHARACTER_PROBLEMS])),
                                "more characters like these from here on; is this really a text file?"))
    return problems


def not_utf8(raw: bytes, exc: UnicodeDecodeError, display: str) -> Problem:
    """Where the first byte that is not UTF-8 stands; everything before it decoded, so it can be counted."""
    before = raw[:exc.start].decode("utf-8-sig")
    line, column = _position(before + " ", len(before))
    return Problem(Location(display, line, column), f"byte 0x{raw[exc.start]:02X} (byte {exc.start} of the file) "
                                                    "is not UTF-8 text; save the file as UTF-8")
