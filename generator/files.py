"""Output files: safe names, paths that stay in the output folder, and atomic writes."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_SLUG_MAX = 60


def slugify(name: str) -> str:
    """A folder name from an account name: ASCII letters and digits joined by '-', never empty.

    Slashes, dots, control characters and anything else that could steer a path are
    dropped, so 'Acme/../../etc' becomes 'acme-etc'.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_name)
    slug = "-".join(words)[:_SLUG_MAX].strip("-")
    # A name with no Latin letters (株式会社) still needs a folder of its own.
    return slug or "account-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


def inside(root: Path, *parts: str) -> Path:
    """``root/parts`` after checking that it cannot leave ``root`` (no '..', no absolute part, no link out)."""
    base = root.resolve()
    target = base.joinpath(*parts).resolve()
    if not target.is_relative_to(base) or target == base:
        raise ValueError(f"refusing to write outside {root}: {'/'.join(parts)!r}")
    return target


def write_files(out_dir: Path, slug: str, data: dict[str, bytes]) -> list[Path]:
    """Write one account's files under ``out_dir/<slug>/``, each atomically and never outside ``out_dir``."""
    written = []
    for name, content in data.items():
        target = inside(out_dir, slug, name)
        write_atomic(target, content)
        written.append(target)
    return written


def folder_clashes(claims: list[tuple[str, str]]) -> dict[int, str]:
    """For (slug, source) claims in order: index of each later claim -> the source that took its folder first."""
    first: dict[str, str] = {}
    clashes = {}
    for i, (slug, source) in enumerate(claims):
        if slug in first:
            clashes[i] = first[slug]
        else:
            first[slug] = source
    return clashes


def clash_message(slug: str, first: str) -> str:
    return f"would write to the same folder '{slug}' as {first}; give one of them a distinct name"
