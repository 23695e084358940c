"""Measure ClaimCheck against the annotated corpus: detection, verdicts, context, calibration.

Each predicted claim is assigned to the gold unit it overlaps most. Detection is scored
per unit (a unit is predicted a claim when a claim is assigned to it) and per span
(a predicted claim is right when it overlaps a gold claim). Verdicts are scored on the
gold claims that were detected; a unit with several predicted claims takes the worst.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from claimcheck.corpus import AlignedUnit, GoldCase
from claimcheck.types import Context, Label, Report, Verdict

LABELS = tuple(label.value for label in Label)
#: Confidence bins of the reliability table.
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class ErrorCase:
    kind: str  # miss | false_alarm | wrong_verdict | control_flag
    doc_id: str
    text: str
    gold: str
    predicted: str
    why: str


@dataclass
class EvalResult:
    split: str
    documents: int = 0
    units: int = 0
    unit_scores: Scores = Scores(0, 0, 0)
    span_scores: Scores = Scores(0, 0, 0)
    confusion: dict[str, Counter[str]] = field(default_factory=dict)
    type_recall: dict[str, tuple[int, int]] = field(default_factory=dict)
    context: dict[str, tuple[int, int]] = field(default_factory=dict)
    control_flags: int = 0
    reliability: list[tuple[str, int, float, float]] = field(default_factory=list)
    errors: list[ErrorCase] = field(default_factory=list)

    @property
    def verdict_accuracy(self) -> float:
        total = sum(sum(row.values()) for row in self.confusion.values())
        right = sum(self.confusion.get(label, Counter())[label] for label in LABELS)
        return right / total if total else 0.0

    @property
    def verdict_macro_f1(self) -> float:
        f1s = []
        for label in LABELS:
            tp = self.confusion.get(label, Counter())[label]
            fp = sum(self.confusion.get(g, Counter())[label] for g in LABELS if g != label)
            fn = sum(n for p, n in self.confusion.get(label, Counter()).items() if p != label)
            if tp + fp + fn:
                f1s.append(Scores(tp, fp, fn).f1)
        return sum(f1s) / len(f1s) if f1s else 0.0


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _assign(units: tuple[AlignedUnit, ...], verdicts: tuple[Verdict, ...]) -> tuple[dict[int, list[Verdict]], list[Verdict]]:
    """Predicted claims per unit index, and the claims that overlap no unit at all.

    A claim belongs to its best-overlapping unit, and also to any other unit it covers
    at least half of (a sentence the source broke over two lines is two gold units).
    """
    per_unit: dict[int, list[Verdict]] = {}
    stray = []
    spans = [(i, (u.start, u.end)) for i, u in enumerate(units) if u.start is not None and u.end is not None]
    for v in verdicts:
        claim = (v.claim.start, v.claim.end)
        overlaps = [(_overlap(claim, span), i, span) for i, span in spans]
        best = max(overlaps, default=(0, -1, (0, 0)))
        if best[0] <= 0:
            stray.append(v)
            continue
        for ov, i, (s, e) in overlaps:
            if i == best[1] or (ov > 0 and 2 * ov >= e - s):
                per_unit.setdefault(i, []).append(v)
    return per_unit, stray


def _worst(verdicts: list[Verdict]) -> Verdict:
    return max(verdicts, key=lambda v: v.label.rank)


def _why(v: Verdict) -> str:
    codes = ", ".join(r.code for r in v.reasons)
    ids = ", ".join(e.id for e in v.evidence[:2])
    return f"{codes} [{ids}]" if ids else codes


class _Tally:
    """Counts accumulated over the cases of one evaluation."""

    def __init__(self, result: EvalResult) -> None:
        self.r = result
        self.unit = Counter[str]()
        self.span = Counter[str]()
        self.types: dict[str, Counter[str]] = {}
        self.ctx: dict[str, Counter[str]] = {}
        self.conf: list[tuple[float, bool]] = []

    def case(self, case: GoldCase, report: Report) -> None:
        per_unit, stray = _assign(case.units, report.verdicts)
        gold_claims = [(u.start or 0, u.end or 0) for u in case.units if u.unit.claim and u.start is not None]
        for v in report.verdicts:
            hit = any(_overlap((v.claim.start, v.claim.end), g) for g in gold_claims)
            self.span["tp_pred" if hit else "fp"] += 1
        for i, aligned in enumerate(case.units):
            self.unit_case(case, aligned, per_unit.get(i, []))
        for v in stray:
            self.unit["fp"] += 1
            self.error("false_alarm", case, v.claim.text, "not annotated", v)

    def unit_case(self, case: GoldCase, aligned: AlignedUnit, predicted: list[Verdict]) -> None:
        unit, text = aligned.unit, aligned.unit.text or case.document.text[aligned.start or 0 : aligned.end or 0]
        if unit.context:
            ctx = self.ctx.setdefault(unit.context.value, Counter())
            ctx["gold"] += 1
            if unit.context == Context.REJECTED:
                ctx["right"] += not predicted
            else:
                ctx["right"] += any(unit.context in v.claim.context for v in predicted)
        if case.gold.control and predicted and (not unit.claim or unit.verdict == Label.SUPPORTED):
            flagged = [v for v in predicted if v.label != Label.SUPPORTED]
            if flagged:
                self.r.control_flags += 1
                self.error("control_flag", case, text, unit.verdict.value if unit.verdict else "not a claim", _worst(flagged))
        if not unit.claim:
            if predicted:
                self.unit["fp"] += 1
                self.error("false_alarm", case, text, "not a claim", _worst(predicted))
            return
        self.span["gold"] += 1
        self.span["tp_gold"] += bool(predicted)
        for t in unit.types:
            self.types.setdefault(t.value, Counter())["gold"] += 1
            self.types[t.value]["found"] += bool(predicted)
        if not predicted:
            self.unit["fn"] += 1
            self.error("miss", case, text, unit.verdict.value if unit.verdict else "", None)
            return
        self.unit["tp"] += 1
        worst = _worst(predicted)
        gold = unit.verdict.value if unit.verdict else ""
        self.r.confusion.setdefault(gold, Counter())[worst.label.value] += 1
        self.conf.append((worst.confidence, worst.label.value == gold))
        if worst.label.value != gold:
            self.error("wrong_verdict", case, text, gold, worst)

    def error(self, kind: str, case: GoldCase, text: str, gold: str, v: Verdict | None) -> None:
        predicted = v.label.value if v else "not found"
        self.r.errors.append(ErrorCase(kind, case.doc_id, " ".join(text.split()), gold, predicted, _why(v) if v else ""))

    def finish(self) -> EvalResult:
        r = self.r
        r.unit_scores = Scores(self.unit["tp"], self.unit["fp"], self.unit["fn"])
        gold, found = self.span["gold"], self.span["tp_gold"]
        r.span_scores = _SpanScores(self.span["tp_pred"], self.span["fp"], gold - found, gold=gold, found=found)
        r.type_recall = {t: (c["found"], c["gold"]) for t, c in sorted(self.types.items())}
        r.context = {k: (c["right"], c["gold"]) for k, c in sorted(self.ctx.items())}
        r.reliability = reliability(self.conf)
        return r


@dataclass(frozen=True)
class _SpanScores(Scores):
    """Span overlap: precision over predicted claims, recall over gold claims."""

    gold: int = 0
    found: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0


def reliability(pairs: list[tuple[float, bool]]) -> list[tuple[str, int, float, float]]:
    """Rows (bin, count, mean confidence, accuracy) of a reliability table."""
    rows = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi]
        if inside:
            mean_conf = sum(c for c, _ in inside) / len(inside)
            acc = sum(ok for _, ok in inside) / len(inside)
            rows.append((f"{lo:.1f}–{min(hi, 1.0):.1f}", len(inside), mean_conf, acc))
    return rows


def evaluate(cases: list[GoldCase], reports: list[Report], split: str) -> EvalResult:
    """Score reports (one per case, same order) against the gold annotation."""
    tally = _Tally(EvalResult(split=split, documents=len(cases), units=sum(len(c.units) for c in cases)))
    for case, report in zip(cases, reports, strict=True):
        tally.case(case, report)
    return tally.finish()
