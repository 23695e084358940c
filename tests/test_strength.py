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
    ],
)
def test_yu_grade(text: str, expected: int) -> None:
    assert grade(text).grade == expected


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
