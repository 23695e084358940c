"""Lint findings as SARIF 2.1.0, so code-scanning tools show them inline.

One run, one rule per verdict and per control code; each result carries the
claim's region (columns in Unicode code points, as the run declares), its reason
codes, evidence ids and, where the evidence carries a safer wording, a fix that
replaces the claim with it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from claimcheck import __version__
from claimcheck.lint import FileResult
from claimcheck.types import Finding, Severity, SourceSpan

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
RULES: dict[str, tuple[Severity, str]] = {
    "unsupported": (Severity.ERROR, "A health claim the evidence base does not substantiate or contradicts."),
    "overstated": (Severity.WARNING, "A health claim that goes further than the evidence carries."),
    "supported": (Severity.NOTE, "A health claim the evidence carries at the strength stated."),
    "IGNORE_WITHOUT_REASON": (Severity.WARNING, "A claimcheck ignore comment without a reason after ' -- '."),
    "UNUSED_IGNORE": (Severity.WARNING, "A claimcheck ignore comment that silenced no claim."),
    "BAD_DIRECTIVE": (Severity.WARNING, "A claimcheck comment that is not a valid directive."),
}


def _uri(path: str) -> str:
    """A relative URI when the file is under the current folder (what code scanning expects)."""
    p = Path(path)
    try:
        p = p.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return p.resolve().as_uri() if p.is_absolute() else quote(p.as_posix())
    return quote(p.as_posix())


def _region(span: SourceSpan, snippet: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": span.line, "startColumn": span.col, "endLine": span.end_line, "endColumn": span.end_col,
        "charOffset": span.start, "charLength": span.end - span.start,
    }  # fmt: skip
    if snippet is not None:
        region["snippet"] = {"text": snippet}
    return region


def _result(f: Finding, rule_ids: list[str], source: str) -> dict[str, Any]:
    location = {"artifactLocation": {"uri": _uri(f.path)}, "region": _region(f.span, source[f.span.start : f.span.end])}
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_ids.index(f.rule),
        "level": f.level.value,
        "message": {"text": f"{f.rule}: {' '.join(f.claim.split())} — {' '.join(f.message.split())}"},
        "locations": [{"physicalLocation": location}],
        "properties": {"claim": f.claim, "reasonCodes": list(f.codes), "evidence": list(f.evidence)},
    }
    if f.suggestion:
        result["properties"]["suggestion"] = f.suggestion
        change = {"artifactLocation": location["artifactLocation"],
                  "replacements": [{"deletedRegion": _region(f.span), "insertedContent": {"text": f.suggestion}}]}  # fmt: skip
        result["fixes"] = [{"description": {"text": "Use the wording the evidence carries."}, "artifactChanges": [change]}]
    return result


def to_sarif(results: list[FileResult]) -> dict[str, Any]:
    rule_ids = list(RULES)
    rules = [
        {"id": rid, "name": rid.lower().replace("_", "-"), "shortDescription": {"text": text},
         "defaultConfiguration": {"level": level.value}}
        for rid, (level, text) in RULES.items()
    ]  # fmt: skip
    driver = {"name": "ClaimCheck", "version": __version__, "semanticVersion": __version__, "rules": rules}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, rule_ids, r.source.source) for r in results for f in r.findings],
            }
        ],
    }


def to_json(results: list[FileResult]) -> str:
    return json.dumps(to_sarif(results), indent=2, ensure_ascii=False)
