"""A real center server process on loopback, and a kiosk enrolled with it.

``center`` starts ``python -m server serve`` as a child process, once on a SQLite file and once
on PostgreSQL (a throwaway cluster per test session, a fresh database per test; skipped with
the reason when PostgreSQL is not installed). ``module_center`` is the same, one per module
and backend, for modules whose tests each keep to their own kiosk. Tests talk to the server
over HTTP as a kiosk or staff would: nothing of the server runs in the test process, nothing of
HTTP is mocked, and nothing goes anywhere but 127.0.0.1.

``enrolled_kiosk`` is a kiosk store with the demo residents and a :class:`CenterClient`
enrolled with a fresh one-time code (made by staff over the API; the CLI's own
``enrolment-code`` is used by the tests of enrolment). :class:`SyncThreads` runs a real
``SyncWorker`` and ``UpdateListener`` the way ``main.init_sync`` wires them, and records what
they reported.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
import requests
from sqlalchemy import Engine, create_engine, text

from app import outbox
from app.catalog import SHIPPED_CATALOG
from app.delivery import Changes
from app.people import Resident
from app.store import Store
from server.crypto import make_key_file, read_key_file
from server.pgtemp import TempPostgres
from sync.client import CenterClient
from sync.protocol import API_PREFIX
from sync.updates import UpdateListener
from sync.worker import SyncStatus, SyncWorker

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30.0
CLI_TIMEOUT_S = 60.0
# How long stop() lets the server shut down by itself before killing it. Short, because a
# server with an update socket open does not exit on SIGTERM (test_sync_integration.py).
STOP_GRACE_S = 3.0
HTTP_TIMEOUT = (5.0, 30.0)
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(
    condition: Callable[[], T], timeout: float, what: str, *, interval: float = 0.02
) -> T:
    """Poll ``condition`` until it returns something true; fail naming ``what`` at the deadline.

    For state that lives in another process (the server's database, a child's file), where
    there is no signal to wait on; everything in this process waits on its own callbacks.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.1f} s for {what}; it did not happen")
        time.sleep(interval)


