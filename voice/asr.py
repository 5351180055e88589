"""The listener: microphone audio to a matched intent, offline, with one vosk grammar per screen.

A press of "Speak" starts one listening session in a worker thread. Audio (16 kHz mono,
16-bit) comes from an :class:`AudioSource`: the microphone through ``arecord`` (alsa-utils),
or a WAV file, which tests, benchmarks and demonstrations feed in. The recogniser gets a
grammar made of the screen's phrases, split into words the loaded model knows; what it
returns is matched again by :class:`voice.intents.IntentMatcher`, so a phrase outside the list
can never become an action.

Each utterance is heard two ways at once, in the listener's thread, from the same audio
chunks as they arrive: by the **grammar** recogniser (the screen's phrases: short commands,
fast, safe) and by a **free** recogniser on the model's own language model (no grammar:
whatever sentence was said). The final :class:`VoiceEvent` carries both: the grammar's n-best
alternatives with the intent they decide, and the free text. What goes on to understanding
is chosen by one rule (:func:`choose_heard`): the grammar's result when it is confidently one
of the screen's commands, otherwise the free text. A model without a free language model
(``voice.models.model_support``) is heard through the grammar alone, and the log says so
once; a model with a fixed graph (``HCLG.fst``) cannot take a grammar and is heard freely
alone.

The end of speech is decided on the audio's own clock, not the wall clock: after the last new
word (on either path), ``end_silence_s`` of audio without a new word ends the utterance. The
default is long (1.5 s) because older speakers pause between words. Words a recogniser shows
or revises in the quiet after the voice count as said ``WORD_LAG_S`` after the last voice.
Each session reports :class:`VoiceEvent` values through one callback, from the worker thread.

A grammar-bound recogniser fits some phrase to any loud sound, and a model without an
``[unk]`` word (the Korean test model has none) cannot say "none of these". So words only
count when the audio held some voice: loud frames that cross zero rarely, as vowels do; hiss
and white noise cross zero on about every other sample (:func:`voiced_seconds`).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

# The audio side and the error live in their own modules; importers find them here too.
from voice.audio_in import CHUNK_S as CHUNK_S
from voice.audio_in import SAMPLE_RATE as SAMPLE_RATE
from voice.audio_in import ArecordSource as ArecordSource
from voice.audio_in import AudioSource, voiced_seconds
from voice.audio_in import WavFileSource as WavFileSource
from voice.errors import VoiceUnavailable
from voice.intents import IntentMatcher, Match, decide, normalize, spaced
from voice.models import ModelSupport, is_model_folder, model_support

log = logging.getLogger(__name__)

UNKNOWN_WORD = "[unk]"
# Words a free recogniser puts out for sounds that are not words; never passed on.
NOT_WORDS = frozenset({UNKNOWN_WORD, "<unk>", "<spoken_noise>", "!sil"})
# Alternatives asked of the recogniser; see voice.intents.decide.
N_BEST = 5
# The longest word tried when splitting a Chinese phrase into the model's words.
MAX_WORD_CHARS = 6
# A recogniser shows a word about 0.15 s after it was said; words it shows or revises later
# than this after the last voice count as said this long after it (see Listener._decode).
WORD_LAG_S = 0.3


# -- the model ----------------------------------------------------------------------------


class VoiceModel:
    """One loaded vosk model. Loading reads hundreds of megabytes: do it off the UI thread."""

    def __init__(self, path: Path) -> None:
        if not is_model_folder(path):
            raise VoiceUnavailable("not_installed", f"no voice model in {path}")
        try:
            import vosk  # heavy: only when voice is first used
        except ImportError as error:  # pragma: no cover - vosk is a pinned dependency
            raise VoiceUnavailable("no_engine", f"the vosk library is missing: {error}") from error
        vosk.SetLogLevel(-1)
        try:
            self._model = vosk.Model(str(path))
        except Exception as error:  # vosk raises a bare Exception for any load failure
            raise VoiceUnavailable(
                "broken_model", f"the voice model in {path} is broken"
            ) from error
        self._vosk = vosk
        self.path = path
        self.support: ModelSupport = model_support(path)
        self.free_error = ""  # why vosk refused a free recogniser, once it has
        self._known: dict[str, bool] = {}

    def knows(self, word: str) -> bool:
        if word not in self._known:
            self._known[word] = self._model.vosk_model_find_word(word) != -1
        return self._known[word]

    def recognizer(self, grammar: Sequence[str] | None, sample_rate: int) -> Any:
        if grammar:
            return self._vosk.KaldiRecognizer(
                self._model, sample_rate, json.dumps(list(grammar), ensure_ascii=False)
            )
        return self._vosk.KaldiRecognizer(self._model, sample_rate)

    def free_recognizer(self, sample_rate: int) -> Any | None:
        """A recogniser on the model's own language model (no grammar), or None where the
        model has none (``support.free_why_not``) or vosk cannot make one (``free_error``)."""
        if not self.support.free:
            return None
        try:
            recognizer = self._vosk.KaldiRecognizer(self._model, sample_rate)
        except Exception as error:  # vosk: "Failed to create a recognizer"
            self.free_error = str(error) or type(error).__name__
            return None
        recognizer.SetWords(True)  # each word's confidence
        return recognizer


@dataclass(frozen=True)
class Grammar:
    """Phrases as the model's words, and the words of left-out phrases it does not know."""

    phrases: tuple[str, ...]
    unknown: dict[str, tuple[str, ...]] = field(default_factory=dict)


