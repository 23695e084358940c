"""Decide a verdict for one claim from its matches and its own wording.

Pure functions over the data types. The nearest labelled example of the best
entry gives a starting label; the claim's polarity is compared with the
example's (a negated claim flips it), then its strength (certainty, proof words,
duration, scope, numbers, human vs. lab evidence) is compared with what the
entry carries. Every step that changes the label adds a reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from claimcheck.evidence import STALE_AFTER_DAYS, EvidenceBase
from claimcheck.strength import grade
from claimcheck.triggers import applying
from claimcheck.types import (
    Certainty,
    Claim,
    ClaimType,
    Context,
    Evidence,
    EvidenceRef,
    Label,
    Match,
    Population,
    Reason,
    RuleRef,
    Trigger,
    Verdict,
)
from claimcheck.vocab import load_vocabulary

#: Below this hybrid score no entry is taken to be about the claim.
MATCH_THRESHOLD = 0.5
#: Raw confidence of a verdict settled by a wording rule (calibration maps it to a probability).
TRIGGER_CONFIDENCE = 0.9
_FLIP = {"supported": "contradicted", "contradicted": "supported", "unsubstantiated": "supported", "overstated": "overstated"}
_BASE = {
    "supported": (Label.SUPPORTED, "SUPPORTED_BY_EVIDENCE"),
    "overstated": (Label.OVERSTATED, "OVERSTATES_EVIDENCE"),
    "contradicted": (Label.UNSUPPORTED, "CONTRADICTED_BY_EVIDENCE"),
    "unsubstantiated": (Label.UNSUPPORTED, "NO_SUBSTANTIATION"),
}


def example_label(key: str) -> Label:
    """The verdict an example's label stands for ("contradicted" and "unsubstantiated" are unsupported)."""
    return _BASE[key][0]


@dataclass(frozen=True)
class Settings:
    jurisdiction: str = "all"
    threshold: float = MATCH_THRESHOLD
    today: dt.date | None = None


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.;])\s", text.strip(), maxsplit=1)[0]


def _base_reason(key: str, entry: Evidence) -> Reason:
    code = _BASE[key][1]
    messages = {
        "supported": f"The evidence carries this claim: {_first_sentence(entry.statement)}",
        "overstated": f"The evidence points the same way but the claim goes further: {_first_sentence(entry.statement)}",
        "contradicted": f"The evidence contradicts this claim: {_first_sentence(entry.statement)}",
        "unsubstantiated": f"No substantiation found for this claim: {_first_sentence(entry.statement)}",
    }
    return Reason(code=code, message=messages[key])


def _strength_reasons(claim: Claim, entry: Evidence) -> list[Reason]:
    """Ways in which a claim in the supported direction says more than the entry carries."""
    s, out = claim.strength, []
    # A report of a named study says what that study found, at the study's own strength.
    # So does a bullet that takes its claim from a benefit heading: it has no modality of its own.
    # A negated claim in the supported direction denies what the evidence does not carry ("PRP
    # results are not permanent"), which a plain statement may do.
    plain = bool(s.study_report) or Context.INHERITED in claim.context or s.negated
    unmarked = plain and not (s.absolutes or s.proof_words)
    if s.certainty.rank > entry.max_certainty.rank and not unmarked:
        words = ", ".join(s.absolutes or s.proof_words) or s.certainty.value
        out.append(Reason(code="CERTAINTY_EXCEEDS_EVIDENCE", message=f"Worded as {s.certainty.value} ({words}); the evidence carries at most {entry.max_certainty.value} wording."))
    if s.proof_words and not (entry.level.is_controlled_human and entry.max_certainty == Certainty.ABSOLUTE):
        out.append(Reason(code="PROOF_WITHOUT_TRIALS", message=f"'{s.proof_words[0]}' implies robust controlled human trials; the evidence is {entry.level.value.replace('_', ' ')}."))
    if s.duration_days and entry.max_duration_days is not None and s.duration_days > entry.max_duration_days:
        out.append(Reason(code="DURATION_EXCEEDS_EVIDENCE", message=f"Claims effects lasting about {s.duration_days} days; the evidence follows patients for {entry.max_duration_days} days."))
    if s.scope and entry.max_certainty != Certainty.ABSOLUTE:
        out.append(Reason(code="SCOPE_EXCEEDS_EVIDENCE", message=f"Claims it for '{s.scope[0]}'; the evidence covers particular patients and protocols."))
    if entry.population == Population.PRECLINICAL and ClaimType.EFFICACY in claim.types and not s.preclinical:
        out.append(Reason(code="PRECLINICAL_ONLY", message="A claim about people that rests only on lab or animal studies."))
    evidence_text = f"{entry.statement} {entry.carries}".lower()
    unseen = [m for m in s.magnitudes if not _figure_in(m, evidence_text)]
    if unseen:
        out.append(Reason(code="MAGNITUDE_NOT_IN_EVIDENCE", message=f"The figure '{unseen[0]}' is not in the evidence."))
    return out


