"""``claimcheck audit``: crawl and check many sites, report on them, compare runs.

``claimcheck audit SITES...`` is short for ``claimcheck audit run SITES...``; the other
commands are ``audit report`` and ``audit diff``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from claimcheck.cli import EvidenceOpt, ExitStatus, Jurisdiction, _error, app, exit_on_error
from claimcheck.errors import ClaimcheckError
from claimcheck.types import AuditConfig, CrawlLimits, FetchPolicy, PageCheck, PageFetch


class _RunByDefault(TyperGroup):
    """Route ``audit SITES...`` to ``audit run SITES...`` (no sub-command name is a URL)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


audit_app = typer.Typer(cls=_RunByDefault, no_args_is_help=True, help="Audit many clinic websites: crawl, check, store, report.")
app.add_typer(audit_app, name="audit")

DbOpt = Annotated[Path, typer.Option("--db", help="The audit database (SQLite); created when missing.")]


def _read_sites(items: list[str]) -> list[str]:
    """URLs, or files holding one URL a line (blank lines and # comments skipped)."""
    sites: list[str] = []
    for item in items:
        path = Path(item)
        if "://" not in item and path.is_file():
            lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
            sites.extend(line for line in lines if line)
        elif "://" in item:
            sites.append(item)
        else:
            raise ClaimcheckError(f"{item}: not a URL (http:// or https://) nor a file of URLs")
    return sites


