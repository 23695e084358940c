"""SQLite storage for site audits: runs, sites, pages and claims.

Each page is written with all its claims in one transaction, so a killed audit leaves
only whole pages behind; ``UNIQUE(run_id, url)`` on pages and ``UNIQUE(page_id, idx)`` on
claims make a resumed run unable to store a page or claim twice. WAL mode lets the
report and the app read the database while an audit is writing it. Only the driver
process writes (workers return results to it).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

from claimcheck.types import PageCheck, PageFetch

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'done')),
    config TEXT NOT NULL,
    claimcheck_version TEXT NOT NULL,
    evidence_version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sites (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    url TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
    UNIQUE (run_id, url)
);
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    site_id INTEGER NOT NULL REFERENCES sites(id),
    url TEXT NOT NULL,
    depth INTEGER NOT NULL,
    final_url TEXT,
    status INTEGER,
    content_type TEXT,
    fetched_at TEXT NOT NULL,
    content_hash TEXT,
    error TEXT,
    message TEXT,
    words INTEGER NOT NULL DEFAULT 0,
    links TEXT NOT NULL DEFAULT '[]',
    notices TEXT NOT NULL DEFAULT '[]',
    UNIQUE (run_id, url)
);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    site_id INTEGER NOT NULL REFERENCES sites(id),
    page_id INTEGER NOT NULL REFERENCES pages(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    sentence TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    types TEXT NOT NULL,
    verdict TEXT NOT NULL,
    confidence REAL NOT NULL,
    reasons TEXT NOT NULL,
    evidence_ids TEXT NOT NULL,
    rule_ids TEXT NOT NULL,
    suggestion TEXT,
    UNIQUE (page_id, idx)
);
CREATE INDEX IF NOT EXISTS pages_site ON pages(site_id);
CREATE INDEX IF NOT EXISTS claims_run ON claims(run_id, site_id);
"""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class AuditDB:
    """One audit database file; every write method commits before it returns."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.conn = sqlite3.connect(self.path, timeout=30)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.executescript(_SCHEMA)
        self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    def new_run(self, config: dict[str, Any], claimcheck_version: str, evidence_version: str) -> int:
        with self.conn:
            cur = self.conn.execute(
                "INSERT INTO runs (started_at, status, config, claimcheck_version, evidence_version) VALUES (?, 'running', ?, ?, ?)",
                (_now(), json.dumps(config, sort_keys=True), claimcheck_version, evidence_version),
            )
        return int(cur.lastrowid or 0)

    def unfinished_run(self) -> int | None:
        row = self.conn.execute("SELECT id FROM runs WHERE status = 'running' ORDER BY id DESC LIMIT 1").fetchone()
        return int(row["id"]) if row else None

    def run(self, run_id: int) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()  # type: ignore[no-any-return]

    def run_config(self, run_id: int) -> dict[str, Any]:
        row = self.run(run_id)
        if row is None:
            raise KeyError(run_id)
        return json.loads(row["config"])  # type: ignore[no-any-return]

    def finish_run(self, run_id: int) -> None:
        with self.conn:
            self.conn.execute("UPDATE runs SET status = 'done', finished_at = ? WHERE id = ?", (_now(), run_id))

    def site_id(self, run_id: int, url: str) -> int:
        with self.conn:
            self.conn.execute("INSERT OR IGNORE INTO sites (run_id, url) VALUES (?, ?)", (run_id, url))
        row = self.conn.execute("SELECT id FROM sites WHERE run_id = ? AND url = ?", (run_id, url)).fetchone()
        return int(row["id"])

    def finish_site(self, site_id: int) -> None:
        with self.conn:
            self.conn.execute("UPDATE sites SET status = 'done' WHERE id = ?", (site_id,))

    def site_done(self, site_id: int) -> bool:
        row = self.conn.execute("SELECT status FROM sites WHERE id = ?", (site_id,)).fetchone()
        return bool(row) and row["status"] == "done"

    def done_pages(self, site_id: int) -> dict[str, PageFetch]:
        """The pages already stored for a site (no bodies), keyed by URL, for resuming."""
        rows = self.conn.execute("SELECT p.*, s.url AS site FROM pages p JOIN sites s ON s.id = p.site_id WHERE p.site_id = ?", (site_id,))
        return {
            r["url"]: PageFetch(
                site=r["site"], url=r["url"], depth=r["depth"], final_url=r["final_url"], status=r["status"],
                content_type=r["content_type"], fetched_at=dt.datetime.fromisoformat(r["fetched_at"]),
                content_hash=r["content_hash"], error=r["error"], message=r["message"], links=tuple(json.loads(r["links"])),
            )
            for r in rows
        }

    def write_page(self, run_id: int, site_id: int, page: PageFetch, check: PageCheck | None = None) -> int:
        """Store one page and all its claims in a single transaction; returns the page id."""
        error, message = (check.error, check.message) if check and check.error else (page.error, page.message)
        report = check.report if check else None
        with self.conn:
            cur = self.conn.execute(
                "INSERT INTO pages (run_id, site_id, url, depth, final_url, status, content_type, fetched_at, content_hash,"
                " error, message, words, links, notices) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, site_id, page.url, page.depth, page.final_url, page.status, page.content_type,
                 page.fetched_at.isoformat(timespec="seconds"), page.content_hash, error, message,
                 check.words if check else 0, json.dumps(list(page.links)), json.dumps(list(report.notices) if report else [])),
            )
            page_id = int(cur.lastrowid or 0)
            for idx, v in enumerate(report.verdicts if report else ()):
                c = v.claim
                self.conn.execute(
                    "INSERT INTO claims (run_id, site_id, page_id, idx, text, sentence, start, \"end\", line, col, types, verdict,"
                    " confidence, reasons, evidence_ids, rule_ids, suggestion) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (run_id, site_id, page_id, idx, c.text, c.sentence, c.start, c.end, c.line, c.col,
                     json.dumps([t.value for t in c.types]), v.label.value, v.confidence,
                     json.dumps([r.model_dump() for r in v.reasons]), json.dumps([e.id for e in v.evidence]),
                     json.dumps([r.id for r in v.rules]), v.suggestion),
                )
        return page_id

    def summary(self, run_id: int) -> dict[str, Any]:
        """Counts for the end-of-run summary: sites, pages, failures by reason, claims by verdict."""
        one = self.conn.execute
        return {
            "sites": one("SELECT COUNT(*) FROM sites WHERE run_id = ?", (run_id,)).fetchone()[0],
            "pages": one("SELECT COUNT(*) FROM pages WHERE run_id = ?", (run_id,)).fetchone()[0],
            "checked": one("SELECT COUNT(*) FROM pages WHERE run_id = ? AND error IS NULL", (run_id,)).fetchone()[0],
            "failures": dict(one("SELECT error, COUNT(*) FROM pages WHERE run_id = ? AND error IS NOT NULL GROUP BY error ORDER BY 2 DESC", (run_id,)).fetchall()),
            "claims": dict(one("SELECT verdict, COUNT(*) FROM claims WHERE run_id = ? GROUP BY verdict ORDER BY 2 DESC", (run_id,)).fetchall()),
        }
