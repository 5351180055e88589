"""The kiosk's calls to the center about video calls, over its device credentials.

``GET /kiosk/calls/contacts`` (whom the resident may call), ``PUT`` a contact's auto-answer,
``POST /kiosk/calls`` (call someone), ``GET /kiosk/calls/{id}`` (is it still ringing?),
answer, decline, end and rejoin. The screens call these off the UI thread; every failure
comes back as one :class:`CallProblem` whose ``reason`` says what kind (the center's own for a
refused call: busy, quiet_hours, blocked, no_device, offline) and whose ``message`` is the
center's sentence where it gave one, never a raw HTTP error.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import requests
from pydantic import BaseModel

from sync.call_protocol import (
    AutoAnswerChoice,
    CallContacts,
    CallJoin,
    CallRecord,
    KioskCall,
)
from sync.client import CenterClient
from sync.protocol import API_PREFIX

log = logging.getLogger(__name__)
# Someone waits at the screen (or a caller waits for the ring): a slow center is said to be
# out of reach soon rather than late.
TIMEOUT = (3.0, 8.0)

NO_CENTER = "no_center"  # none configured, not reachable, a 5xx, or no answer in time
KIOSK_REFUSED = "kiosk_refused"  # this kiosk is not (or no longer) enrolled
NOT_FOUND = "not_found"  # no such call or contact for this resident
BAD_ANSWER = "bad_answer"  # the center said something that is not the protocol
REFUSED_CALL = ("busy", "quiet_hours", "blocked", "no_device", "offline")

Model = TypeVar("Model", bound=BaseModel)


class CallProblem(Exception):
    """Why the center could not do what was asked: ``reason`` (see the constants above, or
    the center's own code for a refused call) and its sentence, if it gave one."""

    def __init__(self, reason: str, message: str = "", status: int | None = None) -> None:
        super().__init__(message or reason)
        self.reason = reason
        self.message = message
        self.status = status


@dataclass(frozen=True)
class CallDesk:
    """The kiosk's questions about calls; ``make_client`` gives a client of its own for each
    (the sync worker's stays the worker's)."""

    make_client: Callable[[], CenterClient]

    @property
    def base_url(self) -> str:
        client = self.make_client()
        try:
            return client.base_url
        finally:
            client.close()

    # -- one request ------------------------------------------------------------------------

    def _ask(self, method: str, path: str, body: BaseModel | None = None, **params: Any) -> Any:
        client = self.make_client()
        try:
            try:
                response = client.session.request(
                    method,
                    client.base_url + API_PREFIX + path,
                    headers=client._headers(),
                    data=None if body is None else body.model_dump_json().encode(),
                    params=params or None,
                    timeout=client.timeout,
                    verify=client.session.verify,
                )
            except requests.RequestException as exc:
                raise CallProblem(NO_CENTER, f"network: {exc.__class__.__name__}") from exc
            return self._answer(response)
        finally:
            client.close()

    @staticmethod
    def _answer(response: requests.Response) -> Any:
        status = response.status_code
        if status < 400:
            if status == 204 or not response.content:
                return None
            try:
                return response.json()
            except ValueError as exc:
                raise CallProblem(BAD_ANSWER, "the answer is not JSON", status) from exc
        code, message = _error(response)
        if status in (401, 403):
            raise CallProblem(KIOSK_REFUSED, message, status)
        if status == 404:
            raise CallProblem(NOT_FOUND, message, status)
        if status == 409:
            # A refused call (REFUSED_CALL) or one no longer in a state for what was asked.
            raise CallProblem(code or "busy", message, status)
        if status == 429 or status >= 500:
            raise CallProblem(NO_CENTER, message or f"the center answered {status}", status)
        raise CallProblem(BAD_ANSWER, f"{status} {code}: {message}", status)

    @staticmethod
    def _read(model: type[Model], data: Any) -> Model:
        try:
            return model.model_validate(data)
        except ValueError as exc:
            raise CallProblem(BAD_ANSWER, f"not the protocol: {exc}") from exc

    # -- what the screens ask ---------------------------------------------------------------

    def contacts(self, resident_card: str) -> CallContacts:
        """The family members ``resident_card`` may call, with their auto-answer choice."""
        data = self._ask("GET", "/kiosk/calls/contacts", resident_card=resident_card)
        found = self._read(CallContacts, data)
        if found.resident_card != resident_card:
            raise CallProblem(BAD_ANSWER, "the center answered for another resident")
        return found

    def set_auto_answer(self, resident_card: str, family_id: int, auto_answer: bool) -> None:
        """The resident's own choice: calls from ``family_id`` answer by themselves or not."""
        self._ask(
            "PUT",
            f"/kiosk/calls/contacts/{int(family_id)}",
            AutoAnswerChoice(auto_answer=auto_answer),
            resident_card=resident_card,
        )

    def call(
        self, resident_card: str, family_id: int, checkin_schedule_id: int | None = None
    ) -> CallJoin:
        """Call a family member; the caller's :class:`CallJoin` (CallProblem with the
        center's reason when the call cannot ring)."""
        body = KioskCall(
            resident_card=resident_card,
            family_id=family_id,
            checkin_schedule_id=checkin_schedule_id,
        )
        return self._join(self._ask("POST", "/kiosk/calls", body), "caller")

    def record(self, call_id: str) -> CallRecord:
        """The call as the center has it now (a late ``call.ringing`` is checked here)."""
        found = self._read(CallRecord, self._ask("GET", f"/kiosk/calls/{_id(call_id)}"))
        if str(found.id) != _id(call_id):
            raise CallProblem(BAD_ANSWER, "the center answered for another call")
        return found

    def answer(self, call_id: str) -> CallJoin:
        return self._join(self._ask("POST", f"/kiosk/calls/{_id(call_id)}/answer"), "callee")

    def decline(self, call_id: str) -> None:
        self._ask("POST", f"/kiosk/calls/{_id(call_id)}/decline")

    def end(self, call_id: str, reason: str = "hung_up") -> None:
        """Hang up (``hung_up``) or give up before an answer (``cancelled``)."""
        if reason not in ("hung_up", "cancelled"):
            raise ValueError(f"a kiosk ends a call as hung_up or cancelled, not {reason!r}")
        self._ask(
            "POST", f"/kiosk/calls/{_id(call_id)}/end", _EndBody.model_validate({"reason": reason})
        )

    def rejoin(self, call_id: str) -> CallJoin:
        """A fresh ticket while the call is accepted (after the page lost its socket)."""
        return self._join(self._ask("POST", f"/kiosk/calls/{_id(call_id)}/rejoin"), None)

    def _join(self, data: Any, side: str | None) -> CallJoin:
        join = self._read(CallJoin, data)
        if side is not None and join.side != side:
            raise CallProblem(BAD_ANSWER, f"the center made this kiosk the {join.side}")
        return join

    def page_url(self, join: CallJoin, language: str) -> str:
        """The call page's address for the kiosk's view, its ticket in the fragment (which
        no server ever logs)."""
        return page_url(self.base_url, join, language)


class _EndBody(BaseModel):
    reason: str


def page_url(base_url: str, join: CallJoin, language: str) -> str:
    if not join.page.startswith("/"):
        raise CallProblem(BAD_ANSWER, f"the call page {join.page!r} is not a path")
    query = urlencode({"view": "kiosk", "lang": language})
    return f"{base_url.rstrip('/')}{join.page}?{query}#ticket={quote(join.ticket, safe='')}"


def _id(call_id: str) -> str:
    try:
        return str(uuid.UUID(str(call_id)))
    except ValueError:
        raise CallProblem(NOT_FOUND, f"{call_id!r} is not a call id") from None


def _error(response: requests.Response) -> tuple[str, str]:
    """The code (or a refused call's reason) and the sentence of an error answer."""
    try:
        body = response.json()
    except ValueError:
        return "", response.text[:200]
    if not isinstance(body, dict):
        return "", json.dumps(body, ensure_ascii=False)[:200]
    code = body.get("reason") or body.get("code") or ""
    message = body.get("message") or body.get("detail") or ""
    return str(code)[:40], str(message)[:500]


def call_desk(client: CenterClient) -> CallDesk:
    """A desk asking the center ``client`` talks to, with its token and trust."""

    def make() -> CenterClient:
        verify = client.session.verify
        return CenterClient(
            client.base_url,
            client.token,
            ca_file=verify if isinstance(verify, str) else None,
            timeout=TIMEOUT,
        )

    return CallDesk(make)
