"""A real ``http.server.ThreadingHTTPServer`` on 127.0.0.1 serving one fixture site.

Files under the site's folder are served as they are (content type from the suffix; a
``.cp1252.html`` file is declared as windows-1252). A few paths behave specially, to
exercise the fetcher's limits: ``/slow.html`` (answers after ``slow_seconds``),
``/flaky.html`` (500 on the first request, then the page), ``/loop-a`` and ``/loop-b``
(redirect to each other), ``/moved`` (301 to the home page), ``/to-private`` and
``/to-file`` (redirect to a private address or a file URL, which must be refused), ``/huge.html`` (more bytes
than any test limit, without a Content-Length) and ``/teapot`` (500 every time).
Every request's path is logged in ``server.hits``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITES = Path(__file__).resolve().parent
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".pdf": "application/pdf",
    ".png": "image/png",
}


@dataclass
class SiteState:
    root: Path
    slow_seconds: float = 3.0
    page_delay: float = 0.0
    hits: list[str] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)
    flaky_served: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server_version = "FixtureClinic/1.0"
    state: SiteState

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the tests read ``hits`` instead of stderr."""

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", extra: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout test); nothing to answer

    def _redirect(self, status: int, location: str) -> None:
        self._send(status, b"", extra={"Location": location})

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>Exosomes renew every cell of your skin, guaranteed.</p>\n" * 1000
        try:
            for _ in range(200):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            return
        self.close_connection = True

    def _special(self, path: str) -> bool:
        state = self.state
        if path == "/slow.html":
            time.sleep(state.slow_seconds)
            self._send(200, b"<html><body><p>Our PRP facial heals acne scars for good.</p></body></html>")
        elif path == "/flaky.html":
            with state.lock:
                first, state.flaky_served = not state.flaky_served, True
            if first:
                self._send(500, b"busy")
            else:
                self._file(state.root / "flaky-page.html")
        elif path in ("/loop-a", "/loop-b"):
            self._redirect(302, "/loop-b" if path == "/loop-a" else "/loop-a")
        elif path == "/to-private":
            self._redirect(302, "http://10.0.0.5/admin")
        elif path == "/to-file":
            self._redirect(302, "file:///etc/passwd")
        elif path == "/moved":
            self._redirect(301, "/")
        elif path == "/huge.html":
            self._huge()
        elif path == "/teapot":
            self._send(500, b"always broken")
        else:
            return False
        return True

    def _file(self, file: Path) -> None:
        if not file.is_file():
            self._send(404, b"<html><body><h1>Page not found</h1></body></html>")
            return
        ctype = "text/html; charset=windows-1252" if file.name.endswith(".cp1252.html") else _TYPES.get(file.suffix, "application/octet-stream")
        self._send(200, file.read_bytes(), ctype)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0]
        with self.state.lock:
            self.state.hits.append(path)
            self.state.agents.append(self.headers.get("User-Agent", ""))
        if self.state.page_delay and path.endswith((".html", "/")):
            time.sleep(self.state.page_delay)
        if self._special(path):
            return
        target = (self.state.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if self.state.root not in target.parents and target != self.state.root:
            self._send(404, b"outside the site")
            return
        self._file(target)


@contextmanager
def serve(site: str | Path, slow_seconds: float = 3.0, page_delay: float = 0.0) -> Iterator[tuple[str, SiteState]]:
    """Serve a fixture site on a free port of 127.0.0.1; yields (base URL, state)."""
    root = Path(site) if Path(site).is_absolute() else SITES / site
    state = SiteState(root=root.resolve(), slow_seconds=slow_seconds, page_delay=page_delay)
    handler = type("Handler", (_Handler,), {"state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
