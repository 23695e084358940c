"""ConText-style framing of a sentence: what stops it being the page's claim, and how a claim is framed.

``gates`` names why a whole sentence is not a claim (a question, a call to action, a claim
reported to be rejected...). ``granted`` handles the sentence that does both: it grants one
thing and rejects another across a turn ("PRP can thicken hair a little, but nobody has shown
it regrows a bald crown"). The guideline counts the granted clause as the claim and leaves the
rejected one out, as ConText ends a negation's scope at "but". ``contexts`` marks a claim
hedged, negated, hypothetical or attributed. Every cue is data in ``claimcheck/vocab``.
"""

from __future__ import annotations

import re

from claimcheck.types import Context, Strength
from claimcheck.vocab import Vocabulary

#: Short price lines are offers, not claims; a long sentence with a price may still claim.
PRICE_MAX_WORDS = 14
#: Words a question may trail after its question mark and still be a question.
QUESTION_TAIL_WORDS = 5

#: Context vocabularies that mean a sentence is not the page's own claim.
GATES = ("question", "cta", "disclaimer", "limitation", "rejection", "price", "protocol", "mention", "direction")
#: The gates a turn can confine to one side of a sentence (a quoted wording is a mention there):
#: the others (a question, a call to action, a disclaimer...) frame the whole of it.
TURNABLE = frozenset({"rejection", "limitation", "mention"})

#: A question without its mark, as comments are typed ("leo: does it do anything for scars tho"):
#: an auxiliary, then a subject, after an optional commenter's handle.
_BARE_QUESTION = re.compile(
    r"^(?:@?[\w.]+:\s+)?(?:do|does|did|is|are|was|were|can|could|will|would|should|has|have)\s+"
    r"(?:it|this|that|they|you|i|we|he|she|there|anyone|anybody|someone|the|a|an|my|your|his|her|their|these|those)\b[^.!:]*$",
    re.IGNORECASE,
)
#: A reader's turn in a Q&A column ("Q: My sister swears her dark circles have vanished."): what
#: the asker says, including the story behind the question, is not the author's claim.
_ASKER = re.compile(r"^\W*Q\s?[:.]\s", re.IGNORECASE)
#: Where a sentence turns from one statement to another that may deny it: "but" and "yet", or
#: "and", "though", "although", "whereas", "however" and "while" after a comma, semicolon or dash
#: (a bare "and" joins a list, a bare "while" is often time: "while you sleep").
#: "yet" after a subject or an auxiliary is an adverb, not a turn ("nobody yet knows", "has yet to").
_TURN = re.compile(r"(?:[,;–—]\s*|(?<!nobody)(?<!\bone)(?<!\bnot)(?<!n't)(?<!n’t)(?<!\bhas)(?<!have)(?<!\bhad)(?<!\bis)(?<!\bare)(?<!\bwas)(?<!were)\s)(?=(?:but|yet)\s)|[,;–—]\s*(?=(?:and|though|although|whereas|however|while)\b)|;\s+", re.IGNORECASE)
#: The words that open the contrasting side of a turn.
_CONTRAST = re.compile(r"^\W*(?:but|yet|though|although|whereas|however|while)\b", re.IGNORECASE)
#: A sentence that opens with its concession ("Although no trial has shown ..., PRP can ...")
#: turns at the comma that closes it.
_LEAD = re.compile(r"^\W*(?:although|though|even\sthough|while|whereas)\b[^,;]{8,}?,\s+", re.IGNORECASE)


def _asks(sentence: str) -> bool:
    """A question, including one with a short tail after its mark ("does it help?? asking for a friend 🙏")."""
    if _ASKER.match(sentence):
        return True
    if "?" not in sentence:
        return bool(_BARE_QUESTION.match(sentence))
    return len(sentence.rsplit("?", 1)[1].split()) <= QUESTION_TAIL_WORDS


def gates(vocab: Vocabulary, sentence: str) -> tuple[str, ...]:
    """Why a sentence would not be a claim by the rules (empty when nothing stops it)."""
    stripped = sentence.strip()
    found = ["question"] if _asks(stripped) or vocab.find(stripped, "context.indirect_question") else []
    found += [c for c in ("cta", "disclaimer", "limitation", "rejection", "protocol", "mention", "direction") if vocab.find(stripped, f"context.{c}")]
    if vocab.find(stripped, "context.price") and len(stripped.split()) <= PRICE_MAX_WORDS:
        found.append("price")
    return tuple(found)


