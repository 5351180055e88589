"""Running the API: one process, or one process per worker, each with a listening socket.

uvicorn's own ``--workers`` shares one listening socket between the worker processes, and
whichever worker wakes first accepts every connection that is waiting. Kiosks and a reverse
proxy keep their connections open, so the split stays as it fell: in benchmark runs one of
two workers held 96 of 100 connections, and the other core had nothing to do.

Here the parent process opens one socket per worker on the same address with
``SO_REUSEPORT`` before it starts them, and the kernel spreads new connections over the
sockets evenly (by a hash of the client's address and port). Each worker is
``python -m server serve --fd N``. The parent passes SIGTERM and SIGINT on to the workers,
waits for them to finish, and starts a worker again if one dies.
"""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

log = logging.getLogger(__name__)
GRACEFUL_S = 5  # uvicorn's timeout_graceful_shutdown
RESTART_DELAY_S = 1.0


def _options(certfile: str | None, keyfile: str | None) -> dict[str, Any]:
    return {
        "ssl_certfile": certfile,
        "ssl_keyfile": keyfile,
        "log_level": "warning",
        "timeout_graceful_shutdown": GRACEFUL_S,
    }


def serve(host: str, port: int, workers: int, certfile: str | None, keyfile: str | None) -> int:
    import uvicorn

    if workers <= 1:
        uvicorn.run("server.asgi:app", host=host, port=port, **_options(certfile, keyfile))
        return 0
    if not hasattr(socket, "SO_REUSEPORT"):  # not on Linux: uvicorn's shared socket
        uvicorn.run(
            "server.asgi:app",
            host=host,
            port=port,
            workers=workers,
            **_options(certfile, keyfile),
        )
        return 0
    return Workers(host, port, workers, certfile, keyfile).run()


def serve_socket(fd: int, certfile: str | None, keyfile: str | None) -> int:
    """One worker on a listening socket that the parent opened (``--fd``). It stops, as on
    SIGTERM, if the parent goes away without stopping it (killed with SIGKILL)."""
    import os

    import uvicorn

    parent = os.getppid()

    def watch_parent() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch_parent, name="watch-parent", daemon=True).start()
    sock = socket.socket(fileno=fd)
    config = uvicorn.Config("server.asgi:app", **_options(certfile, keyfile))
    uvicorn.Server(config).run(sockets=[sock])
    return 0


class Workers:
    def __init__(
        self, host: str, port: int, count: int, certfile: str | None, keyfile: str | None
    ) -> None:
        self.host, self.port, self.count = host, port, count
        self.tls = ["--certfile", certfile, "--keyfile", keyfile] if certfile and keyfile else []
        self.stopping = threading.Event()

    def _listen(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((self.host, self.port))
        sock.listen(2048)  # uvicorn's default backlog
        return sock

    def _start(self, sock: socket.socket) -> subprocess.Popen[bytes]:
        fd = sock.fileno()
        command = [sys.executable, "-m", "server", "serve", "--fd", str(fd), *self.tls]
        return subprocess.Popen(command, pass_fds=(fd,))

    def run(self) -> int:
        sockets = [self._listen() for _ in range(self.count)]
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self.stopping.set())
        children = [self._start(sock) for sock in sockets]
        log.info("%d worker processes on %s:%d", self.count, self.host, self.port)
        while not self.stopping.wait(0.5):
            for index, child in enumerate(children):
                if child.poll() is not None and not self.stopping.is_set():
                    log.error("worker %d exited (%s); starting it again", index, child.returncode)
                    time.sleep(RESTART_DELAY_S)
                    children[index] = self._start(sockets[index])
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACEFUL_S + 5
        for child in children:
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(5)
        for sock in sockets:
            sock.close()
        return 0
