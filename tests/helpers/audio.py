"""Audio helpers for the listener tests: collecting events, counting audio, fake arecords."""

from __future__ import annotations

import array
import os
import queue
import random
import shutil
import sys
import threading
import wave
from pathlib import Path

import pytest

from voice.asr import CHUNK_S, ArecordSource, AudioSource, VoiceEvent

WAIT_S = 60.0  # generous: the machine may be busy; nothing is timed


class Events:
    """Collects a listener's events (from its thread) and waits for them on a queue."""

    def __init__(self) -> None:
        self.queue: queue.Queue[VoiceEvent] = queue.Queue()
        self.seen: list[VoiceEvent] = []

    def __call__(self, event: VoiceEvent) -> None:
        self.queue.put(event)

    def until(self, *kinds: str) -> VoiceEvent:
        while True:
            try:
                event = self.queue.get(timeout=WAIT_S)
            except queue.Empty:
                seen = [e.kind for e in self.seen]
                raise AssertionError(f"no {kinds} within {WAIT_S} s; saw {seen}") from None
            self.seen.append(event)
            if event.kind in kinds:
                return event

    def kinds(self) -> list[str]:
        return [e.kind for e in self.seen]


class CountingSource:
    """Passes another source through and counts the audio read from it."""

    def __init__(self, inner: AudioSource) -> None:
        self.inner = inner
        self.sample_rate = inner.sample_rate
        self.bytes_read = 0

    @property
    def seconds_read(self) -> float:
        return self.bytes_read / 2 / self.sample_rate

    def read(self) -> bytes:
        chunk = self.inner.read()
        self.bytes_read += len(chunk)
        return chunk

    def close(self) -> None:
        self.inner.close()


def write_wav(path: Path, samples: bytes, rate: int = 16000, channels: int = 1) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples)
    return path


def white_noise(seconds: float, amplitude: int, seed: int, rate: int = 16000) -> bytes:
    rng = random.Random(seed)
    count = int(seconds * rate)
    return array.array("h", (rng.randint(-amplitude, amplitude) for _ in range(count))).tobytes()


def sound_end_s(path: Path, level: int = 300) -> float:
    """Where the last sample louder than ``level`` is (espeak ends its files with silence)."""
    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        samples = array.array("h")
        samples.frombytes(wav.readframes(wav.getnframes()))
    last = max(i for i, value in enumerate(samples) if abs(value) > level)
    return last / rate


def fake_arecord(folder: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    """Puts an executable ``arecord`` (a Python script) first on PATH."""
    folder.mkdir(exist_ok=True)
    script = folder / "arecord"
    script.write_text(f"#!{sys.executable}\n{body}", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ.get('PATH', '')}")
    assert shutil.which("arecord") == str(script)
    return script


def streaming_arecord(wav: Path, argv_file: Path, silence_s: float, hold: bool) -> str:
    """A fake arecord writing a WAV's samples as raw PCM on stdout, as the real one does.

    The samples are padded to whole chunks, so that with ``hold`` (write, then wait to be
    killed) the listener's next read is left with nothing at all when arecord dies."""
    return (
        "import sys, wave\n"
        f"open({str(argv_file)!r}, 'w').write(' '.join(sys.argv[1:]))\n"
        f"with wave.open({str(wav)!r}, 'rb') as wav:\n"
        "    rate = wav.getframerate()\n"
        "    data = wav.readframes(wav.getnframes())\n"
        f"data += b'\\0\\0' * int(rate * {silence_s})\n"
        f"chunk = int(rate * {CHUNK_S}) * 2\n"
        "data += b'\\0' * (-len(data) % chunk)\n"
        "for start in range(0, len(data), 4096):\n"
        "    sys.stdout.buffer.write(data[start : start + 4096])\n"
        "sys.stdout.buffer.flush()\n" + ("import signal\nsignal.pause()\n" if hold else "")
    )


class DrainedArecord(ArecordSource):
    """Knows how much the fake arecord writes, and says when a read has to wait for more."""

    def __init__(self, total: int, sample_rate: int) -> None:
        super().__init__(sample_rate=sample_rate)
        self.total = total
        self.got = 0
        self.drained = threading.Event()

    def read(self) -> bytes:
        if self.got >= self.total:
            self.drained.set()  # this read blocks: arecord has written all it will
        data = super().read()
        self.got += len(data)
        return data
