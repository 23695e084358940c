"""The whole pipeline held out by writer on the dev split; prints its figures.

``claimcheck train`` scores each model held out on its own (the genre model, the detector, the
verdict model). This script chains them as ``check`` does: for each of the five writer folds it
fits the genre model, the detector and the verdict model without that fold's writers (with the
penalties and thresholds of the stored models), checks the fold's documents with them and
scores all folds together, control flags included. The rules were written from dev errors, so
these figures still flatter unseen text; they are the closest dev comes to it.
Run: CLAIMCHECK_SEEDS=../shared/seeds .venv/bin/python benchmarks/held_out_dev.py [--flags]  (about 14 minutes
on 2 cores); ``--flags`` also lists each flagged sentence with its gold and predicted verdicts.
"""

from __future__ import annotations

import sys
import time
from collections import Counter

import numpy as np

from claimcheck.checker import Checker, default_checker
from claimcheck.corpus import GoldCase, load_corpus
from claimcheck.detector import DOC_FEATURES, EVIDENCE_FEATURES, RULE_FEATURES, Detector, feature_names
from claimcheck.evaluate import EvalResult, evaluate
from claimcheck.learned import StoredModel, fit_network
from claimcheck.train import example_rows, fit_verdicts, verdict_views
from claimcheck.train_detector import dev_rows, genre_folds, training_set, writer_of
from claimcheck.types import Report
from claimcheck.verdict_model import VerdictModel


def held_out_reports(checker: Checker, cases: list[GoldCase]) -> list[Report]:
    """Each dev document's report from models fitted without its writer's fold."""
    stored = (checker.genre, checker.detector, checker.verdict_model)
    if stored[0] is None or stored[1] is None or stored[2] is None:
        raise SystemExit("the stored models did not load: run `claimcheck train` first")
    rows = dev_rows(cases, checker.index, checker.nlp)
    folds = genre_folds(rows)
    balanced = {cases[i].doc_id: genre.balanced(rows.candidates[i], rows.vectors[i], rows.rules[i]) for held, genre in folds for i in np.flatnonzero(held)}
    fold_of = {cases[i].doc_id: k for k, (held, _) in enumerate(folds) for i in np.flatnonzero(held)}
    ts = training_set(rows, balanced, checker.index, checker.nlp)
    names = feature_names(ts.x.shape[1] - len(EVIDENCE_FEATURES) - len(RULE_FEATURES) - len(DOC_FEATURES))
    row_fold, labels = np.array([fold_of.get(g, -1) for g in ts.groups]), np.array(ts.y)
    views, gold, groups = verdict_views(checker, cases, balanced)
    examples, claim_fold = example_rows(checker), np.array([fold_of[g] for g in groups])
    detector_meta, verdict_alpha = stored[1].model.meta, float(stored[2].model.meta["alpha"])  # type: ignore[arg-type]
    verdict_embedder = stored[2].embedder
    reports: list[Report | None] = [None] * len(cases)
    for k, (held, genre) in enumerate(folds):
        keep = row_fold != k
        network = fit_network("fold", ts.x[keep], list(labels[keep]), names, float(detector_meta["alpha"]), ts.weights[keep])  # type: ignore[arg-type]
        verdict_model = VerdictModel(fit_verdicts(views, np.array(gold), claim_fold != k, verdict_alpha, examples))
        verdict_model.embedder = verdict_embedder
        checker.genre, checker.detector = genre, Detector(StoredModel(**{**network.__dict__, "meta": dict(detector_meta)}))
        checker.verdict_model = verdict_model
        at = np.flatnonzero(held)
        for i, report in zip(at, checker.check_documents([cases[i].document for i in at]), strict=True):
            reports[i] = report
    checker.genre, checker.detector, checker.verdict_model = stored
    return [r for r in reports if r is not None]


def show(result: EvalResult, controls: int, listed: bool = False) -> None:
    s = result.unit_scores
    print(f"held out by writer, {result.documents} dev documents ({controls} controls)")
    print(f"  detection P / R / F1  {s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}")
    print(f"  verdict accuracy {result.verdict_accuracy:.3f}, macro-F1 {result.verdict_macro_f1:.3f}")
    flags = Counter(e.doc_id for e in result.errors if e.kind == "control_flag")
    print(f"  control flags {result.control_flags} in {len(flags)} documents, by writer: {dict(Counter(writer_of(d) for d in flags.elements()))}")
    for e in (e for e in result.errors if listed and e.kind == "control_flag"):
        print(f"    {e.doc_id}: {e.text!r}\n      gold {e.gold}, got {e.predicted}  {e.why}")


def main() -> None:
    start = time.perf_counter()
    cases = load_corpus(None, "dev")
    result = evaluate(cases, held_out_reports(default_checker(), cases), "dev")
    show(result, sum(c.gold.control for c in cases), "--flags" in sys.argv[1:])
    print(f"  {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
