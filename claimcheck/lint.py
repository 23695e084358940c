"""Lint source files: checker reports turned into findings at source line:column.

A finding's level comes from its verdict (unsupported = error, overstated =
warning, supported = note, hidden unless asked for). Comments control what is
reported:

- ``<!-- claimcheck: ignore <claim-type or evidence id> -- reason -->`` (``# claimcheck: ...``
  in plain text) silences the matching claims of the next sentence that has claims;
  without a target it silences all of them. An ignore without a reason silences
  nothing and is itself reported (IGNORE_WITHOUT_REASON), as is an ignore that
  silenced nothing (UNUSED_IGNORE) and a comment that is not a directive (BAD_DIRECTIVE).
- ``claimcheck: off`` ... ``claimcheck: on`` leaves out every claim in between.

Diff mode keeps only findings on lines changed since a git revision.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import ClaimcheckError
from claimcheck.ingest import from_text
from claimcheck.report import oneline
from claimcheck.sourcemap import Comment, SourceText
from claimcheck.types import ClaimType, Document, Finding, Label, LintSettings, Report, Severity, SourceSpan, Verdict

LEVELS = {Label.UNSUPPORTED: Severity.ERROR, Label.OVERSTATED: Severity.WARNING, Label.SUPPORTED: Severity.NOTE}
FAIL_LEVELS = {"unsupported": Severity.ERROR, "overstated": Severity.WARNING}
_DIRECTIVE = re.compile(r"^claimcheck\s*:\s*(?P<action>[A-Za-z-]*)(?P<rest>.*)$", re.DOTALL)
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)
_CLAIM_TYPES = frozenset(t.value for t in ClaimType)


class LintError(ClaimcheckError):
    """A lint run that cannot proceed (a bad git revision, git missing)."""


@dataclass(frozen=True)
class Directive:
    comment: Comment
    action: str
    targets: tuple[str, ...]
    reason: str | None


@dataclass(frozen=True)
class FileResult:
    """One linted file: the checker's full report and the findings reported from it."""

    source: SourceText
    report: Report
    findings: tuple[Finding, ...]
    silenced: int = 0


def parse_directive(comment: Comment) -> Directive | None:
    """The directive in a comment, or None when the comment is not addressed to claimcheck."""
    m = _DIRECTIVE.match(comment.body.strip())
    if not m:
        return None
    rest = m.group("rest")
    head, sep, reason = rest.partition("--")
    targets = tuple(t for t in re.split(r"[\s,]+", head.strip()) if t)
    return Directive(comment, m.group("action").lower(), targets, reason.strip() or None if sep else None)


