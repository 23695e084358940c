from claimcheck.ui.history import render

render()
