"""Audit many sites: crawl them, check their pages in batches, store everything.

One code path for every way of running: the driver crawls the sites (one thread per
site, at most ``CRAWL_THREADS`` at once, each polite to its host), cuts each site's fetched
pages into batches of ``AuditConfig.batch_pages`` in crawl order, and hands every batch to
a backend that runs :func:`check_pages` — in this process (:class:`LocalBackend`) or on
Dask workers (:class:`DaskBackend`, a local cluster with ``--workers N`` or an existing one
with ``--dask ADDRESS``). Batches hold pages of one site in crawl order, so they are the
same whichever backend runs them, and so are the verdicts. Results come back to the
driver, the only writer of the database: one transaction per page.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from claimcheck.audit_db import AuditDB
from claimcheck.crawl import SiteCrawler, saved_files, saved_pages
from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.evidence import EvidenceBase
from claimcheck.types import AuditConfig, Document, PageCheck, PageFetch

#: Sites crawled at the same time (threads; crawling waits on the network, not the CPU).
CRAWL_THREADS = 8


def page_document(page: PageFetch) -> Document:
    """The checkable text of a fetched or saved page, through the same ingest path as the app's URL box."""
    from claimcheck.ingest import from_download

    return from_download(page.body, page.url, page.content_type, page.charset)


def check_with(checker: Any, pages: list[PageFetch], jurisdiction: str) -> list[PageCheck]:
    """Check a batch of pages with one batched pass; a page that cannot be read or checked
    is reported on its own and does not sink the batch."""
    docs: list[tuple[PageFetch, Document]] = []
    out: dict[str, PageCheck] = {}
    for page in pages:
        try:
            docs.append((page, page_document(page)))
        except InputError as exc:
            out[page.url] = PageCheck(url=page.url, error="unreadable", message=str(exc))
    try:
        reports = checker.check_documents([d for _, d in docs], jurisdiction)
    except Exception:  # noqa: BLE001 - one bad page must not lose the batch: retry page by page below
        reports = None
    for i, (page, doc) in enumerate(docs):
        try:
            report = reports[i] if reports is not None else checker.check_documents([doc], jurisdiction)[0]
        except Exception as exc:  # noqa: BLE001 - recorded against the page, with its message
            out[page.url] = PageCheck(url=page.url, error="check_failed", message=f"{page.url}: {exc}")
            continue
        out[page.url] = PageCheck(url=page.url, report=report, words=len(doc.text.split()))
    return [out[p.url] for p in pages]


_WORKER_CHECKERS: dict[str, Any] = {}
_WORKER_LOCK = threading.Lock()


def check_pages(pages: list[PageFetch], evidence: EvidenceBase, jurisdiction: str) -> list[PageCheck]:
    """The task a Dask worker runs: the worker loads the real models once per evidence version."""
    with _WORKER_LOCK:
        checker = _WORKER_CHECKERS.get(evidence.version)
        if checker is None:
            from claimcheck.checker import Checker

            _limit_torch_threads()
            checker = _WORKER_CHECKERS[evidence.version] = Checker(evidence)
    return check_with(checker, pages, jurisdiction)


def _limit_torch_threads() -> None:
    """A worker should use the threads Dask gave it, not every core (workers share the machine)."""
    try:
        from distributed import get_worker

        threads = get_worker().state.nthreads
    except (ImportError, ValueError):
        return
    import torch

    torch.set_num_threads(max(1, threads))


class Backend(Protocol):
    def submit(self, pages: list[PageFetch], jurisdiction: str) -> Any: ...

    def close(self) -> None: ...


class LocalBackend:
    """Checks batches in this process, on one thread beside the crawling threads."""

    def __init__(self, checker: Any) -> None:
        self.checker = checker
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimcheck-check")

    def submit(self, pages: list[PageFetch], jurisdiction: str) -> Future[list[PageCheck]]:
        return self.pool.submit(check_with, self.checker, pages, jurisdiction)

    def close(self) -> None:
        self.pool.shutdown(wait=True)


