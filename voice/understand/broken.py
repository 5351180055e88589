"""Speech that breaks off or holds back: what it still says.

An elder short of breath or in pain does not finish sentences: "喘……喘不……", "嗯……快……快……",
"can't... breathe"; a cry breaks into an answer ("Yes... oh, oh, my chest"). These tell
:mod:`voice.understand` that the speech halted (pauses, a word said over again), that a cry
of pain stands beside a word of distress alone in its clause, that the elder is weighing a
thing up ("订不订呢……": no answer yet), and that a "no" is of someone else ("My late husband
would never have paid that").
"""

from __future__ import annotations

import re
from itertools import pairwise

from voice.understand.words import Mention

# Pauses in what was typed or transcribed: "……", "…", "...".
_PAUSE = re.compile(r"…|\.\.")


def halting(text: str) -> bool:
    """Whether ``text`` was said with pauses ("喘……喘不……", "can't... breathe")."""
    return bool(_PAUSE.search(text))


def repeats(words: list[list[str]]) -> bool:
    """Whether a clause begins with the word the one before it began with, or a word is
    said twice running ("快 快", "喘 / 喘不"): speech that stumbles."""
    flat = [w for clause in words for w in clause]
    if any(a == b for a, b in pairwise(flat)):
        return True
    starts = [clause[0] for clause in words if clause]
    return any(b.startswith(a) for a, b in pairwise(starts))


# A clause of a word of distress broken off has at most this many words ("my chest").
FRAGMENT_CLAUSE = 3


def cry_breaks_in(
    mentions: list[Mention], fragments: list[Mention], words: list[list[str]]
) -> bool:
    """Whether a cry of pain ("oh", "哎哟") is said with a word of distress standing alone
    in a short clause of its own ("oh, oh, my chest", "哎哟，胸口"): distress broken off,
    whatever answer it broke into."""
    if not any(m.has("pain_cry") for m in mentions):
        return False
    for fragment in fragments:
        clause = words[fragment.clause] if fragment.clause < len(words) else []
        alone = not any(m.clause == fragment.clause and m is not fragment for m in mentions)
        if alone and len(clause) <= FRAGMENT_CLAUSE:
            return True
    return False


def weighing_up(words: list[list[str]]) -> frozenset[int]:
    """The clauses that weigh a thing up, "X不X" ("订不订呢", "要不要"): a question the elder
    asks of himself, no answer yet."""
    found: set[int] = set()
    for index, clause in enumerate(words):
        for at, word in enumerate(clause):
            after = clause[at + 1 : at + 3]
            if (after[:1] == ["不" + word]) or (after == ["不", word]):
                found.add(index)
            elif len(word) == 3 and word[1] == "不" and word[0] == word[2]:
                found.add(index)  # segmented whole: "行不行"
    return frozenset(found)


def of_someone_else(mentions: list[Mention], index: int) -> bool:
    """Whether someone else is named before ``mentions[index]`` in its clause ("my late
    husband would never", "我儿子不要"): what is said is of them, no answer of the elder's."""
    mention = mentions[index]
    return any(
        m.clause == mention.clause
        and m.end <= mention.start
        and any(s.kind == "person" and s.name == "others" for s in m.senses)
        for m in mentions[:index]
    )
