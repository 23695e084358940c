"""``claimcheck lint``, ``claimcheck fix`` and ``claimcheck config``: the editors' commands.

Exit codes as for ``check``: 0 nothing reported at or above fail_on, 1 findings,
2 usage, input, config or git error (files that could be read are still reported).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from claimcheck.cli import EvidenceOpt, ExitStatus, FailOn, Jurisdiction, _error, app, exit_on_error
from claimcheck.config import EffectiveConfig, describe, resolve
from claimcheck.errors import ClaimcheckError
from claimcheck.lint import FileResult, changed_lines, fails, lint_sources
from claimcheck.sourcemap import LINT_SUFFIXES, SourceText, decode_source, extract, format_of, read_source
from claimcheck.types import ClaimType, LintSettings, Severity


class LintFormat(str, Enum):
    line = "line"
    json = "json"
    sarif = "sarif"
    rich = "rich"


PathsArg = Annotated[list[str], typer.Argument(help="Files (.md, .html, .txt), folders (searched for them) or - for stdin.")]
FailOpt = Annotated[FailOn | None, typer.Option("--fail-on", help="Exit 1 when a claim is at least this bad. (default: unsupported)")]
JurisdictionOpt = Annotated[Jurisdiction | None, typer.Option("--jurisdiction", "-j", help="Which regulatory rules to cite. (default: all)")]
MinLevelOpt = Annotated[Severity | None, typer.Option("--min-level", help="Quietest level reported. (default: warning)")]
ShowSupportedOpt = Annotated[bool, typer.Option("--show-supported", help="Also report supported claims (as notes).")]
SkipOpt = Annotated[list[ClaimType] | None, typer.Option("--skip-type", help="Do not report claims of this type (repeatable).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Use this config file instead of searching for one.")]
StdinNameOpt = Annotated[str | None, typer.Option("--stdin-filename", help="Name (and so format and config) for input read from -.")]


def _overrides(evidence: Path | None, jurisdiction: Jurisdiction | None, min_level: Severity | None, show_supported: bool,
               fail_on: FailOn | None, skip: list[ClaimType] | None) -> dict[str, object]:  # fmt: skip
    return {
        "evidence": str(evidence) if evidence else None,
        "jurisdiction": jurisdiction.value if jurisdiction else None,
        "min_level": Severity.NOTE if show_supported else min_level,
        "fail_on": fail_on.value if fail_on else None,
        "skip_types": tuple(skip or ()),
    }


def _expand(paths: list[str]) -> list[str]:
    """Folders become the lintable files under them (hidden folders skipped), in a stable order."""
    out: list[str] = []
    for name in paths:
        p = Path(name)
        if name != "-" and p.is_dir():
            found = (f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in LINT_SUFFIXES - {""})
            out += sorted(str(f) for f in found if not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            out.append(name)
    return out


def _read(name: str, stdin_name: str | None) -> SourceText:
    if name != "-":
        source, notices = read_source(name)
    else:
        label = stdin_name or "<stdin>"
        text, notices = decode_source(sys.stdin.buffer.read(), label)
        source = extract(text, label, format_of(label))
    for notice in notices:
        typer.echo(f"claimcheck: note: {notice}", err=True)
    return source


class _Checkers:
    """One Checker per evidence base, all sharing the models loaded by the first."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str | None, tuple[str, ...]], object] = {}

    def __call__(self, settings: LintSettings) -> object:
        key = (settings.evidence, settings.extra_evidence)
        if key not in self.cache:
            from claimcheck.checker import Checker
            from claimcheck.evidence import load_evidence

            base = load_evidence(settings.evidence, settings.extra_evidence)
            first = next(iter(self.cache.values()), None)
            models = {"embedder": first.embedder, "nlp": first.nlp} if first else {}  # type: ignore[attr-defined]
            self.cache[key] = Checker(base, **models)  # type: ignore[arg-type]
        return self.cache[key]


def _start_of(name: str, stdin_name: str | None) -> Path:
    return Path(stdin_name) if name == "-" and stdin_name else Path.cwd() if name == "-" else Path(name)


