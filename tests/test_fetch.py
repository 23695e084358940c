"""The safe fetcher against a real HTTP server on 127.0.0.1 (tests/sites/server.py)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest

from claimcheck import fetch as fetch_mod
from claimcheck.errors import FetchError, InputError
from claimcheck.fetch import check_url, fetch, policy_from_env
from claimcheck.types import FetchPolicy
from tests.sites.server import SiteState, serve

LOCAL = FetchPolicy(allow_hosts=("127.0.0.1",), timeout=2.0)


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, SiteState]]:
    with serve("lumen", slow_seconds=1.5) as served:
        yield served


def _reason(url: str, policy: FetchPolicy = LOCAL) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch(url, policy)
    return info.value


def test_fetches_a_page_with_its_charset_and_user_agent(site: tuple[str, SiteState]) -> None:
    base, state = site
    result = fetch(base + "/treatments/exosome-facial.html", LOCAL)
    assert result.status == 200 and result.content_type == "text/html" and result.charset == "utf-8"
    assert b"exosome facial" in result.body and result.redirects == ()
    assert result.final_url == base + "/treatments/exosome-facial.html"
    assert state.agents[-1].startswith("ClaimCheck/")


def test_header_charset_is_reported(site: tuple[str, SiteState]) -> None:
    result = fetch(site[0] + "/soins.cp1252.html", LOCAL)
    assert result.charset == "windows-1252"
    assert "répare" in result.body.decode("cp1252")


def test_loopback_is_refused_unless_allowed(site: tuple[str, SiteState]) -> None:
    base, state = site
    before = len(state.hits)
    error = _reason(base + "/", FetchPolicy())
    assert error.reason == "blocked_address" and "127.0.0.1" in str(error) and "public web pages" in str(error)
    assert isinstance(error, InputError)
    assert len(state.hits) == before, "a refused address must never be contacted"


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("10.0.0.5", "private network"),
        ("192.168.1.1", "private network"),
        ("172.16.0.1", "private network"),
        ("169.254.169.254", "link-local"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("::ffff:10.0.0.1", "private network"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:7f00:1::", "loopback"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private network"),
    ],
)
def test_non_public_addresses_are_named(address: str, words: str) -> None:
    kind = fetch_mod._kind_of(ipaddress.ip_address(address))
    assert kind is not None and words in kind


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert fetch_mod._kind_of(ipaddress.ip_address(address)) is None


def _fake_dns(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> None:
    """Answer name lookups without asking any real resolver (no traffic leaves 127.0.0.1)."""

    def lookup(host: str, port: int, *args: object, **kwargs: object) -> list[tuple]:  # type: ignore[type-arg]
        if not answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers]

    monkeypatch.setattr(fetch_mod.socket, "getaddrinfo", lookup)


def test_a_name_with_any_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, ["93.184.215.14", "10.0.0.5"])
    with pytest.raises(FetchError, match=r"private network address \(10\.0\.0\.5\)") as info:
        check_url("https://clinic.example/", FetchPolicy())
    assert info.value.reason == "blocked_address"


def test_unknown_name_is_a_dns_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, [])
    error = _reason("https://no-such-clinic.example/")
    assert error.reason == "dns" and "does not resolve" in str(error)


def test_allow_hosts_by_name_and_network() -> None:
    assert str(check_url("http://localhost/", FetchPolicy(allow_hosts=("localhost",)))) == "127.0.0.1"
    assert str(check_url("http://127.0.0.1:9/", FetchPolicy(allow_hosts=("127.0.0.0/8",)))) == "127.0.0.1"
    with pytest.raises(FetchError, match="loopback"):
        check_url("http://localhost/", FetchPolicy(allow_hosts=("10.0.0.0/8",)))


@pytest.mark.parametrize("url", ["ftp://clinic.example/a", "file:///etc/passwd", "javascript:alert(1)", "clinic.example/page", "http:///x"])
def test_only_http_and_https(url: str) -> None:
    assert _reason(url).reason == "scheme"


def test_redirect_is_followed_and_recorded(site: tuple[str, SiteState]) -> None:
    base, _ = site
    result = fetch(base + "/moved", LOCAL)
    assert result.final_url == base + "/" and result.redirects == (base + "/",)
    assert b"Lumen Skin Clinic" in result.body


def test_redirect_to_private_address_or_file_is_refused(site: tuple[str, SiteState]) -> None:
    error = _reason(site[0] + "/to-private")
    assert error.reason == "blocked_address" and "10.0.0.5" in str(error)
    assert _reason(site[0] + "/to-file").reason == "scheme"


def test_redirect_loop_and_cap(site: tuple[str, SiteState]) -> None:
    assert _reason(site[0] + "/loop-a").reason == "redirect_loop"
    capped = FetchPolicy(allow_hosts=("127.0.0.1",), max_redirects=0)
    assert _reason(site[0] + "/moved", capped).reason == "too_many_redirects"


def test_http_errors(site: tuple[str, SiteState]) -> None:
    error = _reason(site[0] + "/no-such-page.html")
    assert error.reason == "http_status" and "404 Not Found" in str(error)


def test_500_succeeds_on_retry(site: tuple[str, SiteState]) -> None:
    base, state = site
    retrying = FetchPolicy(allow_hosts=("127.0.0.1",), retries=2, backoff=0.01)
    result = fetch(base + "/flaky.html", retrying)
    assert b"Opening hours" in result.body
    assert state.hits.count("/flaky.html") == 2


def test_retries_give_up_with_the_status(site: tuple[str, SiteState]) -> None:
    base, state = site
    before = state.hits.count("/teapot")
    error = _reason(base + "/teapot", FetchPolicy(allow_hosts=("127.0.0.1",), retries=1, backoff=0.01))
    assert error.reason == "http_status" and "500" in str(error)
    assert state.hits.count("/teapot") - before == 2


def test_slow_page_times_out(site: tuple[str, SiteState]) -> None:
    error = _reason(site[0] + "/slow.html", FetchPolicy(allow_hosts=("127.0.0.1",), timeout=0.3))
    assert error.reason == "timeout" and "0.3 s" in str(error)


def test_size_limit_with_and_without_content_length(site: tuple[str, SiteState]) -> None:
    small = FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=50_000)
    assert _reason(site[0] + "/huge.html", small).reason == "too_large"
    tiny = FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=100)
    error = _reason(site[0] + "/contact.html", tiny)
    assert error.reason == "too_large" and "100-byte limit" in str(error)


def test_content_types(site: tuple[str, SiteState]) -> None:
    error = _reason(site[0] + "/logo.png")
    assert error.reason == "content_type" and "image/png" in str(error)
    pdf = fetch(site[0] + "/brochure.pdf", LOCAL)
    assert pdf.content_type == "application/pdf" and pdf.body.startswith(b"%PDF")


def test_closed_port_is_a_connection_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error = _reason(f"http://127.0.0.1:{port}/", FetchPolicy(allow_hosts=("127.0.0.1",), retries=1, backoff=0.01))
    assert error.reason == "connection" and str(port) in str(error)


def test_policy_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fetch_mod.ALLOW_ENV, " 127.0.0.1, localhost ,")
    assert policy_from_env().allow_hosts == ("127.0.0.1", "localhost")
    assert policy_from_env(FetchPolicy(allow_hosts=("::1",), timeout=3)).allow_hosts == ("::1", "127.0.0.1", "localhost")
    monkeypatch.delenv(fetch_mod.ALLOW_ENV)
    assert policy_from_env() == FetchPolicy()
