"""Lint findings from fixed verdicts (no models): levels, inline controls, diff mode and golden formats."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from claimcheck.lint import FileResult, changed_lines, findings_for, to_dict, to_lines
from claimcheck.sourcemap import SourceText, extract
from claimcheck.types import (
    Certainty,
    Claim,
    ClaimType,
    EvidenceRef,
    Label,
    Level,
    LintSettings,
    Reason,
    Report,
    Severity,
    Strength,
    Verdict,
)  # fmt: skip

GOLDEN = Path(__file__).parent / "fixtures" / "lint" / "golden"
DRAFT = """---
title: Draft
---
# Exosome facial

Our exosome facial has no side effects and
results last for years.

- It is 100 times more powerful than PRP.
- Exosomes support skin renewal.
"""


def verdict(st: SourceText, text: str, label: Label, *, types: tuple[ClaimType, ...] = (ClaimType.SAFETY,),
            evidence: tuple[str, ...] = ("exosome-adverse-events-reported",), suggestion: str | None = None,
            sentence: str | None = None) -> Verdict:  # fmt: skip
    """A fixed verdict on the claim ``text`` in the extracted text of ``st``."""
    start = st.text.index(text)
    line = st.text.count("\n", 0, start) + 1
    col = start - (st.text.rfind("\n", 0, start) + 1) + 1
    claim = Claim(
        text=text, start=start, end=start + len(text), line=line, col=col, sentence=sentence or text, types=types,
        strength=Strength(grade=3, certainty=Certainty.ABSOLUTE, negated=False),
    )  # fmt: skip
    code = {Label.UNSUPPORTED: "CONTRADICTED_BY_EVIDENCE", Label.OVERSTATED: "OVERSTATES_EVIDENCE", Label.SUPPORTED: "SUPPORTED_BY_EVIDENCE"}[label]
    refs = tuple(
        EvidenceRef(id=e, title=f"Entry {e}", level=Level.REGULATORY_STATEMENT, score=0.8, citation=f"Citation of {e}", url=f"https://example.org/{e}")
        for e in evidence
    )
    return Verdict(claim=claim, label=label, confidence=0.9, reasons=(Reason(code=code, message=f"Fixed reason for: {text}."),),
                   evidence=refs, suggestion=suggestion)  # fmt: skip


def draft_result(settings: LintSettings | None = None, source: str = DRAFT, path: str = "draft.md") -> FileResult:
    st = extract(source, path)
    sentence = "Our exosome facial has no side effects and results last for years."
    verdicts = (
        verdict(st, "Our exosome facial has no side effects", Label.UNSUPPORTED, sentence=sentence,
                suggestion="Exosome treatments can cause side effects."),
        verdict(st, "results last for years", Label.OVERSTATED, types=(ClaimType.DURATION,), sentence=sentence,
                evidence=("results-last-years-unsupported",), suggestion="Results were followed for about 12 weeks."),
        verdict(st, "It is 100 times more powerful than PRP", Label.UNSUPPORTED, types=(ClaimType.COMPARATIVE,),
                evidence=("exosomes-vs-prp",), suggestion="One split-face trial found exosomes and PRP worked about equally."),
        verdict(st, "Exosomes support skin renewal", Label.SUPPORTED, types=(ClaimType.EFFICACY,), evidence=("exosome-skin-rejuvenation",)),
    )  # fmt: skip
    report = Report(source=path, verdicts=verdicts)
    return findings_for(st, report, settings or LintSettings(), ["exosomes-vs-prp", "exosome-adverse-events-reported"])


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CLAIMCHECK_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_levels_positions_and_supported_hidden() -> None:
    result = draft_result()
    got = [(f.level, f.rule, f.span.line, f.span.col, f.span.end_line, f.span.end_col) for f in result.findings]
    assert got == [
        (Severity.ERROR, "unsupported", 6, 1, 6, 39),
        (Severity.WARNING, "overstated", 7, 1, 7, 23),
        (Severity.ERROR, "unsupported", 9, 3, 9, 41),
    ]
    shown = draft_result(LintSettings(min_level=Severity.NOTE)).findings
    assert [(f.level, f.span.line, f.span.col) for f in shown][-1] == (Severity.NOTE, 10, 3)
    assert [f.rule for f in draft_result(LintSettings(min_level=Severity.ERROR)).findings] == ["unsupported", "unsupported"]


def test_skip_types_drop_claims_whose_every_type_is_skipped() -> None:
    result = draft_result(LintSettings(skip_types=(ClaimType.SAFETY, ClaimType.DURATION)))
    assert [f.claim for f in result.findings] == ["It is 100 times more powerful than PRP"]


def test_golden_line_format() -> None:
    golden("draft.lines", to_lines([draft_result()]))


def test_golden_json_format() -> None:
    data = to_dict([draft_result()])
    claim = data["reports"][0]["claims"][0]
    assert (claim["line"], claim["col"], claim["end_line"], claim["end_col"], claim["level"]) == (6, 1, 6, 39, "error")
    assert DRAFT[claim["start"] : claim["end"]] == "Our exosome facial has no side effects"
    golden("draft.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def with_comment(comment: str, before: str = "Our exosome facial") -> str:
    return DRAFT.replace(before, f"{comment}\n{before}", 1)


def rules(result: FileResult) -> list[tuple[str, int]]:
    return [(f.rule, f.span.line) for f in result.findings]


def test_ignore_with_reason_silences_matching_claim_of_next_sentence() -> None:
    result = draft_result(source=with_comment("<!-- claimcheck: ignore safety -- quoted to rebut it -->"))
    assert rules(result) == [("overstated", 8), ("unsupported", 10)]
    assert result.silenced == 1
    by_id = draft_result(source=with_comment("<!-- claimcheck: ignore exosomes-vs-prp -- trial cited -->", "- It is"))
    assert [f.rule for f in by_id.findings] == ["unsupported", "overstated"]


def test_ignore_without_target_silences_the_whole_next_sentence() -> None:
    result = draft_result(source=with_comment("<!-- claimcheck: ignore -- the editor's quote -->"))
    assert rules(result) == [("unsupported", 10)]


def test_ignore_without_reason_is_reported_and_silences_nothing() -> None:
    result = draft_result(source=with_comment("<!-- claimcheck: ignore safety -->"))
    assert rules(result) == [("IGNORE_WITHOUT_REASON", 6), ("unsupported", 7), ("overstated", 8), ("unsupported", 10)]
    assert result.findings[0].level == Severity.WARNING and result.findings[0].span.col == 1


def test_bad_and_unused_directives_are_reported() -> None:
    unknown = draft_result(source=with_comment("<!-- claimcheck: ignore hype -- why -->"))
    assert unknown.findings[0].rule == "BAD_DIRECTIVE" and "'hype'" in unknown.findings[0].message
    typo = draft_result(source=with_comment("<!-- claimcheck: ignroe safety -- why -->"))
    assert typo.findings[0].rule == "BAD_DIRECTIVE"
    unused = draft_result(source=with_comment("<!-- claimcheck: ignore regulatory -- why -->"))
    assert unused.findings[0].rule == "UNUSED_IGNORE"
    plain = draft_result(source=with_comment("<!-- a normal comment -->"))
    assert rules(plain) == [("unsupported", 7), ("overstated", 8), ("unsupported", 10)]


def test_off_and_on_blocks() -> None:
    source = with_comment("<!-- claimcheck: on -->", "- It is").replace("Our exosome", "<!-- claimcheck: off -->\nOur exosome", 1)
    assert rules(draft_result(source=source)) == [("unsupported", 11)]
    unclosed = DRAFT.replace("- It is", "<!-- claimcheck: off -->\n- It is")
    assert rules(draft_result(source=unclosed)) == [("unsupported", 6), ("overstated", 7)]


def test_text_files_use_hash_comments() -> None:
    source = "Intro line.\n# claimcheck: ignore safety -- reviewed by legal\nOur exosome facial has no side effects and\nresults last for years.\n\n- It is 100 times more powerful than PRP.\n- Exosomes support skin renewal.\n"
    st = extract(source, "draft.txt")
    sentence = "Our exosome facial has no side effects and"
    report = Report(source="draft.txt", verdicts=(verdict(st, "Our exosome facial has no side effects", Label.UNSUPPORTED, sentence=sentence),))
    assert findings_for(st, report, LintSettings()).findings == ()


def test_diff_filter_keeps_only_changed_lines() -> None:
    st = extract(DRAFT, "draft.md")
    report = Report(source="draft.md", verdicts=draft_result().report.verdicts)
    assert [f.span.line for f in findings_for(st, report, LintSettings(), changed={9}).findings] == [9]
    assert findings_for(st, report, LintSettings(), changed=set()).findings == ()


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}  # fmt: skip
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def test_changed_lines_in_a_real_git_repository(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    draft = tmp_path / "draft.md"
    draft.write_text("one\ntwo\nthree\nfour\n")
    git(tmp_path, "add", "draft.md")
    git(tmp_path, "commit", "-q", "-m", "first")
    draft.write_text("one\nTWO\nthree\nfour\nfive\nsix\n")
    assert changed_lines(str(draft), "HEAD") == {2, 5, 6}
    new = tmp_path / "new.md"
    new.write_text("brand new\n")
    assert changed_lines(str(new), "HEAD") is None
    from claimcheck.lint import LintError

    with pytest.raises(LintError, match="not a git revision"):
        changed_lines(str(draft), "no-such-branch")
