"""Shared fixtures: real spaCy everywhere; a fast hashing embedder for unit tests,
the real MiniLM model for the end-to-end ones (marked ``e2e``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_002 = SEEDS / "002_9d9fbf5005a11bf7.txt"
SEED_004 = SEEDS / "004_0ea5f7cd1843ba5f.txt"
EVIDENCE = ROOT / "evidence"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["CLAIMCHECK_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def evidence_base():
    from claimcheck.evidence import load_evidence

    return load_evidence(EVIDENCE)


@pytest.fixture(scope="session")
def nlp():
    from claimcheck.extract import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def fast_checker(evidence_base, nlp):
    from claimcheck.checker import Checker
    from claimcheck.match import HashingEmbedder

    return Checker(evidence_base, embedder=HashingEmbedder(), nlp=nlp)


@pytest.fixture(scope="session")
def checker(evidence_base, nlp):
    """The real thing: MiniLM embeddings and the bundled evidence base."""
    from claimcheck.checker import Checker

    return Checker(evidence_base, nlp=nlp)


def seed(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"seed {path.name} not found beside the checkout (../shared/seeds)")
    return path.read_text(encoding="utf-8")
