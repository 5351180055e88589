"""A resident's video calls, from the staff console (``/console/residents/{card}/calls``):
a big button that rings the resident's home tablet and opens the call page, the resident's
recent calls in words, and their call policy (quiet hours, a block with its reason, and
per family member whether calls answer by themselves).

The forms do what the staff API does (server.routes.calls, server.calls, server.call_policy)
and name the same actions of the permission table: seeing the page ``calls.read``, calling
``calls.make``, the policy and the auto-answer choices ``calls.policy``.

A call's single-use ticket must never be in an address the server (or a proxy) logs. So a
call started here answers the form with a small page that holds the ticket in its body, and
its script (server/web/static/call_hop.js, the center's own file: nothing inline runs) moves
to the call page with the ticket in the fragment, which browsers never send.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Final
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from server import call_jobs, call_policy, calls, family, residents
from server.db import Sql
from server.models import Call, CallPolicy
from server.routes.common import Db
from server.staff import StaffError
from server.web.console import (
    CARD,
    PREFIX,
    ConsoleRoute,
    PageRefused,
    Viewer,
    page,
    posted,
    render,
    when,
)
from server.web.strings import Strings
from server.web.work_pages import notice
from sync.call_protocol import CallPolicyView

router = APIRouter(route_class=ConsoleRoute)  # under PREFIX (server.routes.web)
Card = Annotated[str, Path(pattern=CARD)]
RECENT: Final = 30
MAX_REASON: Final = 200  # CallPolicyView.block_reason
CLOCK: Final = re.compile(r"^([0-9]{1,2}):([0-9]{2})(?::00)?$")
NOT_PUT_THROUGH: Final = ("busy", "quiet_hours", "blocked", "no_device", "offline")
CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")  # a reason is one plain line


class FormProblem(ValueError):
    """A posted value the center cannot take; the text is the sentence for the form."""


@dataclass(frozen=True)
class CallLine:
    """One call of the resident, in words."""

    started: str
    who: str
    outcome: str
    live: bool


# -- reading the forms -----------------------------------------------------------------------


def clock_time(value: str, words: Strings) -> str | None:
    """A time of day as "HH:MM", or None for an empty field."""
    value = value.strip()
    if not value:
        return None
    found = CLOCK.fullmatch(value)
    if found is None or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise FormProblem(words.t("calls.error_clock", value=value[:20]))
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def block_until(value: str, zone: ZoneInfo, now: float, words: Strings) -> float | None:
    """The end of a block, written as the center's local date and time, in Unix seconds."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value[:40])
    except ValueError:
        raise FormProblem(words.t("calls.error_until", value=value[:40])) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    try:
        seconds = moment.timestamp()
    except (OverflowError, OSError, ValueError):
        raise FormProblem(words.t("calls.error_until", value=value[:40])) from None
    if seconds <= now:
        raise FormProblem(words.t("calls.error_past"))
    return seconds


def read_policy(form: dict[str, str], zone: ZoneInfo, now: float, words: Strings) -> CallPolicyView:
    """The policy a posted form asks for; FormProblem with the sentence to show otherwise."""
    quiet_from = clock_time(form.get("quiet_from", ""), words)
    quiet_to = clock_time(form.get("quiet_to", ""), words)
    if (quiet_from is None) != (quiet_to is None):
        raise FormProblem(words.t("calls.error_quiet_half"))
    if quiet_from is not None and quiet_from == quiet_to:
        raise FormProblem(words.t("calls.error_quiet_same"))
    until = block_until(form.get("blocked_until", ""), zone, now, words)
    reason = form.get("block_reason", "").strip()
    if len(reason) > MAX_REASON:
        raise FormProblem(words.t("calls.error_reason_long", most=MAX_REASON, length=len(reason)))
    if CONTROL.search(reason):
        raise FormProblem(words.t("calls.error_reason_control"))
    if reason and until is None:
        raise FormProblem(words.t("calls.error_reason_alone"))
    try:
        return CallPolicyView(
            quiet_from=quiet_from,
            quiet_to=quiet_to,
            blocked_until=until,
            block_reason=reason or None,
        )
    except ValidationError:  # the checks above should have said why; never a server error
        raise FormProblem(words.t("calls.error_policy")) from None


