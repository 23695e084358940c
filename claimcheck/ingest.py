"""Turn files, bytes, stdin, HTML, PDF, DOCX and fetched pages into a :class:`~claimcheck.types.Document`.

Input problems become :class:`~claimcheck.errors.InputError` with a one-line
message; recoverable ones (a wrong encoding, an HTML page with no main text)
become notices on the document instead. PDF (pypdf) and DOCX (python-docx) text
becomes a plain-text document: offsets point into the extracted text.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from claimcheck.errors import InputError
from claimcheck.types import Document, FetchResult

#: Largest input accepted, in bytes (documented in the README).
MAX_BYTES = 5_000_000
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MD_SUFFIXES = {".md", ".markdown"}
_BINARY_SUFFIXES = {".pdf", ".docx"}
_TEXT_SUFFIXES = {".txt", ".text", ""} | _MD_SUFFIXES | _HTML_SUFFIXES | _BINARY_SUFFIXES
#: Suffix for a fetched body whose URL path has none the reader knows.
_SUFFIX_FOR_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/markdown": ".md",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.1


def decode(data: bytes, name: str = "input") -> tuple[str, tuple[str, ...]]:
    """Decode bytes as UTF-8 (BOMs honoured), else the HTML's declared charset, else cp1252."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), ()
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    for codec in ([declared.group(1).decode("ascii")] if declared else []) + ["cp1252"]:
        try:
            return data.decode(codec), (f"{name}: not valid UTF-8; decoded as {codec}",)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1"), (f"{name}: not valid UTF-8; decoded as latin-1",)


def _parse_html(html: str):  # type: ignore[no-untyped-def]
    """The page's lxml tree, or None when lxml cannot parse it."""
    import lxml.html

    try:
        return lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None


def _visible_text(html: str) -> str:
    root = _parse_html(html)
    if root is None:
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


#: Markdown strikethrough ("~~No downtime~~"): wording the writer withdraws or crosses out.
_MD_STRUCK = re.compile(r"~~(?=\S)[^~\n]+?(?<=\S)~~")
_STRUCK_TAG = re.compile(r"<(?:s|del|strike)\b", re.IGNORECASE)
_QUOTE_TAG = re.compile(r"<blockquote\b", re.IGNORECASE)


def _spans_in_html(html: str, text: str, tag: re.Pattern[str], xpath: str) -> tuple[tuple[int, int], ...]:
    """Where the words of the page's ``xpath`` elements sit in its extracted text, in order."""
    if not tag.search(html):
        return ()  # most pages have none: no second parse
    root = _parse_html(html)
    if root is None:
        return ()
    spans, at = [], 0
    for element in root.xpath(xpath):
        words = " ".join(element.text_content().split())
        found = text.find(words, at) if words else -1
        if found >= 0:
            spans.append((found, found + len(words)))
            at = found + len(words)
    return tuple(spans)


def _struck_in_html(html: str, text: str) -> tuple[tuple[int, int], ...]:
    """Where the page's struck-through words (<s>, <del>, <strike>) sit in its extracted text."""
    return _spans_in_html(html, text, _STRUCK_TAG, "//s|//del|//strike")


def _quoted_in_html(html: str, text: str) -> tuple[tuple[int, int], ...]:
    """Where the page's block quotations (<blockquote>) sit in its extracted text: the extraction
    keeps their words but not the markup that says they are someone else's."""
    return _spans_in_html(html, text, _QUOTE_TAG, "//blockquote[not(.//p or .//li)] | //blockquote//p | //blockquote//li")


