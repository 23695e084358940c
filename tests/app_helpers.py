"""Helpers for the AppTest tests of the workbench pages."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from .conftest import ROOT


def new_app() -> AppTest:
    """The whole app (navigation, sidebar, pages), run once; the caller has set CLAIMCHECK_DB."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.session_state["reviewer"] = "Ana Reviewer"
    at.run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str, form: str | None = None):
    """The one button (or form submit button) with this label, in the form keyed ``form`` when given."""
    found = [b for b in at.button if b.label == label and (form is None or b.form_id == form)]
    assert len(found) == 1, f"{len(found)} buttons labelled {label!r} in form {form!r}"
    return found[0]


def html_of(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))
