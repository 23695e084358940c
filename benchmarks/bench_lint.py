"""Speed of ``claimcheck lint`` on a folder of 50 Markdown articles of about 1,000 words; prints its figures.

Articles are assembled from the project's own corpus (corpus/docs) as Markdown with
front matter, headings, bullets and a code block, written to a temporary folder.
The models load once; the whole folder goes through one batched check.
Run: .venv/bin/python benchmarks/bench_lint.py
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N_FILES = 50
WORDS = 1000


def paragraphs() -> list[str]:
    out = []
    for doc in sorted((ROOT / "corpus" / "docs").glob("*")):
        if doc.suffix in (".txt", ".md"):
            out += [p.strip() for p in doc.read_text(encoding="utf-8").split("\n") if len(p.split()) >= 6 and not p.startswith(("#", "---", "|"))]
    return out


def article(pool: list[str], rng: random.Random, n: int) -> str:
    parts, words = [f"---\ntitle: Article {n}\n---\n", f"# Article {n}\n"], 0
    while words < WORDS:
        p = rng.choice(pool)
        if rng.random() < 0.2:
            parts.append(f"- {p}")
        elif rng.random() < 0.05:
            parts.append(f"```\n{p}\n```")
        else:
            parts.append(p + "\n")
        words += len(p.split())
    return "\n".join(parts) + "\n"


def main() -> None:
    from claimcheck import lint_cli
    from claimcheck.lint import lint_sources
    from claimcheck.sourcemap import read_source
    from claimcheck.types import LintSettings

    rng = random.Random(20261123)
    pool = paragraphs()
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(N_FILES):
            (Path(tmp) / f"article_{n:02d}.md").write_text(article(pool, rng, n), encoding="utf-8")
        files = lint_cli._expand([tmp])
        words = sum(len(Path(f).read_text(encoding="utf-8").split()) for f in files)
        t0 = time.perf_counter()
        checkers = lint_cli._Checkers()
        checker = checkers(LintSettings())
        load = time.perf_counter() - t0
        calls: list[tuple[int, float]] = []
        original = checker.check_documents  # type: ignore[attr-defined]

        def counted(docs, jurisdiction):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            reports = original(docs, jurisdiction)
            calls.append((len(docs), time.perf_counter() - start))
            return reports

        checker.check_documents = counted  # type: ignore[attr-defined]
        lint_sources([(read_source(files[0])[0], LintSettings())], checkers)  # warm up
        calls.clear()
        t1 = time.perf_counter()
        sources = [(read_source(f)[0], LintSettings()) for f in files]
        results = lint_sources(sources, checkers)
        elapsed = time.perf_counter() - t1
    findings = sum(len(r.findings) for r in results)
    claims = sum(len(r.report.verdicts) for r in results)
    print(f"files: {len(files)}  words: {words:,}  claims: {claims:,}  findings reported: {findings:,}")
    print(f"check_documents calls: {len(calls)} (documents per call: {[n for n, _ in calls]}); "
          f"time in the checker: {sum(t for _, t in calls):.2f} s, in reading, mapping and findings: {elapsed - sum(t for _, t in calls):.2f} s")
    print(f"model and evidence load: {load:.1f} s")
    print(f"lint of the folder: {elapsed:.2f} s  ->  {len(files) / elapsed:.1f} files/s, {words / elapsed:,.0f} words/s")
    print(f"total including load: {load + elapsed:.1f} s")


if __name__ == "__main__":
    main()
