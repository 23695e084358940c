from claimcheck.ui.evidence_browser import render

render()