#: A figure within this share of one in the evidence is the same figure, rounded ("about 32%" for 32.5%).
FIGURE_TOLERANCE = 0.05
_NUMBER_UNIT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?(%|percent|per\scent|billion|million|thousand|trillion|times|x\b|×|-?fold)")


def _figures(text: str) -> list[tuple[float, str]]:
    unit = {"percent": "%", "per cent": "%", "-fold": "fold", "x": "times", "×": "times"}
    return [(float(n.replace(",", "")), unit.get(u, u)) for n, u in _NUMBER_UNIT.findall(text.lower())]


def _figure_in(figure: str, evidence_text: str) -> bool:
    """Whether the evidence states a figure, verbatim or rounded."""
    if re.sub(r"\s", "", figure.lower()) in re.sub(r"\s", "", evidence_text):
        return True
    stated = _figures(evidence_text)
    return any(
        unit == u and abs(value - v) <= max(0.5, FIGURE_TOLERANCE * v) for value, unit in _figures(figure) for v, u in stated
    )


def _source_reasons(entry: Evidence, today: dt.date) -> list[Reason]:
    out = []
    if entry.secondary_only:
        out.append(Reason(code="SECONDARY_SOURCES_ONLY", message=f"Entry {entry.id} rests only on secondary sources."))
    if entry.has_unverified:
        out.append(Reason(code="UNVERIFIED_CITATION", message=f"Some citation details of entry {entry.id} are not independently verified."))
    if (today - entry.reviewed_on).days > STALE_AFTER_DAYS:
        out.append(Reason(code="STALE_EVIDENCE", message=f"Entry {entry.id} was last reviewed on {entry.reviewed_on}."))
    return out


def _ref(entry: Evidence, match: Match) -> EvidenceRef:
    source = next((s for s in entry.sources if s.kind == "primary"), entry.sources[0])
    return EvidenceRef(
        id=entry.id, title=entry.title, level=entry.level, score=match.score,
        citation=source.citation(), url=source.link, matched_example=match.example,
    )  # fmt: skip


def _rules(base: EvidenceBase, claim: Claim, entry: Evidence | None, jurisdiction: str) -> tuple[RuleRef, ...]:
    treatments = set(claim.treatments) | (set(entry.treatments) if entry else set())
    return tuple(
        RuleRef(id=r.id, title=r.title, jurisdiction=r.jurisdiction, url=r.sources[0].link)
        for r in base.rules_for(jurisdiction)
        if set(r.claim_types) & set(claim.types) and (not r.treatments or set(r.treatments) & treatments)
    )


def _confidence(match: Match, threshold: float) -> float:
    closeness = min(max((match.score - threshold) / (0.9 - threshold), 0.0), 1.0)
    rivals = [v for k, v in match.label_scores.items() if k != match.example_label]
    margin = match.example_score - max(rivals) if rivals else 0.1
    agreement = min(max(margin / 0.1, 0.0), 1.0)
    return round(min(0.99, 0.45 + 0.35 * closeness + 0.2 * agreement), 3)


