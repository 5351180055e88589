"""What kiosks ask about lessons: a resident's progress kept by the center, so that they
continue on this kiosk where they left off on another (server.tutorials)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from server import auth
from server.routes.common import ERRORS, Authorization, CenterDep
from server.tutorials import resident_progress
from sync.protocol import API_PREFIX, ResidentTutorialProgress

router = APIRouter(prefix=API_PREFIX, responses=ERRORS)


@router.get("/tutorials/progress")
async def get_tutorial_progress(
    center: CenterDep,
    card: Annotated[str, Query(pattern=r"^[0-9]{4,20}$")],
    authorization: Authorization = None,
) -> ResidentTutorialProgress:
    """The resident's progress in every lesson they started on any kiosk: per lesson the
    furthest step reached and whether they practised and mastered it. For enrolled kiosks
    (device token): the resident showed their card there."""
    hashed = auth.bearer_hash(authorization)
    if center.devices.get(hashed) is None:
        await center.load_device(hashed)

    def work() -> ResidentTutorialProgress:
        with center.readers() as session:
            return resident_progress(session, card)

    return await run_in_threadpool(work)
