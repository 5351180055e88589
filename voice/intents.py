"""What the elder meant: matching heard text against the phrases of the screen's actions.

The phrases live in ``i18n/phrases/<language>.toml`` (never in code): for every action a list
of everyday ways to say it and the usual mishearings. A vosk grammar is only a bigram model, so
what the recogniser returns is always matched again here, against the phrases of the actions
the current screen offers, with a fuzzy score. Below the threshold, or when two different
actions score close to each other, the answer is "not understood" and the kiosk asks again; a
misheard phrase never becomes a wrong action.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

PHRASE_DIR = Path(__file__).resolve().parent.parent / "i18n" / "phrases"

# Utterances longer than this are not commands (someone talking nearby, the radio ...).
MAX_CHARS = 40
MAX_WORDS = 12

# Actions every screen understands, whatever else it offers.
GLOBAL_INTENTS = ("sos", "back", "home", "read_aloud")

_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)
# Numbers are never guessed: "3 portions" must not pass for "2 portions", nor 三 for 两.
_NUMBER_CHARS = frozenset("0123456789零一二两三四五六七八九十百")
_NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ]
)


def _numbers(text: str) -> frozenset[str]:
    return frozenset(c for c in text if c in _NUMBER_CHARS) | frozenset(
        w for w in text.split() if w in _NUMBER_WORDS
    )


class PhraseTableError(Exception):
    """A phrase table is missing or broken; the message says which file and what is wrong."""


def spaced(language: str) -> bool:
    """True for languages written with spaces between words (matching works on words)."""
    return not language.startswith(("zh", "ja"))


@dataclass(frozen=True)
class PhraseTable:
    language: str
    intents: Mapping[str, tuple[str, ...]]
    fillers: tuple[str, ...] = ()
    path: Path | None = None
    # The word lists of understanding ([concepts], [hints], [alone], [negation], [slots],
    # [chatter], [prefer]) as read; voice.understand checks and uses them.
    words: Mapping[str, Any] = field(default_factory=dict)

    def phrases(self, intent: str) -> tuple[str, ...]:
        return self.intents.get(intent, ())


def load_phrase_table(language: str, folder: Path = PHRASE_DIR) -> PhraseTable:
    """Read ``folder/<language>.toml``. Raises PhraseTableError naming the file and the entry."""
    path = folder / f"{language}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise PhraseTableError(f"{path}: no voice phrases for language {language!r}") from error
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PhraseTableError(f"{path}: cannot be read: {error}") from error
    fillers = data.get("fillers", [])
    if not isinstance(fillers, list) or not all(isinstance(f, str) for f in fillers):
        raise PhraseTableError(f"{path}: 'fillers' must be a list of words")
    raw = data.get("intents")
    if not isinstance(raw, dict) or not raw:
        raise PhraseTableError(f"{path}: an [intents] table with at least one action is needed")
    intents: dict[str, tuple[str, ...]] = {}
    for name, phrases in raw.items():
        if not isinstance(phrases, list) or not phrases:
            raise PhraseTableError(f"{path}: intent {name!r} needs a non-empty list of phrases")
        cleaned = []
        for phrase in phrases:
            if not isinstance(phrase, str) or not normalize(phrase, language):
                raise PhraseTableError(f"{path}: intent {name!r} has an empty or non-text phrase")
            cleaned.append(phrase.strip())
        intents[name] = tuple(cleaned)
    understanding = ("concepts", "hints", "alone", "negation", "slots", "chatter", "prefer")
    words = {key: data[key] for key in understanding if key in data}
    kept = tuple(f.strip() for f in fillers if f.strip())
    return PhraseTable(language, intents, kept, path, words)


# English contractions, spelled out before punctuation goes: "I'd" would otherwise become
# "i d" and leave a stray "d" that no filler list can catch. Checked in this order.
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u0060\u00b4]")
_CONTRACTIONS = (
    (re.compile(r"\b(won)'t\b"), "will not"),
    (re.compile(r"\b(can)'t\b"), "can not"),
    (re.compile(r"\b(shan)'t\b"), "shall not"),
    (re.compile(r"\b(ain)'t\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"\bo'clock\b"), "oclock"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    # "it's", "what's" ... say "is"; any other "'s" is a possessive ("tomorrow's lunch").
    (re.compile(r"\b(it|that|what|there|here|he|she|who|where|how|when|this)'s\b"), r"\1 is"),
    (re.compile(r"'s\b"), ""),
)


def expand_contractions(text: str) -> str:
    """Lower-case English with its contractions spelled out ("i'd" -> "i would")."""
    text = _APOSTROPHES.sub("'", text)
    if "'" not in text:
        return text
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def normalize(text: str, language: str) -> str:
    """Lower case, full-width folded, English contractions spelled out, punctuation gone;
    words kept apart by one space where the language uses spaces, run together where it does
    not (vosk puts spaces between Chinese words, people typing do not)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if language.startswith("en"):
        text = expand_contractions(text)
    words = [w for w in _PUNCTUATION.split(text) if w]
    return " ".join(words) if spaced(language) else "".join(words)


