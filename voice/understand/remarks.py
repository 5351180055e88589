"""What others said, told to the kiosk: a remark, not a request.

"医生说我要多走走", "the doctor said I'm doing well", "听说要降温": the elder repeats what
someone said. What was said asks for nothing and is no distress, though it may hold the
words of a need ("走走") or a request ("我要"): they are the doctor's, not the elder's.

A report begins at a word that quotes by itself ([chatter] ``quotes``: 听说, "apparently")
or at a word of saying ([chatter] ``says``: 说, 让我, "said", "told me") said a few words
after one who may be quoted ([chatter] ``speakers``: 医生, 儿子, "the doctor", "they"; not
"a man on the phone says ...": what a stranger says is what happened to the elder; nor
one asked for: "找个医生给讲讲" wants a doctor to explain). It
runs to the end of what is said; but a later
clause with a word of the elder's own request ([chatter] ``own``: 帮我, "can you") is the
elder's again, and then what was reported is what the elder asks about: "医生让我复查，帮我
约一下" is the medical service, "the doctor wants a blood test, can you book one" too.
"""

from __future__ import annotations

from dataclasses import dataclass

from voice.understand.pairs import BETWEEN
from voice.understand.words import Mention


@dataclass(frozen=True)
class Report:
    """The mentions a report is made of and those of what it reports, by index."""

    saying: frozenset[int] = frozenset()  # the speaker and the word of saying, or the quote
    said: frozenset[int] = frozenset()  # what was reported
    asked: bool = False  # a clause after it asks for something of the elder's own


def _start(mentions: list[Mention]) -> tuple[int, set[int]] | None:
    """(the index of the mention after which the report begins, the mentions of saying)."""
    for index, mention in enumerate(mentions):
        if mention.has("quote"):
            return index, {index}
        if not mention.has("says"):
            continue
        for other, speaker in enumerate(mentions):
            if other == index or speaker.clause != mention.clause or not speaker.has("speaker"):
                continue
            if _sent_for(mentions, other):
                continue  # "找个医生给讲讲": the doctor asked for will say it, not said it
            if speaker.end <= mention.start and mention.start - speaker.end <= BETWEEN:
                return index, {index, other}
    return None


def _sent_for(mentions: list[Mention], at: int) -> bool:
    """Whether the speaker ``mentions[at]`` is the one asked for ("找个医生", "get a nurse
    to tell me"): a word of a request said right before it."""
    speaker = mentions[at]
    return any(
        m.clause == speaker.clause and m.end == speaker.start and m.has("request")
        for m in mentions[:at]
    )


def report(mentions: list[Mention]) -> Report:
    """The first report in ``mentions``, if any (an empty Report if none)."""
    start = _start(mentions)
    if start is None:
        return Report()
    last, saying = start
    clause = mentions[last].clause
    # The elder's own words again: the first later clause with a word of their request.
    own_from = min(
        (m.clause for m in mentions[last + 1 :] if m.clause > clause and m.has("own")),
        default=None,
    )
    said = frozenset(
        index
        for index in range(last + 1, len(mentions))
        if index not in saying and (own_from is None or mentions[index].clause < own_from)
    )
    asked = any(
        m.has("own") and index not in said and index not in saying
        for index, m in enumerate(mentions)
    )
    return Report(frozenset(saying), said, asked)
