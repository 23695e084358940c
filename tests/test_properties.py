"""Property: for any text, checking never raises and every claim's text is the input sliced at its offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.errors import InputError

PHRASES = st.sampled_from(
    [
        "Exosome therapy has no side effects.",
        "Results last for years!",
        "\n- Skin rejuvenation\n",
        "What are the benefits?\n",
        "FDA approved 100× stronger than PRP",
        "  ",
        "\r\n",
        "# Heading\n",
        "It may help; it doesn't cure.",
    ]
)
TEXTS = st.one_of(st.text(max_size=400), st.lists(st.one_of(PHRASES, st.text(max_size=30)), max_size=12).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_check_never_raises_and_offsets_slice_the_input(fast_checker, text: str) -> None:  # type: ignore[no-untyped-def]
    try:
        report = fast_checker.check_text(text, "prop")
    except InputError:
        assert not text.strip()
        return
    for v in report.verdicts:
        assert text[v.claim.start : v.claim.end] == v.claim.text
        assert v.reasons
