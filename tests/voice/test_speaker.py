"""The speaker (voice/tts.py): the real pyttsx3 2.99 + espeak-ng engine into a fake audio
device (:class:`MemorySink`), so the regressions of that pinned version are covered where they
bite; the aplay sink is tested in tests/voice/test_audio_out.py. Nothing here sleeps to wait: every
wait is on an event or a future, with a timeout.
"""

from __future__ import annotations

import array
import json
import logging
import os
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import pytest

from tests.helpers.paths import REPO_ROOT
from tests.helpers.speech import (
    RATE,
    WAIT_S,
    EngineBackends,
    GatedSink,
    ToneSynth,
    peak,
    speaker_warnings,
    wait_idle,
    write_script,
)
from voice import tts
from voice.audio_out import MemorySink
from voice.tts import Speaker, Utterance, voice_for

ROOT = REPO_ROOT


# -- the real engine into a fake audio device ---------------------------------------------------


def test_several_sentences_all_reach_the_sink_in_order(
    make_speaker: Callable[..., Speaker], engine: EngineBackends
) -> None:
    # pyttsx3 2.99 keeps only the last of several say() calls made before runAndWait().
    sink = MemorySink()
    speaker = make_speaker(engine, sink=sink)
    speaker.say("好")
    speaker.queue("您好，今天的午饭已经为您订好了，中午十一点半送到。")
    speaker.say("请按确认", interrupt=False)
    wait_idle(speaker)

    streams = sink.streams
    assert len(streams) == 3
    assert all(s.finished and not s.aborted and s.data for s in streams)
    assert all(s.rate == RATE for s in streams)
    short, long, middle = (s.data and len(s.data) for s in streams)
    assert short < middle < long  # the order they were asked for


