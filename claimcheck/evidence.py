"""Load and validate the curated evidence base (``evidence/``).

Layout: ``evidence/entries/**/*.yaml`` (one Evidence entry per file) and
``evidence/rules/*.yaml`` (one regulatory Rule per file). Every file is checked
against the models in :mod:`claimcheck.types`; errors name the file and field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from claimcheck.errors import EvidenceError
from claimcheck.types import Evidence, Jurisdiction, Rule
from claimcheck.yamlfile import load_yaml

M = TypeVar("M", bound=BaseModel)

STALE_AFTER_DAYS = 365
#: Treatments an entry or rule may name; "any" means the claim class recurs whatever the product.
TREATMENTS = frozenset(
    {
        "exosomes",
        "stem_cells",
        "conditioned_media",
        "prp",
        "microneedling",
        "polynucleotides",
        "hair_treatments",
        "iv_infusions",
        "laser",
        "fillers",
        "any",
    }
)


@dataclass(frozen=True)
class EvidenceBase:
    """The loaded entries and rules, with a content hash used as the version."""

    entries: tuple[Evidence, ...]
    rules: tuple[Rule, ...]
    version: str
    root: Path
    problems: tuple[str, ...] = field(default=())

    def get(self, entry_id: str) -> Evidence:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def rules_for(self, jurisdiction: str) -> tuple[Rule, ...]:
        if jurisdiction == "all":
            return self.rules
        wanted = Jurisdiction(jurisdiction)
        return tuple(r for r in self.rules if r.jurisdiction == wanted)

    def stale(self, today: dt.date | None = None) -> tuple[str, ...]:
        today = today or dt.date.today()
        limit = dt.timedelta(days=STALE_AFTER_DAYS)
        items: Iterable[Evidence | Rule] = (*self.entries, *self.rules)
        return tuple(item.id for item in items if today - item.reviewed_on > limit)


def default_evidence_dir() -> Path:
    """``./evidence`` when it exists, else the one bundled beside the package checkout."""
    here = Path.cwd() / "evidence"
    if (here / "entries").is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "evidence"


def _read_yaml(path: Path) -> dict[str, object]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvidenceError(f"{path}: cannot read YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise EvidenceError(f"{path}: expected a mapping at the top level")
    return data


def _validate(path: Path, model: type[M]) -> M:
    data = _read_yaml(path)
    try:
        item = model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise EvidenceError(f"{path}: field '{where}': {first['msg']}{more}") from exc
    return item


def _check_ids(paths: list[Path], items: list[Evidence] | list[Rule]) -> None:
    seen: dict[str, Path] = {}
    for path, item in zip(paths, items, strict=True):
        if item.id != path.stem:
            raise EvidenceError(f"{path}: field 'id': {item.id!r} must equal the file name {path.stem!r}")
        if item.id in seen:
            raise EvidenceError(f"{path}: field 'id': duplicate id {item.id!r} (also in {seen[item.id]})")
        seen[item.id] = path
        unknown = set(item.treatments) - TREATMENTS
        if unknown:
            raise EvidenceError(f"{path}: field 'treatments': unknown {sorted(unknown)}; known: {sorted(TREATMENTS)}")


def _check_references(paths: list[Path], entries: list[Evidence], rule_ids: set[str]) -> None:
    known = {e.id for e in entries} | rule_ids
    for path, entry in zip(paths, entries, strict=True):
        for ref in entry.see_also:
            if ref not in known:
                raise EvidenceError(f"{path}: field 'see_also': unknown id {ref!r}")
        if not entry.examples.labelled():
            raise EvidenceError(f"{path}: field 'examples': at least one labelled example claim is required")
        for i, trigger in enumerate(entry.triggers):
            unknown = set(trigger.treatments) - TREATMENTS
            if unknown:
                raise EvidenceError(f"{path}: field 'triggers.{i}.treatments': unknown {sorted(unknown)}; known: {sorted(TREATMENTS)}")


def _hash(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load_evidence(root: Path | str | None = None, extra: Iterable[Path | str] = ()) -> EvidenceBase:
    """Load and validate every entry and rule; raise EvidenceError on the first problem."""
    base = Path(root) if root is not None else default_evidence_dir()
    dirs = [base, *(Path(d) for d in extra)]
    for d in dirs:
        if not (d / "entries").is_dir():
            raise EvidenceError(f"{d}: not an evidence directory (no 'entries/' folder)")
    entry_paths = sorted(p for d in dirs for p in (d / "entries").rglob("*.yaml"))
    rule_paths = sorted(p for d in dirs if (d / "rules").is_dir() for p in (d / "rules").glob("*.yaml"))
    if not entry_paths:
        raise EvidenceError(f"{base}: no evidence entries found under entries/")
    entries = [_validate(p, Evidence) for p in entry_paths]
    rules = [_validate(p, Rule) for p in rule_paths]
    _check_ids(entry_paths, entries)
    _check_ids(rule_paths, rules)
    _check_references(entry_paths, entries, {r.id for r in rules})
    clash = {e.id for e in entries} & {r.id for r in rules}
    if clash:
        raise EvidenceError(f"{base}: ids used by both an entry and a rule: {sorted(clash)}")
    return EvidenceBase(
        entries=tuple(entries),
        rules=tuple(rules),
        version=_hash([*entry_paths, *rule_paths]),
        root=base,
    )
