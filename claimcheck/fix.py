"""Suggested wordings applied to the source file, shown as a unified diff.

The only replacement text is a verdict's ``suggestion``: the ``carries`` wording of
the evidence entry the verdict rests on, so a fix never says more than the
evidence does. Each replaces the claim's span (its clause, or its whole sentence
when the claim is the sentence) in the source; edits that overlap an earlier one
are left for a second run.
"""

from __future__ import annotations

import difflib
import html
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.lint import FileResult
from claimcheck.sourcemap import format_of
from claimcheck.types import Finding, Severity, Verdict

_TERMINAL = ".!?"


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    old: str
    new: str
    finding: Finding


def _clean(suggestion: str, fmt: str) -> str:
    new = " ".join(suggestion.split())
    if new and new[-1] not in _TERMINAL:
        new += "."
    return html.escape(new, quote=False) if fmt == "html" else new


def _sentence_span(result: FileResult, verdict: Verdict) -> tuple[int, int]:
    """Extracted-text offsets of the sentence a claim was found in."""
    text, claim = result.source.text, verdict.claim
    at = text.find(claim.sentence, max(0, claim.end - len(claim.sentence)))
    return (at, at + len(claim.sentence)) if 0 <= at <= claim.start else (claim.start, claim.end)


def _plan(result: FileResult) -> list[tuple[int, int, list[Finding]]]:
    """Extracted-text spans to replace, each with the findings whose wordings replace it.

    A sentence whose every claim has a wording to fix is replaced whole by those
    wordings; otherwise each such claim's own clause is replaced.
    """
    fixable = {id(f.verdict): f for f in result.findings if f.suggestion and f.verdict is not None and f.level != Severity.NOTE}
    by_sentence: dict[tuple[int, int], list[Verdict]] = {}
    for v in result.report.verdicts:
        by_sentence.setdefault(_sentence_span(result, v), []).append(v)
    spans: list[tuple[int, int, list[Finding]]] = []
    for (start, end), verdicts in sorted(by_sentence.items()):
        if all(id(v) in fixable for v in verdicts):
            spans.append((start, end, [fixable[id(v)] for v in verdicts]))
        else:
            spans += [(v.claim.start, v.claim.end, [fixable[id(v)]]) for v in verdicts if id(v) in fixable]
    return spans


def edits(result: FileResult) -> list[Edit]:
    """Non-overlapping edits for the file's reported claims that have a suggested wording."""
    source, fmt = result.source.source, format_of(result.source.path)
    out: list[Edit] = []
    for start, end, findings in _plan(result):
        span = result.source.span(start, end)
        if out and span.start < out[-1].end:
            continue
        new = " ".join(dict.fromkeys(_clean(f.suggestion or "", fmt) for f in findings))
        if new[-1] in _TERMINAL and source[span.end : span.end + 1] in tuple(_TERMINAL):
            new = new[:-1]  # the claim stops before its sentence's own full stop
        out.append(Edit(span.start, span.end, source[span.start : span.end], new, findings[0]))
    return out


def apply(source: str, planned: list[Edit]) -> str:
    for edit in sorted(planned, key=lambda e: e.start, reverse=True):
        source = source[: edit.start] + edit.new + source[edit.end :]
    return source


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def write(path: str, after: str) -> None:
    """Replace the file atomically, keeping a UTF-8 byte-order mark if it had one."""
    target = Path(path)
    original = target.read_bytes()
    bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
    try:
        original.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8; not rewriting it (convert it to UTF-8 first)") from exc
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".claimcheck")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(bom + after.encode("utf-8"))
        os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
