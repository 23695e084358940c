"""Which claims and evidence items a page shows for the reviewer's filters and search."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TypeVar

from claimcheck.types import Decision, Evidence, Rule, Verdict

DECISION_FILTERS = ("all", "undecided", "decided")
Item = TypeVar("Item", Evidence, Rule)


def visible_claims(
    verdicts: tuple[Verdict, ...],
    decisions: Mapping[int, Decision],
    labels: Collection[str] = (),
    types: Collection[str] = (),
    status: str = "all",
) -> list[int]:
    """Indices of the verdicts to show; an empty ``labels`` or ``types`` means no filter."""
    shown = []
    for index, verdict in enumerate(verdicts):
        if labels and verdict.label.value not in labels:
            continue
        if types and not {t.value for t in verdict.claim.types} & set(types):
            continue
        if status == "undecided" and index in decisions or status == "decided" and index not in decisions:
            continue
        shown.append(index)
    return shown


def _haystack(item: Evidence | Rule) -> str:
    parts = [item.id, item.title, *(s.citation() for s in item.sources), *(s.link or "" for s in item.sources)]
    if isinstance(item, Evidence):
        parts += [item.statement, item.carries, *item.caveats, *item.treatments, item.topic]
    else:
        parts += [item.summary, *item.treatments]
    return " ".join(parts).lower()


def search_items(items: tuple[Item, ...], query: str) -> list[Item]:
    """Items whose id, title, text or sources contain every word of ``query`` (case-insensitive)."""
    words = query.lower().split()
    return [item for item in items if all(word in _haystack(item) for word in words)]
