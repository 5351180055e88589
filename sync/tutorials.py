"""A resident's lesson progress from the center, so that they continue on this kiosk where
they left off on another one.

The kiosk asks when a resident opens Learn (off the UI thread): :func:`pull_progress` fetches
what the center keeps (``GET /tutorials/progress``) and merges it into this kiosk's rows,
the furthest of the two winning (app.tutorials.merge_center_progress). When the center
cannot be reached the kiosk works from its own rows, and says nothing it does not know.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.people import Resident
from app.store import Store
from app.tutorials import ProgressError, merge_center_progress
from sync.client import BadAnswer, CenterClient
from sync.protocol import ResidentTutorialProgress

log = logging.getLogger(__name__)
# A resident waits for nothing (the list shows at once), but the answer should arrive while
# they are still choosing a lesson: give up early and work from this kiosk's own rows.
TIMEOUT = (3.0, 8.0)

ProgressFetcher = Callable[[str], list[dict[str, Any]]]
"""``fetch(card)``: the resident's progress records as the center keeps them."""


def fetch_progress(client: CenterClient, card: str) -> list[dict[str, Any]]:
    """The center's records of a resident's progress, each one a ``tutorial.progress``
    payload with ``practised`` and ``mastered``. Raises sync.client errors: Retryable (the
    center is not reachable now), Refused, BadAnswer (not the protocol)."""
    data = client._request("GET", "/tutorials/progress", params={"card": card})
    try:
        answer = ResidentTutorialProgress.model_validate(data)
    except ValueError as exc:
        raise BadAnswer(
            f"the center's lesson progress does not follow the protocol: {exc}"
        ) from exc
    if answer.resident_card != card:
        raise BadAnswer("the center answered with another resident's lesson progress")
    return [record.model_dump(mode="json") for record in answer.lessons]


def progress_fetcher(client: CenterClient) -> ProgressFetcher:
    """A fetcher for the screens: each call uses a client of its own (the sync worker's
    session stays the worker's), with the same center, token and trust."""

    def fetch(card: str) -> list[dict[str, Any]]:
        verify = client.session.verify
        own = CenterClient(
            client.base_url,
            client.token,
            ca_file=verify if isinstance(verify, str) else None,
            timeout=TIMEOUT,
        )
        try:
            return fetch_progress(own, card)
        finally:
            own.close()

    return fetch


@dataclass(frozen=True)
class PullResult:
    """What a pull brought: the lessons the center knows of for the resident (each merged
    here, the furthest winning), and how many records were left out as malformed."""

    lessons: tuple[str, ...]
    skipped: int = 0


def pull_progress(store: Store, fetch: ProgressFetcher, resident: Resident) -> PullResult:
    """Fetch ``resident``'s progress from the center and merge it into this kiosk's rows
    (any thread but the UI's). Raises what ``fetch`` raises; a malformed record is logged
    and left out, the others still merge."""
    records = fetch(resident.card_number)
    lessons: list[str] = []
    skipped = 0
    for record in records:
        if record.get("resident_card") != resident.card_number:
            log.warning("lesson progress for another card left out")
            skipped += 1
            continue
        try:
            merged = merge_center_progress(store, record)
        except ProgressError as exc:
            log.warning("lesson progress from the center left out: %s", exc)
            skipped += 1
            continue
        if merged is not None:
            lessons.append(merged.lesson_id)
    return PullResult(tuple(lessons), skipped)
