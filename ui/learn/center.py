"""Asking the center for a resident's lesson progress when they open Learn, off the UI thread,
so that a lesson begun on another kiosk continues here (sync.tutorials).

Without a center (none configured, not enrolled, unreachable, or refusing) the kiosk works
from its own rows and the screen says nothing about it: the badges shown are true of this
kiosk, and progress made here still reaches the center through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.people import Resident
from ui.context import AppContext

log = logging.getLogger(__name__)


def pull_center_progress(
    ctx: AppContext, resident: Resident, on_done: Callable[[tuple[str, ...]], None]
) -> bool:
    """Fetch and merge ``resident``'s progress in a worker; ``on_done(lessons)`` on the UI
    thread with the lessons the center knew of (empty when it could not be asked). False
    when this kiosk has no center to ask."""
    fetch = ctx.sync.progress_fetcher
    if fetch is None:
        return False
    store = ctx.store

    def work() -> tuple[str, ...]:
        from sync.tutorials import pull_progress

        return pull_progress(store, fetch, resident).lessons

    def failed(error: BaseException) -> None:
        log.info("lesson progress not fetched from the center (%s): this kiosk's is shown", error)
        on_done(())

    ctx.tasks.run(work, on_done, failed)
    return True
