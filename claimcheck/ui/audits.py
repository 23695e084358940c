"""Audits page: the ranked sites, pages and verdicts of a site-audit database (``claimcheck audit``)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from claimcheck.audit_report import VERDICTS, load_frames
from claimcheck.errors import ClaimcheckError
from claimcheck.ui.widgets import plain

AUDIT_DB_ENV = "CLAIMCHECK_AUDIT_DB"
_SITE_COLUMNS = ["site", "risk", "claims", "unsupported", "overstated", "supported", "pages", "checked", "failed"]
_PAGE_COLUMNS = ["site", "url", "risk", "claims", "unsupported", "overstated", "supported", "words", "status", "error", "message"]


@st.cache_data(max_entries=16, show_spinner="Reading the audit database…")
def _frames(path: str, run_id: int | None, modified: float) -> dict[str, pd.DataFrame]:
    """``modified`` is part of the cache key, so a database written since is read again."""
    return load_frames(path, run_id)


def _read(path: Path, run_id: int | None) -> dict[str, pd.DataFrame] | None:
    try:
        return _frames(str(path), run_id, path.stat().st_mtime if path.is_file() else 0.0)
    except (ClaimcheckError, OSError, pd.errors.DatabaseError) as exc:
        st.error(plain(str(exc)))
        return None


def _run_label(runs: pd.DataFrame) -> dict[int, str]:
    return {
        int(row.id): f"run {row.id} · started {str(row.started_at)[:16]} · {row.status} · evidence {row.evidence_version}"
        for row in runs.sort_values("id", ascending=False).itertuples()
    }


def _columns(frame: pd.DataFrame, wanted: list[str]) -> pd.DataFrame:
    return frame[[c for c in wanted if c in frame.columns]]


def render() -> None:
    st.title("Audits")
    st.caption("Site audits made with `claimcheck audit`: sites ranked by risk, worst first.")
    default = os.environ.get(AUDIT_DB_ENV, "audit.db")
    path = Path(st.text_input("Audit database", value=default, key="audit-db").strip()).expanduser()
    latest = _read(path, None)
    if latest is None:
        return
    labels = _run_label(latest["runs"])
    run_id = st.selectbox("Run", list(labels), format_func=labels.__getitem__, key="audit-run")
    frames = latest if run_id == max(labels) else _read(path, run_id)
    if frames is None:
        return
    sites, pages = frames["sites"], frames["pages"]
    cols = st.columns(4)
    cols[0].metric("Sites", len(sites))
    cols[1].metric("Pages", len(pages))
    cols[2].metric("Claims", len(frames["claims"]))
    cols[3].metric("Unsupported", int(sites["unsupported"].sum()) if len(sites) else 0)
    st.subheader("Sites by risk")
    st.dataframe(_columns(sites, _SITE_COLUMNS), hide_index=True, column_config={"site": st.column_config.LinkColumn("site")})
    if len(sites):
        st.subheader("Verdicts per site")
        st.bar_chart(sites.set_index("site")[list(VERDICTS)], color=["#c0392b", "#e67e22", "#27ae60"])
    st.subheader("Pages")
    chosen = st.multiselect("Sites", list(sites["site"]), key="audit-sites", placeholder="all sites")
    shown = pages[pages["site"].isin(chosen)] if chosen else pages
    st.dataframe(
        _columns(shown.sort_values("risk", ascending=False), _PAGE_COLUMNS),
        hide_index=True,
        column_config={"url": st.column_config.LinkColumn("url")},
    )
