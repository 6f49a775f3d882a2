"""The book's usage data in the web app: the file or folder ``serve --usage`` names, or one a CSM uploads.

An upload is checked in full (every located problem shown on the book page, named by the uploaded file's
name) before it replaces anything, and it is kept only under the output folder (``.usage/``, a name no
account's folder can have), so the next page, a restart and the render workers plan from the same data.
The data is read again only when its file, the book's ids, the day or the library changed.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..errors import Location, Problem, Problems, UserError
from ..files import inside
from ..inputs.loader import display_path
from ..inputs.usecase_map import UseCaseMap
from ..usage.book import BookUsage, read_book_usage
from ..usage.read import EVENTS, TABLES, Engine, usage_files

FOLDER = ".usage"
KEPT = "usage"  # the kept upload's name, before its suffix
SUFFIXES = TABLES + EVENTS


@dataclass
class Measuring:
    """What the book's usage came to: the data (None when it has problems), what was not used, its problems."""

    source: str
    book: BookUsage | None
    report: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    uploaded: bool = False


class UsageFiles:
    """The usage the book is planned with; safe to use from the request threads and the render thread."""

    def __init__(self, output: Path, configured: Path | None, usecases: Path, limit: int,
                 engine: Engine | None = None):
        self.output, self.configured, self.usecases, self.limit = output, configured, usecases, limit
        self.engine = engine or Engine()
        self._lock = threading.Lock()
        self._cache: tuple[tuple, Measuring] | None = None
        self._name = ""  # the uploaded file's own name, for the page

    def kept(self) -> Path | None:
        """The upload kept under the output folder, if there is one."""
        try:
            folder = inside(self.output, FOLDER)
        except OSError:
            return None
        found = [folder / f"{KEPT}{s}" for s in SUFFIXES if (folder / f"{KEPT}{s}").is_file()]
        return found[0] if found else None

    def measuring(self, ids: list[tuple[str, str | None]], umap: UseCaseMap, as_of: date,
                  library_stamp: tuple) -> Measuring | None:
        """The book's usage read for these accounts (source, id); None when the book has no usage data."""
        kept = self.kept()
        path = kept or self.configured
        if path is None:
            return None
        source = f"{self._name or path.name} (uploaded)" if kept else display_path(path)
        key = (str(path), _stamp(path), tuple(ids), as_of, library_stamp)
        with self._lock:
            if self._cache is not None and self._cache[0] == key:
                return self._cache[1]
        try:
            book = read_book_usage(path, self.usecases, umap, ids, as_of, engine=self.engine)
            found = Measuring(source, book, book.report(), uploaded=kept is not None)
        except UserError as exc:
            found = Measuring(source, None, problems=list(exc.problems), uploaded=kept is not None)
        with self._lock:
            self._cache = (key, found)
        return found

    def upload(self, filename: str, data: bytes, ids: list[tuple[str, str | None]], umap: UseCaseMap,
               as_of: date) -> list[Problem]:
        """Check an uploaded usage file in full and keep it as the book's; its problems refuse it."""
        name = Path(filename).name
        label = f"{name} (uploaded)"
        suffix = Path(name).suffix.lower()
        if suffix not in SUFFIXES:
            return [Problem(Location(label), "expected a usage file: .csv, .parquet or .jsonl (docs/usage.md)")]
        if len(data) > self.limit:
            return [Problem(Location(label), f"the file is {len(data):,} bytes; an upload may be at most "
                                             f"{self.limit:,} (serve --upload-limit)")]
        folder = inside(self.output, FOLDER)
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder, prefix=".incoming-") as incoming:
            staged = Path(incoming) / f"{KEPT}{suffix}"
            staged.write_bytes(data)
            try:
                read_book_usage(staged, self.usecases, umap, ids, as_of, engine=self.engine)
            except UserError as exc:
                shown = display_path(staged)
                return [replace(p, location=replace(p.location, file=label)) if p.location.file == shown else p
                        for p in exc.problems]
            with self._lock:
                for other in SUFFIXES:
                    (folder / f"{KEPT}{other}").unlink(missing_ok=True)
                staged.replace(folder / staged.name)
                self._name, self._cache = name, None
        return []

    def clear(self) -> None:
        """Forget the upload: the book is planned with ``serve --usage`` again, or as typed."""
        with self._lock:
            kept = self.kept()
            if kept is not None:
                shutil.rmtree(kept.parent)
            self._name, self._cache = "", None


def _stamp(path: Path) -> tuple:
    """What changes when the usage file, or any usage file of the folder, is added, removed or edited."""
    files = usage_files(path, Problems()) if path.exists() else []  # the read that follows reports its problems
    return file_stamps(file for file, _ in files)


def file_stamps(paths: Iterable[Path]) -> tuple:
    """Each file's path, modification time and size; a file that vanished in between is left out."""
    out = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        out.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(out)
