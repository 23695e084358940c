"""Pipe tables in a document's text: their rows, rules, header rows and cells.

Markdown tables, and the tables of an HTML page once it is read as text, are lines that open and
close with a pipe. ``claimcheck.segment`` reads a body row cell by cell when its table has a
header (each cell is listed under its column's header) or when its first cell only quotes someone;
any other row is one line.
"""

from __future__ import annotations

import re

from claimcheck.vocab import quotations

#: A pipe-table row: the line opens and closes with a pipe.
_ROW = re.compile(r"^\s*\|.*\|\s*$")
#: The rule under a pipe table's header row ("| --- | :--: |").
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_QUOTATION = quotations()


def is_rule(line: str) -> bool:
    return _RULE.match(line) is not None


def is_body_row(line: str) -> bool:
    return _ROW.match(line) is not None and not is_rule(line)


def is_header_row(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether line ``i`` is a header row: a row with a rule under it."""
    return i + 1 < len(lines) and _ROW.match(text[slice(*lines[i])]) is not None and is_rule(text[slice(*lines[i + 1])])


def cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a pipe-table row's cells, trimmed (empty cells keep an empty span)."""
    row = text[start:end]
    first, last = row.index("|"), row.rindex("|")
    out, pos = [], start + first + 1
    for cell in row[first + 1 : last].split("|"):
        lead = len(cell) - len(cell.lstrip())
        out.append((pos + lead, pos + len(cell.rstrip())))
        pos += len(cell) + 1
    return out


def quotes_first(text: str, start: int, end: int) -> bool:
    """Whether a headerless row opens with a cell that is only a quotation. A table of "what the ads
    say" against "what the research says" quotes the seller in its first cell and answers in the
    next, so its cells are read apart; a key-value row ("| Downtime | None |") stays one line."""
    s, e = cells(text, start, end)[0]
    return _QUOTATION.fullmatch(text[s:e].rstrip(".,;:")) is not None
