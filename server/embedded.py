"""The center server running inside the kiosk process, on loopback, for ``--demo``, with the
demo's residents registered."""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path
from typing import Any

from server.crypto import load_keys
from server.settings import Settings, demo_key_path

log = logging.getLogger(__name__)


class EmbeddedServer:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        # The demo's key is made once and kept beside its data folder, never in it (as the
        # demo kiosk keeps its database key in its own throwaway folder).
        keys = load_keys({}, data_dir, demo_key=demo_key_path(data_dir))
        self.settings = Settings(
            database_url=f"sqlite:///{data_dir / 'center.sqlite3'}",
            demo_residents=True,
            data_keys=keys,
        )
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def start(self, timeout: float = 15.0) -> str:
        import uvicorn

        from server.app import create_app

        app = create_app(self.settings)
        self.sessions = app.state.sessions
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="center-server", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the embedded center server did not start")
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{port}"
        log.info("embedded center server on %s", self.url)
        log.warning(
            "family page of the demo: %s/family/sign-in (account wangli; its password is"
            " printed once when the demo's center is made, or set CENTER_DEMO_FAMILY_PASSWORD)",
            self.url,
        )
        return self.url

    def enrolment_code(self, by: str = "demo") -> str:
        from server import auth

        with self.sessions() as session:
            code = auth.create_enrolment_code(session, by)
            session.commit()
        return code

    def staff_token(self, name: str) -> str:
        """A fresh API token for the staff member ``name`` (an administrator), made on first
        use. The demo's center database outlives the kiosk, so a second start finds its
        staff member there."""
        from server.__main__ import staff_token

        with self.sessions() as session:
            return staff_token(session, name, None, 30)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
