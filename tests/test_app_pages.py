"""History and evidence pages under AppTest (reviews made with the fast checker, no MiniLM)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claimcheck.ingest import from_text
from claimcheck.reviews import ReviewStore
from claimcheck.types import Action, Label

from .app_helpers import button, html_of, new_app


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewStore:
    path = tmp_path / "reviews.db"
    monkeypatch.setenv("CLAIMCHECK_DB", str(path))
    return ReviewStore(path)


def _review(store: ReviewStore, checker, text: str, source: str, reviewer: str) -> int:
    doc = from_text(text, source)
    return store.create(doc, checker.check_document(doc, "uk"), reviewer, "uk").id


def _history(at: AppTest) -> AppTest:
    at.switch_page("claimcheck/ui/pages/history.py").run()
    assert not at.exception, at.exception
    return at


def test_history_is_empty_at_first(store: ReviewStore) -> None:
    at = _history(new_app())
    assert at.title[0].value == "History"
    assert any("No reviews yet" in i.value for i in at.info)


def test_history_lists_searches_and_reopens_as_decided(store: ReviewStore, fast_checker) -> None:
    first = _review(store, fast_checker, "Our exosome facial has no side effects.", "facial ad.txt", "Ana")
    second = _review(store, fast_checker, "Exosome treatment is FDA approved.", "clinic page", "Ben")
    verdict = store.get(first).report.verdicts[0]
    other = next(label for label in Label if label != verdict.label)
    store.decide(first, 0, Action.OVERRIDDEN, "Ana", label=other, note="Adverse events are on record.")

    at = _history(new_app())
    table = at.dataframe[0].value
    assert list(table["review"]) == [first, second]  # the decided one changed last
    assert list(table["decided"]) == [1, 0] and table["link"][0] == f"./?review={first}"

    at.text_input(key="history-search").set_value("ben").run()
    assert list(at.dataframe[0].value["review"]) == [second]
    at.text_input(key="history-search").set_value("").run()

    at.selectbox(key="history-choice").set_value(first)
    button(at, "Open review").click().run()
    assert not at.exception
    assert at.query_params["review"] == str(first)
    assert at.title[0].value == f"Review #{first}"
    page = html_of(at)
    assert f"overrode the verdict to {other.value}" in page and "Adverse events are on record." in page


def test_evidence_browser_searches_entries_and_rules(store: ReviewStore, evidence_base) -> None:
    at = new_app()
    at.switch_page("claimcheck/ui/pages/evidence.py").run()
    assert not at.exception and at.title[0].value == "Evidence"
    assert len(at.expander) == len(evidence_base.entries) + len(evidence_base.rules)

    at.text_input(key="evidence-search").set_value("granuloma").run()
    expected = [e for e in evidence_base.entries if "granuloma" in (e.statement + e.title + " ".join(e.caveats)).lower()]
    shown = [x for x in at.expander if not x.label.startswith("[")]
    assert expected and len(shown) >= len(expected)
    body = html_of(at)
    assert "Sources" in body and "Reviewed on" in body and "https://" in body

    at.multiselect(key="rules-jurisdiction").set_value(["uk"]).run()
    rules = [x.label for x in at.expander if x.label.startswith("[")]
    assert rules and all(label.startswith("[UK]") for label in rules)
    assert len(rules) == sum(r.jurisdiction.value == "uk" for r in evidence_base.rules)


@pytest.fixture()
def audit_db(tmp_path: Path, fast_checker) -> Path:
    from claimcheck.audit import LocalBackend, run_audit
    from claimcheck.audit_db import AuditDB
    from claimcheck.types import AuditConfig

    from .sites.server import SITES

    # Saved-pages mode keys pages by file name, so the second site's files get their own names.
    folders = [tmp_path / "lumen", tmp_path / "northfield"]
    shutil.copytree(SITES / "lumen", folders[0])
    folders[1].mkdir()
    for page in (SITES / "northfield").glob("*.html"):
        shutil.copy(page, folders[1] / f"northfield-{page.name}")
    path = tmp_path / "audit.db"
    backend = LocalBackend(fast_checker)
    try:
        for _ in range(2):  # two runs, to pick from
            run_audit(AuditDB(path), AuditConfig(from_dirs=tuple(str(f) for f in folders)), backend, "test")
    finally:
        backend.close()
    return path


def test_audits_page_ranks_sites_and_charts_verdicts(store: ReviewStore, audit_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimcheck.audit_report import load_frames

    monkeypatch.setenv("CLAIMCHECK_AUDIT_DB", str(audit_db))
    expected = load_frames(audit_db)
    at = new_app()
    at.switch_page("claimcheck/ui/pages/audits.py").run()
    assert not at.exception and at.title[0].value == "Audits"
    assert at.selectbox(key="audit-run").options[0].startswith("run 2")
    sites, pages = at.dataframe[0].value, at.dataframe[1].value
    assert list(sites["site"]) == list(expected["sites"]["site"]) and len(sites) == 2
    assert list(sites["risk"]) == sorted(sites["risk"], reverse=True)
    assert len(pages) == len(expected["pages"])
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")

    at.selectbox(key="audit-run").set_value(1).run()
    assert not at.exception and len(at.dataframe[0].value) == 2
    at.multiselect(key="audit-sites").set_value([sites["site"][0]]).run()
    assert set(at.dataframe[1].value["site"]) == {sites["site"][0]}


def test_audits_page_explains_a_missing_database(store: ReviewStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMCHECK_AUDIT_DB", str(tmp_path / "none.db"))
    at = new_app()
    at.switch_page("claimcheck/ui/pages/audits.py").run()
    assert any("no such audit database" in e.value for e in at.error)
