"""Claim strength: how strongly a wording asserts what it asserts.

``grade(text)`` returns a :class:`~claimcheck.types.Strength` with the grade of
Yu et al. 2019 (0 no relationship claim, 1 correlational, 2 conditional or hedged
causal, 3 direct causal), certainty, polarity, and the absolutes, magnitudes,
durations and scope words found. It works on plain text, so it can grade any
sentence, with or without the spaCy pipeline.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimcheck.types import Certainty, Strength
from claimcheck.vocab import Hit, Vocabulary, load_vocabulary

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18,
    "a few": 3, "several": 3, "many": 5,
}  # fmt: skip
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}
_FOREVER_DAYS = 36500
_DURATION_RE = re.compile(
    r"(?P<n>\d+|a few|[a-z]+)(?:\s(?:to|-|–)\s(?P<m>\d+|[a-z]+))?\s(?P<unit>day|week|month|year|decade)s?",
    re.IGNORECASE,
)
#: Durations only count as a claim of lasting effect next to one of these words.
_LASTING_RE = re.compile(
    r"\b(last\w*|remain\w*|stay\w*|keep\w*|persist\w*|permanent\w*|forever|lifetime|long[-\s]?(lasting|term)|for\s(years|months))\b",
    re.IGNORECASE,
)
#: Two negations that cancel ("not without risk"); coordinated ones ("never X and never Y") do not.
_DOUBLE_NEGATION_RE = re.compile(r"\b(not|n't|never|cannot)\s(\w+\s)?(without|no|never)\b", re.IGNORECASE)
#: A negation just before a wording, across only a verb of being or lasting ("not permanent",
#: "does not last forever", "won't stay for years", "doesn't make PRP risk-free"): the wording is
#: denied, not asserted.
_DENIED_BEFORE = re.compile(
    r"(?:\bnot|n['’]t|\bnever|\bno)\s+(?:(?:be|is|are|was|were|been|being|last|lasts|stay|stays|remain|remains"
    r"|necessarily|really|truly|always|quite|entirely|completely|totally|for|a|the)\s+){0,3}$|(?:\bnot|n['’]t)\s+(?:make|render)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_MAGNITUDE_RE = re.compile(
    r"\b\d[\d,.]*\s?(?:%|percent|per\scent|billion|million|thousand|trillion|times|x\b|×|-?fold)"
    r"|\b(?:twice|double|triple|(?:two|three|four|five|ten|a\shundred)\s(?:times|fold))\b",
    re.IGNORECASE,
)


def _number(word: str | None) -> int:
    if not word:
        return 0
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)


def duration_days(phrase: str) -> int | None:
    """Days meant by a duration phrase ("6 to 8 months" -> 240, "permanent" -> 36500)."""
    lowered = phrase.lower()
    if re.search(r"permanent|forever|lifetime", lowered):
        return _FOREVER_DAYS
    if re.fullmatch(r"for\s(years|months)", lowered):
        return 730 if "years" in lowered else 60
    match = _DURATION_RE.search(lowered)
    if not match:
        return None
    count = max(_number(match.group("n")), _number(match.group("m")))
    return count * _UNIT_DAYS[match.group("unit").lower()] if count else None


def _within(hit: Hit, spans: list[Hit]) -> bool:
    return any(s.start <= hit.start < s.end for s in spans)


def _drop_pseudo(negations: list[Hit], pseudo: list[Hit]) -> list[Hit]:
    return [n for n in negations if not _within(n, pseudo)]


def _asserted(text: str, hits: list[Hit]) -> list[Hit]:
    """The hits not denied by a negation right before them."""
    return [h for h in hits if not _DENIED_BEFORE.search(text[max(0, h.start - 40) : h.start])]


def _causal_hits(vocab: Vocabulary, text: str, described: list[Hit]) -> list[Hit]:
    """Causal cues outside descriptive spans. A claim that an effect lasts is causal too; a
    marketing effect verb needs a health object beside it, as in the claim rules of cues.yaml."""
    hits = vocab.find(text, "strength.causal") + vocab.find(text, "type.efficacy") + vocab.find(text, "type.duration")
    if vocab.find(text, "efficacy.object"):
        hits += vocab.find(text, "efficacy.verb")
    return [h for h in hits if not any(d.start <= h.start < d.end for d in described)]


def _grade(vocab: Vocabulary, text: str) -> int:
    """Yu et al. 2019 grade. A call for research or a recommendation asserts no finding; an
    association outranks the effect words inside it ("linked to better healing" is
    correlational); only a modal hedge makes a causal claim conditional; a group difference
    or an unattributed change is correlational unless a causal cue stands outside it."""
    if vocab.find(text, "strength.unasserted"):
        return 0
    if vocab.find(text, "strength.correlational"):
        return 1
    described = vocab.find(text, "strength.comparison")
    if _causal_hits(vocab, text, described):
        return 2 if vocab.find(text, "strength.hedge.modal") else 3
    return 1 if described else 0


@lru_cache(maxsize=20_000)
def grade(text: str) -> Strength:
    """Grade the strength of one claim or sentence (memoised: the result is immutable)."""
    vocab = load_vocabulary()
    hedges = vocab.find(text, "strength.hedge")
    # "No serious side effects" rules out serious harm only: a bounded claim, not an absolute one.
    bounded = vocab.find(text, "strength.bounded_denial")
    absolutes = [h for h in _asserted(text, vocab.find(text, "strength.absolute")) if not _within(h, bounded)]
    proof = vocab.find(text, "strength.proof")
    # A negation inside a topic frame ("As for zero downtime, ...") names the promise being
    # answered; it says nothing about the polarity of what the sentence then asserts.
    not_negating = vocab.find(text, "strength.pseudo_negation") + vocab.find(text, "context.topic")
    negations = _drop_pseudo(vocab.find(text, "strength.negation"), not_negating)
    durations = [h.text for h in _asserted(text, vocab.find(text, "strength.duration"))]
    lasting = bool(_LASTING_RE.search(text))
    days = [d for d in (duration_days(p) for p in durations) if d is not None] if lasting else []
    if absolutes or proof:
        certainty = Certainty.ABSOLUTE
    elif hedges:
        certainty = Certainty.HEDGED
    else:
        certainty = Certainty.DEFINITIVE
    return Strength(
        grade=_grade(vocab, text),
        certainty=certainty,
        negated=bool(negations) and not _DOUBLE_NEGATION_RE.search(text),
        absolutes=tuple(h.text for h in absolutes),
        hedges=tuple(h.text for h in hedges),
        magnitudes=tuple(m.group(0) for m in _MAGNITUDE_RE.finditer(text)),
        durations=tuple(durations),
        duration_days=max(days) if days else None,
        scope=tuple(h.text for h in vocab.find(text, "strength.scope")),
        proof_words=tuple(h.text for h in proof),
        study_report=tuple(h.text for h in vocab.find(text, "strength.study_report")),
        preclinical=tuple(h.text for h in vocab.find(text, "strength.preclinical")),
    )
