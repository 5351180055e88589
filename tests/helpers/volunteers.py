"""Volunteer accounts with a kiosk PIN on a center process, made through the staff API."""

from __future__ import annotations

from typing import Any

import requests

from tests.helpers.center import HTTP_TIMEOUT, CenterProcess
from tests.helpers.server_api import bearer

PIN = "246810"
PASSWORD = "green tea at ten"


def admin(center: CenterProcess) -> requests.Session:
    session = requests.Session()
    session.headers.update(bearer(center.staff_token("the administrator")))
    return session


def make_volunteer(center: CenterProcess, name: str, *, pin: str | None = PIN) -> int:
    """A volunteer account (with ``pin`` as its kiosk PIN); its id."""
    with admin(center) as staff:
        made = staff.post(
            center.api + "/staff/accounts",
            json={"name": name, "role": "volunteer", "password": PASSWORD},
            timeout=HTTP_TIMEOUT,
        )
        assert made.status_code == 201, made.text
        account = int(made.json()["id"])
        if pin is not None:
            set_pin = staff.put(
                f"{center.api}/staff/accounts/{account}/volunteer-pin",
                json={"pin": pin},
                timeout=HTTP_TIMEOUT,
            )
            assert set_pin.status_code == 204, set_pin.text
    return account


def change_account(center: CenterProcess, account: int, **change: Any) -> None:
    with admin(center) as staff:
        done = staff.patch(
            f"{center.api}/staff/accounts/{account}", json=change, timeout=HTTP_TIMEOUT
        )
    assert done.status_code == 200, done.text


def volunteering(center: CenterProcess, token: str) -> dict[str, Any]:
    answer = requests.get(
        center.api + "/staff/volunteering", headers=bearer(token), timeout=HTTP_TIMEOUT
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body
