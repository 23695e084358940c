"""Fit the genre model and the claim detector on the dev split (see ``claimcheck.train``).

The genre model learns from whole dev documents (negative controls against the rest); each dev
document's genre, held out, then joins the detector's rows. The detector learns from the dev
sentences plus the evidence base's example claims (a small network, ``learned.fit_network``);
its penalty and its veto and add thresholds come from out-of-fold predictions on the dev
documents (grouped by writer): near-best F1, then the best precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from sklearn.metrics import roc_auc_score

from claimcheck.corpus import GoldCase
from claimcheck.detector import DOC_FEATURES, EVIDENCE_FEATURES, PARAPHRASE_COSINE, RULE_FEATURES, feature_matrix, feature_names, rule_matrix
from claimcheck.context import GATES
from claimcheck.extract import candidates_many
from claimcheck.genre import CLASSES, Genre, document_features
from claimcheck.genre import feature_names as genre_feature_names
from claimcheck.ingest import from_text
from claimcheck.learned import StoredModel, fit, fit_network
from claimcheck.match import Embedder, EvidenceIndex
from claimcheck.types import Candidate

FOLDS = 5
#: Corpus file names start with their writer's tag: one or two letters and an optional number.
_WRITER_TAG = re.compile(r"([a-z]{1,2}\d*)_")
#: Evidence examples are clean one-sentence claims; they count for less than real page sentences.
EXAMPLE_WEIGHT = 0.25
#: L2 penalties tried for the detector's network; ``train`` keeps one by out-of-fold scores on dev
#: (``_near_best``). A network with one hidden layer read held-out dev better than a logistic
#: regression on the same inputs (F1 0.897 against 0.881, precision 0.908 against 0.896).
ALPHA_GRID = (1.0, 3.0, 10.0)


@dataclass(frozen=True)
class TrainingSet:
    x: np.ndarray
    y: list[str]
    groups: list[str]
    weights: np.ndarray


@dataclass(frozen=True)
class DevRows:
    """Every candidate of the dev documents with its embedding and rule features, per document."""

    cases: list[GoldCase]
    candidates: list[list[Candidate]]
    vectors: list[np.ndarray]
    rules: list[np.ndarray]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def label_candidates(case: GoldCase, candidates: list[Candidate]) -> list[tuple[int, str]]:
    """(position, label) of each candidate by the gold unit it overlaps most (unannotated ones are left out)."""
    out = []
    for i, c in enumerate(candidates):
        best = max(((overlap((c.start, c.end), (u.start, u.end)), u.unit.claim) for u in case.units
                    if u.start is not None and u.end is not None), default=(0, False))  # fmt: skip
        if best[0] > 0:
            out.append((i, "claim" if best[1] else "other"))
    return out


def _encoded(embedder: Embedder, per_doc: list[list[Candidate]]) -> list[np.ndarray]:
    """Each document's candidate embeddings, every distinct sentence encoded once."""
    texts = list(dict.fromkeys(c.detector_text for cands in per_doc for c in cands))
    known = dict(zip(texts, embedder.encode(texts), strict=True))
    width = len(next(iter(known.values()))) if known else 0
    return [np.array([known[c.detector_text] for c in cands], dtype=np.float32).reshape(len(cands), width) for cands in per_doc]


def dev_rows(cases: list[GoldCase], index: EvidenceIndex, nlp: object) -> DevRows:
    per_case = candidates_many([c.document for c in cases], nlp)
    return DevRows(cases, per_case, _encoded(index.embedder, per_case), [rule_matrix(cands) for cands in per_case])


#: Inverse L2 strength of the genre model's logistic regression (one row per document, so few rows).
GENRE_C = 1.0


def _genre_rows(rows: DevRows) -> tuple[np.ndarray, list[str], tuple[str, ...]]:
    x = np.array([document_features(c, v, r) for v, r, c in zip(rows.vectors, rows.rules, rows.candidates, strict=True)])
    y = [CLASSES[0] if case.gold.control else CLASSES[1] for case in rows.cases]
    return x, y, genre_feature_names(x.shape[1] - len(RULE_FEATURES))


def genre_folds(rows: DevRows) -> list[tuple[np.ndarray, Genre]]:
    """(held-out documents, a genre model fitted without them) for each writer fold of dev."""
    return _fold_genres(rows, *_genre_rows(rows))


