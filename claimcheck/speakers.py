"""Who speaks a line: the speaker labels of transcripts and chats, and the turns they open.

A line a speaker's label opens ("[00:47] JORDAN: ...", "Dr Lee: ...") is that speaker's words, not
the text's own; the extractor marks its claims attributed (``claimcheck.context``), and balanced
writing sets such claims aside rather than flagging them (``claimcheck.genre``).
"""

from __future__ import annotations

import re

from claimcheck.segment import TIMESTAMP, Block, BlockKind
from claimcheck.types import Document
from claimcheck.vocab import Vocabulary

_TIMESTAMP = re.compile(rf"^\W{{0,3}}{TIMESTAMP}")
#: Reply arrows, quote marks and bullets before a name ("↳ Ffion Abara, RN:").
_LEAD = re.compile(r"^[^\w\[(@]+")

#: A label this short in capitals is an acronym ("FDA:", "PRP:"), not a speaker's name.
ACRONYM_MAX = 3


def speaker(vocab: Vocabulary, line: str) -> str | None:
    """Whose turn a transcript or chat line is ("CALLER: ..." -> "CALLER"), or None for the
    text's own voice ("NARRATOR:", "Q:", "Verdict:") and topic labels ("PRP:", "Exosomes:")."""
    hit = vocab.find(line, "context.speaker")
    if not hit or vocab.find(line, "context.own_voice"):
        return None
    label = _LEAD.sub("", _TIMESTAMP.sub("", hit[0].text)).strip(" *_:\t")
    if (label.isupper() and len(label) <= ACRONYM_MAX) or vocab.find(label, "treatment"):
        return None
    return label


def unlabelled(vocab: Vocabulary, sentence: str) -> str:
    """A sentence without the speaker's name it opens with ("Jas: As for zero downtime, ..." ->
    "As for zero downtime, ..."), so that rules anchored at its start read the words said."""
    hit = vocab.find(sentence, "context.speaker")
    return sentence[hit[0].end :].lstrip(" *_:\t") if hit and speaker(vocab, sentence) else sentence


#: A transcript has two speakers at least: one labelled line alone is a quotation or a form's field.
TRANSCRIPT_MIN_SPEAKERS = 2


def turns(doc: Document, plan: list[Block], vocab: Vocabulary) -> list[str | None]:
    """Whose turn each block is. A speaker's label opens a turn; in a transcript, the prose lines
    right after it (no blank line, heading, bullet or question between) continue it, as a
    founder's pitch runs on over several lines after "[00:47] JORDAN:"."""
    labels = [speaker(vocab, doc.text[b.start : b.end]) for b in plan]
    if len({name.casefold() for name in labels if name}) < TRANSCRIPT_MIN_SPEAKERS:
        return labels
    out: list[str | None] = []
    current: str | None = None
    for i, (block, label) in enumerate(zip(plan, labels, strict=True)):
        broken = i > 0 and doc.text.count("\n", plan[i - 1].end, block.start) > 1
        if label or block.kind is not BlockKind.TEXT or broken:
            current = label
        out.append(current)
    return out
