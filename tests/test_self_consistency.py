"""Every labelled example claim in the evidence base, through the full pipeline (real models).

An example labelled supported may also come out as "no claim" (an accurate statement of a
limitation is not flagged, which is what the page's reader sees either way).
"""

from __future__ import annotations

import pytest

from claimcheck.types import Label

pytestmark = pytest.mark.e2e

#: Share of examples that must come out with their label; raise it as the vocabulary improves.
MIN_AGREEMENT = 0.95
_EXPECTED = {"supported": "supported", "overstated": "overstated", "contradicted": "unsupported", "unsubstantiated": "unsupported"}


def _outcome(report) -> str:  # type: ignore[no-untyped-def]
    labels = [v.label for v in report.verdicts]
    return max(labels, key=lambda label: label.rank).value if labels else "none"


def test_example_claims_get_their_labels(checker) -> None:  # type: ignore[no-untyped-def]
    items = [(e.id, text, _EXPECTED[key]) for e in checker.evidence.entries for text, key in e.examples.labelled()]
    reports = checker.check_texts([text for _, text, _ in items])
    misses = []
    for (entry_id, text, want), report in zip(items, reports, strict=True):
        got = _outcome(report)
        if got != want and not (want == Label.SUPPORTED.value and got == "none"):
            misses.append(f"{entry_id}: want {want}, got {got}: {text}")
    agreement = 1 - len(misses) / len(items)
    print(f"\nself-consistency: {len(items) - len(misses)}/{len(items)} = {agreement:.3f}")
    print("\n".join(misses))
    assert agreement >= MIN_AGREEMENT, f"{len(misses)} of {len(items)} examples disagree:\n" + "\n".join(misses)