#: Leaf text blocks of a page: paragraphs, list items, headings, cells, captions, and divisions
#: that hold text but no such block.
_LEAF_BLOCKS = (
    "//*[self::p or self::li or self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or self::td"
    " or self::th or self::dd or self::dt or self::figcaption or self::blockquote or self::div]"
    "[not(.//p or .//li or .//h1 or .//h2 or .//h3 or .//h4 or .//h5 or .//h6 or .//td or .//th or .//dd"
    " or .//figcaption or .//blockquote or .//div)]"
)
#: Page furniture whose text is never a claim of the page: navigation, the site footer, forms, hidden
#: elements. A ``<header>`` is not among them: pages put their hero banner and standfirst there.
_FURNITURE = "ancestor-or-self::*[self::nav or self::footer or self::form or self::button or self::menu or self::select or @role='navigation' or @hidden or @aria-hidden='true']"
#: Fewer words than this is a label, link or button, not a sentence worth restoring.
RESTORE_MIN_WORDS = 4


def _dropped_blocks(html: str, main: str) -> list[tuple[int, str]]:
    """The page's text blocks the main-text extractor left out, each with where it goes in ``main``.

    trafilatura drops what looks like boilerplate by its class or element: sidebars, banners,
    ``<aside>``, captions, "ad" blocks. On a clinic's page those hold claims ("Why choose us",
    a banner's promise, a before-and-after caption), so each such block of a sentence's length that
    is not navigation, the footer or a form goes back in after the last block the extractor kept.
    """
    root = _parse_html(html)
    if root is None:
        return []
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    flat = " ".join(main.split())
    out, cursor = [], 0
    for block in root.xpath(_LEAF_BLOCKS):
        words = " ".join(block.text_content().split())
        at = flat.find(words, cursor) if words else -1
        if at >= 0:  # kept: the blocks dropped after it go after it
            cursor = at + len(words)
        elif words and words not in flat and _worth_restoring(block, words):
            line = f"- {words}" if block.tag == "li" else words  # a list item as the extractor writes one
            out.append((_line_end(main, len(flat[:cursor].split())), line))
    return out


def _worth_restoring(block, words: str) -> bool:  # type: ignore[no-untyped-def]
    """A dropped block of a sentence's length, or a heading or list item of any (a heading sets what
    the bullets under it are, "What the ads say": "- Zero downtime"), that is not page furniture."""
    listed = block.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li")
    return (listed or len(words.split()) >= RESTORE_MIN_WORDS) and not block.xpath(_FURNITURE)


def _line_end(main: str, words: int) -> int:
    """Where the line of ``main`` that holds its ``words``-th word ends (0 before the first word)."""
    if not words:
        return 0
    end = next(m.end() for i, m in enumerate(re.finditer(r"\S+", main), 1) if i == words)
    newline = main.find("\n", end)
    return len(main) if newline < 0 else newline


def _with_dropped(html: str, main: str) -> str:
    """``main`` with the blocks the extractor dropped put back, each on its own line."""
    pieces, last = [], 0
    for at, words in _dropped_blocks(html, main):
        pieces += [main[last:at], ("\n" if at else "") + words + ("" if at else "\n")]
        last = at
    return "".join(pieces) + main[last:]


def html_to_text(html: str) -> tuple[str, tuple[str, ...]]:
    """Main text of a page with trafilatura, with the text blocks it dropped as boilerplate put back
    (``_dropped_blocks``); the visible text when it finds none."""
    import trafilatura

    main = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if main and main.strip():
        return _with_dropped(html, main), ()
    visible = _visible_text(html)
    return visible, ("no main text found by trafilatura; checked the page's visible text",)


