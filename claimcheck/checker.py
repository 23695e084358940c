"""The one code path from documents to reports, shared by the API, CLI and app."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from claimcheck.calibration import Calibrator, load_calibrator
from claimcheck.detector import PARAPHRASE_COSINE, Detector, load_detector, rule_matrix
from claimcheck.evidence import EvidenceBase, load_evidence
from claimcheck.extract import candidates_many, load_nlp, rule_claims
from claimcheck.genre import Genre, balanced_relabel, load_genre, set_aside
from claimcheck.ingest import from_text
from claimcheck.match import Embedder, EvidenceIndex, MiniLMEmbedder
from claimcheck.types import Candidate, Claim, Document, Label, Match, Report, Verdict
from claimcheck.verdict import Settings, judge, relabel
from claimcheck.verdict_model import VerdictModel, load_verdict_model

JURISDICTIONS = ("all", "us", "uk", "eu", "kr", "au", "tw")


class Detected(NamedTuple):
    """What claim detection found in each document, and the sentence embeddings it made on the way."""

    claims: list[list[Claim]]
    #: P(the document is balanced writing that weighs claims), from ``claimcheck.genre`` (0 without the models)
    balanced: list[float]
    known: dict[str, np.ndarray]


class Checker:
    """Holds the loaded models and evidence index; ``check_*`` calls keep no state."""

    def __init__(
        self,
        evidence: EvidenceBase | Path | str | None = None,
        embedder: Embedder | None = None,
        nlp: object | None = None,
    ) -> None:
        self.evidence = evidence if isinstance(evidence, EvidenceBase) else load_evidence(evidence)
        self.embedder = embedder or MiniLMEmbedder()
        self.nlp = nlp or load_nlp()
        self.index = EvidenceIndex(self.evidence, self.embedder)
        detector = load_detector()
        # The detector only applies with the embedder it was trained on; otherwise the rules decide.
        self.detector: Detector | None = detector if detector and detector.embedder == self.embedder.name else None
        genre = load_genre()
        self.genre: Genre | None = genre if genre and self.detector and genre.embedder == self.embedder.name else None
        verdict_model = load_verdict_model()
        self.verdict_model: VerdictModel | None = verdict_model if verdict_model and verdict_model.embedder == self.embedder.name else None
        calibrator = load_calibrator()
        self.calibrator: Calibrator | None = calibrator if calibrator and calibrator.embedder == self.embedder.name else None
        # spaCy and torch models are not guaranteed thread-safe; the app shares one Checker.
        self._lock = threading.Lock()

    def check_documents(self, docs: list[Document], jurisdiction: str = "all") -> list[Report]:
        """Reports for several documents, with one batched pass of each model."""
        if jurisdiction not in JURISDICTIONS:
            raise ValueError(f"unknown jurisdiction {jurisdiction!r}; choose from {', '.join(JURISDICTIONS)}")
        settings = Settings(jurisdiction=jurisdiction, today=dt.date.today())
        with self._lock:
            found = self.detect_claims(docs)
            flat = [c for claims in found.claims for c in claims]
            vectors = iter(self._claim_vectors(flat) if self.verdict_model else [None] * len(flat))
            matches = iter(self.index.search(flat, found.known))
        return [
            self._report(doc, [self.verdict(claim, next(matches), settings, next(vectors), balanced) for claim in claims], balanced)
            for doc, claims, balanced in zip(docs, found.claims, found.balanced, strict=True)
        ]

    def _report(self, doc: Document, verdicts: list[Verdict], balanced: float) -> Report:
        own, others = set_aside(self._calibrated(verdicts), balanced)
        return Report(
            source=doc.source, verdicts=tuple(own), notices=doc.notices, evidence_version=self.evidence.version,
            balanced=balanced, set_aside=tuple(others),
        )  # fmt: skip

    def detect_claims(self, docs: list[Document]) -> Detected:
        """Candidates from the rules, then the detector's decision with the document's genre."""
        per_doc = candidates_many(docs, self.nlp)
        if self.detector is None:
            return Detected([rule_claims(cands) for cands in per_doc], [0.0] * len(docs), {})
        # A gated sentence (question, disclaimer, rejected claim...) is never a claim: no need to encode it.
        texts = list(dict.fromkeys(c.detector_text for cands in per_doc for c in cands if not c.gates))
        known = dict(zip(texts, self.embedder.encode(texts), strict=True))
        results = [self._detect(cands, known, self.detector) for cands in per_doc]
        return Detected([claims for claims, _ in results], [balanced for _, balanced in results], known)

    def _detect(self, cands: list[Candidate], known: dict[str, np.ndarray], detector: Detector) -> tuple[list[Claim], float]:
        """One document's claims and genre (the genre reads every sentence, then informs the detector)."""
        blank = np.zeros(detector.width, dtype=np.float32)
        vectors = np.array([known.get(c.detector_text, blank) for c in cands]).reshape(len(cands), -1)
        rules = rule_matrix(cands)
        balanced = self.genre.balanced(cands, vectors, rules) if self.genre else 0.0
        probs = detector.probabilities(cands, vectors, self.index.closeness(vectors, PARAPHRASE_COSINE), rules, balanced)
        return detector.claims(cands, probs), balanced

    def _claim_vectors(self, claims: list[Claim]) -> np.ndarray:
        """Embeddings of the claims' own text for the verdict model, encoded in one pass with the
        matcher's texts (which the search then finds already encoded): one model call, not two."""
        return self.embedder.encode([*(c.match_text for c in claims), *(c.text for c in claims)])[len(claims) :]

    def verdict(self, claim: Claim, matches: list[Match], settings: Settings, vector: np.ndarray | None = None, balanced: float = 0.0) -> Verdict:
        """The rule path's verdict, revised by the learned verdict model when one is loaded, and
        cleared where balanced writing reports a lab finding as one or a modest result of the writer's own
        treatment (``genre.balanced_relabel``).

        ``vector`` is the claim text's embedding (encoded here when not given); ``balanced``
        the genre of its document.
        """
        verdict = judge(claim, matches, self.evidence, settings)
        if self.verdict_model is not None:
            vector = self.embedder.encode([claim.text])[0] if vector is None else vector
            verdict = self.verdict_model.revise(verdict, matches, self.evidence, settings, vector, balanced)
        if why := balanced_relabel(verdict, balanced):
            return relabel(verdict, Label.SUPPORTED, matches, self.evidence, settings, why)
        return verdict

    def _calibrated(self, verdicts: list[Verdict]) -> list[Verdict]:
        return self.calibrator(verdicts) if self.calibrator else verdicts

    def check_document(self, doc: Document, jurisdiction: str = "all") -> Report:
        return self.check_documents([doc], jurisdiction)[0]

    def check_text(self, text: str, source: str = "<text>", jurisdiction: str = "all", kind: str = "text") -> Report:
        return self.check_document(from_text(text, source, kind), jurisdiction)

    def check_texts(self, texts: Iterable[str], jurisdiction: str = "all") -> list[Report]:
        docs = [from_text(t, f"<text {i}>") for i, t in enumerate(texts)]
        return self.check_documents(docs, jurisdiction)


@cache
def default_checker() -> Checker:
    """A process-wide Checker on the bundled evidence base and the real models."""
    return Checker()


def check_text(text: str, source: str = "<text>", jurisdiction: str = "all") -> Report:
    """Check one text with the default checker (loads the models on first use)."""
    return default_checker().check_text(text, source, jurisdiction)
