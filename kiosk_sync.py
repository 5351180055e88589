"""Stage 6 of ``kiosk_main``: the connection to the center. Enrols the kiosk with a one-time
code when it has no token yet (in demo mode with a center started here, on loopback), then
starts the outbox's sync worker and the listener for the center's updates. A kiosk that cannot
connect keeps everything queued and says why, on the console, in the log and on the screen.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk_main import Kiosk

log = logging.getLogger("kiosk")


def init_sync(kiosk: Kiosk) -> None:
    """Connect to the center (in demo mode: one started here on loopback) and start sending."""
    from app.tutorials import local_lessons_dir
    from sync.calls import call_desk
    from sync.client import CenterClient, SyncError
    from sync.credentials import NoSafeStorage, TokenStore
    from sync.tutorials import progress_fetcher
    from sync.updates import UpdateListener
    from sync.volunteering import volunteer_desk
    from sync.worker import SyncWorker

    config, paths = kiosk.config, kiosk.paths
    url = config.server_url
    environ = dict(os.environ)
    code = config.enrolment_code
    if kiosk.args.demo and not url:
        from server.demo_staff import DemoStaff
        from server.embedded import EmbeddedServer

        kiosk.center = EmbeddedServer(paths.data_dir / "center")
        url = kiosk.center.start()
        # The demo keeps everything, the token too, in its own throwaway folder.
        environ["ELDERKIOSK_ALLOW_PLAINTEXT_TOKEN"] = "1"
        kiosk.demo_staff = DemoStaff(url, kiosk.center.staff_token("demo staff"))
        kiosk.demo_staff.start()
    if not url:
        log.info("no center server configured; everything stays queued on this terminal")
        return
    tokens = TokenStore(url, paths.data_dir, environ=environ)
    token = tokens.load()
    client = CenterClient(url, token, ca_file=config.server_ca_file or None)
    bridge = kiosk.ctx.sync
    if token is None:
        if kiosk.center is not None:
            code = kiosk.center.enrolment_code()
        if not code:
            _not_enrolled(kiosk, f"not enrolled with {url}: ask staff for an enrolment code")
            return
        try:
            # A code is good for one use: never spend it on a token that could not be kept.
            tokens.check()
        except NoSafeStorage as exc:
            _not_enrolled(kiosk, f"not enrolled with {url}; the enrolment code was not used: {exc}")
            return
        import platform

        name = config.device_name or platform.node() or "kiosk"
        try:
            enrolled = client.enrol(code, name, config.mode)
        except SyncError as exc:
            _not_enrolled(kiosk, f"enrolment with {url} failed: {exc}")
            return
        client.token = enrolled.token
        try:
            where = tokens.save(enrolled.token)
        except NoSafeStorage as exc:
            # It could be kept a moment ago: work with it now, and say it is lost at a restart.
            where = "memory only"
            lost = f"the device token could not be kept and is lost at a restart: {exc}"
            kiosk.notices.append(lost)
            log.error("%s", lost)
            print(lost, file=sys.stderr)
        log.info("enrolled with %s as %s; token kept in %s", url, name, where)
    worker = SyncWorker(
        kiosk.store, client, on_status=bridge.report_status, on_changes=bridge.report_changes
    )
    listener = UpdateListener(
        kiosk.store,
        client,
        on_changes=bridge.report_changes,
        on_reachable=lambda reachable: worker.network_back() if reachable else None,
        catalog_file=paths.config_dir / "catalog.toml",
        lessons_dir=local_lessons_dir(paths),
    )
    bridge.set_waker(worker.wake)
    # An emergency call this kiosk cannot save goes straight to the center (ui.sos).
    bridge.set_direct_sender(
        lambda events: [r.model_dump(mode="json") for r in client.send_events(events).results]
    )
    # A resident's lesson progress from other kiosks, asked for when they open Learn.
    bridge.progress_fetcher = progress_fetcher(client)
    # Volunteers signing in for a group lesson, checked by the center.
    bridge.volunteer_desk = volunteer_desk(client)
    # The resident's video calls with family (ui.call).
    bridge.call_desk = call_desk(client)
    kiosk.sync_worker, kiosk.update_listener = worker, listener
    worker.start()
    listener.start()


def _not_enrolled(kiosk: Kiosk, why: str) -> None:
    """Say why this kiosk has no connection to its center: to staff on the console and in the
    log, and on the screen's header in plain words."""
    from sync.worker import SyncStatus
    from ui.sync_status import NOT_ENROLLED

    kiosk.notices.append(why)
    log.error("%s", why)
    print(why, file=sys.stderr)
    kiosk.ctx.sync.report_status(SyncStatus(0, 0, online=False, refused=NOT_ENROLLED))
