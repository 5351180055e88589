"""Vital signs for staff: alerting readings and their acknowledgement, residents' own
targets (``/api/v1/staff/...``), and the FHIR R4 export of readings (``/fhir/Observation``).

What these do is in server.vitals; FHIR's resources are built in server.fhir. The FHIR route
speaks FHIR throughout: its answers, refusals included, are ``application/fhir+json``, a
refusal an OperationOutcome (400 for a search it cannot run, 401 without a staff token, 404
for a resident the center does not know), never the API's own error body.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from server import auth, fhir, staff, vitals
from server.models import Staff
from server.routes import permissions
from server.routes.common import ERRORS, UUID_PATTERN, CenterDep, Db
from server.routes.permissions import allowed
from sync.protocol import API_PREFIX, ResidentTargets, StaffAlertAck, StaffReadingAlert

router = APIRouter(prefix=f"{API_PREFIX}/staff", responses=ERRORS)
fhir_router = APIRouter(prefix="/fhir")
CARD_PATTERN = r"^[0-9]{4,20}$"
DEFAULT_COUNT = 100
MAX_COUNT = 1000


# -- alerts --------------------------------------------------------------------------------


@router.get("/alerts")
def staff_alerts(
    person: Annotated[Staff, allowed("alerts.read")],
    session: Db,
    state: Annotated[Literal["open", "all"], Query()] = "open",
    limit: Annotated[int, Query(ge=1, le=vitals.MAX_ALERTS_LISTED)] = 200,
) -> list[StaffReadingAlert]:
    """Alerting readings, newest first, with their values and level; ``open``: those
    nobody acknowledged yet."""
    return vitals.list_alerts(session, open_only=state == "open", limit=limit)


@router.post("/alerts/{reading_id}/ack")
def staff_alert_ack(
    person: Annotated[Staff, allowed("alerts.ack")],
    reading_id: Annotated[str, Path(pattern=UUID_PATTERN)],
    session: Db,
    center: CenterDep,
    body: StaffAlertAck | None = None,
) -> StaffReadingAlert:
    """You have seen the alert (``by``: the name the kiosk shows, yours when not given;
    ``note``: what you did). The kiosk hears it at once; the first acknowledgement counts."""
    result = vitals.acknowledge(session, person, reading_id.lower(), body or StaffAlertAck())
    center.hub.committed(staff.queued_updates(session))
    center.feed.poke()
    return result


# -- residents' own targets ------------------------------------------------------------------


@router.get("/residents/{card}/targets")
def get_resident_targets(
    person: Annotated[Staff, allowed("targets.read")],
    card: Annotated[str, Path(pattern=CARD_PATTERN)],
    session: Db,
) -> ResidentTargets:
    """The resident's own targets (an empty list: the general table applies)."""
    return vitals.get_targets(session, card)


@router.put("/residents/{card}/targets")
def put_resident_targets(
    person: Annotated[Staff, allowed("targets.write")],
    card: Annotated[str, Path(pattern=CARD_PATTERN)],
    body: ResidentTargets,
    session: Db,
    center: CenterDep,
) -> ResidentTargets:
    """Set the resident's own targets (an empty list clears them); every kiosk gets them."""
    result = vitals.set_targets(session, person, card, body)
    center.hub.committed(staff.queued_updates(session))
    return result


# -- FHIR ------------------------------------------------------------------------------------


