"""``claimcheck eval`` and ``claimcheck train``: measure against the corpus, fit the learned models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from claimcheck.cli import ExitStatus, _error, app, exit_on_error
from claimcheck.evaluate import LABELS, EvalResult

SplitOpt = Annotated[str, typer.Option("--split", help="dev, test or all.")]
CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Corpus directory (default: ./corpus or the checkout's).")]


def _pct(x: float) -> str:
    return f"{x:.3f}"


def render(result: EvalResult, errors: bool = False) -> str:
    u, s = result.unit_scores, result.span_scores
    out = [
        f"split {result.split}: {result.documents} documents, {result.units} units",
        "",
        "claim detection        precision  recall  F1     (tp/fp/fn)",
        f"  sentence level       {_pct(u.precision)}      {_pct(u.recall)}   {_pct(u.f1)}  ({u.tp}/{u.fp}/{u.fn})",
        f"  span overlap         {_pct(s.precision)}      {_pct(s.recall)}   {_pct(s.f1)}",
        "",
        f"verdicts on detected claims: accuracy {_pct(result.verdict_accuracy)}, macro-F1 {_pct(result.verdict_macro_f1)}",
        "  gold \\ predicted  " + "".join(f"{label:>13}" for label in LABELS),
    ]
    for gold in LABELS:
        row = result.confusion.get(gold, {})
        out.append(f"  {gold:<17}" + "".join(f"{row.get(p, 0):>13}" for p in LABELS))
    out += ["", "recall per claim type"]
    out += [f"  {t:<14} {found}/{gold}  {found / gold:.2f}" for t, (found, gold) in result.type_recall.items() if gold]
    out += ["", "context (gold claims with that context marked; 'rejected' = left unflagged)"]
    out += [f"  {k:<14} {right}/{gold}" for k, (right, gold) in result.context.items()]
    out += ["", f"flags on accurate statements in negative-control texts: {result.control_flags}"]
    out += ["", "reliability of verdict confidence (bin, claims, mean confidence, accuracy)"]
    out += [f"  {b:<9} {n:>4}  {c:.2f}  {a:.2f}" for b, n, c, a in result.reliability]
    if errors:
        out += ["", f"errors ({len(result.errors)})"]
        out += [f"  {e.kind:<13} {e.doc_id}: {e.text!r}\n      gold {e.gold}, got {e.predicted}  {e.why}" for e in result.errors]
    return "\n".join(out) + "\n"


def figures(result: EvalResult) -> dict[str, float]:
    """The headline figures the regression guard compares against."""
    return {
        "detection_precision": round(result.unit_scores.precision, 4),
        "detection_recall": round(result.unit_scores.recall, 4),
        "detection_f1": round(result.unit_scores.f1, 4),
        "span_f1": round(result.span_scores.f1, 4),
        "verdict_accuracy": round(result.verdict_accuracy, 4),
        "verdict_macro_f1": round(result.verdict_macro_f1, 4),
        "control_flags": result.control_flags,
    }


def run_eval(split: str, corpus: Path | None = None) -> EvalResult:
    from claimcheck.checker import default_checker
    from claimcheck.corpus import load_corpus
    from claimcheck.evaluate import evaluate

    cases = load_corpus(corpus, None if split == "all" else split)
    reports = default_checker().check_documents([c.document for c in cases])
    return evaluate(cases, reports, split)


@app.command("eval")
def eval_command(
    split: SplitOpt = "dev",
    errors: Annotated[bool, typer.Option("--errors", help="List every miss, false alarm and wrong verdict.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the headline figures as JSON.")] = False,
    corpus: CorpusOpt = None,
) -> None:
    """Score claim detection and verdicts against the annotated corpus."""
    if split not in ("dev", "test", "all"):
        _error(f"--split must be dev, test or all, not {split!r}")
        raise typer.Exit(ExitStatus.ERROR)
    with exit_on_error():
        result = run_eval(split, corpus)
    typer.echo(json.dumps(figures(result), indent=2) if as_json else render(result, errors), nl=not as_json)


@app.command("train")
def train_command(corpus: CorpusOpt = None) -> None:
    """Refit the genre model, the claim detector, the verdict model and the verdict calibration on the dev split (deterministic)."""
    from claimcheck.calibration import CALIBRATION_PATH
    from claimcheck.checker import Checker
    from claimcheck.detector import MODEL_PATH
    from claimcheck.genre import MODEL_PATH as GENRE_PATH
    from claimcheck.train import train
    from claimcheck.verdict_model import MODEL_PATH as VERDICT_MODEL_PATH

    with exit_on_error():
        genre, detector, verdict_model, calibration = train(Checker(), corpus)
    gm = genre.meta
    typer.echo(f"wrote {GENRE_PATH}: {gm['documents']} dev documents, {gm['balanced_documents']} balanced")
    typer.echo(f"  held-out dev: AUC {gm['oof_auc']}, {gm['oof_wrong_at_half']} documents on the wrong side of 0.5")
    meta = detector.meta
    typer.echo(f"wrote {MODEL_PATH}: {meta['dev_sentences']} dev sentences + {meta['example_sentences']} example sentences")
    typer.echo(f"  held-out dev: precision {meta['oof_precision']}, recall {meta['oof_recall']}, F1 {meta['oof_f1']} "
               f"(veto below {meta['veto_threshold']}, add from {meta['add_threshold']}, alpha {meta['alpha']})")  # fmt: skip
    vm = verdict_model.meta
    typer.echo(f"wrote {VERDICT_MODEL_PATH}: {vm['dev_claims']} dev claims, alpha {vm['alpha']}")
    typer.echo(f"  held-out dev macro-F1 by view (examples hidden above): model {vm['oof_macro_f1']}, rule path {vm['rule_macro_f1']}")
    typer.echo(f"wrote {CALIBRATION_PATH}: {calibration.meta['dev_verdicts']} held-out dev verdicts")