def from_text(text: str, source: str = "<text>", kind: str = "text") -> Document:
    """A document from text already in memory (pasted text, stdin)."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise InputError(f"{source}: larger than the {MAX_BYTES:,}-byte limit")
    if kind == "html":
        extracted, notices = html_to_text(text)
        if not extracted.strip():
            raise InputError(f"{source}: the HTML has no visible text")
        return Document(source=source, text=extracted, kind="html", notices=notices, struck=_struck_in_html(text, extracted),
                        quoted=_quoted_in_html(text, extracted))
    if not text.strip():
        raise InputError(f"{source}: empty input, nothing to check")
    struck = tuple(m.span() for m in _MD_STRUCK.finditer(text)) if kind == "markdown" else ()
    return Document(source=source, text=text, kind=kind, struck=struck)


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: the PDF is encrypted (password-protected); save an unprotected copy and try again")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        raise InputError(f"{name}: cannot read the PDF (damaged or not a PDF): {exc}") from exc
    return "\n\n".join(page.strip() for page in pages if page.strip())


def _docx_text(data: bytes, name: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{name}: the document is encrypted or in the old .doc format; save it as an unprotected .docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"{name}: cannot read the .docx (damaged or not a Word document): {exc}") from exc
    paragraphs = [p.text for p in document.paragraphs]
    # Table cells hold claims too (price and benefit tables); one cell a line.
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(line for line in (*paragraphs, *cells) if line.strip())


_EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {".pdf": _pdf_text, ".docx": _docx_text}


def _from_document_file(data: bytes, name: str, suffix: str) -> Document:
    text = _EXTRACTORS[suffix](data, name)
    if not text.strip():
        raise InputError(f"{name}: no text found in the {suffix[1:].upper()} (a scanned image has no text to check)")
    return from_text(text, source=name, kind="text")


def kind_for(name: str) -> str:
    """The Document kind of a file name; PDF and DOCX text is plain text."""
    suffix = Path(name).suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return "html"
    return "markdown" if suffix in _MD_SUFFIXES else "text"


def from_bytes(data: bytes, name: str) -> Document:
    """A document from raw bytes (a file or an upload), with its kind taken from the name."""
    if not data.strip():
        raise InputError(f"{name}: empty file, nothing to check")
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: {len(data):,} bytes is over the {MAX_BYTES:,}-byte limit")
    suffix = Path(name).suffix.lower()
    if suffix in _EXTRACTORS:
        return _from_document_file(data, name, suffix)
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text (.txt, .md, .html, .pdf or .docx)")
    text, notices = decode(data, name)
    kind = kind_for(name)
    if kind == "text" and re.match(r"\s*(<!doctype html|<html)", text, re.IGNORECASE):
        kind = "html"
    doc = from_text(text, source=name, kind=kind)
    return doc.model_copy(update={"notices": notices + doc.notices})


def read_path(path: Path | str) -> Document:
    """Read a file from disk; every failure is an InputError naming the file."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a file")
    if p.suffix.lower() not in _TEXT_SUFFIXES:
        raise InputError(f"{p}: unsupported file type {p.suffix!r}; use .txt, .md, .html, .pdf or .docx")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{p}: {size:,} bytes is over the {MAX_BYTES:,}-byte limit")
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    return from_bytes(data, str(p))


def name_for(url: str, content_type: str | None) -> str:
    """A name for a downloaded body whose suffix says how to read it: the URL's own when known."""
    path = PurePosixPath(unquote(urlsplit(url).path))
    if path.suffix.lower() in _TEXT_SUFFIXES - {""}:
        return url
    return url + _SUFFIX_FOR_TYPE.get(content_type or "", ".txt")


def from_download(body: bytes, url: str, content_type: str | None = None, charset: str | None = None) -> Document:
    """A document from a downloaded page (the app's URL box, an audit crawl); the source is the URL."""
    name = name_for(url, content_type)
    notices: tuple[str, ...] = ()
    if charset and Path(name).suffix.lower() not in _EXTRACTORS and not body.startswith(codecs.BOM_UTF8):
        # The server's declared charset outranks guessing; re-encode so from_bytes reads UTF-8.
        try:
            body = body.decode(charset).encode("utf-8")
            notices = (f"{url}: decoded as {charset}, as the server declared",)
        except (LookupError, UnicodeDecodeError):
            pass
    doc = from_bytes(body, name)
    kept = tuple(n.replace(name, url) for n in doc.notices)
    return doc.model_copy(update={"source": url, "notices": notices + kept})


def from_fetched(result: FetchResult) -> Document:
    """A document from a fetched page; the source is the final URL after redirects."""
    return from_download(result.body, result.final_url, result.content_type, result.charset)
