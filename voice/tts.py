"""The speaker: text-to-speech in one worker thread behind a queue.

Screens call :meth:`Speaker.say`; it only enqueues and returns at once. A new screen's sentence
interrupts the old one (``interrupt=True`` drops what is still queued and cuts the sentence
playing); :meth:`Speaker.queue` adds a sentence after the others. Without a working speech
engine or audio device the kiosk goes on with visible text only, after one logged warning.

Synthesis and playback are separate: the backend turns an :class:`Utterance` into PCM
(:class:`Pyttsx3Backend`: pyttsx3 driving espeak-ng) and the speaker streams it in ~20 ms chunks
into an :class:`~voice.audio_out.AudioSink` (``aplay`` by default), so an interrupt can stop the
sound within one chunk. Backends that make their own sound (``speak``/``stop``: test doubles,
silent backends for screenshots and benchmarks) are still accepted.

pyttsx3 is pinned to 2.99 in pyproject.toml. Its espeak driver has regressions that this module
works around, each covered by a test in tests/voice/test_speaker.py:

* several ``say`` calls before one ``runAndWait`` keep only the last text -> we never use
  ``say``: one utterance per ``save_to_file`` + ``runAndWait``
  (``test_several_sentences_all_reach_the_sink_in_order``);
* after ``save_to_file`` the driver never forgets the file, so a later ``say`` writes to that
  file instead of playing -> every utterance is saved to our own temporary file and played by
  our sink (``test_save_to_file_then_say_still_plays``);
* ``say`` plays through ``os.system("aplay ...")``, which blocks and cannot be interrupted ->
  playback is ours (``test_interrupt_drops_the_queue_and_cuts_the_sentence_playing``);
* ``save_to_file`` ``print()``s "Audio saved to ..." on stdout, where the kiosk writes its
  ``first-frame`` line for the start-up benchmark -> ``print`` is shadowed in that driver module
  only (``test_the_driver_prints_nothing_on_stdout``);
* the first ``runAndWait`` after ``pyttsx3.init()`` returns before synthesis has finished ->
  one empty ``runAndWait`` at start, and we wait for the "finished-utterance" notification
  (``test_the_first_sentence_after_start_is_complete``);
* every ``runAndWait`` calls the driver's ``stop()``, which cancels whatever espeak-ng's own
  thread is still doing (the tail of the last sentence, the rate and volume just set) and can
  leave a flag that cancels the next sentence -> we wait until espeak-ng is idle around each
  step (``test_rate_and_volume_from_settings_apply``, the first-sentence test above).
"""

from __future__ import annotations

import atexit
import itertools
import logging
import queue
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable

from voice.audio_out import AplaySink, AudioSink, AudioStream, AudioUnavailable, Pcm

if TYPE_CHECKING:
    from concurrent.futures import Future

log = logging.getLogger(__name__)

# espeak-ng voice names per UI language.
# Mandarin is "cmn-latn-pinyin": Debian 12's espeak-ng 1.51 plain "cmn" lacks many common
# characters (您, 欢, 紧, 急 ...) and reads their pinyin with the tone digits in English
# ("nin two"). tests/voice/test_speaker.py checks the sentences the kiosk says for that.
VOICES = {"zh_CN": "cmn-latn-pinyin", "en_US": "en-us"}
DEFAULT_LANGUAGE = "zh_CN"

FirstAudioHook = Callable[[int, float], None]


_CJK = "\u4e00-\u9fff"
# Compiled at first use (re keeps it), not at start-up: the range takes a while to compile.
_PER_UNIT = f"(?<=[{_CJK}])/(?=[{_CJK}])"  # 次/分, 毫摩尔/升
_NUMBER_PAIR = re.compile(r"(?<=\d)/(?=\d)")  # 150/95
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")  # 97%


def spoken_form(text: str, language: str) -> str:
    """``text`` as the voice should read it. The Chinese voice reads "/" and "%" in English
    ("slash", "percent"): a unit per unit is said with 每 (次/分: 次每分), two numbers (a
    blood pressure, 150/95) with a pause between them, a percentage as 百分之 (97%: 百分之97)."""
    if not language.startswith("zh"):
        return text
    text = _PERCENT.sub(r"百分之\1", text)
    return _NUMBER_PAIR.sub("，", re.sub(_PER_UNIT, "每", text))


