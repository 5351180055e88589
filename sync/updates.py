"""Updates from the center (order status, emergencies acknowledged, catalog, messages).

A WebSocket brings them as soon as they happen; when it cannot be opened the listener pulls
``/updates?since=cursor`` every few seconds instead and tries the socket again later. Every
page is applied with its cursor in one transaction, so a repeated or interrupted page does no
harm.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
from collections.abc import Callable
from pathlib import Path

from app.catalog import CatalogError, install_catalog
from app.delivery import Changes, apply_updates, updates_cursor
from app.store import Store, StoreError
from sync.client import CenterClient, Refused, SyncError
from sync.lessons import install_published
from sync.protocol import API_PREFIX, UpdatesPage

log = logging.getLogger(__name__)
POLL_S = 2.0
SOCKET_RETRY_S = 30.0


class UpdateListener:
    def __init__(
        self,
        store: Store,
        client: CenterClient,
        *,
        on_changes: Callable[[Changes], None] = lambda changes: None,
        on_reachable: Callable[[bool], None] = lambda reachable: None,
        poll_s: float = POLL_S,
        catalog_file: Path | None = None,
        lessons_dir: Path | None = None,
    ) -> None:
        self.catalog_file = catalog_file
        self.lessons_dir = lessons_dir  # where published lessons go (sync.lessons)
        self.store = store
        self.client = client
        self.on_changes = on_changes
        self.on_reachable = on_reachable
        self.poll_s = poll_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync-updates", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def apply(self, page: UpdatesPage) -> None:
        changes = apply_updates(self.store, [u.model_dump() for u in page.updates], page.cursor)
        if changes.catalog_changed and self.catalog_file is not None:
            changes.catalog = self._fetch_catalog()
        if changes.lessons_published and self.lessons_dir is not None:
            changes.lessons_installed = install_published(self.client, self.store, self.lessons_dir)
        if changes:
            self.on_changes(changes)

    def _fetch_catalog(self):
        """The center's new catalog, installed, or None (the old one stays) with a log line."""
        try:
            document = self.client.catalog()
            assert self.catalog_file is not None
            return install_catalog(document.toml, self.catalog_file)
        except CatalogError as exc:
            log.error("the center's catalog was not used: %s", exc)
        except (SyncError, OSError) as exc:
            log.warning("the center's catalog could not be fetched: %s", exc)
        return None

    def pull_once(self) -> bool:
        """Pull every page since the cursor; True when the center answered."""
        try:
            while True:
                page = self.client.updates(updates_cursor(self.store))
                if page.updates:
                    self.apply(page)
                if not page.more:
                    return True
        except Refused:
            return True  # reachable; the worker reports the refusal
        except (SyncError, StoreError) as exc:
            log.debug("pulling updates failed: %s", exc)
            return False

    def _run(self) -> None:
        socket_after = 0.0
        import time

        if self.lessons_dir is not None:
            # Lessons noted before a restart or while the center could not be reached.
            installed = install_published(self.client, self.store, self.lessons_dir)
            if installed:
                self.on_changes(Changes(lessons_installed=installed))
        while not self._stop.is_set():
            reachable = self.pull_once()
            self.on_reachable(reachable)
            if reachable and time.monotonic() >= socket_after:
                self._listen()  # returns when the socket closes or fails
                socket_after = time.monotonic() + SOCKET_RETRY_S
                continue
            self._stop.wait(self.poll_s)

    def _listen(self) -> None:
        from websockets.exceptions import WebSocketException
        from websockets.sync.client import connect

        url = self.client.base_url.replace("http", "ws", 1) + API_PREFIX + "/updates/ws"
        context = None
        if url.startswith("wss"):
            verify = self.client.session.verify
            context = ssl.create_default_context(cafile=verify if isinstance(verify, str) else None)
        headers = {"Authorization": f"Bearer {self.client.token}"}
        try:
            with connect(url, additional_headers=headers, ssl=context, open_timeout=5) as ws:
                ws.send(json.dumps({"since": updates_cursor(self.store)}))
                while not self._stop.is_set():
                    try:
                        message = ws.recv(timeout=1.0)
                    except TimeoutError:
                        continue
                    self.apply(UpdatesPage.model_validate_json(message))
        except (OSError, WebSocketException, ValueError, StoreError) as exc:
            log.info("update socket closed: %s", exc)
