"""One stored review: the marked text, a card per claim with the reviewer's decision, exports.

Everything shown comes from the store, so a fresh check and a reopened one look the same.
Each decision is written to the store the moment its button is pressed.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from claimcheck.errors import ClaimcheckError
from claimcheck.export import claim_card_html, final_label, legend_html, marked_html, review_csv, review_html, review_json
from claimcheck.genre import describe
from claimcheck.types import Action, ClaimType, Decision, Label, Review
from claimcheck.ui.filters import DECISION_FILTERS, visible_claims
from claimcheck.ui.resources import get_evidence, get_store
from claimcheck.ui.widgets import card_styles, plain, reviewer


def _decide(review_id: int, index: int, action: Action) -> None:
    """Form callback: store the decision before the page is drawn again."""
    key = f"{review_id}-{index}"
    chosen = st.session_state.get(f"label-{key}")
    label = Label(chosen) if action == Action.OVERRIDDEN and chosen else None
    try:
        get_store().decide(review_id, index, action, reviewer(), label, str(st.session_state.get(f"note-{key}", "")))
    except ClaimcheckError as exc:
        st.session_state[f"error-{key}"] = str(exc)
        return
    st.session_state.pop(f"error-{key}", None)
    st.toast(f"Claim #{index + 1}: decision saved")


def _new_check() -> None:
    st.query_params.clear()


def _header(review: Review, decisions: Mapping[int, Decision]) -> None:
    st.title(f"Review #{review.id}")
    checked = review.created_at.strftime("%Y-%m-%d %H:%M UTC")
    st.caption(
        f"**{plain(review.source)}** · checked by {plain(review.reviewer)} on {checked} · rules: {review.jurisdiction.upper()}"
        f" · evidence base {review.evidence_version} · link to this review: `?review={review.id}`"
    )
    current = get_evidence().version
    if review.evidence_version != current:
        st.warning(f"Checked against evidence base {review.evidence_version}; the current one is {current}. Shown as decided.")
    for notice in review.report.notices:
        st.info(plain(notice))
    if genre := describe(review.report.balanced):
        st.info(genre, icon=":material/balance:")
    verdicts = review.report.verdicts
    standing = [final_label(v, decisions.get(i)).value for i, v in enumerate(verdicts)]
    cols = st.columns(4)
    for col, label in zip(cols, ("unsupported", "overstated", "supported"), strict=False):
        col.metric(label.capitalize(), standing.count(label))
    cols[3].metric("Decided", f"{len(decisions)} of {len(verdicts)}")
    st.progress(len(decisions) / len(verdicts) if verdicts else 1.0)


def _exports(review: Review, decisions: Mapping[int, Decision]) -> None:
    stem = f"claimcheck-review-{review.id}"
    row = st.container(horizontal=True)
    files = (
        ("HTML report", review_html(review, decisions), "html", "text/html"),
        ("CSV", review_csv(review, decisions), "csv", "text/csv"),
        ("JSON", review_json(review, decisions), "json", "application/json"),
    )
    for label, data, suffix, mime in files:
        row.download_button(f"Download {label}", data, f"{stem}.{suffix}", mime, key=f"dl-{suffix}", on_click="ignore")
    row.button("New check", key="new-check", on_click=_new_check, icon=":material/add:")


def _card(review: Review, index: int, decision: Decision | None) -> None:
    verdict = review.report.verdicts[index]
    key = f"{review.id}-{index}"
    st.html(claim_card_html(index, verdict, decision))
    error = st.session_state.get(f"error-{key}")
    if error:
        st.error(plain(error))
    with st.form(f"decide-{key}", border=False):
        left, right = st.columns([1, 3])
        left.selectbox("Reviewer's label", [label.value for label in Label if label != verdict.label], key=f"label-{key}")
        right.text_input("Note (required to override)", key=f"note-{key}", placeholder="why the verdict is wrong")
        accept, override, _ = st.columns([1, 1, 3])
        accept.form_submit_button("Accept verdict", on_click=_decide, args=(review.id, index, Action.ACCEPTED))
        override.form_submit_button("Override", on_click=_decide, args=(review.id, index, Action.OVERRIDDEN))


def _claims(review: Review, decisions: Mapping[int, Decision]) -> None:
    st.subheader("Claims")
    cols = st.columns(3)
    labels = cols[0].multiselect("Verdict", [label.value for label in Label], key="filter-verdict", placeholder="all verdicts")
    types = cols[1].multiselect("Claim type", [t.value for t in ClaimType], key="filter-type", placeholder="all types")
    status = cols[2].radio("Decision", DECISION_FILTERS, key="filter-status", horizontal=True)
    shown = visible_claims(review.report.verdicts, decisions, labels, types, status)
    st.caption(f"Showing {len(shown)} of {len(review.report.verdicts)} claims.")
    for index in shown:
        _card(review, index, decisions.get(index))


def _set_aside(review: Review) -> None:
    """Claims balanced writing quotes from others or no entry is about: judged, listed, not flagged (claimcheck.genre)."""
    others = review.report.set_aside
    if not others:
        return
    with st.expander(f"Set aside, not flagged ({len(others)})"):
        rows = [
            {"line": v.claim.line, "claim": v.claim.text, "verdict": v.label.value, "set aside because": v.reasons[0].message,
             "verdict reason": v.reasons[1].message if len(v.reasons) > 1 else ""}
            for v in others
        ]  # fmt: skip
        st.dataframe(pd.DataFrame(rows), hide_index=True)


def _log(review: Review) -> None:
    log = get_store().log(review.id)
    with st.expander(f"Decision log ({len(log)})"):
        if log:
            rows = [
                {"claim": d.claim_index + 1, "action": d.action.value, "label": d.label.value, "note": d.note,
                 "reviewer": d.reviewer, "time (UTC)": d.decided_at.strftime("%Y-%m-%d %H:%M:%S")}
                for d in log
            ]  # fmt: skip
            st.dataframe(pd.DataFrame(rows), hide_index=True)
        else:
            st.caption("No decision recorded yet.")


def render(review_id: int) -> None:
    try:
        review = get_store().get(review_id)
    except ClaimcheckError as exc:
        st.error(plain(str(exc)))
        st.button("New check", key="new-check", on_click=_new_check)
        return
    decisions = get_store().decisions(review.id)
    card_styles()
    _header(review, decisions)
    _exports(review, decisions)
    st.subheader("Text")
    st.html(f'{legend_html()}<div class="cc-text">{marked_html(review.text, review.report.verdicts, decisions, "claim-")}</div>')
    _claims(review, decisions)
    _set_aside(review)
    _log(review)
