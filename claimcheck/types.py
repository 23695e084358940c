"""The data types every module passes around.

Everything here is a frozen pydantic model or an enum: no spaCy, torch or I/O.
Evidence files are validated directly against these models (``extra="forbid"``),
so a misspelt key in a YAML file is an error, not a silently ignored field.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Strict(BaseModel):
    """Base for every model: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ClaimType(str, Enum):
    EFFICACY = "efficacy"
    SAFETY = "safety"
    COMPARATIVE = "comparative"
    QUANTITATIVE = "quantitative"
    DURATION = "duration"
    REGULATORY = "regulatory"
    MECHANISM = "mechanism"


class Certainty(str, Enum):
    """How sure a wording sounds; ordered from weakest to strongest."""

    HEDGED = "hedged"
    DEFINITIVE = "definitive"
    ABSOLUTE = "absolute"

    @property
    def rank(self) -> int:
        return list(Certainty).index(self)


class Label(str, Enum):
    SUPPORTED = "supported"
    OVERSTATED = "overstated"
    UNSUPPORTED = "unsupported"

    @property
    def rank(self) -> int:
        """Severity: supported 0 < overstated 1 < unsupported 2."""
        return list(Label).index(self)


class Level(str, Enum):
    """The fixed evidence-level scale (documented in evidence/README.md)."""

    REGULATORY_STATEMENT = "regulatory_statement"
    COURT_RULING = "court_ruling"
    SYSTEMATIC_REVIEW = "systematic_review"
    RANDOMISED_TRIAL = "randomised_trial"
    CONTROLLED_TRIAL = "controlled_trial"
    OBSERVATIONAL = "observational"
    CASE_SERIES = "case_series"
    PRECLINICAL = "preclinical"
    EXPERT_CONSENSUS = "expert_consensus"
    EXPERT_OPINION = "expert_opinion"

    @property
    def is_controlled_human(self) -> bool:
        return self in {Level.SYSTEMATIC_REVIEW, Level.RANDOMISED_TRIAL, Level.CONTROLLED_TRIAL}


class Population(str, Enum):
    HUMAN = "human"
    PRECLINICAL = "preclinical"
    NOT_APPLICABLE = "not_applicable"


class Jurisdiction(str, Enum):
    US = "us"
    UK = "uk"
    EU = "eu"
    KR = "kr"
    AU = "au"
    TW = "tw"
    INTL = "intl"


class Source(Strict):
    title: str = Field(min_length=3)
    publisher: str = Field(min_length=2, description="journal, agency or publisher")
    year: int | None = Field(default=None, ge=1900, le=2100)
    url: str | None = None
    doi: str | None = None
    pmid: str | None = None
    kind: str = Field(pattern="^(primary|secondary)$")
    verified: bool = True
    note: str | None = None

    @model_validator(mode="after")
    def _locatable(self) -> Source:
        if not (self.url or self.doi or self.pmid):
            raise ValueError("a source needs at least one of url, doi or pmid")
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https://, got {self.url!r}")
        return self

    @property
    def link(self) -> str | None:
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else None

    def citation(self) -> str:
        parts = [self.title, self.publisher]
        if self.year:
            parts.append(str(self.year))
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.pmid:
            parts.append(f"PMID {self.pmid}")
        return ". ".join(parts)


class Examples(Strict):
    """Example claims as a real page would word them, labelled against the entry."""

    supported: tuple[str, ...] = ()
    overstated: tuple[str, ...] = ()
    contradicted: tuple[str, ...] = ()
    unsubstantiated: tuple[str, ...] = ()

    def labelled(self) -> list[tuple[str, str]]:
        """(example, label-key) pairs in a stable order."""
        out: list[tuple[str, str]] = []
        for key in ("supported", "overstated", "contradicted", "unsubstantiated"):
            out.extend((text, key) for text in getattr(self, key))
        return out


