"""Writing files all or none: each staged in a temporary file beside its target, then swapped into place.

Every temporary file is named '.<name>.<8 random characters>.tmp', so a later run can tell
the ones a killed run left behind from anybody else's files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def file_mode() -> int:
    """The mode a new file gets under this process's umask (0644 under the usual 022)."""
    try:
        with open("/proc/self/status") as status:  # reading the umask without changing it
            line = next(line for line in status if line.startswith("Umask:"))
        mask = int(line.split()[1], 8)
    except (OSError, StopIteration, ValueError, IndexError):
        mask = os.umask(0o022)  # elsewhere the umask can only be read by setting it; put it straight back
        os.umask(mask)
    return 0o666 & ~mask


def stage(path: Path, data: bytes, mode: int | None = None) -> Path:
    """``data`` in a temporary file beside ``path``, on disk, with ``mode`` (else a new file's); its name is one
    :func:`sweep_ours` knows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            # mkstemp makes 0600; a document is as readable as any file, unless its mode is given
            os.fchmod(handle.fileno(), file_mode() if mode is None else mode)
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def swap(staged: list[tuple[Path, Path]]) -> None:
    """Rename staged (temporary, target) files into place, all or none; the last target, the stamp, is taken
    away before the others change and renamed in after them."""
    aside: list[tuple[Path, Path | None]] = []
    stamp = staged[-1][1]
    try:
        for _, target in staged:
            aside.append((target, _set_aside(target)))
        stamp.unlink(missing_ok=True)
        _sync_folder(stamp.parent)  # the old stamp is gone on disk before any of its files changes
        for tmp, target in staged[:-1]:
            os.replace(tmp, target)
        for folder in dict.fromkeys(target.parent for _, target in staged):
            _sync_folder(folder)  # and the files are in place on disk before the new stamp is
        os.replace(*staged[-1])
        _sync_folder(stamp.parent)
    except BaseException:
        _put_back(aside, stamp)
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for _, old in aside:
        if old is not None:
            with contextlib.suppress(OSError):  # the files are written; one left here is swept by the next write
                old.unlink(missing_ok=True)


def _set_aside(target: Path) -> Path | None:
    """A second name for the file now at ``target``, to put back if the swap fails; None when there is none."""
    if not target.exists():
        return None
    try:
        return _link_beside(target)
    except OSError:  # a file system without hard links: a copy does as well, at the cost of writing it
        return stage(target, target.read_bytes())


def _link_beside(target: Path) -> Path:
    while True:
        old = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.link(target, old, follow_symlinks=False)
            return old
        except FileExistsError:  # another temporary file has the name: draw again
            continue


def _put_back(aside: list[tuple[Path, Path | None]], stamp: Path) -> None:
    """The files set aside back in place, the old stamp last; if that fails too, no stamp at all."""
    try:
        stamp.unlink(missing_ok=True)
        for target, old in sorted(aside, key=lambda pair: pair[0] == stamp):
            if old is not None:
                os.replace(old, target)
                old.unlink(missing_ok=True)  # a rename onto another name of the same file leaves both names
            else:
                target.unlink(missing_ok=True)
    except OSError:
        stamp.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # a file system that cannot sync a folder; the renames are still atomic
            raise
    finally:
        os.close(fd)


# What mkstemp names our temporary files, and set-aside files too: '.' + a file's name + 8 random characters.
_OUR_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def is_ours(name: str) -> bool:
    """Whether ``name`` is one of our temporary files."""
    return _OUR_TEMPORARY.fullmatch(name) is not None


def sweep_ours(folder: Path) -> int:
    """Remove the temporary files a killed run left in ``folder`` (never through a link); return how many."""
    try:
        if folder.is_symlink() or not folder.is_dir():
            return 0
        stale = [Path(e.path) for e in os.scandir(folder) if is_ours(e.name) and e.is_file(follow_symlinks=False)]
    except OSError:  # a folder we cannot list: the write that follows says why
        return 0
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)