class CenterProcess:
    """``python -m server serve`` on 127.0.0.1, with the CLI subcommands on the same data."""

    def __init__(
        self,
        env: dict[str, str],
        database_url: str,
        log_path: Path,
        *,
        certfile: Path | None = None,
        keyfile: Path | None = None,
    ) -> None:
        self.env = env
        self.database_url = database_url
        self.log_path = log_path
        self.certfile = certfile
        self.keyfile = keyfile
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._engine: Engine | None = None
        self._ca_verify: str | bool = True
        self._staff_tokens: dict[str, str] = {}

    @property
    def url(self) -> str:
        scheme = "https" if self.certfile else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return self.url + API_PREFIX

    def start(self, *, verify: str | bool = True, workers: int = 1) -> CenterProcess:
        """Start the server (on the same port as before after a stop) and wait for /healthz."""
        assert self.process is None, "already running"
        self._ca_verify = verify
        command = [
            sys.executable,
            "-m",
            "server",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
        ]
        if self.certfile and self.keyfile:
            command += ["--certfile", str(self.certfile), "--keyfile", str(self.keyfile)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        wait_until(self._healthy, START_TIMEOUT_S, f"the center server on {self.url}")
        return self

    def _healthy(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(
                f"the center server exited with {self.process.returncode}:\n{self.log()}"
            )
        try:
            with requests.get(self.url + "/healthz", timeout=1.0, verify=self._ca_verify) as r:
                return r.status_code == 200
        except requests.RequestException:
            return False

    def terminate(self, grace_s: float) -> bool:
        """SIGTERM, as a service manager stops it; SIGKILL after ``grace_s``.

        Return whether it stopped by itself in time."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self.process is None:
            return True
        stopped = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace_s)
            except subprocess.TimeoutExpired:
                stopped = False
                self.process.kill()
                self.process.wait(10)
        self.process = None
        return stopped

    def stop(self) -> None:
        """Stop the server (its data is committed; a server slow to exit is killed)."""
        self.terminate(STOP_GRACE_S)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    # -- the administration commands -----------------------------------------------------

    def cli(self, *args: str) -> str:
        """Run ``python -m server ARGS`` on the same database; return the last line printed."""
        done = subprocess.run(
            [sys.executable, "-m", "server", *args],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT_S,
        )
        assert done.returncode == 0, f"server {args}: {done.returncode}\n{done.stderr[-2000:]}"
        return done.stdout.strip().splitlines()[-1]

    def staff_token(self, name: str = "Wang Fang") -> str:
        """The token of staff member ``name``, created with the CLI the first time."""
        if name not in self._staff_tokens:
            self._staff_tokens[name] = self.cli("create-staff", name)
        return self._staff_tokens[name]

    def enrolment_code(self) -> str:
        return self.cli("enrolment-code", "--by", "tests")

    # -- looking at what the server stored -------------------------------------------------

    def query(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        """Read the server's database directly (the tests' view of the truth)."""
        if self._engine is None:
            self._engine = create_engine(self.database_url)
        with self._engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]

    def scalar(self, sql: str, **params: Any) -> Any:
        rows = self.query(sql, **params)
        return rows[0][0] if rows else None

    def opened(self, table: str, column: str, row_key: str, stored: str) -> str:
        """A sealed value opened with the center's data key (server.crypto)."""
        keys = read_key_file(Path(self.env["CENTER_DATA_KEY_FILE"]), None)
        return keys.open(table, column, row_key, stored)

    def reading_values(self, reading_id: str) -> dict[str, Any]:
        """A stored reading's measured values and level, opened."""
        sealed = self.scalar("SELECT sealed FROM readings WHERE reading_id = :r", r=reading_id)
        return json.loads(self.opened("readings", "sealed", reading_id, sealed))  # type: ignore[no-any-return]


class StaffApi:
    """What the center's staff screen does, over HTTP with a staff token."""

    def __init__(self, center: CenterProcess, token: str, *, verify: str | bool = True) -> None:
        self.base = center.api + "/staff"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.verify = verify

    def close(self) -> None:
        self.session.close()

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(self.base + path, params=params, timeout=HTTP_TIMEOUT)

    def post(self, path: str, body: Any = None) -> requests.Response:
        return self.session.post(self.base + path, json=body, timeout=HTTP_TIMEOUT)

    def act(self, order_id: str, action: str, **extra: Any) -> requests.Response:
        return self.post(f"/orders/{order_id}/actions", {"action": action, **extra})

    def order_status(self, order_id: str) -> str | None:
        response = self.get("/orders", limit=1000)
        assert response.status_code == 200, response.text
        found = [o["status"] for o in response.json() if o["order_id"] == order_id]
        return found[0] if found else None


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def temp_postgres() -> Iterator[TempPostgres]:
    """One throwaway PostgreSQL cluster for the session; each test gets its own database."""
    if not TempPostgres.available():
        pytest.skip(
            "PostgreSQL is not installed (.ci/run installs it with installer/setup.sh --test)"
        )
    cluster = TempPostgres().start()
    yield cluster
    cluster.stop()


def _pg_command(cluster: TempPostgres, program: str, *args: str) -> list[str]:
    assert cluster.bindir is not None
    return [str(cluster.bindir / program), "-h", "127.0.0.1", "-p", str(cluster.port), *args]


def _postgres_database(cluster: TempPostgres) -> tuple[str, str]:
    name = f"t_{uuid.uuid4().hex[:16]}"
    subprocess.run(
        _pg_command(cluster, "createdb", "-U", "kiosk", name),
        check=True,
        capture_output=True,
        timeout=CLI_TIMEOUT_S,
    )
    return name, f"postgresql+psycopg://kiosk@127.0.0.1:{cluster.port}/{name}"


def _drop_database(cluster: TempPostgres, name: str) -> None:
    subprocess.run(
        _pg_command(cluster, "dropdb", "-U", "kiosk", "--if-exists", "--force", name),
        capture_output=True,
        timeout=CLI_TIMEOUT_S,
    )


def morning_catalog(folder: Path) -> Path:
    """The shipped catalog in a time zone where it is about 06:00 now, so that today's
    meals are still open to order whenever the tests run (their cut-offs are tested with
    catalogs of their own)."""
    utc_hour = datetime.now(UTC).hour
    offset = 6 - utc_hour
    if offset < -12:
        offset += 24
    zone = f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"  # Etc/GMT-8 is UTC+8
    text = SHIPPED_CATALOG.read_text(encoding="utf-8")
    text = re.sub(r'^timezone = ".*"$', f'timezone = "{zone}"', text, count=1, flags=re.M)
    path = folder / "default-catalog.toml"
    path.write_text(text, encoding="utf-8")
    return path


def authority_env(folder: Path) -> dict[str, str]:
    """What a test center runs with: the demo residents registered, a catalog open now."""
    return {
        "CENTER_DEMO_RESIDENTS": "1",
        "CENTER_DEFAULT_CATALOG": str(morning_catalog(folder)),
    }


class CenterMaker:
    """Makes (does not start) center processes; stops them and drops their databases."""

    def __init__(self, request: pytest.FixtureRequest, folder: Path) -> None:
        self.request = request
        self.folder = folder
        self.made: list[tuple[CenterProcess, str | None]] = []

    def __call__(self, backend: str = "sqlite", **kwargs: Any) -> CenterProcess:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CENTER_DATA_DIR")}
        folder = self.folder / f"center{len(self.made)}"
        folder.mkdir()
        env.update(authority_env(folder))
        # The data key (server.crypto) beside the data folder, never in it.
        key_file = self.folder / f"{folder.name}-data-key"
        make_key_file(key_file)
        env["CENTER_DATA_KEY_FILE"] = str(key_file)
        database = None
        if backend == "postgres":
            cluster = self.request.getfixturevalue("temp_postgres")
            database, url = _postgres_database(cluster)
            env["DATABASE_URL"] = url
        else:
            assert backend == "sqlite", backend
            env["CENTER_DATA_DIR"] = str(folder)
            url = f"sqlite:///{folder / 'center.sqlite3'}"
        process = CenterProcess(env, url, folder / "server.log", **kwargs)
        self.made.append((process, database))
        return process

    def sibling(self, center: CenterProcess) -> CenterProcess:
        """Another server process (not started) on the same database as ``center``, as a
        second machine of a center group would be."""
        folder = self.folder / f"center{len(self.made)}"
        folder.mkdir()
        process = CenterProcess(center.env, center.database_url, folder / "server.log")
        process._staff_tokens = center._staff_tokens  # one staff table
        self.made.append((process, None))
        return process

    def close(self) -> None:
        for process, database in reversed(self.made):
            process.stop()
            if database is not None:
                _drop_database(self.request.getfixturevalue("temp_postgres"), database)


# PostgreSQL needs a throwaway cluster and is the slower backend: its variants are in the full
# run only, SQLite's in the quick loop (`pytest -m "not slow"`) too.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.slow)]


@pytest.fixture
def center_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CenterMaker]:
    """Make center processes (``center_factory("postgres", certfile=...)``), not started."""
    maker = CenterMaker(request, tmp_path)
    yield maker
    maker.close()


