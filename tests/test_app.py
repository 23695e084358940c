"""The check & review page under AppTest with the real models: check, decide, reopen, filter, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claimcheck.reviews import ReviewStore
from claimcheck.types import Action, Label

from .app_helpers import button, html_of, new_app
from .conftest import SEED_004, seed
from .documents import docx_bytes

pytestmark = pytest.mark.e2e


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "reviews.db"
    monkeypatch.setenv("CLAIMCHECK_DB", str(path))
    return path


def paste_and_check(at: AppTest, text: str, name: str = "") -> AppTest:
    at.text_input(key="doc_name").set_value(name)
    at.text_area(key="pasted").set_value(text)
    button(at, "Check text").click().run()
    assert not at.exception, at.exception
    return at


def test_empty_app_shows_the_check_form(db: Path) -> None:
    at = new_app()
    assert at.title[0].value == "Check a text"
    assert at.text_area(key="pasted").value == ""
    assert at.sidebar.text_input(key="reviewer").value == "Ana Reviewer"
    assert [t.label for t in at.tabs] == ["Paste text", "Upload a file", "Web address"]
    assert not at.metric


def test_seed_is_checked_stored_and_shown(db: Path) -> None:
    at = paste_and_check(new_app(), seed(SEED_004), "clinic page 004")
    review_id = int(at.query_params["review"])
    stored = ReviewStore(db).get(review_id)
    assert stored.reviewer == "Ana Reviewer" and stored.source == "clinic page 004" and stored.evidence_version
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Unsupported"]) >= 4 and metrics["Decided"] == f"0 of {len(stored.report.verdicts)}"
    page = html_of(at)
    assert 'class="cc-unsupported"' in page and "[#1 " in page
    assert page.count('<article class="claim') == len(stored.report.verdicts)
    assert "does not have any side effects" in page
    assert {b.label for b in at.get("download_button")} == {"Download HTML report", "Download CSV", "Download JSON"}


def test_override_needs_a_note_and_is_kept_after_reopening(db: Path) -> None:
    at = paste_and_check(new_app(), seed(SEED_004))
    review_id = int(at.query_params["review"])
    verdict = ReviewStore(db).get(review_id).report.verdicts[0]
    key = f"{review_id}-0"
    other = next(label for label in Label if label != verdict.label)

    at.selectbox(key=f"label-{key}").set_value(other.value)
    button(at, "Override", f"decide-{key}").click().run()
    assert any("note" in e.value for e in at.error)
    assert ReviewStore(db).decisions(review_id) == {}

    at.text_input(key=f"note-{key}").set_value("The clinic cites its own trial; wording is fair.")
    button(at, "Override", f"decide-{key}").click().run()
    assert not at.error
    button(at, "Accept verdict", f"decide-{review_id}-1").click().run()
    kept = ReviewStore(db).decisions(review_id)
    assert kept[0].action == Action.OVERRIDDEN and kept[0].label == other and kept[0].reviewer == "Ana Reviewer"
    assert kept[1].action == Action.ACCEPTED

    reopened = AppTest.from_file(at._script_path, default_timeout=240)  # a new session, as after a restart
    reopened.query_params["review"] = str(review_id)
    reopened.run()
    assert reopened.title[0].value == f"Review #{review_id}"
    page = html_of(reopened)
    assert f"overrode the verdict to {other.value}" in page and "The clinic cites its own trial; wording is fair." in page
    assert f"[#1 {other.value}, reviewer; tool: {verdict.label.value}]" in page
    assert {m.label: m.value for m in reopened.metric}["Decided"].startswith("2 of")


def test_filters_by_verdict_type_and_decision(db: Path) -> None:
    at = paste_and_check(new_app(), seed(SEED_004))
    verdicts = ReviewStore(db).get(int(at.query_params["review"])).report.verdicts
    at.multiselect(key="filter-verdict").set_value(["supported"]).run()
    assert html_of(at).count('<article class="claim') == sum(v.label == Label.SUPPORTED for v in verdicts)
    at.multiselect(key="filter-verdict").set_value([]).run()
    at.multiselect(key="filter-type").set_value(["safety"]).run()
    assert html_of(at).count('<article class="claim') == sum(any(t.value == "safety" for t in v.claim.types) for v in verdicts)
    at.multiselect(key="filter-type").set_value([]).run()
    at.radio(key="filter-status").set_value("decided").run()
    assert '<article class="claim' not in html_of(at)


def test_jurisdiction_changes_the_cited_rules(db: Path) -> None:
    at = new_app()
    at.selectbox(key="jurisdiction").set_value("uk").run()
    paste_and_check(at, "Exosome therapy has no side effects.")
    page = html_of(at)
    assert "[UK]" in page and "[US]" not in page


def test_empty_text_is_refused_and_nothing_is_stored(db: Path) -> None:
    at = paste_and_check(new_app(), "   ")
    assert any("empty" in e.value for e in at.error)
    assert "review" not in at.query_params and ReviewStore(db).summaries() == []


def test_docx_upload_is_checked(db: Path) -> None:
    at = new_app()
    data = docx_bytes(["Exosome facial", "Our exosome facial has no side effects and results last for years."])
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    at.file_uploader(key="upload").set_value(("draft.docx", data, mime))
    button(at, "Check file").click().run()
    assert not at.exception and not at.error
    stored = ReviewStore(db).get(int(at.query_params["review"]))
    assert stored.source == "draft.docx" and stored.report.verdicts


def test_unknown_review_link_says_so(db: Path) -> None:
    at = AppTest.from_file(new_app()._script_path, default_timeout=60)
    at.query_params["review"] = "4242"
    at.run()
    assert any("no review" in e.value and "4242" in e.value for e in at.error)
