"""The data types every module passes around.

Everything here is a frozen pydantic model or an enum: no spaCy, torch or I/O.
Evidence files are validated directly against these models (``extra="forbid"``),
so a misspelt key in a YAML file is an error, not a silently ignored field.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

#: Pictographs, dingbats, arrows, flags, skin tones, joiners and variation selectors.
_EMOJI = re.compile("[\u2190-\u21ff\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]+")


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


class Context(str, Enum):
    """How a claim is framed (ConText-style); a rejected claim is not the page's own."""

    HEDGED = "hedged"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    ATTRIBUTED = "attributed"
    REJECTED = "rejected"
    INHERITED = "inherited"


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


def compiling(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The patterns unchanged, or a ValueError naming the first that is not a valid regular expression."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from None
    return patterns


class Trigger(Strict):
    """A wording that settles a claim against its entry whatever the nearest example says.

    Encodes decision rules such as "absolute safety wording is contradicted" (corpus/GUIDELINES.md
    section 7) so they hold for new wordings that no example resembles. A stricter verdict from
    the examples always stands; a ``supported`` trigger (an honest disclosure of side effects)
    applies only when no stricter trigger does.
    """

    label: str = Field(pattern="^(supported|overstated|contradicted|unsubstantiated)$")
    patterns: tuple[str, ...] = Field(default=(), description="regular expressions, case-insensitive, whole words")
    unless: tuple[str, ...] = Field(default=(), description="wordings that keep the trigger from applying")
    types: tuple[ClaimType, ...] = Field(default=(), description="claim types it applies to (any when empty)")
    treatments: tuple[str, ...] = Field(default=(), description="treatments it applies to (any when empty)")
    negated: bool = Field(default=False, description="also applies to negative wordings ('no side effects')")
    scope: str = Field(default="claim", pattern="^(claim|sentence)$", description="where the patterns look: the claim's words, or its whole sentence (a disclaimer in another clause)")
    why: str = Field(min_length=10)

    @field_validator("patterns", "unless")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return compiling(patterns)

    @model_validator(mode="after")
    def _narrow(self) -> Trigger:
        if not (self.patterns or self.treatments):
            raise ValueError("a trigger needs patterns or treatments, or it would catch every claim")
        return self


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
    triggers: tuple[Trigger, ...] = ()

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
    study_report: tuple[str, ...] = Field(default=(), description="names the study whose finding it reports")
    preclinical: tuple[str, ...] = Field(default=(), description="places its finding in the lab or in animals")


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
    context: tuple[Context, ...] = Field(default=(), description="hedged, negated, hypothetical, attributed, inherited")
    topic: str | None = Field(default=None, description="treatments the claim is about but does not name (from earlier text)")
    speaker: str | None = Field(default=None, description="whose turn the line is, in a transcript or chat (\"CALLER\", \"Dr Lee\")")

    @property
    def match_text(self) -> str:
        """What the matcher compares: the claim, preceded by the heading it inherits and its unnamed topic."""
        return " ".join(part for part in (self.heading, self.topic, self.text) if part)


class Candidate(Strict):
    """A sentence or bullet that might carry a claim, with what the rules found in it.

    The learned detector decides from these; ``claims`` are the rule claims (clauses),
    kept even when a context ``gate`` (question, call to action, disclaimer...) would drop them.
    """

    text: str
    start: int
    end: int
    fragment: bool = False
    bullet: bool = False
    heading_line: bool = Field(default=False, description="the candidate is a heading (a slogan heading can be a claim)")
    heading: str | None = None
    gates: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    #: the whole sentence as an efficacy claim, for when the detector finds a claim the rules missed
    fallback: Claim | None = None
    treatments: tuple[str, ...] = ()
    voiced: bool = Field(default=False, description="in another writer's message or review, or a block quotation: not the text's own voice")

    @property
    def offered_claims(self) -> tuple[Claim, ...]:
        """What the sentence contributes when it is taken as a claim: its rule claims, else the fallback."""
        return self.claims or ((self.fallback,) if self.fallback else ())

    @property
    def detector_text(self) -> str:
        """The text the detector embeds: heading and sentence, without emoji.

        Emoji set a caption's tone, not its content; embedded, they made "2 spots left Sat 💛"
        look like the captions that make claims.
        """
        text = f"{self.heading} {self.text}" if self.heading else self.text
        return " ".join(_EMOJI.sub(" ", text).split()) or text


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
    balanced: float = Field(default=0.0, ge=0.0, le=1.0, description="how much the text reads as balanced writing that weighs claims rather than promotion (claimcheck.genre)")
    # Reviews stored before schema 2 named this field "reported".
    set_aside: tuple[Verdict, ...] = Field(default=(), validation_alias=AliasChoices("set_aside", "reported"), description="claims judged but not flagged, each with the reason first: in balanced writing, those it quotes or attributes to others, and statements no evidence entry is about")

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
    struck: tuple[tuple[int, int], ...] = Field(
        default=(), description="spans of ``text`` shown struck through (HTML <s>, <del>, <strike>; Markdown ~~...~~): withdrawn wording"
    )
    quoted: tuple[tuple[int, int], ...] = Field(
        default=(), description="spans of ``text`` in an HTML block quotation (<blockquote>): someone else's words"
    )


class Match(Strict):
    """A candidate evidence entry for a claim, with the nearest labelled example."""

    entry_id: str
    score: float = Field(description="hybrid similarity of the claim to the entry (max over its texts)")
    example: str | None = None
    example_label: str | None = Field(default=None, description="supported|overstated|contradicted|unsubstantiated")
    example_score: float = 0.0
    label_scores: dict[str, float] = Field(default_factory=dict)
    polar_scores: dict[str, float] = Field(default_factory=dict, description="best score per label among examples worded with the claim's polarity")


# --- Evaluation corpus (corpus/gold/*.yaml) -------------------------------------------


class GoldUnit(Strict):
    """One annotated sentence, heading or bullet; offsets index the raw source file."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str | None = None
    claim: bool
    types: tuple[ClaimType, ...] = ()
    verdict: Label | None = None
    context: Context | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> GoldUnit:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if self.claim and self.verdict is None:
            raise ValueError("a claim needs a verdict")
        if not self.claim and self.verdict is not None:
            raise ValueError("a unit that is not a claim has no verdict")
        return self


class GoldDoc(Strict):
    """A gold file: a corpus text (``doc``) or a shared seed (``seed``), annotated by unit."""

    doc: str | None = None
    seed: str | None = None
    split: str = Field(pattern="^(dev|test)$")
    genre: str
    control: bool = False
    units: tuple[GoldUnit, ...]

    @model_validator(mode="after")
    def _one_source(self) -> GoldDoc:
        if (self.doc is None) == (self.seed is None):
            raise ValueError("give exactly one of 'doc' and 'seed'")
        return self


# --- Fetching and site audits (fetch.py, crawl.py, audit*.py) ---------------------------

#: Media types ClaimCheck reads from the web: pages and text, and PDFs for ingest to handle.
ACCEPT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown", "application/pdf")


def _user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("claimcheck")
    except PackageNotFoundError:
        release = "unknown"
    return f"ClaimCheck/{release} (health-claim audit; obeys robots.txt)"


class FetchPolicy(Strict):
    """Limits for one fetch; the defaults suit a public clinic website."""

    timeout: float = Field(default=10.0, gt=0, description="seconds for connecting, each read, and the whole body")
    max_bytes: int = Field(default=5_000_000, gt=0)
    max_redirects: int = Field(default=5, ge=0)
    allow_hosts: tuple[str, ...] = Field(default=(), description="hosts, IPs or networks exempt from the address check")
    user_agent: str = Field(default_factory=_user_agent)
    accept_types: tuple[str, ...] = ACCEPT_TYPES
    retries: int = Field(default=0, ge=0, description="extra tries after a connection error, 429 or 5xx answer")
    backoff: float = Field(default=0.5, ge=0, description="first wait between tries in seconds; doubles each time")


class FetchResult(Strict):
    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    redirects: tuple[str, ...] = ()
    elapsed: float


class CrawlLimits(Strict):
    """How far and how politely one site is crawled (defaults documented in the README)."""

    depth: int = Field(default=3, ge=0, description="link hops from the start page")
    max_pages: int = Field(default=50, ge=1, description="pages fetched per site, failures included")
    delay: float = Field(default=1.0, ge=0, description="seconds between two requests to one host")
    policy: FetchPolicy = FetchPolicy()


class PageFetch(Strict):
    """One URL the crawler handled: fetched, failed, skipped by robots.txt or a duplicate."""

    site: str
    url: str = Field(description="canonical URL (or the file path in saved-pages mode)")
    depth: int = 0
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    fetched_at: dt.datetime
    content_hash: str | None = None
    error: str | None = Field(default=None, description="a FetchError reason, or robots / duplicate / unreadable")
    message: str | None = None
    links: tuple[str, ...] = ()
    body: bytes = Field(default=b"", description="kept in memory for checking, never stored")

    @property
    def checkable(self) -> bool:
        return self.error is None and bool(self.body)


class PageCheck(Strict):
    """What checking one fetched page produced: a report, or why the page could not be read."""

    url: str
    report: Report | None = None
    error: str | None = None
    message: str | None = None
    words: int = 0


class AuditConfig(Strict):
    """What one audit run covers; stored with the run so ``--resume`` repeats it exactly."""

    sites: tuple[str, ...] = ()
    from_dirs: tuple[str, ...] = Field(default=(), description="folders of saved pages, one site each")
    limits: CrawlLimits = CrawlLimits()
    jurisdiction: str = "all"
    batch_pages: int = Field(default=8, ge=1, description="pages checked together in one batched pass")


# --- Reviews and decisions (reviews.py, export.py, the app) ------------------------------


class Action(str, Enum):
    """What a reviewer did with the tool's verdict on one claim."""

    ACCEPTED = "accepted"
    OVERRIDDEN = "overridden"


class Decision(Strict):
    """A reviewer's decision on one claim of a review; an override must say why."""

    review_id: int
    claim_index: int = Field(ge=0, description="position of the verdict in the review's report")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    action: Action
    label: Label = Field(description="the reviewer's label: the tool's verdict when accepted")
    note: str = ""
    reviewer: str = Field(min_length=1)
    decided_at: dt.datetime

    @model_validator(mode="after")
    def _override_needs_note(self) -> Decision:
        if self.action == Action.OVERRIDDEN and not self.note.strip():
            raise ValueError("an override needs a note saying why the verdict is wrong")
        return self


class ReviewSummary(Strict):
    """One row of the review history: enough to list and find a review."""

    id: int
    source: str
    reviewer: str
    jurisdiction: str
    evidence_version: str
    created_at: dt.datetime
    updated_at: dt.datetime
    claims: int
    decided: int
    counts: dict[str, int]


class Review(Strict):
    """A stored check: the document as shown, who checked it, and the report exactly as it was."""

    id: int
    source: str
    kind: str
    text: str
    reviewer: str
    jurisdiction: str
    evidence_version: str
    created_at: dt.datetime
    updated_at: dt.datetime
    report: Report


# ---------------------------------------------------------------- lint: findings in source files


class Severity(str, Enum):
    """How loudly a lint finding is reported; ordered from quietest to loudest."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class SourceSpan(Strict):
    """Where something sits in a source file: character offsets and 1-based line/column.

    Columns count code points; ``end_col`` is the column just after the last character.
    """

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)
    col: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_col: int = Field(ge=1)


class Finding(Strict):
    """One thing ``claimcheck lint`` reports at a place in a source file.

    ``rule`` is the verdict (unsupported, overstated, supported) for a claim, or a
    control code (IGNORE_WITHOUT_REASON, UNUSED_IGNORE, BAD_DIRECTIVE) for a comment.
    """

    path: str
    span: SourceSpan
    level: Severity
    rule: str
    claim: str
    message: str
    codes: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    suggestion: str | None = None
    verdict: Verdict | None = None


class LintSettings(Strict):
    """The effective lint settings (defaults < config file < command line)."""

    evidence: str | None = None
    extra_evidence: tuple[str, ...] = ()
    jurisdiction: str = Field(default="all", pattern="^(all|us|uk|eu|kr|au|tw)$")
    min_level: Severity = Severity.WARNING
    fail_on: str = Field(default="unsupported", pattern="^(unsupported|overstated|never)$")
    skip_types: tuple[ClaimType, ...] = ()
