"""The verdict logic on hand-made matches: polarity, strength checks, rules, reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from claimcheck.strength import grade
from claimcheck.types import Certainty, Claim, ClaimType, Label, Match, Trigger
from claimcheck.verdict import Settings, judge

FDA = "exosome-fda-not-approved"


def claim(text: str, *types: ClaimType, treatments: tuple[str, ...] = ("exosomes",)) -> Claim:
    return Claim(
        text=text, start=0, end=len(text), line=1, col=1, sentence=text,
        types=types or (ClaimType.EFFICACY,), strength=grade(text), treatments=treatments,
    )  # fmt: skip


def match(entry: str, example: str, label: str, score: float = 0.8) -> Match:
    return Match(entry_id=entry, score=score, example=example, example_label=label, example_score=score, label_scores={label: score})


def test_claim_like_a_contradicted_example_is_unsupported(evidence_base) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim("Our exosomes are FDA approved.", ClaimType.REGULATORY), [match(FDA, "We use only FDA-approved exosomes.", "contradicted")], evidence_base)
    assert v.label == Label.UNSUPPORTED
    assert [r.code for r in v.reasons[:2]] == ["WORDING_RULE", "CONTRADICTED_BY_EVIDENCE"]
    assert v.evidence[0].id == FDA and v.evidence[0].url
    assert v.suggestion and "FDA" in v.suggestion


def test_negated_claim_flips_a_contradicted_example(evidence_base) -> None:  # type: ignore[no-untyped-def]
    # Said of a treatment no wording rule covers, so the flip of the example decides.
    c = claim("The FDA has not approved any exosome product.", ClaimType.REGULATORY, treatments=("stem_cells",))
    v = judge(c, [match(FDA, "We use only FDA-approved exosomes.", "contradicted")], evidence_base)
    assert v.label == Label.SUPPORTED
    assert {r.code for r in v.reasons} >= {"SUPPORTED_BY_EVIDENCE", "POLARITY_OPPOSITE_EXAMPLE"}
    assert v.suggestion is None and v.rules == ()


def test_no_match_above_threshold_is_unsupported_without_evidence(evidence_base) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim("Exosomes make eyelashes curl."), [match(FDA, "x", "supported", score=0.2)], evidence_base)
    assert v.label == Label.UNSUPPORTED and v.reasons[0].code == "NO_EVIDENCE" and v.evidence == ()


def _entry_with(evidence_base, **fields):  # type: ignore[no-untyped-def]
    entry = evidence_base.get(FDA).model_copy(update=fields)
    entries = tuple(entry if e.id == FDA else e for e in evidence_base.entries)
    return type(evidence_base)(entries=entries, rules=evidence_base.rules, version="t", root=evidence_base.root)


@pytest.mark.parametrize(
    ("text", "fields", "code"),
    [
        ("Exosomes always reduce redness.", {"max_certainty": Certainty.DEFINITIVE}, "CERTAINTY_EXCEEDS_EVIDENCE"),
        ("Exosomes reduce redness.", {"max_certainty": Certainty.HEDGED}, "CERTAINTY_EXCEEDS_EVIDENCE"),
        ("Results of exosomes last for 6 months.", {"max_duration_days": 84}, "DURATION_EXCEEDS_EVIDENCE"),
        ("Exosomes reduce redness for all skin types.", {"max_certainty": Certainty.DEFINITIVE}, "SCOPE_EXCEEDS_EVIDENCE"),
        ("Exosomes reduce redness by 80%.", {}, "MAGNITUDE_NOT_IN_EVIDENCE"),
        ("Exosomes reduce redness.", {"population": "preclinical", "max_certainty": Certainty.DEFINITIVE}, "PRECLINICAL_ONLY"),
    ],
)
def test_supported_direction_claims_that_go_further_are_overstated(evidence_base, text, fields, code) -> None:  # type: ignore[no-untyped-def]
    base = _entry_with(evidence_base, **fields)
    v = judge(claim(text), [match(FDA, "Exosomes reduce redness.", "supported")], base)
    assert v.label == Label.OVERSTATED
    assert code in {r.code for r in v.reasons}
    assert v.suggestion


def test_stale_entry_is_said(evidence_base) -> None:  # type: ignore[no-untyped-def]
    base = _entry_with(evidence_base, reviewed_on=dt.date(2020, 1, 1))
    v = judge(claim("The FDA has not approved exosomes.", ClaimType.REGULATORY), [match(FDA, "Exosome facials are not FDA-approved.", "supported")], base)
    assert "STALE_EVIDENCE" in {r.code for r in v.reasons}


def test_rules_follow_the_jurisdiction(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("Exosome therapy has no side effects.", ClaimType.SAFETY)
    m = [match(FDA, "Exosome therapy has no side effects at all.", "contradicted")]
    uk = judge(c, m, evidence_base, Settings(jurisdiction="uk"))
    us = judge(c, m, evidence_base, Settings(jurisdiction="us"))
    assert uk.rules and {r.jurisdiction.value for r in uk.rules} == {"uk"}
    assert us.rules and {r.jurisdiction.value for r in us.rules} == {"us"}


SAFE = "asa-unqualified-safe-claims"


@pytest.mark.parametrize(
    ("text", "types", "treatments", "entry"),
    [
        ("Zero downtime and totally safe for every skin.", (ClaimType.SAFETY,), ("microneedling",), SAFE),
        ("No side effects, ever.", (ClaimType.SAFETY,), ("prp",), SAFE),
        ("You may be a little red for a day, nothing more.", (ClaimType.SAFETY,), ("exosomes",), SAFE),
        ("Side effects are limited to mild redness for an hour or two.", (ClaimType.SAFETY,), ("polynucleotides",), SAFE),
        ("You might be a little pink for an hour after the needling, that's it.", (ClaimType.SAFETY,), ("microneedling",), SAFE),
        ("Thicker, fuller hair without surgery, pills or downtime.", (ClaimType.EFFICACY,), ("exosomes",), SAFE),
        ("The only thing you might notice is a little redness that is gone by the next day.", (ClaimType.SAFETY,), ("exosomes",), SAFE),
        ("Your results are permanent.", (ClaimType.DURATION,), ("exosomes",), "results-last-years-unsupported"),
        ("Results typically last two to three years.", (ClaimType.DURATION,), ("prp",), "results-last-years-unsupported"),
        ("Up to 2 years with yearly top-ups.", (ClaimType.DURATION,), ("polynucleotides",), "results-last-years-unsupported"),
        ("Post-acne marks fade for good after three sessions.", (ClaimType.EFFICACY,), ("microneedling",), "results-last-years-unsupported"),
        ("Thicker, fuller hair in as little as one session.", (ClaimType.EFFICACY,), ("prp",), "single-session-unsupported"),
        ("Exosomes keep working in your skin for six to eight months.", (ClaimType.DURATION,), ("exosomes",), "exosome-results-duration"),
        ("Look ten years younger after one visit.", (ClaimType.EFFICACY,), ("stem_cells",), "look-years-younger-claims"),
        ("Clears rosacea in weeks.", (ClaimType.EFFICACY,), ("exosomes",), "exosome-skin-disease-claims-unsubstantiated"),
        ("Wake up with more energy after your drip.", (ClaimType.EFFICACY,), ("iv_infusions",), "exosome-pain-disease-claims-experimental"),
    ],
)
def test_a_wording_rule_settles_a_claim_the_examples_would_pass(evidence_base, text, types, treatments, entry) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim(text, *types, treatments=treatments), [match(FDA, "No exosome product is FDA approved.", "supported")], evidence_base)
    assert v.label == Label.UNSUPPORTED
    assert v.reasons[0].code == "WORDING_RULE" and v.evidence[0].id == entry
    assert v.suggestion == evidence_base.get(entry).carries.strip()


def test_where_no_entry_matched_any_wording_rule_decides(evidence_base) -> None:  # type: ignore[no-untyped-def]
    text = "In our own client questionnaire, 87% rated their hair as fuller after a course."
    v = judge(claim(text, ClaimType.QUANTITATIVE, treatments=("polynucleotides",)), [match(FDA, "x", "supported", score=0.2)], evidence_base)
    assert v.label == Label.OVERSTATED
    assert v.reasons[0].code == "WORDING_RULE" and v.evidence[0].id == "clinically-proven-needs-controlled-trials"


def test_a_wording_rule_exception_is_read_on_the_whole_sentence(evidence_base) -> None:  # type: ignore[no-untyped-def]
    sentence = "A study of 28 adults found better scores when exosomes were added, with no serious side effects."
    clause = "when exosomes were added, with no serious side effects"
    c = claim(clause, ClaimType.SAFETY).model_copy(update={"sentence": sentence})
    v = judge(c, [match("exosome-adverse-events-reported", "Exosome treatments were generally well tolerated.", "supported")], evidence_base)
    assert "WORDING_RULE" not in {r.code for r in v.reasons}


@pytest.mark.parametrize(
    "text",
    [
        "Two participants developed small itchy bumps that settled within a fortnight, and no serious adverse events occurred.",
        "In these trials the exosome add-on was generally well tolerated, with no serious adverse events reported.",
        "Dr Lee also warned against treating exosomes as risk-free: granulomas have been reported.",
        "Acne scores fell; no serious adverse events",
        "A separate 28-person split-face study gave the exosome side better scores, with no serious side effects.",
    ],
)
def test_a_trial_safety_finding_or_a_warning_is_not_absolute_safety_wording(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim(text, ClaimType.SAFETY), [match("exosome-adverse-events-reported", "Exosome treatments were generally well tolerated.", "supported")], evidence_base)
    assert not any(r.code == "WORDING_RULE" and "absolute safety" in r.message for r in v.reasons)


def test_for_good_is_permanence_only_where_it_closes_a_clause(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("We chose microneedling for good reasons: it improves acne scars.", ClaimType.EFFICACY, treatments=("microneedling",))
    v = judge(c, [match("microneedling-acne-scars", "Microneedling can improve acne scars.", "supported")], evidence_base)
    assert "WORDING_RULE" not in {r.code for r in v.reasons}


def test_a_wording_rule_keeps_out_of_a_sentence_that_negates_it(evidence_base) -> None:  # type: ignore[no-untyped-def]
    c = claim("There is no such thing as a risk-free injection.", ClaimType.SAFETY, treatments=("prp",))
    v = judge(c, [match("prp-own-blood-not-risk-free", "No injection is entirely free of risk.", "supported")], evidence_base)
    assert v.label != Label.UNSUPPORTED and "WORDING_RULE" not in {r.code for r in v.reasons}


def test_a_wording_rule_leaves_a_quoted_wording_under_discussion_alone(evidence_base) -> None:  # type: ignore[no-untyped-def]
    m = [match("exosomes-vs-prp", "Exosomes and PRP did about equally well with microneedling.", "supported")]
    discussed = claim('- "100 times stronger than PRP": the one head-to-head trial found the two about equal.', ClaimType.COMPARATIVE)
    assert "WORDING_RULE" not in {r.code for r in judge(discussed, m, evidence_base).reasons}
    reported = claim('The owner adds that his exosomes are "100 times stronger than PRP" in his hands.', ClaimType.COMPARATIVE)
    assert judge(reported, m, evidence_base).reasons[0].code == "WORDING_RULE"


def test_a_wording_rule_never_makes_a_verdict_more_lenient(evidence_base) -> None:  # type: ignore[no-untyped-def]
    lenient = Trigger(label="overstated", patterns=("firms?",), why="a firming claim, for this test")
    base = _entry_with(evidence_base, triggers=(lenient,))
    contradicted = judge(claim("Exosomes firm skin."), [match(FDA, "x", "contradicted")], base)
    assert contradicted.label == Label.UNSUPPORTED and contradicted.reasons[0].code == "CONTRADICTED_BY_EVIDENCE"
    supported = judge(claim("Exosomes firm skin."), [match(FDA, "x", "supported")], base)
    assert supported.label == Label.OVERSTATED and supported.reasons[0].code == "WORDING_RULE"


def test_a_named_study_report_is_not_extra_certainty(evidence_base) -> None:  # type: ignore[no-untyped-def]
    base = _entry_with(evidence_base, max_certainty=Certainty.HEDGED)
    example = match(FDA, "Exosome gel helped laser recovery.", "supported")
    report = judge(claim("In a split-face trial of 25 people, the exosome side healed faster after laser."), [example], base)
    plain = judge(claim("The exosome gel heals skin faster after laser."), [example], base)
    assert report.label == Label.SUPPORTED
    assert plain.label == Label.OVERSTATED and plain.reasons[0].code == "CERTAINTY_EXCEEDS_EVIDENCE"


def test_a_claim_that_places_its_finding_in_the_lab_is_not_preclinical_only(evidence_base) -> None:  # type: ignore[no-untyped-def]
    entry = "exosome-cell-signalling-preclinical"
    example = [match(entry, "In lab studies, exosomes signal skin cells.", "supported")]
    in_mice = judge(claim("In mice, exosomes may speed up wound healing."), example, evidence_base)
    in_people = judge(claim("Exosomes may speed up wound healing."), example, evidence_base)
    assert "PRECLINICAL_ONLY" not in {r.code for r in in_mice.reasons}
    assert in_people.label == Label.OVERSTATED and "PRECLINICAL_ONLY" in {r.code for r in in_people.reasons}


def test_a_general_wording_rule_takes_its_suggestion_from_the_specific_entry(evidence_base) -> None:  # type: ignore[no-untyped-def]
    specific = "exosome-adverse-events-reported"
    c = claim("Exosome facials have no side effects.", ClaimType.SAFETY)
    v = judge(c, [match(specific, "Exosome treatments have caused side effects.", "supported")], evidence_base)
    assert v.label == Label.UNSUPPORTED and v.reasons[0].code == "WORDING_RULE"
    assert [e.id for e in v.evidence] == [SAFE, specific]
    assert v.suggestion == evidence_base.get(specific).carries.strip()


def test_a_rounded_figure_counts_as_the_evidence_figure() -> None:
    from claimcheck.verdict import _figure_in

    stated = "acne scars improved by 32.5% against 19.9% on the control side"
    assert _figure_in("about 32%", stated) and _figure_in("20%", stated)
    assert not _figure_in("50%", stated) and not _figure_in("32 billion", stated)


@pytest.mark.parametrize("text", [
    "As for zero downtime, she pointed to a report of delayed granulomas at injection sites.",
    "14/03/2026, 20:19 - Jas: As for zero downtime, there are reports of delayed granulomas.",
    "Do not describe any exosome product as having zero downtime: granulomas have been reported.",
    "Granulomas have been reported after exosome injections, so ignore any talk of zero downtime.",
    "Zero downtime is a marketing phrase: granulomas have been reported after exosome injections.",
    "Granulomas have been reported, which is nowhere near the zero downtime the salon kept promising.",
    "If a client asks whether there is zero downtime, say that granulomas have been reported.",
])  # fmt: skip
def test_a_promise_put_up_as_the_topic_of_its_rebuttal_fires_no_wording_rule(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim(text, ClaimType.SAFETY), [match("exosome-adverse-events-reported", "Granulomas have been reported after exosome injections.", "supported")], evidence_base)
    assert "WORDING_RULE" not in {r.code for r in v.reasons}


@pytest.mark.parametrize("text", ["The needle pricks stung more than I expected.", "Cell-free products can still provoke reactions."])
def test_a_first_hand_or_plain_side_effect_report_is_an_honest_disclosure(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim(text, ClaimType.SAFETY), [match("exosome-adverse-events-reported", "Exosome products are completely safe.", "contradicted")], evidence_base)
    assert v.label == Label.SUPPORTED and v.reasons[0].code == "WORDING_RULE"


def test_a_study_that_reported_no_serious_adverse_events_is_no_absolute_safety_claim(evidence_base) -> None:  # type: ignore[no-untyped-def]
    text = "A split-face study of 28 people rated the exosome side better on a global scale and reported no serious adverse events."
    v = judge(claim(text, ClaimType.SAFETY), [match("microneedling-risks", "Microneedling can cause redness and swelling.", "supported")], evidence_base)
    assert v.label == Label.SUPPORTED


@pytest.mark.parametrize(
    "text",
    [
        "The FDA has approved only cord-blood cells for certain blood disorders, and it has approved none for any aesthetic purpose.",
        "The one stem-cell product the FDA has approved is for children with a serious complication of transplants.",
        "The only FDA-approved stem-cell products are blood-forming cells from cord blood, for blood disorders.",
        "The only stem-cell product the FDA has approved is a bone-marrow therapy for children, and no exosome product is approved.",
    ],
)
def test_an_account_of_the_few_approved_stem_cell_products_is_no_claim_of_approval(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    found = [match("stem-cell-fda-approval-status", "No stem-cell product is FDA-approved for skin.", "supported")]
    # Exosomes named beside stem cells bring the exosome entry's approval rule in as well.
    v = judge(claim(text, ClaimType.REGULATORY, treatments=("stem_cells", "exosomes")), found, evidence_base)
    assert "WORDING_RULE" not in {r.code for r in v.reasons}
    own = judge(claim("The FDA has approved our stem cell serum.", ClaimType.REGULATORY, treatments=("stem_cells",)), found, evidence_base)
    assert own.label == Label.UNSUPPORTED and own.reasons[0].code == "WORDING_RULE"


def test_a_negative_wording_only_asked_is_not_said_by_an_answer_that_denies_it(evidence_base) -> None:  # type: ignore[no-untyped-def]
    found = [match("microneedling-risks", "Microneedling can cause redness and swelling.", "supported")]
    denied = claim("There is some.", ClaimType.SAFETY).model_copy(update={"heading": "No downtime?"})
    affirmed = claim("Yes, that is right.", ClaimType.SAFETY).model_copy(update={"heading": "No downtime?"})
    assert judge(denied, found, evidence_base).label == Label.SUPPORTED
    said = judge(affirmed, found, evidence_base)
    assert said.label == Label.UNSUPPORTED and said.reasons[0].code == "WORDING_RULE"


def test_a_claim_only_asked_is_not_said_by_an_answer_that_turns_it_down(evidence_base) -> None:  # type: ignore[no-untyped-def]
    found = [match("exosomes-vs-prp", "Exosomes are 100 times more powerful than PRP.", "unsubstantiated")]
    asked = 'Their page says the booster is "100x more powerful than PRP". Is that true?'
    turned_down = claim("Nope, sorry.", ClaimType.COMPARATIVE, treatments=("exosomes", "prp")).model_copy(update={"heading": asked})
    taken_up = claim("Yes, it is.", ClaimType.COMPARATIVE, treatments=("exosomes", "prp")).model_copy(update={"heading": asked})
    assert "WORDING_RULE" not in {r.code for r in judge(turned_down, found, evidence_base).reasons}
    said = judge(taken_up, found, evidence_base)
    assert said.label == Label.UNSUPPORTED and said.reasons[0].code == "WORDING_RULE"


def test_an_authorised_device_is_not_an_approved_exosome_product(evidence_base) -> None:  # type: ignore[no-untyped-def]
    text = "Pens are Class II devices, and the ones FDA has authorised are for facial acne scars in adults."
    found = [match("exosome-fda-not-approved", "No exosome product is FDA approved.", "supported")]
    v = judge(claim(text, ClaimType.REGULATORY), found, evidence_base)
    assert "WORDING_RULE" not in {r.code for r in v.reasons}


def test_ruling_out_serious_harm_does_not_flip_a_safety_example(evidence_base) -> None:  # type: ignore[no-untyped-def]
    text = "A review of nine randomised trials found it helped, with no serious side effects."
    v = judge(claim(text, ClaimType.SAFETY, treatments=("microneedling",)), [match("microneedling-risks", "Microneedling can cause redness and swelling.", "supported")], evidence_base)
    assert "POLARITY_OPPOSITE_EXAMPLE" not in {r.code for r in v.reasons}


def test_a_plain_denial_of_what_the_evidence_lacks_is_not_overstated(evidence_base) -> None:  # type: ignore[no-untyped-def]
    """Denying an unsupported wording needs no hedge; asserting the supported wording still does."""
    base = _entry_with(evidence_base, max_certainty=Certainty.HEDGED)
    example = [match(FDA, "Exosome results are permanent.", "contradicted")]
    denial = judge(claim("Exosome results are not permanent.", ClaimType.DURATION), example, base)
    assert denial.label == Label.SUPPORTED and "CERTAINTY_EXCEEDS_EVIDENCE" not in {r.code for r in denial.reasons}
    absolute = judge(claim("Exosomes never fail to work for anyone.", ClaimType.DURATION), example, base)
    assert absolute.label != Label.SUPPORTED


def test_a_study_finding_of_no_serious_harm_is_not_absolute_safety_wording(evidence_base) -> None:  # type: ignore[no-untyped-def]
    nearest = [match("exosome-adverse-events-reported", "Exosome therapy has no side effects whatsoever.", "contradicted")]
    finding = judge(claim("The exosome side rated better, and no serious side effects turned up.", ClaimType.SAFETY), nearest, evidence_base)
    assert finding.label == Label.SUPPORTED and "TRIAL_SAFETY_FINDING" in {r.code for r in finding.reasons}
    seller = judge(claim("Our exosome facial has no serious side effects.", ClaimType.SAFETY), nearest, evidence_base)
    assert seller.label == Label.UNSUPPORTED



def test_a_study_where_no_one_had_a_serious_reaction_is_not_the_opposite_of_a_harm_example(evidence_base) -> None:  # type: ignore[no-untyped-def]
    nearest = [match("exosome-adverse-events-reported", "Granulomas have been reported after exosome injections.", "supported")]
    text = "Half the face was needled with exosomes and half with saline; the exosome half scored better, and no one had a serious reaction."
    finding = judge(claim(text, ClaimType.SAFETY), nearest, evidence_base)
    assert finding.label == Label.SUPPORTED and "TRIAL_SAFETY_FINDING" in {r.code for r in finding.reasons}
    denial = judge(claim("No one has ever had a reaction to our exosomes.", ClaimType.SAFETY), nearest, evidence_base)
    assert denial.label == Label.UNSUPPORTED, "an unbounded denial is still the opposite of the harm on record"


def test_an_animal_study_with_injected_exosomes_is_no_claim_for_a_drip(evidence_base) -> None:  # type: ignore[no-untyped-def]
    text = "Crossing has been shown mainly in mice given engineered exosomes by intravenous injection."
    v = judge(claim(text, ClaimType.MECHANISM, ClaimType.EFFICACY, treatments=("exosomes", "iv_infusions")), [], evidence_base)
    assert "WORDING_RULE" not in {r.code for r in v.reasons}
    drip = judge(claim("Our exosome drip clears brain fog.", ClaimType.EFFICACY, treatments=("iv_infusions",)), [], evidence_base)
    assert "WORDING_RULE" in {r.code for r in drip.reasons}


@pytest.mark.parametrize(
    "text",
    ["Using exosomes for skin diseases such as rosacea is still experimental.", "Exosome infusions for arthritis are unproven and being studied."],
)
def test_a_disease_use_called_experimental_fires_no_disease_rule(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim(text, ClaimType.EFFICACY, treatments=("exosomes",)), [], evidence_base)
    assert not any(r.code == "WORDING_RULE" for r in v.reasons)


@pytest.mark.parametrize(
    "text",
    ["My acne-scar clients watched their scars disappear after a single session.", "After one treatment the lines around my eyes were gone."],
)
def test_a_dramatic_result_put_on_one_session_is_unsupported(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim(text, ClaimType.EFFICACY, ClaimType.DURATION, treatments=("exosomes",)), [], evidence_base)
    assert v.label == Label.UNSUPPORTED and "WORDING_RULE" in {r.code for r in v.reasons}


def test_redness_told_as_it_was_is_a_supported_side_effect_note(evidence_base) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim("I was a little red after one session, but it had gone by the next morning.", ClaimType.SAFETY), [], evidence_base)
    assert v.label == Label.SUPPORTED
    played_down = judge(claim("You might be a tiny bit pink for an hour and that's literally it.", ClaimType.SAFETY), [], evidence_base)
    assert played_down.label == Label.UNSUPPORTED


def test_marks_a_treatment_left_are_a_side_effect_note(evidence_base) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim("Two needle points left faint brown marks, which had faded by week six.", ClaimType.SAFETY), [], evidence_base)
    assert v.label == Label.SUPPORTED


@pytest.mark.parametrize(
    ("text", "treatment"),
    [
        ("The centrifuge kit we spin your blood in is FDA-cleared as a medical device.", "prp"),
        ("Our pen is cleared for needling only.", "microneedling"),
        ("Its clearance does not extend to delivering serums or growth factors.", "microneedling"),
        ("It is not cleared for pushing exosomes into the skin, so we don't sell it that way.", "microneedling"),
        ("Its clearance does not extend to delivering drugs or biologics.", "exosomes"),
        ("Our pen is cleared for needling only, not for delivering the serum.", "exosomes"),
    ],
)
def test_an_honest_statement_of_a_device_clearance_is_supported(evidence_base, text, treatment) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim(text, ClaimType.REGULATORY, treatments=(treatment,)), [], evidence_base)
    assert v.label == Label.SUPPORTED and "WORDING_RULE" in {r.code for r in v.reasons}


@pytest.mark.parametrize(
    "text",
    ["Our PRP kit is FDA-cleared, which means the treatment is safe and effective.", "The device is FDA-cleared so PRP is approved."],
)
def test_a_clearance_stretched_into_approval_or_proof_is_not_cleared_by_the_rule(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim(text, ClaimType.REGULATORY, treatments=("prp",)), [], evidence_base)
    assert v.label != Label.SUPPORTED


@pytest.mark.parametrize(
    "text",
    [
        "Our pen is FDA-cleared, which means the whole protocol is FDA-cleared too.",
        "Because the pens in the protocol are FDA-cleared devices, the full protocol is FDA-compliant.",
        "The pen's clearance covers the booster we glide on with it.",
    ],
)
def test_a_clearance_stretched_to_the_serum_or_protocol_is_contradicted(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim(text, ClaimType.REGULATORY, treatments=("microneedling", "exosomes")), [], evidence_base)
    assert v.label == Label.UNSUPPORTED and "CONTRADICTED_BY_EVIDENCE" in {r.code for r in v.reasons}


def test_a_trial_arm_that_beat_saline_is_no_claim_of_superiority(evidence_base) -> None:  # type: ignore[no-untyped-def]
    text = "In one small trial, conditioned media with microneedling beat microneedling with salt water for texture."
    v = judge(claim(text, ClaimType.COMPARATIVE, ClaimType.EFFICACY, treatments=("conditioned_media", "microneedling")), [], evidence_base)
    assert "WORDING_RULE" not in {r.code for r in v.reasons} or v.label == Label.SUPPORTED
    beat = judge(claim("Our exosomes beat microneedling for texture.", ClaimType.COMPARATIVE), [], evidence_base)
    assert beat.label == Label.UNSUPPORTED


def test_denying_a_drips_benefit_is_not_an_unsubstantiated_benefit(evidence_base) -> None:  # type: ignore[no-untyped-def]
    text = "We found no human evidence of benefit, and the FDA has reported infections after unapproved products."
    v = judge(claim(text, ClaimType.EFFICACY, ClaimType.SAFETY, treatments=("iv_infusions",)), [], evidence_base)
    assert "NO_SUBSTANTIATION" not in {r.code for r in v.reasons}


@pytest.mark.parametrize(
    "text",
    [
        "Being your own blood doesn't make PRP risk-free.",
        "Being autologous doesn't make it safe.",
        "Coming from a fish does not make a product harmless.",
        "They're not risk-free.",
        "PRP facials are not entirely free of side effects.",
    ],
)
def test_denying_that_a_treatment_or_its_source_is_safe_states_a_risk(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.context import gates
    from claimcheck.vocab import load_vocabulary

    assert gates(load_vocabulary(), text) == (), "a claim of its own, not a rejected one"
    v = judge(claim(text, ClaimType.SAFETY, treatments=("prp",)), [], evidence_base)
    assert v.label == Label.SUPPORTED and "WORDING_RULE" in {r.code for r in v.reasons}
    assert judge(claim("Being your own blood, PRP is completely safe.", ClaimType.SAFETY, treatments=("prp",)), [], evidence_base).label == Label.UNSUPPORTED


def test_a_registration_disclaimed_in_the_same_sentence_is_supported(evidence_base) -> None:  # type: ignore[no-untyped-def]
    found = [match("registered-lab-not-approval", "Our drip clinic's vials all come from a cGMP, FDA-registered supplier.", "overstated")]
    sentence = "Our plant is FDA-registered and certified to ISO 13485, but registration of a site is not approval of anything made there."
    disclaimed = claim("Our plant is FDA-registered and certified to ISO 13485", ClaimType.REGULATORY).model_copy(update={"sentence": sentence})
    assert judge(disclaimed, found, evidence_base).label == Label.SUPPORTED
    reassured = claim("Our plant is FDA-registered, so every vial is approved.", ClaimType.REGULATORY)
    assert judge(reassured, found, evidence_base).label != Label.SUPPORTED


@pytest.mark.parametrize("heading", ["'No downtime'", '"No downtime" | What the studies say', "The ‘no downtime’ promise"])
def test_a_wording_quoted_in_the_heading_above_is_not_said_by_the_answer_below(evidence_base, heading) -> None:  # type: ignore[no-untyped-def]
    found = [match("microneedling-risks", "Microneedling can cause redness and swelling.", "supported")]
    answer = claim("Redness and swelling for a day or two are normal after needling.", ClaimType.SAFETY, treatments=("microneedling",))
    v = judge(answer.model_copy(update={"heading": heading}), found, evidence_base)
    assert v.label == Label.SUPPORTED and "WORDING_RULE" not in {r.code for r in v.reasons[:1]}
    said = judge(answer.model_copy(update={"heading": "No downtime"}), found, evidence_base)
    assert said.label == Label.UNSUPPORTED and said.reasons[0].code == "WORDING_RULE"


def test_far_from_risk_free_states_a_risk(evidence_base) -> None:  # type: ignore[no-untyped-def]
    text = "Far from being risk-free because it uses your own blood, PRP microneedling has been linked to HIV infections."
    v = judge(claim(text, ClaimType.SAFETY, treatments=("prp", "microneedling")), [], evidence_base)
    assert "WORDING_RULE" not in {r.code for r in v.reasons}, "no absolute-safety wording is said"
    assert grade("Results are far from guaranteed.").negated and not grade("Treatment far from home is harder.").negated


@pytest.mark.parametrize(
    "text",
    [
        "Our protocol is listed on ClinicalTrials.gov, which means it has been properly validated.",
        "Our serum has its own NCT number, so you know it is safe.",
    ],
)
def test_a_trial_listing_turned_into_proof_or_approval_is_contradicted(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    v = judge(claim(text, ClaimType.REGULATORY, treatments=("stem_cells",)), [], evidence_base)
    assert v.label == Label.UNSUPPORTED and v.reasons[0].code == "WORDING_RULE"
    assert v.evidence[0].id == "clinical-trial-listing-not-approval"
    honest = "A ClinicalTrials.gov listing does not mean a product is approved or validated."
    assert "WORDING_RULE" not in {r.code for r in judge(claim(honest, ClaimType.REGULATORY, treatments=("stem_cells",)), [], evidence_base).reasons}


def test_a_plain_denial_of_exosome_approval_is_supported_but_not_one_that_claims_an_exemption(evidence_base) -> None:  # type: ignore[no-untyped-def]
    plain = judge(claim("Our exosome serum is not an FDA-approved drug.", ClaimType.REGULATORY), [], evidence_base)
    assert plain.label == Label.SUPPORTED and plain.reasons[0].code == "WORDING_RULE"
    exempt = judge(claim("It is not FDA-approved because it is a cosmetic, so no approval is needed.", ClaimType.REGULATORY), [], evidence_base)
    assert exempt.label != Label.SUPPORTED
    drip = judge(claim("The Lumen Drip has not been approved by the FDA.", ClaimType.REGULATORY, treatments=("iv_infusions",)), [], evidence_base)
    assert drip.label == Label.SUPPORTED and drip.reasons[0].code == "WORDING_RULE"


def test_a_device_the_fda_authorised_is_no_claim_that_prp_is_approved(evidence_base) -> None:  # type: ignore[no-untyped-def]
    text = "Our needling pen belongs to a class of devices the FDA has authorised only for facial acne scars and wrinkles in adults."
    v = judge(claim(text, ClaimType.REGULATORY, treatments=("prp", "microneedling")), [], evidence_base)
    assert "CONTRADICTED_BY_EVIDENCE" not in {r.code for r in v.reasons}
    approved = judge(claim("The FDA has approved PRP for thinning hair.", ClaimType.REGULATORY, treatments=("prp",)), [], evidence_base)
    assert approved.label == Label.UNSUPPORTED and approved.reasons[0].code == "WORDING_RULE"


@pytest.mark.parametrize(
    "text",
    [
        "Some people find their rosacea flares for a few days after any facial procedure, so we always start with a test patch.",
        "In the one head-to-head study, on sun-damaged skin rather than rosacea, exosomes and PRP did about the same.",
    ],
)
def test_a_skin_disease_named_as_a_risk_or_outside_a_study_is_no_promise_to_treat_it(evidence_base, text) -> None:  # type: ignore[no-untyped-def]
    assert "WORDING_RULE" not in {r.code for r in judge(claim(text, ClaimType.EFFICACY), [], evidence_base).reasons}
    for promise in ("Exosomes switch off rosacea at its source.", "Calms rosacea flare-ups after every session."):
        promised = judge(claim(promise, ClaimType.EFFICACY), [], evidence_base)
        assert promised.label == Label.UNSUPPORTED and promised.reasons[0].code == "WORDING_RULE"