class Evidence(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,80}$")
    title: str = Field(min_length=5)
    topic: str = Field(pattern=r"^[a-z][a-z_]+$")
    treatments: tuple[str, ...] = Field(min_length=1)
    claim_types: tuple[ClaimType, ...] = Field(min_length=1)
    facts: tuple[str, ...] = ()
    statement: str = Field(min_length=20)
    level: Level
    population: Population
    carries: str = Field(min_length=10, description="the strongest wording the evidence carries")
    max_certainty: Certainty
    max_duration_days: int | None = Field(default=None, ge=0)
    caveats: tuple[str, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)
    reviewed_on: dt.date
    see_also: tuple[str, ...] = ()
    examples: Examples

    @field_validator("facts")
    @classmethod
    def _fact_ids(cls, facts: tuple[str, ...]) -> tuple[str, ...]:
        for fact in facts:
            if not (len(fact) == 3 and fact[0] == "F" and fact[1:].isdigit()):
                raise ValueError(f"fact ids look like F01..F54, got {fact!r}")
        return facts

    @property
    def secondary_only(self) -> bool:
        return all(s.kind == "secondary" for s in self.sources)

    @property
    def has_unverified(self) -> bool:
        return any(not s.verified for s in self.sources)


class Rule(Strict):
    """A regulatory rule, guidance or ruling that governs some claim types."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,80}$")
    title: str = Field(min_length=5)
    jurisdiction: Jurisdiction
    claim_types: tuple[ClaimType, ...] = Field(min_length=1)
    treatments: tuple[str, ...] = ()
    summary: str = Field(min_length=20)
    facts: tuple[str, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)
    reviewed_on: dt.date


class Strength(Strict):
    """Strength features of a wording (see strength.py)."""

    grade: int = Field(ge=0, le=3, description="Yu et al. 2019: 0 none, 1 correlational, 2 hedged, 3 causal")
    certainty: Certainty
    negated: bool
    absolutes: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    magnitudes: tuple[str, ...] = ()
    durations: tuple[str, ...] = ()
    duration_days: int | None = None
    scope: tuple[str, ...] = ()
    proof_words: tuple[str, ...] = ()


class Claim(Strict):
    text: str
    start: int
    end: int
    line: int
    col: int
    sentence: str
    types: tuple[ClaimType, ...]
    strength: Strength
    cues: tuple[str, ...] = ()
    treatments: tuple[str, ...] = ()
    heading: str | None = Field(default=None, description="the benefit heading a bullet inherits its claim from")

    @property
    def match_text(self) -> str:
        """What the matcher compares: the claim, preceded by the heading it inherits."""
        return f"{self.heading} {self.text}" if self.heading else self.text


class Reason(Strict):
    code: str
    message: str


class EvidenceRef(Strict):
    id: str
    title: str
    level: Level
    score: float
    citation: str
    url: str | None
    matched_example: str | None = None


class RuleRef(Strict):
    id: str
    title: str
    jurisdiction: Jurisdiction
    url: str | None


class Verdict(Strict):
    claim: Claim
    label: Label
    confidence: float = Field(ge=0.0, le=1.0)
    reasons: tuple[Reason, ...]
    evidence: tuple[EvidenceRef, ...]
    rules: tuple[RuleRef, ...] = ()
    suggestion: str | None = None


class Report(Strict):
    source: str
    verdicts: tuple[Verdict, ...]
    notices: tuple[str, ...] = ()
    evidence_version: str = ""

    def summary(self) -> dict[str, int]:
        counts = {label.value: 0 for label in Label}
        for verdict in self.verdicts:
            counts[verdict.label.value] += 1
        return counts


class Document(Strict):
    """A text ready to check: ``text`` is what the user sees and offsets point into."""

    source: str
    text: str
    kind: str = Field(default="text", pattern="^(text|markdown|html)$")
    notices: tuple[str, ...] = ()


class Match(Strict):
    """A candidate evidence entry for a claim, with the nearest labelled example."""

    entry_id: str
    score: float = Field(description="hybrid similarity of the claim to the entry (max over its texts)")
    example: str | None = None
    example_label: str | None = Field(default=None, description="supported|overstated|contradicted|unsubstantiated")
    example_score: float = 0.0
    label_scores: dict[str, float] = Field(default_factory=dict)