def voice_for(language: str) -> str:
    """The espeak-ng voice for a UI language (``zh_CN`` -> ``cmn``); unknown -> by prefix."""
    if language in VOICES:
        return VOICES[language]
    prefix = language.split("_")[0]
    for lang, voice in VOICES.items():
        if lang.split("_")[0] == prefix:
            return voice
    return VOICES[DEFAULT_LANGUAGE]


@dataclass(frozen=True)
class Utterance:
    text: str
    language: str
    rate: int
    """Words per minute."""
    volume: int
    """0..100."""
    id: int = field(default=0, compare=False)
    requested: float = field(default=0.0, compare=False)
    """``time.perf_counter()`` when it was asked for."""


class SpeechBackend(Protocol):
    """A backend that makes the sound itself; runs only in the speaker's worker thread."""

    def speak(self, utterance: Utterance) -> None: ...

    def stop(self) -> None: ...


@runtime_checkable
class Synthesizer(Protocol):
    """A backend that turns text into samples; the speaker plays them through its sink."""

    def synthesize(self, utterance: Utterance) -> Pcm: ...

    def save_to_file(self, utterance: Utterance, path: Path) -> None: ...

    def close(self) -> None: ...


# -- pyttsx3 ------------------------------------------------------------------------------------

# espeak-ng is one per process and pyttsx3.init() hands every caller the same engine: all
# synthesis goes through this lock, and the engine lives as long as the process.
_ENGINE_LOCK = threading.Lock()
_engine: Any = None
_espeak_busy: Callable[[], int] | None = None
_engine_done = threading.Event()
_engine_completed: list[bool] = []
SYNTH_TIMEOUT_S = 30.0


def _quiet_print(*args: object, **kwargs: object) -> None:
    """Stands in for ``print`` inside pyttsx3's espeak driver (see the module docstring)."""
    log.debug("pyttsx3: %s", " ".join(str(a) for a in args))


def _on_finished(completed: bool = True, **_: object) -> None:
    _engine_completed.append(bool(completed))
    _engine_done.set()


def _shared_engine() -> Any:
    """The process's pyttsx3 engine, created and warmed up on first use (under the lock)."""
    global _engine, _espeak_busy
    if _engine is None:
        import pyttsx3  # heavy: loaded on first speech, not at start-up

        engine = pyttsx3.init()
        driver_module = getattr(engine.proxy, "_module", None)
        if driver_module is not None and hasattr(driver_module, "EspeakDriver"):
            # Shadow the builtin for that module only; sys.stdout stays untouched.
            driver_module.print = _quiet_print
            _espeak_busy = driver_module._espeak.IsPlaying
        engine.connect("finished-utterance", _on_finished)
        # The driver set its default voice, rate and volume through espeak's queue: let that
        # finish first, or the runAndWait below "stops" it and leaves the driver's stopping
        # flag set, which cancels the first real sentence.
        _wait_until_espeak_is_idle()
        engine.runAndWait()  # leaves the driver idle, so the next runAndWait really waits
        _engine = engine
        atexit.register(_release_engine_at_exit)
    return _engine


def _release_engine_at_exit() -> None:
    """pyttsx3 2.99's DriverProxy.__del__ needs ``contextlib``, which is already gone when
    the interpreter tears down ("Exception ignored ... 'suppress'" on every exit). Release
    the driver while modules still exist, and leave nothing for that __del__ to do."""
    if _engine is None:
        return
    from pyttsx3 import driver

    try:
        _engine.proxy._driver.destroy()
    except Exception:  # exiting anyway; the warning below is the only trace worth keeping
        log.debug("releasing the speech engine failed", exc_info=True)
    driver.DriverProxy.__del__ = lambda self: None  # type: ignore[method-assign]


