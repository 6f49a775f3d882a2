"""The web app: the book, an account and its plan, decisions saved to YAML, documents rendered and downloaded.

Every route looks an account up by its key in the current book and nothing else; a file
is only ever read or written at a path the book found itself, inside its folder. Reading
files, planning and making pages run on Starlette's thread pool (plain ``def`` routes, or
``run_in_threadpool`` after a form is read), so one slow page never holds the others.
"""

from __future__ import annotations

import hashlib
from datetime import date
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
from ..files import inside, write_atomic
from ..generate import checks
from ..inputs.loader import read_account_text
from .book import Book, BookEntry, Settings, Workspace
from .edit import Decision, apply
from .jobs import Renderer
from .security import Forbidden, Guard, checked_form, token
from .views import account_plan, excerpt, library_map, page, previous_plan

DOCUMENTS = {"roadmap.pdf": "application/pdf", "charter.pdf": "application/pdf", "plan.json": "application/json"}
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
        state = self.workspace.library()
        data = entry.path.read_bytes() if entry.path is not None and entry.path.is_file() else b""
        context: dict[str, object] = {"book": book, "entry": entry, "job": _job(self.renderer, request, entry.key),
                                      "version": _version(data),
                                      "lines": excerpt(data.decode("utf-8", "replace"), entry.problems),
                                      "saved": request.query_params.get("saved")}
        if entry.account is not None and state.library is not None:
            as_of = self.settings.today()
            previous, history_problem = previous_plan(self.settings, state.library, entry, as_of)
            context.update(account_plan(state.library, entry.account, as_of, previous),
                           history_problem=history_problem)
        return self.html(request, "account.html.j2", status, **{**context, **extra})

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
        return RedirectResponse(f"/accounts/{quote(entry.key)}?saved={quote(str(form.get('use_case')))}", 303)

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
        decision, problems = _decision(form)
        if decision is None:
            return 422, problems
        data = entry.path.read_bytes()
        if _version(data) != form.get("version"):
            return 409, [Problem(here, "the file changed since this page was made (someone edited it); its latest "
                                       "version is shown, make the decision again")]
        new = apply(data.decode("utf-8"), decision)
        found = Problems()
        today = self.settings.today()
        read_account_text(new, entry.source, library, found, checks(library, today, self.settings.theme))
        if found.errors:
            return 422, found.errors
        write_atomic(inside(self.settings.accounts, entry.path.name), new.encode("utf-8"))
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


def _version(data: bytes) -> str:
    """What the account page saw of the file, so a save can tell whether it changed since."""
    return hashlib.sha256(data).hexdigest()


def _counts(book: Book) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for entry in book.entries.values():
        counts[entry.state] += 1
    return counts


def _decision(form: FormData) -> tuple[Decision | None, list[Problem]]:
    """The decision a form describes, or what is wrong with the form, field by field."""
    use_case, kind = str(form.get("use_case") or ""), str(form.get("kind") or "")
    reason = " ".join(str(form.get("reason") or "").split())
    where = Location("form")
    problems = []
    if not use_case:
        problems.append(Problem(where, "choose a use case", "use_case"))
    if kind not in ("pin", "skip", "defer", "remove"):
        problems.append(Problem(where, "choose pin, skip, defer or remove", "kind"))
    if kind != "remove" and not reason:
        problems.append(Problem(where, "say why, in words the customer may read: it is printed with the decision",
                                "reason"))
    quarter = until = None
    if kind == "pin":
        text = str(form.get("quarter") or "")
        quarter = int(text) if text.isdigit() and 1 <= int(text) <= 12 else None
        if quarter is None:
            problems.append(Problem(where, "choose the quarter it starts in, 1 to 12", "quarter"))
    if kind == "defer":
        try:
            until = date.fromisoformat(str(form.get("until") or ""))
        except ValueError:
            problems.append(Problem(where, "give the date to wait for, as YYYY-MM-DD", "until"))
    if problems:
        return None, problems
    return Decision(use_case, kind, reason, quarter, until), []
