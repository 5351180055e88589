"""Roles over HTTP against a real center: the permission table walked (each role against each
staff endpoint, allowed or refused with 403 and a sentence), signing in to the console with
its cookie, signing out, disabled accounts, the per-address limit of wrong sign-ins, and the
administrators' account and audit API."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from server import roles
from server.app import create_app
from server.routes.permissions import SESSION_COOKIE, all_routes, route_actions
from server.settings import Settings
from tests.helpers.center import HTTP_TIMEOUT, CenterMaker, CenterProcess
from tests.helpers.server_api import assert_error, bearer

PASSWORD = "green tea at ten"
# Values for the path parameters of the staff routes: none of them names a real thing, so
# an allowed request answers 404 or 422 at worst and changes nothing.
PATH_VALUES = {
    "order_id": str(uuid.uuid4()),
    "sos_id": str(uuid.uuid4()),
    "device_id": str(uuid.uuid4()),
    "reading_id": str(uuid.uuid4()),
    "card": "99999999",
    "account_id": "999999",
    "call_id": str(uuid.uuid4()),
    "family_id": "999999",
}
# Routes that are open to anyone (signing in), and those the walk leaves out because an
# allowed request would end the caller's own credentials (tested on their own below).
OPEN = {("POST", "/api/v1/staff/session")}
# The staff socket checks its role by hand (server.routes.staff_socket: board.watch).
BY_HAND = {("WS", "/api/v1/staff/ws")}
NOT_WALKED = {("DELETE", "/api/v1/staff/session")}


@pytest.fixture
def center(module_center: CenterProcess) -> CenterProcess:
    return module_center


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """(method, path) -> action of every route of the application, read from its routes."""
    folder: Path = tmp_path_factory.mktemp("routes")
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'c.sqlite3'}"))
    found = route_actions(app)
    app.state.center.engine.dispose()
    return found


def tokens(center: CenterProcess) -> dict[str, str]:
    """An API token per role (the CLI's create-staff --role), made once per center."""
    for role in roles.ROLES:
        name = f"the {role}"
        if name not in center._staff_tokens:
            center._staff_tokens[name] = center.cli("create-staff", name, "--role", role)
    return {role: center._staff_tokens[f"the {role}"] for role in roles.ROLES}


def test_every_staff_route_names_an_action_of_the_table(
    guarded: dict[tuple[str, str], str], tmp_path: Path
) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    try:
        routes = all_routes(app.routes)
    finally:
        app.state.center.engine.dispose()
    staff_routes = {
        (method, path)
        for path, methods, _ in routes
        for method in methods
        if path.startswith("/api/v1/staff")
    }
    assert ("GET", "/api/v1/staff/orders") in staff_routes
    assert ("WS", "/api/v1/staff/ws") in staff_routes
    unguarded = staff_routes - set(guarded) - OPEN - BY_HAND
    assert not unguarded, f"these staff routes check no role: {sorted(unguarded)}"
    assert set(guarded.values()) <= set(roles.ACTIONS)


def test_each_role_is_allowed_or_refused_each_endpoint_as_the_table_says(
    center: CenterProcess, guarded: dict[tuple[str, str], str]
) -> None:
    by_role = tokens(center)
    walked = 0
    for (method, path), action in sorted(guarded.items()):
        if (method, path) in NOT_WALKED:
            continue
        url = center.url + re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], path)
        for role, token in by_role.items():
            response = requests.request(
                method, url, headers=bearer(token), json={}, timeout=HTTP_TIMEOUT
            )
            where = f"{role} {method} {path} ({action})"
            if roles.allowed(role, action):
                assert response.status_code not in (401, 403, 500), (where, response.text)
            else:
                body = assert_error(response, 403, "not_allowed")
                assert role in body["message"] and "may not" in body["message"], where
            walked += 1
    assert walked >= 4 * 25


