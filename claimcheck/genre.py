"""Document genre: is a text balanced writing that weighs claims, or promotion?

Explainers, reviews and news reports about regenerative aesthetics use the very words of the
advertising they discuss: they quote sellers to rebut them, list what a treatment cannot do and
report lab findings as such. One sentence alone often cannot tell "the exosomes switch your
follicles back on" promised from the same words reported; the whole text can. A logistic
regression over a document's mean sentence embedding and its mean rule features (the detector's
``RULE_FEATURES``: cue types, gates such as rejection and limitation, hedges, negation...) gives
the probability that the text is balanced, learned from the corpus's negative controls against
its promotional texts (and its two editorials that promote). The means are over the text's own
voice: the messages, signed reviews and block quotations it sets in are someone else's words.
The detector and the verdict model take that probability as one input each, so how much it
counts is learned, not set by hand.

A text with fewer than ``MIN_SENTENCES`` open sentences is too short to tell (a draft line in
the linter, a one-line ad) and counts as promotional: ClaimCheck's default is to check.

The genre also decides whose claim a quotation is. A promotion that quotes its own doctor or
patients makes their claims its own; balanced writing quotes sellers, or reports what they
said ("he said a course of six keeps working for a year"), to weigh them (``set_aside``).
Balanced writing also says things no evidence entry is about (how a lab model differs from
skin, what a writer felt after her own session, that "no one's scars vanished"): with no entry
to weigh them against, "unsupported" there would only be a default, so they are set aside as
unjudged rather than flagged. A promotion's unmatched claim is still unsupported: nothing
substantiates it. The writer's own statements that an entry is about are checked like any other:
an editor's balanced draft with one overclaiming sentence still gets that sentence flagged.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import numpy as np

from claimcheck.detector import RULE_FEATURES
from claimcheck.learned import DATA_DIR, StoredModel, load_model
from claimcheck.types import Candidate, ClaimType, Context, Label, Level, Reason, Verdict
from claimcheck.vocab import load_vocabulary, quotations

MODEL_PATH = DATA_DIR / "genre.json"
#: Below this many open sentences the mean embedding says more about the topic than the genre.
MIN_SENTENCES = 5
CLASSES = ("balanced", "promotional")
#: From this P(balanced) on, a text's quoted and attributed claims are reported, not made. On the
#: dev documents held out from the genre model, no promotional text's flagged claim was quoted
#: or attributed above it; in four unseen batches it set aside 22 of 41 flags on negative controls.
BALANCED = 0.5
#: A quotation in straight or curly quotes, of any length: unlike the short wordings a wording rule
#: leaves alone (``triggers._mentioned``), balanced writing often quotes a seller's whole sentence.
_QUOTATION = quotations()


def _read(candidates: list[Candidate]) -> np.ndarray:
    """The sentences the genre reads: the text's own voice, without the messages, reviews and block
    quotations it sets in (a review site's shoppers promise what its editor weighs), unless fewer
    than ``MIN_SENTENCES`` open ones remain (a thread that is all messages): then every sentence."""
    own = np.array([not c.voiced for c in candidates], dtype=bool)
    enough = sum(1 for c, mine in zip(candidates, own, strict=True) if mine and not c.gates) >= MIN_SENTENCES
    return own if enough else np.ones(len(candidates), dtype=bool)


def document_features(candidates: list[Candidate], vectors: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """Mean embedding of the open (ungated) sentences read, then the mean rule features of all those read."""
    read = _read(candidates)
    open_ = read & np.array([not c.gates for c in candidates], dtype=bool)
    embedding = vectors[open_].mean(axis=0) if open_.any() else np.zeros(vectors.shape[1])
    return np.concatenate([embedding, rules[read].mean(axis=0) if read.any() else np.zeros(rules.shape[1])])


def feature_names(width: int) -> tuple[str, ...]:
    return (*(f"mean_emb_{i}" for i in range(width)), *(f"mean_{name}" for name in RULE_FEATURES))


def reported(verdict: Verdict) -> bool:
    """Whether a claim is someone else's: attributed, quoted, a third person's words reported, or a
    clause that only names a promise to answer or dismiss it ("so ignore any talk of results lasting years")."""
    claim = verdict.claim
    vocab = load_vocabulary()
    speech = vocab.find(claim.sentence, "context.quoting") or vocab.find(claim.sentence, "context.reported_speech")
    framed = any(claim.text in frame.text for frame in vocab.find(claim.sentence, "context.topic"))
    return Context.ATTRIBUTED in claim.context or bool(speech) or framed or _QUOTATION.search(claim.sentence) is not None


#: A sentence wholly in bold or italics: a run-in label ("5. **Zero downtime.** Needling leaves ...").
_LABEL = re.compile(r"^\W{0,4}(\*\*|__|\*|_)[^*_\n]+\1\W{0,3}$")


def labelled(verdict: Verdict) -> bool:
    """Whether a claim is a run-in label: balanced writing names a promise there to discuss it."""
    return _LABEL.match(verdict.claim.sentence.strip()) is not None


#: Bullets, table bars, heading marks and emphasis around a line.
_FRAME = re.compile(r"^[\s|>#*_•·–-]+|[\s|*_]+$")


def slogan(verdict: Verdict) -> bool:
    """Whether a claim's whole line is a quoted phrase with no sentence end inside the quotes, as a
    heading, table cell or pull quote of balanced writing names a seller's slogan
    ("'Ten times stronger than PRP'", "“Outperforms filler”"). A quoted full sentence, such as an
    expert's, is not one: in the 720 dev controls, none of 372 such bare slogans is a claim of the text."""
    line = _FRAME.sub("", verdict.claim.sentence)
    return _QUOTATION.fullmatch(line) is not None and re.search(r"[.!?]\W*$", line) is None


def unmatched(verdict: Verdict) -> bool:
    """Whether the verdict rests on no evidence entry at all: "unsupported" by default only."""
    return any(r.code == "NO_EVIDENCE" for r in verdict.reasons)


_REPORTED = Reason(code="SET_ASIDE_REPORTED", message="Set aside, not flagged: balanced writing quotes, attributes, reports or names this claim to weigh it; it is not the text's own.")
_UNMATCHED = Reason(code="SET_ASIDE_UNMATCHED", message="Set aside, not flagged: no evidence entry is about this statement, and in balanced writing that alone does not make it a claim to flag.")


def set_aside(verdicts: list[Verdict], balanced: float) -> tuple[list[Verdict], list[Verdict]]:
    """(flagged as the text's own, set aside): in balanced writing, a flag the evidence base has
    no grounds for (an unmatched statement), or on a claim the text quotes, attributes, reports or
    names in a run-in label, is listed with the reason it was set aside instead, as is any verdict on
    a bare quoted slogan. A reported claim is marked rejected."""
    if balanced < BALANCED:
        return verdicts, []
    own, others = [], []
    for v in verdicts:
        if v.label == Label.SUPPORTED and not slogan(v):
            own.append(v)
        elif reported(v) or labelled(v):
            claim = v.claim.model_copy(update={"context": (*v.claim.context, Context.REJECTED)})
            others.append(v.model_copy(update={"claim": claim, "reasons": (_REPORTED, *v.reasons)}))
        elif unmatched(v):
            others.append(v.model_copy(update={"reasons": (_UNMATCHED, *v.reasons)}))
        else:
            own.append(v)
    return own, others


#: The reasons that make a lab finding overstated whatever the genre: it is offered as proof, or
#: carries a figure, duration or scope the evidence does not.
_EXCESS = {"PROOF_WITHOUT_TRIALS", "MAGNITUDE_NOT_IN_EVIDENCE", "DURATION_EXCEEDS_EVIDENCE", "SCOPE_EXCEEDS_EVIDENCE"}
LAB_FINDING = Reason(
    code="LAB_FINDING_REPORTED",
    message="Balanced writing reports this lab or animal finding as one, in its own setting; lab evidence carries it at that strength.",
)


def reports_lab_finding(verdict: Verdict, balanced: float) -> bool:
    """Whether an overstated (or unsubstantiated) verdict is on a lab or animal finding that balanced
    writing reports as such.

    The guideline calls lab findings overstated when offered as proof of a benefit, as adverts
    offer them; an explainer's "in the dishes, fibroblasts moved faster" places the finding where
    it was made. On dev, every such claim of a balanced text was annotated supported.
    """
    s = verdict.claim.strength
    # The setting may sit in a clause of its own ("Drop vesicles onto cells in a dish and you can watch ...").
    placed = bool(s.preclinical) or bool(load_vocabulary().find(verdict.claim.sentence, "strength.preclinical"))
    return (
        balanced >= BALANCED and _judged_beyond_lab(verdict) and placed
        and not (s.absolutes or s.proof_words or s.magnitudes) and not _EXCESS & {r.code for r in verdict.reasons}
    )  # fmt: skip


def _judged_beyond_lab(verdict: Verdict) -> bool:
    """Overstated, or unsubstantiated (not contradicted) where the nearest entry is itself lab work: a
    clause the parser cut from its "In cultured skin cells, ..." reads as a claim about people."""
    if verdict.label == Label.OVERSTATED:
        return True
    codes = {r.code for r in verdict.reasons}
    lab_entry = bool(verdict.evidence) and verdict.evidence[0].level == Level.PRECLINICAL
    return verdict.label == Label.UNSUPPORTED and lab_entry and "CONTRADICTED_BY_EVIDENCE" not in codes


OWN_RESULT = Reason(
    code="OWN_RESULT_REPORTED",
    message="Balanced writing's first-person account of a modest result of the writer's own treatment; the evidence of a modest benefit carries it at that strength.",
)


#: A result of one's own course: what it did, or how soon ("After four sessions my parting looks fuller").
_RESULT_TYPES = {ClaimType.EFFICACY, ClaimType.DURATION}


def reports_own_result(verdict: Verdict, balanced: float) -> bool:
    """Whether an overstated verdict is on a modest result that balanced writing's writer reports
    of their own treatment ("By week twelve I was losing noticeably less hair").

    An advert's testimonial is offered as proof of what the treatment does for everyone; a
    patient's diary or letter reports one person's course. On dev, 29 of the 31 modest accounts in
    controls were annotated supported; strong wording still counts (``context.strong_result``).
    """
    claim, s = verdict.claim, verdict.claim.strength
    vocab = load_vocabulary()
    return (
        balanced >= BALANCED and verdict.label == Label.OVERSTATED and bool(_RESULT_TYPES & set(claim.types))
        and bool(vocab.find(claim.sentence, "context.personal_account")) and not vocab.find(claim.sentence, "context.strong_result")
        and not (s.absolutes or s.proof_words or s.magnitudes or s.scope) and not _EXCESS & {r.code for r in verdict.reasons}
    )  # fmt: skip


def balanced_relabel(verdict: Verdict, balanced: float) -> Reason | None:
    """Why balanced writing's flagged claim is carried by the evidence after all, or None."""
    if reports_lab_finding(verdict, balanced):
        return LAB_FINDING
    return OWN_RESULT if reports_own_result(verdict, balanced) else None


def describe(balanced: float) -> str | None:
    """A line for reports on a text that reads as balanced writing (None for promotion)."""
    if balanced < BALANCED:
        return None
    return (f"Reads as balanced writing that reports and weighs claims (probability {balanced:.2f}), not as promotion; "
            "the claim detector and the verdict model take this into account, and claims it quotes or attributes "
            "to others, or that no evidence entry is about, are listed as set aside rather than flagged.")  # fmt: skip


class Genre:
    """The stored genre model: ``balanced`` is P(the text is balanced writing)."""

    def __init__(self, model: StoredModel) -> None:
        self.model = model
        self.embedder = str(model.meta.get("embedder", ""))

    def balanced(self, candidates: list[Candidate], vectors: np.ndarray, rules: np.ndarray) -> float:
        """P(balanced) of one document from its candidates, their embeddings and rule features."""
        if sum(1 for c in candidates if not c.gates) < MIN_SENTENCES:
            return 0.0
        p = self.model.proba(document_features(candidates, vectors, rules))[0]
        return round(float(p[self.model.classes.index("balanced")]), 4)


@cache
def load_genre(path: Path = MODEL_PATH) -> Genre | None:
    """The stored genre model, or None when there is none or it read other rule features."""
    if not path.exists():
        return None
    model = load_model(path)
    names = tuple(f"mean_{name}" for name in RULE_FEATURES)
    return Genre(model) if model.features[-len(names) :] == names and set(model.classes) == set(CLASSES) else None
