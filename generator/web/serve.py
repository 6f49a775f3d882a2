"""``playbook serve``: the web app on a socket of its own, loopback unless told otherwise."""

from __future__ import annotations

import ipaddress
import socket
import sys

from ..errors import Location, Problem, UserError
from .book import Settings

LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(settings: Settings, host: str, port: int) -> int:
    """Bind, say where, and serve until Ctrl-C; the port is free-chosen when 0."""
    import uvicorn

    from .app import create_app

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UserError([Problem(Location(f"{host}:{port}"), f"cannot listen here: {exc.strerror or exc}; choose "
                                 "another --port (0 picks a free one) or --host")]) from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    if not is_loopback(host):
        print(f"warning: serving on {host}, not only this machine: anyone who can reach it can read and change "
              "these accounts (there is no login)", file=sys.stderr)
    app = create_app(settings, hosts=LOOPBACK_NAMES | {host} if is_loopback(host) else {host})
    print(f"Serving the book in {settings.accounts} on http://{shown}:{bound}/  (Ctrl-C to stop)", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0