def test_the_fhir_export_is_for_nurses_and_administrators(center: CenterProcess) -> None:
    by_role = tokens(center)
    for role, token in by_role.items():
        response = requests.get(
            center.url + "/fhir/Observation",
            params={"patient": "10001"},
            headers=bearer(token),
            timeout=HTTP_TIMEOUT,
        )
        # 404: the center has no readings of this resident yet, which only an allowed
        # role may learn.
        expected = {200, 404} if roles.allowed(role, "vitals.export") else {403}
        assert response.status_code in expected, (role, response.text)
        assert response.json()["resourceType"] in ("Bundle", "OperationOutcome")


def admin_session(center: CenterProcess) -> requests.Session:
    session = requests.Session()
    session.headers.update(bearer(tokens(center)["administrator"]))
    return session


def make_account(center: CenterProcess, name: str, role: str) -> int:
    with admin_session(center) as admin:
        made = admin.post(
            center.api + "/staff/accounts",
            json={"name": name, "role": role, "password": PASSWORD},
            timeout=HTTP_TIMEOUT,
        )
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def test_the_console_signs_in_with_a_strict_http_only_cookie_and_signs_out(
    center: CenterProcess,
) -> None:
    make_account(center, "Nurse Chen", "nurse")
    with requests.Session() as browser:
        signed = browser.post(
            center.api + "/staff/session",
            json={"name": "Nurse Chen", "password": PASSWORD},
            timeout=HTTP_TIMEOUT,
        )
        assert signed.status_code == 200, signed.text
        cookie = signed.headers["set-cookie"]
        assert cookie.startswith(f"{SESSION_COOKIE}=")
        for part in ("HttpOnly", "SameSite=strict", "Max-Age=43200", "Path=/"):
            assert part.lower() in cookie.lower(), cookie
        assert "secure" not in cookie.lower(), "plain http: a Secure cookie would never return"
        info = signed.json()
        assert info["account"]["role"] == "nurse" and "alerts.ack" in info["allowed"]
        assert browser.get(center.api + "/staff/sos", timeout=HTTP_TIMEOUT).status_code == 200
        assert_error(
            browser.get(center.api + "/staff/devices", timeout=HTTP_TIMEOUT), 403, "not_allowed"
        )
        old = browser.cookies.get(SESSION_COOKIE)
        out = browser.delete(center.api + "/staff/session", timeout=HTTP_TIMEOUT)
        assert out.status_code == 204
        assert browser.cookies.get(SESSION_COOKIE) is None
    # The session ended on the server: the old cookie no longer works anywhere.
    replay = requests.get(
        center.api + "/staff/sos", cookies={SESSION_COOKIE: str(old)}, timeout=HTTP_TIMEOUT
    )
    assert_error(replay, 401, "signed_out")


def test_wrong_sign_ins_are_refused_alike_and_an_api_token_can_be_made(
    center: CenterProcess,
) -> None:
    make_account(center, "Dispatcher Wu", "dispatcher")
    wrong = requests.post(
        center.api + "/staff/session",
        json={"name": "Dispatcher Wu", "password": "not it at all"},
        timeout=HTTP_TIMEOUT,
    )
    nobody = requests.post(
        center.api + "/staff/session",
        json={"name": "Nobody Here", "password": "not it at all"},
        timeout=HTTP_TIMEOUT,
    )
    assert assert_error(wrong, 401, "bad_signin") == assert_error(nobody, 401, "bad_signin")
    with requests.Session() as browser:
        browser.post(
            center.api + "/staff/session",
            json={"name": "Dispatcher Wu", "password": PASSWORD},
            timeout=HTTP_TIMEOUT,
        ).raise_for_status()
        made = browser.post(
            center.api + "/staff/tokens", json={"label": "board", "days": 7}, timeout=HTTP_TIMEOUT
        )
    assert made.status_code == 200, made.text
    token = made.json()["token"]
    me = requests.get(center.api + "/staff/session", headers=bearer(token), timeout=HTTP_TIMEOUT)
    assert me.json()["account"]["name"] == "Dispatcher Wu"
    # Signing out with a token ends the token.
    gone = requests.delete(
        center.api + "/staff/session", headers=bearer(token), timeout=HTTP_TIMEOUT
    )
    assert gone.status_code == 204
    again = requests.get(center.api + "/staff/session", headers=bearer(token), timeout=HTTP_TIMEOUT)
    assert_error(again, 401, "signed_out")