class DaskBackend:
    """Checks batches on Dask workers: a new local cluster (``workers``) or an existing one (``address``)."""

    def __init__(self, evidence: EvidenceBase, address: str | None = None, workers: int | None = None) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        try:
            if address:
                self.client = Client(address, timeout="20s")
            else:
                self.cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            raise ClaimcheckError(f"could not reach the Dask scheduler at {address}: {exc}") from exc
        # Shipped once to every worker: the workers check against exactly the driver's evidence.
        self.evidence = self.client.scatter(evidence, broadcast=True)

    def submit(self, pages: list[PageFetch], jurisdiction: str) -> Any:
        return self.client.submit(check_pages, pages, self.evidence, jurisdiction, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class Progress(Protocol):
    def planned(self, total: int, done: int) -> None: ...

    def advance(self, page: PageFetch, check: PageCheck | None) -> None: ...


@dataclass
class _SiteDone:
    site_id: int
    error: str | None = None


@dataclass
class _SiteState:
    site_id: int
    planned: int
    written: int = 0
    crawling: bool = True
    buffer: list[PageFetch] = field(default_factory=list)
    in_flight: int = 0


def _site_pages(config: AuditConfig, source: str, done: dict[str, PageFetch]) -> Iterator[PageFetch]:
    if source in config.from_dirs:
        return saved_pages(Path(source), done)
    return iter(SiteCrawler(source, config.limits, done))


class _Driver:
    """Runs one audit run to the end; the only object that touches the database."""

    def __init__(self, db: AuditDB, run_id: int, config: AuditConfig, backend: Backend, progress: Progress | None) -> None:
        self.db, self.run_id, self.config, self.backend, self.progress = db, run_id, config, backend, progress
        self.items: queue.Queue[PageFetch | _SiteDone] = queue.Queue(maxsize=64)
        self.sites: dict[str, _SiteState] = {}
        self.pending: list[tuple[Any, str, list[PageFetch]]] = []
        self.max_in_flight = 4

    def _crawl(self, source: str, site_id: int, done: dict[str, PageFetch]) -> None:
        try:
            for page in _site_pages(self.config, source, done):
                self.items.put(page)
            self.items.put(_SiteDone(site_id))
        except Exception as exc:  # noqa: BLE001 - reported, and the site stays unfinished for --resume
            self.items.put(_SiteDone(site_id, error=f"{source}: crawl stopped: {exc}"))

    def _plan(self) -> None:
        if self.progress:
            total = sum(max(s.planned, s.written) if s.crawling else s.written for s in self.sites.values())
            self.progress.planned(total, sum(s.written for s in self.sites.values()))

    def _write(self, source: str, page: PageFetch, check: PageCheck | None) -> None:
        state = self.sites[source]
        self.db.write_page(self.run_id, state.site_id, page, check)
        state.written += 1
        if self.progress:
            self.progress.advance(page, check)

    def _flush(self, source: str) -> None:
        state = self.sites[source]
        if state.buffer:
            batch, state.buffer = state.buffer, []
            state.in_flight += 1
            self.pending.append((self.backend.submit(batch, self.config.jurisdiction), source, batch))

    def _collect(self, block: bool) -> None:
        while self.pending:
            ready = [p for p in self.pending if p[0].done()]
            if not ready:
                if not block:
                    return
                time.sleep(0.02)
                continue
            for item in ready:
                self.pending.remove(item)
                future, source, batch = item
                for page, check in zip(batch, future.result(), strict=True):
                    self._write(source, page.model_copy(update={"body": b""}), check)
                self.sites[source].in_flight -= 1
                self._maybe_finish(source)
            return

    def _maybe_finish(self, source: str) -> None:
        state = self.sites[source]
        if not state.crawling and not state.buffer and state.in_flight == 0:
            self.db.finish_site(state.site_id)
            self._plan()

    def _handle(self, item: PageFetch | _SiteDone, errors: list[str]) -> None:
        if isinstance(item, _SiteDone):
            source = next(s for s, st in self.sites.items() if st.site_id == item.site_id)
            self.sites[source].crawling = False
            if item.error:
                errors.append(item.error)
                self.sites[source].in_flight += 1  # never finished: --resume crawls it again
            self._flush(source)
            self._maybe_finish(source)
            return
        if item.checkable:
            self.sites[item.site].buffer.append(item)
            if len(self.sites[item.site].buffer) >= self.config.batch_pages:
                self._flush(item.site)
        else:
            self._write(item.site, item, None)

    def run(self, sources: list[str]) -> list[str]:
        errors: list[str] = []
        threads = []
        for source in sources:
            site_id = self.db.site_id(self.run_id, source)
            if self.db.site_done(site_id):
                continue
            done = self.db.done_pages(site_id)
            planned = self.config.limits.max_pages if source not in self.config.from_dirs else len(saved_files(Path(source)))
            self.sites[source] = _SiteState(site_id=site_id, planned=planned, written=len(done))
            threads.append((source, site_id, done))
        self._plan()
        with ThreadPoolExecutor(max_workers=max(1, min(CRAWL_THREADS, len(threads))), thread_name_prefix="claimcheck-crawl") as pool:
            for source, site_id, done in threads:
                pool.submit(self._crawl, source, site_id, done)
            crawling = len(threads)
            while crawling or self.pending:
                self._collect(block=len(self.pending) >= self.max_in_flight)
                try:
                    item = self.items.get(timeout=0.02)
                except queue.Empty:
                    continue
                crawling -= isinstance(item, _SiteDone)
                self._handle(item, errors)
        return errors


def site_key_for(source: str, config: AuditConfig) -> str:
    """How a site is named in the database: the canonical start URL, or the folder path."""
    from claimcheck.crawl import canonical_url

    return source if source in config.from_dirs else canonical_url(source)


def normalise(config: AuditConfig) -> AuditConfig:
    """Canonical site URLs and absolute folders, so a resumed run finds its sites again."""
    sites = tuple(dict.fromkeys(site_key_for(s, config) for s in config.sites))
    dirs = tuple(dict.fromkeys(str(Path(d).resolve()) for d in config.from_dirs))
    return config.model_copy(update={"sites": sites, "from_dirs": dirs})


def run_audit(
    db: AuditDB,
    config: AuditConfig,
    backend: Backend,
    evidence_version: str,
    resume: int | None = None,
    progress: Progress | None = None,
    on_start: Callable[[int], None] | None = None,
) -> tuple[int, list[str]]:
    """Audit ``config``'s sites (or finish run ``resume``); returns (run id, site-level errors).

    The run is marked done only when every site finished; a run stopped or killed before
    that can be resumed with the same database."""
    from importlib.metadata import version

    config = normalise(config)
    run_id = resume if resume is not None else db.new_run(config.model_dump(mode="json"), version("claimcheck"), evidence_version)
    if on_start:
        on_start(run_id)
    driver = _Driver(db, run_id, config, backend, progress)
    errors = driver.run(list(config.sites) + list(config.from_dirs))
    if not errors:
        db.finish_run(run_id)
    return run_id, errors
