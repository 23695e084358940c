"""Evidence retrieval: the hybrid index, the claim's topic, and examples chosen by polarity."""

from __future__ import annotations

import pytest

from claimcheck import match
from claimcheck.match import EvidenceIndex, HashingEmbedder
from claimcheck.strength import grade
from claimcheck.types import Claim, ClaimType


def claim(text: str, topic: str | None = None) -> Claim:
    return Claim(
        text=text, start=0, end=len(text), line=1, col=1, sentence=text, types=(ClaimType.REGULATORY,),
        strength=grade(text), treatments=("exosomes",), topic=topic,
    )  # fmt: skip


def test_match_text_names_the_unnamed_topic() -> None:
    assert claim("Thicker hair starts here.", topic="exosomes").match_text == "exosomes Thicker hair starts here."
    assert claim("Exosomes thicken hair.").match_text == "Exosomes thicken hair."


def test_an_example_with_the_claims_polarity_is_preferred_when_nearly_as_close(evidence_base, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    negative = claim("Our exosome serum is not FDA approved yet.")

    def nearest() -> tuple[str | None, str | None]:
        found = EvidenceIndex(evidence_base, HashingEmbedder()).search([negative])[0]
        fda = next(m for m in found if m.entry_id == "exosome-fda-not-approved")
        return fda.example, fda.example_label

    example, label = nearest()
    assert example is not None and grade(example).negated and label == "supported"
    monkeypatch.setattr(match, "POLARITY_MARGIN", 0.0)
    example, label = nearest()  # without the preference the nearest example reads the other way
    assert example is not None and not grade(example).negated and label == "contradicted"


@pytest.mark.e2e
def test_minilm_reuses_embeddings_of_sentences_it_has_seen(checker, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    embedder = checker.embedder
    first = embedder.encode(["PRP regrows hair.", "Exosomes are FDA approved."])
    calls: list[list[str]] = []
    encode = embedder.model.encode
    monkeypatch.setattr(embedder.model, "encode", lambda texts, **kw: calls.append(list(texts)) or encode(texts, **kw))
    again = embedder.encode(["Exosomes are FDA approved.", "A new sentence about microneedling."])
    assert calls == [["A new sentence about microneedling."]]
    assert (again[0] == first[1]).all()
    monkeypatch.setattr(match, "SEEN_MAX", 1)
    embedder.encode(["One more sentence."])
    assert list(embedder._seen) == ["One more sentence."]


def test_closeness_to_the_evidence_leaves_out_paraphrasing_examples(evidence_base) -> None:  # type: ignore[no-untyped-def]
    index = EvidenceIndex(evidence_base, HashingEmbedder())
    entry = evidence_base.entries[0]
    example, _ = next(iter(entry.examples.labelled()))
    title, same = index.closeness(index.embedder.encode([entry.title, example]), paraphrase=0.85)
    assert title[0] > 0.99  # an entry's own wording
    assert same[1] <= 0.85  # the example itself (cosine 1) is left out
    assert index.closeness(index.embedder.encode([example]), paraphrase=1.01)[0, 1] > 0.99
