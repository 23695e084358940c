"""Evidence browser: search and read the evidence entries and regulatory rules with their sources."""

from __future__ import annotations

import datetime as dt
from html import escape

import streamlit as st

from claimcheck.evidence import STALE_AFTER_DAYS, EvidenceBase
from claimcheck.types import Evidence, Rule, Source
from claimcheck.ui.filters import search_items
from claimcheck.ui.resources import get_evidence


def _sources_html(sources: tuple[Source, ...]) -> str:
    items = []
    for s in sources:
        link = s.link
        cite = escape(s.citation())
        shown = f'<a href="{escape(link, quote=True)}" rel="noopener noreferrer">{cite}</a>' if link else cite
        flags = [s.kind] + ([] if s.verified else ["details not independently verified"])
        note = f" — {escape(s.note)}" if s.note else ""
        items.append(f"<li>{shown} <em>({escape(', '.join(flags))})</em>{note}</li>")
    return f"<h4>Sources</h4><ol>{''.join(items)}</ol>"


def _reviewed(item: Evidence | Rule) -> str:
    age = (dt.date.today() - item.reviewed_on).days
    stale = f" — <strong>due for review</strong> (over {STALE_AFTER_DAYS} days)" if age > STALE_AFTER_DAYS else ""
    return f"<p>Reviewed on {item.reviewed_on.isoformat()}{stale}</p>"


def _entry_html(entry: Evidence) -> str:
    rows = {
        "Level": entry.level.value.replace("_", " "),
        "Population": entry.population.value.replace("_", " "),
        "Treatments": ", ".join(entry.treatments),
        "Claim types": ", ".join(t.value for t in entry.claim_types),
        "Strongest certainty carried": entry.max_certainty.value,
    }
    if entry.max_duration_days is not None:
        rows["Longest effect shown"] = f"{entry.max_duration_days} days"
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows.items())
    caveats = "".join(f"<li>{escape(c)}</li>" for c in entry.caveats)
    return (
        f"<p>{escape(entry.statement)}</p><table>{table}</table>"
        f"<p><strong>The evidence carries:</strong> {escape(entry.carries)}</p>"
        + (f"<h4>Caveats</h4><ul>{caveats}</ul>" if caveats else "")
        + _sources_html(entry.sources)
        + _reviewed(entry)
        + f"<p><code>{escape(entry.id)}</code> · {len(entry.examples.labelled())} labelled example claims</p>"
    )


def _rule_html(rule: Rule) -> str:
    applies = ", ".join(t.value for t in rule.claim_types)
    treatments = f" · treatments: {escape(', '.join(rule.treatments))}" if rule.treatments else ""
    return (
        f"<p>{escape(rule.summary)}</p><p>Claim types: {escape(applies)}{treatments}</p>"
        + _sources_html(rule.sources)
        + _reviewed(rule)
        + f"<p><code>{escape(rule.id)}</code></p>"
    )


def _entries(base: EvidenceBase) -> None:
    cols = st.columns([2, 1, 1])
    query = cols[0].text_input("Search entries", key="evidence-search", placeholder="e.g. granuloma, FDA, hair loss")
    topics = cols[1].multiselect("Topic", sorted({e.topic for e in base.entries}), key="evidence-topic")
    levels = cols[2].multiselect("Level", sorted({e.level.value for e in base.entries}), key="evidence-level")
    found = [
        e for e in search_items(base.entries, query)
        if (not topics or e.topic in topics) and (not levels or e.level.value in levels)
    ]  # fmt: skip
    st.caption(f"{len(found)} of {len(base.entries)} entries")
    for entry in found:
        with st.expander(f"{entry.title} · {entry.level.value.replace('_', ' ')} · reviewed {entry.reviewed_on.isoformat()}"):
            st.html(_entry_html(entry))


def _rules(base: EvidenceBase) -> None:
    cols = st.columns([2, 1])
    query = cols[0].text_input("Search rules", key="rules-search", placeholder="e.g. ASA, TGA, substantiation")
    places = cols[1].multiselect("Jurisdiction", sorted({r.jurisdiction.value for r in base.rules}), key="rules-jurisdiction")
    found = [r for r in search_items(base.rules, query) if not places or r.jurisdiction.value in places]
    st.caption(f"{len(found)} of {len(base.rules)} rules")
    for rule in found:
        with st.expander(f"[{rule.jurisdiction.value.upper()}] {rule.title} · reviewed {rule.reviewed_on.isoformat()}"):
            st.html(_rule_html(rule))


def render() -> None:
    base = get_evidence()
    st.title("Evidence")
    st.caption(f"Evidence base version {base.version}: {len(base.entries)} entries and {len(base.rules)} regulatory rules.")
    entries, rules = st.tabs(["Evidence entries", "Regulatory rules"])
    with entries:
        _entries(base)
    with rules:
        _rules(base)
