"""Where synthesized speech goes: an audio sink that plays raw PCM and can be cut off at once.

The speaker writes mono signed 16-bit little-endian PCM to a sink in short chunks (~20 ms).
:class:`AplaySink` pipes it into ``aplay`` (alsa-utils); :class:`MemorySink` keeps it, with the
time each chunk arrived, for tests and benchmarks.

A sink that cannot make sound (no ``aplay``, no sound card, as in a container) raises
:class:`AudioUnavailable`; the speaker then logs one warning and goes on with text only.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
import time
from typing import IO, TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    import subprocess

log = logging.getLogger(__name__)

SAMPLE_WIDTH = 2  # bytes per sample: S16_LE mono
CHUNK_MS = 20


class Pcm(NamedTuple):
    """Mono signed 16-bit little-endian samples at ``rate`` Hz."""

    rate: int
    data: bytes

    @property
    def seconds(self) -> float:
        return len(self.data) / (SAMPLE_WIDTH * self.rate) if self.rate else 0.0

    def chunks(self, ms: int = CHUNK_MS) -> list[bytes]:
        """The samples cut into pieces of ``ms`` milliseconds (the last one may be shorter)."""
        size = max(SAMPLE_WIDTH, self.rate * ms // 1000 * SAMPLE_WIDTH)
        return [self.data[i : i + size] for i in range(0, len(self.data), size)]


class AudioUnavailable(OSError):
    """The sink cannot make sound at all (no player program, no sound card)."""


class AudioStream(Protocol):
    """One utterance being played. ``write`` and ``finish`` run in the speaker's thread."""

    def write(self, pcm: bytes) -> None:
        """Queue samples for playing; may block while the player's buffer is full."""

    def finish(self) -> None:
        """Wait until everything written has been played, then release the player."""

    def abort(self) -> None:
        """Stop at once; callable from any thread. ``write``/``finish`` then return quickly."""


class AudioSink(Protocol):
    def open(self, rate: int) -> AudioStream:
        """Start a stream of mono S16_LE samples at ``rate`` Hz."""


# -- aplay -------------------------------------------------------------------------------------


class AplaySink:
    """Plays through ``aplay -q -t raw -f S16_LE -r RATE -c 1 -``, one process per utterance.

    ``aplay`` is looked up on ``PATH`` when a stream opens. Aborting kills the process, which
    stops the sound at once (ALSA drops what is buffered when the device is closed).
    """

    def __init__(self, program: str = "aplay", device: str | None = None) -> None:
        self.program = program
        self.device = device

    def command(self, rate: int) -> list[str]:
        path = shutil.which(self.program)
        if path is None:
            raise AudioUnavailable(f"{self.program} is not installed (not on PATH)")
        device = ["-D", self.device] if self.device else []
        return [path, "-q", *device, "-t", "raw", "-f", "S16_LE", "-r", str(rate), "-c", "1", "-"]

    def open(self, rate: int) -> _AplayStream:
        import subprocess  # in the speaker's thread, when the first sentence is played

        command = self.command(rate)
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                bufsize=0,
            )
        except OSError as error:
            raise AudioUnavailable(f"cannot start {command[0]}: {error}") from error
        return _AplayStream(process)


class _AplayStream:
    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._lock = threading.Lock()
        self._aborted = False
        self._closed = False

    @property
    def _stdin(self) -> IO[bytes]:
        assert self._process.stdin is not None
        return self._process.stdin

    def write(self, pcm: bytes) -> None:
        if self._aborted:
            return
        try:
            self._stdin.write(pcm)
        except (BrokenPipeError, ValueError, OSError) as error:
            # ValueError: the pipe was closed by abort() in another thread.
            if self._aborted:
                return
            message = self._failure(error)
            self._close()
            raise AudioUnavailable(message) from error

    def finish(self) -> None:
        if self._closed:
            return
        try:
            if not self._aborted:
                with contextlib.suppress(OSError):  # aplay is gone; its exit status says why
                    self._stdin.close()
            returncode = self._process.wait()
            if returncode != 0 and not self._aborted:
                raise AudioUnavailable(self._failure(None))
        finally:
            self._close()

    def abort(self) -> None:
        with self._lock:
            if self._aborted or self._closed:
                return
            self._aborted = True
            with contextlib.suppress(OSError):  # already gone
                self._process.kill()

    def _failure(self, error: BaseException | None) -> str:
        import subprocess

        try:
            self._process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        stderr = b""
        if self._process.stderr is not None and not self._process.stderr.closed:
            stderr = self._process.stderr.read()
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        if len(lines) > 1:
            log.debug("aplay said:\n%s", "\n".join(lines))
        message = lines[-1] if lines else str(error or "")
        return f"aplay failed (exit {self._process.returncode}): {message}"

    def _close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


# -- in memory ---------------------------------------------------------------------------------


class RecordedStream:
    """What one stream of a :class:`MemorySink` received."""

    __slots__ = ("aborted", "chunks", "finished", "opened", "rate")

    def __init__(self, rate: int, opened: float) -> None:
        self.rate = rate
        self.opened = opened
        self.chunks: list[tuple[float, bytes]] = []
        self.finished = False
        self.aborted = False

    @property
    def data(self) -> bytes:
        return b"".join(chunk for _, chunk in self.chunks)

    @property
    def first_audio(self) -> float | None:
        """``time.perf_counter()`` when the first chunk arrived."""
        return self.chunks[0][0] if self.chunks else None


class MemorySink:
    """A fake audio device: keeps every chunk with its ``time.perf_counter()`` arrival time.

    ``streams`` lists one :class:`RecordedStream` per utterance, in order; ``changed`` is set
    whenever a stream is opened, finished or aborted (clear it to wait for the next change).
    """

    def __init__(self) -> None:
        self.streams: list[RecordedStream] = []
        self.changed = threading.Event()
        self.lock = threading.Lock()

    def open(self, rate: int) -> _MemoryStream:
        record = RecordedStream(rate, time.perf_counter())
        with self.lock:
            self.streams.append(record)
        self.changed.set()
        return _MemoryStream(self, record)

    def finished(self) -> list[RecordedStream]:
        with self.lock:
            return [s for s in self.streams if s.finished]


class _MemoryStream:
    def __init__(self, sink: MemorySink, record: RecordedStream) -> None:
        self.sink = sink
        self.record = record

    def write(self, pcm: bytes) -> None:
        if not self.record.aborted:
            self.record.chunks.append((time.perf_counter(), pcm))

    def finish(self) -> None:
        if not self.record.aborted:
            self.record.finished = True
        self.sink.changed.set()

    def abort(self) -> None:
        self.record.aborted = True
        self.sink.changed.set()
