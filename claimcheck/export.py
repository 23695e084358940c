"""Hand a review to someone else: a self-contained printable HTML report, CSV and JSON.

Every string that came from the analysed text, the evidence base or the reviewer is
HTML-escaped; only http(s) links become anchors. Claims are numbered from 1 in the
order of the report (``claim_index + 1``), the same numbers the app shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from html import escape
from typing import Any

from claimcheck import __version__
from claimcheck.genre import describe
from claimcheck.report import COLOURS, claim_dict, reasons_of
from claimcheck.types import Action, Decision, Label, Review, RuleRef, Verdict

__all__ = [
    "CARD_CSS",
    "EXPORT_SCHEMA_VERSION",
    "claim_card_html",
    "final_label",
    "legend_html",
    "marked_html",
    "review_csv",
    "review_dict",
    "review_html",
    "review_json",
]

EXPORT_SCHEMA_VERSION = 2
Decisions = Mapping[int, Decision]

_CSV_FIELDS = (
    "review_id", "source", "claim_no", "line", "col", "start", "end", "text", "verdict", "confidence", "types",
    "reason", "evidence", "rules", "suggestion", "decision", "reviewer_label", "note", "decided_by", "decided_at",
)  # fmt: skip

#: Styles of the marked text and the claim cards, shared by the app and the HTML report.
CARD_CSS = """
.cc-text { white-space: pre-wrap; line-height: 1.8; border: 1px solid #ddd; padding: 1rem; border-radius: 6px; }
mark { padding: 0 .1rem; border-radius: 3px; } mark sup { font-size: .7em; font-weight: 700; margin-left: .15rem; }
mark a { color: inherit; text-decoration: none; }
.legend span { padding: .1rem .4rem; border-radius: 3px; margin-right: .5rem; }
article.claim { border: 1px solid #ccc; border-left: 6px solid #999; border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }
article.claim.cc-supported { border-left-color: #3a9a35; } article.claim.cc-overstated { border-left-color: #c99700; }
article.claim.cc-unsupported { border-left-color: #c62828; }
article.claim blockquote { margin: .5rem 0; padding-left: .8rem; border-left: 3px solid #ddd; font-style: italic; }
.cc-decision { background: #f4f4f4; padding: .4rem .8rem; border-radius: 4px; }
.badge { font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
"""

_PAGE_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1d; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; } dl.meta dt { font-weight: 600; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  article.claim { break-inside: avoid; }
  mark, .legend span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em; word-break: break-all; }
}
"""


def final_label(verdict: Verdict, decision: Decision | None) -> Label:
    """The label that stands: the reviewer's when they decided, else the tool's."""
    return decision.label if decision else verdict.label


def _link(url: str | None, text: str) -> str:
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{escape(text)}</a>'
    return escape(text)


def _tag(index: int, verdict: Verdict, decision: Decision | None) -> str:
    """The text label beside a highlight, readable without colour."""
    label = final_label(verdict, decision).value
    if decision and decision.action == Action.OVERRIDDEN:
        return f"#{index + 1} {label}, reviewer; tool: {verdict.label.value}"
    return f"#{index + 1} {label}{', accepted' if decision else ''}"


def marked_html(text: str, verdicts: tuple[Verdict, ...], decisions: Decisions, link_prefix: str | None = None) -> str:
    """The text, escaped, with each claim marked in its standing label's colour and a text label.

    Hovering a mark shows the reason; with ``link_prefix`` each mark links to ``#{prefix}{n}``.
    """
    parts, pos = [], 0
    for index, verdict in sorted(enumerate(verdicts), key=lambda item: item[1].claim.start):
        claim, decision = verdict.claim, decisions.get(index)
        if claim.start < pos:
            continue  # an overlapping claim still has its own card; the text marks the first
        label = final_label(verdict, decision)
        tip = escape(f"#{index + 1} {label.value}: {verdict.reasons[0].message}", quote=True)
        body = f"{escape(text[claim.start : claim.end])}<sup>[{escape(_tag(index, verdict, decision))}]</sup>"
        if link_prefix is not None:
            body = f'<a href="#{link_prefix}{index + 1}">{body}</a>'
        parts.append(escape(text[pos : claim.start]))
        parts.append(f'<mark class="cc-{label.value}" style="background:{COLOURS[label]}" title="{tip}">{body}</mark>')
        pos = claim.end
    parts.append(escape(text[pos:]))
    return "".join(parts)


def legend_html() -> str:
    spans = "".join(f'<span class="cc-{label.value}" style="background:{COLOURS[label]}">{label.value}</span>' for label in Label)
    return f'<p class="legend">Highlight colours (each mark also carries its label in brackets): {spans}</p>'


def _meta(review: Review, decisions: Decisions) -> str:
    counts = review.report.summary()
    rows = {
        "Source": review.source,
        "Reviewer": review.reviewer,
        "Checked": review.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        "Last decision": review.updated_at.strftime("%Y-%m-%d %H:%M UTC"),
        "Jurisdiction": review.jurisdiction.upper(),
        "Evidence base version": review.evidence_version,
        "Claims": f"{len(review.report.verdicts)} ({counts['unsupported']} unsupported, {counts['overstated']} overstated, "
        f"{counts['supported']} supported by the tool); {len(decisions)} decided by the reviewer",
    }
    return '<dl class="meta">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows.items()) + "</dl>"


def _rule_line(rule: RuleRef) -> str:
    return f"[{escape(rule.jurisdiction.value.upper())}] {_link(rule.url, rule.title)} <code>{escape(rule.id)}</code>"


def _decision_html(decision: Decision | None) -> str:
    if decision is None:
        return '<p class="cc-decision">Reviewer decision: <strong>none recorded</strong></p>'
    when = decision.decided_at.strftime("%Y-%m-%d %H:%M UTC")
    what = "accepted the verdict" if decision.action == Action.ACCEPTED else f"overrode the verdict to {decision.label.value}"
    note = f"<br>Note: {escape(decision.note)}" if decision.note else ""
    who = f"{escape(decision.reviewer)} {escape(what)}"
    return f'<p class="cc-decision">Reviewer decision: <strong>{who}</strong> ({when}){note}</p>'


def _reviewer_badge(verdict: Verdict, decision: Decision | None) -> str:
    if decision is None or decision.label == verdict.label:
        return ""
    return f' → reviewer: <span class="badge cc-reviewer">{escape(decision.label.value)}</span>'


def claim_card_html(index: int, verdict: Verdict, decision: Decision | None) -> str:
    """One claim as a card: verdict, confidence, reasons, suggested wording, evidence, rules, decision."""
    claim = verdict.claim
    label = final_label(verdict, decision)
    reasons = "".join(f"<li><code>{escape(r.code)}</code> {escape(r.message)}</li>" for r in verdict.reasons)
    evidence = "".join(
        f"<li><strong>{escape(e.level.value.replace('_', ' '))}</strong> · {_link(e.url, e.citation)} "
        f"<code>{escape(e.id)}</code> (similarity {e.score:.2f})</li>"
        for e in verdict.evidence
    )
    rules = "".join(f"<li>{_rule_line(rule)}</li>" for rule in verdict.rules)
    parts = [
        f'<article class="claim cc-{label.value}" id="claim-{index + 1}">',
        f'<h3>#{index + 1} · tool: <span class="badge">{escape(verdict.label.value)}</span>{_reviewer_badge(verdict, decision)}'
        f" · line {claim.line}, column {claim.col}</h3>",
        f"<blockquote>{escape(claim.text)}</blockquote>",
        f"<p>Confidence {verdict.confidence:.2f} · claim types: {escape(', '.join(t.value for t in claim.types))}</p>",
        f"<h4>Reasons</h4><ul>{reasons}</ul>",
    ]
    if verdict.suggestion:
        parts.append(f"<h4>Suggested wording</h4><p>{escape(verdict.suggestion)}</p>")
    no_match = "<p>No matching entry in the evidence base.</p>"
    parts.append(f"<h4>Evidence</h4>{f'<ul>{evidence}</ul>' if evidence else no_match}")
    if rules:
        parts.append(f"<h4>Rules</h4><ul>{rules}</ul>")
    parts += [_decision_html(decision), "</article>"]
    return "".join(parts)


def _sources_html(review: Review) -> str:
    entries: dict[str, str] = {}
    rules: dict[str, str] = {}
    for verdict in review.report.verdicts:
        for e in verdict.evidence:
            level = escape(e.level.value.replace("_", " "))
            entries.setdefault(e.id, f"<li><code>{escape(e.id)}</code> ({level}): {_link(e.url, e.citation)}</li>")
        for rule in verdict.rules:
            rules.setdefault(rule.id, f"<li>{_rule_line(rule)}</li>")
    body = f"<h3>Evidence entries</h3><ol>{''.join(entries.values())}</ol>" if entries else "<p>No evidence entry was cited.</p>"
    if rules:
        body += f"<h3>Regulatory rules</h3><ol>{''.join(rules.values())}</ol>"
    return body


def review_html(review: Review, decisions: Decisions) -> str:
    """A self-contained HTML page (no scripts, no external files) that prints cleanly."""
    verdicts = review.report.verdicts
    genre = describe(review.report.balanced)
    notices = "".join(f"<p><em>Note: {escape(n)}</em></p>" for n in (*review.report.notices, *([genre] if genre else [])))
    claims = "".join(claim_card_html(i, v, decisions.get(i)) for i, v in enumerate(verdicts)) or "<p>No claims were found.</p>"
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>ClaimCheck review #{review.id}: {escape(review.source)}</title><style>{CARD_CSS}{_PAGE_CSS}</style></head><body>"
        f"<header><h1>ClaimCheck review #{review.id}</h1>{_meta(review, decisions)}</header>"
        f'{notices}<section id="text"><h2>Text</h2>{legend_html()}'
        f'<div class="cc-text">{marked_html(review.text, verdicts, decisions, link_prefix="claim-")}</div></section>'
        f'<section id="claims"><h2>Claims</h2>{claims}</section>{_set_aside_html(review)}'
        f'<section id="sources"><h2>Sources</h2>{_sources_html(review)}</section>'
        f"<footer><p>Generated by ClaimCheck {escape(__version__)} on {generated}.</p></footer></body></html>"
    )


def _set_aside_html(review: Review) -> str:
    """The claims set aside in balanced writing (listed, not flagged; claimcheck.genre), each with why."""
    if not review.report.set_aside:
        return ""
    items = "".join(
        f"<li>line {v.claim.line}: {escape(v.claim.text)} <em>({v.label.value}; {escape(v.reasons[0].message)} "
        f"{escape(v.reasons[1].message) if len(v.reasons) > 1 else ''})</em></li>"
        for v in review.report.set_aside
    )
    return f'<section id="set-aside"><h2>Set aside, not flagged</h2><ul>{items}</ul></section>'


def _decision_dict(decision: Decision) -> dict[str, Any]:
    return {
        "claim_no": decision.claim_index + 1,
        "claim_index": decision.claim_index,
        "start": decision.start,
        "end": decision.end,
        "action": decision.action.value,
        "label": decision.label.value,
        "note": decision.note,
        "reviewer": decision.reviewer,
        "decided_at": decision.decided_at.isoformat(),
    }


def review_dict(review: Review, decisions: Decisions) -> dict[str, Any]:
    """The review as data: its metadata, the report in the JSON contract, and each claim's decision."""
    claims = []
    for index, verdict in enumerate(review.report.verdicts):
        decision = decisions.get(index)
        row = claim_dict(verdict) | {"claim_no": index + 1}
        row["decision"] = _decision_dict(decision) if decision else None
        claims.append(row)
    return {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "review": {
            "id": review.id,
            "source": review.source,
            "kind": review.kind,
            "reviewer": review.reviewer,
            "jurisdiction": review.jurisdiction,
            "evidence_version": review.evidence_version,
            "created_at": review.created_at.isoformat(),
            "updated_at": review.updated_at.isoformat(),
            "notices": list(review.report.notices),
            "balanced": review.report.balanced,
        },
        "set_aside": [claim_dict(v) for v in review.report.set_aside],
        "text": review.text,
        "summary": review.report.summary(),
        "claims": claims,
    }


def review_json(review: Review, decisions: Decisions) -> str:
    return json.dumps(review_dict(review, decisions), indent=2, ensure_ascii=False)


def review_csv(review: Review, decisions: Decisions) -> str:
    """One row per claim: the tool's verdict beside the reviewer's decision."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for index, v in enumerate(review.report.verdicts):
        d = decisions.get(index)
        writer.writerow(
            {
                "review_id": review.id, "source": review.source, "claim_no": index + 1, "line": v.claim.line,
                "col": v.claim.col, "start": v.claim.start, "end": v.claim.end, "text": v.claim.text,
                "verdict": v.label.value, "confidence": f"{v.confidence:.2f}", "types": ";".join(t.value for t in v.claim.types),
                "reason": " | ".join(r["message"] for r in reasons_of(v)), "evidence": ";".join(e.id for e in v.evidence),
                "rules": ";".join(r.id for r in v.rules), "suggestion": v.suggestion or "",
                "decision": d.action.value if d else "", "reviewer_label": d.label.value if d else "",
                "note": d.note if d else "", "decided_by": d.reviewer if d else "",
                "decided_at": d.decided_at.isoformat() if d else "",
            }
        )  # fmt: skip
    return buffer.getvalue()
