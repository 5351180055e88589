"""A volunteer signing in on this kiosk, checked by the center over the kiosk's own device
credentials (``GET /volunteers``, ``POST /volunteers/signin``).

A group session needs the center: only it knows who is a volunteer, whether their account
is on, and their PIN. The screens call these off the UI thread and get an answer in plain
categories (:class:`SigninRefused` says which), never a raw HTTP error.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from app.tutorials.sessions import VolunteerSignin
from sync.client import BadAnswer, CenterClient, Refused, Retryable
from sync.protocol import VOLUNTEER_PIN, VolunteerList, VolunteerSignedIn

log = logging.getLogger(__name__)
# A volunteer waits at the screen: a slow center is said to be out of reach soon.
TIMEOUT = (3.0, 8.0)

WRONG_PIN = "wrong_pin"
LOCKED = "locked"
NOT_VOLUNTEER = "not_volunteer"
DISABLED = "disabled"
NO_CENTER = "no_center"  # none configured, not reachable, or it did not answer in time
KIOSK_REFUSED = "kiosk_refused"  # this kiosk is not (or no longer) enrolled


class SigninRefused(Exception):
    """Why a volunteer could not sign in (``reason``: one of the constants above), with
    the seconds to wait when their account is locked."""

    def __init__(self, reason: str, detail: str = "", wait_s: float | None = None) -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.wait_s = wait_s


_CODES = {
    "bad_pin": WRONG_PIN,
    "not_volunteer": NOT_VOLUNTEER,
    "account_disabled": DISABLED,
}


@dataclass(frozen=True)
class VolunteerDesk:
    """The kiosk's questions about volunteers; ``make_client`` gives a client of its own
    for each call (the sync worker's stays the worker's)."""

    make_client: Callable[[], CenterClient]

    def _ask(self, method: str, path: str, body: object = None) -> object:
        client = self.make_client()
        try:
            return client._request(method, path, body)
        except Refused as exc:
            raise SigninRefused(_CODES.get(exc.code, KIOSK_REFUSED), str(exc)) from exc
        except BadAnswer as exc:
            raise SigninRefused(NO_CENTER, str(exc)) from exc
        except Retryable as exc:
            if "429" in str(exc):
                raise SigninRefused(LOCKED, str(exc), exc.retry_after) from exc
            raise SigninRefused(NO_CENTER, str(exc)) from exc
        finally:
            client.close()

    def volunteers(self) -> list[str]:
        """The names of the volunteers who may sign in here."""
        data = self._ask("GET", "/volunteers")
        try:
            return VolunteerList.model_validate(data).volunteers
        except ValueError as exc:
            raise SigninRefused(NO_CENTER, f"not the protocol: {exc}") from exc

    def sign_in(self, name: str, pin: str) -> VolunteerSignin:
        """The center's sign-in of ``name`` with ``pin``; SigninRefused says why not."""
        if not re.fullmatch(VOLUNTEER_PIN, pin):
            raise SigninRefused(WRONG_PIN, "a kiosk PIN is 6 to 12 digits")
        data = self._ask("POST", "/volunteers/signin", {"name": name, "pin": pin})
        try:
            answer = VolunteerSignedIn.model_validate(data)
        except ValueError as exc:
            raise SigninRefused(NO_CENTER, f"not the protocol: {exc}") from exc
        if answer.name != name:
            raise SigninRefused(NO_CENTER, "the center answered for another volunteer")
        return VolunteerSignin(str(answer.signin_id), answer.name)


def volunteer_desk(client: CenterClient) -> VolunteerDesk:
    """A desk asking the center ``client`` talks to, with its token and trust."""

    def make() -> CenterClient:
        verify = client.session.verify
        return CenterClient(
            client.base_url,
            client.token,
            ca_file=verify if isinstance(verify, str) else None,
            timeout=TIMEOUT,
        )

    return VolunteerDesk(make)