def _wait_until_espeak_is_idle(timeout: float = SYNTH_TIMEOUT_S) -> None:
    """Wait for espeak-ng's own synthesis thread to finish the previous sentence.

    The driver runs espeak-ng in asynchronous retrieval mode: its thread is still busy for a
    moment after pyttsx3 reported the sentence finished, and the rate and volume we set are
    queued commands of that thread too. If ``runAndWait`` starts while it is busy, the driver's
    ``stop()`` sees espeak "playing" and cancels: the new rate and volume are lost and the
    sentence is reported cancelled (``test_rate_and_volume_from_settings_apply`` caught it).
    """
    if _espeak_busy is None:
        return
    deadline = time.monotonic() + timeout
    while _espeak_busy():
        if time.monotonic() > deadline:
            raise TimeoutError("espeak-ng stays busy")
        time.sleep(0.001)


class Pyttsx3Backend:
    """pyttsx3 (espeak driver) synthesizing each utterance into a private temporary WAV.

    Created in the speaker's worker thread; raises if the engine cannot start.
    """

    def __init__(self) -> None:
        with _ENGINE_LOCK:
            self.engine = _shared_engine()
            self._voice_ids = {
                str(v.id).lower(): str(v.id) for v in self.engine.getProperty("voices")
            }
        import tempfile  # the engine is made on first use, not at start-up

        self._tmp = Path(tempfile.mkdtemp(prefix="kiosk-tts-"))
        self._counter = itertools.count()
        self._missing: set[str] = set()

    def voice_id(self, language: str) -> str | None:
        """The engine's id of the voice for ``language`` (``sit/cmn``), or None if not installed."""
        wanted = voice_for(language)
        for key, voice_id in self._voice_ids.items():
            if key == wanted or key.endswith("/" + wanted):
                return voice_id
        if wanted not in self._missing:
            self._missing.add(wanted)
            log.warning("espeak-ng has no voice %r for %s; using its default", wanted, language)
        return None

    def _render(self, utterance: Utterance, path: Path) -> None:
        engine = self.engine
        voice = self.voice_id(utterance.language)
        with _ENGINE_LOCK:
            _wait_until_espeak_is_idle()
            if voice is not None:
                engine.setProperty("voice", voice)
            engine.setProperty("rate", int(utterance.rate))
            engine.setProperty("volume", max(0, min(100, utterance.volume)) / 100)
            _engine_done.clear()
            _engine_completed.clear()
            engine.save_to_file(utterance.text, str(path))
            _wait_until_espeak_is_idle()  # the rate and volume go through espeak's queue too
            engine.runAndWait()
            if not _engine_done.wait(SYNTH_TIMEOUT_S):
                raise TimeoutError(f"espeak-ng did not finish {utterance.text[:40]!r}")
            _wait_until_espeak_is_idle()
            if _engine_completed != [True]:
                raise RuntimeError(f"espeak-ng was cancelled in {utterance.text[:40]!r}")

    def synthesize(self, utterance: Utterance) -> Pcm:
        import wave  # in the speaker's thread, on first use

        path = self._tmp / f"u{next(self._counter)}.wav"
        try:
            self._render(utterance, path)
            with wave.open(str(path), "rb") as wav:
                if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                    raise ValueError(f"unexpected WAV format from espeak-ng: {wav.getparams()}")
                return Pcm(wav.getframerate(), wav.readframes(wav.getnframes()))
        finally:
            path.unlink(missing_ok=True)

    def save_to_file(self, utterance: Utterance, path: Path) -> None:
        self._render(utterance, path)

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)


# -- the speaker --------------------------------------------------------------------------------


class _Say(NamedTuple):
    generation: int
    utterance: Utterance


class _Save(NamedTuple):
    utterance: Utterance
    path: Path
    future: Future[Path]


_WAKE = object()
_STOP = object()


