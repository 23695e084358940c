"""Source maps: the text ClaimCheck checks, and each character's place in the source file."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.errors import InputError
from claimcheck.sourcemap import extract, read_source

FIXTURES = Path(__file__).parent / "fixtures" / "lint"


def where(source: str, path: str, needle: str) -> tuple[int, int, str]:
    """Line, column and source slice of the first occurrence of ``needle`` in the extracted text."""
    st = extract(source, path)
    i = st.text.index(needle)
    span = st.span(i, i + len(needle))
    return span.line, span.col, source[span.start : span.end]


def test_markdown_skips_front_matter_code_images_and_link_targets() -> None:
    st = extract((FIXTURES / "draft.md").read_text(encoding="utf-8"), "draft.md")
    assert "title:" not in st.text and "echo" not in st.text
    assert "heal every scar" not in st.text and "example.com" not in st.text and "reverse ageing" not in st.text
    assert "exosome treatments cure hair loss permanently" in st.text


@pytest.mark.parametrize(
    ("needle", "line", "col", "original"),
    [
        ("Exosome therapy has no side effects", 17, 3, "Exosome therapy has no side effects"),
        ("It is 100 times more powerful than PRP", 18, 3, "It is 100 times more powerful than PRP"),
        ("Exosome facials are FDA approved", 22, 15, "Exosome facials are FDA approved"),
        ("exosome treatments cure hair loss permanently before", 24, 11,
         "exosome treatments cure hair loss permanently](https://example.com/exosomes-cure \"cure\") before"),
    ],
)  # fmt: skip
def test_markdown_positions_after_front_matter_in_list_table_and_link(needle: str, line: int, col: int, original: str) -> None:
    source = (FIXTURES / "draft.md").read_text(encoding="utf-8")
    assert where(source, "draft.md", needle) == (line, col, original)


def test_wrapped_paragraph_is_one_line_and_maps_across_the_break() -> None:
    source = "Our facial has no side\neffects at all.\n\nNext paragraph.\n"
    st = extract(source, "a.md")
    assert st.text.splitlines() == ["Our facial has no side effects at all.", "Next paragraph."]
    assert where(source, "a.md", "no side effects") == (1, 16, "no side\neffects")


def test_table_cells_are_separate_lines() -> None:
    source = "| Exosomes | Heals scars |\n|---|---|\n| PRP | Regrows hair |\n"
    assert extract(source, "t.md").text.splitlines() == ["- Exosomes", "- Heals scars", "- PRP", "- Regrows hair"]


def test_markdown_inline_markup_entities_escapes_and_comments() -> None:
    source = "Our **exosome** facial &amp; `code` \\*really\\* works <span>well</span> <!-- claimcheck: off --> see https://x.org/a.\n"
    st = extract(source, "a.md")
    assert st.text == "Our exosome facial &  *really* works well  see .\n"
    assert [c.body for c in st.comments] == ["claimcheck: off"]
    assert where(source, "a.md", "&  *really*") == (1, 24, "&amp; `code` \\*really\\*")


def test_indented_and_fenced_code_and_multiline_comments_are_skipped() -> None:
    source = "Intro text.\n\n    indented no side effects\n\n~~~\nfenced\n~~~\n<!--\nclaimcheck: off\n-->\n* item one\n"
    st = extract(source, "a.md")
    assert st.text == "Intro text.\n- item one\n"
    assert [(c.body, source[c.start : c.end].startswith("<!--")) for c in st.comments] == [("claimcheck: off", True)]


def test_html_text_nodes_map_to_source_and_entities_to_the_entity() -> None:
    source = (FIXTURES / "draft.html").read_text(encoding="utf-8")
    st = extract(source, "draft.html")
    assert "const claim" not in st.text and "heal every scar" not in st.text and "have no side" not in st.text
    assert "- Exosome therapy has no side effects." in st.text.splitlines()
    assert where(source, "draft.html", "Exosome therapy has no side effects") == (9, 7, "Exosome therapy has no side effects")
    assert where(source, "draft.html", "100 times") == (10, 13, "100&nbsp;times")
    assert where(source, "draft.html", "& dull") == (7, 55, "&amp; dull")


def test_html_heading_and_cells_become_blocks() -> None:
    source = "<h2>Benefits</h2><table><tr><td>Heals scars</td><td>Regrows hair</td></tr></table><p>A <b>bold</b> claim.</p>"
    assert extract(source, "a.html").text.splitlines() == ["# Benefits", "- Heals scars", "- Regrows hair", "A bold claim."]


def test_text_keeps_lines_and_drops_control_lines() -> None:
    source = "Line one.\n# claimcheck: ignore safety -- why\n#1 choice in town.\n"
    st = extract(source, "a.txt")
    assert st.text == "Line one.\n\n#1 choice in town.\n"
    assert [c.body for c in st.comments] == ["claimcheck: ignore safety -- why"]
    assert where(source, "a.txt", "#1 choice") == (3, 1, "#1 choice")


def test_columns_count_code_points() -> None:
    source = "Café é — no side effects here.\n"
    assert where(source, "a.txt", "no side effects") == (1, 10, "no side effects")


def test_read_source_errors_name_the_file(tmp_path: Path) -> None:
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="x.md: looks like a binary"):
        read_source(binary)
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "missing.md")
    pdf = tmp_path / "x.pdf"
    pdf.write_text("hi")
    with pytest.raises(InputError, match="unsupported file type"):
        read_source(pdf)
