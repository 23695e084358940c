"""The evaluation corpus, the scorer, the stored learned models, and the regression guard."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimcheck.corpus import load_corpus, load_gold
from claimcheck.errors import InputError, RuleFileError
from claimcheck.evaluate import evaluate, reliability
from claimcheck.ingest import from_text
from claimcheck.learned import fit, fit_network, load_model
from claimcheck.types import Claim, Label, Reason, Report, Strength, Verdict

ROOT = Path(__file__).resolve().parent.parent
#: The guard allows this much below the figures recorded in corpus/figures-test.json.
TOLERANCE = 0.02


def _verdict(text: str, doc: str, label: Label, confidence: float = 0.7) -> Verdict:
    start = doc.index(text)
    claim = Claim(text=text, start=start, end=start + len(text), line=1, col=start + 1, sentence=text,
                  types=(), strength=Strength(grade=3, certainty="definitive", negated=False))  # fmt: skip
    return Verdict(claim=claim, label=label, confidence=confidence, reasons=(Reason(code="T", message="t"),), evidence=())


def _case(tmp_path: Path, text: str, units: list[dict]) -> list:
    (tmp_path / "docs").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "docs" / "d.txt").write_text(text, encoding="utf-8")
    gold = {"doc": "docs/d.txt", "split": "dev", "genre": "clinic_page", "units": units}
    (tmp_path / "gold" / "d.yaml").write_text(json.dumps(gold), encoding="utf-8")
    return load_corpus(tmp_path, "dev")


def test_scores_units_spans_and_verdicts(tmp_path: Path) -> None:
    text = "PRP cures baldness.\nBook now.\nExosomes are safe.\nIt is painless.\n"
    spans = [(0, 19), (20, 29), (30, 48), (49, 64)]
    units = [
        {"start": spans[0][0], "end": spans[0][1], "claim": True, "types": ["efficacy"], "verdict": "unsupported"},
        {"start": spans[1][0], "end": spans[1][1], "claim": False},
        {"start": spans[2][0], "end": spans[2][1], "claim": True, "types": ["safety"], "verdict": "overstated"},
        {"start": spans[3][0], "end": spans[3][1], "claim": True, "types": ["safety"], "verdict": "supported"},
    ]
    cases = _case(tmp_path, text, units)
    report = Report(source="d", verdicts=(
        _verdict("PRP cures baldness", text, Label.UNSUPPORTED, 0.9),
        _verdict("Book now", text, Label.UNSUPPORTED),
        _verdict("Exosomes are safe", text, Label.UNSUPPORTED, 0.55),
    ))  # fmt: skip
    result = evaluate(cases, [report], "dev")
    assert (result.unit_scores.tp, result.unit_scores.fp, result.unit_scores.fn) == (2, 1, 1)
    assert result.unit_scores.precision == pytest.approx(2 / 3)
    assert result.span_scores.recall == pytest.approx(2 / 3)
    assert result.confusion["overstated"]["unsupported"] == 1
    assert result.verdict_accuracy == pytest.approx(0.5)
    assert result.type_recall["safety"] == (1, 2)
    assert {e.kind for e in result.errors} == {"miss", "false_alarm", "wrong_verdict"}


def test_reliability_bins() -> None:
    rows = reliability([(0.95, True), (0.92, False), (0.55, True)])
    assert rows[0][:2] == ("0.5–0.6", 1) and rows[-1][1] == 2 and rows[-1][3] == pytest.approx(0.5)


def test_gold_files_are_strict(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("doc: a.txt\nsplit: dev\ngenre: x\nunits:\n  - {start: 5, end: 9, claim: true}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.yaml: field units.0"):
        load_gold(bad)
    bad.write_text("doc: a.txt\nsplit: train\ngenre: x\nunits: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="field split"):
        load_gold(bad)


def test_corpus_meets_the_issue_size_and_split() -> None:
    cases = load_corpus(ROOT / "corpus")
    promo = [c for c in cases if not c.gold.control and c.gold.doc]
    controls = [c for c in cases if c.gold.control]
    assert len(promo) >= 30 and len(controls) >= 6
    assert sum(len(c.units) for c in cases) >= 500
    dev = sum(c.gold.split == "dev" for c in cases)
    assert 0.6 <= dev / len(cases) <= 0.8


def test_html_units_align_to_extracted_text() -> None:
    case = next(c for c in load_corpus(ROOT / "corpus") if c.document.kind == "html")
    claims = [u for u in case.units if u.unit.claim]
    assert claims and all(u.start is not None for u in claims)
    for u in claims:
        assert " ".join(case.document.text[u.start : u.end].split())[:20] in " ".join((u.unit.text or "").split())


def test_linear_model_round_trip_and_determinism(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 3))
    y = ["claim" if row[0] + 0.2 * row[1] > 0 else "other" for row in x]
    a, b = fit("m", x, y, ("a", "b", "c")), fit("m", x, y, ("a", "b", "c"))
    assert a == b
    a.save(tmp_path / "m.json")
    loaded = load_model(tmp_path / "m.json")
    assert np.allclose(loaded.proba(x), a.proba(x))
    assert (loaded.proba(x)[:, loaded.classes.index("claim")] > 0.5).mean() > 0.3
    (tmp_path / "broken.json").write_text('{"name": "x"}', encoding="utf-8")
    with pytest.raises(RuleFileError, match="broken.json"):
        load_model(tmp_path / "broken.json")


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # a toy problem; convergence is not under test
def test_network_model_round_trip_determinism_and_seed_averaging(tmp_path: Path) -> None:
    from sklearn.neural_network import MLPClassifier

    rng = np.random.default_rng(1)
    x = rng.normal(size=(120, 4))
    y = ["claim" if row[0] * row[1] > 0 else "other" for row in x]  # not linearly separable
    a, b = fit_network("n", x, y, ("a", "b", "c", "d"), 0.1, units=8, seeds=(0, 1)), fit_network("n", x, y, ("a", "b", "c", "d"), 0.1, units=8, seeds=(0, 1))
    assert a == b and len(a.hidden_coef) == 16
    a.save(tmp_path / "n.json")
    loaded = load_model(tmp_path / "n.json")
    assert np.allclose(loaded.proba(x), a.proba(x))
    # The stored layer is the two seeds' networks side by side: its logit is the mean of theirs.
    z = (x - np.asarray(a.mean)) / np.asarray(a.scale)
    nets = [MLPClassifier(hidden_layer_sizes=(8,), alpha=0.1, max_iter=300, random_state=s).fit(z, y) for s in (0, 1)]
    mean_logit = np.mean([np.log(p[:, 1] / p[:, 0]) for p in (n.predict_proba(z) for n in nets)], axis=0)
    assert np.allclose(a.logits(x)[:, 0], mean_logit, atol=1e-4)
    shrunk = {**json.loads((tmp_path / "n.json").read_text(encoding="utf-8")), "hidden_intercept": [0.0]}
    (tmp_path / "shrunk.json").write_text(json.dumps(shrunk), encoding="utf-8")
    with pytest.raises(RuleFileError, match="hidden layer"):
        load_model(tmp_path / "shrunk.json")


def test_stored_models_are_json_and_load() -> None:
    from claimcheck.calibration import CALIBRATION_PATH, load_calibrator
    from claimcheck.detector import DOC_FEATURES, MODEL_PATH, RULE_FEATURES, load_detector
    from claimcheck.genre import MODEL_PATH as GENRE_PATH

    for path in (MODEL_PATH, CALIBRATION_PATH, GENRE_PATH):
        json.loads(path.read_text(encoding="utf-8"))
    detector = load_detector()
    tail = (*RULE_FEATURES, *DOC_FEATURES)
    assert detector is not None and detector.model.features[-len(tail) :] == tail
    assert 0.0 <= detector.veto <= detector.add <= 1.0
    assert load_calibrator() is not None


def test_the_detector_embeds_sentences_without_emoji() -> None:
    from claimcheck.types import Candidate

    caption = Candidate(text="Only 2 spots left on Saturday 💛👩\u200d⚕️ 🇺🇸", start=0, end=40, heading="Glow week ✨")
    assert caption.detector_text == "Glow week Only 2 spots left on Saturday"
    assert Candidate(text="✨✨", start=0, end=2).detector_text == "✨✨"  # nothing else to embed


def test_a_transcripts_time_stamps_and_speakers_are_features_not_figures() -> None:
    from claimcheck.detector import RULE_FEATURES, rule_matrix
    from claimcheck.extract import candidates_many

    line = "[02:31] MARGIT: The trial followed people for twelve weeks."
    figures = "[02:31] MARGIT: The trial followed 25 people."
    rows = rule_matrix([c for text in (line, figures) for c in candidates_many([from_text(text, "t")])[0]])
    digit, speaker = RULE_FEATURES.index("has_digit"), RULE_FEATURES.index("speaker")
    assert rows[:, digit].tolist() == [0.0, 1.0], "a clock time is not a figure; a count is"
    assert rows[:, speaker].tolist() == [1.0, 1.0]


def test_models_fitted_on_other_features_are_not_used(tmp_path: Path) -> None:
    from claimcheck.calibration import load_calibrator
    from claimcheck.detector import load_detector

    stale = fit("old", np.eye(4), ["claim", "other", "claim", "other"], ("a", "b", "c", "d"))
    stale.save(tmp_path / "stale.json")
    assert load_detector(tmp_path / "stale.json") is None
    assert load_calibrator(tmp_path / "stale.json") is None


def test_rules_decide_alone_with_another_embedder(fast_checker) -> None:
    assert fast_checker.detector is None and fast_checker.calibrator is None
    report = fast_checker.check_document(from_text("Our exosome facial has no side effects at all."))
    assert report.verdicts


@pytest.mark.e2e
def test_detector_and_calibration_apply_with_minilm(checker) -> None:
    assert checker.detector is not None and checker.calibrator is not None
    report = checker.check_text("Exosomes regrow hair in every patient. Call us today to book your visit!")
    texts = [v.claim.text for v in report.verdicts]
    assert any("regrow hair" in t for t in texts) and not any("book" in t for t in texts)
    assert all(0.0 <= v.confidence <= 1.0 for v in report.verdicts)


@pytest.mark.e2e
def test_regression_guard_on_the_test_split(checker) -> None:
    """Fails when detection F1 or verdict macro-F1 falls more than TOLERANCE below the record."""
    from claimcheck.eval_cli import figures

    recorded = json.loads((ROOT / "corpus" / "figures-test.json").read_text(encoding="utf-8"))
    cases = load_corpus(ROOT / "corpus", "test")
    now = figures(evaluate(cases, checker.check_documents([c.document for c in cases]), "test"))
    for key in ("detection_f1", "verdict_macro_f1"):
        assert now[key] >= recorded[key] - TOLERANCE, f"{key} fell from {recorded[key]} to {now[key]}"


def test_eval_command_refuses_a_bad_split_or_corpus(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app

    bad_split = CliRunner().invoke(app, ["eval", "--split", "train"])
    assert bad_split.exit_code == 2 and "--split must be dev, test or all" in bad_split.output
    no_gold = CliRunner().invoke(app, ["eval", "--corpus", str(tmp_path)])
    assert no_gold.exit_code == 2 and "no gold files" in no_gold.output


def test_training_keeps_the_most_precise_choice_among_near_best_f1() -> None:
    from claimcheck.train_detector import F1_SLACK, _near_best

    best = ("a", (0.80, 0.90, 0.847))
    precise = ("b", (0.86, 0.83, 0.847 - F1_SLACK / 2))
    too_weak = ("c", (0.95, 0.60, 0.736))
    assert _near_best([best, precise, too_weak]) == precise
    assert _near_best([best, too_weak]) == best


def test_training_folds_hold_out_whole_writers() -> None:
    from claimcheck.train_detector import FOLDS, writer_folds, writer_of

    assert [writer_of(d) for d in ("ad4_faq_lumen", "q_clinic_x", "clinic_aurelia", "seed-002")] == ["ad4", "q", "house", "house"]
    docs = [f"{w}_editorial_{i}" for w in ("a", "b", "ab1", "ab2", "ac7") for i in range(4 if len(w) == 1 else 2)]
    groups = [*docs, *docs[:3], "example-0", "example-1"]  # several rows per document, and example rows
    folds = writer_folds(groups)
    assert len(folds) == FOLDS and all(len(f) == len(groups) for f in folds)
    fold_of = {g: next(k for k, f in enumerate(folds) if f[i]) for i, g in enumerate(groups) if not g.startswith("example-")}
    for writer in ("a", "b", "ab1", "ab2", "ac7"):
        assert len({k for g, k in fold_of.items() if writer_of(g) == writer}) == 1, "a writer's texts share one fold"
    assert not any(f[-1] or f[-2] for f in folds), "examples are never held out"
    assert all(np.array_equal(a, b) for a, b in zip(writer_folds(groups[::-1]), [f[::-1] for f in folds], strict=True)), "the same folds whatever the row order"
