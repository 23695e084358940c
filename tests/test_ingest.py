from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck import ingest
from claimcheck.errors import InputError


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest.read_path(tmp_path / "nope.txt")


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n\n")
    with pytest.raises(InputError, match="empty"):
        ingest.read_path(tmp_path / "empty.txt")


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        ingest.read_path(tmp_path / "image.txt")


def test_unsupported_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.odt").write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="unsupported file type"):
        ingest.read_path(tmp_path / "a.odt")


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_BYTES", 100)
    (tmp_path / "big.txt").write_text("Exosomes heal skin. " * 10)
    with pytest.raises(InputError, match="limit"):
        ingest.read_path(tmp_path / "big.txt")


def test_non_utf8_is_decoded_with_a_notice(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("Exosomes rejuvenate the skin – café results.".encode("cp1252"))
    doc = ingest.read_path(tmp_path / "latin.txt")
    assert "café" in doc.text and "–" in doc.text
    assert any("cp1252" in n for n in doc.notices)


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Soins à Paris : la peau rajeunit.</p></body></html>'
    (tmp_path / "page.html").write_bytes(html.encode("latin-1"))
    doc = ingest.read_path(tmp_path / "page.html")
    assert "Soins à Paris" in doc.text and doc.kind == "html"


def test_html_main_text_drops_boilerplate() -> None:
    page = (
        "<html><head><title>x</title><script>var x='no side effects';</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/book'>Book</a></nav><article><h1>Exosome facial</h1>"
        + "<p>Our exosome facial smooths fine lines and restores a youthful glow to tired skin.</p>" * 3
        + "</article><footer>Copyright 2026</footer></body></html>"
    )
    doc = ingest.from_text(page, "page.html", kind="html")
    assert "smooths fine lines" in doc.text
    assert "var x" not in doc.text


def test_html_blocks_the_extractor_drops_as_boilerplate_are_put_back_in_order() -> None:
    page = (
        "<html><head><title>Exosome hair clinic and more</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/team'>Meet our whole clinic team</a></nav><main>"
        "<p>Our exosome scalp treatment is given by nurses in a course of three sessions a month apart.</p>"
        "<div class='sidebar'><p>Why choose us: exosomes regrow hair in every client.</p></div>"
        "<p>Most clients notice some redness of the scalp for a day after each session.</p>"
        "<figure><img src='a.jpg'><figcaption>After one session, a full crown of new hair.</figcaption></figure>"
        "<aside><p>Zero downtime and no side effects, guaranteed.</p></aside>"
        "<aside><h3>At a glance</h3><ul><li>Lasts for years</li></ul></aside>"
        "</main><footer><p>Copyright 2026 Example Clinic Limited, all rights reserved.</p></footer></body></html>"
    )
    lines = ingest.from_text(page, "page.html", kind="html").text.splitlines()
    restored = ["Why choose us: exosomes regrow hair in every client.", "After one session, a full crown of new hair.",
                "Zero downtime and no side effects, guaranteed.", "At a glance", "- Lasts for years"]  # fmt: skip
    assert [line for line in lines if line in restored] == restored, "each dropped block is back, once, on its own line"
    assert lines.index(restored[0]) < lines.index("Most clients notice some redness of the scalp for a day after each session.")
    assert not any("Copyright" in line or "Meet our" in line for line in lines), "navigation and footer stay out"
    assert len(lines) == len(set(lines)), "no kept block is doubled"
    hero = "<html><body><header><p>Regrow your hair in six weeks with exosomes</p></header><main>" + page.split("<main>")[1]
    assert "Regrow your hair in six weeks with exosomes" in ingest.from_text(hero, "hero.html", kind="html").text


def test_malformed_html_falls_back_to_visible_text() -> None:
    doc = ingest.from_text("<div><p>Exosomes heal <b>everything</p></div", "bad.html", kind="html")
    assert "Exosomes heal" in doc.text


def test_html_without_text_is_an_error() -> None:
    with pytest.raises(InputError, match="no visible text"):
        ingest.from_text("<html><body><script>1</script></body></html>", "blank.html", kind="html")


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfExosomes heal skin.")
    assert ingest.read_path(tmp_path / "bom.txt").text == "Exosomes heal skin."
