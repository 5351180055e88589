"""One utterance, its words and the mentions found in them: what the weighing asks of it.

How many words say something, and how many are none of ours; whether a request or a trouble
is said, and where something done is only told; whether nothing but [alone] words was said;
whether a yes is said as an answer; how many people were said to eat. Each question is
about the whole utterance, so the Chinese words are cut again (``Reader.split_tokens``) only
once per clause.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cached_property
from itertools import accumulate

from voice.intents import spaced
from voice.understand.lexicon import BESIDE, Lexicon, Sense
from voice.understand.words import LITTLE_WORDS, Mention, Reader

# The senses of [slots.people]: another person, the elder, a word of company (和, "too").
PERSON_OTHER = Sense("person", "others")
PERSON_SELF = Sense("person", "self")
PERSON_WITH = Sense("person", "with")
# A yes followed by one of these is asked back ("行吗", "可以吗"; "行不行" reads as "行吗").
QUESTION_PARTICLES = frozenset({"吗", "么", "嘛"})


class Sentence:
    """The words of an utterance, clause by clause, and the mentions found in them."""

    def __init__(
        self, words: list[list[str]], mentions: list[Mention], lexicon: Lexicon, reader: Reader
    ) -> None:
        self.words = words
        self.mentions = mentions
        self.lexicon = lexicon
        self.reader = reader
        self.spaced = spaced(lexicon.language)

    @cached_property
    def tokens(self) -> list[list[str]]:
        """Each clause's words as the mentions count them (see Reader.split_tokens)."""
        return [self.reader.split_tokens(clause) for clause in self.words]

    def empty(self, word: str) -> bool:
        """A word that says nothing: a filler, a particle, a little word ("um", 了, "the")."""
        return word in self.lexicon.empty or (self.spaced and word in LITTLE_WORDS)

    def saying(self) -> int:
        """How many words say something: not fillers, particles or little words."""
        return sum(1 for clause in self.words for word in clause if not self.empty(word))

    def unknown(self) -> int:
        """How many words that say something are no word of ours (a word that means
        something only beside others, and is not beside them, is none)."""
        covered = {
            (m.clause, i)
            for m in self.mentions
            if any(s.kind not in BESIDE or s.kind == "urgent" for s in m.senses)
            or m.number is not None
            for i in m.positions()
        }
        return sum(
            1
            for index, clause in enumerate(self.tokens)
            for position, word in enumerate(clause)
            if (index, position) not in covered and not self.empty(word)
        )

    def told(self) -> set[int]:
        """The clauses where a word of something done ([chatter] told: 了) stands with more
        said after it, and no request: "买了个新手机" tells, "手机没电了" and "天黑了给我送碗
        饭" ask."""
        lasting = {(m.clause, i) for m in self.mentions if m.has("lasting") for i in m.positions()}
        told: set[int] = set()
        for mention in self.mentions:
            if mention.has("told") and mention.clause < len(self.tokens):
                after = self.tokens[mention.clause][mention.end :]
                if any(word in self.lexicon.requests for word in after):
                    continue
                if any(
                    not self.empty(word) and (mention.clause, mention.end + i) not in lasting
                    for i, word in enumerate(after)
                ):
                    told.add(mention.clause)  # but "疼了好几天" tells how long, not what
        return told

    def asks(self, told: Collection[int] = ()) -> bool:
        """Whether a word of a request or a need ([chatter] asking, unless) is said
        anywhere, even at the start of a longer word ("脏得"), but not inside one (the 送 of
        播送); in a clause that tells of something done, a word of a request is part of the
        telling ("邻居给我送了点饺子"), a trouble is not ("被人骗了两万块")."""
        for index, clause in enumerate(self.words):
            wanted = self.lexicon.troubles if index in told else self.lexicon.requests
            if self.spaced:
                text = f" {' '.join(clause)} "
                if any(f" {word} " in text for word in wanted):
                    return True
                continue
            text = "".join(clause)
            starts = set(accumulate((len(w) for w in clause), initial=0))
            for word in wanted:
                at = text.find(word)
                while at >= 0:
                    if at in starts:
                        return True
                    at = text.find(word, at + 1)
        return False

    def alone(self) -> bool:
        """Whether nothing but [alone] words, requests and words that say nothing was said
        (what a word would mean beside others, such as the 是 of "是电视", does not count)."""
        covered = {
            (m.clause, i)
            for m in self.mentions
            if (senses := [s for s in m.senses if s.kind not in BESIDE])
            and all(s.kind in ("alone", "request", "own", "negation", "until") for s in senses)
            and m.number is None
            for i in m.positions()
        }
        return all(
            (index, position) in covered or self.empty(word)
            for index, clause in enumerate(self.tokens)
            for position, word in enumerate(clause)
        )

    def asked_back(self, mention: Mention) -> bool:
        """Whether ``mention`` (a yes) is asked back as a question, whether it is all right
        rather than that it is ("行吗", "这个行吗", "行不行啊", "可以吗"): no answer yet. Not
        where its clause also says what to do ("帮我下单好吗": a polite request)."""
        follows = [
            m for m in self.mentions if m.clause == mention.clause and m.start == mention.end
        ]
        if not any(m.form in QUESTION_PARTICLES for m in follows):
            return False
        return not any(
            m is not mention
            and m.clause == mention.clause
            and any(s.name == "yes" and s.kind == "concept" for s in m.senses)
            for m in self.mentions
        )

    def answer(self, mention: Mention) -> bool:
        """Whether ``mention`` (a yes) is said as an answer: nothing but empty words,
        requests and other words of a yes around it in its clause ("好嘞送来吧", "是，快叫",
        not "可以问一下多少钱吗")."""
        if mention.clause >= len(self.tokens):
            return True
        clause = self.tokens[mention.clause]
        asking: set[int] = set()
        agreeing: set[int] = set()
        for m in self.mentions:
            if m.clause != mention.clause:
                continue
            if all(s.kind in ("request", "own") for s in m.senses):
                asking.update(m.positions())
            elif any(s.name == "yes" and s.kind in ("concept", "alone") for s in m.senses):
                agreeing.update(m.positions())
        before = all(
            self.empty(word) or position in asking or position in agreeing
            for position, word in enumerate(clause[: mention.start])
        )
        return before and all(
            self.empty(word) or position in asking or position in agreeing
            for position, word in enumerate(clause[mention.end :], mention.end)
        )

    def people(self) -> int:
        """How many people were said to eat ([slots.people]): others named with the elder
        ("我和老伴") or with a word of company ("老伴也吃", "my husband's eating too")."""
        others = {m.form for m in self.mentions if PERSON_OTHER in m.senses}
        with_elder = any(s in (PERSON_SELF, PERSON_WITH) for m in self.mentions for s in m.senses)
        return len(others) + 1 if others and with_elder else 0

    def about_others(self) -> bool:
        """Whether the utterance only tells what someone else does ("我孙子明天来看我", "my
        son's coming tomorrow"): it starts with another person and names nothing else but
        days and times, no meal (someone coming to dinner is a dinner to order), no one
        eating along, no count. Said so, a day or a time is theirs, not an answer."""
        if any(
            m.number is not None
            or PERSON_WITH in m.senses
            or any(s.kind in ("concept", "hint") or s.name.startswith("meal.") for s in m.senses)
            for m in self.mentions
        ):
            return False
        for mention in self.mentions:
            if mention.clause > 0:
                return False
            if PERSON_SELF in mention.senses:
                continue  # "我孙子": the elder's grandson
            first = all(self.empty(word) for word in self.tokens[0][: mention.start])
            return PERSON_OTHER in mention.senses and (first or self._only_self_before(mention))
        return False

    def _only_self_before(self, mention: Mention) -> bool:
        return all(
            PERSON_SELF in m.senses or not m.senses
            for m in self.mentions
            if m.clause == 0 and m.end <= mention.start
        )

    def of_people(self, mention: Mention) -> bool:
        """Whether ``mention`` counts people or things, not food ("一个人", "一口饭")."""
        if mention.number is None or mention.clause >= len(self.tokens) or self.serves(mention):
            return False
        tokens = self.tokens[mention.clause]
        after = tokens[mention.end] if mention.end < len(tokens) else ""
        if after and self.reader.is_unit(after):
            return True
        form = mention.form
        return not self.spaced and any(self.reader.is_unit(form[k:]) for k in range(1, len(form)))

    def serves(self, mention: Mention) -> bool:
        """Whether ``mention`` counts food ([slots.portions] units: "两份", "three portions"),
        which names the meals service; a count of people or of anything ("一个人不敢去",
        "就我一个") answers how many only where the question is asked."""
        if mention.number is None or mention.clause >= len(self.tokens):
            return False
        servings = self.lexicon.servings
        tokens = self.tokens[mention.clause]
        after = tokens[mention.end] if mention.end < len(tokens) else ""
        if self.spaced and after.endswith("s"):
            after = after[:-1]
        return after in servings or any(mention.form.endswith(s) for s in servings)
