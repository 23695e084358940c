"""The Streamlit workbench: one module per page plus shared widgets; rendering only.

``pages/`` holds the tiny scripts Streamlit runs for each page (``st.Page`` needs a file
so that ``AppTest.switch_page`` can reach it); each calls ``render()`` of its module here.
"""

from __future__ import annotations

from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "pages"
CHECK_PAGE = PAGES_DIR / "check.py"
HISTORY_PAGE = PAGES_DIR / "history.py"
EVIDENCE_PAGE = PAGES_DIR / "evidence.py"
AUDITS_PAGE = PAGES_DIR / "audits.py"