def _no_evidence(claim: Claim, matches: list[Match], base: EvidenceBase, settings: Settings) -> Verdict:
    closest = f" (closest entry: {matches[0].entry_id}, score {matches[0].score:.2f})" if matches else ""
    gap = (settings.threshold - matches[0].score) / settings.threshold if matches else 1.0
    return Verdict(
        claim=claim,
        label=Label.UNSUPPORTED,
        confidence=round(min(0.95, 0.55 + 0.4 * max(gap, 0.0) * 3), 3),
        reasons=(Reason(code="NO_EVIDENCE", message=f"No entry in the evidence base substantiates this claim{closest}."),),
        evidence=(),
        rules=_rules(base, claim, None, settings.jurisdiction),
        suggestion=None,
    )


def _may_flip(key: str, claim: Claim) -> bool:
    """Whether a polarity difference may turn the label round.

    Negation is read on whole sentences, so an example's incidental "no need for ..." can look
    like the opposite stance. Clearing a claim on that basis would be false reassurance, so an
    unsubstantiated example only yields "supported" when the claim itself is the negative one.
    A claim that only rules out serious harm is not the opposite of a supported example.
    """
    if key == "supported" and load_vocabulary().find(claim.sentence, "strength.bounded_denial"):
        return False  # "no serious side effects" does not deny the mild ones a safety example names
    return key != "unsubstantiated" or claim.strength.negated


def _trial_safety_finding(claim: Claim, example: str | None) -> bool:
    """Whether a claim reports that a study saw no serious harm ("the exosome side rated better,
    and no serious side effects turned up"), while the example denies every side effect.

    Small trials recorded no serious adverse events (F27, F29, F41); a seller's unqualified "no
    serious side effects" is left to the wording rules, which exempt only such study reports.
    """
    vocab = load_vocabulary()
    bounded = vocab.find(claim.sentence, "strength.bounded_denial")
    example_bounded = example is not None and bool(vocab.find(example, "strength.bounded_denial"))
    return bool(bounded) and bool(grade(claim.sentence).study_report) and not example_bounded


def triggered(claim: Claim, base: EvidenceBase) -> tuple[Evidence, Trigger, str] | None:
    """The strictest trigger of the evidence base that applies to a claim, with the wording that fired it."""
    return max(applying(claim, base), key=lambda f: _BASE[f[1].label][0].rank, default=None)


def _specific(claim: Claim, entry: Evidence, by_examples: Verdict, base: EvidenceBase) -> Evidence | None:
    """The treatment-specific entry the examples found, when the rule's own entry is a general one.

    "No side effects" on an exosome page is condemned by the general rule on safety wording, but
    the wording the evidence carries is better taken from the exosome safety entry.
    """
    if "any" not in entry.treatments or not by_examples.evidence:
        return None
    found = base.get(by_examples.evidence[0].id)
    fits = set(found.treatments) & set(claim.treatments) and set(found.claim_types) & set(claim.types)
    return found if fits and found.id != entry.id else None


def _by_trigger(claim: Claim, fired: tuple[Evidence, Trigger, str], by_examples: Verdict, matches: list[Match], base: EvidenceBase, settings: Settings) -> Verdict:
    entry, trigger, hit = fired
    label, _ = _BASE[trigger.label]
    said = f"'{hit}': " if hit else f"A claim about {' or '.join(t.replace('_', ' ') for t in trigger.treatments)}: "
    match = next((m for m in matches if m.entry_id == entry.id), Match(entry_id=entry.id, score=0.0, example=None, example_label=None, example_score=0.0))
    reasons = [Reason(code="WORDING_RULE", message=said + trigger.why), _base_reason(trigger.label, entry)]
    specific = _specific(claim, entry, by_examples, base)
    return Verdict(
        claim=claim,
        label=label,
        confidence=TRIGGER_CONFIDENCE,
        reasons=(*reasons, *_source_reasons(entry, settings.today or dt.date.today())),
        evidence=(_ref(entry, match), *(by_examples.evidence[:1] if specific else ())),
        rules=() if label == Label.SUPPORTED else _rules(base, claim, entry, settings.jurisdiction),
        suggestion=None if label == Label.SUPPORTED else (specific or entry).carries.strip(),
    )