@pytest.fixture(params=BACKENDS)
def center(request: pytest.FixtureRequest, center_factory: CenterMaker) -> CenterProcess:
    """A running center server on a fresh SQLite file or PostgreSQL database."""
    return center_factory(request.param).start()


@pytest.fixture(scope="module", params=BACKENDS)
def module_center(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CenterProcess]:
    """One running center per test module and backend, for tests that keep to their own
    devices (override ``center`` with it in such a module)."""
    maker = CenterMaker(request, tmp_path_factory.mktemp("center"))
    yield maker(request.param).start()
    maker.close()


@pytest.fixture
def staff_api(center: CenterProcess) -> Iterator[StaffApi]:
    api = StaffApi(center, center.staff_token())
    yield api
    api.close()


@dataclass
class EnrolledKiosk:
    """A kiosk's store and its client, enrolled with ``center``."""

    center: CenterProcess
    store: Store
    client: CenterClient
    device_id: str
    token: str
    residents: dict[str, Resident]

    def client_for(self, base_url: str) -> CenterClient:
        """Another client with this kiosk's token, say through a proxy (closed by the caller)."""
        return CenterClient(base_url, self.token, timeout=(5.0, 10.0))


@pytest.fixture
def enrolled_kiosk(
    center: CenterProcess, store: Store, residents: dict[str, Resident]
) -> Iterator[EnrolledKiosk]:
    """The kiosk ``store`` with the demo residents, enrolled with a fresh code from staff."""
    staff = StaffApi(center, center.staff_token())
    try:
        made = staff.post("/enrolment-codes")
    finally:
        staff.close()
    assert made.status_code == 200, made.text
    client = CenterClient(center.url)
    enrolled = client.enrol(made.json()["code"], "test kiosk", "kiosk")
    client.token = enrolled.token
    yield EnrolledKiosk(center, store, client, enrolled.device_id, enrolled.token, residents)
    client.close()


