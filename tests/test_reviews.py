"""The review store on a real SQLite file: storage, reopening, decisions and their rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimcheck.ingest import from_text
from claimcheck.reviews import SCHEMA_VERSION, ReviewError, ReviewStore, default_db_path
from claimcheck.types import Action, Label

TEXT = "Our exosome facial has no side effects.\nResults last for years after a single session.\n"


@pytest.fixture()
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "reviews.db")


@pytest.fixture()
def stored(store: ReviewStore, fast_checker):
    doc = from_text(TEXT, "draft.txt")
    report = fast_checker.check_document(doc, "uk")
    return store.create(doc, report, "Ana Reviewer", "uk")


def test_default_path_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIMCHECK_DB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
    monkeypatch.delenv("CLAIMCHECK_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "claimcheck" / "reviews.db"


def test_schema_is_versioned_and_in_wal_mode(store: ReviewStore) -> None:
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ReviewError, match="newer ClaimCheck"):
        ReviewStore(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database" * 100)
    with pytest.raises(ReviewError, match="not a usable review database"):
        ReviewStore(path)


def test_review_reopens_exactly_as_stored(store: ReviewStore, stored) -> None:
    again = ReviewStore(store.path).get(stored.id)  # a new store object: as after an app restart
    assert again == stored
    assert again.text == TEXT and again.reviewer == "Ana Reviewer" and again.jurisdiction == "uk"
    assert again.evidence_version and again.evidence_version == stored.report.evidence_version
    assert len(again.report.verdicts) >= 2


def test_report_contract_is_stored_beside_the_model(store: ReviewStore, stored) -> None:
    import json

    row = sqlite3.connect(store.path).execute("SELECT report_json FROM reviews WHERE id = ?", (stored.id,)).fetchone()
    contract = json.loads(row[0])
    assert contract["schema_version"] == 2
    assert [c["text"] for c in contract["reports"][0]["claims"]] == [v.claim.text for v in stored.report.verdicts]


def test_missing_review_is_a_clear_error(store: ReviewStore) -> None:
    with pytest.raises(ReviewError, match="no review #99"):
        store.get(99)


def test_accept_keeps_the_tools_label(store: ReviewStore, stored) -> None:
    decision = store.decide(stored.id, 0, Action.ACCEPTED, "Ana Reviewer")
    assert decision.label == stored.report.verdicts[0].label
    assert store.decisions(stored.id) == {0: decision}


def test_override_requires_a_note(store: ReviewStore, stored) -> None:
    other = next(label for label in Label if label != stored.report.verdicts[0].label)
    with pytest.raises(ReviewError, match="note"):
        store.decide(stored.id, 0, Action.OVERRIDDEN, "Ana", label=other, note="   ")
    assert store.decisions(stored.id) == {}


def test_override_requires_a_different_label(store: ReviewStore, stored) -> None:
    same = stored.report.verdicts[0].label
    with pytest.raises(ReviewError, match="other than the tool"):
        store.decide(stored.id, 0, Action.OVERRIDDEN, "Ana", label=same, note="because")


def test_database_refuses_an_override_without_note_too(store: ReviewStore, stored) -> None:
    db = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO decisions (review_id, claim_index, claim_start, claim_end, action, label, note, reviewer, decided_at)"
            " VALUES (?, 0, 0, 1, 'overridden', 'supported', ' ', 'x', '2026-01-01')",
            (stored.id,),
        )


def test_latest_decision_wins_and_the_log_keeps_all(store: ReviewStore, stored) -> None:
    other = next(label for label in Label if label != stored.report.verdicts[1].label)
    store.decide(stored.id, 1, Action.ACCEPTED, "Ana")
    override = store.decide(stored.id, 1, Action.OVERRIDDEN, "Ben", label=other, note="The trial ran 12 weeks only.")
    assert store.decisions(stored.id)[1] == override
    assert [d.action for d in store.log(stored.id)] == [Action.ACCEPTED, Action.OVERRIDDEN]
    assert ReviewStore(store.path).decisions(stored.id)[1].note == "The trial ran 12 weeks only."


def test_claim_index_out_of_range(store: ReviewStore, stored) -> None:
    with pytest.raises(ReviewError, match="has no claim 500"):
        store.decide(stored.id, 500, Action.ACCEPTED, "Ana")


def test_reviewer_name_is_required(store: ReviewStore, stored, fast_checker) -> None:
    with pytest.raises(ReviewError, match="reviewer name"):
        store.decide(stored.id, 0, Action.ACCEPTED, "  ")
    doc = from_text(TEXT, "x.txt")
    with pytest.raises(ReviewError, match="reviewer name"):
        store.create(doc, fast_checker.check_document(doc), "", "all")


def test_summaries_count_decisions_and_search(store: ReviewStore, stored, fast_checker) -> None:
    doc = from_text("PRP cures hair loss for good.", "ad 100%.txt")
    store.create(doc, fast_checker.check_document(doc), "Ben", "all")
    store.decide(stored.id, 0, Action.ACCEPTED, "Ana")
    rows = store.summaries()
    assert [r.source for r in rows] == ["draft.txt", "ad 100%.txt"]  # the decided one was updated last
    first = rows[0]
    assert first.decided == 1 and first.claims == len(stored.report.verdicts)
    assert sum(first.counts.values()) == first.claims
    assert [r.source for r in store.summaries("100%")] == ["ad 100%.txt"]
    assert [r.source for r in store.summaries("ana")] == ["draft.txt"]
    assert store.summaries("_") == []
