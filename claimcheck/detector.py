"""Learned claim detection: is this sentence a health claim?

A small network (one hidden layer, ``learned.fit_network``) over the sentence's MiniLM
embedding, its closeness to the evidence base and the rule features (cue types, context gates,
strength flags). Rules propose the claim spans (clauses); the detector vetoes rule claims it
finds unlikely and adds sentences the rules passed over only when it is confident. Both thresholds are set on held-out dev
predictions. The model is tied to the embedder it was trained with: with any other embedder
(the unit tests' hashing one) the rules decide alone.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

import numpy as np

from claimcheck.context import GATES
from claimcheck.learned import DATA_DIR, StoredModel, load_model
from claimcheck.strength import grade
from claimcheck.types import Candidate, Claim, ClaimType
from claimcheck.vocab import load_vocabulary

MODEL_PATH = DATA_DIR / "detector.json"
_FIRST = re.compile(r"\b(we|our|us)\b", re.IGNORECASE)
_SECOND = re.compile(r"\b(you|your)\b", re.IGNORECASE)
#: A clock time ("[02:31]", "09:00"): a transcript's time stamps are not figures a claim makes,
#: and counted as digits they made a timed transcript read like an advert full of numbers.
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
_PRODUCT = re.compile(
    r"\b(treatments?|therap(y|ies)|serums?|facials?|sessions?|injections?|procedures?|products?|creams?|drips?|"
    r"infusions?|boosters?|kits?|ampoules?|formulas?|vials?|protocol|programme|program|it|they|this|these|our)\b",
    re.IGNORECASE,
)

#: A sentence's closeness to the evidence base leaves out examples closer than this: many were
#: written from dev sentences, and near-copies would teach the detector a signal unseen text lacks.
PARAPHRASE_COSINE = 0.85
#: Best cosine to an entry's own wording, and to a labelled example (``EvidenceIndex.closeness``).
EVIDENCE_FEATURES: tuple[str, ...] = ("closeness_entry_wording", "closeness_example")
RULE_FEATURES: tuple[str, ...] = (
    "rule_claim", "rule_claim_ungated", "n_clause_claims", "n_cues",
    *(f"type_{t.value}" for t in ClaimType),
    *(f"gate_{g}" for g in GATES),
    "fragment", "bullet", "log_words", "grade", "negated", "absolutes", "hedges", "magnitudes",
    "durations", "scope", "proof_words", "treatment_named", "has_digit", "first_person",
    "second_person", "attributed", "hypothetical", "efficacy_object", "heading_line", "procedure",
    "names_treatment", "names_product", "speaker",
)  # fmt: skip


#: The document's genre (``claimcheck.genre``): the same words are a claim in an advert and a
#: report in an article that rebuts them.
DOC_FEATURES: tuple[str, ...] = ("doc_balanced",)


def rule_features(c: Candidate) -> list[float]:
    vocab = load_vocabulary()
    text = c.detector_text
    s = grade(c.text)
    types = {t for claim in c.claims for t in claim.types}
    return [
        float(bool(c.claims)), float(bool(c.claims) and not c.gates and not c.heading_line), float(len(c.claims)),
        float(sum(len(claim.cues) for claim in c.claims)),
        *(float(t in types) for t in ClaimType),
        *(float(g in c.gates) for g in GATES),
        float(c.fragment), float(c.bullet), math.log1p(len(c.text.split())), float(s.grade), float(s.negated),
        float(len(s.absolutes)), float(len(s.hedges)), float(len(s.magnitudes)), float(len(s.durations)),
        float(len(s.scope)), float(len(s.proof_words)), float(bool(c.treatments)), float(any(ch.isdigit() for ch in _CLOCK.sub("", c.text))),
        float(bool(_FIRST.search(c.text))), float(bool(_SECOND.search(c.text))),
        float(bool(vocab.find(text, "context.attribution"))), float(bool(vocab.find(text, "context.hypothetical"))),
        float(bool(vocab.find(text, "efficacy.object"))), float(c.heading_line),
        float(bool(vocab.find(c.text, "context.procedure"))),
        # Background biology ("as skin ages, collagen falls") names neither a treatment nor a product.
        float(bool(vocab.find(c.text, "treatment"))), float(bool(_PRODUCT.search(c.text))),
        float(any(claim.speaker for claim in (*c.claims, c.fallback) if claim)),
    ]  # fmt: skip


def rule_matrix(candidates: list[Candidate]) -> np.ndarray:
    """The rule features, one row per candidate (the genre model reads them too)."""
    return np.array([rule_features(c) for c in candidates], dtype=np.float64).reshape(len(candidates), len(RULE_FEATURES))


def feature_matrix(vectors: np.ndarray, closeness: np.ndarray, rules: np.ndarray, balanced: np.ndarray | float) -> np.ndarray:
    """Embedding, closeness to the evidence base, rule features and the document's genre, one row per candidate."""
    n = len(rules)
    genre = np.broadcast_to(np.asarray(balanced, dtype=np.float64), (n,)).reshape(n, len(DOC_FEATURES))
    return np.hstack([vectors.astype(np.float64), closeness.reshape(n, len(EVIDENCE_FEATURES)), rules, genre])


def feature_names(width: int) -> tuple[str, ...]:
    return (*(f"emb_{i}" for i in range(width)), *_TAIL)


_TAIL = (*EVIDENCE_FEATURES, *RULE_FEATURES, *DOC_FEATURES)


class Detector:
    """Wraps the stored model with its veto and add thresholds."""

    def __init__(self, model: StoredModel) -> None:
        self.model = model
        self.veto = float(model.meta.get("veto_threshold", 0.5))  # type: ignore[arg-type]
        self.add = float(model.meta.get("add_threshold", 1.0))  # type: ignore[arg-type]
        self.embedder = str(model.meta.get("embedder", ""))
        self.width = len(model.features) - len(_TAIL)

    def probabilities(self, candidates: list[Candidate], vectors: np.ndarray, closeness: np.ndarray, rules: np.ndarray, balanced: float) -> np.ndarray:
        """P(claim) per candidate; gated candidates, which are never claims, get 0 without scoring."""
        probs = np.zeros(len(candidates))
        open_ = [i for i, c in enumerate(candidates) if not c.gates]
        if open_:
            x = feature_matrix(vectors[open_], closeness[open_], rules[open_], balanced)
            probs[open_] = self.model.proba(x)[:, self.model.classes.index("claim")]
        return probs

    def claims(self, candidates: list[Candidate], probs: np.ndarray) -> list[Claim]:
        """Rule claims the detector does not veto, plus sentences it is sure of that the rules missed."""
        out: list[Claim] = []
        for c, p in zip(candidates, probs, strict=True):
            # A heading is mostly a topic label; it counts only when the detector is sure of it.
            ruled = bool(c.claims) and not c.gates and not c.heading_line
            # A gated sentence (question, disclaimer, rejected claim...) is never added back.
            if (ruled and p >= self.veto) or (not c.gates and p >= self.add):
                out.extend(c.offered_claims)
        return out


@cache
def load_detector(path: Path = MODEL_PATH) -> Detector | None:
    """The stored detector, or None when the package ships none or it was trained on other rule
    features (rules decide alone)."""
    if not path.exists():
        return None
    model = load_model(path)
    return Detector(model) if tuple(model.features[-len(_TAIL) :]) == _TAIL else None
