"""Where the listener's audio comes from, and how much of it is a voice.

Audio is 16-bit mono PCM in 0.1 s chunks from an :class:`AudioSource`: the microphone through
``arecord`` (alsa-utils), or a WAV file, which tests, benchmarks and demonstrations feed in.
:func:`voiced_seconds` tells a voice from hiss and noise, for words that a recogniser fits to
any loud sound.
"""

from __future__ import annotations

import array
import itertools
import shutil
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path
from typing import Protocol

from voice.errors import VoiceUnavailable

SAMPLE_RATE = 16000
CHUNK_S = 0.1
# Voice detection (voiced_seconds): 20 ms frames; a frame is voiced when it is louder than
# about -50 dBFS and crosses zero on at most this share of its samples (vowels: < 0.15,
# white noise: about 0.5).
VOICE_FRAME_S = 0.02
VOICE_MIN_RMS = 100.0
VOICE_MAX_ZERO_CROSSINGS = 0.3


class AudioSource(Protocol):
    """16-bit mono PCM in chunks; ``read`` returns b"" at the end of the stream."""

    sample_rate: int

    def read(self) -> bytes: ...

    def close(self) -> None: ...


class ArecordSource:
    """The microphone through ``arecord`` (alsa-utils), 16 kHz mono, 0.1 s per chunk."""

    def __init__(self, device: str = "default", sample_rate: int = SAMPLE_RATE) -> None:
        self.sample_rate = sample_rate
        binary = shutil.which("arecord")
        if binary is None:
            raise VoiceUnavailable("no_microphone", "arecord (alsa-utils) is not installed")
        command = [binary, "-q", "-D", device, "-f", "S16_LE", "-r", str(sample_rate), "-c", "1"]
        command += ["-t", "raw"]
        try:
            self._process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
            )
        except OSError as error:
            raise VoiceUnavailable("no_microphone", f"cannot start arecord: {error}") from error
        self._chunk = int(sample_rate * CHUNK_S) * 2
        self._closed = threading.Event()

    def read(self) -> bytes:
        assert self._process.stdout is not None
        try:
            data = self._process.stdout.read(self._chunk)
        except (OSError, ValueError):  # closed by close() from another thread
            data = b""
        if not data and not self._closed.is_set():
            code = self._process.wait()
            if code != 0 and not self._closed.is_set():  # killed by close(): not a failure
                try:
                    detail = (
                        self._process.stderr.read().decode(errors="replace").strip()
                        if self._process.stderr
                        else ""
                    )
                except (OSError, ValueError):
                    detail = ""
                raise VoiceUnavailable(
                    "no_microphone", f"the microphone cannot be opened: {detail}"
                )
        return data

    def close(self) -> None:
        self._closed.set()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdout, self._process.stderr):
            if stream is not None:
                stream.close()


class WavFileSource:
    """A WAV file as if it were the microphone: mono 16-bit PCM, any sample rate.

    ``trailing_silence_s`` adds quiet after the speech, as a room has; ``realtime`` paces
    the chunks at the speed they would come from a microphone.
    """

    def __init__(
        self, path: Path, *, trailing_silence_s: float = 0.0, realtime: bool = False
    ) -> None:
        try:
            with wave.open(str(path), "rb") as wav:
                if wav.getnchannels() != 1 or wav.getsampwidth() != 2:
                    raise VoiceUnavailable(
                        "bad_audio",
                        f"{path}: need mono 16-bit audio, got {wav.getnchannels()} "
                        f"channels of {8 * wav.getsampwidth()} bits",
                    )
                self.sample_rate = wav.getframerate()
                frames = wav.readframes(wav.getnframes())
        except (OSError, EOFError, wave.Error) as error:
            raise VoiceUnavailable(
                "bad_audio", f"{path}: not a readable WAV file: {error}"
            ) from error
        silence = b"\0\0" * int(self.sample_rate * trailing_silence_s)
        self._data = frames + silence
        self._chunk = int(self.sample_rate * CHUNK_S) * 2
        self._offset = 0
        self._realtime = realtime
        self._closed = threading.Event()
        self._started = time.monotonic()
        self.speech_end_offset = len(frames)

    def read(self) -> bytes:
        if self._closed.is_set() or self._offset >= len(self._data):
            return b""
        if self._realtime:
            due = self._started + self._offset / 2 / self.sample_rate
            self._closed.wait(max(0.0, due - time.monotonic()))
        chunk = self._data[self._offset : self._offset + self._chunk]
        self._offset += len(chunk)
        return chunk

    def close(self) -> None:
        self._closed.set()


def voiced_seconds(pcm: bytes, sample_rate: int) -> float:
    """How much of ``pcm`` (mono S16_LE) sounds like a voice: 20 ms frames that are loud
    enough and cross zero rarely (after taking out any DC offset). Hiss, white noise and
    clicks cross zero too often; a steady hum or rumble would pass, which only means that
    the recogniser's words are then trusted as they were without this check."""
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    size = max(2, int(sample_rate * VOICE_FRAME_S))
    voiced = 0
    for start in range(0, len(samples) - size + 1, size):
        frame = samples[start : start + size]
        mean = sum(frame) / size
        if sum((x - mean) ** 2 for x in frame) < VOICE_MIN_RMS**2 * size:
            continue
        level = round(mean)
        above = [x >= level for x in frame]
        crossings = sum(a != b for a, b in itertools.pairwise(above))
        if crossings <= VOICE_MAX_ZERO_CROSSINGS * size:
            voiced += 1
    return voiced * size / sample_rate