def _sides(sentence: str) -> list[tuple[int, int]]:
    """The parts of a sentence between its turns, as character ranges (one part when it has none)."""
    lead = _LEAD.match(sentence)
    cuts = [lead.end()] if lead else []
    cuts += [m.end() for m in _TURN.finditer(sentence) if m.end() > (cuts[0] if cuts else 0)]
    bounds = [0, *cuts, len(sentence)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if sentence[a:b].strip()]


def granted(vocab: Vocabulary, sentence: str, found: tuple[str, ...]) -> list[tuple[int, int]] | None:
    """The sides of a sentence that stand as its claims when another side rejects or qualifies.

    A side stands when no rejection, limitation or mention cue lies in it and it names a
    benefit, risk or status. A gated side that names a claim of its own after a contrast ("...,
    but nobody has shown it regrows a bald crown"), or denies a benefit of its own, takes only
    that claim out. Any other gated side points back, as anaphora does, and rejects every side
    before it ("..., but no study backs that up"; "..., and the leaflet says they regrow hair"),
    unless it only limits the evidence ("..., though the trials were small"): a claim stated with
    its limitation is still the claim. None when the sentence does not turn that way.
    """
    if set(found) - TURNABLE or _leads_in(vocab, sentence):
        return None
    sides = _sides(sentence)
    if len(sides) < 2:
        return None
    texts = [sentence[a:b] for a, b in sides]
    framed = [set(gates(vocab, t)) & TURNABLE for t in texts]
    if not any(framed):
        return None
    named = [_names_claim(vocab, t) for t in texts]
    # Someone else's words reported on one side ("..., and a video said ...") are not the text's claim.
    standing = [n and not f and not vocab.find(t, "context.reported_speech") for n, f, t in zip(named, framed, texts, strict=True)]
    for i, t in enumerate(texts):
        # Its own claim is what a side denies after a contrast or a semicolon ("...; they offer nothing
        # on resetting anyone's age"), or a benefit it denies ("..., and it's a long way from reversing
        # ageing"); a report after "and" may carry the sides before.
        turned = _CONTRAST.match(t) is not None or sentence[: sides[i][0]].rstrip().endswith(";")
        own = named[i] and (turned or framed[i] == {"limitation"})
        if framed[i] and not own and not _limits_only(vocab, t, framed[i]):
            standing[:i] = [False] * i
    kept = [side for side, s in zip(sides, standing, strict=True) if s]
    return kept or None


def _leads_in(vocab: Vocabulary, sentence: str) -> bool:
    """Whether a rejection cue introduces the rest of the sentence after a colon ("The pitch we keep
    seeing: exosomes are stronger than PRP, and one session does the work of a year"): every claim
    listed after it is the reported pitch, whatever turns the list takes."""
    return any(sentence[h.start : h.end].rstrip().endswith(":") for h in vocab.find(sentence, "context.rejection"))


def _limits_only(vocab: Vocabulary, text: str, framed: set[str]) -> bool:
    """Whether a side only limits the evidence ("the trials were small"), denying no benefit."""
    return framed == {"limitation"} and all(h.set_id == "limitation" for h in vocab.find(text, "context.limitation"))


def _names_claim(vocab: Vocabulary, text: str) -> bool:
    """Whether a side names a benefit, risk or status of its own, not only "that" or "it": proof
    wording ("is not backed by evidence", "has not been proven") judges a claim without naming one."""
    proof = {(h.start, h.end) for h in vocab.find(text, "strength.proof")}
    return any(not any(a <= h.start and h.end <= b for a, b in proof) for h in (*vocab.find(text, "type"), *vocab.find(text, "efficacy")))


def contexts(vocab: Vocabulary, sentence: str, strength: Strength, inherited: bool, spoken: bool = False) -> tuple[Context, ...]:
    """ConText-style framing of a claim; a claim can carry several (``spoken``: in a speaker's turn)."""
    found = {
        Context.INHERITED: inherited,
        Context.HEDGED: bool(strength.hedges),
        Context.NEGATED: strength.negated,
        Context.HYPOTHETICAL: bool(vocab.find(sentence, "context.hypothetical")),
        Context.ATTRIBUTED: spoken or bool(vocab.find(sentence, "context.attribution")),
    }
    return tuple(c for c, on in found.items() if on)
