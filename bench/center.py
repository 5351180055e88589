"""The center server as a real process on loopback, for the sync and server benchmarks.

    with center_database("sqlite", folder) as url:       # or "postgres": a TempPostgres
        center = CenterProcess(url, folder)
        center.cli("migrate")
        code = center.cli("enrolment-code")
        with center.serving(workers=1):
            ... center.url ...

The server runs as ``python -m server serve --host 127.0.0.1 --port N``, exactly as a center
would start it, with ``DATABASE_URL`` set. Its output goes to a log file in the benchmark's
temporary folder; when it fails to start, the tail of that log is in the exception.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

REPO_ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


class CenterFailed(RuntimeError):
    """The server process did not start or a CLI command failed."""


T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def on_throwaway_center(kind: str, prefix: str, measure: Callable[[Path, str], T]) -> T:
    """``measure(folder, database_url)`` in a temporary folder with a throwaway center
    database (``sqlite`` or ``postgres``); both are gone afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        with center_database(kind, folder) as url:
            return measure(folder, url)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def center_database(kind: str, folder: Path) -> Iterator[str]:
    """The database URL of a fresh center database: a SQLite file, or a throwaway PostgreSQL."""
    if kind == "sqlite":
        data = folder / "center-data"
        data.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{data / 'center.sqlite3'}"
        return
    from server.pgtemp import TempPostgres

    if not TempPostgres.available():
        raise CenterFailed("PostgreSQL is not installed here (apt-get install postgresql)")
    print("starting a temporary PostgreSQL on loopback", file=sys.stderr)
    with TempPostgres(max_connections=300) as pg:
        yield pg.url


class CenterProcess:
    def __init__(self, database_url: str, folder: Path) -> None:
        self.database_url = database_url
        self.folder = folder
        self.log_path = folder / "center.log"
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("CENTER_DATA_DIR",)}
        env["DATABASE_URL"] = self.database_url
        # The data key of the sealed columns (server.crypto), outside the data folder, as a
        # real center keeps it: the benchmark measures the center with them sealed.
        key_file = self.folder / "center-data-key"
        if not key_file.exists():
            from server.crypto import make_key_file

            make_key_file(key_file)
        env["CENTER_DATA_KEY_FILE"] = str(key_file)
        return env

    def cli(self, *args: str, timeout: float = 120.0) -> str:
        """Run ``python -m server ARGS``; return its stdout, stripped."""
        done = subprocess.run(
            [sys.executable, "-m", "server", *args],
            cwd=REPO_ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise CenterFailed(f"python -m server {' '.join(args)}: {done.stderr[-2000:]}")
        return done.stdout.strip()

    @contextlib.contextmanager
    def serving(self, *, workers: int = 1, timeout: float = 60.0) -> Iterator[CenterProcess]:
        self.start(workers=workers, timeout=timeout)
        try:
            yield self
        finally:
            self.stop()

    def start(self, *, workers: int = 1, timeout: float = 60.0) -> None:
        self.port = free_port()
        log = self.log_path.open("ab")
        # Its own session, so that a stuck server (and its uvicorn workers) can be ended as
        # one process group, by the id of the process started here.
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server",
                "serve",
                "--host",
                LOOPBACK,
                "--port",
                str(self.port),
                "--workers",
                str(workers),
            ],
            cwd=REPO_ROOT,
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise CenterFailed(
                    f"the server exited with {self.process.returncode}:\n{self.tail()}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise CenterFailed(f"the server did not answer within {timeout} s:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        print(f"center server on {self.url} ({workers} worker(s))", file=sys.stderr)

    def stop(self, timeout: float = 20.0) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        # Start-up chatter (INFO) aside, whatever the server logged is worth seeing.
        problems = [line for line in self.tail(200_000).splitlines() if " INFO " not in line]
        if any(line.strip() for line in problems):
            said = "\n".join(problems[-40:])
            print(f"--- the center server's log, without INFO lines ---\n{said}", file=sys.stderr)

    def log_problems(self) -> dict[str, int]:
        """How often the server's log reports a traceback, an error or a warning, so far."""
        text = self.tail(10_000_000)
        return {
            "tracebacks": text.count("Traceback (most recent call last)"),
            # logging's format ("... ERROR name: ...") and uvicorn's own ("ERROR:    ...").
            "error_lines": sum(
                " ERROR " in line or line.startswith("ERROR:") for line in text.splitlines()
            ),
            "warning_lines": sum(
                " WARNING " in line or line.startswith("WARNING:") for line in text.splitlines()
            ),
        }

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""
