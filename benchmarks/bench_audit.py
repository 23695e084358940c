"""Audit throughput: 200 pages of about 800 words served from 127.0.0.1, politeness delay off.

Pages are made by mixing sentences of the corpus texts (corpus/docs) with a fixed seed.
Prints pages/s for one process (checks in this process) and for two (a local Dask
cluster of two single-threaded workers), model loading excluded: the clock starts when
the first request is sent. Target: at least 5 pages/s on 2 cores.

    .venv/bin/python benchmarks/bench_audit.py [--pages 200] [--words 800]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _sentences() -> list[str]:
    from claimcheck.ingest import read_path

    out: list[str] = []
    for path in sorted((ROOT / "corpus" / "docs").iterdir()):
        text = read_path(path).text
        out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 6 <= len(s.split()) <= 45)
    return out


def make_site(folder: Path, pages: int, words: int) -> None:
    rng, sentences = random.Random(7), _sentences()
    links = []
    for i in range(pages):
        paragraphs, count = [], 0
        while count < words:
            para = " ".join(rng.sample(sentences, 4))
            paragraphs.append(f"<p>{para}</p>")
            count += len(para.split())
        (folder / f"page{i:03d}.html").write_text(
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Clinic page {i}</title></head>"
            f"<body><article><h1>Treatment {i}</h1>{''.join(paragraphs)}</article></body></html>", encoding="utf-8")
        links.append(f"<a href='/page{i:03d}.html'>page {i}</a>")
    (folder / "index.html").write_text(f"<!DOCTYPE html><html><body><nav>{' '.join(links)}</nav></body></html>", encoding="utf-8")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """No access log on the terminal."""


def _timed(backend: object, url: str, pages: int, db_path: Path, version: str) -> tuple[int, float]:
    from claimcheck.audit import run_audit
    from claimcheck.audit_db import AuditDB
    from claimcheck.types import AuditConfig, CrawlLimits, FetchPolicy

    config = AuditConfig(sites=(url,), limits=CrawlLimits(depth=1, max_pages=pages + 1, delay=0.0,
                                                          policy=FetchPolicy(allow_hosts=("127.0.0.1",))))
    db = AuditDB(db_path)
    started = time.perf_counter()
    run_id, _ = run_audit(db, config, backend, version)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    checked = db.summary(run_id)["checked"]
    db.close()
    return checked, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--words", type=int, default=800)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from claimcheck.audit import DaskBackend, LocalBackend, check_pages
    from claimcheck.checker import Checker
    from claimcheck.evidence import load_evidence

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        make_site(site, args.pages, args.words)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        evidence = load_evidence(None)
        try:
            local = LocalBackend(Checker(evidence))
            pages, seconds = _timed(local, url, args.pages, Path(tmp) / "one.db", evidence.version)
            local.close()
            print(f"one process : {pages} pages ({args.words} words each) in {seconds:.1f} s = {pages / seconds:.2f} pages/s")
            remote = DaskBackend(evidence, workers=2)
            remote.client.run(check_pages, [], evidence, "all")  # load the models on both workers before the clock starts
            pages, seconds = _timed(remote, url, args.pages, Path(tmp) / "two.db", evidence.version)
            remote.close()
            print(f"two workers : {pages} pages ({args.words} words each) in {seconds:.1f} s = {pages / seconds:.2f} pages/s")
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
