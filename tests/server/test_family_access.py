"""A family account sees only the residents it is linked to: every family endpoint and page,
found from the application's own routes (so one added later is walked too), is asked by a
second family about the first family's elder, call and check-in, and must answer as if they
did not exist, with nothing of them in the answer, and change nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from server.app import create_app
from server.routes.permissions import all_routes
from server.settings import Settings
from tests.helpers.center import HTTP_TIMEOUT
from tests.helpers.family import Family, FamilyCenter, csrf_of, family_center

__all__ = ["family_center"]

# Routes anyone may open (the sign-in, an invitation link, the language switch, the style
# sheet): they name nobody's data.
OPEN = re.compile(r"^/family/(sign-in|sign-out|lang|static/.*|join/\{token\})$")
ELDER = "张秀英"  # the first family's elder, card 10001


def family_routes(folder: Path) -> list[tuple[str, str]]:
    """(method, path) of every family route of the application."""
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'routes.sqlite3'}"))
    found = []
    for path, methods, _ in all_routes(app.routes):
        if not (path.startswith("/api/v1/family") or path.startswith("/family")):
            continue
        if OPEN.match(path):
            continue
        found += [(method, path) for method in sorted(methods)]
    return sorted(found)


def test_the_walk_covers_the_family_api_and_pages(tmp_path: Path) -> None:
    routes = family_routes(tmp_path)
    paths = {path for _, path in routes}
    assert {
        "/api/v1/family/elders",
        "/api/v1/family/elders/{card}",
        "/api/v1/family/elders/{card}/checkins",
        "/api/v1/family/elders/{card}/checkins/{schedule_id}",
        "/family/",
        "/family/elders/{card}",
    } <= paths


def _ask(other: Family, method: str, path: str, form_token: str) -> Any:
    url = other.center.url + path
    if method == "WS":
        return None
    if path.startswith("/api/"):
        body: Any = {"resident_card": "10001", "at_time": "07:00"}
        if path.endswith("/checkins"):
            body = {"at_time": "07:00"}
        elif path == "/api/v1/family/calls":
            body = {"resident_card": "10001"}
        elif method in ("POST", "PUT"):
            body = {}
        return other.session.request(
            method,
            url,
            params={"resident_card": "10001"},
            json=body if method in ("POST", "PUT") else None,
            timeout=HTTP_TIMEOUT,
            allow_redirects=False,
        )
    data = {"csrf": form_token, "at_time": "07:00", "day1": "1"}
    return other.session.request(
        method,
        url,
        data=data if method == "POST" else None,
        timeout=HTTP_TIMEOUT,
        allow_redirects=False,
    )


def test_no_family_endpoint_shows_or_changes_another_familys_elder(
    family_center: FamilyCenter, tmp_path: Path
) -> None:
    center = family_center.center
    first = family_center.family_of("10001", "女儿", "女儿 王秘密")
    family_center.tablet("10001")
    made = first.api("POST", "/family/elders/10001/checkins", {"at_time": "10:00"})
    assert made.status_code == 201, made.text
    schedule_id = made.json()["id"]
    first.api("POST", "/family/calls", {"resident_card": "10001"})  # recorded, rung or not
    call_id = center.scalar("SELECT id FROM calls WHERE resident_card = '10001'")
    assert call_id, "the first family's call attempt is recorded"
    call_before = center.query("SELECT state, reason FROM calls WHERE id = :i", i=call_id)

    other = family_center.family_of("10002", "儿子", "儿子 李明")
    token = csrf_of(other.get("/family/").text)
    secrets = (ELDER, "王秘密", first.name, call_id)
    walked = []
    routes = family_routes(tmp_path)
    for method, template in routes:
        path = (
            template.replace("{card}", "10001")
            .replace("{call_id}", call_id)
            .replace("{schedule_id}", str(schedule_id))
            .replace("{id}", str(schedule_id))
        )
        assert "{" not in path, f"the walk does not know how to fill {template}"
        answer = _ask(other, method, path, token)
        if answer is None:
            continue
        walked.append((method, template))
        text = answer.text
        for secret in secrets:
            assert secret not in text, (method, path, answer.status_code, text[:500])
        names_something = template != path
        if names_something:
            assert answer.status_code == 404, (method, path, answer.status_code, text[:300])
        else:
            assert answer.status_code < 500, (method, path, text[:300])
    assert set(walked) == {(m, p) for m, p in routes if m != "WS"}
    assert len(walked) >= 8, walked
    # nothing of the first family's changed
    listed = first.api("GET", "/family/elders/10001/checkins").json()
    assert [c["id"] for c in listed] == [schedule_id]
    assert center.query("SELECT state, reason FROM calls WHERE id = :i", i=call_id) == call_before
    # and the second family still sees its own elder
    [own] = other.api("GET", "/family/elders").json()
    assert own["card"] == "10002"


@pytest.mark.parametrize(
    "card, statuses",
    [
        ("10001", {404}),
        ("99999", {404}),
        ("123", {404, 422}),  # not a card at all: the address is wrong
        ("10001%00", {404, 422}),
        ("..%2F10001", {404, 422}),
    ],
)
def test_an_unlinked_or_strange_card_is_not_found(
    family_center: FamilyCenter, card: str, statuses: set[int]
) -> None:
    other = family_center.family_of("10003")
    for path in (f"/api/v1/family/elders/{card}", f"/family/elders/{card}"):
        answer = other.session.get(other.center.url + path, timeout=HTTP_TIMEOUT)
        assert answer.status_code in statuses, (path, answer.status_code)
        assert ELDER not in answer.text


def test_family_reads_are_in_the_audit_trail(family_center: FamilyCenter) -> None:
    family = family_center.family_of("10004")
    assert family.api("GET", "/family/elders/10004").status_code == 200
    assert family.get("/family/elders/10004").status_code == 200
    rows = family_center.center.query(
        "SELECT actor, after FROM audit_log WHERE action = 'access:family.read'"
        " AND target = 'resident:10004'"
    )
    actors = {actor for actor, _ in rows}
    assert actors == {f"family:{family.name}"}
    assert len(rows) >= 2
