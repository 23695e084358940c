"""Turn files, bytes, stdin and HTML into a :class:`~claimcheck.types.Document`.

Input problems become :class:`~claimcheck.errors.InputError` with a one-line
message; recoverable ones (a wrong encoding, an HTML page with no main text)
become notices on the document instead.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.types import Document

#: Largest input accepted, in bytes (documented in the README).
MAX_BYTES = 5_000_000
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MD_SUFFIXES = {".md", ".markdown"}
_TEXT_SUFFIXES = {".txt", ".text", ""} | _MD_SUFFIXES | _HTML_SUFFIXES
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


def _visible_text(html: str) -> str:
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> tuple[str, tuple[str, ...]]:
    """Main text of a page with trafilatura; the visible text when it finds none."""
    import trafilatura

    main = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if main and main.strip():
        return main, ()
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
        return Document(source=source, text=extracted, kind="html", notices=notices)
    if not text.strip():
        raise InputError(f"{source}: empty input, nothing to check")
    return Document(source=source, text=text, kind=kind)


def kind_for(name: str) -> str:
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
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text (.txt, .md or .html)")
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
        raise InputError(f"{p}: unsupported file type {p.suffix!r}; use .txt, .md or .html")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{p}: {size:,} bytes is over the {MAX_BYTES:,}-byte limit")
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    return from_bytes(data, str(p))
