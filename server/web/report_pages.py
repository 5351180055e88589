"""The reports page and its CSV files (server.reports counts; this shows and exports).

``/console/reports?first=YYYY-MM-DD&last=YYYY-MM-DD`` shows every table for the days from
``first`` to ``last`` in the center's time zone (the last seven days by default);
``/console/reports.csv?...&part=NAME`` gives one table as CSV (UTF-8 with a byte-order mark,
so that spreadsheet programs read the Chinese right), its headings in the viewer's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from server import reports
from server.routes.common import Db
from server.web.console import ConsoleRoute, PageRefused, Viewer, page, render
from server.web.console import catalog as catalog_view
from server.web.strings import Strings

router = APIRouter(route_class=ConsoleRoute)  # under PREFIX (server.routes.web)
PARTS: Final = ("per_service", "per_day", "times", "sos", "per_tier")
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DEFAULT_DAYS = 7


def minutes(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 60:.1f}"


def yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def _period(
    request: Request, session: Db, viewer: Viewer, first: str, last: str
) -> tuple[reports.Period, list[str]]:
    zone = catalog_view(request, session).zone
    today = datetime.now(zone).date()
    first = first or (today - timedelta(days=DEFAULT_DAYS - 1)).isoformat()
    last = last or today.isoformat()
    try:
        return reports.period(first, last, zone), []
    except reports.PeriodProblem as exc:
        fallback = reports.period(
            (today - timedelta(days=DEFAULT_DAYS - 1)).isoformat(), today.isoformat(), zone
        )
        return fallback, [viewer.words.t(f"reports.{exc.code}", days=reports.MAX_DAYS)]


@router.get("/reports")
def reports_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("reports.read")],
    first: Annotated[str, Query(max_length=10)] = "",
    last: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    span, problems = _period(request, session, viewer, first, last)
    view = catalog_view(request, session)
    return render(
        request,
        "reports.html",
        viewer=viewer,
        title_key="reports.title",
        view=view,
        report=reports.report(session, span, view.full_price_fen),
        problems=problems,
        minutes=minutes,
        yuan=yuan,
        parts=PARTS,
        status=422 if problems else 200,
    )


def _safe(value: object) -> object:
    """A cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows_of(
    part: str, report: reports.Report, words: Strings, names: dict[str, str]
) -> Iterable[list[object]]:
    t = words.t
    if part == "per_service":
        yield [t("reports.service"), t("reports.orders"), t("reports.cancelled"),
               t("reports.quantity"), t("reports.charged_yuan")]  # fmt: skip
        for s in report.per_service:
            name = names.get(s.service_id, s.service_id)
            yield [name, s.orders, s.cancelled, s.quantity, yuan(s.charged_fen)]
    elif part == "per_day":
        yield [t("reports.day"), t("reports.orders"), t("reports.cancelled")]
        for day in report.per_day:
            yield [day.day.isoformat(), day.orders, day.cancelled]
    elif part == "times":
        yield [t("reports.measure"), t("reports.count"), t("reports.median_min"),
               t("reports.p90_min"), t("reports.max_min")]  # fmt: skip
        for key, took in (
            ("reports.to_accepted", report.to_accepted),
            ("reports.to_done", report.to_done),
            ("reports.sos_to_person", report.sos.to_acknowledged),
        ):
            yield [
                t(key),
                took.count,
                minutes(took.median_s),
                minutes(took.p90_s),
                minutes(took.max_s),
            ]
    elif part == "sos":
        emergencies = report.sos
        yield [t("reports.sos_raised"), t("reports.sos_acknowledged"),
               t("reports.sos_waiting"), t("reports.sos_withdrawn")]  # fmt: skip
        yield [
            emergencies.raised,
            emergencies.acknowledged,
            emergencies.waiting,
            emergencies.withdrawn,
        ]
    elif part == "per_tier":
        yield [t("reports.tier"), t("reports.orders"), t("reports.quantity"),
               t("reports.charged_yuan"), t("reports.subsidy_yuan"),
               t("reports.unpriced")]  # fmt: skip
        for r in report.per_tier:
            tier_key = f"tier.{r.tier}"
            tier = t(tier_key) if words.has(tier_key) else r.tier
            yield [tier, r.orders, r.quantity, yuan(r.charged_fen), yuan(r.subsidy_fen), r.unpriced]


@router.get("/reports.csv")
def report_csv(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("reports.read")],
    part: Annotated[str, Query(max_length=20)],
    first: Annotated[str, Query(max_length=10)] = "",
    last: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    if part not in PARTS:
        raise PageRefused(404, viewer.words.t("refused.not_found"), viewer)
    span, problems = _period(request, session, viewer, first, last)
    if problems:
        raise PageRefused(422, problems[0], viewer)
    view = catalog_view(request, session)
    names = {sid: view.service_name(sid, viewer.words.language) for sid in view.services}
    report = reports.report(session, span, view.full_price_fen)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows_of(part, report, viewer.words, names):
        writer.writerow([_safe(cell) for cell in row])
    filename = f"{part}_{span.first.isoformat()}_{span.last.isoformat()}.csv"
    return Response(
        ("\ufeff" + out.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
