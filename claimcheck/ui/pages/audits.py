from claimcheck.ui.audits import render

render()
