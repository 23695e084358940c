"""The workbench in a real browser: Debian's Chromium driven by playwright against `streamlit run app.py`.

Paste seed 004, wait for the highlights, override a verdict with a note, reload, restart the
server, find the decision kept, export the HTML report and read it. Screenshots go to artifacts/.
Skips, saying why, when no Chromium is installed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import ROOT, SEED_004, seed

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = ROOT / "artifacts"
NOTE = "Claim #1 names no trial in people; <b>escape me</b> & keep."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(db: Path, log: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free 127.0.0.1 port with its own review database; stopped on exit."""
    port = _free_port()
    env = os.environ | {"CLAIMCHECK_DB": str(db), "CLAIMCHECK_REVIEWER": "Browser Reviewer"}
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start; see {log}:\n{log.read_text()[-2000:]}")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium package to run the browser test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _wait_for_card_decision(page, text: str) -> None:
    page.locator("article#claim-1", has_text=text).wait_for(timeout=60_000)


def _idle(page) -> None:
    """Wait until the script run has finished (Streamlit shows a status widget while running)."""
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)


def _choose(page, select_key: str, option: str) -> None:
    box = page.locator(f".st-key-{select_key} input")
    box.click()
    listbox = page.locator("[role=listbox]")
    if not listbox.is_visible():
        box.press("ArrowDown")  # the list sometimes stays closed after a click that only focuses
    listbox.locator("[role=option]").get_by_text(option, exact=True).click()
    assert page.locator(f".st-key-{select_key} input").input_value() == option


def test_review_in_a_real_browser(browser, tmp_path: Path) -> None:
    text = seed(SEED_004)
    ARTIFACTS.mkdir(exist_ok=True)
    db, log = tmp_path / "reviews.db", tmp_path / "streamlit.log"
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    with streamlit_server(db, log) as url:
        page.goto(url)
        box = page.get_by_role("textbox", name="Text", exact=True)
        box.wait_for(timeout=60_000)
        box.fill(text)
        page.get_by_role("button", name="Check text").click()
        page.locator("mark.cc-unsupported").first.wait_for(timeout=240_000)
        assert "?review=" in page.url
        review_id = page.url.rsplit("review=", 1)[1]
        assert page.locator("mark").count() >= 10
        first_mark = page.locator("mark").first
        assert first_mark.get_attribute("title")  # hover shows the verdict and its reason
        assert "[#" in first_mark.inner_text()  # the label is text too, not only colour
        page.screenshot(path=str(ARTIFACTS / "workbench-review.png"))

        _idle(page)
        tool_label = page.locator("article#claim-1 .badge").first.inner_text().lower()
        other = "unsupported" if tool_label != "unsupported" else "supported"
        key = f"{review_id}-0"
        _choose(page, f"label-{key}", other)
        page.locator(f".st-key-note-{key} input").fill(NOTE)
        page.locator(f".st-key-FormSubmitter-decide-{key}-Override button").click()
        _wait_for_card_decision(page, f"overrode the verdict to {other}")

        page.reload()
        _wait_for_card_decision(page, f"overrode the verdict to {other}")

    with streamlit_server(db, log) as url:  # a restart: a new process on the same database
        page.goto(f"{url}/history")
        choice = page.locator(".st-key-history-choice input")
        choice.wait_for(timeout=60_000)
        assert choice.input_value().startswith(f"#{review_id} · pasted text · Browser Reviewer · 1/")
        page.get_by_role("button", name="Open review").click()
        page.wait_for_url(f"**/?review={review_id}", timeout=60_000)
        _wait_for_card_decision(page, NOTE.replace("<b>", "").split(";")[0])
        card = page.locator("article#claim-1")
        assert "escape me" in card.inner_text() and "<b>escape me</b>" in card.inner_text()
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "workbench-decision.png"))

        with page.expect_download() as download:
            page.get_by_role("button", name="Download HTML report").click()
        report = Path(download.value.path()).read_text(encoding="utf-8")
    page.close()

    assert report.startswith("<!doctype html>") and "<script" not in report
    assert f"ClaimCheck review #{review_id}" in report and "Browser Reviewer" in report
    assert f"overrode the verdict to {other}" in report
    assert "&lt;b&gt;escape me&lt;/b&gt; &amp; keep." in report
    assert f"[#1 {other}, reviewer; tool: {tool_label}]" in report
    assert "does not have any side effects" in report and "Sources" in report
    (ARTIFACTS / "workbench-report.html").write_text(report, encoding="utf-8")
