from __future__ import annotations

import pytest

from claimcheck.strength import duration_days, grade
from claimcheck.types import Certainty


@pytest.mark.parametrize(
    ("text", "certainty"),
    [
        ("PRP may modestly improve hair density in some patients.", Certainty.HEDGED),
        ("Microneedling improves acne scars.", Certainty.DEFINITIVE),
        ("Exosome therapy does not have any side effects.", Certainty.ABSOLUTE),
        ("Guaranteed results for every client.", Certainty.ABSOLUTE),
        ("Clinically proven to reduce wrinkles.", Certainty.ABSOLUTE),
    ],
)
def test_certainty(text: str, certainty: Certainty) -> None:
    assert grade(text).certainty == certainty


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The FDA has not approved any exosome product.", True),
        ("Exosomes are FDA approved.", False),
        ("No allergic reactions occur.", True),
        ("Not only does it smooth wrinkles, it brightens skin.", False),
        ("It is never painful and never causes bruising.", True),
        ("Exosome injections are not without risk.", False),
        ("As for zero downtime, she pointed to a report of delayed granulomas.", False),
        ("When it comes to no side effects, the reports say otherwise.", False),
        ("There is zero downtime.", True),
        ("And they are not free of side effects: granulomas have been reported.", False),
        ("PRP isn't entirely free from risk.", False),
        ("Being your own blood doesn't make PRP risk-free.", False),
    ],
)
def test_polarity(text: str, negated: bool) -> None:
    assert grade(text).negated is negated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Smoking is associated with skin ageing.", 1),
        ("Exosomes may help reduce redness after laser.", 2),
        ("Exosomes reduce redness after laser.", 3),
        ("The clinic opens at nine.", 0),
        # An association outranks the effect words inside it.
        ("Exosome use is linked to faster wound healing.", 1),
        # A call for research names an effect without asserting it.
        ("More trials are needed to learn whether PRP thickens hair.", 0),
        # "suggest" reports a finding; only a modal hedge makes it conditional.
        ("The data suggest that microneedling reduces scarring.", 3),
        ("Microneedling could reduce scarring.", 2),
        ("Polynucleotide injections appear to soften fine lines.", 2),
        # A group difference or an unattributed change is correlational.
        ("Collagen levels were lower in older women than in younger women.", 1),
        ("Skin elasticity declined with age in both groups.", 1),
        # Side effects and lasting results are effects of the treatment.
        ("Exosome therapy has no side effects.", 3),
        ("Results last for years.", 3),
    ],
)
def test_yu_grade(text: str, expected: int) -> None:
    assert grade(text).grade == expected


def test_modal_hedges_still_count_as_hedges() -> None:
    s = grade("Exosomes might possibly help, and early studies are promising.")
    assert s.certainty == Certainty.HEDGED
    assert {"might", "possibly", "early studies", "promising"} <= set(s.hedges)


def test_a_treatment_called_an_exciting_new_idea_is_hedged() -> None:
    assert grade("Exosomes are one of the more exciting new ideas in hair restoration.").certainty == Certainty.HEDGED
    assert grade("Exciting results from the very first session!").certainty != Certainty.HEDGED


def test_magnitudes_durations_scope() -> None:
    s = grade("Exosomes are 100 times stronger than PRP, with 5 billion particles, and results last for many years for everyone.")
    assert "100 times" in s.magnitudes and any("billion" in m for m in s.magnitudes)
    assert s.duration_days == 5 * 365
    assert s.scope == ("everyone",)


def test_duration_days_only_for_lasting_wording() -> None:
    assert grade("Results appear within 3 months.").duration_days is None
    assert grade("Exosomes remain active for six to eight months.").duration_days == 240
    assert duration_days("permanent") == 36500
    assert duration_days("12 weeks") == 84


def test_contractions_negate_like_the_full_form() -> None:
    """'isn't', 'can't' and curly-apostrophe forms read like 'is not' and 'cannot'."""
    for full, short in [("PRP is not risk-free.", "PRP isn’t risk-free."), ("You cannot be allergic to it.", "You can't be allergic to it."),
                        ("It does not cause side effects.", "It doesn’t cause side effects.")]:  # fmt: skip
        assert grade(full).negated == grade(short).negated
    assert not grade("PRP isn't risk-free.").negated, "a double negation asserts the risk"


def test_study_reports_and_lab_settings_are_recognised() -> None:
    report = grade("In a small split-face trial of 25 people, the exosome side healed faster.")
    assert report.study_report and not grade("Exosomes heal skin faster.").study_report
    assert grade("In mice, exosomes sped up wound healing.").preclinical
    assert grade("Lab studies show exosomes boost collagen.").preclinical
    assert not grade("Exosomes boost collagen in your skin.").preclinical
    assert grade("The treated fibroblasts closed a scratch across the dish faster than untreated cells.").preclinical
    assert not grade("Exosomes wake up your fibroblasts.").preclinical
    # where a product is made is no lab finding
    assert not grade("Our exosomes are FDA-approved and made in a cGMP lab.").preclinical
    assert not grade("Every vial is processed in an FDA-registered laboratory.").preclinical
    assert grade("It sped wound closure in the lab.").preclinical


def test_a_denied_absolute_or_duration_is_not_asserted() -> None:
    """'not permanent' denies permanence: no absolute, no duration, but still a negated claim."""
    for text in ["PRP results are not permanent.", "The glow does not last forever.", "They won't stay for years."]:
        s = grade(text)
        assert s.negated and not s.absolutes and s.duration_days is None and s.certainty == Certainty.DEFINITIVE, text
    assert grade("Results are permanent.").absolutes == ("permanent",)
    assert grade("Not only faster but permanent.").duration_days == 36500, "'not only' denies nothing"
    assert grade("Results never fade and last for years.").duration_days == 730


@pytest.mark.parametrize("text", ["Exosome therapies are still waiting on their first FDA approval.", "The serum has yet to be cleared by any regulator."])
def test_an_approval_still_to_come_is_negated(text: str) -> None:
    assert grade(text).negated