def policy_fields(view: CallPolicyView, zone: ZoneInfo, now: float) -> dict[str, str]:
    """The policy form's fields as they stand (a block that is over shows as none)."""
    until = ""
    if view.blocked_until is not None and view.blocked_until > now:
        until = datetime.fromtimestamp(view.blocked_until, zone).strftime("%Y-%m-%dT%H:%M")
    return {
        "quiet_from": view.quiet_from or "",
        "quiet_to": view.quiet_to or "",
        "blocked_until": until,
        "block_reason": (view.block_reason or "") if until else "",
    }


# -- the calls, in words ---------------------------------------------------------------------


def duration(seconds: float, words: Strings) -> str:
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    if minutes:
        return words.t("calls.minutes_seconds", minutes=minutes, seconds=rest)
    return words.t("calls.seconds", seconds=rest)


def outcome(call: Call, words: Strings, zone: ZoneInfo) -> str:
    """How a call went, as a sentence: state and reason, and how long it lasted."""
    talked = None
    if call.answered_at is not None and call.ended_at is not None:
        talked = duration(call.ended_at - call.answered_at, words)
    if call.state == "ringing":
        return words.t("calls.outcome_ringing")
    if call.state == "accepted":
        answered = when(call.answered_at, zone)[-8:]
        return words.t("calls.outcome_accepted", at=answered)
    if call.state == "declined":
        return words.t("calls.outcome_declined")
    if call.state == "missed":
        return words.t("calls.outcome_missed")
    if call.reason in NOT_PUT_THROUGH or call.state == "busy":
        return words.t(f"calls.refused_{call.reason or 'busy'}")
    if call.reason == "cancelled":
        return words.t("calls.outcome_cancelled")
    if call.reason == "network" and talked is not None:
        return words.t("calls.outcome_network", talked=talked)
    if talked is not None:
        return words.t("calls.outcome_talked", talked=talked)
    return words.t("calls.outcome_ended")


def call_lines(
    session: Session, card: str, resident: str, words: Strings, zone: ZoneInfo
) -> list[CallLine]:
    rows = session.scalars(
        select(Call)
        .where(Call.resident_card == card)
        .order_by(Call.created_at.desc(), Call.id.desc())
        .limit(RECENT)
    )
    lines = []
    for call in rows:
        if call.callee_kind == "kiosk":
            callee = words.t("calls.home_tablet_of", name=resident)
        else:
            callee = calls.peer_name(session, call, "caller")
        caller = call.caller_name or "?"
        if call.caller_kind == "kiosk":
            caller = words.t("calls.from_tablet", name=resident)
        lines.append(
            CallLine(
                started=when(call.created_at, zone),
                who=words.t("calls.who", caller=caller, callee=callee),
                outcome=outcome(call, words, zone),
                live=call.state in calls.LIVE,
            )
        )
    return lines


# -- the page ----------------------------------------------------------------------------------


def center_zone(request: Request, session: Session) -> ZoneInfo:
    """The center's local time zone, as the calls API reads it (the catalog's)."""
    center = request.app.state.center
    zone: ZoneInfo = center.authority.rules(Sql(session.connection())).timezone
    return zone


def known(session: Session, viewer: Viewer, card: str) -> str:
    """The resident's name; a card the register does not have is a page saying so."""
    try:
        return residents.get(session, card).name
    except StaffError as exc:
        raise PageRefused(404, viewer.words.t("refused.not_found"), viewer) from exc


