"""The learned verdict: one model weighs what the rule path looks at one piece at a time.

The rule path (:func:`claimcheck.verdict.judge`) starts from the single nearest labelled
example and adjusts it. On wording unlike any example that one example is often the wrong
guide. A small network (one hidden layer, ``learned.fit_network``) over the best example score
of every label (in the best entry, in the top entries, and among examples of the claim's
polarity), the rule path's own label and reason, the wording rule that fired, the claim's
strength and context, its types, the entry's evidence level, the genre of its document
(``claimcheck.genre``) and the claim's own sentence embedding picks the label instead. The
embedding lets it learn wordings that condemn a claim whatever entry it matches ("totally
safe", "regrows hair in weeks"), which helps most where no example is close.

A verdict settled by a wording rule stands: the rule names the wording at fault. So does a
study's finding of no serious harm (``TRIAL_SAFETY_FINDING``), and one for a claim worded as a
curated example: its label was reviewed. Where the model disagrees
with the rule path, the verdict says so (reason ``VERDICT_MODEL``) and keeps the evidence the
rule path found. The model is fitted by ``claimcheck train`` on dev claims with the examples
that paraphrase them hidden, so that it learns how the rule path errs on unseen wording, and on
the evidence base's own examples; it is stored as JSON and only applies with the embedder it
was fitted with.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from claimcheck.evidence import EvidenceBase
from claimcheck.learned import DATA_DIR, StoredModel, load_model
from claimcheck.types import ClaimType, Context, Label, Match, Reason, Verdict
from claimcheck.verdict import Settings, relabel, triggered

MODEL_PATH = DATA_DIR / "verdict_model.json"
EXAMPLE_LABELS = ("supported", "overstated", "contradicted", "unsubstantiated")
#: The rule path's first reason: how it reached its label.
RULE_CODES = (
    "SUPPORTED_BY_EVIDENCE", "OVERSTATES_EVIDENCE", "CONTRADICTED_BY_EVIDENCE", "NO_SUBSTANTIATION",
    "NO_EVIDENCE", "CERTAINTY_EXCEEDS_EVIDENCE",
)  # fmt: skip
_CONTEXTS = (Context.INHERITED, Context.ATTRIBUTED, Context.HYPOTHETICAL, Context.HEDGED)

FEATURES: tuple[str, ...] = (
    *(f"rule_{label.value}" for label in Label),
    *(f"code_{code.lower()}" for code in RULE_CODES), "code_other",
    *(f"trigger_{k}" for k in EXAMPLE_LABELS),
    *(f"{where}_{k}" for where in ("entry", "top", "polar") for k in EXAMPLE_LABELS),
    "match_score",
    "certainty", "absolutes", "proof_words", "duration", "scope", "magnitudes", "negated",
    "study_report", "preclinical", "hedges", "grade",
    *(f"context_{c.value}" for c in _CONTEXTS),
    *(f"type_{t.value}" for t in ClaimType),
    "entry_certainty", "entry_preclinical", "entry_controlled_human",
    "doc_balanced",
)  # fmt: skip


def feature_names(width: int) -> tuple[str, ...]:
    """All inputs: the named features, then the ``width`` dimensions of the claim's embedding."""
    return (*FEATURES, *(f"emb_{i}" for i in range(width)))


def _best(matches: list[Match], field: str, label: str) -> float:
    """The best score of ``label`` examples over the matches (0 when there is none)."""
    return max((getattr(m, field).get(label, 0.0) for m in matches), default=0.0)


def features(verdict: Verdict, matches: list[Match], base: EvidenceBase, vector: np.ndarray, balanced: float = 0.0) -> list[float]:
    """The model's inputs for one claim (``vector`` embeds the claim's text, ``balanced`` is its
    document's genre), in ``feature_names`` order."""
    claim, s = verdict.claim, verdict.claim.strength
    code = verdict.reasons[0].code if verdict.reasons else ""
    fired = triggered(claim, base)
    entry = base.get(matches[0].entry_id) if matches else None
    return [
        *(float(verdict.label == label) for label in Label),
        *(float(code == c) for c in RULE_CODES), float(code not in RULE_CODES),
        *(float(fired is not None and fired[1].label == k) for k in EXAMPLE_LABELS),
        *(_best(matches[:1], "label_scores", k) for k in EXAMPLE_LABELS),
        *(_best(matches, "label_scores", k) for k in EXAMPLE_LABELS),
        *(_best(matches, "polar_scores", k) for k in EXAMPLE_LABELS),
        matches[0].score if matches else 0.0,
        float(s.certainty.rank), float(bool(s.absolutes)), float(bool(s.proof_words)), float(s.duration_days is not None),
        float(bool(s.scope)), float(bool(s.magnitudes)), float(s.negated), float(bool(s.study_report)),
        float(bool(s.preclinical)), float(bool(s.hedges)), float(s.grade),
        *(float(c in claim.context) for c in _CONTEXTS),
        *(float(t in claim.types) for t in ClaimType),
        float(entry.max_certainty.rank) if entry else 0.0,
        float(entry is not None and entry.population.value == "preclinical"),
        float(entry is not None and entry.level.is_controlled_human),
        balanced,
        *(float(v) for v in vector),
    ]  # fmt: skip


#: A claim this close (hybrid score) to a curated example is worded as that example: its reviewed
#: label stands, as the model is there for wording the examples do not cover.
CURATED_SCORE = 0.95


#: Reasons of rules that settle a verdict: a wording rule names the wording at fault, and a study's
#: finding of no serious harm is not the absolute wording of the example it was matched to.
SETTLING_RULES = frozenset({"WORDING_RULE", "TRIAL_SAFETY_FINDING"})


def decided_by_rule(verdict: Verdict) -> bool:
    """Whether a rule settled the verdict (the model leaves those alone)."""
    return any(r.code in SETTLING_RULES for r in verdict.reasons)


def _curated(matches: list[Match]) -> bool:
    return bool(matches) and matches[0].example_score >= CURATED_SCORE


class VerdictModel:
    def __init__(self, model: StoredModel) -> None:
        self.model = model
        self.embedder = str(model.meta.get("embedder", ""))

    def proba(self, rows: list[list[float]]) -> np.ndarray:
        return self.model.proba(np.array(rows, dtype=np.float64).reshape(len(rows), len(self.model.features)))

    def revise(self, verdict: Verdict, matches: list[Match], base: EvidenceBase, settings: Settings, vector: np.ndarray, balanced: float = 0.0) -> Verdict:
        """The verdict with the model's label and its probability as the raw confidence."""
        if decided_by_rule(verdict) or _curated(matches):
            return verdict
        p = self.proba([features(verdict, matches, base, vector, balanced)])[0]
        label = Label(self.model.classes[int(np.argmax(p))])
        confidence = round(float(p.max()), 3)
        if label == verdict.label:
            return verdict.model_copy(update={"confidence": confidence})
        why = Reason(
            code="VERDICT_MODEL",
            message=(
                f"Judged {label.value} (probability {confidence:.2f}) by the verdict model, which weighs the nearest "
                f"examples of every label, the claim's wording and its evidence level; the nearest example alone "
                f"suggested {verdict.label.value}."
            ),
        )
        return relabel(verdict, label, matches, base, settings, why).model_copy(update={"confidence": confidence})


@cache
def load_verdict_model(path: Path = MODEL_PATH) -> VerdictModel | None:
    """The stored model, or None when there is none or it was fitted on other features."""
    if not path.exists():
        return None
    model = load_model(path)
    return VerdictModel(model) if tuple(model.features[: len(FEATURES)]) == FEATURES else None