def judge(claim: Claim, matches: list[Match], base: EvidenceBase, settings: Settings | None = None) -> Verdict:
    """The verdict for one claim, with its reasons, evidence, rules and suggestion.

    A trigger (a wording rule of the evidence base) replaces the example-based verdict unless that
    is stricter: the rule names the wording at fault, which a nearest example cannot. A disclosure
    rule (label supported) only fires when no stricter rule does, and then stands. Where no entry
    matched at all, "unsupported" is only a default, so any rule that fires decides.
    """
    settings = settings or Settings()
    verdict = _judge_by_examples(claim, matches, base, settings)
    fired = triggered(claim, base)
    if fired and (fired[1].label == "supported" or _BASE[fired[1].label][0].rank >= verdict.label.rank or not verdict.evidence):
        return _by_trigger(claim, fired, verdict, matches, base, settings)
    return verdict


def _judge_by_examples(claim: Claim, matches: list[Match], base: EvidenceBase, settings: Settings) -> Verdict:
    if not matches or matches[0].score < settings.threshold or matches[0].example_label is None:
        return _no_evidence(claim, matches, base, settings)
    best = matches[0]
    entry = base.get(best.entry_id)
    key = best.example_label or "unsubstantiated"
    reasons: list[Reason] = []
    if key in ("contradicted", "supported") and _trial_safety_finding(claim, best.example):
        # Checked before polarity: "no one had a serious reaction" denies serious harm only, so it
        # is neither the opposite of "redness is common" nor the absolute "no side effects at all".
        key = "supported"
        reasons.append(Reason(code="TRIAL_SAFETY_FINDING", message=f"A study's finding of no serious harm neither denies the milder after-effects on record nor claims absolute safety (nearest example: '{best.example}')."))
    elif best.example and grade(best.example).negated != claim.strength.negated and _may_flip(key, claim):
        key = _FLIP[key]
        reasons.append(Reason(code="POLARITY_OPPOSITE_EXAMPLE", message=f"The claim says the opposite of the nearest example ('{best.example}'), which is labelled {best.example_label}."))
    label = _BASE[key][0]
    reasons.insert(0, _base_reason(key, entry))
    if label == Label.SUPPORTED:
        excess = _strength_reasons(claim, entry)
        if excess:
            label = Label.OVERSTATED
            reasons = [excess[0], *reasons, *excess[1:]]
    reasons += _source_reasons(entry, settings.today or dt.date.today())
    related = [m for m in matches[1:] if m.score >= settings.threshold]
    return Verdict(
        claim=claim,
        label=label,
        confidence=_confidence(best, settings.threshold),
        reasons=tuple(reasons),
        evidence=(_ref(entry, best), *(_ref(base.get(m.entry_id), m) for m in related)),
        rules=() if label == Label.SUPPORTED else _rules(base, claim, entry, settings.jurisdiction),
        suggestion=None if label == Label.SUPPORTED else entry.carries.strip(),
    )


def relabel(verdict: Verdict, label: Label, matches: list[Match], base: EvidenceBase, settings: Settings, why: Reason) -> Verdict:
    """The verdict given another label (by the verdict model), with the reasons that label rests on.

    The evidence the rule path found is kept; ``why`` says what overrode the rule path.
    """
    refs = verdict.evidence or tuple(_ref(base.get(m.entry_id), m) for m in matches[:1])
    if not refs:
        return verdict.model_copy(update={"label": label, "reasons": (why, *verdict.reasons)})
    entry = base.get(refs[0].id)
    match = next((m for m in matches if m.entry_id == entry.id), None)
    scores = match.label_scores if match else {}
    if label == Label.UNSUPPORTED:
        key = max(("unsubstantiated", "contradicted"), key=lambda k: scores.get(k, -1.0))
    else:
        key = label.value
    reasons = [why, _base_reason(key, entry)]
    if label == Label.OVERSTATED:
        reasons += _strength_reasons(verdict.claim, entry)
    reasons += _source_reasons(entry, settings.today or dt.date.today())
    return verdict.model_copy(update={
        "label": label,
        "reasons": tuple(reasons),
        "evidence": refs,
        "rules": () if label == Label.SUPPORTED else _rules(base, verdict.claim, entry, settings.jurisdiction),
        "suggestion": None if label == Label.SUPPORTED else entry.carries.strip(),
    })  # fmt: skip
