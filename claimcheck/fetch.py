"""The one safe HTTP fetcher: every URL ClaimCheck reads from the web goes through :func:`fetch`.

Safety rules (server-side request forgery): only http and https; the host is resolved
and refused when any of its addresses is not a public one (loopback, private, link-local
such as the 169.254.169.254 cloud metadata service, multicast, reserved, unspecified,
or an IPv4-mapped / 6to4 form of those), unless ``FetchPolicy.allow_hosts`` exempts it.
Redirects are followed by hand so every hop is checked the same way.

DNS rebinding: a name could resolve to a public address for the check and to a private
one for the connection. To close that gap the request is sent to the checked address
itself (the URL's host is replaced by the IP, the ``Host`` header and the TLS server
name keep the original name, so virtual hosting and certificate checks still work).
What remains open: a client passed in with a proxy configured would resolve the name
again on the proxy side; the client built here ignores proxy environment variables.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from claimcheck.errors import FetchError
from claimcheck.types import FetchPolicy, FetchResult

__all__ = ["FetchError", "FetchPolicy", "FetchResult", "check_url", "fetch", "policy_from_env"]

#: Comma-separated hosts, IPs or networks exempt from the address check (tests, intranets).
ALLOW_ENV = "CLAIMCHECK_FETCH_ALLOW"
_REDIRECTS = {301, 302, 303, 307, 308}
#: Answers worth another try: the server may be briefly overloaded or restarting.
_RETRY_STATUS = {429, 500, 502, 503, 504}
_PUBLIC_ONLY = "ClaimCheck only fetches public web pages"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def policy_from_env(base: FetchPolicy | None = None) -> FetchPolicy:
    """``base`` (default limits when None) with the hosts of ``CLAIMCHECK_FETCH_ALLOW`` added."""
    base = base or FetchPolicy()
    extra = tuple(h.strip() for h in os.environ.get(ALLOW_ENV, "").split(",") if h.strip())
    return base.model_copy(update={"allow_hosts": base.allow_hosts + extra}) if extra else base


def _kind_of(addr: Address) -> str | None:
    """Why an address is not public, in words a reviewer understands; None when it is public."""
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = addr.ipv4_mapped or addr.sixtofour
        if embedded is not None:
            return _kind_of(embedded)
    checks = (
        ("is_unspecified", "unspecified address"),
        ("is_loopback", "this machine (loopback address)"),
        ("is_link_local", "link-local address (used by cloud metadata services)"),
        ("is_multicast", "multicast address"),
        ("is_reserved", "reserved address"),
        ("is_private", "private network address"),
    )
    for attr, words in checks:
        if getattr(addr, attr):
            return words
    return None if addr.is_global else "non-public address"


def _allowed(host: str, addr: Address, policy: FetchPolicy) -> bool:
    for entry in policy.allow_hosts:
        if entry.lower() == host.lower():
            return True
        try:
            if addr in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _resolve(url: str, host: str, port: int) -> list[Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("dns", f"could not find the server for {url}: the name {host!r} does not resolve", url) from exc
    seen: list[Address] = []
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if addr not in seen:
            seen.append(addr)
    return seen


def check_url(url: str, policy: FetchPolicy) -> Address:
    """Refuse a URL ClaimCheck must not fetch; return the checked address to connect to."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        shown = parts.scheme or "no scheme"
        raise FetchError("scheme", f"refused {url}: only http:// and https:// addresses can be fetched ({shown})", url)
    host = parts.hostname
    if not host:
        raise FetchError("scheme", f"refused {url}: the address has no host name", url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("scheme", f"refused {url}: the port is not a number between 0 and 65535", url) from exc
    addresses = _resolve(url, host, port)
    for addr in addresses:
        kind = _kind_of(addr)
        if kind and not _allowed(host, addr, policy):
            raise FetchError("blocked_address", f"refused {url}: {kind} ({addr}); {_PUBLIC_ONLY}", url)
    return addresses[0]


def _pinned(url: str, addr: Address) -> tuple[str, dict[str, str], dict[str, str]]:
    """The URL aimed at ``addr``, with the Host header and TLS name of the original host."""
    parts = urlsplit(url)
    host_ip = f"[{addr}]" if addr.version == 6 else str(addr)
    netloc = host_ip + (f":{parts.port}" if parts.port else "")
    target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rsplit("@", 1)[-1]
    extensions = {"sni_hostname": parts.hostname or ""} if parts.scheme == "https" else {}
    return target, {"Host": host_header}, extensions


def _media_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ").lower()
    return media.strip().lower(), charset


@contextmanager
def _client(client: httpx.Client | None, policy: FetchPolicy) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    # trust_env=False: a proxy from the environment would resolve names itself, past our check.
    with httpx.Client(timeout=policy.timeout, trust_env=False, follow_redirects=False) as own:
        yield own


def _read_body(response: httpx.Response, url: str, policy: FetchPolicy, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError("too_large", f"refused {url}: {int(declared):,} bytes is over the {policy.max_bytes:,}-byte limit", url)
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError("too_large", f"stopped reading {url}: over the {policy.max_bytes:,}-byte limit", url)
        if time.monotonic() > deadline:
            raise FetchError("timeout", f"gave up on {url}: the page took longer than {policy.timeout:g} s to arrive", url)
        chunks.append(chunk)
    return b"".join(chunks)


def _one_request(http: httpx.Client, url: str, policy: FetchPolicy) -> tuple[int, str, str, bytes]:
    """One GET of one hop: (status, location, content-type header, body); body empty for redirects."""
    addr = check_url(url, policy)
    target, headers, extensions = _pinned(url, addr)
    headers |= {"User-Agent": policy.user_agent, "Accept": ", ".join(policy.accept_types) + ";q=1, */*;q=0.1"}
    deadline = time.monotonic() + policy.timeout
    request = http.build_request("GET", target, headers=headers, extensions=extensions, timeout=policy.timeout)
    response = http.send(request, stream=True, follow_redirects=False)
    try:
        status, ctype = response.status_code, response.headers.get("content-type", "")
        location = response.headers.get("location", "")
        if status in _REDIRECTS or status >= 400:
            return status, location, ctype, b""
        media, _ = _media_type(ctype)
        if media not in policy.accept_types:
            shown = media or "no content type given"
            raise FetchError("content_type", f"skipped {url}: {shown} is not a page or text ClaimCheck can read", url)
        return status, location, ctype, _read_body(response, url, policy, deadline)
    finally:
        response.close()


def _with_retries(http: httpx.Client, url: str, policy: FetchPolicy) -> tuple[int, str, str, bytes]:
    """One hop with retries on connection errors and 429/5xx answers; timeouts are not retried
    (a page that was too slow once is likely slow again, and retrying would stall the host)."""
    for attempt in range(policy.retries + 1):
        last = attempt == policy.retries
        try:
            result = _one_request(http, url, policy)
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"gave up on {url}: no answer within {policy.timeout:g} s", url) from exc
        except httpx.TransportError as exc:
            if last:
                raise FetchError("connection", f"could not connect to {url}: {exc or type(exc).__name__}", url) from exc
        else:
            if result[0] not in _RETRY_STATUS or last:
                return result
        time.sleep(policy.backoff * 2**attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _status_error(url: str, status: int) -> FetchError:
    try:
        words = httpx.codes(status).phrase
    except ValueError:
        words = "error"
    return FetchError("http_status", f"{url} answered {status} {words}", url, status=status)


def fetch(url: str, policy: FetchPolicy = FetchPolicy(), client: httpx.Client | None = None) -> FetchResult:
    """GET ``url`` within ``policy``; every refusal or failure is a :class:`FetchError` with a reason code."""
    started, current, hops = time.monotonic(), url, []
    with _client(client, policy) as http:
        while True:
            status, location, ctype, body = _with_retries(http, current, policy)
            if status not in _REDIRECTS or not location:
                break
            nxt = urljoin(current, location).split("#", 1)[0]
            if nxt == url or nxt in hops:
                raise FetchError("redirect_loop", f"gave up on {url}: its redirects go round in a loop (back to {nxt})", url)
            if len(hops) >= policy.max_redirects:
                raise FetchError("too_many_redirects", f"gave up on {url}: more than {policy.max_redirects} redirects", url)
            hops.append(nxt)
            current = nxt
    if status >= 400 or status in _REDIRECTS:
        raise _status_error(current, status)
    media, charset = _media_type(ctype)
    return FetchResult(
        url=url,
        final_url=current,
        status=status,
        content_type=media,
        charset=charset,
        body=body,
        redirects=tuple(hops),
        elapsed=time.monotonic() - started,
    )