class _Spans:
    """Source spans of a file's claims, computed with one line table."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source.source)]

    def of_claim(self, verdict: Verdict) -> SourceSpan:
        return self.source.span(verdict.claim.start, verdict.claim.end, self.line_starts)

    def of_comment(self, comment: Comment) -> SourceSpan:
        line, col = self.source.position(comment.start, self.line_starts)
        end_line, end_col = self.source.position(comment.end, self.line_starts)
        return SourceSpan(start=comment.start, end=comment.end, line=line, col=col, end_line=end_line, end_col=end_col)


def _problem(path: str, span: SourceSpan, code: str, text: str, message: str) -> Finding:
    return Finding(path=path, span=span, level=Severity.WARNING, rule=code, claim=text, message=message, codes=(code,))


def _claim_finding(path: str, verdict: Verdict, span: SourceSpan) -> Finding:
    return Finding(
        path=path, span=span, level=LEVELS[verdict.label], rule=verdict.label.value, claim=verdict.claim.text,
        message=verdict.reasons[0].message, codes=tuple(r.code for r in verdict.reasons),
        evidence=tuple(e.id for e in verdict.evidence), suggestion=verdict.suggestion, verdict=verdict,
    )  # fmt: skip


def _matches(directive: Directive, verdict: Verdict) -> bool:
    if not directive.targets:
        return True
    ids = {e.id for e in verdict.evidence}
    return any(t in ids or t in {c.value for c in verdict.claim.types} for t in directive.targets)


def _next_sentence(claims: list[tuple[Verdict, SourceSpan]], after: int) -> list[int]:
    """Indexes of the claims of the first sentence with claims that starts after ``after``."""
    first = next((i for i, (_, span) in enumerate(claims) if span.start >= after), None)
    if first is None:
        return []
    sentence = claims[first][0].claim.sentence
    group = [first]
    for i in range(first + 1, len(claims)):
        if claims[i][0].claim.sentence != sentence:
            break
        group.append(i)
    return group


def _apply_directives(
    path: str, claims: list[tuple[Verdict, SourceSpan]], directives: list[Directive], spans: _Spans, known: frozenset[str]
) -> tuple[set[int], list[Finding]]:
    """Indexes of silenced claims, and findings about the directives themselves."""
    silenced: set[int] = set()
    problems: list[Finding] = []
    off_at: int | None = None
    for d in directives:
        where, text = spans.of_comment(d.comment), d.comment.body
        if d.action in ("off", "on"):
            if d.action == "off" and off_at is None:
                off_at = d.comment.end
            elif d.action == "on" and off_at is not None:
                silenced |= {i for i, (_, s) in enumerate(claims) if off_at <= s.start < d.comment.start}
                off_at = None
            continue
        if d.action != "ignore":
            problems.append(_problem(path, where, "BAD_DIRECTIVE", text, f"Unknown directive '{d.action}'; use ignore, off or on."))
            continue
        unknown = [t for t in d.targets if t not in known]
        if unknown:
            problems.append(_problem(path, where, "BAD_DIRECTIVE", text, f"'{unknown[0]}' is neither a claim type nor an evidence id."))
            continue
        if not d.reason:
            problems.append(_problem(path, where, "IGNORE_WITHOUT_REASON", text, "An ignore needs a reason after ' -- '; the claim is still reported."))
            continue
        hits = [i for i in _next_sentence(claims, d.comment.end) if _matches(d, claims[i][0])]
        if not hits:
            problems.append(_problem(path, where, "UNUSED_IGNORE", text, "This ignore matches no claim in the next sentence with claims."))
        silenced.update(hits)
    if off_at is not None:
        silenced |= {i for i, (_, s) in enumerate(claims) if s.start >= off_at}
    return silenced, problems


def findings_for(
    source: SourceText, report: Report, settings: LintSettings, known_ids: Iterable[str] = (), changed: set[int] | None = None
) -> FileResult:
    """The findings reported for one file under ``settings`` (and, in diff mode, ``changed`` lines)."""
    spans = _Spans(source)
    claims = sorted(((v, spans.of_claim(v)) for v in report.verdicts), key=lambda vs: (vs[1].start, vs[1].end))
    directives = [d for d in (parse_directive(c) for c in source.comments) if d]
    known = _CLAIM_TYPES | frozenset(known_ids)
    silenced, problems = _apply_directives(source.path, claims, directives, spans, known)
    skip = set(settings.skip_types)
    found = [
        _claim_finding(source.path, v, s)
        for i, (v, s) in enumerate(claims)
        if i not in silenced and not (skip and set(v.claim.types) <= skip)
    ]
    shown = [
        f for f in [*found, *problems]
        if f.level.rank >= settings.min_level.rank and (changed is None or changed & set(range(f.span.line, f.span.end_line + 1)))
    ]  # fmt: skip
    shown.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
    return FileResult(source=source, report=report, findings=tuple(shown), silenced=len(silenced))


def lint_sources(
    sources: list[tuple[SourceText, LintSettings]],
    checker_for: Callable[[LintSettings], object],
    changed: dict[str, set[int] | None] | None = None,
) -> list[FileResult]:
    """Lint many files: one batched ``check_documents`` call per evidence base and jurisdiction."""
    groups: dict[tuple[object, str], list[int]] = {}
    for i, (_, settings) in enumerate(sources):
        checker = checker_for(settings)
        groups.setdefault((checker, settings.jurisdiction), []).append(i)
    reports: dict[int, Report] = {}
    for (checker, jurisdiction), members in groups.items():
        docs: list[tuple[int, Document]] = [(i, from_text(sources[i][0].text, sources[i][0].path, sources[i][0].kind)) for i in members if sources[i][0].text.strip()]
        for i, rep in zip([i for i, _ in docs], checker.check_documents([d for _, d in docs], jurisdiction), strict=True):  # type: ignore[attr-defined]
            reports[i] = rep
    results = []
    for i, (source, settings) in enumerate(sources):
        report = reports.get(i, Report(source=source.path, verdicts=()))
        known = [e.id for e in checker_for(settings).evidence.entries]  # type: ignore[attr-defined]
        lines = (changed or {}).get(source.path)
        results.append(findings_for(source, report, settings, known, lines if changed is not None else None))
    return results


def fails(results: list[FileResult], settings_of: Callable[[FileResult], LintSettings]) -> bool:
    """Whether any reported finding is at or above its file's ``fail_on`` level."""
    for result in results:
        fail_on = settings_of(result).fail_on
        if fail_on != "never" and any(f.level.rank >= FAIL_LEVELS[fail_on].rank for f in result.findings):
            return True
    return False


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LintError(f"cannot run git: {exc}") from exc


