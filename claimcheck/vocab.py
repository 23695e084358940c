"""Vocabularies and patterns as data: load, validate and compile ``claimcheck/vocab/*.yaml``.

A vocabulary file is a list of term sets. Each set has an ``id``, a ``category``
the code looks up, a ``source`` saying where the rule comes from, and ``terms``:
case-insensitive regular-expression fragments, matched on word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from claimcheck.errors import RuleFileError
from claimcheck.types import compiling
from claimcheck.yamlfile import load_yaml

VOCAB_FILES = ("cues.yaml", "strength.yaml", "context.yaml", "treatments.yaml")
#: Recent (text, prefix) lookups kept; a batch of pages repeats many of them.
FIND_CACHE = 50_000


class TermSet(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    category: str = Field(pattern=r"^[a-z0-9_.]+$")
    source: str = Field(min_length=5)
    terms: tuple[str, ...] = Field(min_length=1)
    note: str | None = None

    @field_validator("terms")
    @classmethod
    def _compiles(cls, terms: tuple[str, ...]) -> tuple[str, ...]:
        return compiling(terms)


@dataclass(frozen=True)
class Hit:
    set_id: str
    category: str
    start: int
    end: int
    text: str


class Vocabulary:
    """Compiled term sets with a lookup by category prefix.

    ``find`` is called tens of thousands of times per batch (every sentence and clause is
    graded and typed), often with the same text and prefix, so the sets of each prefix
    are resolved once and recent results are memoised.
    """

    def __init__(self, sets: tuple[TermSet, ...], compiled: tuple[tuple[TermSet, re.Pattern[str]], ...]) -> None:
        self.sets = sets
        self.compiled = compiled
        self._by_prefix: dict[str, tuple[tuple[TermSet, re.Pattern[str]], ...]] = {}
        self._find = lru_cache(maxsize=FIND_CACHE)(self._search)

    def _patterns(self, prefix: str) -> tuple[tuple[TermSet, re.Pattern[str]], ...]:
        if prefix not in self._by_prefix:
            self._by_prefix[prefix] = tuple(
                (ts, p) for ts, p in self.compiled if ts.category == prefix or ts.category.startswith(prefix + ".")
            )
        return self._by_prefix[prefix]

    def _search(self, text: str, prefix: str) -> tuple[Hit, ...]:
        hits = [Hit(ts.id, ts.category, m.start(), m.end(), m.group(0)) for ts, pattern in self._patterns(prefix) for m in pattern.finditer(text)]
        return tuple(sorted(hits, key=lambda h: (h.start, -h.end)))

    def find(self, text: str, prefix: str) -> list[Hit]:
        """All matches of the sets whose category starts with ``prefix``, in text order."""
        return list(self._find(text, prefix))

    def categories(self) -> Iterator[str]:
        yield from sorted({ts.category for ts in self.sets})


#: A term that already ends at a boundary of its own: whitespace, \b, $, a non-word class or a hyphen.
_ENDS_BOUNDED = re.compile(r"(\\s|\\b|\$|\\W|-|\s)[)?*+]*$")
_STARTS_BOUNDED = re.compile(r"^(\^|\\b|\\W|\\s|\(\?<)")


def bounded(term: str) -> str:
    """Keep a term to whole words: no word character may touch either end of a match.

    Lookarounds rather than word-boundary anchors, so that terms ending in an optional group
    ("treat(s|ed|ing)?") cannot match the start of a longer word ("treatments").
    """
    left = "" if _STARTS_BOUNDED.match(term) else r"(?<!\w)"
    right = "" if _ENDS_BOUNDED.search(term) else r"(?!\w)"
    return f"{left}(?:{term}){right}"


def quotations(longest: int | None = None) -> re.Pattern[str]:
    """A quotation of 2 to ``longest`` characters (any length when None): in straight or curly double
    quotes, curly single ones, or straight single ones that open after a space or bracket and close
    before one ("'No downtime'", "'It's natural'"), so a possessive ("clients' skin") opens none."""
    n = f"{{2,{longest}}}" if longest else "{2,}"
    single = rf"(?<!\w)'(?:[^'\n]|(?<=\w)'(?=\w)){n}'(?!\w)"
    return re.compile(rf'"[^"\n]{n}"|“[^”\n]{n}”|‘[^’\n]{n}’|{single}')


def _compile(ts: TermSet) -> re.Pattern[str]:
    # Longest alternatives first so "no side effects" beats "no".
    terms = sorted(ts.terms, key=len, reverse=True)
    return re.compile("|".join(bounded(t) for t in terms), re.IGNORECASE)


def _load_file(name: str, text: str) -> list[TermSet]:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise RuleFileError(f"claimcheck/vocab/{name}: cannot read YAML: {exc}") from exc
    if not isinstance(data, list):
        raise RuleFileError(f"claimcheck/vocab/{name}: expected a list of term sets")
    out: list[TermSet] = []
    for i, item in enumerate(data):
        try:
            out.append(TermSet.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise RuleFileError(f"claimcheck/vocab/{name}: item {i} field '{where}': {first['msg']}") from exc
    return out


@cache
def load_vocabulary() -> Vocabulary:
    """Load every packaged vocabulary file once; ids must be unique across files."""
    sets: list[TermSet] = []
    root = resources.files("claimcheck") / "vocab"
    for name in VOCAB_FILES:
        sets.extend(_load_file(name, (root / name).read_text(encoding="utf-8")))
    seen: set[str] = set()
    for ts in sets:
        if ts.id in seen:
            raise RuleFileError(f"claimcheck/vocab: duplicate term-set id {ts.id!r}")
        seen.add(ts.id)
    return Vocabulary(tuple(sets), tuple((ts, _compile(ts)) for ts in sets))
