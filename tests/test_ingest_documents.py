"""PDF and DOCX uploads and files, fetched pages: text out, clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck import ingest
from claimcheck.errors import InputError
from claimcheck.types import FetchResult

from .documents import docx_bytes, encrypted_pdf_bytes, pdf_bytes

LINES = ["Exosome Facial (Seoul clinic)", "Our exosome facial has no side effects.", "Results last for years."]


def test_pdf_text_is_extracted() -> None:
    doc = ingest.from_bytes(pdf_bytes(LINES), "leaflet.pdf")
    assert doc.kind == "text" and doc.source == "leaflet.pdf"
    for line in LINES:
        assert line in doc.text


def test_pdf_read_from_disk(tmp_path: Path) -> None:
    (tmp_path / "Leaflet.PDF").write_bytes(pdf_bytes(LINES))
    assert "no side effects" in ingest.read_path(tmp_path / "Leaflet.PDF").text


def test_encrypted_pdf_is_refused_clearly() -> None:
    with pytest.raises(InputError, match="encrypted"):
        ingest.from_bytes(encrypted_pdf_bytes(LINES), "locked.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.4\nnot really a pdf", b"this is plain text named .pdf"])
def test_damaged_pdf_is_refused_clearly(data: bytes) -> None:
    with pytest.raises(InputError, match="cannot read the PDF"):
        ingest.from_bytes(data, "broken.pdf")


def test_pdf_without_text_says_so() -> None:
    with pytest.raises(InputError, match="no text found"):
        ingest.from_bytes(pdf_bytes([]), "scan.pdf")


def test_docx_paragraphs_and_table_cells() -> None:
    data = docx_bytes(LINES, table=[["Treatment", "Benefit"], ["PRP", "Cures hair loss"]])
    doc = ingest.from_bytes(data, "draft.docx")
    assert doc.kind == "text"
    assert doc.text.splitlines()[:3] == LINES
    assert "Cures hair loss" in doc.text


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"PK\x03\x04 truncated zip", "cannot read the .docx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "encrypted")],
)
def test_bad_docx_is_refused_clearly(data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=words):
        ingest.from_bytes(data, "draft.docx")


def test_kind_for_documents() -> None:
    assert ingest.kind_for("a.pdf") == "text" and ingest.kind_for("b.DOCX") == "text"


def _fetched(url: str, content_type: str, body: bytes, charset: str | None = None) -> FetchResult:
    return FetchResult(url=url, final_url=url, status=200, content_type=content_type, charset=charset, body=body, elapsed=0.1)


def test_fetched_html_without_suffix_is_read_as_html() -> None:
    body = b"<html><body><article><p>Our exosome facial smooths fine lines and restores a glow.</p></article></body></html>"
    doc = ingest.from_fetched(_fetched("http://127.0.0.1:9/clinic/exosomes", "text/html", body))
    assert doc.kind == "html" and doc.source == "http://127.0.0.1:9/clinic/exosomes"
    assert "smooths fine lines" in doc.text and "<p>" not in doc.text


def test_fetched_pdf_and_declared_charset() -> None:
    pdf = ingest.from_fetched(_fetched("http://127.0.0.1:9/leaflet", "application/pdf", pdf_bytes(LINES)))
    assert "no side effects" in pdf.text
    latin = "Soins à Paris : la peau rajeunit en une séance.".encode("latin-1")
    doc = ingest.from_fetched(_fetched("http://127.0.0.1:9/page.txt", "text/plain", latin, charset="iso-8859-1"))
    assert "Soins à Paris" in doc.text and doc.notices == ("http://127.0.0.1:9/page.txt: decoded as iso-8859-1, as the server declared",)
