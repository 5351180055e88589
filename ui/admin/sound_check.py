"""The microphone test's sound work, without Qt: record a few seconds, say how loud it was,
play it back. Runs in a worker thread (ui.admin.part's own runner): it blocks for seconds."""

from __future__ import annotations

import array
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass

from voice.audio_in import AudioSource
from voice.audio_out import AudioSink, Pcm

RECORD_S = 3.0
# The loudest moment, in dB below full scale: a voice at arm's length is about -30 to -10.
HEARD_DBFS = -40.0  # below this nothing that counts as a sound was heard
CLEAR_DBFS = -30.0  # from this on a voice comes through clearly


@dataclass(frozen=True)
class Recording:
    pcm: Pcm
    peak_dbfs: float
    """The loudest 20 ms of the recording (its root mean square), in dBFS; -inf when silent."""

    @property
    def verdict(self) -> str:
        """ "clear", "quiet" or "silent": what the level means for a voice."""
        if self.peak_dbfs >= CLEAR_DBFS:
            return "clear"
        if self.peak_dbfs >= HEARD_DBFS:
            return "quiet"
        return "silent"


def loudest_dbfs(pcm: Pcm, frame_s: float = 0.02) -> float:
    """The loudest ``frame_s`` of ``pcm`` as root mean square, in dB below full scale."""
    samples = array.array("h")
    samples.frombytes(pcm.data[: len(pcm.data) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    size = max(1, int(pcm.rate * frame_s))
    loudest = 0.0
    for start in range(0, len(samples), size):
        frame = samples[start : start + size]
        loudest = max(loudest, math.sqrt(sum(x * x for x in frame) / len(frame)))
    return 20 * math.log10(loudest / 32768) if loudest > 0 else -math.inf


def record(open_source: Callable[[], AudioSource], seconds: float = RECORD_S) -> Recording:
    """``seconds`` of sound from a source (raises what opening or reading it raises)."""
    source = open_source()
    try:
        wanted = int(source.sample_rate * seconds) * 2
        chunks: list[bytes] = []
        got = 0
        while got < wanted:
            chunk = source.read()
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    finally:
        source.close()
    pcm = Pcm(source.sample_rate, b"".join(chunks)[:wanted])
    return Recording(pcm, loudest_dbfs(pcm))


def play(pcm: Pcm, sink: AudioSink) -> None:
    """Play ``pcm`` through ``sink`` to the end (raises AudioUnavailable without sound)."""
    stream = sink.open(pcm.rate)
    try:
        for chunk in pcm.chunks():
            stream.write(chunk)
    except BaseException:
        stream.abort()
        raise
    stream.finish()