class SearchRefused(Exception):
    """A FHIR search the server cannot run: an OperationOutcome with ``status``."""

    def __init__(self, status: int, code: str, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.code = code
        self.text = text


def fhir_response(content: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(content, status_code=status, media_type=fhir.FHIR_JSON)


DATE_PREFIXES = ("eq", "ge", "gt", "le", "lt")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _moment_span(text: str) -> tuple[float, float]:
    """The span [start, end) a FHIR date or dateTime names, in epoch seconds: a year, a
    month, a day (in the server's time zone) or a moment (to the second)."""
    match = PARTIAL_DATE.match(text)
    local = datetime.now().astimezone().tzinfo
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is None:
            start, end = date(year, 1, 1), date(year + 1, 1, 1)
        elif day is None:
            start = date(year, month, 1)
            end = date(year + month // 12, month % 12 + 1, 1)
        else:
            start = date(year, month, day)
            end = start + timedelta(days=1)
        first = datetime(start.year, start.month, start.day, tzinfo=local)
        after = datetime(end.year, end.month, end.day, tzinfo=local)
        return first.timestamp(), after.timestamp()
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local)
    exact = moment.astimezone(UTC).timestamp()
    return exact, exact + 1.0


def _date_bounds(values: list[str]) -> tuple[float | None, float | None]:
    """``date`` parameters (``ge2024-06-01``, ``lt2024-07``, ``2024-06-11``...) as one
    [since, until) span of measured_at."""
    since: float | None = None
    until: float | None = None
    for value in values:
        prefix = value[:2] if value[:2] in DATE_PREFIXES else "eq"
        text = value[2:] if value[:2] in DATE_PREFIXES else value
        try:
            start, end = _moment_span(text)
        except (ValueError, OverflowError) as exc:
            raise SearchRefused(
                400, "value", f"date={value}: not a FHIR date (2024-06-11, ge2024-06-01T08:00Z)"
            ) from exc
        low = {"eq": start, "ge": start, "gt": end}.get(prefix)
        high = {"eq": end, "le": end, "lt": start}.get(prefix)
        if low is not None:
            since = low if since is None else max(since, low)
        if high is not None:
            until = high if until is None else min(until, high)
    return since, until


def _search(request: Request) -> vitals.ReadingSearch:
    query = request.query_params
    patients = query.getlist("patient") + query.getlist("subject")
    if len(patients) != 1 or not patients[0]:
        raise SearchRefused(
            400, "required", "Give one resident: patient=<resident card> (or Patient/<card>)."
        )
    card = patients[0].removeprefix("Patient/")
    if "|" in card:  # a token search: system|value
        system, _, card = card.partition("|")
        if system and system != fhir.RESIDENT_CARD_SYSTEM:
            known = fhir.RESIDENT_CARD_SYSTEM
            raise SearchRefused(400, "value", f"Residents are named by {known}.")
    if not re.match(CARD_PATTERN, card):
        raise SearchRefused(400, "value", f"patient={patients[0]}: a card is 4 to 20 digits.")
    counts = query.getlist("_count")
    count = DEFAULT_COUNT
    if counts:
        if len(counts) > 1 or not counts[0].isdigit() or int(counts[0]) > MAX_COUNT:
            raise SearchRefused(400, "value", f"_count is a number from 0 to {MAX_COUNT}.")
        count = int(counts[0])
    since, until = _date_bounds(query.getlist("date"))
    return vitals.ReadingSearch(card, count, since, until)


@fhir_router.get(
    "/Observation",
    response_class=JSONResponse,
    responses={200: {"content": {fhir.FHIR_JSON: {}}, "description": "a searchset Bundle"}},
)
def fhir_observations(request: Request, session: Db) -> JSONResponse:
    """A resident's readings as FHIR R4 Observations (vital-signs profile, LOINC codes) in a
    searchset Bundle, newest first. ``patient`` (the resident card, also ``Patient/<card>``)
    is required; ``_count`` (default 100, at most 1000) and ``date`` (``ge``, ``gt``,
    ``le``, ``lt``, ``eq`` with a date or dateTime; a date without a zone is in the
    server's time zone) are optional. A staff token (or session) of a role that may export
    readings is needed (403 otherwise)."""
    try:
        person = permissions.staff_with(
            session,
            request.headers.get("authorization"),
            request.cookies.get(permissions.SESSION_COOKIE),
            "vitals.export",
        )
    except auth.AuthError as exc:
        code = "login" if exc.status == 401 else "forbidden"
        return fhir_response(fhir.operation_outcome(code, exc.message), exc.status)
    try:
        search = _search(request)
        permissions.record_use(session, request, person, "vitals.export", card=search.resident_card)
        if not vitals.known_resident(session, search.resident_card):
            raise SearchRefused(
                404, "not-found", f"The center has no resident with card {search.resident_card}."
            )
    except SearchRefused as refused:
        return fhir_response(fhir.operation_outcome(refused.code, refused.text), refused.status)
    total, rows = vitals.search_readings(session, search)
    base = str(request.base_url).rstrip("/") + "/fhir"
    bundle = fhir.search_bundle(
        [fhir.observation(row) for row in rows],
        total,
        base,
        str(request.url),
        str(uuid.uuid4()),
    )
    return fhir_response(bundle)
