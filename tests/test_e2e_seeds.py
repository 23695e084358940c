"""The seed documents end to end, with the real spaCy and MiniLM models."""

from __future__ import annotations

import pytest

from .conftest import SEED_002, SEED_004, seed

pytestmark = pytest.mark.e2e


def _verdict_of(report, fragment: str) -> str:  # type: ignore[no-untyped-def]
    hits = [v for v in report.verdicts if fragment in v.claim.text or v.claim.text in fragment and len(v.claim.text) > 15]
    assert hits, f"no claim covers {fragment!r}; claims: {[v.claim.text for v in report.verdicts]}"
    return max(hits, key=lambda v: v.label.rank).label.value


@pytest.fixture(scope="module")
def report_002(checker):  # type: ignore[no-untyped-def]
    return checker.check_text(seed(SEED_002), str(SEED_002))


@pytest.fixture(scope="module")
def report_004(checker):  # type: ignore[no-untyped-def]
    return checker.check_text(seed(SEED_004), str(SEED_004))


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("exosomes are 100 times more powerful than treatments with PRP", "unsupported"),
        ("nearly three times the amount of growth factors as do adult stem cells", "unsupported"),
        ("has not approved any injectable or infusible exosome products", "supported"),
    ],
)
def test_seed_002(report_002, fragment: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert _verdict_of(report_002, fragment) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("does not have any side effects", "unsupported"),
        ("no allergic reactions occur", "unsupported"),
        ("performed in a single session", "unsupported"),
        ("remain on the skin for many years", "unsupported"),
    ],
)
def test_seed_004(report_004, fragment: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert _verdict_of(report_004, fragment) == expected


def test_headings_and_booking_are_not_claims(report_002, report_004) -> None:  # type: ignore[no-untyped-def]
    texts = [v.claim.text for r in (report_002, report_004) for v in r.verdicts]
    assert not any(t.strip() in {"Summary", "Exosome", "What is an Exosome?", "Legality and Risks of Exosomes"} for t in texts)
    assert not any(t.lower().startswith(("book", "call us", "contact")) for t in texts)


def test_every_verdict_carries_reasons_and_offsets(report_004) -> None:  # type: ignore[no-untyped-def]
    text = seed(SEED_004)
    for v in report_004.verdicts:
        assert text[v.claim.start : v.claim.end] == v.claim.text
        assert v.reasons and v.reasons[0].code and v.reasons[0].message
        assert 0.0 <= v.confidence <= 1.0
        if v.label.value != "supported" and v.evidence:
            assert v.suggestion
        for e in v.evidence:
            assert e.citation and e.level


def test_uk_and_us_rules_on_the_side_effects_claim(checker) -> None:  # type: ignore[no-untyped-def]
    text = seed(SEED_004)
    for jurisdiction, wanted in (("uk", {"cap", "asa"}), ("us", {"fda", "ftc"})):
        report = checker.check_text(text, "004", jurisdiction)
        v = next(v for v in report.verdicts if "does not have any side effects" in v.claim.text)
        assert v.rules, f"no {jurisdiction} rules cited"
        assert {r.jurisdiction.value for r in v.rules} == {jurisdiction}
        assert any(any(w in r.id for w in wanted) for r in v.rules)
