"""Crawling, storage, resume, reports and diffs of site audits, against real fixture sites
served on 127.0.0.1 and a real SQLite file (fast hashing embedder; real spaCy)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.audit import LocalBackend, run_audit
from claimcheck.audit_db import AuditDB
from claimcheck.audit_report import diff_runs, load_frames, risk_score, write_report
from claimcheck.cli import app
from claimcheck.crawl import SiteCrawler, canonical_url, sitemap_urls
from claimcheck.types import AuditConfig, CrawlLimits, FetchPolicy
from tests.sites.server import SITES, SiteState, serve

POLICY = FetchPolicy(allow_hosts=("127.0.0.1",), timeout=0.5, max_bytes=200_000, retries=1, backoff=0.01)
LIMITS = CrawlLimits(delay=0.0, policy=POLICY)


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[str, SiteState, str, SiteState]]:
    with serve("lumen", slow_seconds=1.2) as (lumen, lstate), serve("northfield") as (north, nstate):
        yield lumen, lstate, north, nstate


@pytest.fixture
def backend(fast_checker) -> Iterator[LocalBackend]:  # type: ignore[no-untyped-def]
    local = LocalBackend(fast_checker)
    yield local
    local.close()


def _audit(db: AuditDB, backend: LocalBackend, config: AuditConfig, resume: int | None = None) -> int:
    run_id, errors = run_audit(db, config, backend, "test", resume=resume)
    assert errors == []
    return run_id


def test_canonical_url() -> None:
    assert canonical_url("HTTPS://Clinic.Example:443/a/../b/./c?utm_source=x&b=2&a=1#top") == "https://clinic.example/b/c?a=1&b=2"
    assert canonical_url("http://clinic.example") == "http://clinic.example/"
    assert canonical_url("http://clinic.example:8080/x?fbclid=1") == "http://clinic.example:8080/x"


def test_sitemap_relative_and_index() -> None:
    pages, nested = sitemap_urls(b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>/a.html</loc></url></urlset>", "http://c.example/sitemap.xml")
    assert pages == ["http://c.example/a.html"] and nested == []
    pages, nested = sitemap_urls(b"<sitemapindex><sitemap><loc>http://c.example/s2.xml</loc></sitemap></sitemapindex>", "http://c.example/s.xml")
    assert pages == [] and nested == ["http://c.example/s2.xml"]
    bomb = b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><urlset><url><loc>/x&b;</loc></url></urlset>'
    assert all("aaaaaaaaaa" not in u for u in sitemap_urls(bomb, "http://c.example/")[0])


def test_crawl_obeys_robots_limits_and_stays_on_site(sites: tuple[str, SiteState, str, SiteState]) -> None:
    lumen, state, _, _ = sites
    pages = list(SiteCrawler(lumen, LIMITS))
    by_path = {p.url.removeprefix(lumen): p for p in pages}
    assert by_path["/private/staff.html"].error == "robots" and "/private/staff.html" not in state.hits
    assert by_path["/news/exosome-offer.html"].error is None, "pages listed only in the sitemap are crawled"
    assert "/about.html?utm_source=home" not in by_path and list(by_path).count("/about.html") == 1
    assert by_path["/treatments/exosome-facial-print.html"].error == "duplicate"
    assert all(p.url.startswith(lumen) for p in pages), "links to other sites are not followed"
    assert [by_path[p].error for p in ("/broken.html", "/loop-a", "/huge.html", "/slow.html", "/logo.png")] == [
        "http_status", "redirect_loop", "too_large", "timeout", "content_type"]
    assert by_path["/flaky.html"].error is None
    shallow = list(SiteCrawler(lumen, LIMITS.model_copy(update={"depth": 0})))
    assert [p.url for p in shallow] == [lumen + "/"]
    capped = [p for p in SiteCrawler(lumen, LIMITS.model_copy(update={"max_pages": 4})) if p.error != "robots"]
    assert len(capped) == 4


def test_audit_stores_pages_and_claims(tmp_path: Path, sites: tuple[str, SiteState, str, SiteState], backend: LocalBackend) -> None:
    lumen, _, north, _ = sites
    db = AuditDB(tmp_path / "audit.db")
    run_id = _audit(db, backend, AuditConfig(sites=(lumen, north), limits=LIMITS, batch_pages=3))
    summary = db.summary(run_id)
    assert summary["sites"] == 2 and summary["pages"] == 21 and summary["checked"] == 13
    assert summary["failures"] == {"duplicate": 2, "robots": 1, "http_status": 1, "redirect_loop": 1, "too_large": 1, "timeout": 1, "content_type": 1}
    assert summary["claims"]["unsupported"] > 10
    conn = sqlite3.connect(tmp_path / "audit.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT status FROM runs").fetchone()[0] == "done"
    reasons, evidence = conn.execute(
        "SELECT reasons, evidence_ids FROM claims WHERE text LIKE '%no side effects%' AND verdict = 'unsupported'").fetchone()
    assert json.loads(reasons)[0]["code"] and json.loads(evidence)
    notices, words = conn.execute("SELECT notices, words FROM pages WHERE url LIKE '%cp1252%'").fetchone()
    assert "windows-1252" in notices and words > 20
    sentence = conn.execute("SELECT sentence FROM claims c JOIN pages p ON p.id = c.page_id WHERE p.url LIKE '%cp1252%' AND c.text LIKE '%eczema%'").fetchone()
    assert sentence and "“miracle”" in sentence[0]
    message = conn.execute("SELECT message FROM pages WHERE error = 'robots'").fetchone()[0]
    assert "robots.txt" in message


def test_resume_fetches_only_missing_pages(tmp_path: Path, sites: tuple[str, SiteState, str, SiteState], backend: LocalBackend) -> None:
    _, _, north, nstate = sites
    db = AuditDB(tmp_path / "audit.db")
    run_id = _audit(db, backend, AuditConfig(sites=(north,), limits=LIMITS))
    before = {r[0]: r[1] for r in db.conn.execute("SELECT url, (SELECT COUNT(*) FROM claims c WHERE c.page_id = p.id) FROM pages p")}
    # As if the audit had been killed after its first page: the other pages and the run are unfinished.
    with db.conn:
        db.conn.execute("DELETE FROM claims WHERE page_id IN (SELECT id FROM pages WHERE url != ?)", (north + "/",))
        db.conn.execute("DELETE FROM pages WHERE url != ?", (north + "/",))
        db.conn.execute("UPDATE sites SET status = 'pending'")
        db.conn.execute("UPDATE runs SET status = 'running'")
    assert db.unfinished_run() == run_id
    hits = len(nstate.hits)
    config = AuditConfig.model_validate(db.run_config(run_id))
    _audit(db, backend, config, resume=run_id)
    refetched = nstate.hits[hits:]
    assert "/" not in refetched and sorted(p for p in refetched if p.endswith(".html")) == ["/exosome-hair.html", "/prices.html"]
    after = {r[0]: r[1] for r in db.conn.execute("SELECT url, (SELECT COUNT(*) FROM claims c WHERE c.page_id = p.id) FROM pages p")}
    assert after == before
    assert db.unfinished_run() is None


def test_saved_pages_mode(tmp_path: Path, backend: LocalBackend) -> None:
    folder, other = tmp_path / "archive", tmp_path / "archive-2"
    shutil.copytree(SITES / "northfield", folder)
    shutil.copy(folder / "prices.html", folder / "prices-copy.html")
    other.mkdir()
    (other / "index.html").write_text("<html><body><p>Our exosome serum regrows hair in every client.</p></body></html>")
    db = AuditDB(tmp_path / "audit.db")
    run_id = _audit(db, backend, AuditConfig(from_dirs=(str(folder), str(other))))
    rows = dict(db.conn.execute("SELECT url, error FROM pages WHERE run_id = ?", (run_id,)).fetchall())
    uri = {name: (folder / name).resolve().as_uri() for name in ("exosome-hair.html", "index.html", "prices-copy.html", "prices.html")}
    expected = {uri["exosome-hair.html"]: None, uri["index.html"]: None, uri["prices-copy.html"]: None, uri["prices.html"]: "duplicate"}
    assert rows == {**expected, (other / "index.html").resolve().as_uri(): None}, "two archives may both hold an index.html"
    assert db.summary(run_id)["claims"]


def test_report_and_frames(tmp_path: Path, sites: tuple[str, SiteState, str, SiteState], backend: LocalBackend) -> None:
    lumen, _, north, _ = sites
    db_path = tmp_path / "audit.db"
    _audit(AuditDB(db_path), backend, AuditConfig(sites=(north, lumen), limits=LIMITS))
    frames = load_frames(db_path)
    site_rows = frames["sites"]
    assert list(site_rows["site"]) == [lumen + "/", north + "/"], "ranked by risk, worst first"
    top = site_rows.iloc[0]
    assert top["risk"] == risk_score(top["unsupported"], top["overstated"], top["claims"]) > 0
    assert {"url", "error", "content_hash", "fetched_at", "unsupported"} <= set(frames["pages"].columns)
    written = write_report(db_path, tmp_path / "out")
    assert {p.name for p in written} == {f"{n}.{s}" for n in ("sites", "pages", "claims") for s in ("csv", "parquet")} | {"report.html"}
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 3 and "src=" not in page and "<link" not in page
    assert "Worst pages" in page and "redirect_loop" in page and "&lt;" not in frames["claims"]["text"].str.cat()


def test_diff_between_runs(tmp_path: Path, backend: LocalBackend) -> None:
    folder = tmp_path / "northfield"
    shutil.copytree(SITES / "northfield", folder)
    db_path = tmp_path / "audit.db"
    db = AuditDB(db_path)
    with serve(folder) as (base, _):
        config = AuditConfig(sites=(base,), limits=LIMITS)
        first = _audit(db, backend, config)
        page = folder / "exosome-hair.html"
        page.write_text(page.read_text().replace("It is more effective than minoxidil and finasteride, and the new hair lasts forever.",
                                                 "Our serum is guaranteed to stop all hair loss within a week."))
        second = _audit(db, backend, config)
    changes = diff_runs(db_path, first, second)
    assert set(changes["change"]) == {"added", "removed"}
    assert any("guaranteed to stop" in t for t in changes[changes["change"] == "added"]["text"])
    assert any("minoxidil" in t for t in changes[changes["change"] == "removed"]["text"])
    result = CliRunner().invoke(app, ["audit", "diff", str(first), str(second), "--db", str(db_path)])
    assert result.exit_code == 0 and "added" in result.output and base in result.output


def test_cli_report_and_errors(tmp_path: Path, backend: LocalBackend) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["audit", "report", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "no such audit database" in missing.output
    bad = runner.invoke(app, ["audit", "not-a-url", "--db", str(tmp_path / "a.db")])
    assert bad.exit_code == 2 and "not a URL" in bad.output
    nothing = runner.invoke(app, ["audit", "run", "--resume", "--db", str(tmp_path / "a.db")])
    assert nothing.exit_code == 2 and "no unfinished run" in nothing.output
    db = AuditDB(tmp_path / "b.db")
    run_id = _audit(db, backend, AuditConfig(from_dirs=(str(SITES / "northfield"),)))
    ok = runner.invoke(app, ["audit", "report", "--db", str(tmp_path / "b.db"), "--out", str(tmp_path / "o"), "--run", str(run_id)])
    assert ok.exit_code == 0 and "report.html" in ok.output