def _collect(paths: list[str], overrides: dict[str, object], config: Path | None, stdin_name: str | None,
             diff: str | None) -> tuple[list[tuple[SourceText, LintSettings]], dict[str, set[int] | None] | None, bool]:  # fmt: skip
    """Read every input with its settings (and changed lines); errors are printed and flagged, not fatal."""
    sources, changed, failed = [], ({} if diff else None), False
    for name in _expand(paths):
        try:
            if diff and name == "-":
                raise ClaimcheckError("--diff needs files in a git repository, not stdin")
            settings = resolve(_start_of(name, stdin_name), overrides, config).settings
            source = _read(name, stdin_name)
            if changed is not None and diff:
                changed[source.path] = changed_lines(source.path, diff)
            sources.append((source, settings))
        except ClaimcheckError as exc:
            _error(str(exc))
            failed = True
    return sources, changed, failed


def _run(paths: list[str], overrides: dict[str, object], config: Path | None, stdin_name: str | None,
         diff: str | None = None) -> tuple[list[FileResult], dict[str, LintSettings], bool]:  # fmt: skip
    sources, changed, failed = _collect(paths, overrides, config, stdin_name, diff)
    if not sources:
        raise typer.Exit(ExitStatus.ERROR)
    with exit_on_error():
        results = lint_sources(sources, _Checkers(), changed)
    return results, {s.path: settings for s, settings in sources}, failed


@app.command()
def lint(
    paths: PathsArg,
    fmt: Annotated[LintFormat, typer.Option("--format", "-f", help="Output format.")] = LintFormat.line,
    fail_on: FailOpt = None,
    jurisdiction: JurisdictionOpt = None,
    evidence: EvidenceOpt = None,
    min_level: MinLevelOpt = None,
    show_supported: ShowSupportedOpt = False,
    skip_type: SkipOpt = None,
    diff: Annotated[str | None, typer.Option("--diff", help="Only report claims on lines changed since this git revision.")] = None,
    config: ConfigOpt = None,
    stdin_filename: StdinNameOpt = None,
) -> None:
    """Lint drafts like a prose linter: each claim at its source line and column."""
    overrides = _overrides(evidence, jurisdiction, min_level, show_supported, fail_on, skip_type)
    results, settings, failed = _run(paths, overrides, config, stdin_filename, diff)
    if fmt == LintFormat.rich:
        from rich.console import Console

        from claimcheck.lint import render_rich

        render_rich(results, Console(highlight=False))
    else:
        from claimcheck import lint as lint_mod
        from claimcheck import sarif

        if fmt == LintFormat.line:
            typer.echo(lint_mod.to_lines(results), nl=False)
        else:
            import json

            data = sarif.to_sarif(results) if fmt == LintFormat.sarif else lint_mod.to_dict(results)
            typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    if failed:
        raise typer.Exit(ExitStatus.ERROR)
    raise typer.Exit(ExitStatus.FINDINGS if fails(results, lambda r: settings[r.source.path]) else ExitStatus.OK)


@app.command()
def fix(
    paths: PathsArg,
    write: Annotated[bool, typer.Option("--write", help="Apply the suggested wordings to the files.")] = False,
    jurisdiction: JurisdictionOpt = None,
    evidence: EvidenceOpt = None,
    skip_type: SkipOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Propose each suggested wording as a unified diff against the source (--write applies them)."""
    from claimcheck import fix as fixes

    if "-" in paths:
        _error("fix works on files, not stdin")
        raise typer.Exit(ExitStatus.ERROR)
    overrides = _overrides(evidence, jurisdiction, None, False, None, skip_type)
    results, _, failed = _run(paths, overrides, config, None)
    for result in results:
        planned = fixes.edits(result)
        if not planned:
            continue
        after = fixes.apply(result.source.source, planned)
        typer.echo(fixes.unified_diff(result.source.path, result.source.source, after), nl=False)
        if write:
            try:
                fixes.write(result.source.path, after)
            except ClaimcheckError as exc:
                _error(str(exc))
                failed = True
                continue
            typer.echo(f"claimcheck: fixed {len(planned)} claim(s) in {result.source.path}", err=True)
    raise typer.Exit(ExitStatus.ERROR if failed else ExitStatus.OK)


@app.command("config")
def show_config(
    path: Annotated[str, typer.Argument(help="File or folder whose settings to show.")] = ".",
    fail_on: FailOpt = None,
    jurisdiction: JurisdictionOpt = None,
    evidence: EvidenceOpt = None,
    min_level: MinLevelOpt = None,
    show_supported: ShowSupportedOpt = False,
    skip_type: SkipOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print the effective lint settings and where each came from."""
    overrides = _overrides(evidence, jurisdiction, min_level, show_supported, fail_on, skip_type)
    with exit_on_error():
        effective: EffectiveConfig = resolve(Path(path), overrides, config)
    typer.echo(describe(effective, path), nl=False)