class _Bar:
    """A rich progress bar on stderr: pages done of those planned, pages/s, ETA."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.started = time.monotonic()
        self.new = 0
        self.bar = Progress(
            TextColumn("pages"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]} pages/s"),
            TextColumn("ETA"), TimeRemainingColumn(), console=Console(stderr=True), transient=False,
        )
        self.task = self.bar.add_task("audit", total=None, rate="0.0")

    def planned(self, total: int, done: int) -> None:
        self.bar.update(self.task, total=total, completed=done)

    def advance(self, page: PageFetch, check: PageCheck | None) -> None:
        self.new += 1
        rate = self.new / max(time.monotonic() - self.started, 1e-6)
        self.bar.update(self.task, advance=1, rate=f"{rate:.1f}")


def _summary(db: Any, run_id: int, seconds: float) -> None:
    s = db.summary(run_id)
    typer.echo(f"run {run_id}: {s['sites']} sites, {s['pages']} pages ({s['checked']} checked) in {seconds:.1f} s")
    failures = ", ".join(f"{k} {v}" for k, v in s["failures"].items()) or "none"
    typer.echo(f"  failures by reason: {failures}")
    claims = ", ".join(f"{k} {v}" for k, v in s["claims"].items()) or "none"
    typer.echo(f"  claims by verdict: {claims}")


def _backend(evidence: Path | None, workers: int | None, dask: str | None) -> tuple[Any, str]:
    from claimcheck.evidence import load_evidence

    base = load_evidence(evidence)
    if workers or dask:
        from claimcheck.audit import DaskBackend

        return DaskBackend(base, address=dask, workers=workers), base.version
    from claimcheck.audit import LocalBackend
    from claimcheck.checker import Checker

    return LocalBackend(Checker(base)), base.version


def _config(db: Any, resume: bool, sites: list[str], dirs: list[Path], limits: CrawlLimits, jurisdiction: str) -> tuple[AuditConfig, int | None]:
    from claimcheck.audit import normalise
    from claimcheck.fetch import policy_from_env

    if resume:
        run_id = db.unfinished_run()
        if run_id is None:
            raise ClaimcheckError(f"{db.path}: no unfinished run to resume")
        stored = AuditConfig.model_validate(db.run_config(run_id))
        given = normalise(AuditConfig(sites=tuple(sites), from_dirs=tuple(str(d) for d in dirs)))
        if (sites or dirs) and (given.sites, given.from_dirs) != (stored.sites, stored.from_dirs):
            raise ClaimcheckError(f"run {run_id} audits other sites; leave out SITES with --resume, or give the same ones")
        policy = policy_from_env(stored.limits.policy.model_copy(update={"allow_hosts": ()}))
        return stored.model_copy(update={"limits": stored.limits.model_copy(update={"policy": policy})}), run_id
    if not sites and not dirs:
        raise ClaimcheckError("give at least one site (URL or file of URLs) or --from-dir DIR")
    return AuditConfig(sites=tuple(sites), from_dirs=tuple(str(d) for d in dirs), limits=limits, jurisdiction=jurisdiction), None


@audit_app.command("run")
def run(
    sites: Annotated[list[str] | None, typer.Argument(help="Start URLs, or files with one URL a line.", show_default=False)] = None,
    db_path: DbOpt = Path("audit.db"),
    resume: Annotated[bool, typer.Option("--resume", help="Finish the last unfinished run in --db instead of starting one.")] = False,
    depth: Annotated[int, typer.Option(min=0, help="Link hops from each start page.")] = 3,
    max_pages: Annotated[int, typer.Option(min=1, help="Pages per site, failures included.")] = 50,
    delay: Annotated[float, typer.Option(min=0, help="Seconds between two requests to one host.")] = 1.0,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for a page.")] = 10.0,
    retries: Annotated[int, typer.Option(min=0, help="Extra tries after a connection error, 429 or 5xx.")] = 2,
    workers: Annotated[int | None, typer.Option(min=1, help="Check on a local Dask cluster of N worker processes.")] = None,
    dask: Annotated[str | None, typer.Option(help="Check on an existing Dask cluster (scheduler address, e.g. tcp://host:8786).")] = None,
    from_dir: Annotated[list[Path] | None, typer.Option(help="A folder of saved pages to audit as one site (repeatable).")] = None,
    jurisdiction: Annotated[Jurisdiction, typer.Option("--jurisdiction", "-j", help="Which regulatory rules to cite.")] = Jurisdiction.all,
    evidence: EvidenceOpt = None,
) -> None:
    """Crawl and check sites politely (robots.txt, sitemap, same-site links), storing every page and claim."""
    from claimcheck.audit import run_audit
    from claimcheck.audit_db import AuditDB

    started, backend = time.monotonic(), None
    try:
        for folder in from_dir or []:
            if not folder.is_dir():
                raise ClaimcheckError(f"{folder}: not a folder")
        db = AuditDB(db_path)
        policy = FetchPolicy(timeout=timeout, retries=retries)
        limits = CrawlLimits(depth=depth, max_pages=max_pages, delay=delay, policy=policy)
        config, resume_id = _config(db, resume, _read_sites(sites or []), from_dir or [], limits, jurisdiction.value)
        from claimcheck.fetch import policy_from_env

        if resume_id is None:
            config = config.model_copy(update={"limits": limits.model_copy(update={"policy": policy_from_env(policy)})})
        backend, version = _backend(evidence, workers, dask)
        bar = _Bar()
        with bar.bar:
            run_id, errors = run_audit(db, config, backend, version, resume=resume_id, progress=bar,
                                       on_start=lambda rid: typer.echo(f"run {rid}: writing to {db_path}", err=True))
    except ClaimcheckError as exc:
        _error(str(exc))
        raise typer.Exit(ExitStatus.ERROR) from None
    except KeyboardInterrupt:
        _error(f"interrupted; every finished page is stored. Continue with: claimcheck audit run --resume --db {db_path}")
        raise typer.Exit(130) from None
    finally:
        if backend is not None:
            backend.close()
    _summary(db, run_id, time.monotonic() - started)
    for message in errors:
        _error(message)
    raise typer.Exit(ExitStatus.ERROR if errors else ExitStatus.OK)


def _require(db_path: Path) -> None:
    if not db_path.is_file():
        _error(f"{db_path}: no such audit database")
        raise typer.Exit(ExitStatus.ERROR)


@audit_app.command("report")
def report(
    db_path: DbOpt = Path("audit.db"),
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables and report.html.")] = Path("audit-report"),
    run_id: Annotated[int | None, typer.Option("--run", help="Which run (default: the latest).")] = None,
) -> None:
    """Write per-site and per-page tables (CSV and Parquet) and a self-contained HTML report with charts."""
    from claimcheck.audit_report import write_report

    _require(db_path)
    with exit_on_error():
        written = write_report(db_path, out, run_id)
    for path in written:
        typer.echo(str(path))


@audit_app.command("diff")
def diff(
    run_a: Annotated[int, typer.Argument(help="The earlier run.")],
    run_b: Annotated[int, typer.Argument(help="The later run.")],
    db_path: DbOpt = Path("audit.db"),
) -> None:
    """List the claims added, removed or judged differently per site between two runs."""
    from claimcheck.audit_report import diff_runs

    _require(db_path)
    with exit_on_error():
        frame = diff_runs(db_path, run_a, run_b)
    if frame.empty:
        typer.echo(f"no claims changed between run {run_a} and run {run_b}")
        return
    for site, rows in frame.groupby("site", sort=True):
        typer.echo(f"{site}")
        for r in rows.itertuples():
            typer.echo(f"  {r.change:<8} {r.verdict:<11} {r.page}: {r.text}")
