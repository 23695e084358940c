"""Render reports: the versioned JSON contract, CSV, plain text, lint lines and HTML highlights."""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from claimcheck.genre import describe
from claimcheck.types import Label, Report, Verdict

SCHEMA_VERSION = 2
COLOURS = {Label.SUPPORTED: "#c8f7c5", Label.OVERSTATED: "#ffe08a", Label.UNSUPPORTED: "#ffb3b3"}
_CSV_FIELDS = ("source", "line", "col", "start", "end", "verdict", "confidence", "types", "text", "reason", "evidence", "suggestion")


def reasons_of(verdict: Verdict) -> list[dict[str, str]]:
    """The verdict's reasons, then one RULE_APPLIES reason per regulatory rule cited."""
    out = [{"code": r.code, "message": r.message} for r in verdict.reasons]
    out += [
        {"code": "RULE_APPLIES", "message": f"[{rule.jurisdiction.value.upper()}] {rule.title} ({rule.id}){' ' + rule.url if rule.url else ''}"}
        for rule in verdict.rules
    ]
    return out


def claim_dict(verdict: Verdict) -> dict[str, Any]:
    c = verdict.claim
    return {
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "line": c.line,
        "col": c.col,
        "sentence": c.sentence,
        "types": [t.value for t in c.types],
        "verdict": verdict.label.value,
        "confidence": verdict.confidence,
        "reasons": reasons_of(verdict),
        "evidence": [
            {"id": e.id, "title": e.title, "level": e.level.value, "score": e.score, "citation": e.citation, "url": e.url}
            for e in verdict.evidence
        ],
        "suggestion": verdict.suggestion,
    }


def to_dict(reports: list[Report]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "reports": [
            {
                "source": r.source, "balanced": r.balanced, "claims": [claim_dict(v) for v in r.verdicts],
                "set_aside": [claim_dict(v) for v in r.set_aside], "summary": r.summary(),
            }  # fmt: skip
            for r in reports
        ],
    }


def to_json(reports: list[Report]) -> str:
    return json.dumps(to_dict(reports), indent=2, ensure_ascii=False)


def to_csv(reports: list[Report]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for report in reports:
        for v in report.verdicts:
            writer.writerow(
                {
                    "source": report.source, "line": v.claim.line, "col": v.claim.col, "start": v.claim.start,
                    "end": v.claim.end, "verdict": v.label.value, "confidence": v.confidence,
                    "types": ";".join(t.value for t in v.claim.types), "text": v.claim.text,
                    "reason": v.reasons[0].message, "evidence": ";".join(e.id for e in v.evidence),
                    "suggestion": v.suggestion or "",
                }
            )  # fmt: skip
    return buffer.getvalue()


def oneline(text: str) -> str:
    """Text on one line: every run of whitespace, newlines included, becomes one space."""
    return " ".join(text.split())


def to_lines(reports: list[Report]) -> str:
    """``path:line:col: verdict: claim — reason [evidence ids]``, one finding a line."""
    rows = []
    for report in reports:
        for v in report.verdicts:
            ids = f" [{', '.join(e.id for e in v.evidence)}]" if v.evidence else ""
            rows.append(f"{report.source}:{v.claim.line}:{v.claim.col}: {v.label.value}: {oneline(v.claim.text)} — {oneline(v.reasons[0].message)}{ids}")
    return "\n".join(rows) + ("\n" if rows else "")


def to_text(reports: list[Report]) -> str:
    """A readable report for a terminal."""
    out = []
    for report in reports:
        s = report.summary()
        out.append(f"== {report.source}: {len(report.verdicts)} claims — {s['unsupported']} unsupported, {s['overstated']} overstated, {s['supported']} supported")
        out += [f"   note: {n}" for n in report.notices]
        if genre := describe(report.balanced):
            out.append(f"   genre: {genre}")
        out += [f"   set aside, not flagged: {v.claim.line}:{v.claim.col} {oneline(v.claim.text)} ({v.label.value}; {v.reasons[0].code})" for v in report.set_aside]
        for v in report.verdicts:
            out.append(f"\n{v.claim.line}:{v.claim.col}  {v.label.value.upper()}  ({v.confidence:.2f})  [{', '.join(t.value for t in v.claim.types)}]")
            out.append(f"   claim:  {oneline(v.claim.text)}")
            out += [f"   {r['code']}: {oneline(r['message'])}" for r in reasons_of(v)]
            out += [f"   evidence: {e.id} ({e.level.value}) {e.citation}{' <' + e.url + '>' if e.url else ''}" for e in v.evidence[:2]]
            if v.suggestion:
                out.append(f"   safer wording: {oneline(v.suggestion)}")
    return "\n".join(out) + "\n"


def highlight_html(text: str, report: Report) -> str:
    """The text as escaped HTML with each claim marked in its verdict's colour and a text label."""
    parts, pos = [], 0
    for i, v in enumerate(sorted(report.verdicts, key=lambda v: v.claim.start)):
        c = v.claim
        if c.start < pos:
            continue  # overlapping spans are listed in the table; highlight the first
        parts.append(html.escape(text[pos : c.start]))
        title = html.escape(f"{v.label.value}: {v.reasons[0].message}", quote=True)
        parts.append(
            f'<mark id="claim-{i}" class="cc-{v.label.value}" style="background:{COLOURS[v.label]}" title="{title}">'
            f"{html.escape(text[c.start : c.end])}<sup>[{v.label.value}]</sup></mark>"
        )
        pos = c.end
    parts.append(html.escape(text[pos:]))
    return '<div style="white-space:pre-wrap;line-height:1.6">' + "".join(parts) + "</div>"
