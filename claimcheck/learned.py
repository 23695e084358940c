"""Learned linear models stored as inspectable JSON (no pickle), fitted with scikit-learn.

A model is a standardiser plus a logistic regression: feature names, means, scales,
coefficients and intercepts in plain JSON, so a reviewer can read which features weigh
what, and loading runs no code from the file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from claimcheck.errors import RuleFileError

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class LinearModel:
    """Multinomial (or binary) logistic regression over standardised features."""

    name: str
    classes: tuple[str, ...]
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    #: decision settings and training facts (thresholds, embedder, data sizes, scores)
    meta: dict[str, object] = field(default_factory=dict)

    def logits(self, x: np.ndarray) -> np.ndarray:
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        return z @ np.asarray(self.coef).T + np.asarray(self.intercept)

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per sample, columns in ``classes`` order."""
        logits = self.logits(np.atleast_2d(x))
        if logits.shape[1] == 1:  # binary: one logit for the second class
            p = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            return np.column_stack([1 - p, p])
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")


def load_model(path: Path) -> LinearModel:
    """Read a stored model; a damaged file is an error naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        model = LinearModel(
            name=data["name"], classes=tuple(data["classes"]), features=tuple(data["features"]),
            mean=tuple(data["mean"]), scale=tuple(data["scale"]),
            coef=tuple(tuple(r) for r in data["coef"]), intercept=tuple(data["intercept"]),
            meta=dict(data.get("meta", {})),
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuleFileError(f"{path}: not a valid ClaimCheck model file: {exc}") from exc
    width = len(model.features)
    if len(model.mean) != width or len(model.scale) != width or any(len(r) != width for r in model.coef):
        raise RuleFileError(f"{path}: feature count does not match the coefficient shapes")
    return model


def fit(name: str, x: np.ndarray, y: list[str], features: tuple[str, ...], c: float = 1.0,
        weights: np.ndarray | None = None, balanced: bool = True) -> LinearModel:  # fmt: skip
    """Fit deterministically (lbfgs, fixed settings): the same data gives the same file.

    ``balanced`` reweights rare classes (right for detection); calibration needs it off.
    """
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)
    clf.fit((x - mean) / scale, y, sample_weight=weights)
    return LinearModel(
        name=name, classes=tuple(str(k) for k in clf.classes_), features=features,
        mean=tuple(float(v) for v in mean), scale=tuple(float(v) for v in scale),
        coef=tuple(tuple(float(v) for v in row) for row in clf.coef_),
        intercept=tuple(float(v) for v in clf.intercept_),
    )  # fmt: skip