# -- the kiosk's sync threads ------------------------------------------------------------


@dataclass
class Reported:
    """What the sync threads reported, with the monotonic time each report arrived."""

    statuses: list[SyncStatus] = field(default_factory=list)
    changes: list[tuple[float, Changes]] = field(default_factory=list)
    reachable: list[bool] = field(default_factory=list)


class SyncThreads:
    """A SyncWorker and (optionally) an UpdateListener, wired as ``main.init_sync`` does."""

    def __init__(
        self,
        store: Store,
        client: CenterClient,
        *,
        listener_client: CenterClient | None = None,
        listen: bool = True,
        batch_size: int = 200,
        poll_s: float = 0.5,
        lessons_dir: Path | None = None,
    ) -> None:
        self.reported = Reported()
        self._changed = threading.Condition()
        self.worker = SyncWorker(
            store,
            client,
            on_status=self._on_status,
            on_changes=self._on_changes,
            batch_size=batch_size,
        )
        self.listener: UpdateListener | None = None
        if listen:
            self.listener = UpdateListener(
                store,
                listener_client or client,
                on_changes=self._on_changes,
                on_reachable=self._on_reachable,
                poll_s=poll_s,
                lessons_dir=lessons_dir,
            )

    def start(self) -> SyncThreads:
        self.worker.start()
        if self.listener is not None:
            self.listener.start()
        return self

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
        self.worker.stop()

    def _on_status(self, status: SyncStatus) -> None:
        with self._changed:
            self.reported.statuses.append(status)
            self._changed.notify_all()

    def _on_changes(self, changes: Changes) -> None:
        with self._changed:
            self.reported.changes.append((time.monotonic(), changes))
            self._changed.notify_all()

    def _on_reachable(self, reachable: bool) -> None:
        with self._changed:
            self.reported.reachable.append(reachable)
        if reachable:
            self.worker.network_back()

    def drained(self) -> bool:
        """The outbox has nothing left to send, and the worker has said so."""
        statuses = self.reported.statuses
        return bool(statuses) and statuses[-1].pending == 0 and self.worker_idle()

    def worker_idle(self) -> bool:
        return outbox.queue_state(self.worker.store).pending == 0

    def wait_drained(self, timeout: float) -> SyncStatus:
        self.wait_for(self.drained, timeout, "the outbox to drain")
        return self.reported.statuses[-1]

    def wait_for(self, condition: Callable[[], T], timeout: float, what: str) -> T:
        """Wait until ``condition`` holds, re-checking whenever a thread reports something.

        The re-check also runs every 0.5 s, for changes that come with no report (a listener
        thread applying nothing, a worker that is asleep in its backoff).
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                value = condition()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"waited {timeout:.1f} s for {what}; it did not happen")
                self._changed.wait(min(remaining, 0.5))


@pytest.fixture
def sync_threads() -> Iterator[Callable[..., SyncThreads]]:
    """Start SyncThreads (``sync_threads(store, client, ...)``); all stopped at the end."""
    started: list[SyncThreads] = []

    def start(store: Store, client: CenterClient, **kwargs: Any) -> SyncThreads:
        threads = SyncThreads(store, client, **kwargs).start()
        started.append(threads)
        return threads

    yield start
    for threads in reversed(started):
        threads.stop()
