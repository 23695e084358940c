"""The annotated evaluation corpus: load gold files strictly and align them to checked text.

Gold offsets index the raw source file. For plain text and Markdown that is the text
ClaimCheck checks; for HTML the checked text is what extraction kept, so each unit is
found again there by its (unescaped, whitespace-normalised) text.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from claimcheck.errors import InputError
from claimcheck.ingest import read_path
from claimcheck.types import Document, GoldDoc, GoldUnit
from claimcheck.yamlfile import load_yaml

_REPO = Path(__file__).resolve().parents[1]
_SPACE = re.compile(r"\s+")


def default_corpus_dir() -> Path:
    return Path("corpus") if Path("corpus/gold").is_dir() else _REPO / "corpus"


def default_seeds_dir() -> Path:
    """Where the shared seed texts live: $CLAIMCHECK_SEEDS or ../shared/seeds beside the checkout."""
    return Path(os.environ.get("CLAIMCHECK_SEEDS", _REPO.parent / "shared" / "seeds"))


@dataclass(frozen=True)
class AlignedUnit:
    """A gold unit with its span in the checked document's text (None when extraction dropped it)."""

    unit: GoldUnit
    start: int | None
    end: int | None


@dataclass(frozen=True)
class GoldCase:
    doc_id: str
    gold: GoldDoc
    document: Document
    units: tuple[AlignedUnit, ...]


def load_gold(path: Path) -> GoldDoc:
    """One gold file; errors name the file and the field."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read gold file: {exc}") from exc
    try:
        return GoldDoc.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise InputError(f"{path}: field {where}: {first['msg']}") from None


def _normal(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(text)).strip()


def _raw_text(gold: GoldDoc, root: Path, seeds: Path) -> tuple[Path, str]:
    path = root / gold.doc if gold.doc else seeds / str(gold.seed)
    if not path.is_file():
        raise InputError(f"{path}: corpus text not found (seeds come from $CLAIMCHECK_SEEDS or ../shared/seeds)")
    return path, path.read_text(encoding="utf-8")


def _align(document: Document, raw: str, units: tuple[GoldUnit, ...]) -> tuple[AlignedUnit, ...]:
    if document.text == raw:
        return tuple(AlignedUnit(u, u.start, u.end) for u in units)
    # HTML: search for each unit in order in a normalised copy that keeps a map back to offsets.
    kept = [i for i, ch in enumerate(document.text) if not ch.isspace()]
    squeezed = "".join(document.text[i] for i in kept)
    aligned, cursor = [], 0
    for unit in units:
        needle = _normal(raw[unit.start : unit.end]).replace(" ", "")
        at = squeezed.find(needle, cursor) if needle else -1
        if at < 0 and needle:
            at = squeezed.find(needle)
        if at < 0:
            aligned.append(AlignedUnit(unit, None, None))
            continue
        cursor = at + len(needle)
        aligned.append(AlignedUnit(unit, kept[at], kept[at + len(needle) - 1] + 1))
    return tuple(aligned)


def load_case(path: Path, root: Path | None = None, seeds: Path | None = None) -> GoldCase:
    root = root or path.parent.parent
    gold = load_gold(path)
    source, raw = _raw_text(gold, root, seeds or default_seeds_dir())
    document = read_path(source)
    return GoldCase(path.stem, gold, document, _align(document, raw, gold.units))


def load_corpus(root: Path | None = None, split: str | None = None, seeds: Path | None = None) -> list[GoldCase]:
    """Every gold case of a split (``dev``, ``test`` or None for all), in file-name order."""
    root = root or default_corpus_dir()
    files = sorted((root / "gold").glob("*.yaml"))
    if not files:
        raise InputError(f"{root / 'gold'}: no gold files")
    cases = [load_case(f, root, seeds) for f in files]
    return [c for c in cases if split is None or c.gold.split == split]
