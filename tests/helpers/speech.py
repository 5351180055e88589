"""Test doubles and fixtures for the speaker: tones, a gated sink, a fake ``aplay`` on PATH,
and real pyttsx3 backends kept for inspection. Fixtures are registered in tests/conftest.py.
"""

from __future__ import annotations

import array
import logging
import math
import os
import stat
import threading
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from voice.audio_out import MemorySink, Pcm, RecordedStream, _MemoryStream
from voice.tts import Pyttsx3Backend, Speaker, Utterance

WAIT_S = 10.0
RATE = 22050


@pytest.fixture
def speakers() -> Iterator[list[Speaker]]:
    made: list[Speaker] = []
    yield made
    for speaker in made:
        speaker.close(WAIT_S)
        assert not speaker._thread.is_alive()


@pytest.fixture
def make_speaker(speakers: list[Speaker]) -> Callable[..., Speaker]:
    def make(*args: Any, **kwargs: Any) -> Speaker:
        speaker = Speaker(*args, **kwargs)
        speakers.append(speaker)
        return speaker

    return make


def wait_idle(speaker: Speaker) -> None:
    idle = threading.Event()
    speaker.when_idle(idle.set)
    assert idle.wait(WAIT_S), "the speaker never became idle"


class EngineBackends:
    """Makes real pyttsx3 backends and keeps them, to look at the engine afterwards."""

    def __init__(self) -> None:
        self.made: list[Pyttsx3Backend] = []

    def __call__(self) -> Pyttsx3Backend:
        backend = Pyttsx3Backend()
        self.made.append(backend)
        return backend

    @property
    def engine(self) -> Any:
        return self.made[-1].engine


@pytest.fixture
def engine() -> EngineBackends:
    try:
        Pyttsx3Backend().close()
    except Exception as error:  # pragma: no cover - only where espeak-ng is not installed
        pytest.skip(f"pyttsx3 + espeak-ng not usable here: {error}")
    return EngineBackends()


def tone(ms: int, rate: int = RATE) -> Pcm:
    samples = array.array(
        "h", (int(8000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(rate * ms // 1000))
    )
    return Pcm(rate, samples.tobytes())


class ToneSynth:
    """A fast stand-in engine: 10 ms of tone per character; can be told to fail."""

    def __init__(self, fail: Callable[[Utterance], bool] = lambda _: False) -> None:
        self.utterances: list[Utterance] = []
        self.fail = fail
        self.closed = threading.Event()

    def synthesize(self, utterance: Utterance) -> Pcm:
        self.utterances.append(utterance)
        if self.fail(utterance):
            raise RuntimeError(f"cannot say {utterance.text!r}")
        return tone(10 * len(utterance.text))

    def save_to_file(self, utterance: Utterance, path: Path) -> None:
        pcm = self.synthesize(utterance)
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(pcm.rate)
            wav.writeframes(pcm.data)

    def close(self) -> None:
        self.closed.set()


class GatedSink(MemorySink):
    """Holds the first stream after ``hold_after`` chunks until it is aborted or released."""

    def __init__(self, hold_after: int = 3) -> None:
        super().__init__()
        self.hold_after = hold_after
        self.holding = threading.Event()
        self.release = threading.Event()

    def open(self, rate: int) -> _MemoryStream:
        stream = super().open(rate)
        if len(self.streams) == 1:
            return _GatedStream(self, stream.record)
        return stream


class _GatedStream(_MemoryStream):
    sink: GatedSink

    def write(self, pcm: bytes) -> None:
        super().write(pcm)
        if len(self.record.chunks) == self.sink.hold_after:
            self.sink.holding.set()
            if not self.sink.release.wait(WAIT_S):
                raise AssertionError("the held stream was neither aborted nor released")

    def abort(self) -> None:
        super().abort()
        self.sink.release.set()


def peak(stream: RecordedStream) -> int:
    return max(abs(s) for s in array.array("h", stream.data))


def write_script(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def fake_aplay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ``aplay`` first on PATH that copies stdin to ``played.raw`` and its arguments to
    ``args.txt``; returns the folder."""
    folder = tmp_path / "fakebin"
    write_script(
        folder,
        "aplay",
        f'echo "$@" >> "{folder}/args.txt"\nexec cat >> "{folder}/played.raw"',
    )
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder


def speaker_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "voice.tts" and r.levelno >= logging.WARNING]
