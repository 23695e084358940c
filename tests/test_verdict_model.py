"""The learned verdict model: its features, how it revises a rule-path verdict, and the stored file."""

from __future__ import annotations

import numpy as np
import pytest

from claimcheck.learned import StoredModel, load_model
from claimcheck.match import EvidenceIndex, HashingEmbedder
from claimcheck.strength import grade
from claimcheck.types import Claim, ClaimType, Label, Match
from claimcheck.verdict import Settings, judge
from claimcheck.verdict_model import FEATURES, MODEL_PATH, VerdictModel, feature_names, features, load_verdict_model

ENTRY = "exosome-microneedling-skin-ageing"
#: A stand-in for the claim's sentence embedding (the stored model uses MiniLM's 384 dimensions).
VECTOR = np.array([0.5, -0.5, 0.0, 1.0])


def claim(text: str) -> Claim:
    return Claim(
        text=text, start=0, end=len(text), line=1, col=1, sentence=text,
        types=(ClaimType.EFFICACY,), strength=grade(text), treatments=("exosomes",),
    )  # fmt: skip


def matches(label: str = "supported") -> list[Match]:
    example = "Exosomes with microneedling may improve the look of ageing skin."
    return [Match(entry_id=ENTRY, score=0.8, example=example, example_label=label, example_score=0.8, label_scores={label: 0.8}, polar_scores={label: 0.8})]


def always(label: Label) -> VerdictModel:
    """A model whose only weight is a large intercept on one class."""
    classes = tuple(sorted(x.value for x in Label))
    intercept = tuple(5.0 if c == label.value else 0.0 for c in classes)
    names = feature_names(len(VECTOR))
    zeros = tuple(0.0 for _ in names)
    linear = StoredModel(
        name="t", classes=classes, features=names, mean=zeros, scale=tuple(1.0 for _ in names),
        coef=tuple(zeros for _ in classes), intercept=intercept, meta={"embedder": "t"},
    )  # fmt: skip
    return VerdictModel(linear)


def test_features_follow_the_feature_names(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("Exosomes with microneedling may soften fine lines.")
    v = judge(c, matches(), evidence_base)
    x = features(v, matches(), evidence_base, VECTOR)
    assert len(x) == len(feature_names(len(VECTOR)))
    named = dict(zip(feature_names(len(VECTOR)), x, strict=True))
    assert named["rule_supported"] == 1.0 and named["entry_supported"] == 0.8 and named["hedges"] == 1.0
    assert [named[f"emb_{i}"] for i in range(len(VECTOR))] == list(VECTOR)


def test_a_disagreeing_model_relabels_with_its_reason_and_keeps_the_evidence(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("Exosomes with microneedling may soften fine lines.")
    rule = judge(c, matches(), evidence_base)
    assert rule.label == Label.SUPPORTED
    revised = always(Label.OVERSTATED).revise(rule, matches(), evidence_base, Settings(), VECTOR)
    assert revised.label == Label.OVERSTATED
    assert [r.code for r in revised.reasons[:2]] == ["VERDICT_MODEL", "OVERSTATES_EVIDENCE"]
    assert revised.evidence[0].id == ENTRY and revised.suggestion
    assert 0.9 < revised.confidence <= 1.0


def test_an_agreeing_model_only_sets_the_confidence(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("Exosomes with microneedling may soften fine lines.")
    rule = judge(c, matches(), evidence_base)
    revised = always(Label.SUPPORTED).revise(rule, matches(), evidence_base, Settings(), VECTOR)
    assert revised.model_copy(update={"confidence": rule.confidence}) == rule


def test_a_wording_rule_verdict_is_left_alone(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("Exosome facials have no side effects at all.")
    rule = judge(c, matches(), evidence_base)
    assert rule.reasons[0].code == "WORDING_RULE"
    assert always(Label.SUPPORTED).revise(rule, matches(), evidence_base, Settings(), VECTOR) == rule


def test_a_claim_worded_as_a_curated_example_keeps_its_label(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("Exosomes with microneedling may improve the look of ageing skin.")
    close = [m.model_copy(update={"example_score": 0.97}) for m in matches()]
    rule = judge(c, close, evidence_base)
    assert always(Label.UNSUPPORTED).revise(rule, close, evidence_base, Settings(), VECTOR) == rule


def test_unsupported_without_any_match_names_the_closest_entry(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("Exosomes make eyelashes curl.")
    weak = [m.model_copy(update={"score": 0.2}) for m in matches()]
    rule = judge(c, weak, evidence_base)
    assert rule.reasons[0].code == "NO_EVIDENCE"
    revised = always(Label.OVERSTATED).revise(rule, weak, evidence_base, Settings(), VECTOR)
    assert revised.label == Label.OVERSTATED and revised.evidence[0].id == ENTRY


def test_hiding_close_examples_changes_the_nearest_example(evidence_base) -> None:  # type: ignore[no-untyped-def]
    index = EvidenceIndex(evidence_base, HashingEmbedder())
    example, _ = next(iter(evidence_base.get(ENTRY).examples.labelled()))
    seen = index.search([claim(example)])[0]
    hidden = index.search([claim(example)], hide_above=0.95)[0]
    assert seen[0].example == example
    assert all(m.example != example for m in hidden)


def test_the_stored_model_loads_and_beat_the_rule_path_held_out() -> None:
    model = load_model(MODEL_PATH)
    assert tuple(model.features) == feature_names(384)
    assert set(model.classes) == {x.value for x in Label}
    assert np.all(np.isfinite(np.asarray(model.coef)))
    assert load_verdict_model() is not None
    oof, rule = model.meta["oof_macro_f1"], model.meta["rule_macro_f1"]
    # The model is kept because it does better than the rule path where paraphrasing examples are hidden.
    assert oof["0.8"] > rule["0.8"]


def test_a_model_fitted_on_other_features_is_not_loaded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "m.json"
    linear = always(Label.SUPPORTED).model
    StoredModel(**{**linear.__dict__, "features": ("a",) * len(linear.features)}).save(path)
    load_verdict_model.cache_clear()
    try:
        assert load_verdict_model(path) is None
    finally:
        load_verdict_model.cache_clear()


@pytest.mark.parametrize("label", list(Label))
def test_any_label_can_be_given(evidence_base, label: Label) -> None:  # type: ignore[no-untyped-def]
    c = claim("Exosomes with microneedling may soften fine lines.")
    rule = judge(c, matches("overstated"), evidence_base)
    revised = always(label).revise(rule, matches("overstated"), evidence_base, Settings(), VECTOR)
    assert revised.label == label
    assert (revised.suggestion is None) == (label == Label.SUPPORTED)