def split_words(
    phrase: str, language: str, knows: Callable[[str], bool]
) -> tuple[list[str], list[str]]:
    """``phrase`` as a list of words the model knows, and the parts it does not know.

    Languages with spaces split on them. Chinese is split by trying the longest known word
    first at each place; a character that starts no known word is reported as unknown.
    """
    text = normalize(phrase, language)
    if spaced(language):
        return text.split(), [w for w in text.split() if not knows(w)]
    words: list[str] = []
    unknown: list[str] = []
    start = 0
    while start < len(text):
        for end in range(min(len(text), start + MAX_WORD_CHARS), start, -1):
            if knows(text[start:end]):
                words.append(text[start:end])
                start = end
                break
        else:
            unknown.append(text[start])
            start += 1
    return words, unknown


def build_grammar(phrases: Iterable[str], language: str, knows: Callable[[str], bool]) -> Grammar:
    """The recogniser's phrase list. Phrases with unknown words are left out and reported."""
    kept: list[str] = []
    unknown: dict[str, tuple[str, ...]] = {}
    for phrase in dict.fromkeys(phrases):
        words, missing = split_words(phrase, language, knows)
        if missing:
            unknown[phrase] = tuple(missing)
        elif words:
            kept.append(" ".join(words))
    if kept and knows(UNKNOWN_WORD):
        kept.append(UNKNOWN_WORD)  # lets noise come out as [unk] instead of a near phrase
    return Grammar(tuple(dict.fromkeys(kept)), unknown)


# -- listening ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ListenSettings:
    end_silence_s: float = 1.5
    no_speech_s: float = 8.0
    max_utterance_s: float = 15.0
    # Words heard in less voice than this were fitted to noise: reported as no_speech.
    min_voiced_s: float = 0.1
    # Also decode with the model's own language model (sentences), where the model has one.
    free_path: bool = True


