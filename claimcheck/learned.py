"""Learned models stored as inspectable JSON (no pickle), fitted with scikit-learn.

A model is a standardiser plus a logistic regression, optionally over one hidden layer of
rectified units: feature names, means, scales, weights and intercepts in plain JSON, so a
reviewer can read which features weigh what, and loading runs no code from the file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from claimcheck.errors import RuleFileError

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class StoredModel:
    """Multinomial (or binary) logistic regression over standardised features, or over a hidden
    layer of rectified units computed from them (``hidden_coef``, one row per unit)."""

    name: str
    classes: tuple[str, ...]
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    #: decision settings and training facts (thresholds, embedder, data sizes, scores)
    meta: dict[str, object] = field(default_factory=dict)
    hidden_coef: tuple[tuple[float, ...], ...] = ()
    hidden_intercept: tuple[float, ...] = ()

    @cached_property
    def _arrays(self) -> tuple[np.ndarray, ...]:
        # Converted once: the verdict model scores one claim at a time, and turning the stored
        # tuples into arrays on every call cost more than the arithmetic.
        return tuple(np.asarray(v, dtype=np.float64) for v in (self.mean, self.scale, self.hidden_coef, self.hidden_intercept, self.coef, self.intercept))

    def logits(self, x: np.ndarray) -> np.ndarray:
        mean, scale, hidden_coef, hidden_intercept, coef, intercept = self._arrays
        z = (x - mean) / scale
        if self.hidden_coef:
            z = np.maximum(z @ hidden_coef.T + hidden_intercept, 0.0)
        return z @ coef.T + intercept

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


def load_model(path: Path) -> StoredModel:
    """Read a stored model; a damaged file is an error naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        model = StoredModel(
            name=data["name"], classes=tuple(data["classes"]), features=tuple(data["features"]),
            mean=tuple(data["mean"]), scale=tuple(data["scale"]),
            coef=tuple(tuple(r) for r in data["coef"]), intercept=tuple(data["intercept"]),
            meta=dict(data.get("meta", {})),
            hidden_coef=tuple(tuple(r) for r in data.get("hidden_coef", ())),
            hidden_intercept=tuple(data.get("hidden_intercept", ())),
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuleFileError(f"{path}: not a valid ClaimCheck model file: {exc}") from exc
    width = len(model.features)
    hidden = len(model.hidden_coef)
    if len(model.mean) != width or len(model.scale) != width or any(len(r) != width for r in model.hidden_coef):
        raise RuleFileError(f"{path}: feature count does not match the coefficient shapes")
    if len(model.hidden_intercept) != hidden or any(len(r) != (hidden or width) for r in model.coef):
        raise RuleFileError(f"{path}: hidden layer size does not match the coefficient shapes")
    return model


def _standardiser(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means and standard deviations (1 where a column is constant)."""
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    return x.mean(axis=0), scale


def fit(name: str, x: np.ndarray, y: list[str], features: tuple[str, ...], c: float = 1.0,
        weights: np.ndarray | None = None, balanced: bool = True) -> StoredModel:  # fmt: skip
    """Fit deterministically (lbfgs, fixed settings): the same data gives the same file.

    ``balanced`` reweights rare classes (right for detection); calibration needs it off.
    """
    from sklearn.linear_model import LogisticRegression

    mean, scale = _standardiser(x)
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)
    clf.fit((x - mean) / scale, y, sample_weight=weights)
    return StoredModel(
        name=name, classes=tuple(str(k) for k in clf.classes_), features=features,
        mean=tuple(float(v) for v in mean), scale=tuple(float(v) for v in scale),
        coef=tuple(tuple(float(v) for v in row) for row in clf.coef_),
        intercept=tuple(float(v) for v in clf.intercept_),
    )  # fmt: skip


def _short(v: float) -> float:
    """Seven significant digits: far below what changes a decision, and a third of the file."""
    return float(f"{v:.7g}")


def fit_network(name: str, x: np.ndarray, y: list[str], features: tuple[str, ...], alpha: float,
                weights: np.ndarray | None = None, units: int = 32, seeds: tuple[int, ...] = (0, 1, 2)) -> StoredModel:  # fmt: skip
    """A classifier with one hidden layer, fitted deterministically (fixed seeds).

    One network per seed; their logits are averaged, which is itself one wider network (the
    hidden units side by side, each output weight divided by the number of seeds), so the
    stored model is a single hidden layer whatever the number of seeds.
    """
    from sklearn.neural_network import MLPClassifier

    mean, scale = _standardiser(x)
    z = (x - mean) / scale
    nets = [
        MLPClassifier(hidden_layer_sizes=(units,), alpha=alpha, max_iter=300, random_state=seed).fit(z, y, sample_weight=weights)
        for seed in seeds
    ]
    # Two classes: one output unit, the logit of the second class; more: one unit per class.
    outputs = nets[0].coefs_[1].shape[1]
    return StoredModel(
        name=name, classes=tuple(str(k) for k in nets[0].classes_), features=features,
        mean=tuple(float(v) for v in mean), scale=tuple(float(v) for v in scale),
        hidden_coef=tuple(tuple(_short(v) for v in row) for net in nets for row in net.coefs_[0].T),
        hidden_intercept=tuple(_short(v) for net in nets for v in net.intercepts_[0]),
        coef=tuple(tuple(_short(v / len(nets)) for net in nets for v in net.coefs_[1][:, k]) for k in range(outputs)),
        intercept=tuple(_short(float(np.mean([net.intercepts_[1][k] for net in nets]))) for k in range(outputs)),
    )  # fmt: skip
