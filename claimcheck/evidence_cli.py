"""``claimcheck evidence validate|list|show|stats``: the maintainers' commands."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from claimcheck.cli import EvidenceOpt, ExitStatus, _error, evidence_app, exit_on_error
from claimcheck.evidence import EvidenceBase, load_evidence

ALL_FACTS = tuple(f"F{i:02d}" for i in range(1, 55))


def _load(evidence: Path | None) -> EvidenceBase:
    with exit_on_error():
        base = load_evidence(evidence)
    return base


@evidence_app.command()
def validate(evidence: EvidenceOpt = None) -> None:
    """Strictly validate every entry and rule; exit 2 on the first error."""
    base = _load(evidence)
    stale = base.stale(dt.date.today())
    for item in stale:
        typer.echo(f"stale: {item} not reviewed for over a year")
    typer.echo(f"ok: {len(base.entries)} entries, {len(base.rules)} rules, version {base.version}")


@evidence_app.command("list")
def list_entries(
    evidence: EvidenceOpt = None,
    topic: Annotated[str | None, typer.Option(help="Only this topic.")] = None,
    level: Annotated[str | None, typer.Option(help="Only this evidence level.")] = None,
    jurisdiction: Annotated[str | None, typer.Option(help="List the rules of this jurisdiction instead.")] = None,
    stale: Annotated[bool, typer.Option("--stale", help="Only entries not reviewed for a year.")] = False,
) -> None:
    """List entries (or, with --jurisdiction, rules), one a line."""
    base = _load(evidence)
    if jurisdiction:
        for rule in base.rules_for(jurisdiction):
            typer.echo(f"{rule.id}\t{rule.jurisdiction.value}\t{','.join(t.value for t in rule.claim_types)}\t{rule.title}")
        return
    old = set(base.stale())
    for e in base.entries:
        if (topic and e.topic != topic) or (level and e.level.value != level) or (stale and e.id not in old):
            continue
        typer.echo(f"{e.id}\t{e.topic}\t{e.level.value}\t{e.reviewed_on}\t{e.title}")


@evidence_app.command()
def show(entry_id: str, evidence: EvidenceOpt = None) -> None:
    """Show one entry or rule in full."""
    base = _load(evidence)
    item = next((x for x in (*base.entries, *base.rules) if x.id == entry_id), None)
    if item is None:
        _error(f"no entry or rule with id {entry_id!r}")
        raise typer.Exit(ExitStatus.ERROR)
    import yaml

    typer.echo(yaml.safe_dump(item.model_dump(mode="json"), sort_keys=False, allow_unicode=True))


@evidence_app.command()
def stats(evidence: EvidenceOpt = None) -> None:
    """Entries per topic and level, facts covered, example claims per label, rules per jurisdiction."""
    base = _load(evidence)
    typer.echo(f"entries: {len(base.entries)}   rules: {len(base.rules)}   version: {base.version}")
    for name, counter in (
        ("topic", Counter(e.topic for e in base.entries)),
        ("level", Counter(e.level.value for e in base.entries)),
        ("rules by jurisdiction", Counter(r.jurisdiction.value for r in base.rules)),
    ):
        typer.echo(f"\nby {name}:")
        for key, n in sorted(counter.items()):
            typer.echo(f"  {key:<28} {n}")
    examples = Counter(label for e in base.entries for _, label in e.examples.labelled())
    typer.echo("\nexample claims: " + ", ".join(f"{k} {v}" for k, v in sorted(examples.items())))
    covered = {f for item in (*base.entries, *base.rules) for f in item.facts}
    missing = [f for f in ALL_FACTS if f not in covered]
    typer.echo(f"facts covered: {len(ALL_FACTS) - len(missing)}/{len(ALL_FACTS)}" + (f"  missing: {' '.join(missing)}" if missing else ""))
    typer.echo(f"stale: {len(base.stale())}")
