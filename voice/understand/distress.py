"""When a statement of distress is no emergency: it happened before, or it has lasted.

"去年摔过一跤", "I had a fall years ago": distress said of the past is no SOS, whether a word
of ``[distress] past`` stands anywhere in its clause or a word of ``had`` right after it
(摔过, 昏倒过). "这几天老是头晕", "I've been getting dizzy spells for a week": a complaint that
has lasted (a word of ``lasting`` in its clause) is a reason to see a doctor (the action
``lasting_is``), not an emergency, unless a word of ``urgent`` is said anywhere ("厉害",
"受不了", "help", "can't"): "这几天老是胸口疼，现在疼得受不了" is an SOS.

Said without any of these, distress is an SOS: the countdown, which the elder can cancel, is
the safer mistake. Distress with an everyday cause in its clause ("坐久了腿发麻", "pins and
needles from sitting too long", ``harmless``) is taken as the past is. Denials ("我没摔着",
"I'm not dizzy") are the negation's, in __init__.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from voice.understand.lexicon import GAP
from voice.understand.words import Mention


def is_distress(mention: Mention) -> bool:
    return any(s.kind == "concept" and s.name == "sos" for s in mention.senses)


@dataclass(frozen=True)
class DistressTime:
    """The statements of distress, by index, said of the past or of a lasting complaint."""

    past: frozenset[int] = frozenset()
    lasting: frozenset[int] = frozenset()


def calls_for_something(
    mentions: list[Mention], words: list[list[str]], calls: frozenset[str], ends: frozenset[str]
) -> frozenset[int]:
    """The calls for help in ``mentions`` said with what the help is for: "can somebody help
    me have a shower", "help me with this form" ask for help with something, not for rescue;
    a call alone in its clause, or followed only by words of ``ends`` ("somebody help me
    please"), is a cry. The rest of the sentence says what is wanted; other distress said
    beside ("help me, I've fallen") is distress still."""
    found: set[int] = set()
    for index, mention in enumerate(mentions):
        if mention.form not in calls or not is_distress(mention):
            continue
        clause = words[mention.clause] if mention.clause < len(words) else []
        if any(word not in ends for word in clause[mention.end :]):
            found.add(index)
    return frozenset(found)


def distress_time(
    mentions: list[Mention], lasting_word: Callable[[str], bool] = lambda _: False
) -> DistressTime:
    """When each statement of distress in ``mentions`` was, if not now; ``lasting_word``:
    whether a part of a word of two parts says it has lasted ("老毛病…又犯了": an old
    complaint back again)."""
    if not any(is_distress(m) for m in mentions):
        return DistressTime()
    urgent = any(m.has("urgent") for m in mentions)
    # An everyday cause ("坐久了", "from sitting too long") makes its clause's distress no
    # emergency, as the past does: a leg gone numb from sitting is nothing to call about.
    clauses_past = {m.clause for m in mentions if m.has("past") or m.has("harmless")}
    clauses_lasting = {m.clause for m in mentions if m.has("lasting")}
    past: set[int] = set()
    lasting: set[int] = set()
    for index, mention in enumerate(mentions):
        if not is_distress(mention):
            continue
        after = mentions[index + 1] if index + 1 < len(mentions) else None
        had = (
            after is not None
            and after.clause == mention.clause
            and after.start == mention.end
            and after.has("had")
        )
        if had or mention.clause in clauses_past:
            past.add(index)
        elif (
            mention.clause in clauses_lasting or any(map(lasting_word, mention.form.split(GAP)))
        ) and not urgent:
            lasting.add(index)
    return DistressTime(frozenset(past), frozenset(lasting))
