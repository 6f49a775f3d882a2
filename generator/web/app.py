"""The web app: the book, an account and its plan, decisions saved to YAML, documents rendered and downloaded.

Every route looks an account up by its key in the current book and nothing else; a file
is only ever read or written at a path the book found itself, inside its folder. Reading
files, planning and making pages run on Starlette's thread pool (plain ``def`` routes, or
``run_in_threadpool`` after a form is read), so one slow page never holds the others.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import Location, Problem, Problems
from ..files import inside
from ..generate import checks
from ..inputs.loader import Library, read_account_text
from .book import Book, BookEntry, Settings, Workspace
from .edit import Decision, apply
from .form import decision, field
from .guarded import attempt
from .jobs import Renderer
from .saving import held, replace_keeping_mode
from .security import Forbidden, Guard, checked_form, token
from .usage_pages import usage_routes
from .views import account_plan, excerpt, library_map, page, previous_plan

DOCUMENTS = {"roadmap.pdf": "application/pdf", "charter.pdf": "application/pdf", "plan.json": "application/json",
             "qbr.pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
             "charter.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
STATES = {"current": "Up to date", "outdated": "Out of date", "missing": "Not rendered yet", "invalid": "Cannot plan"}


def create_app(settings: Settings, *, hosts: set[str]) -> Guard:
    """The app for ``settings``, answering only to ``hosts`` (the names this server is reached by)."""
    pages = Pages(settings)
    app = Starlette(routes=pages.routes(), exception_handlers={Forbidden: pages.forbidden,
                                                               HTTPException: pages.http_error})
    app.state.pages = pages
    return Guard(app, hosts=hosts, max_body=settings.upload_limit + 64_000)  # room for the form around the file


class Pages:
    """The handlers, over one workspace and one renderer."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.workspace = Workspace(settings)
        self.renderer = Renderer(self.workspace)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self.book_page),
            Route("/book/upload", self.upload, methods=["POST"]),
            Route("/book/folder", self.use_folder, methods=["POST"]),
            Route("/book/render", self.render_book, methods=["POST"]),
            *usage_routes(self),
            Route("/accounts/{key}", self.account_page),
            Route("/accounts/{key}/decisions", self.decide, methods=["POST"]),
            Route("/accounts/{key}/render", self.render_account, methods=["POST"]),
            Route("/accounts/{key}/{document}", self.download),
            Route("/jobs/{id}", self.job_status),
            Route("/library", self.library_page),
            Mount("/static", StaticFiles(packages=[("generator.web", "static")]), name="static"),
        ]

    def html(self, request: Request, name: str, status: int = 200, **context: object) -> HTMLResponse:
        state = self.workspace.library()
        body = page(name, request=request, csrf=token(request), library_ok=state.library is not None,
                    library_problems=len([p for p in state.problems if p.severity == "error"]), states=STATES,
                    today=self.settings.today(), **context)
        return HTMLResponse(body, status_code=status, headers={"cache-control": "no-store"})

    def entry(self, book: Book, key: str) -> BookEntry:
        entry = book.entries.get(key)
        if entry is None:
            raise HTTPException(404, "No such account in this book. It may have been renamed or removed.")
        return entry

    def book_page(self, request: Request) -> Response:
        return self.book(request, 200, job=_job(self.renderer, request))

    def book(self, request: Request, status: int, **extra: object) -> HTMLResponse:
        book = self.workspace.book()
        library = self.workspace.library().library
        at_risk_below = {s: b.health.at_risk_below for s, b in library.playbooks.items()} if library else {}
        return self.html(request, "book.html.j2", status, **{"book": book, "counts": _counts(book),
                                                              "at_risk_below": at_risk_below, "job": None, **extra})

    async def upload(self, request: Request) -> Response:
        form = await checked_form(request, max_files=1)
        file = form.get("csv")
        problems = [Problem(Location("upload"), "choose a .csv file exported from the CRM")]
        if isinstance(file, UploadFile) and file.filename:
            data = await file.read()
            problems = await run_in_threadpool(self.workspace.use_upload, f"{Path(file.filename).name} (uploaded)",
                                               data)
        await form.close()
        if problems:
            return await run_in_threadpool(self.book, request, 422, upload_problems=problems)
        return RedirectResponse("/", 303)

    async def use_folder(self, request: Request) -> Response:
        await checked_form(request)
        self.workspace.use_folder()
        return RedirectResponse("/", 303)

    async def render_book(self, request: Request) -> Response:
        await checked_form(request)
        book = await run_in_threadpool(self.workspace.book)
        job = self.renderer.submit([e for e in book.entries.values() if e.account is not None])
        return RedirectResponse(f"/?job={job.id}", 303)

    def account_page(self, request: Request) -> Response:
        book = self.workspace.book()
        return self.account(request, book, self.entry(book, request.path_params["key"]))

    def account(self, request: Request, book: Book, entry: BookEntry, status: int = 200,
                **extra: object) -> Response:
        library = self.workspace.library().library
        context: dict[str, object] = {}
        if entry.account is not None and library is not None:
            planned, problems = attempt("planning", entry.source, self._planned, library, entry)
            if planned is None:  # this account's page says why; the book and every other page go on
                entry = replace(entry, account=None, problems=problems, state="invalid")
            else:
                context.update(planned)
        data = _read(entry.path)
        context.update(book=book, entry=entry, job=_job(self.renderer, request, entry.key), version=_version(data),
                       lines=excerpt(data.decode("utf-8", "replace"), entry.problems),
                       saved=request.query_params.get("saved"))
        made, problems = attempt("making its page", entry.source, self._account_html, request, status,
                                 {**context, **extra})
        if made is None and entry.account is not None:  # its plan would not show: show the account as unreadable
            return self.account(request, book, replace(entry, account=None, problems=problems, state="invalid"),
                                status)
        return made if made is not None else self._account_html(request, status, {**context, **extra})

    def _account_html(self, request: Request, status: int, context: dict[str, object]) -> HTMLResponse:
        return self.html(request, "account.html.j2", status, **context)

    def _planned(self, library: Library, entry: BookEntry) -> dict[str, object]:
        assert entry.account is not None
        as_of = self.settings.today()
        previous, history_problem = previous_plan(self.settings, library, entry, as_of)
        return {**account_plan(library, entry.account, as_of, previous), "history_problem": history_problem}

    async def decide(self, request: Request) -> Response:
        form = await checked_form(request)
        return await run_in_threadpool(self._decide, request, form)

    def _decide(self, request: Request, form: FormData) -> Response:
        book = self.workspace.book()
        entry = self.entry(book, request.path_params["key"])
        refused = self._save(entry, book, form)
        if refused:
            status, problems = refused
            return self.account(request, book, entry, status, decision_problems=problems, form=dict(form))
        return RedirectResponse(f"/accounts/{quote(entry.key)}?saved={quote(field(form, 'use_case') or '')}", 303)

    def _save(self, entry: BookEntry, book: Book, form: FormData) -> tuple[int, list[Problem]] | None:
        """Make the form's decision in the account's file; or the status and problems that refuse it."""
        library = self.workspace.library().library
        here = Location(entry.source)
        if entry.path is None or not book.editable or library is None:
            return 409, [Problem(here, "decisions are saved to account YAML files; this account has none here")]
        if entry.path.is_symlink():
            return 409, [Problem(here, "the file is a link; edit the file it leads to, where it lives")]
        if entry.account is None:  # the form is not shown for it; a stale page may still post one
            return 409, [Problem(here, "the file has problems; fix them before making decisions in it")]
        made, problems = decision(form)
        if made is None:
            return 422, problems
        try:
            return self._write(inside(self.settings.accounts, entry.path.name), entry, library, form, made)
        except OSError as exc:  # a full disk, a folder made read-only: the file is as it was, and the page says so
            why = exc.strerror or str(exc)
            return 409, [Problem(here, f"the decision could not be saved: {why}; the file is unchanged")]

    def _write(self, path: Path, entry: BookEntry, library: Library, form: FormData,
               made: Decision) -> tuple[int, list[Problem]] | None:
        here = Location(entry.source)
        with held(path):  # the version is checked and the file written with no other save in between
            data = path.read_bytes()
            if _version(data) != field(form, "version"):
                return 409, [Problem(here, "the file changed since this page was made (someone edited it or saved "
                                           "another decision); its latest version is shown, make the decision again")]
            new, unreadable = attempt("saving the decision", entry.source, _edited, data, made)
            if new is None:  # the file changed under the book's last look at it, into something it cannot edit
                return 409, unreadable
            found = Problems()
            read_account_text(new, entry.source, library, found,
                              checks(library, self.settings.today(), self.settings.theme))
            if found.errors:
                return 422, found.errors
            replace_keeping_mode(path, new.encode("utf-8"))
        return None

    async def render_account(self, request: Request) -> Response:
        await checked_form(request)
        entry = self.entry(await run_in_threadpool(self.workspace.book), request.path_params["key"])
        if entry.account is None:
            raise HTTPException(409, "This account has problems; fix them before rendering its documents.")
        job = self.renderer.submit([entry])
        return RedirectResponse(f"/accounts/{quote(entry.key)}?job={job.id}", 303)

    def download(self, request: Request) -> Response:
        entry = self.entry(self.workspace.book(), request.path_params["key"])
        name = request.path_params["document"]
        if name not in DOCUMENTS or not entry.folder:
            raise HTTPException(404, "No such document.")
        try:
            path = inside(self.settings.output, entry.folder, name)
        except OSError:
            raise HTTPException(404, "This account's folder leads out of the output folder.") from None
        if not path.is_file():
            raise HTTPException(404, "Not rendered yet: render the documents first.")
        return FileResponse(path, media_type=DOCUMENTS[name], filename=f"{entry.folder}-{name}",
                            headers={"cache-control": "no-store"})

    def job_status(self, request: Request) -> Response:
        job = self.renderer.jobs.get(request.path_params["id"])
        if job is None:
            raise HTTPException(404, "No such job.")
        return JSONResponse(job.report(self.renderer.per_account()), headers={"cache-control": "no-store"})

    def library_page(self, request: Request) -> Response:
        state = self.workspace.library()
        return self.html(request, "library.html.j2", state=state,
                         map_svg=library_map(state.library) if state.library is not None else None)

    async def forbidden(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Forbidden)
        return self.html(request, "message.html.j2", exc.status, title="Refused", message=str(exc))

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return self.html(request, "message.html.j2", exc.status_code, title="Not here", message=exc.detail)


def _job(renderer: Renderer, request: Request, key: str | None = None) -> object:
    """The job the page follows: the one named in its address, else one still rendering this account."""
    job = renderer.jobs.get(request.query_params.get("job", ""))
    if job is None and key is not None:
        job = renderer.running_for(key)
    return job


def _edited(data: bytes, made: Decision) -> str:
    return apply(data.decode("utf-8"), made)


def _read(path: Path | None) -> bytes:
    """The account file's bytes for its page; none when it cannot be read (its problems say why)."""
    try:
        return path.read_bytes() if path is not None and path.is_file() else b""
    except OSError:
        return b""


def _version(data: bytes) -> str:
    """What the account page saw of the file, so a save can tell whether it changed since."""
    return hashlib.sha256(data).hexdigest()


def _counts(book: Book) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for entry in book.entries.values():
        counts[entry.state] += 1
    return counts
