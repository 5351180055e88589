"""A resident's family and home tablet, from the staff console
(``/console/residents/{card}/family``): the family members linked to the resident, a form
that makes an invitation link (shown once, to hand over), ending a link, and choosing the
home tablet that rings when the family calls.

The forms do what the staff API does (server.routes.family, server.family) and name the same
actions of the permission table: seeing the page ``residents.read``, inviting
``family.invite``, ending a link ``family.manage``, the home tablet ``residents.write``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from server import family, residents
from server.models import Device
from server.routes.common import Db
from server.staff import StaffError
from server.web.console import CARD, PREFIX, ConsoleRoute, PageRefused, Viewer, page, posted, render
from server.web.work_pages import notice

router = APIRouter(route_class=ConsoleRoute)  # under PREFIX (server.routes.web)
Card = Annotated[str, Path(pattern=CARD)]


def _page(
    request: Request,
    session: Session,
    viewer: Viewer,
    card: str,
    *,
    invited: family.Invited | None = None,
    problem: str | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    try:
        name = residents.get(session, card).name
    except StaffError as exc:
        raise PageRefused(404, viewer.words.t("refused.not_found"), viewer) from exc
    tablet = family.home_device(session, card)
    devices = list(
        session.scalars(select(Device).where(Device.revoked_at.is_(None)).order_by(Device.name))
    )
    link = None
    if invited is not None:
        link = f"{request.url.scheme}://{request.url.netloc}{invited.path}"
    return render(
        request,
        "family_console.html",
        viewer=viewer,
        title_key="family_link.title",
        status=status,
        card=card,
        name=name,
        links=family.links_of_resident(session, card),
        tablet=tablet,
        devices=devices,
        invited=invited,
        invitation_link=link,
        problem=problem,
        notice=notice(viewer, done, "family_link.done_"),
    )


@router.get("/residents/{card}/family")
def family_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("residents.read")],
    card: Card,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    return _page(request, session, viewer, card, done=done)


def _problem(viewer: Viewer, exc: StaffError) -> str:
    key = f"family_link.error_{exc.code}"
    return viewer.words.t(key) if viewer.words.has(key) else exc.message


@router.post("/residents/{card}/family/invite")
async def invite(
    request: Request, viewer: Annotated[Viewer, page("family.invite")], card: Card
) -> Response:
    form = await posted(request, viewer)
    session = viewer.session
    assert session is not None

    def work() -> Response:
        try:
            made = family.invite(
                session,
                f"staff:{viewer.name}",
                card,
                form.get("relation", ""),
                form.get("display_name", ""),
            )
        except StaffError as exc:
            session.rollback()
            return _page(
                request, session, viewer, card, problem=_problem(viewer, exc), status=exc.status
            )
        session.commit()
        return _page(request, session, viewer, card, invited=made, done="invited")

    return await run_in_threadpool(work)


@router.post("/residents/{card}/family/{account_id}/end")
async def end_link(
    request: Request,
    viewer: Annotated[Viewer, page("family.manage")],
    card: Card,
    account_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> Response:
    await posted(request, viewer)
    session = viewer.session
    assert session is not None

    def work() -> None:
        try:
            family.end_link(session, f"staff:{viewer.name}", card, account_id)
        except StaffError as exc:
            raise PageRefused(exc.status, _problem(viewer, exc), viewer) from exc
        session.commit()

    await run_in_threadpool(work)
    return RedirectResponse(f"{PREFIX}/residents/{card}/family?done=ended", status_code=303)


@router.post("/residents/{card}/family/home-tablet")
async def home_tablet(
    request: Request, viewer: Annotated[Viewer, page("residents.write")], card: Card
) -> Response:
    form = await posted(request, viewer)
    session = viewer.session
    assert session is not None
    device_id = form.get("device_id", "").strip()[:40] or None

    def work() -> Response:
        try:
            family.set_home_device(session, f"staff:{viewer.name}", card, device_id)
        except StaffError as exc:
            session.rollback()
            return _page(
                request, session, viewer, card, problem=_problem(viewer, exc), status=exc.status
            )
        session.commit()
        return RedirectResponse(f"{PREFIX}/residents/{card}/family?done=tablet", status_code=303)

    return await run_in_threadpool(work)
