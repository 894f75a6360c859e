"""The test suite's launcher for fetching: a bounded local HTTP server on 127.0.0.1 and the one
address policy that lets the fetcher reach it.

    with serve({"/": html_page("<p>本文</p>")}) as server:
        page = fetch(server.url("/"), policy=server.policy)

`loopback_policy` is the only caller of `AddressPolicy.allowing` (which refuses callers outside
tests/); it allows exactly one loopback address and port.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from claims.fetch import AddressPolicy

Route = Callable[[BaseHTTPRequestHandler], None]


def loopback_policy(port: int, ip: str = "127.0.0.1") -> AddressPolicy:
    """A policy allowing one loopback test server, nothing else beyond the strict rules."""
    return AddressPolicy.allowing(ip, port)


def respond(handler: BaseHTTPRequestHandler, body: bytes, ctype: str = "text/html; charset=utf-8",
            status: int = 200, headers: dict | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    extra = headers or {}
    if "Content-Length" not in extra:
        handler.send_header("Content-Length", str(len(body)))
    for key, value in extra.items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def html_page(html: str | bytes, ctype: str = "text/html; charset=utf-8", **headers) -> Route:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return lambda h: respond(h, body, ctype, headers={k.replace("_", "-"): v for k, v in headers.items()})


def redirect(location: str, status: int = 302) -> Route:
    def route(h):
        h.send_response(status)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return route


def trickle(pieces: int, pause: float, piece: bytes = b"<p>x</p>") -> Route:
    """A slow body: `pieces` small writes, `pause` seconds apart (stops when the client leaves)."""
    def route(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(pieces * len(piece)))
        h.end_headers()
        for _ in range(pieces):
            try:
                h.wfile.write(piece)
                h.wfile.flush()
            except OSError:
                return
            time.sleep(pause)
    return route


@dataclass
class LocalServer:
    port: int
    seen: list[dict] = field(default_factory=list)   # one entry per request: path, host header

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    @property
    def policy(self) -> AddressPolicy:
        return loopback_policy(self.port)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass   # a client that left early (deadline, size limit) is expected here


@contextmanager
def serve(routes: dict[str, Route]):
    """Serve `routes` (path -> handler function) on 127.0.0.1 in a thread; stopped on exit."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        timeout = 15  # a connection left open by a client is closed, the thread ends

        def do_GET(self):
            seen.append({"path": self.path, "host": self.headers.get("Host"),
                         "accept_encoding": self.headers.get("Accept-Encoding")})
            route = routes.get(self.path.split("?", 1)[0])
            if route is None:
                respond(self, b"not found", "text/plain", status=404)
            else:
                route(self)

        def log_message(self, *args):
            pass

    httpd = _QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield LocalServer(httpd.server_address[1], seen)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
