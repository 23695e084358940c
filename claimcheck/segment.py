"""Split a document into blocks: lines that are headings, bullets or running text.

A newline is a hard boundary in web copy (headings, list items, table rows), so
sentences never cross one. Markdown front matter, fenced code and HTML comments
are skipped; bullet markers and heading hashes are outside the block's span. A pipe
table's body rows are split into cells, each listed under its column's header, so
that a column headed "What the ads say" or "What it cannot do" reads like bullets
under such a heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum
from typing import Protocol

from claimcheck import tables
from claimcheck.vocab import load_vocabulary

# Social posts and e-mails use emoji and dingbats as list markers ("💧 Faster recovery").
_BULLET = re.compile(r"^\s*(?:[-*•·–—▪►✓✔»]|\d{1,2}[.)]|[\u2190-\u21ff\u2600-\u27bf\U0001f300-\U0001faff]\ufe0f?)\s+")
#: A line that stops mid-sentence: no closing punctuation, and the next line goes on in lower case.
_OPEN_END = re.compile(r"[\w,;(\-–]$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_FENCE = re.compile(r"^\s*(```|~~~)")
#: Closing punctuation, perhaps inside quotes, brackets or Markdown emphasis ("*Results last.*").
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]*_]*$")
#: A line this short, with no closing punctuation, reads as a heading.
HEADING_MAX_WORDS = 12
#: Captions and comments close their sentences with emoji ("zero downtime 🥂"); a line of at least
#: this many words ending in emoji is running text, not a heading ("Benefits ✨" stays a heading).
_EMOJI_END = re.compile(r"[\u2190-\u21ff\u2300-\u27bf\U0001f000-\U0001faff]\ufe0f?[\u200d\U0001f000-\U0001faff\u2640-\u2642\ufe0f\s]*$")
EMOJI_SENTENCE_MIN_WORDS = 5


class BlockKind(str, Enum):
    HEADING = "heading"
    QUESTION = "question"
    BULLET = "bullet"
    TEXT = "text"


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: BlockKind
    #: the benefit heading (text) a short bullet inherits its claim from
    heading: str | None = None
    #: the heading ("Red flags", "Myths") a bullet lists someone else's claims under, to reject them
    rejected_by: str | None = None
    #: who wrote the message a block is in, in a published correspondence ("From: Jonah Pell")
    sender: str | None = None
    #: in a block quotation or a quotation over several lines: someone else's words
    quoted: bool = False


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _skipped_lines(text: str, lines: list[tuple[int, int]], kind: str) -> set[int]:
    """Indexes of lines that are not prose: front matter and fenced code in Markdown."""
    skip: set[int] = set()
    if kind != "markdown":
        return skip
    if lines and text[lines[0][0] : lines[0][1]].strip() == "---":
        for i in range(1, len(lines)):
            if text[lines[i][0] : lines[i][1]].strip() in {"---", "..."}:
                skip.update(range(0, i + 1))
                break
    fenced = False
    for i, (s, e) in enumerate(lines):
        if _FENCE.match(text[s:e]):
            skip.add(i)
            fenced = not fenced
        elif fenced:
            skip.add(i)
    return skip


def _listed_under(heading: str | None) -> tuple[str | None, str | None]:
    """(benefit heading, rejecting heading) a bullet is listed under; "Red flags" wins over "Results"."""
    if heading is None:
        return None, None
    vocab = load_vocabulary()
    if vocab.find(heading, "context.rejection_heading"):
        return None, heading
    return (heading if vocab.find(heading, "context.benefit_heading") else None), None


def _kind(line: str, bulleted: bool, md_heading: bool) -> BlockKind:
    stripped = line.strip()
    if md_heading:
        return BlockKind.QUESTION if stripped.endswith("?") else BlockKind.HEADING
    words = len(stripped.split())
    if stripped.endswith("?") and words <= 2 * HEADING_MAX_WORDS:
        return BlockKind.QUESTION
    if bulleted:
        return BlockKind.BULLET
    if stripped.endswith(":") and words <= HEADING_MAX_WORDS:
        return BlockKind.HEADING
    closed = _TERMINAL.search(stripped) or (_EMOJI_END.search(stripped) and words >= EMOJI_SENTENCE_MIN_WORDS)
    if not closed and words <= HEADING_MAX_WORDS:
        return BlockKind.HEADING
    return BlockKind.TEXT


#: The end of a quotation, perhaps followed by a full stop or star rating.
_QUOTE_END = re.compile(r"[\"”’][.!]?[\s⭐★☆]*$")
#: A line that starts with a commenter's handle ("maya.reads: ...") begins a new speaker's text.
_HANDLE = re.compile(r"^\s*@?[\w.]+:\s")


#: A reader's letter signed on its own line ("— Maura, Kelsby", "– Name withheld, Ostley", "— Dev,
#: 41"): a dash, a name, a comma and a place or an age, after a letter of at least ``LETTER_MIN_WORDS``
#: (a short question over em-dash bullets, "What can it treat?\n— Wrinkles, Scars", is a heading).
_SIGN_OFF = re.compile(r"^\s*[–—~]\s*[A-Z][\w'’.-]*(?:\s[\w'’.-]+){0,2},\s*[A-Z0-9][\w'’. -]{0,30}$")
LETTER_MIN_WORDS = 12


def _is_speaker_line(line: str, previous: str) -> bool:
    if previous.rstrip()[-1:] in (".", "?", "!") and len(previous.split()) >= LETTER_MIN_WORDS and _SIGN_OFF.match(line):
        return True
    return bool(_QUOTE_END.search(previous) and _TAG_AFTER.match(line))


def _join_wrapped(text: str, lines: list[tuple[int, int]], skip: set[int]) -> list[tuple[int, int]]:
    """Rejoin prose hard-wrapped mid-sentence, so spaCy sees the whole sentence.

    A line is continued by the next when it ends open (a word or comma, no full stop) and
    the next line starts in lower case; bullets and skipped lines never join. Joined lines
    keep their index slots (the later one becomes empty) so ``skip`` stays valid.
    """
    out = list(lines)
    for i in range(len(out) - 1):
        s, e = out[i]
        ns, ne = out[i + 1]
        here, after = text[s:e].rstrip(), text[ns:ne].lstrip()
        if i in skip or i + 1 in skip or not here.strip() or not after or _BULLET.match(text[ns:ne]) or _HANDLE.match(after):
            continue
        if _OPEN_END.search(here) and after[0].islower():
            out[i + 1] = (s, ne)
            out[i] = (s, s)
    return out


def _table_cells(text: str, start: int, end: int, columns: list[str]) -> list[Block]:
    """A table body row as one block per cell, each listed under its column's header; a cell that
    rules on the row ("Untrue", "Not substantiated") rejects the statement in its other cells."""
    cells = tables.cells(text, start, end)
    vocab = load_vocabulary()
    ruling = next((k for k, (s, e) in enumerate(cells) if k and s < e and vocab.find(text[s:e], "context.rejecting_cell")), None)
    out = []
    for k, (s, e) in enumerate(cells):
        if s < e:
            header = columns[k] if k < len(columns) and columns[k] else None
            benefit, rejecting = _listed_under(header)
            if rejecting is None and ruling is not None and k != ruling:
                rejecting = text[slice(*cells[ruling])]
            out.append(Block(s, e, _kind(text[s:e], True, False), benefit, rejecting))
    return out


def blocks(text: str, kind: str = "text", quoted_spans: tuple[tuple[int, int], ...] = ()) -> list[Block]:
    """The blocks of a document, in order, with spans that exclude markers and padding;
    ``quoted_spans`` are a page's block quotations, marked in its source but not in ``text``."""
    lines = _lines(text)
    skip = _skipped_lines(text, lines, kind)
    out: list[Block] = []
    heading: str | None = None
    columns: list[str] = []  # the headers of the pipe table being read
    lines = _join_wrapped(text, lines, skip)
    quoted = _multiline_quotes(text, lines)
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        if i in skip or not line.strip():
            continue
        if tables.is_header_row(text, lines, i):
            columns = [text[cs:ce] for cs, ce in tables.cells(text, s, e)]
        elif tables.is_body_row(line) and (columns or tables.quotes_first(text, s, e)):
            out.extend(_table_cells(text, s, e, columns))
            continue
        elif not tables.is_rule(line):
            columns = []
        if out and _is_speaker_line(line, text[out[-1].start : out[-1].end]):
            continue  # "– Renata, 51" under a quote names who spoke; it is nobody's claim
        bullet = _BULLET.match(line)
        md = _MD_HEADING.match(line) if kind == "markdown" else None
        lead = (bullet or md).end() if (bullet or md) else len(line) - len(line.lstrip())
        start, end = s + lead, s + len(line.rstrip())
        if start >= end:
            continue
        block_kind = _kind(text[start:end], bullet is not None, md is not None)
        if block_kind in (BlockKind.HEADING, BlockKind.QUESTION):
            heading = text[start:end].strip()
        listed = _listed_under(heading) if block_kind == BlockKind.BULLET else (None, None)
        in_quote = i in quoted or BLOCKQUOTE.match(text, start) is not None or _within(start, end, quoted_spans)
        out.append(Block(start, end, block_kind, *listed, quoted=in_quote))
    return _with_reviewers(text, _with_senders(text, out))


