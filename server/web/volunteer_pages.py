"""The console's time bank: ``/console/volunteering`` shows administrators every volunteer's
hours and every group session with who came and their marks, and a volunteer their own;
a volunteer sets their kiosk PIN there (``POST /console/volunteering/pin``). The numbers
come from server.volunteering."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from server import volunteering
from server.models import ResidentRow
from server.routes.common import Db
from server.web.console import PREFIX, ConsoleRoute, Viewer, page, posted, render
from server.web.work_pages import answered

router = APIRouter(route_class=ConsoleRoute)  # under PREFIX (server.routes.web)


def _page(
    request: Request,
    session: Db,
    viewer: Viewer,
    *,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    everyone = viewer.can("volunteering.read")
    report = volunteering.report(session, None if everyone else viewer.name)
    names: dict[str, str] = {}
    if everyone:
        cards = {a.resident_card for s in report.sessions for a in s.attendees}
        if cards:
            # The rows, not their name columns: a name is sealed and opens on the row.
            rows = session.scalars(select(ResidentRow).where(ResidentRow.card.in_(cards)))
            names = {row.card: row.name for row in rows}
    return render(
        request,
        "volunteering.html",
        viewer=viewer,
        title_key="volunteering.title" if everyone else "volunteering.own_title",
        status=status,
        report=report,
        everyone=everyone,
        names=names,
        may_set_pin=viewer.role == "volunteer",
        has_pin=volunteering.has_pin(session, viewer.staff.id) if viewer.staff else False,
        problem=problem,
        done=request.query_params.get("done"),
    )


@router.get("/volunteering")
def volunteering_page(
    request: Request, session: Db, viewer: Annotated[Viewer, page("volunteering.own")]
) -> Response:
    return _page(request, session, viewer)


@router.post("/volunteering/pin")
async def set_own_pin(
    request: Request, session: Db, viewer: Annotated[Viewer, page("volunteering.own")]
) -> Response:
    form = await posted(request, viewer)
    pin, again = form.get("pin", ""), form.get("pin_again", "")
    if pin != again:
        return _page(
            request,
            session,
            viewer,
            problem=viewer.words.t("volunteering.pins_differ"),
            status=422,
        )

    def work() -> None:
        volunteering.set_pin(session, viewer.staff, pin, actor=f"staff:{viewer.name}")
        session.commit()

    try:
        await run_in_threadpool(work)
    except volunteering.VolunteerError as exc:
        session.rollback()
        key = f"volunteering.{exc.code}"
        text = viewer.words.t(key) if viewer.words.has(key) else exc.message
        return _page(request, session, viewer, problem=text, status=422)
    return answered(request, viewer, "pin_set", f"{PREFIX}/volunteering")