def test_save_to_file_then_say_still_plays(
    make_speaker: Callable[..., Speaker], engine: EngineBackends, tmp_path: Path
) -> None:
    # pyttsx3 2.99 never forgets a save_to_file() target: the next say() overwrites that file
    # instead of playing.
    sink = MemorySink()
    speaker = make_speaker(engine, sink=sink, language="en_US")
    target = tmp_path / "greeting.wav"
    assert speaker.save_to_file("Good morning", target).result(WAIT_S) == target
    saved = target.read_bytes()

    speaker.say("Your lunch is on its way")
    wait_idle(speaker)

    [stream] = sink.streams
    assert stream.finished and stream.data
    assert target.read_bytes() == saved  # the sentence went to the sink, not into the file
    with wave.open(str(target), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        frames = array.array("h", wav.readframes(wav.getnframes()))
    assert len(frames) > RATE // 4 and max(abs(s) for s in frames) > 1000
    assert list(engine.made[0]._tmp.iterdir()) == []  # the speaker's temporary files are gone


def test_save_to_file_uses_the_language_asked_for(
    make_speaker: Callable[..., Speaker], engine: EngineBackends, tmp_path: Path
) -> None:
    speaker = make_speaker(engine, sink=MemorySink(), language="en_US")
    speaker.save_to_file("您好", tmp_path / "zh.wav", language="zh_CN").result(WAIT_S)
    assert engine.engine.getProperty("voice") == "sit/cmn-latn-pinyin"


def test_interrupt_drops_the_queue_and_cuts_the_sentence_playing(
    make_speaker: Callable[..., Speaker], engine: EngineBackends
) -> None:
    # pyttsx3 2.99 plays through os.system("aplay ..."), which cannot be interrupted.
    sink = GatedSink(hold_after=3)
    speaker = make_speaker(engine, sink=sink)
    speaker.say("这是旧页面上一句很长很长的话，还没有说完。")
    assert sink.holding.wait(WAIT_S)  # three chunks of the old sentence have been played
    speaker.queue("排队的第一句")
    speaker.queue("排队的第二句")

    speaker.say("新页面")  # interrupt=True is the default
    wait_idle(speaker)

    old, new = sink.streams  # the queued sentences never reached the device
    assert old.aborted and not old.finished
    assert len(old.chunks) == 3  # cut right there: nothing more after the interrupt
    assert new.finished and not new.aborted and new.data


def test_stop_silences_without_a_new_sentence(make_speaker: Callable[..., Speaker]) -> None:
    sink = GatedSink(hold_after=1)
    speaker = make_speaker(ToneSynth, sink=sink)
    speaker.say("一句长长的话")
    assert sink.holding.wait(WAIT_S)
    speaker.queue("不会说出来")
    speaker.stop()
    wait_idle(speaker)
    [stream] = sink.streams
    assert stream.aborted and len(stream.chunks) == 1


def test_the_ui_language_picks_the_voice(
    make_speaker: Callable[..., Speaker], engine: EngineBackends
) -> None:
    sink = MemorySink()
    speaker = make_speaker(engine, sink=sink, language="zh_CN")
    speaker.say("您好")
    wait_idle(speaker)
    assert engine.engine.getProperty("voice") == "sit/cmn-latn-pinyin"

    speaker.set_language("en_US")
    speaker.say("Hello")
    wait_idle(speaker)
    assert engine.engine.getProperty("voice") == "gmw/en-us"
    assert [s.finished for s in sink.streams] == [True, True]

    assert (voice_for("zh_CN"), voice_for("en_US"), voice_for("en_GB")) == (
        "cmn-latn-pinyin",
        "en-us",
        "en-us",
    )
    assert engine.made[0].voice_id("zh_CN") == "sit/cmn-latn-pinyin"


def test_rate_and_volume_from_settings_apply(
    make_speaker: Callable[..., Speaker], engine: EngineBackends
) -> None:
    sink = MemorySink()
    speaker = make_speaker(engine, sink=sink, language="en_US", rate=100, volume=100)
    text = "Please take your medicine after lunch"
    speaker.say(text)
    wait_idle(speaker)
    assert engine.engine.getProperty("rate") == 100
    assert engine.engine.getProperty("volume") == 1.0

    speaker.rate, speaker.volume = 250, 20  # the settings screen changed them
    speaker.say(text)
    wait_idle(speaker)
    assert engine.engine.getProperty("rate") == 250
    assert engine.engine.getProperty("volume") == pytest.approx(0.2)

    slow_loud, fast_quiet = sink.streams
    assert len(fast_quiet.data) < 0.7 * len(slow_loud.data)
    assert peak(fast_quiet) < 0.5 * peak(slow_loud)


def test_first_audio_is_reported_soon_after_the_request(
    make_speaker: Callable[..., Speaker], engine: EngineBackends
) -> None:
    seen: dict[int, float] = {}
    sink = MemorySink()
    speaker = make_speaker(
        engine, sink=sink, on_first_audio=lambda uid, t: seen.__setitem__(uid, t)
    )
    asked = time.perf_counter()
    utterance_id = speaker.say("您好")
    wait_idle(speaker)
    assert utterance_id is not None
    [stream] = sink.streams
    assert asked < seen[utterance_id] and stream.first_audio is not None
    assert stream.first_audio <= seen[utterance_id]
    # 20 ms chunks: what an interrupt may still let through.
    assert {len(chunk) for _, chunk in stream.chunks[:-1]} == {RATE * 20 // 1000 * 2}


def test_the_driver_prints_nothing_on_stdout(
    make_speaker: Callable[..., Speaker],
    engine: EngineBackends,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    # pyttsx3 2.99 prints "Audio saved to ..." where the kiosk prints its first-frame line.
    stdout = sys.stdout
    speaker = make_speaker(engine, sink=MemorySink())
    speaker.save_to_file("你好", tmp_path / "a.wav").result(WAIT_S)
    speaker.say("你好")
    wait_idle(speaker)
    assert capfd.readouterr().out == ""
    assert sys.stdout is stdout  # silenced in the driver module only, not process-wide
    import pyttsx3.drivers.espeak as driver

    assert driver.print is tts._quiet_print


@pytest.mark.slow  # a child process
def test_the_first_sentence_after_start_is_complete(tmp_path: Path) -> None:
    # pyttsx3 2.99: the first runAndWait() after init() returns before synthesis has ended.
    # A fresh process, so the engine really is new; it also shows stdout stays clean.
    script = """
import json, threading
from voice.audio_out import MemorySink
from voice.tts import Speaker
sink = MemorySink()
speaker = Speaker(sink=sink, language="en_US")
idle = threading.Event()
for text in ("Good morning, your lunch is coming", "Good morning, your lunch is coming"):
    speaker.say(text, interrupt=False)
speaker.when_idle(idle.set)
assert idle.wait(20)
speaker.close()
print(json.dumps([len(s.data) for s in sink.streams]))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    first, second = json.loads(result.stdout)  # and nothing else on stdout
    assert first == pytest.approx(second, rel=0.05)


# -- no audio device, broken engines ------------------------------------------------------------


def test_missing_aplay_warns_once_then_text_only(
    make_speaker: Callable[..., Speaker],
    engine: EngineBackends,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    speaker = make_speaker(engine)  # the real AplaySink
    with caplog.at_level(logging.WARNING, logger="voice.tts"):
        started = time.perf_counter()
        for text in ("第一句", "第二句", "第三句"):
            speaker.say(text, interrupt=False)
        assert time.perf_counter() - started < 0.5  # say() only enqueues
        wait_idle(speaker)
    assert not speaker.audio_available
    [warning] = speaker_warnings(caplog)
    assert "text only" in warning.getMessage() and "aplay" in warning.getMessage()
    assert speaker._thread.is_alive()


def test_an_aplay_that_fails_warns_once_and_is_not_started_again(
    make_speaker: Callable[..., Speaker],
    engine: EngineBackends,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    folder = tmp_path / "bin"
    write_script(
        folder,
        "aplay",
        f'echo started >> "{folder}/runs.txt"\n'
        'echo "aplay: main:831: audio open error: No such file or directory" >&2\nexit 1',
    )
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    speaker = make_speaker(engine)
    with caplog.at_level(logging.WARNING, logger="voice.tts"):
        for text in ("第一句", "第二句", "第三句"):
            speaker.queue(text)
        wait_idle(speaker)
        assert (folder / "runs.txt").read_text().split() == ["started"]
        assert not speaker.audio_available
        [warning] = speaker_warnings(caplog)
        assert "audio open error" in warning.getMessage()

        speaker.recheck_audio()  # e.g. staff plugged a speaker in
        assert speaker.audio_available
        speaker.say("再试一次")
        wait_idle(speaker)
    assert (folder / "runs.txt").read_text().split() == ["started", "started"]
    assert len(speaker_warnings(caplog)) == 2


def test_a_backend_that_raises_does_not_kill_the_worker(
    make_speaker: Callable[..., Speaker], caplog: pytest.LogCaptureFixture
) -> None:
    synth = ToneSynth(fail=lambda u: u.text.startswith("bad"))
    sink = MemorySink()
    speaker = make_speaker(lambda: synth, sink=sink)
    with caplog.at_level(logging.WARNING, logger="voice.tts"):
        for text in ("bad one", "good one", "bad two", "good two"):
            speaker.queue(text)
        wait_idle(speaker)
    assert [u.text for u in synth.utterances] == ["bad one", "good one", "bad two", "good two"]
    assert len(sink.finished()) == 2
    assert len(speaker_warnings(caplog)) == 2
    assert speaker.audio_available and speaker._thread.is_alive()


def test_an_engine_that_cannot_start_warns_once(
    make_speaker: Callable[..., Speaker], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    attempts: list[int] = []

    def no_engine() -> ToneSynth:
        attempts.append(1)
        raise RuntimeError("espeak-ng is not installed")

    speaker = make_speaker(no_engine, sink=MemorySink())
    with caplog.at_level(logging.WARNING, logger="voice.tts"):
        speaker.say("first")
        speaker.queue("second")
        saved = speaker.save_to_file("third", tmp_path / "x.wav")
        wait_idle(speaker)
    assert attempts == [1]
    assert not speaker.audio_available
    assert isinstance(saved.exception(WAIT_S), RuntimeError)
    [warning] = speaker_warnings(caplog)
    assert "text only" in warning.getMessage()


# -- the queue, idling and closing --------------------------------------------------------------


def test_say_returns_at_once_while_speech_plays(make_speaker: Callable[..., Speaker]) -> None:
    synth = ToneSynth()
    sink = GatedSink(hold_after=1)
    speaker = make_speaker(lambda: synth, sink=sink)
    speaker.say("您好，这是一句很长的话")
    assert sink.holding.wait(WAIT_S)
    ids = [speaker.queue(f"第{n}句") for n in range(20)]  # nothing can be played meanwhile
    assert len(sink.streams) == 1
    sink.release.set()
    wait_idle(speaker)
    assert len(sink.finished()) == 21
    assert len(set(ids)) == 20
    assert synth.utterances[-1].text == "第19句"


def test_when_idle_fires_once_the_queue_has_drained(make_speaker: Callable[..., Speaker]) -> None:
    sink = GatedSink(hold_after=1)
    speaker = make_speaker(ToneSynth, sink=sink)
    fired = threading.Event()
    seen: dict[str, object] = {}

    def listen() -> None:  # e.g. open the microphone
        seen["played"] = len(sink.finished())
        seen["thread"] = threading.current_thread().name
        fired.set()

    speaker.say("请说出您要的服务")
    assert sink.holding.wait(WAIT_S)
    speaker.when_idle(listen)
    speaker.queue("比如：订餐")
    assert not fired.is_set()  # the worker is still playing the first sentence
    sink.release.set()
    assert fired.wait(WAIT_S)
    assert seen == {"played": 2, "thread": "speaker"}


def test_when_idle_on_an_idle_speaker_fires_soon(make_speaker: Callable[..., Speaker]) -> None:
    speaker = make_speaker(ToneSynth, sink=MemorySink())
    wait_idle(speaker)
    speaker.enabled = False
    speaker.say("不说")
    wait_idle(speaker)


def test_save_to_file_returns_a_future_and_survives_interrupts(
    make_speaker: Callable[..., Speaker], tmp_path: Path
) -> None:
    sink = GatedSink(hold_after=1)
    speaker = make_speaker(ToneSynth, sink=sink)
    speaker.say("一句话")
    assert sink.holding.wait(WAIT_S)
    saved: Future[Path] = speaker.save_to_file("存下来", tmp_path / "a.wav")
    assert not saved.done()
    speaker.say("新页面")  # drops sentences, not saves
    assert saved.result(WAIT_S) == tmp_path / "a.wav"
    with wave.open(str(saved.result()), "rb") as wav:
        assert wav.getnframes() == RATE * 30 // 1000


def test_a_disabled_speaker_says_nothing(make_speaker: Callable[..., Speaker]) -> None:
    synth = ToneSynth()
    speaker = make_speaker(lambda: synth, sink=MemorySink(), enabled=False)
    assert speaker.say("不该说出来") is None
    speaker.queue("也不该")

    # Turned on again, the next sentence is the first one heard: nothing was waiting.
    speaker.enabled = True
    speaker.queue("现在可以说了")
    wait_idle(speaker)
    assert [u.text for u in synth.utterances] == ["现在可以说了"]


def test_blank_text_is_not_spoken(make_speaker: Callable[..., Speaker]) -> None:
    synth = ToneSynth()
    speaker = make_speaker(lambda: synth, sink=MemorySink())
    assert speaker.say("   ") is None
    speaker.say("")
    speaker.queue("好")
    wait_idle(speaker)
    assert [u.text for u in synth.utterances] == ["好"]


def test_close_joins_the_worker_and_releases_the_engine(
    engine: EngineBackends, tmp_path: Path
) -> None:
    speaker = Speaker(engine, sink=MemorySink())
    speaker.say("再见")
    wait_idle(speaker)
    temporary = engine.made[0]._tmp
    assert temporary.is_dir()
    speaker.close()
    assert not speaker._thread.is_alive()
    assert not temporary.exists()
    assert speaker.say("还在吗") is None
    assert isinstance(speaker.save_to_file("x", tmp_path / "x.wav").exception(0), RuntimeError)


# -- backends that make their own sound (test doubles, silent backends) --------------------------


class SelfSpeaking:
    """The older kind of backend: speaks by itself, blocks until released."""

    def __init__(self, error: OSError | None = None) -> None:
        self.texts: list[str] = []
        self.utterances: list[Utterance] = []
        self.stops = 0
        self.started = threading.Event()
        self.release = threading.Event()
        self.error = error

    def speak(self, utterance: Utterance) -> None:
        self.started.set()
        if self.error is not None:
            raise self.error
        if not self.release.wait(WAIT_S):
            raise AssertionError("the test never released the speaker")
        self.texts.append(utterance.text)
        self.utterances.append(utterance)

    def stop(self) -> None:
        self.stops += 1
        if self.error is not None:
            raise self.error


def test_a_self_speaking_backend_gets_the_settings_and_is_stopped(
    make_speaker: Callable[..., Speaker],
) -> None:
    backend = SelfSpeaking()
    speaker = make_speaker(lambda: backend, language="en_US", rate=120, volume=70)
    speaker.say("old screen")
    assert backend.started.wait(WAIT_S)
    speaker.queue("queued one")
    speaker.say("new screen")
    assert backend.stops == 1
    backend.release.set()
    wait_idle(speaker)
    assert backend.texts == ["old screen", "new screen"]
    assert backend.utterances[0] == Utterance("old screen", "en_US", 120, 70)


def test_a_self_speaking_backend_without_a_device_warns_once(
    make_speaker: Callable[..., Speaker], caplog: pytest.LogCaptureFixture
) -> None:
    backend = SelfSpeaking(error=OSError("no audio device"))
    speaker = make_speaker(lambda: backend)
    with caplog.at_level(logging.WARNING, logger="voice.tts"):
        for text in ("first", "second", "third"):
            speaker.say(text)  # stop() raises too; the caller never sees it
        speaker.queue("fourth")
        wait_idle(speaker)
    assert len(backend.texts) == 0 and not speaker.audio_available
    [warning] = speaker_warnings(caplog)
    assert "text only" in warning.getMessage()
