from __future__ import annotations

import pytest

from claimcheck.segment import BlockKind, blocks


def test_headings_questions_bullets_and_text() -> None:
    text = "Exosome Facial\nWhat Are the Benefits?\n- Skin rejuvenation\n- Wound healing\nExosomes are tiny vesicles released by cells.\n"
    got = [(text[b.start : b.end], b.kind, b.heading) for b in blocks(text)]
    assert got == [
        ("Exosome Facial", BlockKind.HEADING, None),
        ("What Are the Benefits?", BlockKind.QUESTION, None),
        ("Skin rejuvenation", BlockKind.BULLET, "What Are the Benefits?"),
        ("Wound healing", BlockKind.BULLET, "What Are the Benefits?"),
        ("Exosomes are tiny vesicles released by cells.", BlockKind.TEXT, None),
    ]


def test_bullets_under_a_plain_heading_inherit_nothing() -> None:
    text = "Vial 1:\n- 5 billion exosomes\n"
    assert [b.heading for b in blocks(text)] == [None, None]


def test_markdown_front_matter_code_and_heading_marks_are_skipped() -> None:
    text = "---\ntitle: Exosomes cure everything\n---\n# Results\n```\nno side effects\n```\nIt works.\n"
    got = [(text[b.start : b.end], b.kind) for b in blocks(text, "markdown")]
    assert got == [("Results", BlockKind.HEADING), ("It works.", BlockKind.TEXT)]


def test_hard_wrapped_sentence_is_one_block_and_emoji_bullets_are_bullets() -> None:
    text = "Currently, most pain treatments are\nanti-inflammatory drugs and opioids.\n💧 Faster recovery after workouts\n✨ Youthful energy\nA Short Title\n"
    found = [(b.kind, text[b.start : b.end]) for b in blocks(text)]
    assert found[0] == (BlockKind.TEXT, "Currently, most pain treatments are\nanti-inflammatory drugs and opioids.")
    assert found[1:3] == [(BlockKind.BULLET, "Faster recovery after workouts"), (BlockKind.BULLET, "Youthful energy")]
    assert found[3] == (BlockKind.HEADING, "A Short Title")


def test_lines_that_end_a_sentence_or_start_upper_case_stay_apart() -> None:
    text = "Exosomes are small vesicles.\nthey carry proteins.\nOur clinic, founded in 2010\nOffers PRP.\n"
    assert len(blocks(text)) == 4


def test_social_lines_ending_in_emoji_are_text_and_handles_start_new_lines() -> None:
    text = "Safe, natural and drug-free for every scalp ✨\nBenefits ✨\nView all 3 comments\nmaya.reads: does it hurt lol\n"
    found = [(b.kind, text[b.start : b.end]) for b in blocks(text)]
    assert found == [
        (BlockKind.TEXT, "Safe, natural and drug-free for every scalp ✨"),
        (BlockKind.HEADING, "Benefits ✨"),
        (BlockKind.HEADING, "View all 3 comments"),
        (BlockKind.HEADING, "maya.reads: does it hurt lol"),
    ]


def test_a_name_under_a_quote_is_no_block_and_em_dash_bullets_inherit_a_goodbye_heading() -> None:
    text = '"My eyes look rested at last."\n– Renata, 51\nSay goodbye to:\n— dark circles\n'
    found = [(b.kind, text[b.start : b.end], b.heading) for b in blocks(text)]
    assert found == [
        (BlockKind.TEXT, '"My eyes look rested at last."', None),
        (BlockKind.HEADING, "Say goodbye to:", None),
        (BlockKind.BULLET, "dark circles", "Say goodbye to:"),
    ]


def test_a_readers_sign_off_is_no_block_but_a_short_question_keeps_its_dash_bullets() -> None:
    text = "Q: My salon says its exosome facial is 100 times more powerful than PRP. Is that true?\n— Maura, Kelsby\nWhat can it treat?\n— Wrinkles, Scars\n"
    found = [(b.kind, text[b.start : b.end]) for b in blocks(text)]
    assert "— Maura, Kelsby" not in text[blocks(text)[1].start : blocks(text)[1].end]
    assert found[-1] == (BlockKind.BULLET, "Wrinkles, Scars")
    assert len(found) == 3


def test_a_ruling_cell_rejects_the_statement_beside_it() -> None:
    text = (
        "| Statement | Finding |\n"
        "| --- | --- |\n"
        "| No side effects and no downtime | Untrue |\n"
        "| Results last for years | No evidence offered |\n"
        "| Redness for a day or two | Accurate |\n"
    )
    got = {text[b.start : b.end]: b.rejected_by for b in blocks(text, "markdown")}
    assert got["No side effects and no downtime"] == "Untrue"
    assert got["Results last for years"] == "No evidence offered"
    assert got["Redness for a day or two"] is None and got["Untrue"] is None


def test_a_column_of_a_sellers_words_lists_them_to_weigh_them() -> None:
    text = "| Drip | The menu's words | Price |\n| --- | --- | --- |\n| NAD+ Renew | Resets your cellular clock. | £320 |\n"
    got = {text[b.start : b.end]: b.rejected_by for b in blocks(text, "markdown")}
    assert got["Resets your cellular clock."] == "The menu's words" and got["NAD+ Renew"] is None


