"""Widgets every page shares: the reviewer's name, the store's location, the card styles."""

from __future__ import annotations

import getpass
import os
import re

import streamlit as st

from claimcheck.export import CARD_CSS
from claimcheck.reviews import default_db_path

REVIEWER_KEY = "reviewer"
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$:])")
REVIEWER_ENV = "CLAIMCHECK_REVIEWER"


def _default_reviewer() -> str:
    configured = os.environ.get(REVIEWER_ENV, "").strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return ""


def sidebar() -> None:
    """The reviewer's name (kept for the session) and where reviews are stored."""
    st.session_state.setdefault(REVIEWER_KEY, _default_reviewer())
    hint = f"Stored with every check and decision (default: ${REVIEWER_ENV} or your login name)"
    st.sidebar.text_input("Reviewer", key=REVIEWER_KEY, help=hint)
    st.sidebar.caption(f"Reviews are kept in `{default_db_path()}` (set `CLAIMCHECK_DB` to change).")


def reviewer() -> str:
    return str(st.session_state.get(REVIEWER_KEY, ""))


def plain(text: str) -> str:
    """``text`` escaped for Streamlit's Markdown (errors, notices, captions), so names and URLs show as typed."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def card_styles() -> None:
    st.html(f"<style>{CARD_CSS}</style>")