def strip_words(words: Sequence[str], fillers: Iterable[str]) -> list[str]:
    """``words`` without the fillers, which may be several words long ("i would", "okay
    then"): the longest filler wins where two could start at the same word."""
    by_length = sorted({tuple(f.split()) for f in fillers if f.strip()}, key=len, reverse=True)
    kept: list[str] = []
    index = 0
    while index < len(words):
        for filler in by_length:
            if tuple(words[index : index + len(filler)]) == filler:
                index += len(filler)
                break
        else:
            kept.append(words[index])
            index += 1
    return kept


@dataclass(frozen=True)
class Match:
    """The outcome of matching one utterance."""

    heard: str
    intent: str | None
    score: float = 0.0
    phrase: str | None = None
    reason: str = "ok"  # ok | empty | too_long | unclear | ambiguous | not_here
    runner_up: str | None = None

    @property
    def understood(self) -> bool:
        return self.intent is not None


@dataclass
class IntentMatcher:
    """Matches text against the phrases of a set of intents in one language.

    ``extra`` adds phrases that come from data rather than the table (a service's own name in
    the catalog, the label of a choice), keyed by intent like the table's.
    """

    table: PhraseTable
    threshold: float = 0.85
    margin: float = 0.1
    extra: Mapping[str, Iterable[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.language = self.table.language
        self._fillers = sorted(
            {normalize(f, self.language) for f in self.table.fillers} - {""}, key=len, reverse=True
        )

    def phrases(self, intents: Iterable[str]) -> dict[str, list[str]]:
        """The phrases (as written) for each intent that has any."""
        found: dict[str, list[str]] = {}
        for intent in dict.fromkeys(intents):
            phrases = list(self.table.phrases(intent)) + [
                p for p in self.extra.get(intent, ()) if normalize(p, self.language)
            ]
            if phrases:
                found[intent] = list(dict.fromkeys(phrases))
        return found

    def strip_fillers(self, text: str) -> str:
        """Normalised text without the filler words ("um", "please", "嗯", "我想" ...)."""
        text = normalize(text, self.language)
        if spaced(self.language):
            return " ".join(strip_words(text.split(), self._fillers))
        for filler in self._fillers:  # longer fillers (一下, 那个) go wherever they stand
            if len(filler) > 1 and filler in text and text != filler:
                text = text.replace(filler, "")
        changed = True
        while changed and text:  # one-character ones (吧, 呢) only at either end
            changed = False
            for filler in self._fillers:
                if text.startswith(filler) and len(text) > len(filler):
                    text, changed = text[len(filler) :], True
                elif text.endswith(filler) and len(text) > len(filler):
                    text, changed = text[: -len(filler)], True
        return "" if text in self._fillers else text

    def score(self, heard: str, phrase: str, *, partial: bool = True) -> float:
        """How well ``phrase`` (already normalised) fits ``heard`` (normalised, no fillers).

        ``partial`` lets a phrase said among other words count. Text from a grammar-bound
        recogniser is matched without it: there, extra words mean the decoder strung
        several phrases together to fit sounds it did not know, not that someone spoke
        around a command."""
        if not heard or not phrase:
            return 0.0
        if heard == phrase:
            return 1.0
        if spaced(self.language):
            h_words, p_words = heard.split(), phrase.split()
            contained = any(
                h_words[i : i + len(p_words)] == p_words
                for i in range(len(h_words) - len(p_words) + 1)
            )
            short = len(phrase) <= 3
        else:
            contained = phrase in heard
            short = len(phrase) <= 1
        if contained and partial:
            # The phrase said with other words around it: good if it is most of what was said.
            return 0.75 + 0.25 * len(phrase) / len(heard)
        if contained or short or _numbers(heard) != _numbers(phrase):
            return 0.0  # "no" must never be taken for "now", nor 是 for 四
        return SequenceMatcher(None, heard, phrase, autojunk=False).ratio()

    def all_intents(self) -> list[str]:
        return list(dict.fromkeys([*self.table.intents, *self.extra]))

    def grammar_phrases(self) -> list[str]:
        """What a recogniser's grammar holds: every action's phrases, not only the screen's
        (what a screen does not offer must be heard as itself, not as the nearest offered
        one), and the filler words."""
        groups = self.phrases(self.all_intents()).values()
        return [p for group in groups for p in group] + list(self.table.fillers)

    def match(self, text: str, intents: Iterable[str], *, partial: bool = True) -> Match:
        """The intent among ``intents`` that ``text`` asks for, or why there is none."""
        raw = text.strip()
        normal = normalize(raw, self.language)
        if not normal:
            return Match(raw, None, reason="empty")
        if len(normal) > MAX_CHARS or len(normal.split()) > MAX_WORDS:
            return Match(raw, None, reason="too_long")
        heard = self.strip_fillers(raw)
        if not heard:
            return Match(raw, None, reason="empty")
        best: dict[str, tuple[float, str]] = {}
        for intent, phrases in self.phrases(intents).items():
            for phrase in phrases:
                normal_phrase = self.strip_fillers(phrase) or normalize(phrase, self.language)
                value = self.score(heard, normal_phrase, partial=partial)
                if value > best.get(intent, (0.0, ""))[0]:
                    best[intent] = (value, phrase)
        ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)
        if not ranked or ranked[0][1][0] < self.threshold:
            top = ranked[0] if ranked else None
            return Match(
                raw,
                None,
                score=top[1][0] if top else 0.0,
                phrase=top[1][1] if top else None,
                reason="unclear",
                runner_up=top[0] if top else None,
            )
        intent, (value, phrase) = ranked[0]
        if len(ranked) > 1 and value - ranked[1][1][0] < self.margin:
            return Match(raw, None, value, phrase, reason="ambiguous", runner_up=ranked[1][0])
        return Match(
            raw, intent, value, phrase, runner_up=ranked[1][0] if len(ranked) > 1 else None
        )


# Recogniser alternatives scoring within this much of the best one count as just as likely.
NBEST_MARGIN = 3.0


def decide(
    matcher: IntentMatcher,
    alternatives: Sequence[tuple[str, float]],
    offered: Iterable[str],
) -> Match:
    """The action a grammar-bound recogniser heard, from its n-best list, or why none.

    The grammar holds the phrases of every action, not only the screen's: a phrase of an
    action the screen does not offer is then heard as itself ("not here") instead of being
    forced onto the nearest offered one. Each alternative about as likely as the best is
    matched without partial credit; if they point to different actions, nothing is done.
    """
    offered = set(offered)
    if not alternatives:
        return Match("", None, reason="empty")
    best = alternatives[0][1]
    close = [text for text, confidence in alternatives if best - confidence < NBEST_MARGIN]
    everything = matcher.all_intents()
    results = [matcher.match(text, everything, partial=False) for text in close]
    first = results[0]
    if len({r.intent for r in results}) > 1:
        others = [r.intent for r in results if r.intent != first.intent]
        return Match(first.heard, None, first.score, first.phrase, "ambiguous", others[0])
    if first.intent is not None and first.intent not in offered:
        return Match(first.heard, None, first.score, first.phrase, "not_here", first.intent)
    return first
