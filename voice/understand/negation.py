"""What the words of denial in an utterance deny.

"不要助餐，要助洁", "I don't want cleaning": a negation word takes back the words after it in
its clause (or, said after them, those before: "助餐不要了"); some deny only distress ("没",
"afraid of"), some a need met already ("吃过了", "have had lunch"); a change of mind ("改",
"make it") takes back the answers said before it, and a word of not being there ("不方便",
"I won't be home") the answers of its clause. What is denied is weighed in __init__.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from voice.understand.lexicon import ANSWERS, Sense
from voice.understand.words import Mention

# Actions that call something off: denying one of them ("不要取消") is no "no".
CALLING_OFF = frozenset({"no", "cancel"})


def _content(mention: Mention) -> bool:
    return mention.number is not None or any(
        s.kind in ("concept", "hint", "slot") for s in mention.senses
    )


def _names(sense: Sense) -> bool:
    return sense.kind in ("concept", "hint")


def _earlier_content(mentions: list[Mention], index: int) -> list[int]:
    """The words that say something before ``mentions[index]`` in its clause, nearest
    first, up to another negation, a wish or a new clause."""
    found: list[int] = []
    mention = mentions[index]
    for earlier in range(index - 1, -1, -1):
        other = mentions[earlier]
        if other.clause != mention.clause or other.has("clause"):
            break
        if other.has("negation") or other.has("until"):
            break
        if _content(other):
            found.append(earlier)
    return found


@dataclass
class Denials:
    """What the negation words of an utterance deny, by index of mention."""

    # how: all, needs, distress, away, double (a negation denied: it says nothing)
    denied: dict[int, str] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)  # the negation words that denied something
    # those that denied a calling off: "不要取消" is no "no", the countdown goes on
    undoing: set[int] = field(default_factory=set)


def negated_mentions(mentions: list[Mention]) -> Denials:
    """What each negation word denies.

    A negation word denies what follows it in its clause, up to a word of a new wish once it
    has denied something ("不要助餐，要助洁"), or a word that starts a new clause ("but");
    an ``after`` negation with nothing to deny after it denies what came before it in its
    clause ("助餐不要了"), and only that. An ``unreal`` one ("没", "afraid of") denies only
    distress, a ``done`` one ("have had") all but distress ("I've had a fall" is one). An
    ``instead`` one ("改", "make it") takes back the answers said before it of the kind said
    after it (a count for a count: "lunch tomorrow, and make it two" keeps the lunch). An
    ``away`` one ("不方便", "I won't be home") takes back the answers said in its clause, or
    in the clause before where its own has none ("明天上午我得去医院，下午才在家"): the time
    the elder cannot do, not a wish."""
    denied: dict[int, str] = {}
    used: set[int] = set()
    undoing: set[int] = set()
    doubled = _double_negations(mentions)
    for index in doubled:
        denied[index] = "double"
    for index, mention in enumerate(mentions):
        if index in doubled:
            continue
        kinds = {s.name for s in mention.senses if s.kind == "negation"}
        if "instead" in kinds:
            for earlier in _changed(mentions, index):
                denied[earlier] = "all"
            kinds.discard("instead")
        if "away" in kinds:
            for target in _away(mentions, index):
                denied.setdefault(target, "away")
            kinds.discard("away")
        if not kinds:
            continue
        targets: list[int] = []
        for later in range(index + 1, len(mentions)):
            other = mentions[later]
            if other.clause != mention.clause or other.has("clause") or other.has("negation"):
                break
            if other.has("until") and targets:
                break
            if _content(other) and not other.has("until"):
                targets.append(later)
        if kinds == {"after"} and targets:
            continue  # a denial said after what it denies: "吃过午饭以后" is no denial of 午饭
        if kinds == {"done"} and any(
            m.clause == mention.clause and m.has("lasting") for m in mentions
        ):
            continue  # "I've had a cough for a week": not a need met, one that lasts
        if not targets and kinds & {"after", "done"}:  # "漏水的事已经修好了"
            targets = _earlier_content(mentions, index)
            if kinds == {"done"}:
                # A time is never a need met: "this afternoon is fine" chooses it.
                targets = [t for t in targets if not _only_time(mentions[t])]
            if not targets and _opens_clause(mentions, index):
                # "洗澡？不用了", "饭我自己会做，不用送", "中午吃的饺子，挺好吃": the thing was
                # the clause before.
                targets = [
                    at
                    for at, other in enumerate(mentions)
                    if other.clause == mention.clause - 1
                    and _content(other)
                    and not any(s.name in ANSWERS for s in other.senses)  # "算了，不订了"
                    and not (kinds == {"done"} and _only_time(other))
                ]
        elif targets and "before" in kinds:
            # The thing said first and denied with its verb ("澡我就不洗了"): the denial
            # reaches back to a word of the same action before it in its clause.
            named = {s.name for t in targets for s in mentions[t].senses if _names(s)}
            targets += [
                earlier
                for earlier in _earlier_content(mentions, index)
                if named & {s.name for s in mentions[earlier].senses if _names(s)}
            ]
        how = "all" if kinds & {"before", "after"} else "needs" if "done" in kinds else "distress"
        for target in targets:
            if denied.get(target) != "all":
                denied[target] = how
        if targets and how == "all":
            used.add(index)
            if any(
                s.kind == "concept" and s.name in CALLING_OFF
                for target in targets
                for s in mentions[target].senses
            ):
                undoing.add(index)
    return Denials(denied, used, undoing)


def _denies(mention: Mention) -> bool:
    return any(
        s.kind == "negation" or (s.kind == "concept" and s.name == "no") for s in mention.senses
    )


def _double_negations(mentions: list[Mention]) -> set[int]:
    """The negation words denied by the one right before them: "不是不要", "not no" deny
    nothing and refuse nothing (what follows says what is meant: "是快叫", "yes"). The
    same word twice ("不不", "no no") is said for weight, not a double negation, and a
    "no" of a change of mind starts anew ("no don't cancel" keeps "don't cancel")."""
    found: set[int] = set()
    for index in range(len(mentions) - 1):
        first, second = mentions[index], mentions[index + 1]
        if (
            index not in found
            and any(s.kind == "negation" and s.name == "before" for s in first.senses)
            # "no don't cancel": a "no" that changes the mind starts what it says anew
            and not any(s.kind == "negation" and s.name == "instead" for s in first.senses)
            and _denies(second)
            and second.clause == first.clause
            and second.start == first.end
            and second.form != first.form
        ):
            found.update((index, index + 1))
    return found


def _opens_clause(mentions: list[Mention], index: int) -> bool:
    """Whether nothing that says something stands before ``mentions[index]`` in its clause."""
    mention = mentions[index]
    return not any(
        other.clause == mention.clause and other.end <= mention.start and _content(other)
        for other in mentions[:index]
    )


def _answer_lists(mention: Mention) -> set[str]:
    """The answer lists a mention says something of: a count is "portions"."""
    lists = {s.name.split(".", 1)[0] for s in mention.senses if s.kind == "slot"}
    if mention.number is not None:
        lists.add("portions")
    return lists


def _only_time(mention: Mention) -> bool:
    """Whether a mention says only a day or a time of day."""
    return bool(mention.senses) and all(
        s.kind == "slot" and s.name.startswith(("day.", "when.")) for s in mention.senses
    )


def _changed(mentions: list[Mention], index: int) -> list[int]:
    """The answers before ``mentions[index]`` (a change of mind) that it takes back: those
    of the lists said after it, all of them where none is."""
    after: set[str] = set()
    for later in mentions[index + 1 :]:
        after |= _answer_lists(later)
    return [
        earlier
        for earlier in range(index)
        if (lists := _answer_lists(mentions[earlier])) and (not after or lists & after)
    ]


def _away(mentions: list[Mention], index: int) -> list[int]:
    """The answers a word of not being there takes back: of its clause, else of the clause
    before it."""
    clause = mentions[index].clause
    for wanted in (clause, clause - 1):
        found = [
            at
            for at, other in enumerate(mentions)
            if at != index and other.clause == wanted and other.has("slot")
        ]
        if found:
            return found
    return []
