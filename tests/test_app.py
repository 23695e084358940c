"""The Streamlit app, run headless with AppTest (real models)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT, SEED_004, seed

pytestmark = pytest.mark.e2e


@pytest.fixture()
def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.run()
    assert not at.exception
    return at


def test_empty_app_shows_inputs(app: AppTest) -> None:
    assert app.title[0].value == "ClaimCheck"
    assert app.text_area(key="pasted").value == ""
    assert not app.metric


def test_pasted_seed_is_checked_and_highlighted(app: AppTest) -> None:
    app.text_area(key="pasted").set_value(seed(SEED_004)).run()
    assert not app.exception
    metrics = {m.label: int(m.value) for m in app.metric}
    assert metrics["Unsupported"] >= 4
    html = "".join(h.proto.body for h in app.get("html"))
    assert 'class="cc-unsupported"' in html and "[unsupported]" in html
    assert any(e.label.startswith("UNSUPPORTED") for e in app.expander)
    assert any("does not have any side effects" in t.value for t in app.text)


def test_jurisdiction_changes_cited_rules(app: AppTest) -> None:
    app.text_area(key="pasted").set_value("Exosome therapy has no side effects.").run()
    app.selectbox(key="jurisdiction").set_value("uk").run()
    assert not app.exception
    shown = " ".join(m.value for m in app.markdown)
    assert "[UK]" in shown and "[US]" not in shown