def changed_lines(path: str, rev: str) -> set[int] | None:
    """Line numbers of ``path`` added or changed since ``rev``; None when git does not track the file (all new)."""
    file = Path(path).resolve()
    cwd = file.parent
    probe = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    if probe.returncode != 0:
        raise LintError(f"{path}: --diff {rev}: not a git revision here ({probe.stderr.strip() or 'unknown revision'})")
    if _git(["ls-files", "--error-unmatch", "--", file.name], cwd).returncode != 0:
        return None
    diff = _git(["diff", "-U0", "--no-color", "--no-ext-diff", rev, "--", file.name], cwd)
    if diff.returncode != 0:
        raise LintError(f"{path}: git diff failed: {diff.stderr.strip()}")
    lines: set[int] = set()
    for m in _HUNK.finditer(diff.stdout):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        lines.update(range(start, start + count))
    return lines


def to_lines(results: list[FileResult]) -> str:
    """``path:line:col: level: verdict — claim — reason [evidence ids]``, one finding a line."""
    rows = []
    for result in results:
        for f in result.findings:
            ids = f" [{', '.join(f.evidence)}]" if f.evidence else ""
            rows.append(f"{f.path}:{f.span.line}:{f.span.col}: {f.level.value}: {f.rule} — {oneline(f.claim)} — {oneline(f.message)}{ids}")
    return "\n".join(rows) + ("\n" if rows else "")


def _position(span: SourceSpan) -> dict[str, int]:
    return {"start": span.start, "end": span.end, "line": span.line, "col": span.col, "end_line": span.end_line, "end_col": span.end_col}


def to_dict(results: list[FileResult]) -> dict[str, object]:
    """The ``check`` JSON contract, with positions in the source file and each claim's level.

    ``claims`` holds the reported claims; findings about control comments are in ``problems``.
    """
    from claimcheck import report as check_report

    claims_of = [[f for f in r.findings if f.verdict is not None] for r in results]
    reports = [Report(source=r.source.path, verdicts=tuple(f.verdict for f in fs if f.verdict), notices=r.report.notices)
               for r, fs in zip(results, claims_of, strict=True)]  # fmt: skip
    data = check_report.to_dict(reports)
    for entry, result, findings in zip(data["reports"], results, claims_of, strict=True):
        for claim, finding in zip(entry["claims"], findings, strict=True):
            claim.update({**_position(finding.span), "level": finding.level.value})
        entry["silenced"] = result.silenced
        entry["problems"] = [
            {"code": f.rule, "level": f.level.value, "text": f.claim, "message": f.message, **_position(f.span)}
            for f in result.findings
            if f.verdict is None
        ]
    return data


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.NOTE: "bold green"}


def render_rich(results: list[FileResult], console: object) -> None:
    """A terminal view: each finding's source line with the claim underlined, the suggested wording under it."""
    from rich.text import Text

    for result in results:
        lines = result.source.source.splitlines()
        for f in result.findings:
            line = lines[f.span.line - 1] if f.span.line <= len(lines) else ""
            stop = f.span.end_col - 1 if f.span.end_line == f.span.line else len(line)
            gutter = f"{f.span.line:>5} │ "
            head = Text(f"{f.path}:{f.span.line}:{f.span.col} ")
            head.append(f"{f.level.value} {f.rule}", style=_STYLE[f.level])
            body = Text(gutter + line)
            body.stylize(f"underline {_STYLE[f.level].split()[-1]}", len(gutter) + f.span.col - 1, len(gutter) + stop)
            marks = Text(" " * (len(gutter) + f.span.col - 1) + "^" * max(stop - f.span.col + 1, 1), style=_STYLE[f.level])
            out = [head, body, marks, Text(f"      {oneline(f.message)}", style="dim")]
            if f.evidence:
                out.append(Text(f"      evidence: {', '.join(f.evidence)}", style="dim"))
            if f.suggestion:
                out.append(Text("      suggested: ", style="bold").append(oneline(f.suggestion), style="green"))
            for item in out:
                console.print(item, soft_wrap=True)  # type: ignore[attr-defined]
            console.print()  # type: ignore[attr-defined]
