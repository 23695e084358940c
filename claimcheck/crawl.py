"""Polite crawling of one site: robots.txt, sitemap.xml, same-site links, de-duplication.

A site is crawled breadth first from its start page (depth 0), with the sitemap's pages
queued at depth 1. Requests to a host go one at a time with ``CrawlLimits.delay`` seconds
between them (longer when robots.txt asks for a Crawl-delay); several sites are crawled
at once by the caller, one thread per site. URLs are compared in canonical form (see
:func:`canonical_url`) and pages with the same content hash as an earlier page of the site
are recorded as duplicates and not checked again.

Resuming: the caller passes the pages already stored (``done``); they are not fetched
again, but their stored links are followed, so the crawl picks up where it stopped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import urllib.robotparser
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from claimcheck.errors import FetchError
from claimcheck.fetch import fetch
from claimcheck.types import CrawlLimits, FetchPolicy, FetchResult, PageFetch

#: Query parameters that only track visitors; dropped so one page has one URL.
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "_ga")
#: The name robots.txt rules are matched against.
ROBOTS_AGENT = "ClaimCheck"
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_XML_TYPES = ("application/xml", "text/xml")
_SAVED_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".md"}

Fetcher = Callable[[str, FetchPolicy], FetchResult]


def canonical_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no default port, no fragment,
    dot segments resolved, tracking parameters dropped and the rest sorted."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    port = parts.port
    netloc = f"[{host}]" if ":" in host else host
    if port and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    path = urlsplit(urljoin("http://x/", parts.path or "/")).path if parts.path.startswith("/") or not parts.path else parts.path
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(TRACKING_PARAMS))
    return urlunsplit((scheme, netloc, path or "/", urlencode(query), ""))


def site_key(url: str) -> tuple[str, int | None]:
    """Host (without a leading www.) and port: two URLs with the same key are the same site."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())


