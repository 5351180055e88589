"""From text to the words of the lexicon it mentions, clause by clause.

English is split on spaces, its contractions spelled out first. Chinese has no spaces: it
is cut into words by jieba (:mod:`voice.understand.segment`), and a word of our lists is
only taken where the sentence's own words begin and end. So 饭 is not found in 饭店 (a
restaurant), nor the 不 of 不舒服 taken for a denial. A word jieba made of several of ours
(今天下午) is cut into them when ours cover it whole, one that begins with ours is cut after
it (血压高: 血压, 高), and a particle after ours is cut off (脏得: 脏, 得); a word of ours
before a "…B" head joins it (血压 + 药: a medicine). Regional words are read as ours
([spoken.same]: 明朝 is 明天), a question "A不A" as "A吗" (行不行 is no denial), an hour
as its part of the day (两三点 is 下午, see :mod:`voice.understand.clock`).

A recogniser mishears: 主语 for 助浴, "can sell" for "cancel". Words that sound like a word
of the lists are taken for it: the same toneless pinyin (pypinyin) for Chinese words of two
syllables or more, the same Metaphone key (jellyfish) for English, or one sound off for
longer keys, or, in Chinese, as an accent merges sounds (zh/z, ch/c, sh/s, n/l, -ng/-n:
山份 for 三份) keeping half of them. A word said exactly always wins over a longer one that
only sounds alike, and a sound-alike never adds nor drops a "not".

jieba reads its dictionary on first use (about half a second, then a cache file in the
temporary folder), pypinyin its tables on import (a quarter of a second): :func:`segmenter`
and :class:`Reader` load them when :meth:`Understander.prepare` is called, which the kiosk
does in the listener's thread, never the UI thread.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from voice.intents import expand_contractions, spaced
from voice.understand.clock import chinese_hours, english_hours
from voice.understand.lexicon import BESIDE, GAP, HINT, Lexicon, Sense
from voice.understand.segment import segmenter

# Clauses end at punctuation; a denial never reaches past one.
_CLAUSE_BREAK = re.compile(r"[,.!?;:，。！？；：、…\n]+")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_DIGITS = re.compile(r"[0-9]+")
_HAN = re.compile(r"^[\u3400-\u9fff]+$")
# Particles after a word: 脏得, 疼着, 摔过 are 脏, 疼, 摔 with them.
_PARTICLES = frozenset("得着了过")
# "行不行", "高不高": a question, not a denial.
_A_NOT_A = re.compile(r"^([\u3400-\u9fff])不\1$")
# Words of a gapped entry ("给…打电话") may stand this many words apart.
GAP_WORDS = 4
# Sound-alike English: keys this long may be one sound off ("docked her" for "doctor"), and
# the words must be spelt at least this much alike (SequenceMatcher ratio).
NEAR_KEY = 4
SOUND_MIN_KEY = 3
SPELT_ALIKE = 0.5
SPELT_NEAR = 0.7
SPELT_ONE_WORD = 0.8
# Words a sound-alike English phrase never begins or ends with: they sound like too much.
# fmt: off
LITTLE_WORDS = frozenset({
    "a", "an", "the", "to", "of", "in", "on", "at", "for", "and", "or", "my", "me", "i", "you",
    "it", "is", "are", "was", "were", "be", "been", "am", "by", "with", "her", "his", "him", "he",
    "she", "we", "they", "us", "our", "your", "their", "them", "this", "that", "these", "those",
    "what", "who", "how", "have", "has", "had", "do", "does", "did", "so", "but", "not", "no",
    "up", "out", "off", "over", "into", "from", "could", "would", "should", "will", "just",
    "very", "some", "any", "all",
})
# fmt: on
# Senses of a word of ours that may name the kind of a "…B" head after it (血压 in 血压药):
# not a denial (不要药 is no medicine), a request, a count (两分饭 is 两份 饭) or the like.
_NAMING = frozenset({"concept", "hint", "thing", "state"})
# The kinds of a pair's words: they mean something only beside each other.
PAIR_WORDS = ("thing", "state")
# Words that deny: a sound-alike must say them as the listed word does.
_DENYING = frozenset({"not", "no", "never"})
# Senses a word is never heard for by its sound alone.
UNSOUNDED = frozenset({"request", "chatter"}) | BESIDE
# Senses that say too little for a word said as such to win over a longer sound-alike.
LITTLE = frozenset({"request", "unit"}) | BESIDE


def clauses(text: str, language: str) -> list[list[str]]:
    """The text's clauses, each a list of words (lower case, width folded)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if language.startswith("en"):
        text = expand_contractions(text)
    found: list[list[str]] = []
    for part in _CLAUSE_BREAK.split(text):
        if spaced(language):
            words = [w for w in _NOT_WORD.split(part) if w]
        else:
            joined = "".join(w for w in _NOT_WORD.split(part) if w)
            words = segmenter().cut(joined) if joined else []
        if words:
            found.append(words)
    return found


