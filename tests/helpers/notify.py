"""A stand-in for systemd's notification socket: a bound AF_UNIX datagram socket that keeps
what the kiosk told it, in the order it arrived."""

from __future__ import annotations

import shutil
import socket
import tempfile
import uuid
from pathlib import Path
from types import TracebackType


class NotifyListener:
    """Listens at a file in a temporary folder of its own (a socket's path must be short,
    shorter than pytest's), or at an abstract address (``abstract=True``).

    ``environ`` is what systemd would put in the kiosk's environment for it."""

    def __init__(self, *, abstract: bool = False) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._folder: Path | None = None
        if abstract:
            name = f"eldercare-test-{uuid.uuid4().hex}"
            self.sock.bind("\0" + name)
            self.address = "@" + name
        else:
            self._folder = Path(tempfile.mkdtemp(prefix="notify-"))
            path = self._folder / "notify"
            self.sock.bind(str(path))
            self.address = str(path)
        self.sock.setblocking(False)
        self.messages: list[str] = []

    def environ(self, watchdog_s: float | None = None, **more: str) -> dict[str, str]:
        env = {"NOTIFY_SOCKET": self.address, **more}
        if watchdog_s is not None:
            env["WATCHDOG_USEC"] = str(round(watchdog_s * 1_000_000))
        return env

    def mark(self, text: str) -> None:
        """Put ``text`` in the stream, between what was sent before and what comes after."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
            sender.sendto(text.encode(), self.sock.getsockname())

    def receive(self) -> list[str]:
        """Everything received so far (what arrived since the last call added)."""
        while True:
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except BlockingIOError:
                return self.messages

    def wait(self, what: str, timeout_s: float = 30.0, *, after: str | None = None) -> None:
        """Block until ``what`` arrived (after the message ``after``, if given)."""
        self.sock.settimeout(timeout_s)
        try:
            while not self._has(what, after):
                self.messages.append(self.sock.recv(4096).decode())
        except TimeoutError:
            raise AssertionError(f"no {what!r} within {timeout_s} s: {self.messages}") from None
        finally:
            self.sock.setblocking(False)

    def _has(self, what: str, after: str | None) -> bool:
        seen = self.messages
        if after is not None:
            if after not in seen:
                return False
            seen = seen[seen.index(after) + 1 :]
        return what in seen

    def close(self) -> None:
        self.sock.close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> NotifyListener:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
