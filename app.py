"""ClaimCheck, the reviewer's workbench: check a text, decide on each claim, keep and export the review.

Thin by design: the pages live in claimcheck.ui and all the work is done by the library.
Run: streamlit run app.py
"""

from __future__ import annotations

import streamlit as st

from claimcheck.ui import AUDITS_PAGE, CHECK_PAGE, EVIDENCE_PAGE, HISTORY_PAGE
from claimcheck.ui.widgets import sidebar

st.set_page_config(page_title="ClaimCheck", page_icon=":material/fact_check:", layout="wide")
page = st.navigation(
    [
        st.Page(CHECK_PAGE, title="Check & review", icon=":material/fact_check:", default=True),
        st.Page(HISTORY_PAGE, title="History", icon=":material/history:", url_path="history"),
        st.Page(EVIDENCE_PAGE, title="Evidence", icon=":material/menu_book:", url_path="evidence"),
        st.Page(AUDITS_PAGE, title="Audits", icon=":material/travel_explore:", url_path="audits"),
    ]
)
sidebar()
page.run()
