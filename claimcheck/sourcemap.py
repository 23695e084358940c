"""Source-accurate positions: a .md, .html or .txt file as the text ClaimCheck checks,
with a map from every character of that text back to its place in the source file.

Markdown: front matter, fenced and indented code, inline code, HTML tags and
comments, URLs, link targets and images are left out; link text, list items,
headings and table cells are kept, one block a line (each table cell is its own
block so cells never run together), and a paragraph hard-wrapped over several
source lines is joined into one line. HTML: lxml's text nodes, aligned back to the
source so that a decoded entity still points at the entity. Plain text is kept as
it is. Comments (``<!-- -->`` in Markdown and HTML, ``# claimcheck:`` lines in
plain text) are collected for the inline controls in :mod:`claimcheck.lint`.
"""

from __future__ import annotations

import bisect
import html
import re
from array import array
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.ingest import MAX_BYTES, _looks_binary, decode
from claimcheck.types import SourceSpan

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
LINT_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES


@dataclass(frozen=True)
class Comment:
    """A comment in the source: offsets of the whole comment and its inner text."""

    start: int
    end: int
    body: str


class _Out:
    """The extracted text under construction, with the source span of every character."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts = array("q")
        self.ends = array("q")

    def add(self, text: str, start: int, end: int) -> None:
        for ch in text:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def last(self) -> str:
        return self.chars[-1] if self.chars else "\n"

    def newline(self, at: int) -> None:
        if self.last() != "\n":
            self.add("\n", at, at)


@dataclass(frozen=True)
class SourceText:
    """A source file and the text extracted from it; ``kind`` is how segment.py should read the text."""

    path: str
    source: str
    text: str
    kind: str
    starts: array = field(repr=False)  # type: ignore[type-arg]
    ends: array = field(repr=False)  # type: ignore[type-arg]
    comments: tuple[Comment, ...] = ()

    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.source)]

    def position(self, offset: int, line_starts: list[int] | None = None) -> tuple[int, int]:
        """1-based line and column (in code points) of a source offset."""
        starts = line_starts or self._line_starts()
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def span(self, start: int, end: int, line_starts: list[int] | None = None) -> SourceSpan:
        """Where the extracted text ``text[start:end]`` sits in the source."""
        s = self.starts[start]
        e = max(self.ends[max(end - 1, start)], s)
        starts = line_starts or self._line_starts()
        line, col = self.position(s, starts)
        end_line, end_col = self.position(e, starts)
        return SourceSpan(start=s, end=e, line=line, col=col, end_line=end_line, end_col=end_col)


# ---------------------------------------------------------------- Markdown

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_TABLE_DELIM = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_RAW_BLOCK = re.compile(r"^ {0,3}<(script|style|pre|textarea)\b", re.IGNORECASE)
_INLINE = re.compile(
    r"(?P<code>(`+).+?\2)"
    r"|(?P<image>!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?)"
    r"|(?P<link>\[(?P<ltext>(?:[^\[\]]|\[[^\]]*\])*)\](?:\([^)]*\)|\[[^\]]*\])?)"
    r"|(?P<comment><!--(?P<cbody>.*?)-->)"
    r"|(?P<tag></?[A-Za-z][^>]*>|<(?:https?|mailto):[^>]*>)"
    r"|(?P<url>(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"])"
    r"|(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<emph>\*+|_+|~~)",
    re.DOTALL,
)


@dataclass
class _Block:
    """A Markdown block: its synthetic prefix and the source ranges of its lines."""

    prefix: str
    at: int
    parts: list[tuple[int, int]] = field(default_factory=list)


def _inline(src: str, raw: str, where: array, out: _Out, comments: list[Comment]) -> None:  # type: ignore[type-arg]
    """Copy ``raw`` (a block's text; ``where[i]`` is the source offset of ``raw[i]``) without markup."""
    pos = 0
    for m in _INLINE.finditer(raw):
        for i in range(pos, m.start()):
            out.add(raw[i], where[i], where[i] + 1)
        pos = m.end()
        kind = m.lastgroup if m.lastgroup not in ("ltext", "cbody") else ("link" if m.lastgroup == "ltext" else "comment")
        a, b = where[m.start()], where[m.end() - 1] + 1
        if kind == "link":
            sub = m.start("ltext")
            _inline(src, m.group("ltext"), where[sub : m.end("ltext")], out, comments)
        elif kind == "comment":
            comments.append(Comment(a, b, m.group("cbody").strip()))
        elif kind == "escape":
            out.add(m.group()[1], a, b)
        elif kind == "entity":
            out.add(html.unescape(m.group()), a, b)
        elif kind == "emph":
            before = raw[m.start() - 1] if m.start() else " "
            after = raw[m.end()] if m.end() < len(raw) else " "
            if (before.isalnum() and after.isalnum() and m.group()[0] == "_") or (before.isspace() and after.isspace()):
                out.add(m.group(), a, b)  # snake_case, or a lone "*" between spaces: literal text
    for i in range(pos, len(raw)):
        out.add(raw[i], where[i], where[i] + 1)


def _emit(src: str, block: _Block, out: _Out, comments: list[Comment]) -> None:
    raw, where = [], array("q")
    for n, (s, e) in enumerate(block.parts):
        if n:  # a hard-wrapped line joins the line before it
            raw.append(" ")
            where.append(s - 1)
        raw.append(src[s:e])
        where.extend(range(s, e))
    text = "".join(raw)
    if not text.strip():
        return
    out.newline(block.at)
    out.add(block.prefix, block.at, block.at)
    _inline(src, text, where, out, comments)


def _cells(line: str, s: int) -> list[tuple[int, int]]:
    """Source ranges of a table row's cells (pipes inside code spans or escaped do not split)."""
    bounds, in_code = [], False
    for i, ch in enumerate(line):
        if ch == "`":
            in_code = not in_code
        elif ch == "|" and not in_code and (i == 0 or line[i - 1] != "\\"):
            bounds.append(i)
    edges = [-1, *bounds, len(line)]
    cells = []
    for a, b in pairwise(edges):
        cell = line[a + 1 : b]
        if cell.strip():
            lead = len(cell) - len(cell.lstrip())
            cells.append((s + a + 1 + lead, s + a + 1 + len(cell.rstrip())))
    return cells


def _lines(src: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in src.splitlines(keepends=True):
        out.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return out


def _front_matter_end(src: str, lines: list[tuple[int, int]]) -> int:
    if not lines or src[lines[0][0] : lines[0][1]].strip() not in ("---", "+++"):
        return 0
    closer = {"---": ("---", "..."), "+++": ("+++",)}[src[lines[0][0] : lines[0][1]].strip()]
    for i in range(1, len(lines)):
        if src[lines[i][0] : lines[i][1]].strip() in closer:
            return i + 1
    return 0


def _is_table_row(src: str, lines: list[tuple[int, int]], i: int, in_table: bool) -> bool:
    line = src[lines[i][0] : lines[i][1]]
    if "|" not in line:
        return False
    following = src[lines[i + 1][0] : lines[i + 1][1]] if i + 1 < len(lines) else ""
    return in_table or bool(_TABLE_DELIM.match(following) and "-" in following)


def _markdown(src: str) -> tuple[_Out, list[Comment]]:
    out, comments = _Out(), []
    lines = _lines(src)
    para: _Block | None = None
    fence: str | None = None
    closing: str | None = None
    blank_before, in_list, in_table = True, False, False
    for i in range(_front_matter_end(src, lines), len(lines)):
        s, e = lines[i]
        line = src[s:e]
        if fence or closing:
            if fence and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            elif closing and closing in line.lower():
                if closing == "-->":
                    start, end = comments.pop().start, s + line.index("-->") + 3
                    comments.append(Comment(start, end, src[start + 4 : end - 3].strip()))
                closing = None
            continue
        if para and not line.strip():
            _emit(src, para, out, comments)
            para = None
        if not line.strip():
            blank_before, in_table = True, False
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and (blank_before or para is None) and not in_list:
            continue  # indented code block
        blank_before = False
        quote = _QUOTE.match(line)
        while quote:
            s, line = s + quote.end(), line[quote.end() :]
            quote = _QUOTE.match(line)
        if _FENCE.match(line) or _RAW_BLOCK.match(line) or line.lstrip().startswith("<!--") and "-->" not in line:
            if para:
                _emit(src, para, out, comments)
                para = None
            if _FENCE.match(line):
                fence = _FENCE.match(line).group(1)  # type: ignore[union-attr]
            elif line.lstrip().startswith("<!--"):
                start = s + line.index("<!--")
                comments.append(Comment(start, e, line.lstrip()[4:].strip()))
                closing = "-->"
            else:
                closing = f"</{_RAW_BLOCK.match(line).group(1).lower()}>"  # type: ignore[union-attr]
                closing = None if closing in line.lower() else closing
            continue
        heading = _HEADING.match(line)
        table = not heading and _is_table_row(src, lines, i, in_table)
        item = not heading and not table and not _RULE.match(line) and _LIST_ITEM.match(line)
        if (heading or table or item or _RULE.match(line) or _REF_DEF.match(line)) and para:
            _emit(src, para, out, comments)
            para = None
        if heading or table:
            in_list = False
        if heading:
            body = _CLOSING_HASHES.sub("", line[heading.end() :])
            _emit(src, _Block("# ", s, [(s + heading.end(), s + heading.end() + len(body.rstrip()))]), out, comments)
        elif table:
            in_table = True
            if not _TABLE_DELIM.match(line):
                for a, b in _cells(line, s):
                    _emit(src, _Block("- ", a, [(a, b)]), out, comments)
        elif item:
            in_list = True
            para = _Block("- ", s + len(line) - len(line.lstrip()), [(s + item.end(), e)])
        elif _RULE.match(line) or _REF_DEF.match(line):
            in_list = False
        elif para:
            para.parts.append((s + len(line) - len(line.lstrip()), e))
        else:
            in_list = in_list and indented
            para = _Block("", s, [(s + len(line) - len(line.lstrip()), e)])
    if para:
        _emit(src, para, out, comments)
    return out, comments


# ---------------------------------------------------------------- plain text

_TEXT_CONTROL = re.compile(r"^[ \t]*#[ \t]*(claimcheck:.*?)[ \t]*$", re.MULTILINE)


def _plain(src: str) -> tuple[_Out, list[Comment]]:
    """The text as it is, with ``# claimcheck:`` control lines blanked (kept as empty lines)."""
    out, comments, pos = _Out(), [], 0
    for m in _TEXT_CONTROL.finditer(src):
        for i in range(pos, m.start()):
            out.add(src[i], i, i + 1)
        comments.append(Comment(m.start(), m.end(), m.group(1)))
        pos = m.end()
    for i in range(pos, len(src)):
        out.add(src[i], i, i + 1)
    return out, comments


def format_of(path: str) -> str:
    """``markdown``, ``html`` or ``text``, from a file name."""
    suffix = Path(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "html" if suffix in HTML_SUFFIXES else "text"


def extract(source: str, path: str, fmt: str | None = None) -> SourceText:
    """The text to check in ``source`` and its map back to the source."""
    fmt = fmt or format_of(path)
    from claimcheck.sourcemap_html import html_text  # imported here: it builds on this module's _Out

    build = {"markdown": _markdown, "html": html_text, "text": _plain}[fmt]
    out, comments = build(source)
    out.newline(len(source))
    out.starts.append(len(source))
    out.ends.append(len(source))
    return SourceText(
        path=path, source=source, text="".join(out.chars), kind="markdown" if fmt != "text" else "text",
        starts=out.starts, ends=out.ends, comments=tuple(sorted(comments, key=lambda c: c.start)),
    )  # fmt: skip


def decode_source(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decoded source text; oversized and binary input is an InputError naming the file."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: {len(data):,} bytes is over the {MAX_BYTES:,}-byte limit")
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text (.txt, .md or .html)")
    return decode(data, name)


def read_source(path: Path | str) -> tuple[SourceText, tuple[str, ...]]:
    """A source file from disk, extracted, with any decoding notices."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file" if not p.exists() else f"{p}: not a regular file")
    if p.suffix.lower() not in LINT_SUFFIXES:
        raise InputError(f"{p}: unsupported file type {p.suffix!r}; use .md, .html or .txt")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    source, notices = decode_source(data, str(p))
    return extract(source, str(p)), notices
