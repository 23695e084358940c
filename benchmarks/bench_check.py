"""Speed and memory of ClaimCheck on 1,000-word promotional texts; prints its figures.

Texts are assembled from the project's own corpus (corpus/docs, promotional genres),
so the benchmark needs no network and no seed files. Run: make bench
"""

from __future__ import annotations

import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORDS = 1000
N_TEXTS = 100


def promotional_paragraphs() -> list[str]:
    paragraphs = []
    for gold in sorted((ROOT / "corpus" / "gold").glob("*.yaml")):
        meta = yaml.safe_load(gold.read_text(encoding="utf-8"))
        if meta.get("control") or "doc" not in meta or not meta["doc"].endswith(".txt"):
            continue
        text = (ROOT / "corpus" / meta["doc"]).read_text(encoding="utf-8")
        paragraphs += [p for p in text.split("\n") if p.strip()]
    return paragraphs


def make_text(paragraphs: list[str], rng: random.Random) -> str:
    out, count = [], 0
    while count < WORDS:
        p = rng.choice(paragraphs)
        out.append(p)
        count += len(p.split())
    return "\n".join(out)


def unseen_texts(paragraphs: list[str], rng: random.Random, n: int) -> list[str]:
    """Texts of about WORDS words that share no paragraph, so no memoised grading applies."""
    pool = list(dict.fromkeys(paragraphs))
    rng.shuffle(pool)
    texts, current, count = [], [], 0
    for p in pool:
        current.append(p)
        count += len(p.split())
        if count >= WORDS:
            texts.append("\n".join(current))
            current, count = [], 0
            if len(texts) == n:
                break
    return texts


def cold_start() -> float:
    code = "import time; t=time.perf_counter(); from claimcheck.checker import Checker; Checker(); print(time.perf_counter()-t)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    cold_start()  # first run fills the evidence-embedding cache; the figure below is a normal start
    cold = cold_start()
    from claimcheck.checker import Checker

    checker = Checker()
    rng = random.Random(20261122)
    paragraphs = promotional_paragraphs()
    first, *unseen = unseen_texts(paragraphs, rng, 6)
    checker.check_text(first)  # warm up the models
    fresh = []
    for fresh_text in unseen:
        t = time.perf_counter()
        checker.check_text(fresh_text)
        fresh.append(time.perf_counter() - t)
    text = make_text(paragraphs, rng)
    checker.check_text(text)  # warm up
    timings = []
    for _ in range(5):
        t = time.perf_counter()
        report = checker.check_text(text)
        timings.append(time.perf_counter() - t)
    texts = [make_text(paragraphs, rng) for _ in range(N_TEXTS)]
    words = sum(len(t.split()) for t in texts)
    t = time.perf_counter()
    reports = checker.check_texts(texts)
    batch = time.perf_counter() - t
    claims = sum(len(r.verdicts) for r in reports)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cold start (import + models + evidence index): {cold:.2f} s")
    print(f"warm models, unseen ~{WORDS}-word texts: median {statistics.median(fresh):.3f} s over {len(fresh)} texts")
    print(f"warm check, {len(text.split())}-word text ({len(report.verdicts)} claims), the same text again: median {statistics.median(timings):.3f} s")
    print(f"throughput, {N_TEXTS} texts, {words} words, batched: {batch:.1f} s = {words / batch:,.0f} words/s, {claims / batch:.1f} claims/s")
    print(f"peak RSS: {rss_mb:,.0f} MB")


if __name__ == "__main__":
    main()
