from claimcheck.ui.check import render

render()
