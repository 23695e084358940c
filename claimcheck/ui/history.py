"""History page: every stored review, newest first; open one exactly as it was decided."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from claimcheck.errors import ClaimcheckError
from claimcheck.types import ReviewSummary
from claimcheck.ui import CHECK_PAGE
from claimcheck.ui.resources import get_store
from claimcheck.ui.widgets import plain


def _table(rows: list[ReviewSummary]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "review": [r.id for r in rows],
            "link": [f"./?review={r.id}" for r in rows],
            "document": [r.source for r in rows],
            "reviewer": [r.reviewer for r in rows],
            "checked (UTC)": [r.created_at.strftime("%Y-%m-%d %H:%M") for r in rows],
            "last change (UTC)": [r.updated_at.strftime("%Y-%m-%d %H:%M") for r in rows],
            "rules": [r.jurisdiction.upper() for r in rows],
            "claims": [r.claims for r in rows],
            "decided": [r.decided for r in rows],
            "unsupported": [r.counts["unsupported"] for r in rows],
            "overstated": [r.counts["overstated"] for r in rows],
            "supported": [r.counts["supported"] for r in rows],
            "evidence base": [r.evidence_version for r in rows],
        }
    )


def render() -> None:
    st.title("History")
    search = st.text_input("Search by document or reviewer", key="history-search")
    try:
        rows = get_store().summaries(search)
    except ClaimcheckError as exc:
        st.error(plain(str(exc)))
        return
    if not rows:
        st.info("No reviews match." if search.strip() else "No reviews yet: check a text and it appears here.")
        return
    st.dataframe(
        _table(rows),
        hide_index=True,
        column_config={"link": st.column_config.LinkColumn("link", display_text="open")},
    )
    labels = {r.id: f"#{r.id} · {r.source} · {r.reviewer} · {r.decided}/{r.claims} decided" for r in rows}
    chosen = st.selectbox("Review to open", list(labels), format_func=labels.__getitem__, key="history-choice")
    if st.button("Open review", type="primary", key="history-open"):
        st.switch_page(CHECK_PAGE, query_params={"review": str(chosen)})
