"""Sentence framing: gates, and a sentence that grants one thing and rejects another."""

from __future__ import annotations

import pytest

from claimcheck.context import granted
from claimcheck.extract import candidates_many, extract
from claimcheck.ingest import from_text
from claimcheck.vocab import load_vocabulary


def claim_texts(text: str) -> list[str]:
    return [c.text for c in extract(from_text(text, "t"))]


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("PRP can thicken hair a little in some people, though nobody has shown it brings back a full head of hair.", "PRP can thicken hair a little in some people"),
        ("Microneedling can improve acne scars, but claims that one session will erase them are not backed by evidence.", "Microneedling can improve acne scars"),
        ("Exosome serums show early promise for thinning hair, but that is a long way from regrowing a bald crown.", "Exosome serums show early promise for thinning hair"),
        ("Although no trial has shown that exosomes regrow hair, PRP injections can modestly increase hair density.", "PRP injections can modestly increase hair density"),
    ],
)
def test_the_granted_side_of_a_turn_is_the_claim(sentence: str, kept: str) -> None:
    """Guideline section 4: the granted clause is the claim; the rejected part does not count against it."""
    [candidate] = candidates_many([from_text(sentence, "t")])[0]
    assert candidate.gates == ()
    assert [c.text for c in candidate.offered_claims] == [kept]


@pytest.mark.parametrize(
    "sentence",
    [
        "Exosomes are 100 times more powerful than PRP, but no study backs that up.",
        "Clinics say exosomes regrow hair in weeks, but there is no evidence for that.",
        "Some clinics claim exosomes are FDA approved, but no evidence supports that.",
    ],
)
def test_a_rejection_that_points_back_rejects_the_whole_sentence(sentence: str) -> None:
    assert granted(load_vocabulary(), sentence, ("rejection",)) is None
    assert claim_texts(sentence) == []


def test_a_turn_does_not_lift_a_question_or_a_sentence_without_a_rejection() -> None:
    vocab = load_vocabulary()
    assert granted(vocab, "Does PRP thicken hair, or is there no evidence it regrows a crown?", ("question", "rejection")) is None
    assert granted(vocab, "PRP can thicken hair a little, but results fade within a year.", ()) is None


def test_a_rejection_before_an_and_leaves_the_claim_after_it() -> None:
    sentence = "We could find no source for that figure, and the one head-to-head trial found that exosomes and PRP improved sun-damaged skin to the same degree."
    assert claim_texts(sentence) == ["the one head-to-head trial found that exosomes and PRP improved sun-damaged skin to the same degree"]


def test_a_report_after_an_and_takes_the_whole_sentence_with_it() -> None:
    sentence = "There's a clinic near me doing exosome injections for thinning hair, and the leaflet says they're a hundred times more powerful than PRP."
    assert granted(load_vocabulary(), sentence, ("rejection",)) is None


def test_a_limitation_of_the_evidence_qualifies_a_claim_but_a_denied_benefit_rejects_it() -> None:
    vocab = load_vocabulary()
    small = "We saw no infections or allergic reactions in this group, but 61 people are far too few to rule out rare problems."
    assert granted(vocab, small, ("limitation",)) == [(0, 58)]
    survey = "In our survey 44% of readers felt their hair was thicker after six months, while a similar share noticed no change."
    assert granted(vocab, survey, ("limitation",)) is None


def test_a_common_belief_set_up_to_be_corrected_is_rejected() -> None:
    from claimcheck.context import gates

    assert gates(load_vocabulary(), "Because the plasma comes from your own blood, some people assume PRP carries no risk at all.") == ("rejection",)


