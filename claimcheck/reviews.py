"""The reviewer's record: every check and every decision, kept in one SQLite file.

The file is ``$CLAIMCHECK_DB`` when set, else ``$XDG_DATA_HOME/claimcheck/reviews.db``
(``~/.local/share/claimcheck/reviews.db``). Each write is its own committed
transaction, so closing the browser or restarting the app loses nothing already decided.

A review keeps the report twice: ``report_json`` is the versioned contract of
:func:`claimcheck.report.to_dict` (stable, for other tools reading the file), and
``report_model`` is the typed :class:`~claimcheck.types.Report`, from which a reopened
review is shown exactly as it was decided, without checking the text again.
Decisions are an append-only log; the latest one per claim is the current decision.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimcheck.errors import ClaimcheckError
from claimcheck.report import to_dict
from claimcheck.types import Action, Decision, Document, Label, Report, Review, ReviewSummary

__all__ = ["DB_ENV", "SCHEMA_VERSION", "ReviewError", "ReviewStore", "default_db_path"]

DB_ENV = "CLAIMCHECK_DB"
SCHEMA_VERSION = 1
_MAX_REVIEWER = 100

_SCHEMA = """
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    evidence_version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    n_claims INTEGER NOT NULL,
    n_supported INTEGER NOT NULL,
    n_overstated INTEGER NOT NULL,
    n_unsupported INTEGER NOT NULL,
    report_json TEXT NOT NULL,
    report_model TEXT NOT NULL
);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    claim_index INTEGER NOT NULL,
    claim_start INTEGER NOT NULL,
    claim_end INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('accepted', 'overridden')),
    label TEXT NOT NULL CHECK (label IN ('supported', 'overstated', 'unsupported')),
    note TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    CHECK (action = 'accepted' OR length(trim(note)) > 0)
);
CREATE INDEX decisions_by_claim ON decisions (review_id, claim_index, id);
"""


class ReviewError(ClaimcheckError):
    """A review that cannot be stored, found or decided as asked; the message says why."""


def default_db_path() -> Path:
    """``$CLAIMCHECK_DB``, else the per-user data directory."""
    configured = os.environ.get(DB_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return Path(data_home) / "claimcheck" / "reviews.db"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _reviewer(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ReviewError("a reviewer name is required")
    if len(cleaned) > _MAX_REVIEWER:
        raise ReviewError(f"a reviewer name is at most {_MAX_REVIEWER} characters")
    return cleaned


class ReviewStore:
    """Reviews and decisions in one SQLite file; safe to share between threads (one connection per call)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                self._migrate(db)
        except sqlite3.DatabaseError as exc:
            raise ReviewError(f"{self.path}: not a usable review database: {exc}") from exc
        except OSError as exc:
            raise ReviewError(f"{self.path}: cannot create the review database: {exc.strerror or exc}") from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            with db:  # one transaction, committed on success, rolled back on error
                yield db
        finally:
            db.close()

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ReviewError(f"{self.path}: written by a newer ClaimCheck (schema {version}; this one knows {SCHEMA_VERSION})")
        # WAL lets the History page read while another session writes a decision.
        db.execute("PRAGMA journal_mode = WAL")
        if version == 0:
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def create(self, doc: Document, report: Report, reviewer: str, jurisdiction: str) -> Review:
        """Store a fresh check of ``doc``; returns the review with its new id."""
        name, now = _reviewer(reviewer), _now()
        counts = report.summary()
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO reviews (source, kind, text, reviewer, jurisdiction, evidence_version, created_at, updated_at,"
                " n_claims, n_supported, n_overstated, n_unsupported, report_json, report_model)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.source, doc.kind, doc.text, name, jurisdiction, report.evidence_version, now.isoformat(),
                    now.isoformat(), len(report.verdicts), counts["supported"], counts["overstated"],
                    counts["unsupported"], json.dumps(to_dict([report]), ensure_ascii=False), report.model_dump_json(),
                ),
            )  # fmt: skip
            review_id = cursor.lastrowid
        if review_id is None:
            raise ReviewError(f"{self.path}: the review was not stored")
        return self.get(review_id)

    def get(self, review_id: int) -> Review:
        with self._connect() as db:
            row = db.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            raise ReviewError(f"no review #{review_id} in {self.path}")
        return Review(
            **_header(row),
            kind=row["kind"],
            text=row["text"],
            report=Report.model_validate_json(row["report_model"]),
        )

    def summaries(self, search: str = "", limit: int = 500) -> list[ReviewSummary]:
        """Reviews newest first; ``search`` matches the source or the reviewer (case-insensitive)."""
        escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        with self._connect() as db:
            rows = db.execute(
                "SELECT r.*, (SELECT COUNT(DISTINCT claim_index) FROM decisions d WHERE d.review_id = r.id) AS decided"
                " FROM reviews r WHERE r.source LIKE ? ESCAPE '\\' OR r.reviewer LIKE ? ESCAPE '\\'"
                " ORDER BY r.updated_at DESC, r.id DESC LIMIT ?",
                (pattern, pattern, limit),
            ).fetchall()
        return [
            ReviewSummary(
                **_header(row),
                claims=row["n_claims"],
                decided=row["decided"],
                counts={label.value: row[f"n_{label.value}"] for label in Label},
            )
            for row in rows
        ]

    def decide(
        self, review_id: int, claim_index: int, action: Action, reviewer: str, label: Label | None = None, note: str = ""
    ) -> Decision:
        """Record a decision at once. Accepting keeps the tool's label; overriding needs another label and a note."""
        verdicts = self.get(review_id).report.verdicts
        if not 0 <= claim_index < len(verdicts):
            raise ReviewError(f"review #{review_id} has no claim {claim_index} (it has {len(verdicts)})")
        verdict = verdicts[claim_index]
        if action == Action.ACCEPTED:
            label = verdict.label
        elif label is None or label == verdict.label:
            raise ReviewError(f"an override needs a label other than the tool's {verdict.label.value!r}")
        elif not note.strip():
            raise ReviewError("an override needs a note saying why the verdict is wrong")
        decision = Decision(
            review_id=review_id,
            claim_index=claim_index,
            start=verdict.claim.start,
            end=verdict.claim.end,
            action=action,
            label=label,
            note=note.strip(),
            reviewer=_reviewer(reviewer),
            decided_at=_now(),
        )
        with self._connect() as db:
            db.execute(
                "INSERT INTO decisions"
                " (review_id, claim_index, claim_start, claim_end, action, label, note, reviewer, decided_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    review_id, claim_index, decision.start, decision.end, decision.action.value, decision.label.value,
                    decision.note, decision.reviewer, decision.decided_at.isoformat(),
                ),
            )  # fmt: skip
            db.execute("UPDATE reviews SET updated_at = ? WHERE id = ?", (decision.decided_at.isoformat(), review_id))
        return decision

    def log(self, review_id: int) -> list[Decision]:
        """Every decision ever made on the review, oldest first (the audit trail)."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM decisions WHERE review_id = ? ORDER BY id", (review_id,)).fetchall()
        return [
            Decision(
                review_id=row["review_id"],
                claim_index=row["claim_index"],
                start=row["claim_start"],
                end=row["claim_end"],
                action=Action(row["action"]),
                label=Label(row["label"]),
                note=row["note"],
                reviewer=row["reviewer"],
                decided_at=dt.datetime.fromisoformat(row["decided_at"]),
            )
            for row in rows
        ]

    def decisions(self, review_id: int) -> dict[int, Decision]:
        """The current decision per claim index (the latest one recorded)."""
        return {d.claim_index: d for d in self.log(review_id)}


def _header(row: sqlite3.Row) -> dict[str, Any]:
    """The fields a stored review and its summary share."""
    return {
        "id": row["id"],
        "source": row["source"],
        "reviewer": row["reviewer"],
        "jurisdiction": row["jurisdiction"],
        "evidence_version": row["evidence_version"],
        "created_at": dt.datetime.fromisoformat(row["created_at"]),
        "updated_at": dt.datetime.fromisoformat(row["updated_at"]),
    }