@dataclass(frozen=True)
class VoiceEvent:
    """What a listening session reports. ``kind`` is one of:

    loading (the model is being read), listening, partial (``text`` so far), understood
    (``match`` has the intent), not_understood (``match`` says why), no_speech (``text`` has
    what the recogniser made of a sound that held no voice, if anything), unavailable
    (``detail`` says why), failed (``detail``) and stopped (cancelled).

    Both ways of hearing are in the partial and final events: ``text``, ``alternatives`` and
    ``match`` are the grammar's (for a model that cannot take a grammar, the free text's),
    ``free_text`` and ``free_confidence`` the free path's. ``chosen`` says which of them
    goes on to understanding (:func:`choose_heard`), ``understanding_text`` is that text.
    Where the grammar heard a command (``understood``), the decision does not wait for the
    free path's final result: ``free_text`` is then its text so far, and
    ``free_confidence`` covers only the segments it had finished (None if none).
    """

    kind: str
    session: int
    text: str = ""
    match: Match | None = None
    detail: str = ""
    reason: str = ""
    # Seconds from the last audio chunk to the intent being decided (understood/not_understood).
    decide_s: float = 0.0
    # The grammar's n-best list, (text, confidence) best first; the first is ``text``.
    alternatives: tuple[tuple[str, float], ...] = ()
    # What the model's own language model heard ("" where the session had no free path).
    free_text: str = ""
    # The mean of vosk's per-word confidences (0-1) of ``free_text``; None without words.
    free_confidence: float | None = None
    # Which text goes to understanding: "grammar", "free" or "" (nothing to understand).
    chosen: str = ""
    # The ways this session heard: ("grammar", "free"), ("grammar",) or ("free",).
    paths: tuple[str, ...] = ()
    # The part of ``decide_s`` spent finishing the free path (its last chunk, its final result).
    free_s: float = 0.0

    @property
    def understanding_text(self) -> str:
        """The text the rule chose for understanding ("" when there is none)."""
        if self.chosen == "grammar":
            return self.text
        return self.free_text if self.chosen == "free" else ""


def choose_heard(match: Match, free_text: str, *, by_grammar: bool = True) -> str:
    """Which way of hearing goes on to understanding: the rule of the two paths.

    - ``"grammar"``: the grammar's result, when it is confidently one of the screen's commands
      (``match.understood``: every likely alternative of its n-best list means the same
      action, and the screen offers it; see ``voice.intents.decide``).
    - ``"free"``: otherwise the free text, when the free path heard any words. A sentence,
      a command the screen does not offer, a doubtful or ambiguous command all land here:
      the text understanding (``voice.understand``) decides what it means on this screen.
    - ``""``: neither (no free path, or it heard no words): the grammar's doubt stands and
      the elder is asked again.

    ``by_grammar`` is False where the session had no grammar (a fixed-graph model): its
    ``match`` came from the free text, which is then what is understood.
    """
    if match.understood and by_grammar:
        return "grammar"
    return "free" if free_text else ""


def clean_text(text: str) -> str:
    return " ".join(w for w in text.split() if w != UNKNOWN_WORD)


class FreeHearing:
    """The free path of one session: a recogniser on the model's own language model, fed
    the same chunks as the grammar's. Keeps the words of each finished segment with their
    confidences, and the current partial text."""

    def __init__(self, recognizer: Any) -> None:
        self._recognizer = recognizer
        self._words: list[tuple[str, float | None]] = []
        self.partial = ""

    @property
    def text(self) -> str:
        """Everything heard so far, the unfinished segment included."""
        return " ".join([*(w for w, _ in self._words), *self.partial.split()])

    def accept(self, chunk: bytes) -> bool:
        """Decode ``chunk``; True if it brought new words (the partial text changed)."""
        before = self.partial
        if self._recognizer.AcceptWaveform(chunk):
            self._take(self._recognizer.Result())
            self.partial = ""
            return False  # the segment's words were already seen as partial text
        partial = json.loads(self._recognizer.PartialResult()).get("partial", "")
        self.partial = " ".join(w for w in partial.split() if w.casefold() not in NOT_WORDS)
        return bool(self.partial) and self.partial != before

    def finish(self) -> tuple[str, float | None]:
        """The whole text and its mean word confidence, after the last chunk."""
        self._take(self._recognizer.FinalResult())
        self.partial = ""
        return self.so_far()

    def so_far(self) -> tuple[str, float | None]:
        """The text heard so far, without waiting for the final result, and the mean
        confidence of the words of its finished segments (None if none finished)."""
        known = [c for _, c in self._words if c is not None]
        return self.text, (round(sum(known) / len(known), 4) if known else None)

    def _take(self, answer: str) -> None:
        data = json.loads(answer)
        words = data.get("result")
        if isinstance(words, list):
            found = [
                (str(w.get("word", "")), float(w["conf"]) if "conf" in w else None) for w in words
            ]
        else:  # words were not asked for: the text alone
            found = [(w, None) for w in str(data.get("text", "")).split()]
        self._words += [(w, c) for w, c in found if w and w.casefold() not in NOT_WORDS]