@pytest.mark.parametrize(
    "text",
    [
        "Some clinics sell PRP as risk-free because it comes from your own blood, and that is simply wrong.",
        "PRP is risk-free because it comes from your own blood, which is false.",
        "Talk of polynucleotides repairing DNA runs well past anything published.",
        "Promises that exosomes keep working for a year outstrip the data.",
        "Others call it risk-free because the plasma comes from your own blood.",
        'Some studios offer to needle an "FDA-approved exosome serum" into your skin.',
        "The idea that polynucleotides outperform filler is appealing if you are nervous of filler.",
    ],
)
def test_a_claim_sold_by_others_or_judged_false_as_it_is_reported_is_rejected(text: str) -> None:
    from claimcheck.context import gates

    assert gates(load_vocabulary(), text) == ("rejection",)
    assert gates(load_vocabulary(), "Our clinic sells PRP for thinning hair.") == ()
    assert gates(load_vocabulary(), "Results that go beyond what you expected.") == ()


def test_a_pitch_introduced_with_a_colon_rejects_every_claim_listed_after_it() -> None:
    from claimcheck.context import gates

    vocab = load_vocabulary()
    pitch = "The pitch we keep seeing in DMs: exosomes are a hundred times stronger than PRP, and one session does the work of a year."
    assert gates(vocab, pitch) == ("rejection",) and granted(vocab, pitch, ("rejection",)) is None


def test_a_seller_s_page_introduced_with_a_colon_is_reported_speech() -> None:
    vocab = load_vocabulary()
    assert vocab.find("Their treatment page says this: our exosomes are stronger.", "context.reported_speech")
    assert not vocab.find("Our promise: exosomes heal your skin.", "context.reported_speech")


def test_what_the_writer_s_relative_swore_is_reported_speech() -> None:
    vocab = load_vocabulary()
    assert vocab.find("My sister swore microneedling has no downtime, so I booked it.", "context.reported_speech")
    assert not vocab.find("My skin has never looked better.", "context.reported_speech")


def test_what_nobody_yet_knows_and_a_benefit_denied_to_some_are_limitations() -> None:
    # "yet" after "nobody" is an adverb, not a turn that would leave "knows how long ..." standing as a claim
    sentence = "It does not help everyone, it will not restore a full head of hair, and nobody yet knows how long any benefit lasts."
    [candidate] = candidates_many([from_text(sentence, "t")])[0]
    assert "limitation" in candidate.gates  # no side of it stands as a claim
    assert claim_texts("PRP helps many people with thinning hair.")


def test_a_denial_after_a_semicolon_takes_out_only_its_own_claim() -> None:
    sentence = "Those results support exosomes as an add-on that may help acne scars after laser; they offer nothing on resetting anyone's age."
    assert claim_texts(sentence) == ["Those results support exosomes as an add-on that may help acne scars after laser"]


def test_the_reasoning_behind_a_treatment_is_no_claim() -> None:
    from claimcheck.context import gates

    vocab = load_vocabulary()
    assert "protocol" in gates(vocab, "The theory behind the treatment is that growth factors prompt the skin to remodel itself.")
    assert claim_texts("The thinking is that small controlled injuries prompt the skin to remodel itself.") == []
    assert claim_texts("If vesicles can change how cells behave, the thinking goes, a dose of them might coax tired skin into action.") == []
    assert claim_texts("Growth factors prompt the skin to remodel itself.")


def test_medicines_named_as_conventional_treatment_carry_no_regulatory_status() -> None:
    vocab = load_vocabulary()
    assert not vocab.find("we offer it alongside the medicines rather than instead of them", "type.regulatory")
    assert vocab.find("Courts have held that these treatments are drugs.", "type.regulatory")
    assert vocab.find("It is a cosmetic serum rather than a medicine.", "type.regulatory")


def test_a_product_sold_as_a_cosmetic_states_its_category_and_is_not_a_reported_pitch() -> None:
    sentence = "No exosome product is FDA-approved, and Quenvale is sold as a cosmetic, not a medical treatment."
    assert "No exosome product is FDA-approved" in claim_texts(sentence)
    assert claim_texts("The cream is sold as a miracle for wrinkles, but it is an ordinary moisturiser.") == []
