"""When a wording rule of the evidence base (an entry's ``triggers``) applies to a claim.

A trigger's patterns are looked for in the claim's words (with the heading or question it
inherits and a tail too short to be a clause of its own), or in its whole sentence when the
trigger says so. A wording only quoted for discussion, only asked in the question a short
answer turns down, or negated by the claim itself does not fire one; ``claimcheck.verdict``
picks the strictest of those that do.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimcheck.evidence import EvidenceBase
from claimcheck.speakers import unlabelled
from claimcheck.strength import grade
from claimcheck.types import Claim, Evidence, Trigger
from claimcheck.vocab import bounded, load_vocabulary, quotations


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(bounded(pattern), re.IGNORECASE)


def _search(patterns: tuple[str, ...], text: str) -> str | None:
    hit = next((m for p in patterns if (m := _compiled(p).search(text))), None)
    return hit.group(0) if hit else None


#: A short quoted wording, in any of the quote marks ``vocab.quotations`` reads.
_QUOTED = quotations(60)
#: Any quotation, however long: a heading may quote a seller's whole line.
_QUOTATION = quotations()


def _mentioned(hit: str, sentence: str) -> bool:
    """Whether a wording is only quoted, not said, inside a longer sentence.

    '"Lasts for years": the longest follow-up is twelve weeks' names the claim to discuss it. A
    quotation someone is reported saying ('the owner adds that the boosters "might settle
    rosacea"') is still their claim, and a testimonial is most of its sentence. A wording put up
    as the topic of what follows ("As for zero downtime, she pointed to ..."), or named in advice
    on wording ('Do not describe any serum as FDA approved'), is mentioned too.
    """
    vocab = load_vocabulary()
    sentence = unlabelled(vocab, sentence)
    if any(hit in frame.text for frame in (*vocab.find(sentence, "context.topic"), *vocab.find(sentence, "context.mention"))):
        return True
    if vocab.find(sentence, "context.quoting"):
        return False
    whole = len(sentence.strip())
    return any(hit in q.group(0) and len(q.group(0)) < 0.6 * whole for q in _QUOTED.finditer(sentence))


def _asks(heading: str) -> bool:
    """Whether a heading is a question, under any bold or italic markup ("**Q: Zero downtime?**")."""
    return heading.rstrip(" *_").endswith("?")


def _quoted_above(hit: str, claim: Claim) -> bool:
    """Whether a trigger's wording comes only from a heading that quotes it: a table of "what the ads
    say / what the studies say" puts "'No downtime'" above the risks that answer it. (A question
    heading is left to ``_only_asked``.)"""
    heading = claim.heading or ""
    if hit in claim.text or _asks(heading):
        return False
    return any(hit in q.group(0) for q in _QUOTATION.finditer(heading))


def _only_asked(hit: str, claim: Claim, negative: bool) -> bool:
    """Whether a trigger's wording is only in the question a short answer answers, and the answer
    does not take it up. A negative wording ("No downtime?") is denied unless the answer affirms
    it ("There is some."); any other ("100x more powerful than PRP, true?") only when the answer
    turns it down ("Neither, I'm afraid.")."""
    heading, vocab = claim.heading or "", load_vocabulary()
    denied = bool(vocab.find(claim.text, "context.answer_denies"))
    # A rebuttal ("Rating: False.") takes its wording from the statement it answers, as an answer does from its question.
    asked = (_asks(heading) or denied) and hit in heading and hit not in claim.text
    if negative:
        return asked and not vocab.find(claim.text, "context.answer_affirms")
    return asked and denied


def _fires(trigger: Trigger, claim: Claim, text: str) -> str | None:
    """The wording by which a trigger applies to a claim ('' when it applies by treatment alone), or None."""
    if trigger.types and not set(trigger.types) & set(claim.types):
        return None
    if trigger.treatments and not set(trigger.treatments) & set(claim.treatments):
        return None
    # An exception is a frame of the whole sentence ("a study of 28 adults found ..., with no serious
    # side effects"), which clause splitting may leave outside the claim.
    if trigger.unless and _search(trigger.unless, f"{text} {claim.sentence}") is not None:
        return None
    if trigger.label == "supported" and (claim.strength.absolutes or claim.strength.proof_words):
        return None  # "always bruises", "infection is impossible": a disclosure rule never clears an absolute
    if not trigger.negated:
        if claim.strength.negated:
            return None
        if not trigger.patterns:
            return ""
    hit = _search(trigger.patterns, claim.sentence if trigger.scope == "sentence" else text)
    if hit is None or _mentioned(hit, claim.sentence) or _quoted_above(hit, claim):
        return None
    if trigger.label == "supported":
        return hit  # a disclosure's own negation ("not cleared to deliver serums") is its content
    if _only_asked(hit, claim, trigger.negated):
        return None
    if not trigger.negated:
        return hit
    # "No side effects" is negative by its own wording; "there is no risk-free procedure" negates it.
    rest = text
    for pattern in trigger.patterns:
        rest = _compiled(pattern).sub(" ", rest)
    return None if grade(rest).negated else hit


#: Words left after a claim's clause that still qualify it ("..., and that's it", "..., nothing
#: more", "... but that's literally it"), not counting the conjunction that joins them.
TAIL_MAX_WORDS = 3
_JOINS = {"and", "but", "or"}


def _with_tail(claim: Claim) -> str:
    """The claim's words with a tail too short to be a clause of its own, which clause splitting cut off."""
    at = claim.sentence.find(claim.text)
    tail = claim.sentence[at + len(claim.text) :] if at >= 0 else ""
    words = [w for w in tail.split() if any(ch.isalpha() for ch in w)]
    words = words[1:] if words and words[0].lower() in _JOINS else words
    return claim.text + tail if len(words) <= TAIL_MAX_WORDS else claim.text


def applying(claim: Claim, base: EvidenceBase) -> list[tuple[Evidence, Trigger, str]]:
    """Every trigger of the evidence base that applies to a claim, with the wording that fired it
    ('' when it applies by treatment alone)."""
    text = f"{claim.heading} {_with_tail(claim)}" if claim.heading else _with_tail(claim)
    return [(entry, t, hit) for entry in base.entries for t in entry.triggers if (hit := _fires(t, claim, text)) is not None]
