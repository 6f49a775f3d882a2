"""The book page's usage forms: upload a usage file for the book, or go back to the data ``serve`` was given."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..errors import Location, Problem
from .security import checked_form

if TYPE_CHECKING:
    from .app import Pages


def usage_routes(pages: Pages) -> list[BaseRoute]:
    return [Route("/book/usage", partial(upload, pages), methods=["POST"]),
            Route("/book/usage/clear", partial(clear, pages), methods=["POST"])]


async def upload(pages: Pages, request: Request) -> Response:
    form = await checked_form(request, max_files=1)
    file = form.get("usage")
    problems = [Problem(Location("upload"), "choose a usage file: .csv, .parquet or .jsonl (docs/usage.md)")]
    if isinstance(file, UploadFile) and file.filename:
        data = await file.read()
        problems = await run_in_threadpool(_keep, pages, Path(file.filename).name, data)
    await form.close()
    if problems:
        return await run_in_threadpool(pages.book, request, 422, usage_problems=problems)
    return RedirectResponse("/", 303)


def _keep(pages: Pages, filename: str, data: bytes) -> list[Problem]:
    workspace = pages.workspace
    library = workspace.library().library
    if library is None:
        return [Problem(Location(filename), "the library has problems; fix them before reading usage data")]
    book = workspace.book()
    return workspace.usage.upload(filename, data, workspace.ids(book), library.map, pages.settings.today())


async def clear(pages: Pages, request: Request) -> Response:
    await checked_form(request)
    await run_in_threadpool(pages.workspace.usage.clear)
    return RedirectResponse("/", 303)
