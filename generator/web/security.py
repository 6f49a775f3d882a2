"""What keeps a local app safe from the other pages a CSM has open: forged forms, big bodies, framing, scripts.

- Every form carries a token that must match the browser's own cookie (double submit);
  another site can send a form but can neither read nor set that cookie, and the cookie is
  SameSite=Strict besides. A request whose Origin is another site is refused outright.
- The Host header must name this server, so a DNS-rebinding page cannot reach it by a
  name of its own.
- A request body larger than the limit is cut off while it streams in, not after.
- Pages say what they may load: only this server's own styles, scripts and images.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse

COOKIE = "playbook_csrf"
FIELD = "csrf"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",  # "no-referrer" would make form posts say Origin: null
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Forbidden(Exception):
    """A request refused for safety; the message says what to do."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.status = status


def token(request: Request) -> str:
    """The browser's form token: its cookie's, or a new one that the response sets (see :class:`Guard`)."""
    found = request.cookies.get(COOKIE, "")
    if len(found) == 43 and found.replace("-", "").replace("_", "").isalnum():
        return found
    fresh: str = request.scope.setdefault("state", {}).setdefault("new_csrf", secrets.token_urlsafe(32))
    return fresh


async def checked_form(request: Request, *, max_files: int = 0) -> FormData:
    """The posted form, once its token matches the browser's cookie; raises :class:`Forbidden` otherwise."""
    form = await request.form(max_files=max_files, max_fields=50)
    cookie = request.cookies.get(COOKIE, "")
    sent = form.get(FIELD)
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(cookie.encode(), sent.encode()):
        await form.close()
        raise Forbidden("This form has expired or did not come from this app. Reload the page and try again.")
    return form


class Guard:
    """Pure ASGI middleware: host and origin checks, the body limit, security headers and the token cookie."""

    def __init__(self, app: ASGIApp, *, hosts: set[str], max_body: int):
        self.app, self.hosts, self.max_body = app, hosts, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if host.rsplit(":", 1)[0].strip("[]") not in self.hosts:
            await self._refuse(scope, receive, send, 421, "This server answers only to its own address.")
            return
        origin = headers.get("origin")
        if scope["method"] in UNSAFE and origin is not None and origin != f"{scope['scheme']}://{host}":
            await self._refuse(scope, receive, send, 403, "Forms are accepted only from this app's own pages.")
            return
        length = headers.get("content-length", "0")
        if not length.isdigit() or int(length) > self.max_body:
            await self._refuse(scope, receive, send, 413, f"The upload is larger than the {self.max_body / 1e6:g} MB "
                                                     "limit (--upload-limit).")
            return
        scope.setdefault("state", {})  # shared with the request, which puts a new form token there
        await self.app(scope, self._limited(receive), self._headers(scope, send))

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
        """A plain-text refusal, with the same headers as every page."""
        await PlainTextResponse(message + "\n", status_code=status)(scope, receive, self._headers(scope, send))

    def _limited(self, receive: Receive) -> Receive:
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:  # a chunked body that promised nothing; stop reading it
                raise Forbidden(f"The upload is larger than the {self.max_body / 1e6:g} MB limit (--upload-limit).",
                                413)
            return message
        return limited

    def _headers(self, scope: Scope, send: Send) -> Send:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                state = scope.get("state", {})
                if "new_csrf" in state:
                    cookie = f"{COOKIE}={state['new_csrf']}; Path=/; HttpOnly; SameSite=Strict"
                    raw.append((b"set-cookie", cookie.encode()))
                message["headers"] = raw
            await send(message)
        return with_headers