def test_table_cells_are_read_under_their_column_header() -> None:
    text = (
        "| Treatment | What the ads say | What the studies show |\n"
        "| --- | :---: | --- |\n"
        '| Exosome facial | "Lasts for years" | Trials followed people for twelve weeks. |\n'
        "|  | Heals acne scars |  |\n"
        "Prices vary between clinics.\n"
    )
    got = [(text[b.start : b.end], b.kind, b.rejected_by) for b in blocks(text, "markdown")]
    body = got[2:]
    assert body == [
        ("Exosome facial", BlockKind.BULLET, None),
        ('"Lasts for years"', BlockKind.BULLET, "What the ads say"),
        ("Trials followed people for twelve weeks.", BlockKind.BULLET, None),
        ("Heals acne scars", BlockKind.BULLET, "What the ads say"),
        ("Prices vary between clinics.", BlockKind.TEXT, None),
    ], "empty cells are skipped, and the table ends at the first line that is not a row"


@pytest.mark.parametrize("header", ["On the label", "Marketing wording", "What you'll be told", "Supplier claim", "What the manufacturer says", "The book says"])
def test_a_column_naming_where_the_wording_was_found_rejects_its_cells(header: str) -> None:
    text = f"| {header} | What it usually means |\n|---|---|\n| FDA approved | No exosome serum has FDA approval |\n"
    got = [(text[b.start : b.end], b.rejected_by) for b in blocks(text, "markdown")][2:]
    assert got == [("FDA approved", header), ("No exosome serum has FDA approval", None)]


_THREAD = (
    "From: Tessa Hale <t.hale@courier.example>\nSubject: Your scalp programme\n\nWhat is the evidence behind your lines?\n\n"
    "From: Press Office <press@clinic.example>\nSent: Tue 3 Mar\n\nOur exosomes regrow hair in one session.\n\n"
    "From: Tessa Hale\n\nThe one trial I found compared faces, not scalps.\n"
)


def test_each_message_of_a_correspondence_is_its_senders() -> None:
    got = {_THREAD[b.start : b.end]: b.sender for b in blocks(_THREAD)}
    assert got["What is the evidence behind your lines?"] == "Tessa Hale"
    assert got["Our exosomes regrow hair in one session."] == "Press Office"
    assert got["The one trial I found compared faces, not scalps."] == "Tessa Hale", "the name alone, without the address"


def test_a_single_emails_from_line_leaves_it_the_texts_own() -> None:
    text = "From: Glow Clinic <hello@glow.example>\nSubject: Spring offer\n\nOur exosome facial heals acne scars.\n"
    assert all(b.sender is None for b in blocks(text))


_REVIEWS = (
    "What customers say\n\"Ten years younger\"\nI look ten years younger after one facial.\nDana R., Rating: 5/5\n"
    "Kind staff\nThree PRP sessions and little change so far.\nOwen T. - 4 stars\nEditor's note\nNo trial followed anyone for years.\n"
)


def test_each_signed_review_is_its_reviewers() -> None:
    got = {_REVIEWS[b.start : b.end]: b.sender for b in blocks(_REVIEWS)}
    assert got["I look ten years younger after one facial."] == "Dana R."
    assert got['"Ten years younger"'] == "Dana R.", "the review's title"
    assert got["Three PRP sessions and little change so far."] == "Owen T."
    assert got["What customers say"] is None and got["No trial followed anyone for years."] is None


def test_a_signature_above_its_review_opens_it() -> None:
    text = "Reviews\n★★★★★ Priti S.\nMy hairline grew back in a month.\n★★☆☆☆ Lou M.\nNo change at all.\nOur view\nThe evidence is thin.\n"
    got = {text[b.start : b.end]: b.sender for b in blocks(text)}
    assert got["My hairline grew back in a month."] == "Priti S." and got["No change at all."] == "Lou M."
    assert got["The evidence is thin."] is None


def test_one_signed_testimonial_leaves_the_page_its_own() -> None:
    text = "Our exosome facial heals acne scars.\nJess K., Rating: 5/5\n"
    assert all(b.sender is None for b in blocks(text))


def test_a_quotation_over_several_lines_is_quoted_throughout() -> None:
    text = 'Maren: pasting the blurb:\n"100x more powerful than PRP\nFDA approved exosomes\nZero downtime"\nTobi: a steal if true.\n'
    got = [(text[b.start : b.end], b.quoted) for b in blocks(text)]
    assert [q for _, q in got] == [False, True, True, True, False], got


def test_a_stray_inch_mark_quotes_nothing() -> None:
    lines = ['We use a 0.5" roller.', *(f"Line {i} of the aftercare." for i in range(20)), 'A 1" needle is never used.']
    assert not any(b.quoted for b in blocks("\n".join(lines)))


def test_a_headerless_row_that_opens_with_a_quotation_is_read_cell_by_cell() -> None:
    text = (
        "What the ads say, and what the trials found\n"
        "| 'No downtime' | Redness for a day or two is normal after needling. |\n"
        "| Downtime | A day or two |\n"
    )
    got = [text[b.start : b.end] for b in blocks(text, "text")]
    assert "'No downtime'" in got and "Redness for a day or two is normal after needling." in got
    assert "| Downtime | A day or two |" in got, "a key-value row keeps its key"
