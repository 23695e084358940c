"""Claim extraction with the real spaCy pipeline (fast: no embeddings)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from claimcheck.context import gates
from claimcheck.extract import candidates_many, extract
from claimcheck.speakers import speaker, unlabelled
from claimcheck.ingest import from_text
from claimcheck.types import ClaimType, Context
from claimcheck.vocab import load_vocabulary


def claims(text: str, kind: str = "text"):  # type: ignore[no-untyped-def]
    return extract(from_text(text, "t", kind))


@pytest.mark.parametrize(
    "text",
    [
        "Summary",
        "How Many Sessions of Exosome Therapy Are Needed?",
        "Book your free consultation today and glow up!",
        "Call us on 020 7946 0000 to reserve your exosome facial.",
        "Prices from £350 per session.",
        "Results may vary between individuals.",
        "More research is needed before exosomes can be recommended.",
        "Some clinics claim exosomes are FDA approved, but no evidence supports that.",
        "Promises that PDRN repairs your DNA have no clinical data behind them.",
        "Brochures promise melted wrinkles and a rebuilt collagen layer; the trials show none of that.",
        "Does PRP really regrow hair?",
        "Exosomes are small vesicles released by cells.",
        '3. "Natural, so no side effects"',
        "The researchers recruited 40 adults with acne scars on both cheeks.",
        "Some clinics in the region advertise PRP as a one-visit cure that lasts for good.",
        "At one clinic I was told that three PRP sessions would switch my follicles back on for good.",
        "The glossy brochure says its exosomes are a hundred times stronger than PRP.",
        "A friendly nurse was adamant that PRP from my own blood cannot cause any problems.",
        'Drop "FDA-approved", "no downtime" and "results for years" from any exosome copy.',
        "Drip menus promise a full cellular reset after a single visit.",
        "One med spa told us its serum rebuilds collagen within a week.",
        "Steer clear of any injector who promises results that last for years.",
        'Another promised that one exosome session "does what three rounds of PRP do".',
        'One chain told our mystery shopper that its exosomes were "FDA-approved for skin renewal".',
        'Some sellers insist their serums are "just cosmetics", so no approval is needed.',
        "Nobody has shown that an exosome drip makes a person look younger or lifts their energy.",
        "They did not show that exosomes heal damaged skin in general or smooth it within a week.",
        "The salon must not state or imply that its PRP facial heals skin or has no downtime.",
        "Hair clinics in the US often tell patients their own cells need no approval.",
        "It will not remove acne scars completely.",
        "A plant extract cannot become one of your own stem cells.",
        "PRP is not a cure, and shedding may carry on during a course.",
        "If someone swears a serum will reverse your bald patch, they are selling hope.",
        "**Q: My friend had PRP under her eyes and swears her dark circles have vanished.**",
        "Every week someone asks me whether exosomes will bring their hairline back.",
        "The lines on my forehead look exactly as they did before.",
        "Nothing I have read supports the idea that it repairs DNA or reverses sun damage.",
        "Packages promising results that last for years, or a full head of hair",
        "A serum that promises to reverse ageing in a fortnight is claiming far more than that research can carry.",
        "Jess: she said I'll glow in a few days and it lasts about a year, no idea if that's real",
    ],
)
def test_not_claims(text: str) -> None:
    assert claims(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Exosome therapy does not have any side effects.", ClaimType.SAFETY),
        ("Our exosome facial is FDA approved.", ClaimType.REGULATORY),
        ("Exosomes are 100 times more powerful than PRP.", ClaimType.COMPARATIVE),
        ("Results last for many years.", ClaimType.DURATION),
        ("PRP injections regrow hair in weeks.", ClaimType.EFFICACY),
        ("Each vial holds 5 billion exosomes for maximum regeneration.", ClaimType.QUANTITATIVE),
        ("Exosomes penetrate deep into the dermis to rebuild collagen.", ClaimType.MECHANISM),
        ("Most customers of our exosome serum see visible lifting within seven days.", ClaimType.EFFICACY),
        ("Our stem cell protocol is listed on ClinicalTrials.gov.", ClaimType.REGULATORY),
    ],
)
def test_claim_types(text: str, expected: ClaimType) -> None:
    found = claims(text)
    assert found and expected in found[0].types


def test_offsets_lines_and_columns() -> None:
    text = "Exosome Facial\n\nOur facial is gentle. Exosome therapy has no side effects.\n"
    found = claims(text)
    side = next(c for c in found if "side effects" in c.text)
    assert text[side.start : side.end] == side.text
    assert (side.line, side.col) == (3, text.index("Exosome therapy") - text.index("Our") + 1)


def test_clauses_split_into_separate_claims() -> None:
    text = "While results show early, the final results appear after six months and remain on the skin for many years."
    found = claims(text)
    assert any(c.text == "remain on the skin for many years" for c in found)


def test_a_condition_or_an_embedded_clause_stays_with_its_main_clause() -> None:
    until = "Until that approval is granted, a serum made with human-derived exosomes cannot be sold in Taiwan as an ordinary cosmetic."
    assert [c.text for c in claims(until)] == [until.rstrip(".")]
    embedded = "We don't call this serum hypoallergenic, since there is nothing on record to show polynucleotides can't set off an allergy."
    assert all(not c.text.startswith("can't") for c in claims(embedded))
    assert [c.text for c in claims("Microneedling improves acne scars and it reduces fine lines.")] == ["Microneedling improves acne scars", "it reduces fine lines"]


def test_bullets_inherit_a_benefit_heading() -> None:
    text = "What can exosomes treat?\n- Wrinkles\n- Acne scars\n"
    found = claims(text)
    assert [c.text for c in found] == ["Wrinkles", "Acne scars"]
    assert all(c.heading == "What can exosomes treat?" and ClaimType.EFFICACY in c.types for c in found)


def test_pronoun_claims_take_the_treatment_from_context() -> None:
    found = claims("Exosomes are tiny vesicles. They are highly successful in reducing wrinkles.")
    assert found and found[-1].treatments == ("exosomes",)


def _candidates(text: str, kind: str = "text"):  # type: ignore[no-untyped-def]
    from claimcheck.extract import candidates_many

    return candidates_many([from_text(text, "t", kind)])[0]


def test_a_heading_sets_the_topic_but_is_no_rule_claim() -> None:
    text = "## Exosome scalp therapy\n\nThicker hair in weeks.\n\n## Reverse ageing now\n"
    cands = _candidates(text, "markdown")
    assert [c.heading_line for c in cands] == [True, False, True]
    assert cands[1].treatments == ("exosomes",) and cands[2].claims  # the slogan heading has a claim shape
    assert [c.text for c in claims(text, "markdown")] == ["Thicker hair in weeks"]  # clause, without the stop
    assert claims(text, "markdown")[0].topic == "exosomes"  # named by the heading, not the claim


def test_a_short_answer_claims_with_its_question() -> None:
    cands = _candidates("Is PRP approved by the FDA for hair loss?\nNo.\n\nDoes it hurt? Not much. Most people feel a mild ache.")
    no, question, not_much, ache = cands
    assert no.heading == "Is PRP approved by the FDA for hair loss?" and no.detector_text.endswith("No.")
    assert no.fallback is not None and Context.INHERITED in no.fallback.context
    assert "question" in question.gates and not_much.heading == question.text
    assert ache.heading is None  # only the first, short sentence answers


def test_speaker_tags_and_line_labels_stay_with_their_sentence() -> None:
    texts = [c.text for c in _candidates("“My scars are half as deep.” – Priya, 47\nQ. Any downtime? A. A day of redness.\nVO: Platelets wake your follicles.")]
    assert texts == ["“My scars are half as deep.” – Priya, 47", "Q. Any downtime?", "A. A day of redness.", "VO: Platelets wake your follicles."]


def test_a_speakers_name_stays_with_what_they_said() -> None:
    text = "**u/skin_worrier:** Do polynucleotides beat filler?\n\n**u/Dr_Amara_Lee:** In one trial they did about as well as filler. Jess: it lasts about a year."
    texts = [c.text for c in _candidates(text)]
    assert "**u/Dr_Amara_Lee:** In one trial they did about as well as filler." in texts and "Jess: it lasts about a year." in texts


def test_a_speakers_name_cut_before_its_colon_is_joined_again() -> None:
    from claimcheck.segment import join_tags

    class Part:
        def __init__(self, start: int, end: int, text: str) -> None:
            self.start, self.end, self.text = start, end, text

        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter(SimpleNamespace(text=word) for word in self.text.split())

    parts = [Part(0, 3, "**u/skin_doc"), Part(3, 6, ":** No."), Part(6, 9, "The FDA has approved none.")]
    assert join_tags(parts) == [(0, 6), (6, 9)]


def test_a_speakers_label_split_off_its_words_is_no_candidate() -> None:
    text = "**u/ask_me:** Is the booster 100x more powerful than PRP?\n\n**u/nurse_imo (OP):** Neither, I'm afraid."
    answer = [c for c in _candidates(text) if "?" not in c.text]
    assert answer and all("Neither" in c.text for c in answer)


def test_a_quoted_testimonial_is_still_a_claim_and_a_finding_beats_the_design_gate() -> None:
    assert claims('"My skin has never looked better since the exosome facial, and the scars faded."')
    finding = "Patients were randomly assigned to two groups, and acne scars improved more with exosomes."
    assert claims(finding)


def test_a_sentence_of_punctuation_alone_is_skipped() -> None:
    # spaCy may split a markdown italic marker off as a "sentence" of its own; it has no clause to check.
    found = claims("Intro line.\n\n*Exosomes regrow hair in every client.*\n", "markdown")
    assert [c.text for c in found] == ["Exosomes regrow hair in every client"]


def test_emoji_split_off_a_comment_is_no_candidate(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.extract import candidates_many

    found = candidates_many([from_text("mia.k: is it ok for darker skin? 🤎\nLove the glow 😍😍\n", "t")], nlp)[0]
    assert [c.text for c in found if not any(ch.isalpha() for ch in c.text)] == []


@pytest.mark.parametrize(
    "text",
    [
        "leo.bakes: does it do anything for acne scars tho",
        "is it safe when you're pregnant",
        "Can you use it on sensitive skin",
    ],
)
def test_a_question_without_its_mark_is_a_question(text: str) -> None:
    assert claims(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Exosome injections cannot grow into a tumour, so they are completely safe.",
        "Using your own blood does not remove the risk of infection.",
        "Exosome facials don't just hide wrinkles, they reverse ageing for good.",
        "Unlike fillers, which cannot regenerate tissue, exosomes rebuild collagen.",
    ],
)
def test_a_denied_harm_or_a_claim_that_goes_further_is_still_a_claim(text: str) -> None:
    assert claims(text), "only a benefit denied is limitation reporting"


def test_bullets_under_a_red_flag_heading_are_claims_to_reject() -> None:
    text = "Red flags in exosome adverts\n\n- Clinically shown to regrow hair in every client\n- Keeps working for years after one session\n"
    assert claims(text) == []
    benefits = "Key benefits\n\n- Regrows hair in every client\n"
    assert claims(benefits), "a benefit heading still makes its bullets claims"


@pytest.mark.parametrize("heading", ["What we do not offer, and why", "On the label"])
def test_bullets_under_a_heading_naming_unsold_or_labelled_promises_are_not_claims(heading: str) -> None:
    assert claims(f"{heading}\n\n- Stem-cell facials that reverse ageing\n- Regrows hair in every client\n") == []


def test_an_own_promise_is_still_a_claim() -> None:
    assert claims("Our packages promise results that last for years.")


def test_a_dangling_not_goes_with_the_clause_it_negates(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.extract import _clauses

    sent = next(nlp("That authorisation covers the device itself, not any serum, growth factor or blood product a clinic pushes into the skin with it.").sents)
    texts = [sent.doc[s:e].text for s, e in _clauses(sent)]
    assert texts[0] == "That authorisation covers the device itself" and texts[1].startswith("not any serum")


def test_a_clause_that_only_names_its_source_is_no_claim() -> None:
    found = claims("Registering a laboratory with the agency is not the same as having a product approved, as the FDA itself points out.")
    assert [c.text for c in found] == ["Registering a laboratory with the agency is not the same as having a product approved"]


@pytest.mark.parametrize(
    "text",
    [
        "Polynucleotide injections can bruise, and people with fish allergies should avoid them.",
        "Polynucleotide injections can bruise, but anyone on blood thinners must tell us first.",
    ],
)
def test_a_contraindication_clause_is_no_claim(text: str) -> None:
    assert [c.text for c in claims(text)] == ["Polynucleotide injections can bruise"]
    assert "protocol" in gates(load_vocabulary(), "Not suitable during pregnancy or while breastfeeding.")
    assert gates(load_vocabulary(), "Suitable for every skin type, even the most sensitive.") == ()


def test_a_lead_clause_too_short_to_stand_alone_joins_the_next(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimcheck.extract import _clauses

    sent = next(nlp("Registration means a facility has told the FDA it exists and what it makes.").sents)
    texts = [sent.doc[s:e].text for s, e in _clauses(sent)]
    assert texts[0].startswith("Registration means a facility")


def test_closing_quotes_and_emphasis_stay_with_their_sentence() -> None:
    text = '**"Clears rosacea in a week."** Nobody has tested that. She said "it lasts." Then she left.'
    units = [c.text for c in candidates_many([from_text(text, "t.md", "markdown")])[0]]
    assert units == ['**"Clears rosacea in a week."**', "Nobody has tested that.", 'She said "it lasts."', "Then she left."]


def test_a_clause_cut_after_its_verb_keeps_the_subjects_negation() -> None:
    found = claims("No exosome serum is FDA-approved, and human-derived exosomes are banned from cosmetics in the UK.")
    assert found and all(c.strength.negated for c in found)
    assert found[0].text.startswith("No exosome serum is")


@pytest.mark.parametrize(
    ("line", "who"),
    [
        ("DR OKONJO-BAYE: The vials are sold as a hundred times stronger. None of that is tested.", "DR OKONJO-BAYE"),
        ("**CALLER:** My clinic said it lasts for years. Is that right?", "CALLER"),
        ("[21:07] Marisol: mine lasted about a year tbh", "Marisol"),
        ("u/thin_on_top: PRP gave me a bit more density, nothing dramatic.", "u/thin_on_top"),
        ("Dr Hale Ifeoma: Exosomes regrow hair in everyone.", "Dr Hale Ifeoma"),
        ("**u/nurse_imo (OP):** Neither, I'm afraid.", "u/nurse_imo (OP)"),
    ],
)
def test_a_speakers_turn_names_who_speaks_every_sentence(line: str, who: str) -> None:
    assert speaker(load_vocabulary(), line) == who


@pytest.mark.parametrize(
    "line",
    ["NARRATOR: Exosomes are tiny parcels.", "Q: Does it hurt?", "Verdict: not proven.", "PRP: modest gains in density.", "Downtime: a day or two.", "SLIDE 2: Glow from within"],
)
def test_the_texts_own_voice_and_topic_labels_are_no_speaker(line: str) -> None:
    assert speaker(load_vocabulary(), line) is None


def test_claims_in_a_speakers_turn_are_attributed() -> None:
    found = claims("PARK MIN-SEO: We call it the rescue ampoule. It is a hundred times stronger than PRP.")
    assert found and all(c.speaker == "PARK MIN-SEO" and Context.ATTRIBUTED in c.context for c in found)
    assert not any(Context.ATTRIBUTED in c.context for c in claims("NARRATOR: Exosomes are a hundred times stronger than PRP."))


def test_a_transcript_turn_runs_on_over_the_lines_after_its_label() -> None:
    text = (
        "[00:38] ELLIS: Jordan gets the first few minutes.\n"
        "[00:47] JORDAN: Exosomes are the future of hair.\n"
        "Because there are no cells in the vial, there are zero side effects.\n"
        "A single session does what a year of PRP does.\n"
        "\n"
        "Exosome products are not FDA-approved.\n"
    )
    found = {c.sentence: c.speaker for c in claims(text)}
    assert found["Because there are no cells in the vial, there are zero side effects."] == "JORDAN"
    assert found["A single session does what a year of PRP does."] == "JORDAN"
    assert found["Exosome products are not FDA-approved."] is None, "a blank line ends the turn"


def test_the_lettered_options_of_a_quiz_question_are_posed_not_claimed() -> None:
    text = (
        "Which statement about exosome products is correct?\n"
        "(a) Exosome facials are FDA-approved for skin rejuvenation.\n"
        "(b) Exosomes are cosmetics, so they need no FDA review.\n"
        "Model answer: (c)\n"
        "(a) Exosome facials are FDA-approved for skin rejuvenation.\n"
    )
    found = [(c.text, "question" in c.gates) for c in _candidates(text)]
    assert found[0][1] and found[1][1], "options under a question"
    assert not found[-1][1], "a lettered line with no question above it is read as it stands"


def test_one_labelled_line_does_not_make_a_transcript() -> None:
    found = claims("DR LEE: Exosomes regrow hair.\nA single session does what a year of PRP does.\n")
    assert found[0].speaker == "DR LEE" and found[-1].speaker is None


def test_claims_in_a_block_quotation_are_attributed() -> None:
    text = "The ad reads:\n\n> 100x more powerful than PRP. Results last for years.\n\nExosomes are 100x more powerful than PRP."
    found = [(c.text, Context.ATTRIBUTED in c.context) for c in claims(text, "markdown")]
    assert [quoted for _, quoted in found] == [True, True, False], found


def test_claims_in_a_published_correspondence_are_their_senders() -> None:
    text = ("From: Ana Reyes <ana@paper.example>\n\nWhere is your evidence?\n\n"
            "From: Press Office <press@clinic.example>\n\nOur exosomes are 100 times more powerful than PRP.\n")
    found = claims(text)
    assert found and all(c.speaker == "Press Office" and Context.ATTRIBUTED in c.context for c in found)


def test_claims_in_signed_reviews_are_their_reviewers() -> None:
    text = ("This exosome serum regrows hair in one session.\nPriti S., Rating: 5/5\n"
            "The exosome facial made me look ten years younger.\nDana R., Rating: 5/5\n")
    found = claims(text)
    assert [c.speaker for c in found] == ["Priti S.", "Dana R."] and all(Context.ATTRIBUTED in c.context for c in found)


def test_a_phones_chat_export_names_the_speaker_of_each_line() -> None:
    vocab = load_vocabulary()
    assert speaker(vocab, "14/03/2026, 20:19 - Jas: As for zero downtime, most people are pink.") == "Jas"
    assert speaker(vocab, "3/14/26, 8:19 PM - Maren Lee: pasting it") == "Maren Lee"
    assert unlabelled(vocab, "14/03/2026, 20:19 - Jas: As for zero downtime, most are pink.") == "As for zero downtime, most are pink."
    assert unlabelled(vocab, "Q: Is PRP safe?") == "Q: Is PRP safe?", "the text's own labels stay"


def test_advice_on_wording_mentions_the_wording() -> None:
    assert gates(load_vocabulary(), "Do not describe any exosome or PRP product as FDA approved.") == ("mention",)
    assert gates(load_vocabulary(), "Our exosome serum is FDA approved.") == ()


@pytest.mark.parametrize("text", [
    "That is enough to call the area promising, and nowhere near enough to tell a patient that exosomes will regrow hair.",
    "It is far too early to promise that the results last.",
    "KIT: And zero downtime is wishful.",
])  # fmt: skip
def test_evidence_said_to_fall_short_of_a_claim_rejects_it(text: str) -> None:
    assert gates(load_vocabulary(), text) == ("rejection",)
    assert gates(load_vocabulary(), "Our trial results are enough to say it works.") == ()


def test_a_stage_direction_in_brackets_is_nobodys_claim() -> None:
    units = candidates_many([from_text("[Hands up: eight agree that it regrows hair.]\n[laughs] PRP regrows hair.", "t")])[0]
    assert [c.gates for c in units] == [("direction",), ()]


@pytest.mark.parametrize("text", [
    "My crown is fully covered again after five PRP sessions.",
    "Most people who try our programme see their hair return.",
    "This exosome cream works the same way as microneedling.",
])  # fmt: skip
def test_hair_said_to_come_back_and_the_same_results_as_a_procedure_are_claims(text: str) -> None:
    assert claims(text), text


def test_a_clause_that_only_names_a_regulator_is_no_regulatory_claim() -> None:
    found = claims("No exosome product is approved by the FDA, and the FDA is the American regulator anyway.")
    assert [c.text for c in found] == ["No exosome product is approved by the FDA"]
    assert claims("The FDA has not cleared it for hair loss."), "a pronoun points at the product"


def test_struck_through_wording_is_withdrawn_not_claimed() -> None:
    page = (
        "<html><body><article><h1>Our serum listing, rewritten</h1>"
        + "<p>We checked every line of the brand's copy against the published evidence before listing it.</p>" * 2
        + "<table><tr><th>Brand wording</th><th>Decision</th></tr>"
        "<tr><td><s>Exosomes 100x more powerful than PRP</s></td><td>Removed</td></tr></table>"
        "<p>Exosomes are 100x more powerful than PRP.</p></article></body></html>"
    )
    doc = from_text(page, "t.html", "html")
    assert [doc.text[s:e] for s, e in doc.struck] == ["Exosomes 100x more powerful than PRP"]
    assert [c.text for c in extract(doc)] == ["Exosomes are 100x more powerful than PRP"]
    assert claims("~~No downtime at all with our exosome facial.~~\n\nMild redness lasts a day or two.", "markdown")[0].text.startswith("Mild")


def test_a_block_quotation_in_html_is_marked_as_someone_elses_words() -> None:
    page = (
        "<html><body><article><h1>Talk me out of it?</h1>"
        + "<p>I have a consultation next week for exosome microneedling and the clinic's page says this:</p>"
        "<blockquote><p>Our exosomes are 100 times more powerful than PRP.</p></blockquote>"
        "<p>Is any of that real? I would rather know before I pay for three sessions.</p></article></body></html>"
    )
    doc = from_text(page, "t.html", "html")
    assert [doc.text[s:e] for s, e in doc.quoted] == ["Our exosomes are 100 times more powerful than PRP."]
    quoted = [c for c in candidates_many([doc])[0] if c.text.startswith("Our exosomes")]
    assert quoted and all(Context.ATTRIBUTED in claim.context for c in quoted for claim in c.claims)


def test_each_sentence_of_a_short_quoted_wording_is_a_mention() -> None:
    units = candidates_many([from_text('"Zero downtime. Walk out and go straight back to your day."\n"Three sessions in and my scars look softer. I am pleased."', "t")])[0]
    assert [c.gates for c in units] == [("mention",), ("mention",), (), ()]


@pytest.mark.parametrize("heading", ["What the evidence does not show", "Withdrawn", "Do not say", "If you still want it, ask the rep for:"])
def test_bullets_under_a_heading_of_unshown_or_withdrawn_claims_are_not_claims(heading: str) -> None:
    assert claims(f"{heading}\n\n- That polynucleotides work better than fillers.\n- Exosomes regrow hair in every client.\n") == []


def test_a_pitch_named_as_seen_before_its_colon_is_rejected() -> None:
    assert gates(load_vocabulary(), "The pitch we keep seeing in DMs: exosomes are a hundred times stronger than PRP.") == ("rejection",)


def test_a_lead_in_asking_about_our_own_results_still_lists_claims() -> None:
    assert claims("Ask our team about:\n- Thicker hair in six weeks\n")


def test_a_drip_named_by_its_route_and_redness_told_in_the_past_are_typed() -> None:
    [route] = claims("RegenIV delivers that same healing power through your veins.")
    assert "iv_infusions" in route.treatments
    [red] = claims("I was a little red after one session.")
    assert ClaimType.SAFETY in red.types


def test_a_bare_rebuttal_in_a_reply_rejects_the_reply_before_it() -> None:
    text = (
        "Dale Okonjo: Is it FDA approved?\n"
        "  ↳ Studio Nine: Our serum is made in an FDA-registered lab, so it's approved and sterile.\n"
        "  ↳ Ffion Abara, RN: Not true. Registration is not approval.\n"
    )
    found = {c.text: c for c in _candidates(text)}
    pitch = next(c for t, c in found.items() if "FDA-registered lab" in t)
    rebuttal = next(c for t, c in found.items() if t.endswith("Not true."))
    assert "rejection" in pitch.gates and "FDA-registered lab" in (rebuttal.heading or "")
    kept = next(c for c in _candidates(text.replace("Not true.", "Thanks, Dale.")) if "FDA-registered lab" in c.text)
    assert "rejection" not in kept.gates


def test_a_rebuttal_that_answers_a_question_rejects_nothing_said_before() -> None:
    text = "Ffion Abara, RN: Plan on a pink scalp for a day or two after needling.\n\nGemma: Is PRP approved for hair?\nFfion Abara, RN: No.\n"
    before = next(c for c in _candidates(text) if "pink scalp" in c.text)
    assert "rejection" not in before.gates


def test_a_numbered_reference_entry_is_no_claim_but_a_numbered_finding_is() -> None:
    vocab = load_vocabulary()
    assert "mention" in gates(vocab, "3. Nahm, Thunga and Yoo, delayed granulomas after exosome injections, Dermatological Reviews 2024.")
    assert "mention" not in gates(vocab, "1. A 2023 study in Dermatologic Surgery showed 90% improvement after one session.")


def test_a_sources_line_is_no_claim() -> None:
    vocab = load_vocabulary()
    line = "*Sources: FDA public safety notification on exosome products (2019); a case series of exosome granulomas (2024).*"
    assert "mention" in gates(vocab, line)
    assert "mention" not in gates(vocab, "Our sources say exosomes are safe for every skin type.")
