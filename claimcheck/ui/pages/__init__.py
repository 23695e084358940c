"""Page scripts run by Streamlit (see claimcheck.ui)."""
