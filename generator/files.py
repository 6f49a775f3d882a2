"""Output files: safe names, paths that stay in the output folder, atomic writes and an account's files
written as one unit."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .staging import file_mode, stage, swap, sweep_ours


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename (with ``mode``, else
    the mode a new file gets)."""
    tmp = stage(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_SLUG_MAX_CHARS, _SLUG_MAX_BYTES = 60, 120
# Latin letters that do not decompose into a base letter and an accent.
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "đ": "d",
                        "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "\u0131": "i"})


_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def slugify(name: str) -> str:
    """A folder name from an account name: its words in lower case joined by '-', in any script, never empty.

    Latin letters lose their accents (Zoë Café -> zoe-cafe), as folders always have;
    other scripts keep their letters (株式会社さくら物流 stays readable). Slashes, dots,
    control and direction characters and anything else that could steer a path are
    separators, so 'Acme/../../etc' becomes 'acme-etc'.
    """
    if name.isascii():  # most names: the same words, found in one pass of C code
        slug = _cut("-".join(_ASCII_WORD.findall(name)).lower())
    else:
        slug = _any_script(name)
    # A name of nothing but symbols still needs a folder of its own.
    return slug or "account-" + _short_hash(name, 10)


def _any_script(name: str) -> str:
    words, word = [], []
    for char in unicodedata.normalize("NFC", name.translate(_LATIN)):
        plain = _latin_base(char)
        if plain is not None:
            word.append(plain)
        elif unicodedata.category(char)[0] in "LNM":  # letters, digits, and the marks Indic scripts need
            word.append(char)
        elif word:
            words.append("".join(word))
            word = []
    words.append("".join(word))
    return _cut("-".join(w for w in words if w).lower())


def _latin_base(char: str) -> str | None:
    """'é' -> 'e': the ASCII letter under a Latin letter with accents; None for anything else."""
    if char.isascii():
        return char if char.isalnum() else None
    parts = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in parts if c.isascii())
    rest = [c for c in parts if not c.isascii()]
    if base.isalnum() and all(unicodedata.category(c).startswith("M") for c in rest):
        return base
    return None


def _cut(slug: str) -> str:
    """At most 60 characters and 120 bytes (a CJK character is three), never ending on a '-'."""
    slug = slug[:_SLUG_MAX_CHARS]
    while len(slug.encode("utf-8")) > _SLUG_MAX_BYTES:
        slug = slug[:-1]
    return slug.strip("-")


def _short_hash(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def assign_folders(claims: list[tuple[str, str]]) -> tuple[list[str], dict[int, str]]:
    """Folders for (account name, source) claims, and for each repeated account the source it repeats.

    Different names that make the same folder ('Acme, Inc.' and 'ACME Inc', or 'Acme Inc c40fac9'
    beside the suffixed folder of 'Acme, Inc.') each get a suffix from a hash of their own name,
    longer while they still meet; the folders depend only on the set of names, never on their
    order. The same name twice is one account listed twice, and an error.
    """
    folders_by_name = _distinct_folders({name for name, _ in claims})
    repeats: dict[int, str] = {}
    first_source: dict[str, str] = {}
    for i, (name, source) in enumerate(claims):
        if name in first_source:
            repeats[i] = first_source[name]
        else:
            first_source[name] = source
    return [folders_by_name[name] for name, _ in claims], repeats


# 7 hex digits tell apart the few names that share a slug; 40 are never shared by two names.
_HASH_MIN, _HASH_MAX = 7, 40


def _distinct_folders(names: set[str]) -> dict[str, str]:
    """Each name's folder: its slug alone, or with a hash suffix grown (by the least suffixed first) until
    no two names share one."""
    slugs = {name: slugify(name) for name in names}
    level = dict.fromkeys(names, 0)
    while True:
        folders = {name: _folder(slugs[name], name, level[name]) for name in names}
        by_folder: dict[str, list[str]] = {}
        for name in sorted(names):
            by_folder.setdefault(folders[name], []).append(name)
        shared = [group for group in by_folder.values() if len(group) > 1]
        if not shared:
            return folders
        for group in shared:
            least = min(level[name] for name in group)
            for name in group:
                if level[name] == least:
                    level[name] = least + 1


def _folder(slug: str, name: str, level: int) -> str:
    if level == 0:
        return slug
    length = min(_HASH_MIN + level - 1, _HASH_MAX)
    return _cut(slug[:_SLUG_MAX_CHARS - 1 - length]) + "-" + _short_hash(name, length)


def inside(root: Path, *parts: str) -> Path:
    """``root/parts`` after checking that it cannot leave ``root`` (no '..', no absolute part, no link out)."""
    base = root.resolve()
    target = base.joinpath(*parts).resolve()
    if not target.is_relative_to(base) or target == base:
        raise PermissionError(errno.EACCES, f"refusing to write outside the output folder {root} (a link or '..' "
                                            "leads out of it)", str(base.joinpath(*parts)))
    return target


def write_unit(out_dir: Path, slug: str, data: dict[str, bytes], stamp: tuple[str, bytes],
               stale: Sequence[str] = ()) -> list[Path]:
    """Write one account's files and then its stamp under ``out_dir/<slug>/`` as one unit; return the files.

    ``stale``: files an earlier render may have left that this one does not make (a format no longer asked
    for); they are removed once the new files are in place, so the folder holds one render's documents only.

    Every file is written to a temporary file first, so a failure there (a full disk, a
    ``history`` that is not a folder) changes nothing. Only then is the old stamp taken away,
    the files renamed into place and the new stamp renamed in last; a failure among the
    renames puts the old files and the old stamp back. A hard kill in between leaves no
    stamp, so the next run renders the account again: a stamp only ever vouches for the
    files written with it. Temporary files an earlier killed run left here are swept first.
    """
    targets = [(inside(out_dir, slug, name), content) for name, content in [*data.items(), stamp]]
    for folder in dict.fromkeys(target.parent for target, _ in targets):
        sweep_ours(folder)
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in targets:
            staged.append((stage(target, content), target))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    swap(staged)
    for name in stale:
        if name not in data:
            inside(out_dir, slug, name).unlink(missing_ok=True)
    return [target for _, target in staged[:-1]]


def repeat_message(first: str) -> str:
    """Why a repeated account is refused."""
    return f"the same account name as {first}; each account needs its own name, as it gets its own folder"


LOCK_NAME = ".playbook.lock"


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder for one run: a second run on it is refused, naming the run that holds it.

    The lock is the kernel's (flock) and goes when the process goes, however it ends; the
    file only says who held it last.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, file_mode())
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another run"
            raise OSError(errno.EBUSY, f"{holder} is writing to this output folder; wait for it to finish or "
                                       "choose another folder with -o", str(out_dir)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"playbook run {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
