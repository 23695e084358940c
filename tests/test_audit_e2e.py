"""End to end with the real models: a killed audit resumes with nothing lost or doubled,
and checking on a Dask cluster gives the same claims and verdicts as a local run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimcheck.audit import DaskBackend, LocalBackend, run_audit
from claimcheck.audit_db import AuditDB
from claimcheck.crawl import SiteCrawler
from claimcheck.types import AuditConfig, CrawlLimits, FetchPolicy
from tests.sites.server import serve

pytestmark = pytest.mark.e2e
POLICY = FetchPolicy(allow_hosts=("127.0.0.1",), timeout=0.8, max_bytes=200_000, retries=1, backoff=0.01)


def _pages(db: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT p.url, COUNT(c.id) FROM pages p LEFT JOIN claims c ON c.page_id = p.id GROUP BY p.id").fetchall()
    except sqlite3.OperationalError:  # the audit has created the file but not yet its tables
        return []
    finally:
        conn.close()


def _audit_cmd(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "claimcheck", "audit", *args, "--db", str(db), "--delay", "0", "--timeout", "0.8", "--retries", "1"]


def test_killed_audit_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    db = tmp_path / "audit.db"
    env = dict(os.environ, CLAIMCHECK_FETCH_ALLOW="127.0.0.1")
    with serve("lumen", slow_seconds=1.5, page_delay=0.3) as (lumen, lstate), serve("northfield", page_delay=0.3) as (north, _):
        expected = {p.url for p in SiteCrawler(lumen, CrawlLimits(delay=0, policy=POLICY))} | {p.url for p in SiteCrawler(north, CrawlLimits(delay=0, policy=POLICY))}
        proc = subprocess.Popen(_audit_cmd(db, lumen, north), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (not db.exists() or len(_pages(db)) < 4):
            assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        stored = {url for url, _ in _pages(db)}
        assert 4 <= len(stored) < len(expected), "killed part-way"
        hits_at_kill = len(lstate.hits)
        resumed = subprocess.run(_audit_cmd(db, "run", "--resume"), env=env, capture_output=True, text=True, timeout=300)
        assert resumed.returncode == 0, resumed.stderr[-2000:]
        assert "claims by verdict" in resumed.stdout
        refetched = {lumen + h for h in lstate.hits[hits_at_kill:]}
    pages = _pages(db)
    urls = [url for url, _ in pages]
    assert len(urls) == len(set(urls)) and set(urls) == expected
    assert not (refetched & {u for u in stored if u.startswith(lumen)}), "finished pages are not fetched again"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT page_id || ':' || idx) FROM claims").fetchone()[0] > 0
        assert conn.execute("SELECT COUNT(*) - COUNT(DISTINCT page_id || ':' || idx) FROM claims").fetchone()[0] == 0
        assert conn.execute("SELECT status FROM runs").fetchall() == [("done",)]


def _claims(db: AuditDB, run_id: int, bases: tuple[str, ...]) -> list[tuple[str, int, str, str]]:
    rows = db.conn.execute("SELECT p.url, c.idx, c.text, c.verdict FROM claims c JOIN pages p ON p.id = c.page_id WHERE c.run_id = ? ORDER BY 1, 2", (run_id,))
    out = []
    for url, idx, text, verdict in rows:
        for i, base in enumerate(bases):
            url = url.replace(base, f"site{i}")
        out.append((url, idx, text, verdict))
    return out


def test_dask_cluster_matches_local_run(tmp_path: Path, checker) -> None:  # type: ignore[no-untyped-def]
    from distributed import LocalCluster

    db = AuditDB(tmp_path / "audit.db")
    with serve("lumen", slow_seconds=1.5) as (lumen, _), serve("northfield") as (north, _):
        config = AuditConfig(sites=(lumen, north), limits=CrawlLimits(delay=0, policy=POLICY), batch_pages=4)
        local = LocalBackend(checker)
        local_run, errors = run_audit(db, config, local, checker.evidence.version)
        local.close()
        assert errors == []
        with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster:
            remote = DaskBackend(checker.evidence, address=cluster.scheduler_address)
            dask_run, errors = run_audit(db, config, remote, checker.evidence.version)
            remote.close()
        assert errors == []
    local_claims = _claims(db, local_run, (lumen, north))
    assert len(local_claims) > 20
    assert _claims(db, dask_run, (lumen, north)) == local_claims
    assert db.summary(dask_run) == db.summary(local_run)
