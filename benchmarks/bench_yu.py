"""Claim-strength grading measured against the causal-language sentences of Yu et al. 2019.

Data: Bei Yu, Yingya Li, Jun Wang, "Detecting Causal Language Use in Science Findings",
EMNLP-IJCNLP 2019. The 3,061 annotated PubMed conclusion sentences are published in the
GitHub repository junwang4/causal-language-use-in-science, file
data/pubmed_causal_language_use.csv (columns ``sentence,label``). The file is NOT bundled
with ClaimCheck and this script downloads nothing: fetch it yourself and pass its path.
It is used for measurement only; nothing in ClaimCheck is trained on it.

Labels. The published file numbers the classes differently from the paper's ordinal scale
that :func:`claimcheck.strength.grade` returns. The repository's own code names them
0 none, 1 causal, 2 conditional causal, 3 correlational, and the class sizes (1356 / 494 /
213 / 998) match the paper's counts for no relationship / direct causal / conditional causal /
correlational. This script maps them onto ClaimCheck grades: 0 -> 0 (no relationship),
1 -> 3 (direct causal), 2 -> 2 (conditional causal), 3 -> 1 (correlational).

Halves. Rows are split by position: even data rows (0, 2, 4, ...) form the DEV half, odd rows
the TEST half. The file is grouped by label, so both halves keep the class balance.

Run: .venv/bin/python benchmarks/bench_yu.py PATH_TO_CSV [--half dev|test|all] [--errors N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

#: Published CSV label -> ClaimCheck grade (0 none, 1 correlational, 2 conditional, 3 direct causal).
LABEL_TO_GRADE = {"0": 0, "1": 3, "2": 2, "3": 1}
GRADE_NAMES = {0: "none", 1: "correlational", 2: "conditional", 3: "direct causal"}
GRADES = (0, 1, 2, 3)


def read_rows(path: Path) -> list[tuple[str, int]]:
    """(sentence, grade) for every data row; exits with a clear message on a malformed file."""
    if not path.is_file():
        sys.exit(f"bench_yu: no file at {path}")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"sentence", "label"} <= set(reader.fieldnames):
            sys.exit(f"bench_yu: {path} needs the columns 'sentence' and 'label', found {reader.fieldnames}")
        rows = []
        for n, row in enumerate(reader, start=2):
            label = (row["label"] or "").strip()
            if label not in LABEL_TO_GRADE:
                sys.exit(f"bench_yu: {path} line {n}: label {label!r} is not one of 0, 1, 2, 3")
            rows.append((row["sentence"].strip(), LABEL_TO_GRADE[label]))
    return rows


def select(rows: list[tuple[str, int]], half: str) -> list[tuple[str, int]]:
    if half == "all":
        return rows
    parity = 0 if half == "dev" else 1
    return [r for i, r in enumerate(rows) if i % 2 == parity]


def scores(gold: list[int], pred: list[int]) -> tuple[dict[int, tuple[float, float, float, int]], float, float]:
    """Per-grade (precision, recall, F1, support), accuracy and macro-F1."""
    per: dict[int, tuple[float, float, float, int]] = {}
    for g in GRADES:
        tp = sum(1 for a, b in zip(gold, pred) if a == g and b == g)
        n_pred = sum(1 for b in pred if b == g)
        n_gold = sum(1 for a in gold if a == g)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        per[g] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, n_gold)
    accuracy = sum(1 for a, b in zip(gold, pred) if a == b) / len(gold)
    return per, accuracy, sum(v[2] for v in per.values()) / len(GRADES)


def report(gold: list[int], pred: list[int]) -> None:
    per, accuracy, macro = scores(gold, pred)
    print(f"accuracy {accuracy:.3f}   macro-F1 {macro:.3f}")
    print(f"{'grade':<18}{'precision':>10}{'recall':>10}{'F1':>10}{'support':>10}")
    for g, (p, r, f, n) in per.items():
        print(f"{g} {GRADE_NAMES[g]:<16}{p:>10.3f}{r:>10.3f}{f:>10.3f}{n:>10}")
    counts = Counter(zip(gold, pred))
    print("confusion matrix (rows gold, columns predicted):")
    print(" " * 18 + "".join(f"{g:>8}" for g in GRADES))
    for g in GRADES:
        print(f"{g} {GRADE_NAMES[g]:<16}" + "".join(f"{counts[(g, p)]:>8}" for p in GRADES))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, help="path to pubmed_causal_language_use.csv")
    parser.add_argument("--half", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N misgraded DEV sentences")
    args = parser.parse_args()
    if args.errors and args.half != "dev":
        sys.exit("bench_yu: --errors only lists the dev half; the test half is scored, not inspected")

    from claimcheck.strength import grade

    rows = select(read_rows(args.csv), args.half)
    t0 = time.perf_counter()
    pred = [grade(text).grade for text, _ in rows]
    elapsed = time.perf_counter() - t0
    gold = [g for _, g in rows]
    print(f"{args.csv.name}: {args.half} half, {len(rows)} sentences, graded in {elapsed:.2f} s")
    report(gold, pred)
    wrong = [(g, p, text) for (text, g), p in zip(rows, pred) if g != p]
    for g, p, text in wrong[: args.errors]:
        print(f"gold {g} pred {p}: {text}")


if __name__ == "__main__":
    main()
