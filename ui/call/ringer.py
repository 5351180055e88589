"""The ring of an incoming call: a loud tone, again and again, until the call is answered,
declined or over.

The tone is made here (no sound file to lose) and played through the same kind of sink as
speech (voice.audio_out: ``aplay`` on a kiosk, memory in tests), in a thread of its own so
the UI never waits. Between rings there is a pause long enough for the caller's name to be
said; a sink that cannot play (no sound card, or the device busy with speech for a moment)
is logged once and tried again at the next ring.
"""

from __future__ import annotations

import array
import logging
import math
import threading

from voice.audio_out import AplaySink, AudioSink, AudioUnavailable

log = logging.getLogger(__name__)
RATE = 16000
TONE_HZ = (450.0, 900.0)  # the Chinese ring's 450 Hz, with its octave to carry across a room
BURST_S = 1.0
PAUSE_S = 2.5
LOUDNESS = 0.7  # of full scale: loud, but with no clipping


def ring_tone(seconds: float = BURST_S, rate: int = RATE) -> bytes:
    """One burst of the ring, mono S16_LE, faded in and out so it never clicks."""
    count = int(seconds * rate)
    fade = max(1, rate // 100)
    samples = array.array("h")
    for i in range(count):
        t = i / rate
        value = sum(math.sin(2 * math.pi * hz * t) for hz in TONE_HZ) / len(TONE_HZ)
        edge = min(1.0, i / fade, (count - 1 - i) / fade)
        samples.append(int(value * edge * LOUDNESS * 32767))
    return samples.tobytes()


class Ringer:
    """Rings in its own thread from :meth:`start` until :meth:`stop` (any thread)."""

    def __init__(self, sink: AudioSink | None = None, *, pause_s: float = PAUSE_S) -> None:
        self.sink: AudioSink = sink if sink is not None else AplaySink()
        self.pause_s = pause_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._tone: bytes | None = None
        self._warned = False
        self.rings = 0  # bursts played to the end

    @property
    def ringing(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def start(self) -> None:
        if self.ringing:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(self._stop,), name="ringer", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def close(self, timeout: float = 2.0) -> None:
        self.stop()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, stop: threading.Event) -> None:
        if self._tone is None:
            self._tone = ring_tone()
        while not stop.is_set():
            try:
                stream = self.sink.open(RATE)
            except AudioUnavailable as error:
                self._warn(error)
            else:
                try:
                    for offset in range(0, len(self._tone), RATE // 50 * 2):
                        if stop.is_set():
                            stream.abort()
                            break
                        stream.write(self._tone[offset : offset + RATE // 50 * 2])
                    else:
                        stream.finish()
                        self.rings += 1
                except AudioUnavailable as error:
                    self._warn(error)
            stop.wait(self.pause_s)

    def _warn(self, error: BaseException) -> None:
        if not self._warned:
            self._warned = True
            log.warning("the ring cannot be played: %s", error)
