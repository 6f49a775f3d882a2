"""One decision saved at a time per account file, in this process and in any other, the file's mode kept.

A save reads the file, checks it is the version the page was made from, edits and checks
it, then writes it; two saves that interleave would both pass the check and the second
would drop the first's decision. So the whole save holds a lock: a thread lock per file
(flock alone would serialise threads too, but a thread lock makes waiting in-process
cheap and visible) and, for other processes such as a second ``playbook serve``, the
kernel's lock on a hidden lock file next to the account, which goes when a process dies.
"""

from __future__ import annotations

import fcntl
import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..files import write_atomic

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def lock_path(path: Path) -> Path:
    """The lock file of an account file: hidden, and not a YAML file, so no book lists it."""
    return path.parent / f".{path.name}.lock"


@contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold ``path`` for one save, waiting for any other save of it to finish first."""
    resolved = path.resolve()
    with _locks_guard:
        lock = _locks.setdefault(str(resolved), threading.Lock())
    with lock:
        fd = os.open(lock_path(resolved), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the flock


def replace_keeping_mode(path: Path, data: bytes) -> None:
    """Write ``data`` over ``path`` through a temporary file and a rename, keeping the file's permissions.

    A CSM who made an account file readable only by themselves (0600) means it to stay so.
    """
    write_atomic(path, data, stat.S_IMODE(path.stat().st_mode))
