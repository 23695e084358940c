"""ClaimCheck in the browser: paste or upload a text, see every claim flagged with its evidence.

Thin by design: all the work is done by the claimcheck library.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from claimcheck import report as fmt
from claimcheck.checker import JURISDICTIONS, Checker
from claimcheck.errors import ClaimcheckError
from claimcheck.ingest import from_bytes, from_text
from claimcheck.types import Document, Report


@st.cache_resource(show_spinner="Loading the language models…")
def get_checker() -> Checker:
    return Checker()


@st.cache_data(show_spinner="Checking claims…", max_entries=64)
def check(doc: Document, jurisdiction: str) -> Report:
    return get_checker().check_document(doc, jurisdiction)


def read_input() -> Document | None:
    pasted = st.text_area("Paste a text", height=220, key="pasted", placeholder="Paste promotional copy here…")
    upload = st.file_uploader("…or upload a file", type=["txt", "md", "html", "htm"], key="upload")
    try:
        if upload is not None:
            return from_bytes(upload.getvalue(), upload.name)
        if pasted.strip():
            return from_text(pasted, "pasted text")
    except ClaimcheckError as exc:
        st.error(str(exc))
    return None


def show_report(doc: Document, result: Report) -> None:
    counts = result.summary()
    cols = st.columns(3)
    for col, label in zip(cols, ("unsupported", "overstated", "supported"), strict=True):
        col.metric(label.capitalize(), counts[label])
    for notice in result.notices:
        st.info(notice)
    st.subheader("Text")
    st.html(fmt.highlight_html(doc.text, result))
    st.subheader("Claims")
    rows = [fmt.claim_dict(v) for v in result.verdicts]
    if rows:
        table = pd.DataFrame(
            {
                "line": [r["line"] for r in rows],
                "verdict": [r["verdict"] for r in rows],
                "claim": [r["text"] for r in rows],
                "reason": [r["reasons"][0]["message"] for r in rows],
                "suggestion": [r["suggestion"] or "" for r in rows],
                "source": [r["evidence"][0]["url"] if r["evidence"] else None for r in rows],
            }
        )
        st.dataframe(table, hide_index=True, column_config={"source": st.column_config.LinkColumn("source")})
    for i, row in enumerate(rows):
        with st.expander(f"{row['verdict'].upper()} · line {row['line']} · {row['text'][:80]}", expanded=False):
            st.text(row["text"])
            for reason in row["reasons"]:
                st.markdown(f"**{reason['code']}** — {reason['message']}", unsafe_allow_html=False)
            for ev in row["evidence"]:
                st.markdown(f"- `{ev['id']}` ({ev['level']}): {ev['citation']}" + (f" — [source]({ev['url']})" if ev["url"] else ""))
            if row["suggestion"]:
                st.markdown(f"**Safer wording:** {row['suggestion']}")
    c1, c2 = st.columns(2)
    c1.download_button("Download JSON", fmt.to_json([result]), "claimcheck.json", "application/json", key="dl-json")
    c2.download_button("Download CSV", fmt.to_csv([result]), "claimcheck.csv", "text/csv", key="dl-csv")


def main() -> None:
    st.set_page_config(page_title="ClaimCheck", layout="wide")
    st.title("ClaimCheck")
    st.caption("Health claims in marketing text, checked against a curated evidence base.")
    jurisdiction = st.selectbox("Regulatory rules to cite", JURISDICTIONS, index=0, key="jurisdiction")
    doc = read_input()
    if doc is not None:
        show_report(doc, check(doc, jurisdiction))
    st.caption(f"Evidence base version {get_checker().evidence.version}")


main()
