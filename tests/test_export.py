"""Exports of a stored review: HTML (escaped, self-contained, printable), CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimcheck.export import marked_html, review_csv, review_html, review_json
from claimcheck.ingest import from_text
from claimcheck.reviews import ReviewStore
from claimcheck.types import Action, Label, Reason

HOSTILE = (
    '<script>alert("x")</script> Our exosome facial has no side effects & heals <b>everything</b>.\n'
    "Results last for years after a single session.\n"
    "Exosome treatment is FDA approved.\n"
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k in {"href", "src"}]


@pytest.fixture()
def decided(tmp_path: Path, fast_checker):
    store = ReviewStore(tmp_path / "r.db")
    doc = from_text(HOSTILE, "hostile <draft>.txt")
    review = store.create(doc, fast_checker.check_document(doc, "uk"), "Ana <Reviewer>", "uk")
    other = next(label for label in Label if label != review.report.verdicts[0].label)
    store.decide(review.id, 0, Action.OVERRIDDEN, "Ana <Reviewer>", label=other, note="Needs <i>context</i> & a source")
    store.decide(review.id, 1, Action.ACCEPTED, "Ana <Reviewer>")
    return review, store.decisions(review.id), other


def test_html_escapes_everything_from_the_text_and_reviewer(decided) -> None:
    review, decisions, _ = decided
    page = review_html(review, decisions)
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags and "b" not in parser.tags and "i" not in parser.tags
    assert "&lt;script&gt;" in page and "Needs &lt;i&gt;context&lt;/i&gt; &amp; a source" in page
    assert "Ana &lt;Reviewer&gt;" in page and "hostile &lt;draft&gt;.txt" in page
    assert all(link.startswith(("#claim-", "http://", "https://")) for link in parser.links), parser.links


def test_html_has_every_claim_with_verdict_decision_evidence_and_sources(decided) -> None:
    review, decisions, other = decided
    page = review_html(review, decisions)
    for i in range(1, len(review.report.verdicts) + 1):
        assert f'id="claim-{i}"' in page and f'href="#claim-{i}"' in page
    first = review.report.verdicts[0]
    assert f"#1 {other.value}, reviewer; tool: {first.label.value}" in page
    assert f"overrode the verdict to {other.value}" in page and "accepted the verdict" in page
    cited = {e.id for v in review.report.verdicts for e in v.evidence}
    assert cited and all(entry_id in page for entry_id in cited)
    assert "[UK]" in page and "Sources" in page and "@media print" in page
    assert review.evidence_version in page


def test_marks_carry_a_text_label_not_only_colour(decided) -> None:
    review, _, _ = decided
    marked = marked_html(review.text, review.report.verdicts, {})
    assert marked.count("<mark ") >= 2
    assert f"[#1 {review.report.verdicts[0].label.value}]" in marked
    assert "&lt;script&gt;" in marked


def test_csv_has_one_row_per_claim_with_decisions(decided) -> None:
    review, decisions, other = decided
    rows = list(csv.DictReader(io.StringIO(review_csv(review, decisions))))
    assert len(rows) == len(review.report.verdicts)
    assert rows[0]["decision"] == "overridden" and rows[0]["reviewer_label"] == other.value
    assert rows[0]["note"] == "Needs <i>context</i> & a source"
    assert rows[1]["decision"] == "accepted" and rows[1]["reviewer_label"] == rows[1]["verdict"]
    assert all(r["decision"] == "" for r in rows[2:])


def test_json_holds_review_text_claims_and_decisions(decided) -> None:
    review, decisions, other = decided
    data = json.loads(review_json(review, decisions))
    assert data["schema_version"] == 2 and data["review"]["id"] == review.id
    assert data["text"] == HOSTILE and data["review"]["evidence_version"] == review.evidence_version
    claims = data["claims"]
    assert claims[0]["decision"]["label"] == other.value and claims[0]["decision"]["note"].startswith("Needs")
    assert claims[1]["decision"]["action"] == "accepted"
    assert {c["text"] for c in claims} == {v.claim.text for v in review.report.verdicts}
    for c in claims:
        assert HOSTILE[c["start"] : c["end"]] == c["text"]


def test_claims_set_aside_are_listed_with_why_but_not_flagged(decided) -> None:
    review, decisions, _ = decided
    why = Reason(code="SET_ASIDE_UNMATCHED", message="Set aside, not flagged: no entry <is> about it.")
    aside = review.report.verdicts[0].model_copy(update={"reasons": (why, *review.report.verdicts[0].reasons)})
    review = review.model_copy(update={"report": review.report.model_copy(update={"set_aside": (aside,)})})
    page = review_html(review, decisions)
    section = page[page.index('<section id="set-aside">') :]
    assert "Set aside, not flagged" in section and "no entry &lt;is&gt; about it" in section
    assert "<script>" not in page, "set-aside text is escaped like the rest"
    data = json.loads(review_json(review, decisions))
    assert [c["reasons"][0]["code"] for c in data["set_aside"]] == ["SET_ASIDE_UNMATCHED"]
    assert len(data["claims"]) == len(review.report.verdicts), "set-aside claims are not among the flagged ones"
