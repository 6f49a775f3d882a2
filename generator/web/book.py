"""What the web app shows, read fresh from disk: the library, the book of accounts and their documents' state.

Enablement and CSMs edit files while the app runs, so every page looks again: the library
is reloaded when any of its files changed, and each account file is read again when its
size or modification time did. An uploaded CSV export stays in memory, checked once, and
is never written anywhere. Accounts are found by a key from this listing, never by a path
a request names.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..batch.pool import Limits
from ..batch.run import Entry, is_current
from ..errors import Location, Problem, Problems, UserError
from ..files import assign_folders, repeat_message
from ..generate import checks
from ..history import HISTORY
from ..inputs.csv_accounts import csv_rows
from ..inputs.loader import Library, display_path, load_library, read_account
from ..inputs.models import Account
from ..inputs.theme import LoadedTheme
from ..render.fingerprint import STAMP, shared_fingerprint
from ..render.formats import Outputs
from ..usage.read import Engine
from .guarded import attempt
from .usage import Measuring, UsageFiles, file_stamps


@dataclass(frozen=True)
class Settings:
    """Where the app reads and writes, and how it renders."""

    accounts: Path
    usecases: Path
    playbooks: Path
    output: Path
    theme: LoadedTheme | None = None
    as_of: date | None = None  # None: today, each time a page is made
    upload_limit: int = 5_000_000  # bytes of one CSV upload
    jobs: int = 2
    limits: Limits = field(default_factory=Limits)  # each render worker's time and memory
    usage: Path | None = None  # product usage data the book is planned with (serve --usage); an upload replaces it
    outputs: Outputs = field(default_factory=Outputs)  # the files each account's render makes
    usage_engine: str = "duckdb"  # what reads the usage's CSV and Parquet files (serve --usage-engine)

    def today(self) -> date:
        return self.as_of or date.today()


@dataclass
class LibraryState:
    """The library as last loaded, or the problems that stop it from loading."""

    library: Library | None
    problems: list[Problem]
    shared: str = ""  # the fingerprint every account's documents share
    stamp: tuple = ()


@dataclass
class BookEntry:
    """One account of the book: loaded and checked, or the located problems that stop it."""

    key: str
    source: str
    path: Path | None = None  # the account's YAML file; None for a CSV row
    account: Account | None = None
    problems: list[Problem] = field(default_factory=list)
    folder: str = ""
    state: str = "invalid"  # current | outdated | missing | invalid

    @property
    def name(self) -> str:
        return self.account.name if self.account is not None else self.path.name if self.path else self.source


@dataclass
class Book:
    title: str
    entries: dict[str, BookEntry]
    problems: list[Problem] = field(default_factory=list)  # the source as a whole: a CSV's header, a missing folder
    editable: bool = True  # accounts from YAML files; an uploaded CSV is the CRM's, not ours to change
    usage: Measuring | None = None  # the usage data its accounts were measured with, if any


def _stamp(*folders: Path) -> tuple:
    """What changes when any YAML file of these folders is added, removed or edited."""
    return file_stamps(p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.y*ml")))


class Workspace:
    """The app's view of its files; safe to use from the request threads and the render thread."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.Lock()
        self._library = LibraryState(None, [])
        self._accounts: dict[tuple, tuple[Account | None, list[Problem]]] = {}
        self._states: dict[tuple, bool] = {}
        self._upload: tuple[str, bytes] | None = None
        self._upload_book: tuple[tuple, Book] | None = None
        self.usage = UsageFiles(settings.output, settings.usage, settings.usecases, settings.upload_limit,
                                Engine(settings.usage_engine))

    def library(self) -> LibraryState:
        s = self.settings
        with self._lock:
            stamp = _stamp(s.usecases, s.playbooks)
            if stamp != self._library.stamp or not stamp:
                try:
                    library = load_library(s.usecases, s.playbooks)
                    shared = shared_fingerprint(s.usecases, s.playbooks, s.theme.folder if s.theme else None,
                                                s.outputs)
                    self._library = LibraryState(library, list(library.warnings), shared, stamp)
                except UserError as exc:
                    self._library = LibraryState(None, list(exc.problems), "", stamp)
                self._accounts.clear()
                self._upload_book = None
            return self._library

    def use_upload(self, filename: str, data: bytes) -> list[Problem]:
        """Show an uploaded CSV export as the book; its problems as a whole (header, encoding) refuse it."""
        state = self.library()
        if state.library is None:
            return [Problem(Location(filename), "the library has problems; fix them before reading a CSV export")]
        library = state.library
        read, problems = attempt("reading the CSV", filename, csv_rows, data, filename, library)
        if read is not None:
            problems = read[0]
        if not problems:
            with self._lock:
                self._upload, self._upload_book = (filename, data), None
        return problems

    def use_folder(self) -> None:
        with self._lock:
            self._upload = self._upload_book = None

    def book(self) -> Book:
        state = self.library()
        book = self._csv_book(state) if self._upload is not None else self._folder_book(state)
        if state.library is not None:
            book = self._measured(book, state)
            self._documents(book, state)
        return book

    def ids(self, book: Book) -> list[tuple[str, str | None]]:
        """Each account's source and the id its usage is joined on."""
        return [(e.source, e.account.id) for e in book.entries.values() if e.account is not None]

    def _measured(self, book: Book, state: LibraryState) -> Book:
        """The book with each account's measured values put into it, as ``batch --usage`` plans it (new entries:
        an uploaded CSV's book is kept as read)."""
        assert state.library is not None
        found = self.usage.measuring(self.ids(book), state.library.map, self.settings.today(), state.stamp)
        if found is None or found.book is None:
            return Book(book.title, book.entries, book.problems, book.editable, found)
        derive = found.book.derive
        entries = {k: BookEntry(e.key, e.source, e.path, derive(e.account) if e.account else None, e.problems)
                   for k, e in book.entries.items()}
        return Book(book.title, entries, book.problems, book.editable, found)

    def _folder_book(self, state: LibraryState) -> Book:
        folder = self.settings.accounts
        book = Book(display_path(folder), {})
        if not folder.is_dir():
            book.problems.append(Problem(Location(display_path(folder)), "the accounts folder does not exist"))
            return book
        for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")):
            entry = BookEntry(path.name, display_path(path), path)
            if state.library is None:
                entry.problems = [Problem(Location(entry.source), "waiting for the library to load")]
            else:
                entry.account, entry.problems = self._read(path, state.library)
            book.entries[entry.key] = entry
        return book

    def _read(self, path: Path, library: Library) -> tuple[Account | None, list[Problem]]:
        """One account file, checked as ``generate`` checks it; read again only when the file changed."""
        try:
            info = path.stat()
            key: tuple = (str(path), info.st_mtime_ns, info.st_size, self.settings.today())
        except OSError:
            key = (str(path), None)
        with self._lock:
            if key in self._accounts:
                return self._accounts[key]
        found = self._check(path, library)
        with self._lock:
            self._accounts[key] = found
        return found

    def _check(self, path: Path, library: Library) -> tuple[Account | None, list[Problem]]:
        problems = Problems()
        today = self.settings.today()
        source = display_path(path)
        account, failed = attempt("reading", source, read_account, path, library, problems,
                                  checks(library, today, self.settings.theme))
        return (account, sorted(problems.items)) if not failed else (None, sorted([*problems.items, *failed]))

    def _csv_book(self, state: LibraryState) -> Book:
        assert self._upload is not None
        name, data = self._upload
        key = (name, id(data), self.settings.today(), state.stamp)
        with self._lock:
            if self._upload_book is not None and self._upload_book[0] == key:
                return self._upload_book[1]
        book = Book(name, {}, editable=False)
        library = state.library
        if library is None:
            return book
        read, book.problems = attempt("reading the CSV", name, csv_rows, data, name, library)
        if read is not None:
            book.problems, rows = read
            account_checks = checks(library, self.settings.today(), self.settings.theme)
            for row in rows:
                checked, problems = attempt("checking", str(row.location), row.check, library, account_checks)
                entry = BookEntry(f"row-{row.location.line}", str(row.location), None,
                                  checked.account if checked else None, list(checked.problems) if checked else problems)
                book.entries[entry.key] = entry
        with self._lock:
            self._upload_book = (key, book)
        return book

    def _documents(self, book: Book, state: LibraryState) -> None:
        """Each account's folder, given out over the whole book as a batch would, and its documents' state."""
        live = [e for e in book.entries.values() if e.account is not None]
        folders, repeats = assign_folders([(e.name, e.source) for e in live])
        for i, (entry, folder) in enumerate(zip(live, folders, strict=True)):
            entry.folder = folder
            if i in repeats:
                entry.problems = [Problem(Location(entry.source), repeat_message(repeats[i]))]
                entry.account, entry.state = None, "invalid"
                continue
            found, problems = attempt("checking its documents", entry.source, self._state, entry, state)
            if found is None:  # the row says why; every other row goes on
                entry.account, entry.problems = None, problems
            entry.state = found or "invalid"

    def _state(self, entry: BookEntry, state: LibraryState) -> str:
        """current, outdated or missing; worked out again only when the account or its folder's stamp or history
        changed."""
        folder = self.settings.output / entry.folder
        try:
            stamp: int | None = (folder / STAMP).stat().st_mtime_ns
        except OSError:  # never rendered (or not readable): nothing can be current there
            stamp = None
        current = stamp is not None and self._current(entry, state, stamp)
        return "current" if current else "outdated" if (folder / "roadmap.pdf").is_file() else "missing"

    def _current(self, entry: BookEntry, state: LibraryState, stamp: int) -> bool:
        assert entry.account is not None
        assert state.library is not None
        try:
            history = (self.settings.output / entry.folder / HISTORY).stat().st_mtime_ns
        except OSError:
            history = 0
        # By content: an id() could be reused by another account once an upload is replaced.
        account = hashlib.sha256(entry.account.model_dump_json().encode()).digest()
        key = (entry.folder, stamp, history, account, state.shared, self.settings.today())
        with self._lock:
            if key in self._states:
                return self._states[key]
        probe = Entry(entry.source, name=entry.name, slug=entry.folder, account=entry.account)
        found = is_current(self.settings.output, probe, library=state.library, shared=state.shared,
                           as_of=self.settings.today(), names=self.settings.outputs.names)
        with self._lock:
            if len(self._states) > 100_000:
                self._states.clear()
            self._states[key] = found
        return found
