"""Check page: paste, upload or fetch a document, check it, store the review and open it.

A review is addressed by ``?review=ID`` in the URL, so reloading the page, restarting
the app or sharing the link reopens the same stored review.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from claimcheck import ingest
from claimcheck.checker import JURISDICTIONS
from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.fetch import fetch, policy_from_env
from claimcheck.types import Document
from claimcheck.ui import review
from claimcheck.ui.resources import check, get_store
from claimcheck.ui.widgets import plain, reviewer

UPLOAD_TYPES = ["txt", "md", "markdown", "html", "htm", "pdf", "docx"]
_JURISDICTION_NAMES = {
    "all": "all jurisdictions", "us": "US", "uk": "UK", "eu": "EU", "kr": "Korea", "au": "Australia", "tw": "Taiwan",
}  # fmt: skip


def requested_review() -> int | None:
    """The review named by ``?review=`` in the URL, if any."""
    raw = st.query_params.get("review")
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        st.error(plain(f"'{raw}' is not a review number; showing a new check instead."))
        return None


def _store_and_open(read: Callable[[], Document]) -> None:
    """Read the document, check it, store the review and open it; any failure is shown, nothing is lost."""
    jurisdiction = st.session_state.get("jurisdiction", "all")
    try:
        doc = read()
        report = check(doc, jurisdiction)
        stored = get_store().create(doc, report, reviewer(), jurisdiction)
    except ClaimcheckError as exc:
        st.error(plain(str(exc)))
        return
    st.query_params["review"] = str(stored.id)
    st.rerun()


def _pasted(text: str) -> Callable[[], Document]:
    name = str(st.session_state.get("doc_name", "")).strip() or "pasted text"
    return lambda: ingest.from_text(text, name)


def _uploaded(file: UploadedFile | None) -> Callable[[], Document]:
    def read() -> Document:
        if file is None:
            raise InputError("choose a file to upload first")
        return ingest.from_bytes(file.getvalue(), file.name)

    return read


def _fetched(address: str) -> Callable[[], Document]:
    def read() -> Document:
        if not address.strip():
            raise InputError("enter the address of a web page first")
        return ingest.from_fetched(fetch(address.strip(), policy_from_env()))

    return read


def _input_forms() -> None:
    st.title("Check a text")
    st.caption("Every claim is flagged supported, overstated or unsupported against the curated evidence base.")
    st.selectbox("Regulatory rules to cite", JURISDICTIONS, key="jurisdiction", format_func=_JURISDICTION_NAMES.get)
    paste, upload, url = st.tabs(["Paste text", "Upload a file", "Web address"])
    with paste, st.form("paste-form"):
        st.text_input("Document name", key="doc_name", placeholder="e.g. spring ad draft (optional)")
        text = st.text_area("Text", key="pasted", height=280, placeholder="Paste promotional copy here…")
        if st.form_submit_button("Check text", type="primary"):
            _store_and_open(_pasted(text))
    with upload, st.form("upload-form"):
        file = st.file_uploader("A .txt, .md, .html, .pdf or .docx file", type=UPLOAD_TYPES, key="upload")
        if st.form_submit_button("Check file", type="primary"):
            _store_and_open(_uploaded(file))
    with url, st.form("url-form"):
        address = st.text_input("Page address", key="url", placeholder="https://clinic.example/exosomes")
        st.caption("Only public http(s) pages are fetched; private and local addresses are refused.")
        if st.form_submit_button("Fetch and check", type="primary"):
            _store_and_open(_fetched(address))


def render() -> None:
    review_id = requested_review()
    if review_id is None:
        _input_forms()
    else:
        review.render(review_id)