def _page(
    request: Request,
    session: Session,
    viewer: Viewer,
    card: str,
    *,
    problem: str | None = None,
    problem_at: str = "",
    fields: dict[str, str] | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    name = known(session, viewer, card)
    zone = center_zone(request, session)
    now = time.time()
    policy = call_policy.view(session.get(CallPolicy, card))
    blocked = policy.blocked_until is not None and policy.blocked_until > now
    return render(
        request,
        "call_console.html",
        viewer=viewer,
        title_key="calls.title",
        status=status,
        card=card,
        name=name,
        tablet=family.home_device(session, card),
        lines=call_lines(session, card, name, viewer.words, zone),
        policy=policy,
        blocked=blocked,
        blocked_until=when(policy.blocked_until, zone)[:16] if blocked else "",
        fields=fields if fields is not None else policy_fields(policy, zone, now),
        links=[
            (link, account)
            for link, account in family.links_of_resident(session, card)
            if link.ended_at is None
        ],
        zone_name=str(zone),
        set_by=lambda recorded: set_by_words(recorded, viewer.words),
        problem=problem,
        problem_at=problem_at,
        notice=notice(viewer, done, "calls.done_"),
    )


@router.get("/residents/{card}/calls")
def calls_page(
    request: Request,
    session: Db,
    viewer: Annotated[Viewer, page("calls.read")],
    card: Card,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    return _page(request, session, viewer, card, done=done)


def call_address(page_path: str, ticket: str, lang: str, card: str) -> str:
    """The call page of the staff side, the ticket in the fragment only."""
    query = urlencode({"view": "staff", "lang": lang, "resident": card})
    return f"{page_path}?{query}#ticket={quote(ticket, safe='')}"


@router.post("/residents/{card}/calls/start")
async def start_call(
    request: Request, viewer: Annotated[Viewer, page("calls.make")], card: Card
) -> Response:
    """Ring the resident's home tablet (quiet hours do not apply to staff), then open the
    call page; a call that may not ring shows the center's sentence on the calls page."""
    await posted(request, viewer)
    session = viewer.session
    assert session is not None and viewer.staff is not None
    center = request.app.state.center
    caller = calls.Party("staff", account_id=viewer.staff.id, name=viewer.name)

    def work() -> Response:
        known(session, viewer, card)
        try:
            placed = calls.place_to_kiosk(
                session, card, caller, center.settings, center_zone(request, session)
            )
        except calls.CallError as exc:
            session.rollback()
            return _page(request, session, viewer, card, problem=exc.message, status=exc.status)
        session.commit()
        call_jobs.publish(center, session, placed.changes)
        if placed.refusal is not None:
            key = f"calls.refused_{placed.refusal.reason}"
            words = viewer.words
            sentence = words.t(key) if words.has(key) else placed.refusal.message
            return _page(
                request, session, viewer, card, problem=sentence, problem_at="call", status=409
            )
        assert placed.join is not None
        return render(
            request,
            "call_console_open.html",
            viewer=viewer,
            title_key="calls.opening",
            card=card,
            address=call_address(placed.join.page, placed.join.ticket, viewer.words.language, card),
        )

    return await run_in_threadpool(work)


@router.post("/residents/{card}/calls/policy")
async def save_policy(
    request: Request, viewer: Annotated[Viewer, page("calls.policy")], card: Card
) -> Response:
    form = await posted(request, viewer)
    session = viewer.session
    assert session is not None

    def work() -> Response:
        known(session, viewer, card)
        posted_fields = {
            name: form.get(name, "")[:400]
            for name in ("quiet_from", "quiet_to", "blocked_until", "block_reason")
        }
        try:
            wanted = read_policy(form, center_zone(request, session), time.time(), viewer.words)
            call_policy.set_policy(session, card, wanted, f"staff:{viewer.name}")
        except (FormProblem, call_policy.PolicyError) as exc:
            session.rollback()
            return _page(
                request,
                session,
                viewer,
                card,
                problem=str(exc),
                problem_at="policy",
                fields=posted_fields,
                status=422,
            )
        session.commit()
        return RedirectResponse(f"{PREFIX}/residents/{card}/calls?done=policy", status_code=303)

    return await run_in_threadpool(work)


@router.post("/residents/{card}/calls/family/{account_id}/auto-answer")
async def auto_answer(
    request: Request,
    viewer: Annotated[Viewer, page("calls.policy")],
    card: Card,
    account_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> Response:
    """The resident's consent to one family member's calls answering by themselves, set by
    staff on the resident's behalf (recorded with the staff member's name, audited)."""
    form = await posted(request, viewer)
    session = viewer.session
    assert session is not None
    choice = form.get("auto_answer", "")

    def work() -> Response:
        if choice not in ("on", "off"):
            return _page(
                request,
                session,
                viewer,
                card,
                problem=viewer.words.t("calls.error_choice"),
                problem_at="auto_answer",
                status=422,
            )
        try:
            calls.set_auto_answer(session, card, account_id, choice == "on", f"staff:{viewer.name}")
        except calls.CallError as exc:
            session.rollback()
            raise PageRefused(exc.status, viewer.words.t("calls.error_not_linked"), viewer) from exc
        session.commit()
        return RedirectResponse(
            f"{PREFIX}/residents/{card}/calls?done=auto_answer", status_code=303
        )

    return await run_in_threadpool(work)


def set_by_words(set_by: str | None, words: Strings) -> str:
    """Who set an auto-answer choice, as the record has it ("staff:王芳", "resident, on ...")."""
    if not set_by:
        return words.t("calls.set_by_nobody")
    if set_by.startswith("staff:"):
        return words.t("calls.set_by_staff", name=set_by.removeprefix("staff:"))
    if set_by.startswith("resident, on "):
        return words.t("calls.set_by_resident", device=set_by.removeprefix("resident, on "))
    return set_by
