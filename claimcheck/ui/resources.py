"""What every session shares, loaded once per process: the evidence base, the models, the store."""

from __future__ import annotations

import streamlit as st

from claimcheck.checker import Checker
from claimcheck.evidence import EvidenceBase, load_evidence
from claimcheck.reviews import ReviewStore, default_db_path
from claimcheck.types import Document, Report


@st.cache_resource(show_spinner="Loading the evidence base…")
def get_evidence() -> EvidenceBase:
    return load_evidence()


@st.cache_resource(show_spinner="Loading the language models…")
def get_checker() -> Checker:
    # Checker guards its models with a lock, so one instance can serve every session.
    return Checker(get_evidence())


@st.cache_resource
def _store_at(path: str) -> ReviewStore:
    return ReviewStore(path)


def get_store() -> ReviewStore:
    """The review store at ``$CLAIMCHECK_DB`` (read on every call, so tests can point it elsewhere)."""
    return _store_at(str(default_db_path()))


@st.cache_data(show_spinner="Checking claims…", max_entries=64)
def check(doc: Document, jurisdiction: str) -> Report:
    """Repeated checks of the same document and jurisdiction come from this cache."""
    return get_checker().check_document(doc, jurisdiction)