def _within(start: int, end: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


#: A quotation may run over several lines (an advert's blurb pasted into a chat, one promise a
#: line); one left open longer than this is a stray mark or an inch sign, not a quotation.
QUOTE_MAX_LINES = 12


def _opens_or_closes(line: str) -> bool:
    return line.count('"') % 2 == 1 or line.count("“") != line.count("”")


def _multiline_quotes(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """Indexes of the lines of quotations that open on one line and close on a later one."""
    out: set[int] = set()
    opened: int | None = None
    for i, (s, e) in enumerate(lines):
        if opened is not None and i - opened > QUOTE_MAX_LINES:
            opened = None
        if not _opens_or_closes(text[s:e]):
            continue
        if opened is None:
            opened = i
        else:
            out.update(range(opened, i + 1))
            opened = None
    return out


#: An e-mail header naming who wrote the message under it ("From: Jonah Pell <press@clinic>").
_MAIL_FROM = re.compile(r"^\W{0,3}from:\s*(?P<name>[^<>\n]*?)\s*(<[^<>\n]*>)?\s*$", re.IGNORECASE)
#: A thread needs two writers: one "From:" line heads the text's own e-mail (a clinic's mailshot).
MIN_SENDERS = 2


def _with_senders(text: str, out: list[Block]) -> list[Block]:
    """In a published correspondence (e-mails from two or more senders), each message is its
    sender's words: a journalist's thread with a press office quotes the clinic's claims whole."""
    heads = {b.start: m.group("name") or (m.group(2) or "").strip("<>") for b in out if (m := _MAIL_FROM.match(text[b.start : b.end]))}
    if len({name.casefold() for name in heads.values() if name}) < MIN_SENDERS:
        return out
    sender: str | None = None
    result = []
    for b in out:
        sender = heads.get(b.start) or sender
        result.append(replace(b, sender=sender))
    return result


#: A review's signature: the reviewer's name and a rating, either way round ("Dana R., Rating: 5/5",
#: "Dana K., Millbrook: 5 stars", "Jo, 41 - 4/5", "★★★★☆ Lou M.", "Rated 5 out of 5 by Priti"). A
#: lone word takes an age or "by" to count as a name, so a scoring table's "Safety: 2/5" is no reviewer.
_RATING = r"(?:(?:rating|rated|score|stars?)\s*:?\s*\d(?:[.,]\d)?(?:\s*/\s*(?:5|10)|\sout\sof\s(?:5|10)|\sstars?)?|\d(?:[.,]\d)?\s*(?:/\s*(?:5|10)|out\sof\s(?:5|10)|stars?)|[★☆⭐]{3,5})"
#: Words that open a scoring row ("Evidence Level: 3/5", "Overall Value - 4 stars"), not a name.
_NOT_NAME = r"(?!(?:evidence|overall|safety|value|results?|efficacy|price|quality|score|rating|our|total|average|service|staff|downtime|comfort|clinic|treatment)\b)"
_WORD = rf"{_NOT_NAME}(?-i:[A-Z][a-z'’-]+)"
_FULL_NAME = rf"{_WORD}(?:\s(?-i:[A-Z]\.|[A-Z][a-z'’-]+)){{1,2}}"
_PLACE = r"(?:,\s*[^,:;|\n]{1,30}?)?"
_SIGNED_AFTER = re.compile(
    rf"^\W{{0,3}}(?:(?P<name>{_FULL_NAME}){_PLACE}|(?P<aged>{_WORD}),\s*\d{{2}}{_PLACE})\s*[,:–—|·(-]\s*{_RATING}\W*$", re.IGNORECASE
)
_SIGNED_BEFORE = re.compile(rf"^\W{{0,3}}{_RATING}\s*[,–—|·:-]?\s*(?:by\s(?P<by>{_WORD}(?:\s\S+)?)|(?P<name>{_FULL_NAME}))\W*$", re.IGNORECASE)
#: Blocks one signature claims at most: a review is a title and a few paragraphs.
REVIEW_MAX_BLOCKS = 8


def _reviewer(line: str) -> str | None:
    m = _SIGNED_AFTER.match(line) or _SIGNED_BEFORE.match(line)
    return next((name for name in m.groupdict().values() if name), None) if m else None


def _with_reviewers(text: str, out: list[Block]) -> list[Block]:
    """In a list of signed reviews (two or more reviewers), each review is its reviewer's words: a
    review site's editor quotes shoppers' promises to fact-check them. A signature closes its review
    when text comes right before the first one, and opens it otherwise; a review runs back (or on)
    to the nearest heading, its title, and never past another signature."""
    names = {i: name for i, b in enumerate(out) if (name := _reviewer(text[b.start : b.end]))}
    if len({n.casefold() for n in names.values()}) < MIN_SENDERS:
        return out
    first = min(names)
    closes = first > 0 and out[first - 1].kind in (BlockKind.TEXT, BlockKind.BULLET)
    step = -1 if closes else 1
    result = list(out)
    for i, name in names.items():
        result[i] = replace(out[i], sender=name)
        for k in range(i + step, i + step * (REVIEW_MAX_BLOCKS + 1), step):
            if not 0 <= k < len(out) or k in names:
                break
            titled = out[k].kind in (BlockKind.HEADING, BlockKind.QUESTION)
            if titled and not closes and k != i + 1:
                break  # the next section's heading, not this review's title
            result[k] = replace(out[k], sender=name)
            if titled and closes:
                break
    return result


#: A block quotation's marker (Markdown, or an e-mail reply's quoted lines): the words are someone else's.
BLOCKQUOTE = re.compile(r"[ \t]{0,3}>")

#: A chat export's or transcript's time stamp before a speaker ("[09:14] Jess:", "[02:31] OONA:",
#: a phone's chat export "14/03/2026, 20:19 - Jess:").
TIMESTAMP = r"(?:\[[^\]\n]{1,24}\]\s*|\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4},?\s\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s?[apAP]\.?[mM]\.?)?\s[-–]\s)"
#: A speaker tag after a quote ("– Priya, 47", "(Marcus, 38)") belongs to the sentence before it.
_TAG_AFTER = re.compile(r"^\s*(?:[-–—~]\s*\S.{0,40}|\([^()]{1,40}\)[.!]?)\s*$")
#: A label before a sentence ("A.", "Q:", "3/", "VO:", "ON-SCREEN:", Markdown's "**A:**") or a
#: speaker's name ("Jess:", "Dr Amara Lee:", "**u/skin_doc:**", "[02:31] OONA:") belongs to the sentence after it.
_LABEL_BEFORE = re.compile(
    rf"^\s*(?:{TIMESTAMP})?[*_]{{0,2}}(?:[A-Z]{{1,2}}[.:]|\d{{1,2}}\s?/|\d{{1,2}}[.)]|[A-Z][A-Z -]{{1,15}}:"
    r"|(?:u/)?[A-Za-z][\w.@-]{1,30}(?:\s[A-Z][\w.-]{0,20}){0,2}:)[*_]{0,2}\s*$"
)


#: The splitter sometimes cuts a speaker's name before its colon ("**u/skin_doc" | ":** No."): the
#: part that opens with the colon continues the line before it.
_COLON_FIRST = re.compile(r"^\s*[*_]{0,2}:")


#: Closing quotes, brackets or emphasis the splitter left at the head of the next sentence
#: ('**"Erases scars.' | '"** No trial tested that.'): they close the sentence before.
_CLOSER = re.compile(r"^[\"”’)\]*_]+$")


class _Tokenlike(Protocol):
    text: str


class _Spanlike(Protocol):
    start: int
    end: int
    text: str

    def __iter__(self) -> Iterator[_Tokenlike]: ...


def _unclosed(text: str) -> bool:
    """Whether a sentence opens a quotation or emphasis it does not close."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”") or text.count("**") % 2 == 1


def _closers(sent: _Spanlike) -> int:
    """How many tokens at the head of a sentence only close something."""
    n = 0
    for token in sent:
        if not _CLOSER.match(token.text):
            break
        n += 1
    return n


def join_tags(sents: list[_Spanlike]) -> list[tuple[int, int]]:
    """Token ranges of sentences, with speaker tags and line labels joined to the sentence they belong to.

    The sentence splitter cuts "“Love it.” – Priya, 47" and "A. Yes." in two; alone, neither half
    is a unit a reader would see.
    """
    ranges: list[tuple[int, int]] = []
    carry: int | None = None  # start of a label waiting for its sentence
    previous = ""
    for sent in sents:
        if _LABEL_BEFORE.match(sent.text):
            carry = sent.start if carry is None else carry
            continue
        start = sent.start if carry is None else carry
        carry = None
        closing = _closers(sent) if ranges and _unclosed(previous) else 0
        if ranges and (_TAG_AFTER.match(sent.text) or _COLON_FIRST.match(sent.text) or closing == sum(1 for _ in sent)):
            ranges[-1] = (ranges[-1][0], sent.end)
        elif closing:
            ranges[-1] = (ranges[-1][0], sent.start + closing)
            ranges.append((sent.start + closing, sent.end))
        else:
            ranges.append((start, sent.end))
        previous = sent.text
    if carry is not None:
        ranges.append((carry, sents[-1].end))
    return ranges