def _fold_genres(rows: DevRows, x: np.ndarray, y: list[str], names: tuple[str, ...]) -> list[tuple[np.ndarray, Genre]]:
    folds = writer_folds([case.doc_id for case in rows.cases])
    return [(held, Genre(fit("fold", x[~held], [y[i] for i in np.flatnonzero(~held)], names, GENRE_C, balanced=False))) for held in folds]


def train_genre(rows: DevRows, embedder: str) -> tuple[StoredModel, dict[str, float]]:
    """The genre model, and each dev document's P(balanced) from a model that did not see it.

    The detector and the verdict model learn from the held-out figures: the stored model has seen
    every dev document, so its figures for them are surer than it will be of unseen text.
    """
    x, y, names = _genre_rows(rows)
    groups = [case.doc_id for case in rows.cases]
    held_out = np.zeros(len(y))
    for held, genre in _fold_genres(rows, x, y, names):
        for i in np.flatnonzero(held):
            held_out[i] = genre.balanced(rows.candidates[i], rows.vectors[i], rows.rules[i])
    truth = np.array(y) == CLASSES[0]
    model = fit("genre", x, y, names, GENRE_C, balanced=False)
    meta = {
        "embedder": embedder, "c": GENRE_C, "folds": FOLDS, "documents": len(y), "balanced_documents": int(truth.sum()),
        "oof_auc": round(float(roc_auc_score(truth, held_out)), 4), "oof_wrong_at_half": int(((held_out >= 0.5) != truth).sum()),
        "trained_on": "corpus dev split: negative controls against the other texts",
    }  # fmt: skip
    return StoredModel(**{**model.__dict__, "meta": meta}), dict(zip(groups, held_out.tolist(), strict=True))


def training_set(rows: DevRows, balanced: dict[str, float], index: EvidenceIndex, nlp: object) -> TrainingSet:
    """Detector rows: the annotated dev candidates (with their document's held-out genre) and the
    evidence base's example claims (as one-sentence texts, too short to have a genre)."""
    blocks, y, groups, weights = [], [], [], []
    for case, cands, vectors, rules in zip(rows.cases, rows.candidates, rows.vectors, rows.rules, strict=True):
        labelled = label_candidates(case, cands)
        at = [i for i, _ in labelled]
        blocks.append((vectors[at], rules[at], np.full(len(at), balanced[case.doc_id])))
        y += [label for _, label in labelled]
        groups += [case.doc_id] * len(at)
        weights += [1.0] * len(at)
    examples = [text for e in index.base.entries for text, _ in e.examples.labelled()]
    per_example = candidates_many([from_text(t, f"<example {i}>") for i, t in enumerate(examples)], nlp)
    for i, (cands, vectors) in enumerate(zip(per_example, _encoded(index.embedder, per_example), strict=True)):
        blocks.append((vectors, rule_matrix(cands), np.zeros(len(cands))))
        y += ["claim"] * len(cands)
        groups += [f"example-{i}"] * len(cands)
        weights += [EXAMPLE_WEIGHT] * len(cands)
    vectors = np.vstack([b[0] for b in blocks])
    x = feature_matrix(vectors, index.closeness(vectors, PARAPHRASE_COSINE), np.vstack([b[1] for b in blocks]), np.concatenate([b[2] for b in blocks]))
    return TrainingSet(x, y, groups, np.array(weights))


def writer_of(doc_id: str) -> str:
    """The writer tag a corpus file name starts with ("ad4_faq_..." -> "ad4"); untagged files are the house's."""
    tag = _WRITER_TAG.match(doc_id)
    return tag.group(1) if tag else "house"


def writer_folds(groups: list[str]) -> list[np.ndarray]:
    """Dev documents split into folds by writer, so that a held-out text's writer is unseen too
    (folds by document leave a writer's other texts in training and flatter every threshold
    chosen on them); examples are never held out. Writers go, largest first, to the lightest fold."""
    docs = sorted({g for g in groups if not g.startswith("example-")})
    by_writer: dict[str, list[str]] = {}
    for doc in docs:
        by_writer.setdefault(writer_of(doc), []).append(doc)
    load, fold_of = [0] * FOLDS, {}
    for writer in sorted(by_writer, key=lambda w: (-len(by_writer[w]), w)):
        k = load.index(min(load))
        load[k] += len(by_writer[writer])
        fold_of.update(dict.fromkeys(by_writer[writer], k))
    return [np.array([fold_of.get(g, -1) == k for g in groups]) for k in range(FOLDS)]


