"""Two words that name an action together: a thing, and what is wrong with it.

"胸口" is a part of the body and "压" a weight, neither of them a need; said together in one
clause ("胸口像压了块石头", "something's squeezing my chest") they are a statement of
distress, however else the two are put. "身上" and "脏" are a bath, though "脏" alone is
cleaning; "说话" and "不清" a stroke, though "说话" alone is a chat. So distress and needs
are found by what they are made of, not by whole phrases.

The pairs are the tables ``[pairs.<name>]`` of the phrase file (see lexicon.py): one word of
its ``things`` and one of its ``states`` in one clause, at most ``BETWEEN`` words apart, in
either order unless the table keeps the thing first. Each state takes the nearest thing of
any of its pairs; a word is in one pair at most, the first the sentence makes. A state in a
clause with no thing at all is said of the last thing of the clause before it (Chinese
leaves the topic unsaid: "被子好久没晒了，也该洗洗了").

A pair becomes one mention of its action, standing where the later of its two words stands,
so that a denial before that word denies the pair ("胸口不疼", "no pain in my chest" are no
distress). The words it is made of mean nothing else any more.
"""

from __future__ import annotations

from voice.understand.lexicon import CONCEPT, GAP, Lexicon, Sense
from voice.understand.words import Mention

# The most words that may stand between the two words of a pair.
BETWEEN = 4


def pair_up(mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """``mentions`` with the pairs found among them in place of the words they are made
    of, in the order of the sentence; a pair may be the thing of a second one."""
    if not lexicon.pairs:
        return mentions
    return _pair_once(_pair_once(mentions, lexicon), lexicon)


def _pair_once(mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    found: list[Mention] = []
    used: set[int] = set()
    for at, state in enumerate(mentions):
        if at in used:
            continue
        nearest = _nearest_things(at, mentions, lexicon, used)
        for index, name in nearest:
            thing = mentions[index]
            earlier, later = sorted((thing, state), key=lambda m: m.start)
            action = lexicon.pairs[name].action
            # The state's word as a thing of a pair of distress ("疼" of "肚子疼"), which
            # the pair now made is not: it may take a state of that pair in the second round.
            still = tuple(
                s
                for s in state.senses
                if s.kind == "thing"
                and s.name != name
                and action != "sos"
                and lexicon.pairs[s.name].action == "sos"
            )
            found.append(
                Mention(
                    state.clause,
                    later.start,
                    later.end,
                    f"{thing.form}{GAP}{state.form}",
                    (Sense("concept", action, CONCEPT), *still),
                    also=(earlier.start, earlier.end),
                )
            )
            used.update((at, index))
    if not found:
        return mentions
    kept = [m for index, m in enumerate(mentions) if index not in used]
    return sorted([*kept, *found], key=lambda m: (m.clause, m.start, m.end))


def _nearest_things(
    at: int, mentions: list[Mention], lexicon: Lexicon, used: set[int]
) -> list[tuple[int, str]]:
    """The things the state ``mentions[at]`` pairs with, as (index, pair name): the nearest
    of any of its pairs ("床单好久没洗了" is the sheets', not a bath), all of them if as near,
    but none that is already in an earlier pair ("肚子疼得厉害": the 疼 is the belly's)."""
    state = mentions[at]
    names = {s.name for s in state.senses if s.kind == "state" and s.name in lexicon.pairs}
    if not names:
        return []
    best: list[tuple[int, str]] = []
    least = BETWEEN + 1
    for index, thing in enumerate(mentions):
        if index == at or index in used or thing.clause != state.clause:
            continue
        for name in {s.name for s in thing.senses if s.kind == "thing"} & names:
            if thing.end <= state.start:
                between = state.start - thing.end
            elif lexicon.pairs[name].any_order and state.end <= thing.start:
                between = thing.start - state.end
            else:
                continue
            if between < least:
                best, least = [(index, name)], between
            elif between == least:
                best.append((index, name))
    own = (
        {s.name for s in m.senses if s.kind == "thing"} & names
        for m in mentions
        if m.clause == state.clause
    )
    if best or any(own):  # a thing of its own pairs in its clause ("我" of 我不行了 is not)
        return best
    return _topic(at, mentions, names, used)


def _says_something(mention: Mention) -> bool:
    """Whether a mention names something (a thing, an action, an answer), not only how."""
    return any(s.kind in ("thing", "concept", "hint", "slot") for s in mention.senses)


def _topic(
    at: int, mentions: list[Mention], names: set[str], used: set[int]
) -> list[tuple[int, str]]:
    """A state said in a clause with no thing of its own is said of the last thing of the
    clause before, the topic still talked about: "被子好久没晒了，也该洗洗了". A clause with
    no word of ours between ("my hip, oh Lord, I think it's broken") changes no topic."""
    state = mentions[at]
    before = max(
        (m.clause for m in mentions[:at] if m.clause < state.clause and _says_something(m)),
        default=None,
    )
    if before is None:
        return []
    for index in range(at - 1, -1, -1):
        thing = mentions[index]
        if thing.clause < before:
            break
        if thing.clause == before and index not in used:
            found = {s.name for s in thing.senses if s.kind == "thing"} & names
            if found:
                return [(index, name) for name in sorted(found)]
    return []