@dataclass(frozen=True)
class Mention:
    """Words of the lexicon found in a clause: tokens ``start`` to ``end`` (exclusive)."""

    clause: int
    start: int
    end: int
    form: str
    senses: tuple[Sense, ...]
    number: int | None = None  # a count ("两份", "two portions", or a bare "2")
    counted: bool = False  # the count came with a counting word (份, portions)
    heard_as: str = ""  # the word of the lists it sounds like, when not said as such
    also: tuple[int, int] | None = None  # a pair's other word (start, end), see pairs.py

    def has(self, kind: str) -> bool:
        return any(s.kind == kind for s in self.senses)

    def positions(self) -> range | list[int]:
        """The token positions the mention covers in its clause."""
        if self.also is None:
            return range(self.start, self.end)
        return [*range(*self.also), *range(self.start, self.end)]


def _plural_forms(word: str) -> list[str]:
    if len(word) <= 3 or not word.endswith("s"):
        return []
    forms = [word[:-1]]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    elif word.endswith("es"):
        forms.append(word[:-2])
    return forms


class Reader:
    """Finds the lexicon's words in clauses of one language (exactly, or by their sound)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.spaced = spaced(lexicon.language)
        self._joiner = " " if self.spaced else ""
        self._sounds: dict[Any, list[tuple[str, tuple[Sense, ...]]]] | None = None
        self._near: dict[str, set[str]] = {}
        # Chinese words by their pinyin as a regional accent says it (see _accent_free).
        self._accented: dict[tuple[str, ...], list[tuple[str, tuple[Sense, ...]]]] = {}
        self._sound_of: Any = None
        self._sound_lock = threading.Lock()

    # -- sounds ----------------------------------------------------------------------------

    def prepare(self) -> None:
        """Load the sound tables (pypinyin's or jellyfish's) and index the lexicon by sound."""
        with self._sound_lock:
            if self._sounds is not None:
                return
            sounds: dict[Any, list[tuple[str, tuple[Sense, ...]]]] = {}
            sound_of = self._english_key if self.spaced else self._pinyin
            self._sound_of = sound_of
            for form, senses in self.lexicon.senses.items():
                meaningful = tuple(s for s in senses if s.kind not in UNSOUNDED)
                if (
                    GAP in form
                    or _reduplicated(form)
                    or not meaningful
                    or form in self.lexicon.split
                ):
                    continue
                key = sound_of(form.replace(" ", ""))
                if self._sound_worthy(key):
                    sounds.setdefault(key, []).append((form, meaningful))
            if self.spaced:
                for key in sounds:
                    if len(key) >= NEAR_KEY:
                        for deleted in _deletions(key):
                            self._near.setdefault(deleted, set()).add(key)
            else:
                for key, entries in sounds.items():
                    self._accented.setdefault(_accent_free(key), []).extend(entries)
            self._sounds = sounds

    def _sound_worthy(self, key: Any) -> bool:
        if not key:
            return False
        if self.spaced:
            return len(key) >= SOUND_MIN_KEY
        return len(key) >= 2  # one Chinese syllable has too many characters that sound it

    @staticmethod
    def _pinyin(text: str) -> tuple[str, ...] | None:
        if not _HAN.match(text):
            return None
        from pypinyin import lazy_pinyin

        return tuple(lazy_pinyin(text))

    @staticmethod
    def _english_key(text: str) -> str:
        if not text.isalpha():
            return ""
        import jellyfish

        return str(jellyfish.metaphone(text))

    def _sounds_like(self, words: Sequence[str]) -> tuple[tuple[Sense, ...], str] | None:
        """The senses of the listed word that ``words`` sound like (weakened), and that word."""
        if self._sounds is None:
            self.prepare()
        assert self._sounds is not None
        if self.spaced:
            found = self._sounds_like_english(words)
        else:
            syllables: list[str] = []
            for word in words:
                part = self._sound_of(word)
                if part is None:
                    return None
                syllables.extend(part)
            found = self._commonest(self._sounds.get(tuple(syllables), []))
            if not found:  # 山份 for 三份: said with an accent that merges sounds
                found = self._commonest(self._accented_like(tuple(syllables)))
        if not found:
            return None
        # English distress is heard by sound only as a phrase spelt much like it ("hard
        # attack" for "heart attack"), never as one word ("building" is no "bleeding").
        phrase = (
            self.spaced
            and len(words) >= 2
            and all(_spelt_alike("".join(words), form) >= SPELT_ONE_WORD for form, _ in found)
        )
        weakened = (
            _weakened(s, english=self.spaced and not phrase) for _, group in found for s in group
        )
        senses = tuple(dict.fromkeys(s for s in weakened if s is not None))
        return (senses, found[0][0]) if senses else None

    def _accented_like(self, heard: tuple[str, ...]) -> list[tuple[str, tuple[Sense, ...]]]:
        """Words of ours that ``heard`` sounds like with an accent, keeping at least half its
        syllables as they are (山份 is 三份; 上网 is no 三碗: every sound of it changed)."""
        same_needed = (len(heard) + 1) // 2
        return [
            (form, senses)
            for form, senses in self._accented.get(_accent_free(heard), [])
            if sum(a == b for a, b in zip(self._pinyin(form) or (), heard, strict=False))
            >= same_needed
        ]

    @staticmethod
    def _commonest(
        found: list[tuple[str, tuple[Sense, ...]]],
    ) -> list[tuple[str, tuple[Sense, ...]]]:
        """Of Chinese words that sound the same (上午 and 晌午 for 商务), the one people say
        most often (jieba's counts); all of them where the counts cannot tell."""
        if len(found) < 2:
            return found
        counts = [segmenter().frequency(form) for form, _ in found]
        best = max(counts)
        if best <= 0 or counts.count(best) > 1:
            return found
        return [found[counts.index(best)]]

    def _sounds_like_english(self, words: Sequence[str]) -> list[tuple[str, tuple[Sense, ...]]]:
        """Words none of which is a word of ours, neither end a little word ("a", "to"),
        with the Metaphone key of a listed entry (or one sound off, for long keys) and spelt
        much like it: "can sell" for "cancel", "read allowed" for "read aloud"."""
        assert self._sounds is not None
        if words[-1] in LITTLE_WORDS:
            return []
        if any(self._known(w, len(words) == 1) for w in words):
            # A pair's word ("hard" of "breathing hard") may still be part of a phrase of
            # distress misheard ("hard attack"), spelt much like it.
            if len(words) < 2 or any(self._known(w, False, PAIR_WORDS) for w in words):
                return []
            spelt = "".join(words)
            return [
                e
                for e in self._sounds.get(self._sound_of(spelt), [])
                if any(s.name == "sos" for s in e[1]) and _spelt_alike(spelt, e[0]) >= 0.8
            ]
        spelt = "".join(words)
        key: Any = self._sound_of(spelt)
        if not key or len(key) < SOUND_MIN_KEY:
            return []
        single = len(words) == 1
        if words[0] in LITTLE_WORDS:  # "to marrow": only as "tomorrow" is, sound and spelling
            return [e for e in self._sounds.get(key, []) if _spelt_alike(spelt, e[0]) >= 0.8]
        found = [
            entry
            for entry in self._sounds.get(key, [])
            if _spelt_alike(spelt, entry[0]) >= (SPELT_ONE_WORD if single else SPELT_ALIKE)
        ]
        if not found and len(key) >= NEAR_KEY and not single:  # "reading" is no "readings"
            import jellyfish

            deleted = _deletions(key)
            near = {k for d in (key, *deleted) for k in self._near.get(d, ())}
            near |= {d for d in deleted if d in self._sounds}
            near = {k for k in near if jellyfish.levenshtein_distance(key, k) <= 1}
            found = [
                entry
                for k in sorted(near)
                for entry in self._sounds[k]
                if _spelt_alike(spelt, entry[0]) >= SPELT_NEAR
            ]
        # A denial is never heard nor lost by sound: "can read" is no "can not read".
        denials = _DENYING & set(words)
        return [entry for entry in found if _DENYING & set(entry[0].split()) == denials]

    def _known(self, word: str, alone: bool, also_little: tuple[str, ...] = ()) -> bool:
        """A word of our lists; a word that only marks a request ("can", "order"), or is of
        a kind in ``also_little``, counts as one only where it stands alone ("can firm" may
        be "confirm")."""
        senses = self.lexicon.lookup(word) or next(
            (found for f in _plural_forms(word) if (found := self.lexicon.lookup(f))), ()
        )
        meaningful = any(s.kind not in ("request", *also_little) for s in senses)
        return meaningful or (alone and bool(senses)) or self.number_of(word) is not None

    # -- reading ---------------------------------------------------------------------------

    def standard(self, words_by_clause: Sequence[Sequence[str]]) -> list[list[str]]:
        """Regional words said for ours ([spoken.same]: 明朝 -> 明天), word for word; in
        Chinese, a question "A不A" ("行不行", "血压高不高") as "A吗", not as a denial."""
        same = self.lexicon.same
        found = [[same.get(word, word) for word in clause] for clause in words_by_clause]
        if self.spaced:
            return [english_hours(clause) for clause in found]
        return [chinese_hours(self._questions(clause)) for clause in found]

    def _questions(self, clause: list[str]) -> list[str]:
        asked: list[str] = []
        index = 0
        while index < len(clause):
            word = clause[index]
            whole = _A_NOT_A.match(word)
            if whole and not self.lexicon.lookup(word):
                asked.append(whole.group(1) + "吗")
            elif (
                word == "不"
                and asked
                and index + 1 < len(clause)
                and len(clause[index + 1]) == 1
                and asked[-1].endswith(clause[index + 1])
            ):
                asked.append("吗")
                index += 1
            else:
                asked.append(word)
            index += 1
        return asked

    def split_tokens(self, words: Sequence[str]) -> list[str]:
        """Chinese words of jieba's that our words cover whole (今天下午 -> 今天, 下午), and
        a word with a "…B" head after it made one (血压 + 药: 血压药, a medicine)."""
        if self.spaced:
            return list(words)
        return self._headed(self._split(words))

    def _headed(self, words: list[str]) -> list[str]:
        joined: list[str] = []
        for word in words:
            if (
                joined
                and word in self.lexicon.endings
                and len(joined[-1]) >= 2
                and (kinds := {s.kind for s in self.lexicon.lookup(joined[-1])})
                and kinds <= _NAMING
                and not self.lexicon.lookup(joined[-1] + word)
            ):
                joined[-1] += word
            else:
                joined.append(word)
        return joined

    def _split(self, words: Sequence[str]) -> list[str]:
        split: list[str] = []
        index = 0
        while index < len(words):
            word = words[index]
            if self.lexicon.lookup(word):
                split.append(word)
                index += 1
                continue
            # jieba's words can straddle ours ("算了算" + "了"): cut the run of words that are
            # not ours again, if ours cover it whole.
            end = index + 1
            while end < len(words) and not self.lexicon.lookup(words[end]):
                end += 1
            for stop in range(end, index, -1):
                parts = _cover("".join(words[index:stop]), self.lexicon)
                if parts:
                    split.extend(parts)
                    index = stop
                    break
            else:
                split.extend(self._head(word))
                index += 1
        return split

    def _head(self, word: str) -> list[str]:
        """A jieba word that begins with one of ours of two characters or more, cut after it
        ("血压高" -> 血压, 高), unless a "…B" entry takes it whole (物业费); one of ours with
        a particle after it, cut before the particle ("脏得" -> 脏, 得; "摔过" -> 摔, 过)."""
        if len(word) == 2 and word[1] in _PARTICLES and self.lexicon.lookup(word[0]):
            return [word[0], word[1]]
        if len(word) < 3 or self._ending(word):
            return [word]
        for end in range(len(word) - 1, 1, -1):
            if self.lexicon.lookup(word[:end]):
                return [word[:end], word[end:]]
        return [word]

    def mentions(self, words_by_clause: Sequence[Sequence[str]]) -> list[Mention]:
        """The lexicon's words in each clause, longest first, none overlapping; counts with
        their counting words ("两份", "two portions", "for two") are one mention."""
        found: list[Mention] = []
        for index, raw_words in enumerate(words_by_clause):
            words = self.split_tokens(raw_words)
            start = 0
            while start < len(words):
                mention = self._longest_at(index, words, start)
                if mention is None:
                    start += 1
                    continue
                found.append(self._with_count(mention, words))
                start = mention.end
            found.extend(self._gapped(index, words))
        found.sort(key=lambda m: (m.clause, m.start, m.end))
        return found

    def _longest_at(self, clause: int, words: Sequence[str], start: int) -> Mention | None:
        longest = min(len(words), start + self.lexicon.longest)
        exact: Mention | None = None
        for end in range(longest, start, -1):
            form = self._joiner.join(words[start:end])
            senses = self.lexicon.lookup(form)
            if not senses and end == start + 1 and self.spaced:
                for singular in _plural_forms(form):
                    senses = _habitual(self.lexicon.lookup(singular))
                    if senses:
                        break
            number = self.number_of(form) if end == start + 1 else None
            if not senses and end == start + 1 and number is None:
                senses = self._ending(form)
            if senses or number is not None:
                exact = Mention(clause, start, end, form, senses)
                break
        exact_end = exact.end if exact is not None else start
        if exact is not None and not self._may_be_misheard(exact):
            return exact  # said as such: a word that only sounds like a longer one loses
        for end in range(min(len(words), start + 3 if self.spaced else longest), start, -1):
            if end <= exact_end:
                break
            if self.spaced and end == start + 1 and len(words[start]) < 4:
                continue  # short words sound like too many others
            sounded = self._sounds_like(words[start:end])
            if sounded is not None:
                senses, heard_as = sounded
                form = self._joiner.join(words[start:end])
                return Mention(clause, start, end, form, senses, heard_as=heard_as)
        return exact

    def _ending(self, word: str) -> tuple[Sense, ...]:
        """The senses of a "…B" entry that ``word`` ends with (降糖药: …药), where ``word`` is
        at least two characters longer than B."""
        for ending, senses in self.lexicon.endings.items():
            if len(word) >= len(ending) + 2 and word.endswith(ending):
                return senses
        return ()

    def _may_be_misheard(self, exact: Mention) -> bool:
        """Whether a longer word that only sounds alike may win over ``exact``: where it is
        a request or a counting word alone, a word that means something only beside others
        (a pair's), or one Chinese character (五 of 五饭, 午饭)."""
        if all(s.kind in LITTLE for s in exact.senses):
            return True
        return not self.spaced and len(exact.form) == 1

    def _gapped(self, clause: int, words: Sequence[str]) -> list[Mention]:
        """Entries said with other words between their parts ("给老大打个电话"): each part
        where the sentence's words begin and end, at most GAP_WORDS words after the last."""
        found: list[Mention] = []
        for parts, senses in self.lexicon.gapped:
            at, first = 0, None
            for part in parts:
                limit = len(words) if first is None else min(len(words), at + GAP_WORDS + 1)
                span = next(
                    (s for i in range(at, limit) if (s := self._part_at(words, i, part))), None
                )
                if span is None:
                    break
                first = span[0] if first is None else first
                at = span[1]
            else:
                found.append(Mention(clause, first or 0, at, GAP.join(parts), senses))
        return found

    def _part_at(self, words: Sequence[str], start: int, part: str) -> tuple[int, int] | None:
        """(start, end) of ``part`` said from word ``start``, whole words only."""
        text = ""
        for end in range(start, len(words)):
            text = f"{text} {words[end]}".strip() if self.spaced else text + words[end]
            if text == part or (not self.spaced and text.startswith(part)):
                return start, end + 1  # Chinese: 闷 in 闷得慌 ("胸口…闷")
            if not part.startswith(text):
                return None
        return None

    # -- counts ----------------------------------------------------------------------------

    def number_of(self, form: str) -> int | None:
        if _DIGITS.fullmatch(form):
            return int(form)
        for sense in self.lexicon.lookup(form):
            if sense.kind == "slot" and sense.name.startswith("portions."):
                return int(sense.name.split(".", 1)[1])
        return None

    def is_unit(self, word: str) -> bool:
        """Whether ``word`` is a counting word (份, 个, "portions")."""
        forms = [word, *(_plural_forms(word) if self.spaced else [])]
        return any(s.kind == "unit" for form in forms for s in self.lexicon.lookup(form))

    def _with_count(self, mention: Mention, words: Sequence[str]) -> Mention:
        """A number with its counting word ("两份", "two portions", "for two", "两三份")."""
        number = self.number_of(mention.heard_as or mention.form)
        if number is None:
            return mention
        # A word that is a number and a counting word at once ("两份", "俩") counts alone;
        # in "two lunches" the counting word stays a word of its own (it says the meal).
        end = mention.end
        counted = (
            mention.has("unit")
            or (end < len(words) and self.is_unit(words[end]))
            or (self.spaced and mention.start > 0 and words[mention.start - 1] == "for")
            or (end < len(words) and self._counted_number(words[end]))
        )
        return Mention(
            mention.clause,
            mention.start,
            end,
            mention.form,
            mention.senses,
            number,
            counted,
            mention.heard_as,
        )

    def _counted_number(self, word: str) -> bool:
        """A number counted by what follows it ("两三份": the 两 is a count as 三份 is)."""
        return self.number_of(word) is not None and any(
            s.kind == "unit" for s in self.lexicon.lookup(word)
        )


def _habitual(senses: tuple[Sense, ...]) -> tuple[Sense, ...]:
    """What a plural says: "in the evenings", "on Mondays" are every evening, every Monday,
    no answer to a question ("lunches" is still lunch: no time of day, a meal)."""
    if not any(s.name.startswith(("day.", "when.")) for s in senses):
        return senses
    return tuple(s for s in senses if s.kind != "slot")


def _spelt_alike(heard: str, form: str) -> float:
    return SequenceMatcher(None, heard, form.replace(" ", ""), autojunk=False).ratio()


def _reduplicated(form: str) -> bool:
    """聊聊, 看看, 擦擦: sound like far too many everyday words to be heard by sound."""
    half = len(form) // 2
    return len(form) % 2 == 0 and form[:half] == form[half:]


# Sounds many speakers of the south and of dialects merge: zh/z, ch/c, sh/s, n/l, and
# -ng/-n at the end of a syllable.
_MERGED_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"))


def _accent_free(syllables: tuple[str, ...]) -> tuple[str, ...]:
    """The pinyin of ``syllables`` with the sounds an accent merges made one (shan: san)."""
    merged: list[str] = []
    for syllable in syllables:
        for said, heard in _MERGED_INITIALS:
            if syllable.startswith(said):
                syllable = heard + syllable[len(said) :]
                break
        if syllable.endswith("ng") and len(syllable) > 2:
            syllable = syllable[:-1]
        merged.append(syllable)
    return tuple(merged)


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def _weakened(sense: Sense, *, english: bool = False) -> Sense | None:
    """What a word that only sounds like a listed one says: the same, less surely. With
    ``english`` never distress ("building" is no "bleeding"); otherwise (Chinese, or an English
    phrase spelt much like it) a call for help heard by its sound (就命 for 救命) is one, as a
    hint."""
    if sense.name == "sos":
        return None if english else Sense("hint", "sos", HINT)
    if sense.kind in ("concept", "hint"):
        # Still a word said to name the action (a hint's gate does not hold it back), but
        # a word said as such outweighs it.
        return Sense(sense.kind, sense.name, min(sense.weight, HINT))
    return sense


def _cover(word: str, lexicon: Lexicon) -> list[str] | None:
    """``word`` as a sequence of lexicon words that cover it whole, longest first."""
    parts: list[str] = []
    start = 0
    while start < len(word):
        for end in range(len(word), start, -1):
            if lexicon.lookup(word[start:end]):
                parts.append(word[start:end])
                start = end
                break
        else:
            return None
    return parts
