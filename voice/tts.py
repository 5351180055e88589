"""The speaker: text-to-speech in one worker thread behind a queue.

Screens call :meth:`Speaker.say`; it returns at once. A new screen's sentence interrupts the
old one (``interrupt=True`` drops what is still queued and stops the current utterance).
Without a working speech engine or audio device the kiosk goes on with visible text only,
after one logged warning.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

# espeak-ng voice names per UI language.
VOICES = {"zh_CN": "cmn", "en_US": "en-us"}


@dataclass(frozen=True)
class Utterance:
    text: str
    language: str
    rate: int
    volume: int


class SpeechBackend(Protocol):
    """What actually makes sound; runs only in the speaker's worker thread."""

    def speak(self, utterance: Utterance) -> None: ...

    def stop(self) -> None: ...


class Pyttsx3Backend:
    """pyttsx3 driving espeak-ng. The engine is created lazily in the worker thread."""

    def __init__(self) -> None:
        self._engine: object | None = None

    def _ensure(self) -> object:
        if self._engine is None:
            import pyttsx3  # heavy: loaded on first speech, not at start-up

            self._engine = pyttsx3.init()
        return self._engine

    def speak(self, utterance: Utterance) -> None:
        engine = self._ensure()
        voice = VOICES.get(utterance.language, "cmn")
        for candidate in engine.getProperty("voices"):  # type: ignore[attr-defined]
            if candidate.id.endswith("/" + voice) or candidate.id == voice:
                engine.setProperty("voice", candidate.id)  # type: ignore[attr-defined]
                break
        engine.setProperty("rate", utterance.rate)  # type: ignore[attr-defined]
        engine.setProperty("volume", utterance.volume / 100)  # type: ignore[attr-defined]
        engine.say(utterance.text)  # type: ignore[attr-defined]
        engine.runAndWait()  # type: ignore[attr-defined]

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.stop()  # type: ignore[attr-defined]


class Speaker:
    """Queue of sentences spoken one after another by a single worker thread."""

    def __init__(
        self,
        backend_factory: Callable[[], SpeechBackend] = Pyttsx3Backend,
        *,
        language: str = "zh_CN",
        rate: int = 150,
        volume: int = 90,
        enabled: bool = True,
    ) -> None:
        self.language = language
        self.rate = rate
        self.volume = volume
        self.enabled = enabled
        self._factory = backend_factory
        self._backend: SpeechBackend | None = None
        self._queue: queue.Queue[tuple[int, Utterance] | None] = queue.Queue()
        self._generation = 0
        self._lock = threading.Lock()
        self._broken = False
        self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
        self._thread.start()

    def say(self, text: str, *, interrupt: bool = True) -> None:
        """Speak ``text`` soon; with ``interrupt`` whatever is queued or playing is dropped."""
        if not self.enabled or not text.strip():
            return
        with self._lock:
            if interrupt:
                self._generation += 1
                self._drain()
                if self._backend is not None:
                    try:
                        self._backend.stop()
                    except Exception:  # the engine may be mid-utterance in another thread
                        log.debug("stopping speech failed", exc_info=True)
            generation = self._generation
        self._queue.put((generation, Utterance(text, self.language, self.rate, self.volume)))

    def _drain(self) -> None:
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            return

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            generation, utterance = item
            if generation != self._generation or self._broken:
                continue
            try:
                if self._backend is None:
                    self._backend = self._factory()
                self._backend.speak(utterance)
            except Exception:
                # No engine or no audio device: go on silently, the screen shows the text.
                self._broken = True
                log.warning("speech is not available; continuing with text only", exc_info=True)

    def close(self, timeout: float = 2.0) -> None:
        with self._lock:
            self._generation += 1
            self._drain()
        self._queue.put(None)
        self._thread.join(timeout)