def same_site(url: str, start: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") and site_key(url) == site_key(start)


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def page_links(body: bytes, base_url: str) -> list[str]:
    """Canonical http(s) links of an HTML page, in document order, without repeats."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return []
    base = root.xpath("string(//base/@href)") or base_url
    seen: dict[str, None] = {}
    for href in root.xpath("//a/@href | //area/@href | //link[@rel='canonical']/@href"):
        absolute = urljoin(urljoin(base_url, base), str(href).strip())
        if urlsplit(absolute).scheme in ("http", "https"):
            seen.setdefault(canonical_url(absolute), None)
    return list(seen)


def sitemap_urls(body: bytes, base_url: str) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap or sitemap index; relative locations
    are resolved against the sitemap's own URL. Entities are never expanded."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    locs = [urljoin(base_url, (el.text or "").strip()) for el in root.iter(f"{_SITEMAP_NS}loc", "loc") if (el.text or "").strip()]
    nested = root.tag in (f"{_SITEMAP_NS}sitemapindex", "sitemapindex")
    return ([], locs) if nested else (locs, [])


class SiteCrawler:
    """Crawls one site within its limits; iterate to get one PageFetch per URL handled."""

    def __init__(self, start: str, limits: CrawlLimits, done: dict[str, PageFetch] | None = None, fetcher: Fetcher = fetch) -> None:
        self.start = canonical_url(start)
        self.limits = limits
        self.done = done or {}
        self.fetcher = fetcher
        self.robots = urllib.robotparser.RobotFileParser()
        self.delay = limits.delay
        self._last_request = 0.0
        self._sitemap_policy = limits.policy.model_copy(update={"accept_types": limits.policy.accept_types + _XML_TYPES})
        self._hashes = {p.content_hash: p.url for p in self.done.values() if p.content_hash and p.error is None}

    def _get(self, url: str, policy: FetchPolicy | None = None) -> FetchResult:
        """One polite request: wait out the delay since the last request to this host."""
        wait = self._last_request + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return self.fetcher(url, policy or self.limits.policy)
        finally:
            self._last_request = time.monotonic()

    def _read_robots(self) -> list[str]:
        """Load robots.txt (RFC 9309: missing means allowed, unreachable means disallowed);
        return the sitemap URLs it names."""
        url = urljoin(self.start, "/robots.txt")
        try:
            result = self._get(url)
        except FetchError as exc:
            missing = (exc.status is not None and 400 <= exc.status < 500) or exc.reason == "content_type"
            self.robots.parse([] if missing else ["User-agent: *", "Disallow: /"])
            return []
        text = result.body.decode(result.charset or "utf-8", errors="replace")
        self.robots.parse(text.splitlines())
        crawl_delay = self.robots.crawl_delay(ROBOTS_AGENT)
        if crawl_delay:
            self.delay = max(self.delay, float(crawl_delay))
        return [urljoin(url, s) for s in (self.robots.site_maps() or [])]

    def _read_sitemaps(self, named: list[str]) -> list[str]:
        pending, pages, tried = deque(named or [urljoin(self.start, "/sitemap.xml")]), [], set()
        while pending and len(tried) < 5:
            url = pending.popleft()
            if url in tried or not same_site(url, self.start):
                continue
            tried.add(url)
            try:
                result = self._get(url, self._sitemap_policy)
            except FetchError:
                continue
            found, nested = sitemap_urls(result.body, url)
            pages.extend(canonical_url(u) for u in found if same_site(u, self.start))
            pending.extend(nested)
        return pages

    def _fetch_page(self, url: str, depth: int) -> PageFetch:
        now = dt.datetime.now(dt.UTC)
        if not self.robots.can_fetch(ROBOTS_AGENT, url):
            return PageFetch(site=self.start, url=url, depth=depth, fetched_at=now, error="robots", message=f"{url}: robots.txt asks crawlers to keep out")
        try:
            result = self._get(url)
        except FetchError as exc:
            return PageFetch(site=self.start, url=url, depth=depth, fetched_at=now, error=exc.reason, message=str(exc))
        digest = content_hash(result.body)
        page = PageFetch(site=self.start, url=url, depth=depth, fetched_at=now, final_url=result.final_url, status=result.status,
                         content_type=result.content_type, charset=result.charset, content_hash=digest)
        if digest in self._hashes:
            return page.model_copy(update={"error": "duplicate", "message": f"{url}: same content as {self._hashes[digest]}"})
        self._hashes[digest] = url
        is_html = result.content_type in ("text/html", "application/xhtml+xml")
        links = [u for u in page_links(result.body, result.final_url) if same_site(u, self.start)] if is_html else []
        return page.model_copy(update={"links": tuple(links), "body": result.body})

    def __iter__(self) -> Iterator[PageFetch]:
        sitemaps = self._read_robots()
        queue: deque[tuple[str, int]] = deque([(self.start, 0)])
        seen, counted = {self.start}, 0
        if self.limits.depth > 0:
            for url in self._read_sitemaps(sitemaps):
                if url not in seen:
                    seen.add(url)
                    queue.append((url, 1))
        while queue and counted < self.limits.max_pages:
            url, depth = queue.popleft()
            page = self.done.get(url)
            if page is None:
                page = self._fetch_page(url, depth)
                yield page
            counted += page.error != "robots"
            if depth >= self.limits.depth:
                continue
            for link in page.links:
                if link not in seen:
                    seen.add(link)
                    queue.append((link, depth + 1))


def saved_files(folder: Path) -> list[Path]:
    """The HTML, text and Markdown files under ``folder``, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in _SAVED_SUFFIXES)


def saved_pages(folder: Path, done: dict[str, PageFetch] | None = None) -> Iterator[PageFetch]:
    """Saved-pages mode: every HTML, text or Markdown file under ``folder`` as a page of one site."""
    done, hashes = done or {}, {p.content_hash: p.url for p in (done or {}).values() if p.content_hash}
    site = str(folder)
    for path in saved_files(folder):
        # The file's own URI: unique even when two archives both hold an index.html.
        url = path.resolve().as_uri()
        if url in done:
            continue
        body = path.read_bytes()
        digest, now = content_hash(body), dt.datetime.now(dt.UTC)
        if digest in hashes:
            yield PageFetch(site=site, url=url, fetched_at=now, content_hash=digest, error="duplicate", message=f"{url}: same content as {hashes[digest]}")
            continue
        hashes[digest] = url
        yield PageFetch(site=site, url=url, fetched_at=now, content_hash=digest, body=body, content_type="text/html" if path.suffix.lower() in (".html", ".htm", ".xhtml") else "text/plain")
