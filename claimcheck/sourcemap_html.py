"""The HTML side of source maps: lxml's text nodes aligned back to the raw source.

An entity decoded by the parser still points at the entity in the source, script and
style content is never matched, and block elements become line breaks so sentences
do not run together. Part of :mod:`claimcheck.sourcemap`.
"""

from __future__ import annotations

import html
import re

from claimcheck.sourcemap import Comment, _Out

#: Raw-text elements: the aligner jumps over their content, so their text is never looked for.
_RAW_TAGS = frozenset({"script", "style", "noscript", "template", "textarea"})
#: Elements whose text is not prose; their words are still aligned so the cursor stays in step.
_SKIP_TAGS = frozenset({"head", "code", "pre", "kbd", "samp", "svg", "math", "select"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "html", "legend", "main", "nav", "ol",
        "p", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_PREFIX = {"li": "- ", "td": "- ", "th": "- ", **{f"h{n}": "# " for n in range(1, 7)}}
_MARKUP = re.compile(r"<!--.*?(?:-->|$)|<![^>]*>|<\?[^>]*>|</?[A-Za-z][^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>", re.DOTALL)
_RAW_TEXT = re.compile(r"<(script|style|textarea|template|noscript)\b", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")


#: How far past the previous text node the aligner looks for the next (bounds the cost on malformed pages).
SEARCH_WINDOW = 100_000


class _Aligner:
    """Finds each lxml text node in the source, in document order, decoding entities on the way."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0

    def _unit(self, p: int) -> tuple[str, int]:
        """The decoded text at ``p`` and its width in the source."""
        if self.src[p] == "&":
            m = _ENTITY.match(self.src, p)
            if m and html.unescape(m.group()) != m.group():
                return html.unescape(m.group()), m.end() - p
        return self.src[p], 1

    def _skip_markup(self, p: int) -> int:
        raw = _RAW_TEXT.match(self.src, p)
        if raw:
            close = self.src.lower().find(f"</{raw.group(1).lower()}", p)
            return close if close > p else len(self.src)
        m = _MARKUP.match(self.src, p)
        return m.end() if m else p

    def _match(self, p: int, word: str) -> list[tuple[int, int]] | None:
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(word):
            if p >= len(self.src):
                return None
            unit, width = self._unit(p)
            if word.startswith(unit, i):
                spans += [(p, p + width)] * len(unit)
                i, p = i + len(unit), p + width
            elif unit != "&" and word[i] == "&" and self.src[p] == "&":
                spans.append((p, p + 1))
                i, p = i + 1, p + 1
            else:
                return None
        return spans

    def find(self, word: str) -> list[tuple[int, int]]:
        """Source spans of each character of ``word``; the cursor moves past it."""
        p = self.pos
        while p < min(len(self.src), self.pos + SEARCH_WINDOW):
            if self.src[p] == "<":
                q = self._skip_markup(p)
                if q > p:
                    p = q
                    continue
            spans = self._match(p, word)
            if spans:
                self.pos = spans[-1][1]
                return spans
            p += 1
        return [(self.pos, self.pos)] * len(word)  # not found (malformed page): point at the cursor


def html_text(src: str) -> tuple[_Out, list[Comment]]:
    """The prose of an HTML page with its source map, and its comments (for inline control)."""
    import lxml.etree
    import lxml.html

    out, align = _Out(), _Aligner(src)
    # lxml refuses str input with an XML encoding declaration; blank it out, keeping offsets.
    parsable = re.sub(r"^\s*<\?xml[^>]*\?>", lambda m: " " * len(m.group()), src)
    try:
        root = lxml.html.document_fromstring(parsable)
    except (ValueError, lxml.etree.ParserError):
        return out, []

    def text(t: str | None, keep: bool) -> None:
        if not t:
            return
        if not keep:
            for word in t.split():
                align.find(word)
            return
        if t[0].isspace() and not out.last().isspace():
            out.add(" ", align.pos, align.pos)
        words = t.split()
        for n, word in enumerate(words):
            spans = align.find(word)
            for ch, (a, b) in zip(word, spans, strict=True):
                out.add(ch, a, b)
            if n < len(words) - 1 or t[-1].isspace():
                out.add(" ", spans[-1][1], spans[-1][1])

    def visit(el: lxml.html.HtmlElement, keep: bool) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag and tag not in _RAW_TAGS:
            inner = keep and tag not in _SKIP_TAGS
            block = inner and (tag in _BLOCK_TAGS or tag in _PREFIX)
            if block:
                out.newline(align.pos)
                out.add(_PREFIX.get(tag, ""), align.pos, align.pos)
            text(el.text, inner)
            for child in el:
                visit(child, inner)
            if block:
                out.newline(align.pos)
        text(el.tail, keep)

    visit(root, True)
    comments = [Comment(m.start(), m.end(), m.group(1).strip()) for m in re.finditer(r"<!--(.*?)-->", src, re.DOTALL)]
    return out, comments
