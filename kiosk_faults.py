"""When the kiosk cannot run as itself: its database is looked at before it is opened, a
damaged one is kept aside for staff, and the out-of-service page is shown instead of the
kiosk, with the center told. Stage 3 of ``kiosk_main``, and the way out of it.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk_main import Kiosk

log = logging.getLogger("kiosk")


def check_database(kiosk: Kiosk) -> str | None:
    """Why the database must not be opened (damaged, emptied, its journal lost, unreadable,
    encrypted with a key that cannot be found), or None. A damaged one is copied aside for
    staff, never changed: a kiosk must not start as a new, empty one over its own lost
    data. No database at all is a new kiosk. The database key is found here (a new kiosk's
    is made), and an older plain database is encrypted with it."""
    from app.privacy.key import KeyProblem, database_state, load_key
    from app.store_check import inspect_database

    database = kiosk.paths.database_file
    state = database_state(database)
    if state != "encrypted":
        damage = inspect_database(database)  # a plain file, checked before it is changed
        if damage is not None:
            keep_for_staff(kiosk, damage)
            return str(damage)
    try:
        demo_keys = kiosk.paths.data_dir.parent / "keys" if kiosk.args.demo else None
        kiosk.database_key = found = load_key(database, demo_folder=demo_keys)
    except KeyProblem as problem:
        note = f"STAFF: the kiosk database {database} cannot be opened: {problem.detail}."
        log.error("%s", note)
        print(note, file=sys.stderr)
        return f"database key {problem}"
    log.info("database key from %s%s", found.where, " (new)" if found.created else "")
    if state == "encrypted":
        damage = inspect_database(database, key=found.key)
        if damage is not None:
            keep_for_staff(kiosk, damage)
            return str(damage)
    elif state == "plain":
        from app.privacy.encrypt import encrypt_in_place
        from app.store import StoreError

        try:
            rows = encrypt_in_place(database, found.key)
        except StoreError as exc:
            note = (
                f"STAFF: the kiosk database {database} could not be encrypted ({exc.kind}):"
                f" {exc.detail}. It was left as it was."
            )
            log.error("%s", note)
            print(note, file=sys.stderr)
            return f"{exc.kind}: {exc.detail}"
        log.info("the plain database was encrypted (%d rows)", rows)
    return None


def keep_for_staff(kiosk: Kiosk, damage: Any) -> None:
    """Copy a damaged database aside for staff, never changing it, and say where."""
    from app.store_check import keep_aside

    database = kiosk.paths.database_file
    kept = keep_aside(database, damage)
    if kept.folder is not None:
        when = "at an earlier start " if kept.already else ""
        where = f"Exact copies were kept {when}in {kept.folder}"
    else:
        where = "No copy could be made (" + "; ".join(kept.problems) + ")"
    note = (
        f"STAFF: the kiosk database {database} cannot be used ({damage}). {where}; the"
        " originals were left where they are, unchanged. The kiosk shows its out-of-service"
        " page until the database is restored or removed (with no database file it starts"
        " as a new, empty kiosk)."
    )
    log.error("%s", note)
    for problem in kept.problems if kept.folder is not None else []:
        log.error("STAFF: %s", problem)
    print(
        f"The kiosk database {database} cannot be used ({damage.kind}): {damage.detail}."
        f" Ask staff: {where}.",
        file=sys.stderr,
    )


def show_out_of_service(kiosk: Kiosk, fault: str) -> int:
    """Without a database nothing can be saved: say so on screen, with numbers to phone, and
    tell the center (the page says staff know only once the center answered). The page
    stays up; nothing else starts."""
    from ui.out_of_service import OutOfServiceWindow
    from ui.theme import Theme, screen_dpi

    config = kiosk.config
    theme = Theme.create(
        theme=config.theme, font_scale=config.font_scale, dpi=screen_dpi(config.screen_dpi)
    )
    window = OutOfServiceWindow(
        theme, config.center_phone, config.emergency_number, center_name=config.center_name
    )
    kiosk.window = None
    if kiosk.args.exit_after_first_frame:
        return 2
    from kiosk_main import _show

    _show(window, kiosk.args.fullscreen)
    _tell_center_out_of_service(kiosk, window, fault)
    from ui.heartbeat import start_heartbeat

    start_heartbeat(kiosk.app)  # up, if out of service: systemd must not restart it in a loop
    kiosk.app.exec()
    return 2


def _tell_center_out_of_service(kiosk: Kiosk, window: Any, fault: str) -> None:
    config = kiosk.config
    if not config.server_url:
        log.warning("no center server configured: the out-of-service page asks to phone it")
        return
    from ui.tasks import TaskRunner

    def send() -> bool:
        from sync.health import report_out_of_service

        return report_out_of_service(
            config.server_url, kiosk.paths.data_dir, fault, ca_file=config.server_ca_file or None
        )

    kiosk.tasks = TaskRunner("health")
    window.tell_center(send, kiosk.tasks)