class Listener:
    """Runs one listening session at a time in a worker thread and reports its events."""

    def __init__(
        self,
        model_provider: Callable[[str], VoiceModel],
        source_factory: Callable[[], AudioSource],
        on_event: Callable[[VoiceEvent], None],
        settings: ListenSettings | None = None,
    ) -> None:
        self._provider = model_provider
        self._source_factory = source_factory
        self._on_event = on_event
        self.settings = settings or ListenSettings()
        self._lock = threading.Lock()
        self._session = 0
        self._source: AudioSource | None = None
        self._thread: threading.Thread | None = None
        self._grammars: dict[tuple[str, tuple[str, ...]], Grammar] = {}
        self._told: set[tuple[str, str]] = set()  # (model, what it cannot do), logged once

    @property
    def active(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def listen(
        self,
        matcher: IntentMatcher,
        intents: Sequence[str],
        source: AudioSource | None = None,
    ) -> int:
        """Start a session for ``intents``; any session still running is cancelled first."""
        self.cancel()
        with self._lock:
            self._session += 1
            session = self._session
        thread = threading.Thread(
            target=self._run,
            args=(session, matcher, tuple(intents), source),
            name=f"listener-{session}",
            daemon=True,
        )
        self._thread = thread
        thread.start()
        return session

    def cancel(self) -> None:
        with self._lock:
            self._session += 1
            source = self._source
        if source is not None:
            source.close()

    def close(self, timeout: float = 2.0) -> None:
        self.cancel()
        if self._thread is not None:
            self._thread.join(timeout)

    def grammar(self, model: VoiceModel, matcher: IntentMatcher) -> Grammar:
        """The grammar of ``matcher.grammar_phrases()``, made once per phrase list."""
        phrases = matcher.grammar_phrases()
        key = (matcher.language, tuple(phrases))
        if key not in self._grammars:
            self._grammars[key] = build_grammar(phrases, matcher.language, model.knows)
        return self._grammars[key]

    def _current(self, session: int) -> bool:
        return session == self._session

    def _emit(self, event: VoiceEvent) -> None:
        if event.kind == "stopped" or self._current(event.session):
            try:
                self._on_event(event)
            except Exception:  # the receiver's bug must not kill listening for good
                log.exception("voice event handler failed")

    def _run(
        self,
        session: int,
        matcher: IntentMatcher,
        intents: tuple[str, ...],
        source: AudioSource | None,
    ) -> None:
        try:
            self._emit(VoiceEvent("loading", session))
            model = self._provider(matcher.language)
            grammar = self.grammar(model, matcher)
            if not grammar.phrases:
                raise VoiceUnavailable(
                    "wrong_model",
                    f"the voice model for {matcher.language} knows none of its phrases",
                )
            if source is None:
                source = self._source_factory()
            with self._lock:
                if not self._current(session):
                    source.close()
                    self._emit(VoiceEvent("stopped", session))
                    return
                self._source = source
            recognizer, free = self._recognizers(model, grammar, source.sample_rate)
            self._emit(VoiceEvent("listening", session))
            self._decode(session, matcher, intents, source, recognizer, free)
        except VoiceUnavailable as error:
            self._emit(VoiceEvent("unavailable", session, detail=str(error), reason=error.reason))
        except Exception as error:
            log.exception("listening failed")
            self._emit(VoiceEvent("failed", session, detail=str(error)))
        finally:
            with self._lock:
                if self._source is source and source is not None:
                    self._source = None
            if source is not None:
                source.close()

    def _recognizers(
        self, model: VoiceModel, grammar: Grammar, sample_rate: int
    ) -> tuple[Any | None, FreeHearing | None]:
        """The session's grammar recogniser and free path, as the model allows; what a model
        cannot do is logged once per model (and listening goes on with the other path)."""
        support = model.support
        recognizer = None
        if support.grammar:
            recognizer = model.recognizer(grammar.phrases, sample_rate)
            recognizer.SetMaxAlternatives(N_BEST)
        elif self._tell_once(model, "grammar"):
            log.warning(
                "voice: the model in %s cannot take a grammar (%s); listening with its own "
                "language model alone",
                model.path,
                support.grammar_why_not,
            )
        free = None
        if self.settings.free_path or recognizer is None:
            made = model.free_recognizer(sample_rate)
            if made is not None:
                free = FreeHearing(made)
            elif self._tell_once(model, "free"):
                log.warning(
                    "voice: the model in %s has no free language model (%s); listening with "
                    "the screen's grammar alone",
                    model.path,
                    model.free_error or support.free_why_not,
                )
        if recognizer is None and free is None:
            raise VoiceUnavailable(
                "broken_model",
                f"the voice model in {model.path} can be heard neither with a grammar "
                f"({support.grammar_why_not}) nor freely ({support.free_why_not})",
            )
        return recognizer, free

    def _tell_once(self, model: VoiceModel, what: str) -> bool:
        key = (str(model.path), what)
        with self._lock:
            if key in self._told:
                return False
            self._told.add(key)
            return True

    def _decode(
        self,
        session: int,
        matcher: IntentMatcher,
        intents: tuple[str, ...],
        source: AudioSource,
        recognizer: Any | None,
        free: FreeHearing | None,
    ) -> None:
        settings = self.settings
        rate = source.sample_rate
        paths = tuple(
            name for name, way in (("grammar", recognizer), ("free", free)) if way is not None
        )
        segments: list[list[tuple[str, float]]] = []  # n-best lists of the parts said
        partial = ""
        # Audio time in samples (0.1 s summed 80 times is not quite 8.0 s).
        samples = 0
        end_silence = round(settings.end_silence_s * rate)
        no_speech = round(settings.no_speech_s * rate)
        longest = round(settings.max_utterance_s * rate)
        last_word: int | None = None  # where the words last changed, on either path
        last_voiced: int | None = None  # where the last chunk with some voice ended
        voiced_s = 0.0
        heard_anything = False
        last_chunk_at = time.perf_counter()
        free_s = 0.0  # time the free path took on the last chunk
        while True:
            chunk = source.read()
            if not self._current(session):
                self._emit(VoiceEvent("stopped", session))
                return
            if not chunk:
                break
            last_chunk_at = time.perf_counter()
            samples += len(chunk) // 2
            voice = voiced_seconds(chunk, rate)
            voiced_s += voice
            if voice:
                last_voiced = samples
            new_words = False
            if recognizer is not None:
                if recognizer.AcceptWaveform(chunk):
                    raw = recognizer.Result()
                    heard_anything = heard_anything or _said_something(raw)
                    segment = _alternatives(raw)
                    if segment[0][0]:
                        segments.append(segment)
                        # A segment ends only after the recogniser's own stretch of silence:
                        # its words were already seen as partial results, not new ones.
                        if last_word is None:
                            last_word = samples
                    partial = ""
                else:
                    now = clean_text(json.loads(recognizer.PartialResult()).get("partial", ""))
                    if now != partial:
                        partial = now
                        new_words = bool(now)
            if free is not None:
                # A sentence goes on where the grammar has nothing more to fit to it.
                started = time.perf_counter()
                new_words = free.accept(chunk) or new_words
                free_s = time.perf_counter() - started
            if new_words:
                # Words shown or revised in the quiet after the voice (both recognisers do
                # so with a sentence, up to 0.7 s later) count as said where the voice was.
                said_at = samples
                if last_voiced is not None:
                    said_at = min(samples, last_voiced + round(WORD_LAG_S * rate))
                last_word = max(last_word or 0, said_at)
                free_so_far = free.text if free is not None else ""
                so_far = free_so_far
                if recognizer is not None:
                    so_far = " ".join([*(s[0][0] for s in segments), partial]).strip()
                if so_far and voiced_s >= settings.min_voiced_s:
                    self._emit(
                        VoiceEvent(
                            "partial", session, text=so_far, free_text=free_so_far, paths=paths
                        )
                    )
            if last_word is None:
                if samples >= no_speech:
                    break
            elif samples - last_word >= end_silence:
                break
            if samples >= longest:
                break
        alternatives = [("", 0.0)]
        match: Match | None = None
        if recognizer is not None:
            raw = recognizer.FinalResult()
            heard_anything = heard_anything or _said_something(raw)
            segment = _alternatives(raw)
            if segment[0][0]:
                segments.append(segment)
            if len(segments) == 1:
                alternatives = segments[0]
            elif segments:  # said in several breaths: the best of each, together
                alternatives = [(" ".join(s[0][0] for s in segments), 0.0)]
            match = decide(matcher, alternatives, intents)
        free_text, free_confidence = "", None
        if free is not None:
            started = time.perf_counter()
            if match is not None and match.understood:
                # The grammar's command goes on: its speed does not wait for the free
                # path's final result (60-150 ms); the text so far goes beside it.
                free_text, free_confidence = free.so_far()
            else:
                free_text, free_confidence = free.finish()
            free_s += time.perf_counter() - started
        heard = VoiceEvent(
            "no_speech", session, free_text=free_text, free_confidence=free_confidence, paths=paths
        )
        if not segments and not heard_anything and not free_text:
            self._emit(heard)
            return
        if match is None:  # a fixed-graph model: its free text, heard as said
            alternatives = [(free_text, 0.0)]
            match = decide(matcher, alternatives, intents)
        text = alternatives[0][0]
        if voiced_s < settings.min_voiced_s:
            log.info("voice: %r was fitted to a sound without a voice; ignored", text or free_text)
            self._emit(replace(heard, text=text))
            return
        self._emit(
            replace(
                heard,
                kind="understood" if match.understood else "not_understood",
                text=text,
                match=match,
                decide_s=time.perf_counter() - last_chunk_at,
                alternatives=tuple(alternatives) if recognizer is not None else (),
                chosen=choose_heard(match, free_text, by_grammar=recognizer is not None),
                free_s=free_s if free is not None else 0.0,
            )
        )


def _said_something(answer: str) -> bool:
    """True if the recogniser heard any word at all, even one it could not place ([unk])."""
    data = json.loads(answer)
    if "alternatives" in data:
        return any(a.get("text") for a in data["alternatives"])
    return bool(data.get("text"))


def _alternatives(answer: str) -> list[tuple[str, float]]:
    """The recogniser's n-best list as (text without [unk], confidence), best first."""
    data = json.loads(answer)
    if "alternatives" in data:
        found = [
            (clean_text(a.get("text", "")), float(a.get("confidence", 0.0)))
            for a in data["alternatives"]
        ]
    else:
        found = [(clean_text(data.get("text", "")), 0.0)]
    return found or [("", 0.0)]