def out_of_fold(ts: TrainingSet, features: tuple[str, ...], alpha: float) -> np.ndarray:
    """Held-out claim probabilities for the dev rows (NaN for example rows)."""
    probs = np.full(len(ts.y), np.nan)
    y = np.array(ts.y)
    for held in writer_folds(ts.groups):
        model = fit_network("fold", ts.x[~held], list(y[~held]), features, alpha, ts.weights[~held])
        probs[held] = model.proba(ts.x[held])[:, model.classes.index("claim")]
    return probs


def _scores(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    tp, fp, fn = int((pred & truth).sum()), int((pred & ~truth).sum()), int((~pred & truth).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


#: Threshold pairs whose held-out F1 is within this of the best count as equally good; of those
#: the most precise is kept (the issue asks for rules and classifier combined so precision stays high).
F1_SLACK = 0.005


def choose_thresholds(
    probs: np.ndarray, ruled: np.ndarray, ungated: np.ndarray, truth: np.ndarray
) -> tuple[float, float, tuple[float, float, float]]:
    """(veto, add, (precision, recall, F1)): the most precise pair among those with near-best held-out F1.

    A rule claim stands when its probability reaches ``veto``; a sentence the rules passed
    over becomes a claim only when it reaches ``add`` (kept high, so precision holds).
    """
    pairs = []
    for veto in np.round(np.arange(0.0, 0.61, 0.05), 2):
        for add in np.round(np.arange(0.5, 1.0, 0.05), 2):
            p, r, f = _scores((ruled & (probs >= veto)) | (ungated & (probs >= add)), truth)
            pairs.append((float(veto), float(add), (p, r, f)))
    return _near_best(pairs)


_Choice = TypeVar("_Choice", bound=tuple)


def _near_best(choices: list[_Choice]) -> _Choice:
    """Of choices ending in (precision, recall, F1): the most precise within F1_SLACK of the best F1."""
    best_f1 = max(choice[-1][2] for choice in choices)
    return max((ch for ch in choices if ch[-1][2] >= best_f1 - F1_SLACK), key=lambda ch: (ch[-1][0], ch[-1][2]))


def _held_out_choice(ts: TrainingSet, features: tuple[str, ...], alpha: float) -> tuple[float, float, float, tuple[float, float, float]]:
    """(alpha, veto, add, (precision, recall, F1)) on the dev rows held out by writer."""
    probs = out_of_fold(ts, features, alpha)
    dev = ~np.isnan(probs)
    truth = np.array(ts.y)[dev] == "claim"
    ruled = ts.x[dev, features.index("rule_claim_ungated")] > 0.5
    ungated = ts.x[dev][:, [features.index(f"gate_{g}") for g in GATES]].sum(axis=1) == 0
    return (alpha, *choose_thresholds(probs[dev], ruled, ungated, truth))


def train_detector(ts: TrainingSet, embedder: str) -> StoredModel:
    features = feature_names(ts.x.shape[1] - len(EVIDENCE_FEATURES) - len(RULE_FEATURES) - len(DOC_FEATURES))
    choices = [_held_out_choice(ts, features, alpha) for alpha in ALPHA_GRID]
    alpha, veto, add, (p, r, f) = _near_best(choices)
    dev = np.array([not g.startswith("example-") for g in ts.groups])
    model = fit_network("claim-detector", ts.x, ts.y, features, alpha, ts.weights)
    meta = {
        "veto_threshold": veto, "add_threshold": add, "embedder": embedder, "alpha": alpha,
        "hidden_units": len(model.hidden_coef), "folds": FOLDS,
        "dev_sentences": int(dev.sum()), "example_sentences": int((~dev).sum()),
        "oof_precision": round(p, 4), "oof_recall": round(r, 4), "oof_f1": round(f, 4),
        "trained_on": "corpus dev split (with each document's held-out genre) + evidence examples",
    }  # fmt: skip
    return StoredModel(**{**model.__dict__, "meta": meta})
