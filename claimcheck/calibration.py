"""Calibrated verdict confidence: the chance a verdict is right, fitted on the dev split.

The rule confidence (closeness of the evidence match and the margin between example
labels) ranks verdicts but is not a probability. A logistic map from it, the label,
whether any evidence matched and whether a wording rule decided, fitted on dev verdicts
scored against the gold labels, turns it into one; ``claimcheck eval`` prints the
reliability table to check it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from claimcheck.learned import DATA_DIR, StoredModel, fit, load_model
from claimcheck.types import Label, Verdict

CALIBRATION_PATH = DATA_DIR / "calibration.json"
FEATURES = ("raw_confidence", *(f"label_{label.value}" for label in Label), "no_evidence", "wording_rule")


def features(v: Verdict) -> list[float]:
    by_rule = any(r.code == "WORDING_RULE" for r in v.reasons)
    return [v.confidence, *(float(v.label == label) for label in Label), float(not v.evidence), float(by_rule)]


def fit_calibration(verdicts: list[Verdict], correct: list[bool], embedder: str) -> StoredModel:
    x = np.array([features(v) for v in verdicts], dtype=np.float64)
    y = ["right" if ok else "wrong" for ok in correct]
    model = fit("verdict-calibration", x, y, FEATURES, c=1.0, balanced=False)
    meta = {"embedder": embedder, "dev_verdicts": len(verdicts), "dev_accuracy": round(sum(correct) / max(len(correct), 1), 4)}
    return StoredModel(**{**model.__dict__, "meta": meta})


class Calibrator:
    def __init__(self, model: StoredModel) -> None:
        self.model = model
        self.embedder = str(model.meta.get("embedder", ""))

    def __call__(self, verdicts: list[Verdict]) -> list[Verdict]:
        if not verdicts:
            return []
        right = self.model.proba(np.array([features(v) for v in verdicts]))[:, self.model.classes.index("right")]
        return [v.model_copy(update={"confidence": round(float(p), 3)}) for v, p in zip(verdicts, right, strict=True)]


@cache
def load_calibrator(path: Path = CALIBRATION_PATH) -> Calibrator | None:
    """The stored calibration, or None when there is none or it was fitted on other features
    (raw rule confidence is kept)."""
    if not path.exists():
        return None
    model = load_model(path)
    return Calibrator(model) if tuple(model.features) == FEATURES else None