class Speaker:
    """Queue of sentences spoken one after another by a single worker thread.

    ``backend_factory`` is called once, in the worker thread, to make a :class:`Synthesizer`
    (played through ``sink``, by default ``aplay``) or a :class:`SpeechBackend` (makes its own
    sound). ``on_first_audio(utterance_id, t)`` is called from the worker thread when the first
    chunk of an utterance went to the sink, ``t`` from ``time.perf_counter()``.
    """

    def __init__(
        self,
        backend_factory: Callable[[], SpeechBackend | Synthesizer] = Pyttsx3Backend,
        *,
        language: str = DEFAULT_LANGUAGE,
        rate: int = 150,
        volume: int = 90,
        enabled: bool = True,
        sink: AudioSink | None = None,
        on_first_audio: FirstAudioHook | None = None,
    ) -> None:
        self.language = language
        self.rate = rate
        self.volume = volume
        self.enabled = enabled
        self.on_first_audio = on_first_audio
        self._factory = backend_factory
        self._sink: AudioSink = sink if sink is not None else AplaySink()
        self._backend: SpeechBackend | Synthesizer | None = None
        self._queue: queue.Queue[object] = queue.Queue()
        self._lock = threading.Lock()
        self._generation = 0
        self._ids = itertools.count(1)
        self._stream: AudioStream | None = None  # the one playing, registered under the lock
        self._speaking_generation: int | None = None  # for backends that make their own sound
        self._idle_callbacks: list[Callable[[], None]] = []
        self._broken = False  # the engine could not start
        self._audio_ok = True
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
        self._thread.start()

    # -- called from the UI thread: none of these block ----------------------------------------

    @property
    def audio_available(self) -> bool:
        """False once the engine or the audio device failed; the kiosk shows text only."""
        return self._audio_ok and not self._broken

    def set_language(self, language: str) -> None:
        """Sentences asked for from now on use this language's voice."""
        self.language = language

    def say(self, text: str, *, interrupt: bool = True) -> int | None:
        """Speak ``text`` soon; with ``interrupt`` whatever is queued or playing is dropped.

        Returns the utterance id (as passed to ``on_first_audio``), or None if nothing will
        be said (disabled, blank text, closed).
        """
        if not self.enabled or not text.strip() or self._closed:
            return None
        with self._lock:
            if interrupt:
                self._interrupt_locked()
            utterance = Utterance(
                spoken_form(text, self.language),
                self.language,
                self.rate,
                self.volume,
                id=next(self._ids),
                requested=time.perf_counter(),
            )
            self._queue.put(_Say(self._generation, utterance))
        return utterance.id

    def queue(self, text: str) -> int | None:
        """Speak ``text`` after what is already queued."""
        return self.say(text, interrupt=False)

    def stop(self) -> None:
        """Drop what is queued and cut the sentence playing."""
        with self._lock:
            self._interrupt_locked()

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` from the speaker thread once nothing is queued or playing.

        Soon if the speaker is idle already. Use it to open the microphone after a spoken
        prompt. Not called if the speaker is closed first.
        """
        if self._closed:
            return
        with self._lock:
            self._idle_callbacks.append(callback)
            self._queue.put(_WAKE)

    def save_to_file(
        self, text: str, path: str | Path, language: str | None = None
    ) -> Future[Path]:
        """Write ``text`` spoken as a WAV file, in the worker thread, after what is queued.

        Returns a future of the path; it fails if the engine cannot start or cannot save.
        Interrupts do not drop saves. Speaking aloud afterwards works as before.
        """
        from concurrent.futures import Future  # saving is rare: not loaded at start-up

        future: Future[Path] = Future()
        if self._closed:
            future.set_exception(RuntimeError("the speaker is closed"))
            return future
        utterance = Utterance(
            text, language or self.language, self.rate, self.volume, id=next(self._ids)
        )
        self._queue.put(_Save(utterance, Path(path), future))
        return future

    def recheck_audio(self) -> None:
        """Try the engine and the audio device again with the next sentence."""
        self._broken = False
        self._audio_ok = True

    def close(self, timeout: float = 2.0) -> None:
        """Stop speaking and end the worker thread (waits up to ``timeout`` seconds)."""
        with self._lock:
            self._closed = True
            self._interrupt_locked()
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def _interrupt_locked(self) -> None:
        self._generation += 1  # queued sentences of older generations are skipped
        if self._stream is not None:
            self._stream.abort()
        backend = self._backend
        if self._speaking_generation is not None and not isinstance(backend, Synthesizer | None):
            try:
                backend.stop()
            except Exception:  # the engine may be mid-utterance in another thread
                log.debug("stopping speech failed", exc_info=True)

    # -- the worker thread ---------------------------------------------------------------------

    def _current(self, generation: int) -> bool:
        return generation == self._generation

    def _run(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    return
                try:
                    if isinstance(item, _Say):
                        self._speak(item)
                    elif isinstance(item, _Save):
                        self._save(item)
                except Exception:
                    log.warning("speaking failed; going on with the next sentence", exc_info=True)
                if self._queue.empty():
                    self._fire_idle()
        finally:
            self._release_backend()

    def _get_backend(self) -> SpeechBackend | Synthesizer | None:
        if self._backend is None and not self._broken:
            try:
                self._backend = self._factory()
            except Exception:
                self._broken = True
                log.warning("speech is not available; continuing with text only", exc_info=True)
        return None if self._broken else self._backend

    def _speak(self, item: _Say) -> None:
        if not self._current(item.generation) or not self.enabled or not self._audio_ok:
            return
        backend = self._get_backend()
        if backend is None:
            return
        if isinstance(backend, Synthesizer):
            self._synthesize_and_play(backend, item)
        else:
            self._speak_by_itself(backend, item)

    def _speak_by_itself(self, backend: SpeechBackend, item: _Say) -> None:
        with self._lock:
            if not self._current(item.generation):
                return
            self._speaking_generation = item.generation
        try:
            backend.speak(item.utterance)
        except OSError as error:
            # No audio device: go on silently, the screen shows the text.
            self._audio_lost(error)
        finally:
            with self._lock:
                self._speaking_generation = None

    def _synthesize_and_play(self, backend: Synthesizer, item: _Say) -> None:
        pcm = backend.synthesize(item.utterance)
        if not pcm.data or not self._current(item.generation):
            return
        try:
            stream = self._sink.open(pcm.rate)
        except AudioUnavailable as error:
            self._audio_lost(error)
            return
        with self._lock:
            live = self._current(item.generation)
            if live:
                self._stream = stream  # from now on an interrupt aborts it
        played = False
        try:
            if live:
                for index, chunk in enumerate(pcm.chunks()):
                    if not self._current(item.generation):
                        break
                    stream.write(chunk)
                    if index == 0:
                        self._first_audio(item.utterance.id)
                stream.finish()
                played = True
        except AudioUnavailable as error:
            self._audio_lost(error)
        finally:
            with self._lock:
                self._stream = None
            if not played:
                stream.abort()
                try:
                    stream.finish()  # reaps the player
                except Exception:
                    log.debug("closing an aborted audio stream failed", exc_info=True)

    def _first_audio(self, utterance_id: int) -> None:
        if self.on_first_audio is None:
            return
        try:
            self.on_first_audio(utterance_id, time.perf_counter())
        except Exception:
            log.exception("on_first_audio failed")

    def _audio_lost(self, error: OSError) -> None:
        self._audio_ok = False
        log.warning("speech is not available (%s); continuing with text only", error)

    def _save(self, item: _Save) -> None:
        if not item.future.set_running_or_notify_cancel():
            return
        try:
            backend = self._get_backend()
            if backend is None:
                raise RuntimeError("the speech engine is not available")
            if not isinstance(backend, Synthesizer):
                raise TypeError(f"{type(backend).__name__} cannot save speech to a file")
            backend.save_to_file(item.utterance, item.path)
        except Exception as error:
            item.future.set_exception(error)
        else:
            item.future.set_result(item.path)

    def _fire_idle(self) -> None:
        with self._lock:
            callbacks, self._idle_callbacks = self._idle_callbacks, []
        for callback in callbacks:
            try:
                callback()
            except Exception:
                log.exception("a when_idle callback failed")

    def _release_backend(self) -> None:
        backend, self._backend = self._backend, None
        close = getattr(backend, "close", None)
        if callable(close):
            try:
                close()
            except Exception:
                log.debug("closing the speech backend failed", exc_info=True)