def test_an_administrator_disables_an_account_and_its_token_stops_at_once(
    center: CenterProcess,
) -> None:
    account = make_account(center, "Volunteer Sun", "volunteer")
    token = center.staff_token("Volunteer Sun")
    mine = requests.get(center.api + "/staff/session", headers=bearer(token), timeout=HTTP_TIMEOUT)
    assert mine.status_code == 200
    with admin_session(center) as admin:
        off = admin.patch(
            f"{center.api}/staff/accounts/{account}", json={"disabled": True}, timeout=HTTP_TIMEOUT
        )
        assert off.status_code == 200 and off.json()["disabled"] is True
        refused = requests.get(
            center.api + "/staff/session", headers=bearer(token), timeout=HTTP_TIMEOUT
        )
        assert refused.status_code == 401
        reset = admin.post(
            f"{center.api}/staff/accounts/{account}/password",
            json={"password": "another long one"},
            timeout=HTTP_TIMEOUT,
        )
        assert reset.status_code == 204
        trail = admin.get(
            center.api + "/staff/audit",
            params={"target": "staff:Volunteer Sun"},
            timeout=HTTP_TIMEOUT,
        ).json()
    assert [e["action"] for e in trail][:3] == [
        "account.password",
        "account.change",
        "account.token",
    ] or [e["action"] for e in trail][:2] == ["account.password", "account.change"]
    change = next(e for e in trail if e["action"] == "account.change")
    assert change["before"]["disabled"] is False and change["after"]["disabled"] is True
    assert change["actor"] == "staff:the administrator"


def test_the_last_administrator_stays(center: CenterProcess) -> None:
    with admin_session(center) as admin:
        listed = admin.get(center.api + "/staff/accounts", timeout=HTTP_TIMEOUT).json()
        admins = [a for a in listed if a["role"] == "administrator" and not a["disabled"]]
        for extra in admins[1:]:
            admin.patch(
                f"{center.api}/staff/accounts/{extra['id']}",
                json={"role": "dispatcher"},
                timeout=HTTP_TIMEOUT,
            )
        refused = admin.patch(
            f"{center.api}/staff/accounts/{admins[0]['id']}",
            json={"disabled": True},
            timeout=HTTP_TIMEOUT,
        )
        assert_error(refused, 409, "last_administrator")
        for extra in admins[1:]:
            admin.patch(
                f"{center.api}/staff/accounts/{extra['id']}",
                json={"role": "administrator"},
                timeout=HTTP_TIMEOUT,
            )


@pytest.fixture
def strict_center(center_factory: CenterMaker) -> Iterator[CenterProcess]:
    made = center_factory("sqlite")
    made.env["CENTER_SIGNIN_FAILURES_PER_MINUTE"] = "3"
    yield made.start()


def test_wrong_sign_ins_from_one_address_are_limited(strict_center: CenterProcess) -> None:
    center = strict_center
    for number in range(3):
        wrong = requests.post(
            center.api + "/staff/session",
            json={"name": f"guess {number}", "password": "not it at all"},
            timeout=HTTP_TIMEOUT,
        )
        assert_error(wrong, 401, "bad_signin")
    limited = requests.post(
        center.api + "/staff/session",
        json={"name": "guess 4", "password": "not it at all"},
        timeout=HTTP_TIMEOUT,
    )
    body = assert_error(limited, 429, "too_many_attempts")
    assert "sign-ins" in body["message"] and int(limited.headers["Retry-After"]) >= 1
