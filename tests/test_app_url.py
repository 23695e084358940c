"""Checking a web address in the app: a real HTTP server on 127.0.0.1, and refusals shown clearly."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claimcheck.reviews import ReviewStore

from .app_helpers import button, html_of, new_app
from .documents import pdf_bytes

pytestmark = pytest.mark.e2e

PAGES = {
    "/exosomes": (
        "text/html; charset=utf-8",
        "<html><head><title>Exosome facial</title></head><body><nav><a href='/'>Home</a></nav><article>"
        "<h1>Exosome facial</h1><p>Our exosome facial has no side effects &amp; results last for years.</p>"
        "<p>Exosome treatment is FDA approved <script>alert(1)</script>and heals acne scars for good.</p>"
        "</article></body></html>",
    ),
    "/leaflet": ("application/pdf", pdf_bytes(["Exosome therapy has no side effects.", "PRP cures hair loss."])),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        ctype, body = PAGES.get(self.path, ("text/plain", b""))
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(200 if self.path in PAGES else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMCHECK_DB", str(tmp_path / "reviews.db"))
    return tmp_path / "reviews.db"


def fetch_in_app(address: str) -> AppTest:
    at = new_app()
    at.text_input(key="url").set_value(address)
    button(at, "Fetch and check").click().run()
    assert not at.exception, at.exception
    return at


def test_page_on_allowed_host_is_fetched_checked_and_escaped(site: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMCHECK_FETCH_ALLOW", "127.0.0.1")
    at = fetch_in_app(f"{site}/exosomes")
    assert not at.error
    stored = ReviewStore(db).get(int(at.query_params["review"]))
    assert stored.source == f"{site}/exosomes" and stored.kind == "html"
    assert "no side effects" in stored.text and "<p>" not in stored.text
    assert any(v.label.value == "unsupported" for v in stored.report.verdicts)
    assert "<script>alert" not in html_of(at)


def test_pdf_behind_a_url_is_read(site: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMCHECK_FETCH_ALLOW", "127.0.0.1")
    at = fetch_in_app(f"{site}/leaflet")
    stored = ReviewStore(db).get(int(at.query_params["review"]))
    assert "PRP cures hair loss." in stored.text and stored.report.verdicts


def test_loopback_is_refused_without_the_allow_list(site: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMCHECK_FETCH_ALLOW", raising=False)
    at = fetch_in_app(f"{site}/exosomes")
    assert any("loopback" in e.value for e in at.error), [e.value for e in at.error]
    assert "review" not in at.query_params and ReviewStore(db).summaries() == []


def test_private_address_is_refused_before_any_connection(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMCHECK_FETCH_ALLOW", "127.0.0.1")
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def recording_connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    at = fetch_in_app("http://10.0.0.1/admin")
    assert any("private network address" in e.value for e in at.error), [e.value for e in at.error]
    assert not [a for a in attempts if isinstance(a, tuple) and str(a[0]).startswith("10.")]
    assert ReviewStore(db).summaries() == []


@pytest.mark.parametrize(("address", "words"), [("file:///etc/passwd", "http"), ("/missing", "404")])
def test_other_refusals_are_explained(address: str, words: str, site: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMCHECK_FETCH_ALLOW", "127.0.0.1")
    at = fetch_in_app(site + address if address.startswith("/") else address)
    assert any(words in e.value for e in at.error), [e.value for e in at.error]
    assert at.text_input(key="url").value.endswith(address.lstrip("/"))  # the address stays for correction
