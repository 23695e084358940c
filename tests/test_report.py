from __future__ import annotations

import csv
import io
import json

from claimcheck import report
from claimcheck.types import Report


def test_json_contract(fast_checker) -> None:  # type: ignore[no-untyped-def]
    r = fast_checker.check_text("Exosome therapy has no side effects. Book now!", "a.txt")
    data = json.loads(report.to_json([r]))
    assert data["schema_version"] == 2
    (rep,) = data["reports"]
    assert set(rep) == {"source", "balanced", "claims", "set_aside", "summary"}
    assert rep["balanced"] == 0.0, "too short to tell: counts as promotional"
    assert set(rep["summary"]) == {"supported", "overstated", "unsupported"}
    assert rep["claims"], "the side-effects sentence is a claim"
    for c in rep["claims"]:
        assert set(c) == {"text", "start", "end", "line", "col", "sentence", "types", "verdict", "confidence", "reasons", "evidence", "suggestion"}
        assert all(set(reason) == {"code", "message"} for reason in c["reasons"])


def test_csv_and_lines(fast_checker) -> None:  # type: ignore[no-untyped-def]
    r = fast_checker.check_text("Intro line here.\nExosome therapy has no side effects.", "a.txt")
    rows = list(csv.DictReader(io.StringIO(report.to_csv([r]))))
    assert rows and rows[0]["line"] == "2"
    assert report.to_lines([r]).startswith("a.txt:2:1: ")


def test_highlight_escapes_page_text(fast_checker) -> None:  # type: ignore[no-untyped-def]
    text = "<script>alert(1)</script> Exosome therapy has no side effects."
    r = fast_checker.check_text(text, "a.txt")
    out = report.highlight_html(text, r)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<mark" in out
    assert any(f"[{label}]</sup>" in out for label in ("supported", "overstated", "unsupported"))


def test_a_report_stored_before_schema_2_still_loads() -> None:
    old = '{"source": "x.md", "verdicts": [], "reported": []}'
    assert Report.model_validate_json(old).set_aside == (), "reviews saved with the old field name reopen"
