"""Document genre: balanced writing against promotion, and how reports carry it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimcheck.detector import RULE_FEATURES
from claimcheck.genre import (
    BALANCED, MIN_SENTENCES, Genre, describe, document_features, feature_names, load_genre, reports_lab_finding, reports_own_result, set_aside,
)  # fmt: skip
from claimcheck.learned import fit
from claimcheck.types import Candidate, Claim, ClaimType, Context, Label, Reason, Strength, Verdict

from .conftest import ROOT, SEED_002, seed

WIDTH = 3


def _genre() -> Genre:
    """A genre model over a 3-wide embedding: the first dimension marks balanced documents."""
    rows = np.zeros((4, WIDTH + len(RULE_FEATURES)))
    rows[:2, 0] = 1.0
    model = fit("genre", rows, ["balanced", "balanced", "promotional", "promotional"], feature_names(WIDTH))
    return Genre(model)


def _document(n: int, first: float, voiced: int = 0) -> tuple[list[Candidate], np.ndarray, np.ndarray]:
    """``n`` open sentences of the text's own voice, ``voiced`` open sentences of someone else's
    (first dimension 7.0), and one gated sentence (99.0)."""
    vectors = np.zeros((n + voiced + 1, WIDTH))
    vectors[:n, 0] = first
    vectors[n : n + voiced, 0] = 7.0
    vectors[-1, 0] = 99.0
    cands = [Candidate(text="s", start=0, end=1, voiced=n <= i < n + voiced, gates=("question",) if i == n + voiced else ())
             for i in range(n + voiced + 1)]  # fmt: skip
    return cands, vectors, np.zeros((n + voiced + 1, len(RULE_FEATURES)))


def test_document_features_average_the_open_sentences_only() -> None:
    features = document_features(*_document(MIN_SENTENCES, 1.0))
    assert features.shape == (WIDTH + len(RULE_FEATURES),) and features[0] == 1.0


def test_the_genre_reads_the_texts_own_voice_when_it_has_enough() -> None:
    assert document_features(*_document(MIN_SENTENCES, 1.0, voiced=4))[0] == 1.0, "reviews and messages left out"
    cands, vectors, rules = _document(MIN_SENTENCES - 1, 1.0, voiced=4)
    assert document_features(cands, vectors, rules)[0] == (4 * 1.0 + 4 * 7.0) / 8, "too little of its own: every open sentence"


def test_a_text_too_short_to_tell_counts_as_promotional() -> None:
    genre = _genre()
    assert genre.balanced(*_document(MIN_SENTENCES, 1.0)) > 0.5
    assert genre.balanced(*_document(MIN_SENTENCES, 0.0)) < 0.5
    assert genre.balanced(*_document(MIN_SENTENCES - 1, 1.0)) == 0.0


def test_describe_speaks_only_of_balanced_texts() -> None:
    assert describe(0.2) is None
    line = describe(0.93)
    assert line is not None and "0.93" in line and "balanced" in line


def _verdict(sentence: str, label: Label, context: tuple[Context, ...] = ()) -> Verdict:
    claim = Claim(text=sentence, start=0, end=len(sentence), line=1, col=1, sentence=sentence, types=(),
                  strength=Strength(grade=3, certainty="definitive", negated=False), context=context)  # fmt: skip
    return Verdict(claim=claim, label=label, confidence=0.8, reasons=(Reason(code="T", message="t"),), evidence=())


def test_balanced_writing_reports_what_it_quotes_or_attributes() -> None:
    quoted = _verdict('One rep told us their vial "works from the inside out".', Label.UNSUPPORTED)
    curly = _verdict("The leaflet promises “ten years off your face overnight”.", Label.OVERSTATED)
    attributed = _verdict("The clinic says results last for years.", Label.UNSUPPORTED, (Context.ATTRIBUTED,))
    own = _verdict("Exosomes are one hundred times stronger than PRP.", Label.UNSUPPORTED)
    fair = _verdict('Her dermatologist called it "a modest help at best".', Label.SUPPORTED)
    told = _verdict("He said a course of six keeps working for a year.", Label.UNSUPPORTED)
    mine = _verdict("I said it regrows hair in every client.", Label.UNSUPPORTED)
    verdicts = [quoted, curly, attributed, own, fair, told, mine]
    flagged, reported = set_aside(verdicts, BALANCED)
    assert flagged == [own, fair, mine], "its own overclaim is still flagged; an accurate quotation stays"
    assert [v.claim.text for v in reported] == [quoted.claim.text, curly.claim.text, attributed.claim.text, told.claim.text]
    assert all(Context.REJECTED in v.claim.context for v in reported)
    assert all(v.reasons[0].code == "SET_ASIDE_REPORTED" and v.reasons[1].code == "T" for v in reported), "why it was set aside, then its verdict's reasons"
    assert set_aside(verdicts, BALANCED - 0.01) == (verdicts, []), "promotion owns what it quotes"


@pytest.mark.parametrize(
    "sentence",
    ["RECEPTIONIST: Results last years, and nearly all our hair clients see thicker hair.", "You may read that polynucleotides carry no allergy risk."],
)
def test_a_sellers_transcript_line_or_what_a_reader_will_come_across_is_reported(sentence: str) -> None:
    flagged, reported = set_aside([_verdict(sentence, Label.UNSUPPORTED)], BALANCED)
    assert flagged == [] and reported[0].reasons[0].code == "SET_ASIDE_REPORTED"


def test_a_clause_that_only_names_a_promise_to_dismiss_it_is_reported() -> None:
    sentence = "An add-on may help a little, so ignore any talk of results lasting years."
    clause = _verdict(sentence, Label.UNSUPPORTED)
    claim = clause.claim.model_copy(update={"text": "ignore any talk of results lasting years", "start": 32, "end": len(sentence) - 1})
    dismissed = clause.model_copy(update={"claim": claim})
    own = _verdict("Results last for years.", Label.UNSUPPORTED)
    flagged, reported = set_aside([dismissed, own], BALANCED)
    assert flagged == [own] and reported[0].reasons[0].code == "SET_ASIDE_REPORTED"


def test_balanced_writing_sets_aside_statements_no_entry_is_about() -> None:
    unmatched = _verdict("No one's scars vanished completely.", Label.UNSUPPORTED).model_copy(
        update={"reasons": (Reason(code="NO_EVIDENCE", message="none"),)}
    )
    matched = _verdict("Exosomes regrow hair in every patient.", Label.OVERSTATED)
    flagged, others = set_aside([unmatched, matched], BALANCED)
    assert flagged == [matched], "a statement an entry is about is still judged as the writer's own"
    assert [v.reasons[0].code for v in others] == ["SET_ASIDE_UNMATCHED"]
    assert Context.REJECTED not in others[0].claim.context, "unjudged is not rejected"
    assert set_aside([unmatched], BALANCED - 0.01) == ([unmatched], []), "a promotion's unmatched claim stays unsupported"


def test_a_genre_model_over_other_rule_features_is_not_used(tmp_path: Path) -> None:
    stale = fit("old", np.eye(4), ["balanced", "promotional", "balanced", "promotional"], ("a", "b", "c", "d"))
    stale.save(tmp_path / "stale.json")
    assert load_genre(tmp_path / "stale.json") is None


def test_the_stored_genre_model_separates_held_out_documents() -> None:
    genre = load_genre()
    assert genre is not None
    meta = genre.model.meta
    # Held out by document on dev: a genre model this weak would mislead the detector.
    assert float(meta["oof_auc"]) >= 0.95 and int(meta["balanced_documents"]) > 0  # type: ignore[arg-type]


@pytest.mark.e2e
def test_reports_carry_the_genre(checker) -> None:  # type: ignore[no-untyped-def]
    trade = checker.check_text(seed(SEED_002), str(SEED_002))
    explainer = (ROOT / "corpus" / "docs" / "editorial_microneedling_evidence_guide.md").read_text(encoding="utf-8")
    balanced = checker.check_text(explainer, "guide.md", kind="markdown")
    assert trade.balanced < 0.5 < balanced.balanced
    assert json.loads(balanced.model_dump_json())["balanced"] == balanced.balanced
    assert not trade.set_aside, "a promotional text's quotations are its own claims"


def test_balanced_writing_may_report_a_lab_finding_as_one() -> None:
    def lab(sentence: str, **strength: object) -> Verdict:
        claim = Claim(text=sentence, start=0, end=len(sentence), line=1, col=1, sentence=sentence, types=(),
                      strength=Strength(grade=3, certainty="definitive", negated=False, preclinical=("in the dishes",), **strength))  # type: ignore[arg-type]  # fmt: skip
        return Verdict(claim=claim, label=Label.OVERSTATED, confidence=0.7, reasons=(Reason(code="OVERSTATES_EVIDENCE", message="m"),), evidence=())

    plain = lab("In the dishes, fibroblasts moved faster.")
    assert reports_lab_finding(plain, BALANCED)
    assert not reports_lab_finding(plain, BALANCED - 0.01), "an advert offers a lab finding as proof: overstated"
    assert not reports_lab_finding(lab("In the dishes, collagen rose by 180%.", magnitudes=("180%",)), BALANCED)
    assert not reports_lab_finding(lab("Lab work proves it.", proof_words=("proves",)), BALANCED)
    own = _verdict("Exosomes boost collagen.", Label.OVERSTATED)
    assert not reports_lab_finding(own, BALANCED), "a finding not placed in the lab is a claim about people"


def test_balanced_writing_may_report_a_modest_result_of_the_writers_own_treatment() -> None:
    def own(sentence: str, **strength: object) -> Verdict:
        claim = Claim(text=sentence, start=0, end=len(sentence), line=1, col=1, sentence=sentence, types=(ClaimType.EFFICACY,),
                      strength=Strength(grade=3, certainty="definitive", negated=False, **strength))  # type: ignore[arg-type]  # fmt: skip
        return Verdict(claim=claim, label=Label.OVERSTATED, confidence=0.7, reasons=(Reason(code="OVERSTATES_EVIDENCE", message="m"),), evidence=())

    diary = own("By week twelve I was losing noticeably less hair in the shower.")
    assert reports_own_result(diary, BALANCED)
    assert reports_own_result(own("After four sessions my parting looks fuller."), BALANCED)
    assert not reports_own_result(diary, BALANCED - 0.01), "an advert's testimonial is offered as proof"
    assert not reports_own_result(own("One session and my crown filled in."), BALANCED), "a dramatic result is judged on it"
    assert not reports_own_result(own("My scars are completely gone.", absolutes=("completely",)), BALANCED)
    assert not reports_own_result(own("My patients see new growth after a course."), BALANCED), "a practitioner speaks of others"


def test_a_lab_setting_in_a_clause_of_its_own_still_places_the_finding() -> None:
    sentence = "Put the vesicles on skin cells in a dish and they make more collagen."
    claim = Claim(text="they make more collagen", start=0, end=10, line=1, col=1, sentence=sentence, types=(),
                  strength=Strength(grade=3, certainty="definitive", negated=False))  # fmt: skip
    verdict = Verdict(claim=claim, label=Label.OVERSTATED, confidence=0.7, reasons=(Reason(code="OVERSTATES_EVIDENCE", message="m"),), evidence=())
    assert reports_lab_finding(verdict, BALANCED)
    assert not reports_lab_finding(verdict, BALANCED - 0.01)


def test_balanced_writing_sets_aside_a_promise_it_names_in_a_run_in_label() -> None:
    label = _verdict("**Zero downtime.**", Label.UNSUPPORTED)
    own = _verdict("Zero downtime.", Label.UNSUPPORTED)
    flagged, others = set_aside([label, own], BALANCED)
    assert flagged == [own] and others[0].reasons[0].code == "SET_ASIDE_REPORTED"
    assert set_aside([label], BALANCED - 0.01) == ([label], []), "an advert's bold promise is its own"


def test_balanced_writing_sets_aside_a_bare_quoted_slogan_whatever_its_verdict() -> None:
    slogans = [_verdict("| “Outperforms filler” |", Label.SUPPORTED), _verdict("'Ten times stronger than PRP'", Label.UNSUPPORTED)]
    expert = _verdict('"No exosome product is FDA-approved."', Label.SUPPORTED)
    flagged, reported = set_aside([*slogans, expert], BALANCED)
    assert flagged == [expert], "a quoted full sentence, such as an expert's, is still a claim"
    assert [v.claim.text for v in reported] == [v.claim.text for v in slogans]
    assert set_aside(slogans, BALANCED - 0.01)[0] == slogans


def test_an_unsubstantiated_clause_cut_from_a_lab_finding_is_carried_by_a_lab_entry() -> None:
    from claimcheck.types import EvidenceRef, Level

    sentence = "In cultured skin cells, vesicles have made fibroblasts, the cells that produce collagen, divide faster."
    claim = Claim(text="the cells that produce collagen, divide", start=0, end=10, line=1, col=1, sentence=sentence, types=(ClaimType.MECHANISM,),
                  strength=Strength(grade=3, certainty="definitive", negated=False))  # fmt: skip

    def judged(level: Level, code: str) -> Verdict:
        ref = EvidenceRef(id="e", title="t", level=level, score=0.6, citation="c", url=None)
        return Verdict(claim=claim, label=Label.UNSUPPORTED, confidence=0.6, reasons=(Reason(code=code, message="m"),), evidence=(ref,))

    assert reports_lab_finding(judged(Level.PRECLINICAL, "NO_SUBSTANTIATION"), BALANCED)
    assert not reports_lab_finding(judged(Level.PRECLINICAL, "CONTRADICTED_BY_EVIDENCE"), BALANCED)
    assert not reports_lab_finding(judged(Level.RANDOMISED_TRIAL, "NO_SUBSTANTIATION"), BALANCED), "a human trial entry judged it"
