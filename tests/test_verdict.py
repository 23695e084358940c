"""The verdict logic on hand-made matches: polarity, strength checks, rules, reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from claimcheck.strength import grade
from claimcheck.types import Certainty, Claim, ClaimType, Label, Match
from claimcheck.verdict import Settings, judge

FDA = "exosome-fda-not-approved"


def claim(text: str, *types: ClaimType, treatments: tuple[str, ...] = ("exosomes",)) -> Claim:
    return Claim(
        text=text, start=0, end=len(text), line=1, col=1, sentence=text,
        types=types or (ClaimType.EFFICACY,), strength=grade(text), treatments=treatments,
    )  # fmt: skip


def match(entry: str, example: str, label: str, score: float = 0.8) -> Match:
    return Match(entry_id=entry, score=score, example=example, example_label=label, example_score=score, label_scores={label: score})


def test_claim_like_a_contradicted_example_is_unsupported(evidence_base) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim("Our exosomes are FDA approved.", ClaimType.REGULATORY), [match(FDA, "We use only FDA-approved exosomes.", "contradicted")], evidence_base)
    assert v.label == Label.UNSUPPORTED
    assert v.reasons[0].code == "CONTRADICTED_BY_EVIDENCE"
    assert v.evidence[0].id == FDA and v.evidence[0].url
    assert v.suggestion and "FDA" in v.suggestion


def test_negated_claim_flips_a_contradicted_example(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("The FDA has not approved any exosome product.", ClaimType.REGULATORY)
    v = judge(c, [match(FDA, "We use only FDA-approved exosomes.", "contradicted")], evidence_base)
    assert v.label == Label.SUPPORTED
    assert {r.code for r in v.reasons} >= {"SUPPORTED_BY_EVIDENCE", "POLARITY_OPPOSITE_EXAMPLE"}
    assert v.suggestion is None and v.rules == ()


def test_no_match_above_threshold_is_unsupported_without_evidence(evidence_base) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim("Exosomes cure baldness."), [match(FDA, "x", "supported", score=0.2)], evidence_base)
    assert v.label == Label.UNSUPPORTED and v.reasons[0].code == "NO_EVIDENCE" and v.evidence == ()


def _entry_with(evidence_base, **fields):  # type: ignore[no-untyped-def]
    entry = evidence_base.get(FDA).model_copy(update=fields)
    entries = tuple(entry if e.id == FDA else e for e in evidence_base.entries)
    return type(evidence_base)(entries=entries, rules=evidence_base.rules, version="t", root=evidence_base.root)


@pytest.mark.parametrize(
    ("text", "fields", "code"),
    [
        ("Exosomes always reduce redness.", {"max_certainty": Certainty.DEFINITIVE}, "CERTAINTY_EXCEEDS_EVIDENCE"),
        ("Exosomes reduce redness.", {"max_certainty": Certainty.HEDGED}, "CERTAINTY_EXCEEDS_EVIDENCE"),
        ("Results of exosomes last for 2 years.", {"max_duration_days": 84}, "DURATION_EXCEEDS_EVIDENCE"),
        ("Exosomes reduce redness for all skin types.", {"max_certainty": Certainty.DEFINITIVE}, "SCOPE_EXCEEDS_EVIDENCE"),
        ("Exosomes reduce redness by 80%.", {}, "MAGNITUDE_NOT_IN_EVIDENCE"),
        ("Exosomes reduce redness.", {"population": "preclinical", "max_certainty": Certainty.DEFINITIVE}, "PRECLINICAL_ONLY"),
    ],
)
def test_supported_direction_claims_that_go_further_are_overstated(evidence_base, text, fields, code) -> None:  # type: ignore[no-untyped-def]
    base = _entry_with(evidence_base, **fields)
    v = judge(claim(text), [match(FDA, "Exosomes reduce redness.", "supported")], base)
    assert v.label == Label.OVERSTATED
    assert code in {r.code for r in v.reasons}
    assert v.suggestion


def test_stale_entry_is_said(evidence_base) -> None:  # type: ignore[no-untyped-def]
    base = _entry_with(evidence_base, reviewed_on=dt.date(2020, 1, 1))
    v = judge(claim("The FDA has not approved exosomes.", ClaimType.REGULATORY), [match(FDA, "Exosome facials are not FDA-approved.", "supported")], base)
    assert "STALE_EVIDENCE" in {r.code for r in v.reasons}


def test_rules_follow_the_jurisdiction(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("Exosome therapy has no side effects.", ClaimType.SAFETY)
    m = [match(FDA, "Exosome therapy has no side effects at all.", "contradicted")]
    uk = judge(c, m, evidence_base, Settings(jurisdiction="uk"))
    us = judge(c, m, evidence_base, Settings(jurisdiction="us"))
    assert uk.rules and {r.jurisdiction.value for r in uk.rules} == {"uk"}
    assert us.rules and {r.jurisdiction.value for r in us.rules} == {"us"}
