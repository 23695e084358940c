"""The ``claimcheck`` command line: check texts, and look after the evidence base.

Exit codes (a contract): 0 nothing at or above --fail-on, 1 findings, 2 usage,
input or evidence error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated

import typer

from claimcheck.errors import ClaimcheckError
from claimcheck.ingest import from_bytes, read_path
from claimcheck.types import Document, Label, Report

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Fact-check health claims in marketing text.")
evidence_app = typer.Typer(no_args_is_help=True, help="Validate, list and show the evidence base.")
app.add_typer(evidence_app, name="evidence")


class ExitStatus(IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


class Format(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    line = "line"


class FailOn(str, Enum):
    unsupported = "unsupported"
    overstated = "overstated"
    never = "never"


class Jurisdiction(str, Enum):
    all = "all"
    us = "us"
    uk = "uk"
    eu = "eu"
    kr = "kr"
    au = "au"
    tw = "tw"


EvidenceOpt = Annotated[Path | None, typer.Option("--evidence", help="Evidence directory (default: ./evidence or the bundled one).")]


def _error(message: str) -> None:
    typer.echo(f"claimcheck: error: {message}", err=True)


@contextmanager
def exit_on_error() -> Iterator[None]:
    """Turn a ClaimcheckError (bad input, evidence, config...) into one error line and exit status 2."""
    try:
        yield
    except ClaimcheckError as exc:
        _error(str(exc))
        raise typer.Exit(ExitStatus.ERROR) from None


def _read_inputs(paths: list[str]) -> tuple[list[Document], bool]:
    docs, failed = [], False
    for name in paths:
        try:
            docs.append(from_bytes(sys.stdin.buffer.read(), "<stdin>") if name == "-" else read_path(name))
        except ClaimcheckError as exc:
            _error(str(exc))
            failed = True
    return docs, failed


def _findings(reports: list[Report], fail_on: FailOn) -> bool:
    if fail_on == FailOn.never:
        return False
    worst = Label(fail_on.value).rank
    return any(v.label.rank >= worst for r in reports for v in r.verdicts)


def _render(reports: list[Report], fmt: Format) -> str:
    from claimcheck import report

    renderers = {Format.json: report.to_json, Format.csv: report.to_csv, Format.line: report.to_lines, Format.text: report.to_text}
    return renderers[fmt](reports)


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .md, .html) or - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a claim is at least this bad.")] = FailOn.unsupported,
    jurisdiction: Annotated[Jurisdiction, typer.Option("--jurisdiction", "-j", help="Which regulatory rules to cite.")] = Jurisdiction.all,
    evidence: EvidenceOpt = None,
) -> None:
    """Check every health claim in the given texts."""
    docs, failed = _read_inputs(paths)
    if not docs:
        raise typer.Exit(ExitStatus.ERROR)
    from claimcheck.checker import Checker

    with exit_on_error():
        checker = Checker(evidence)
    reports = checker.check_documents(docs, jurisdiction.value)
    for r in reports:
        for notice in r.notices:
            typer.echo(f"claimcheck: note: {r.source}: {notice}" if not notice.startswith(r.source) else f"claimcheck: note: {notice}", err=True)
    typer.echo(_render(reports, fmt), nl=False)
    if failed:
        raise typer.Exit(ExitStatus.ERROR)
    raise typer.Exit(ExitStatus.FINDINGS if _findings(reports, fail_on) else ExitStatus.OK)


def main() -> None:
    app()


# Sub-command modules register themselves on the apps above; imported last because they use these names.
from claimcheck import eval_cli, evidence_cli  # noqa: E402,F401
from claimcheck import lint_cli  # noqa: E402,F401
from claimcheck import audit_cli  # noqa: E402,F401
