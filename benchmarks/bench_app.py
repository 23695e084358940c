"""Speed of the workbench: a 1,000-word text checked and its review page drawn, under AppTest.

Measures the server side of one "Check text" press after the models are warm: ingest,
check, store the review in SQLite and run the page script that draws the marked text and
every claim card. The same text again is served from the check cache. Prints its figures.
Texts are assembled from the project's corpus, as in bench_check.py. Run:
    .venv/bin/python benchmarks/bench_app.py
"""

from __future__ import annotations

import importlib.util
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def _corpus_texts(n: int) -> list[str]:
    spec = importlib.util.spec_from_file_location("bench_check", ROOT / "benchmarks" / "bench_check.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    paragraphs = bench.promotional_paragraphs()
    rng = random.Random(20261122)
    return [bench.make_text(paragraphs, rng) for _ in range(n)]


def _press_check(at: AppTest, text: str) -> tuple[float, int]:
    """Seconds from pressing "Check text" to the finished review page, and the claims shown."""
    at.query_params.clear()
    at.run()
    at.text_area(key="pasted").set_value(text)
    button = next(b for b in at.button if b.label == "Check text")
    started = time.perf_counter()
    button.click().run()
    elapsed = time.perf_counter() - started
    if at.exception or "review" not in at.query_params:
        raise SystemExit(f"the check did not open a review: {at.exception or [e.value for e in at.error]}")
    cards = sum(h.proto.body.count('<article class="claim') for h in at.get("html"))
    return elapsed, cards


def _library_check_times(texts: list[str]) -> list[float]:
    """The check alone, on the app's own warm Checker, to tell the app's share from the library's."""
    from claimcheck.ingest import from_text
    from claimcheck.ui.resources import get_checker

    checker, times = get_checker(), []
    for text in texts:
        checker.embedder.forget()  # the app press above already encoded these sentences
        started = time.perf_counter()
        checker.check_document(from_text(text, "bench"), "all")
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    os.environ["CLAIMCHECK_DB"] = str(Path(tempfile.mkdtemp()) / "bench-reviews.db")
    texts = _corpus_texts(RUNS + 1)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.session_state["reviewer"] = "bench"
    at.run()
    cold, _ = _press_check(at, texts[0])  # loads the models and builds the evidence index
    fresh = [_press_check(at, text) for text in texts[1:]]
    cached = [_press_check(at, texts[1])[0] for _ in range(RUNS)]
    reopen = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    reopen.query_params["review"] = "2"
    started = time.perf_counter()
    reopen.run()
    reopened = time.perf_counter() - started
    library = _library_check_times(texts[1:])
    words = statistics.median(len(t.split()) for t in texts[1:])
    claims = statistics.median(c for _, c in fresh)
    print(f"first check with cold models: {cold:.2f} s")
    print(f"warm check + store + draw, {words:.0f}-word texts ({claims:.0f} claim cards): "
          f"median {statistics.median(t for t, _ in fresh):.3f} s, max {max(t for t, _ in fresh):.3f} s over {RUNS} texts")
    print(f"  of which the library check alone: median {statistics.median(library):.3f} s")
    print(f"same text again (check from cache, new review stored, page drawn): median {statistics.median(cached):.3f} s")
    print(f"reopen a stored review in a new session: {reopened:.3f} s")


if __name__ == "__main__":
    main()
