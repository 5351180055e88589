"""Every page and form of the staff console, for every role and for no session, against a real
center process over HTTP (no browser): a role the permission table (server.roles) allows gets
the page (200) or the form's answer (303 on to the next page); a refused role gets the page
saying why (403, the sentence naming the role and the action) and nothing changes; no session
is sent to sign in. What a role may not see is on none of its pages: a volunteer's pages, and
every refusal, hold no resident's name, kiosk, order, emergency or message, and each menu
offers only the pages the role may open.

``PAGES`` is the table walked: one row per console route, with the action it takes. A route
of the application without a row fails the test, and so does an action of server.roles that
is neither a page's nor listed in ``API_ONLY``.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from app.catalog import SHIPPED_CATALOG
from server import roles
from server.app import create_app
from server.residents import DEMO_RESIDENTS
from server.routes.permissions import SESSION_COOKIE, all_routes
from server.settings import Settings
from server.web import console, strings
from tests.helpers.browser import PASSWORD, STAFF, ConsoleCenter, Kiosk, console_center
from tests.helpers.center import HTTP_TIMEOUT
from tests.helpers.family import join_link
from tests.helpers.server_api import event, reading_payload

__all__ = ["console_center"]
NOBODY = "no session"
WHO = (*roles.ROLES, NOBODY)
# Console routes anyone may open: the static files, the language switch and signing in.
OPEN = {
    ("GET", "/console/static/{name}"),
    ("GET", "/console/lang"),
    ("GET", "/console/sign-in"),
    ("POST", "/console/sign-in"),
}
# Actions with no console page; the API's walk (tests/server/test_staff_roles.py) covers them.
API_ONLY = {
    "targets.read",
    "targets.write",
    "vitals.export",
    "events.read",
    "accounts.manage",
    "volunteering.read",  # every volunteer's hours: within the time-bank page
    "lessons.publish",  # a lesson folder is sent as a .zip or JSON (docs/CENTER_API.md)
}
MESSAGE_TEXT = "周三下午三点社区义诊"
# Fresh values that fill a path place of another name (a resident with a home tablet is a card).
FILLS = {"tablet_card": "card"}


@dataclass
class World:
    """The center's data the walk looks at: a kiosk with an order, an emergency and an
    alerting reading, and a message; fresh ones for forms that change what they act on."""

    console: ConsoleCenter
    kiosk: Kiosk
    order_id: str
    sos_id: str
    reading_id: str
    # Residents' names and phones, the kiosk's name, what staff wrote: never on a volunteer's
    # page nor on a refusal.
    secrets: set[str] = field(default_factory=set)

    def alert(self) -> str:
        payload = reading_payload(systolic=184, diastolic=106, level="high", alert=True)
        [result] = self.kiosk.device.results([event("reading.record", payload)])
        assert result["status"] == "applied", result
        return str(payload["reading_id"])

    def fresh(self, name: str) -> str:
        """A new thing for a form to act on, so each allowed role's form does something."""
        if name == "order_id":
            found = self.kiosk.order()
        elif name == "sos_id":
            found = self.kiosk.sos()
        elif name == "reading_id":
            found = self.alert()
        elif name == "card":
            found = str(9_000_000 + uuid.uuid4().int % 1_000_000)
            made = self.console.api.session.put(
                f"{self.console.api.base}/residents/{found}",
                json={"name": "待删除 居民", "subsidy_tier": "full", "language": "zh_CN"},
                timeout=HTTP_TIMEOUT,
            )
            assert made.status_code == 200, made.text
        elif name == "device_id":
            found = self.console.kiosk(f"待停用 {uuid.uuid4().hex[:4]}").device_id
        elif name == "account_id":  # a family member linked to 10001, for ending the link
            found = family_link(self.console)
        elif name == "tablet_card":  # a resident with a home tablet of their own, to call
            found = self.fresh("card")
            tablet = self.console.kiosk(f"家里的平板 {found}")
            placed = self.console.api.session.put(
                f"{self.console.api.base}/residents/{found}/home-device",
                json={"device_id": tablet.device_id},
                timeout=HTTP_TIMEOUT,
            )
            assert placed.status_code == 200, placed.text
        else:
            raise AssertionError(f"no fresh {name}")
        return found

    def ids(self) -> dict[str, str]:
        return {
            "order_id": self.order_id,
            "sos_id": self.sos_id,
            "reading_id": self.reading_id,
            "device_id": self.kiosk.device_id,
            "card": "10001",
            "account_id": "1",
        }


Form = Callable[[World, dict[str, str]], dict[str, str]]


@dataclass(frozen=True)
class Page:
    """One console route: the action it takes, what an allowed role gets, and the form a
    POST sends (given the world and the path's values)."""

    method: str
    path: str
    action: str
    query: str = ""
    allowed_status: int = 200
    goes_to: str | None = None  # where an allowed POST sends the browser (a prefix)
    refused_goes_to: str | None = None  # a refused role is sent here instead of a 403
    form: Form | None = None
    fresh: tuple[str, ...] = ()  # path values made anew for each allowed request

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)


def resident_form(world: World, ids: dict[str, str]) -> dict[str, str]:
    card, name, phone, tier, language = DEMO_RESIDENTS[2]  # saved as it is: a no-op change
    return {
        "card": card,
        "name": name,
        "phone": phone,
        "subsidy_tier": tier,
        "language": language,
        "active": "on",
    }


def family_link(console: ConsoleCenter) -> str:
    """The account id of a new family member linked to resident 10001."""
    made = console.api.post(
        "/residents/10001/family-invitations", {"relation": "女儿", "display_name": "女儿 测试"}
    )
    assert made.status_code == 201, made.text
    with requests.Session() as session:
        name = join_link(console.center, made.json()["path"], session)
    links = console.api.get("/residents/10001/family").json()
    return str(next(link["account_id"] for link in links if link["account_name"] == name))


PAGES = (
    Page("GET", "/console/", "board.watch", refused_goes_to="/console/tutorials"),
    Page("GET", "/console/board/orders/{order_id}", "orders.read"),
    Page("GET", "/console/board/sos/{sos_id}", "sos.read"),
    Page("GET", "/console/board/alerts/{reading_id}", "alerts.read"),
    Page("GET", "/console/orders", "orders.read"),
    Page("GET", "/console/orders/{order_id}", "orders.read"),
    Page(
        "POST",
        "/console/orders/{order_id}/act",
        "orders.act",
        allowed_status=303,
        goes_to="/console/orders/",
        form=lambda w, ids: {"action": "accept"},
        fresh=("order_id",),
    ),
    Page("GET", "/console/sos", "sos.read"),
    Page("GET", "/console/sos/{sos_id}", "sos.read"),
    Page(
        "POST",
        "/console/sos/{sos_id}/ack",
        "sos.ack",
        allowed_status=303,
        goes_to="/console/sos/",
        form=lambda w, ids: {"action": "on_the_way"},
        fresh=("sos_id",),
    ),
    Page(
        "POST",
        "/console/alerts/{reading_id}/ack",
        "alerts.ack",
        allowed_status=303,
        goes_to="/console/",
        form=lambda w, ids: {"note": "已电话联系家属"},
        fresh=("reading_id",),
    ),
    Page("GET", "/console/residents", "residents.read"),
    Page("GET", "/console/residents/new", "residents.write"),
    Page("GET", "/console/residents/{card}", "residents.read"),
    Page(
        "POST",
        "/console/residents",
        "residents.write",
        allowed_status=303,
        goes_to="/console/residents/",
        form=resident_form,
    ),
    Page("GET", "/console/residents/{card}/family", "residents.read"),
    Page(
        "POST",
        "/console/residents/{card}/family/invite",
        "family.invite",
        form=lambda w, ids: {"relation": "女儿", "display_name": "女儿 小王"},
    ),
    Page(
        "POST",
        "/console/residents/{card}/family/home-tablet",
        "residents.write",
        allowed_status=303,
        goes_to="/console/residents/10001/family",
        form=lambda w, ids: {"device_id": w.kiosk.device_id},
    ),
    Page(
        "POST",
        "/console/residents/{card}/family/{account_id}/end",
        "family.manage",
        allowed_status=303,
        goes_to="/console/residents/10001/family",
        form=lambda w, ids: {},
        fresh=("account_id",),
    ),
    Page("GET", "/console/residents/{card}/calls", "calls.read"),
    Page(
        "POST",
        "/console/residents/{card}/calls/start",
        "calls.make",
        allowed_status=200,  # the step to the call page, the ticket in its link's fragment
        form=lambda w, ids: {},
        fresh=("tablet_card",),
    ),
    Page(
        "POST",
        "/console/residents/{card}/calls/policy",
        "calls.policy",
        allowed_status=303,
        goes_to="/console/residents/10001/calls?done=policy",
        form=lambda w, ids: {"quiet_from": "21:00", "quiet_to": "07:00"},
    ),
    Page(
        "POST",
        "/console/residents/{card}/calls/family/{account_id}/auto-answer",
        "calls.policy",
        allowed_status=303,
        goes_to="/console/residents/10001/calls?done=auto_answer",
        form=lambda w, ids: {"auto_answer": "on"},
        fresh=("account_id",),
    ),
    Page("GET", "/console/residents/{card}/export.json", "residents.export"),
    Page("GET", "/console/residents/{card}/export.html", "residents.export"),
    Page("GET", "/console/residents/{card}/erase", "residents.erase"),
    Page(
        "POST",
        "/console/residents/{card}/erase",
        "residents.erase",
        allowed_status=303,
        goes_to="/console/residents",
        form=lambda w, ids: {"confirm": "yes"},
        fresh=("card",),
    ),
    Page("GET", "/console/audit", "audit.read"),
    Page("GET", "/console/catalog", "catalog.publish"),
    Page(
        "POST",
        "/console/catalog",
        "catalog.publish",
        form=lambda w, ids: {"toml": SHIPPED_CATALOG.read_text(encoding="utf-8"), "step": "check"},
    ),
    Page("GET", "/console/kiosks", "devices.read"),
    Page("POST", "/console/kiosks/code", "devices.enrol", form=lambda w, ids: {}),
    Page(
        "POST",
        "/console/kiosks/{device_id}/revoke",
        "devices.revoke",
        allowed_status=303,
        goes_to="/console/kiosks",
        form=lambda w, ids: {"confirm": "yes"},
        fresh=("device_id",),
    ),
    Page("GET", "/console/messages", "messages.send"),
    Page(
        "POST",
        "/console/messages",
        "messages.send",
        allowed_status=303,
        goes_to="/console/messages",
        form=lambda w, ids: {
            "device_id": w.kiosk.device_id,
            "card": "10002",
            "text": MESSAGE_TEXT,
        },
    ),
    Page("GET", "/console/tutorials", "tutorials.read", query="card=10001"),
    Page("GET", "/console/volunteering", "volunteering.own"),
    Page(
        "POST",
        "/console/volunteering/pin",
        "volunteering.own",
        allowed_status=422,  # two PINs that differ: refused in words, nothing kept
        form=lambda w, ids: {"pin": "246810", "pin_again": "135791"},
    ),
    Page("GET", "/console/reports", "reports.read"),
    Page("GET", "/console/reports.csv", "reports.read", query="part=per_day"),
    Page(
        "POST",
        "/console/sign-out",
        "self",
        allowed_status=303,
        goes_to="/console/sign-in",
        form=lambda w, ids: {},
    ),
)


# -- the center, its data and the members of staff ------------------------------------------


@pytest.fixture(scope="module")
def console_routes(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    """(method, path) of every console route of the application, read from its routes."""
    folder: Path = tmp_path_factory.mktemp("console-routes")
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'c.sqlite3'}"))
    try:
        return {
            (method, path)
            for path, methods, _ in all_routes(app.routes)
            for method in methods
            if path.startswith(console.PREFIX)
        }
    finally:
        app.state.center.engine.dispose()


@pytest.fixture(scope="module")
def world(console_center: ConsoleCenter) -> World:
    kiosk = console_center.kiosk("对照大厅")
    order_id = kiosk.order(resident_card="10002", service_id="cleaning", choices={"when": "today"})
    sos_id = kiosk.sos()
    made = World(console_center, kiosk, order_id, sos_id, "")
    made.reading_id = made.alert()
    sent = console_center.api.post(
        "/messages", {"text": MESSAGE_TEXT, "device_id": kiosk.device_id, "resident_card": "10002"}
    )
    assert sent.status_code in (200, 201), sent.text
    # Ids are left out: a refusal may repeat the address asked for, which the visitor knew.
    made.secrets = (
        {name for _, name, *_ in DEMO_RESIDENTS}
        | {phone for _, _, phone, *_ in DEMO_RESIDENTS}
        | {kiosk.name, MESSAGE_TEXT, "已电话联系家属"}
    )
    return made


def signed_in(url: str, role: str) -> requests.Session:
    """A browser's session of the member of staff with ``role``, signed in through the form."""
    browser = requests.Session()
    page = browser.get(f"{url}/console/sign-in", timeout=HTTP_TIMEOUT)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    signed = browser.post(
        f"{url}/console/sign-in",
        data={
            "csrf": found.group(1),
            "name": STAFF[role],
            "password": PASSWORD,
            "next": "/console/",
        },
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    assert signed.status_code == 303, signed.text
    assert browser.cookies.get(SESSION_COOKIE)
    return browser


@pytest.fixture(scope="module")
def browsers(console_center: ConsoleCenter) -> Iterator[dict[str, requests.Session]]:
    """A signed-in session per role, and one with no session at all."""
    made = {role: signed_in(console_center.url, role) for role in roles.ROLES}
    made[NOBODY] = requests.Session()
    yield made
    for browser in made.values():
        browser.close()


def form_token(browser: requests.Session) -> str:
    cookie = browser.cookies.get(SESSION_COOKIE)
    return console.form_token(cookie) if cookie else "no session, no token"


def request_page(
    world: World, browser: requests.Session, page: Page, *, fresh: bool
) -> tuple[requests.Response, dict[str, str]]:
    ids = world.ids()
    if fresh:
        ids.update({FILLS.get(name, name): world.fresh(name) for name in page.fresh})
    path = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], page.path)
    url = world.console.url + path + (f"?{page.query}" if page.query else "")
    if page.method == "GET":
        answer = browser.get(url, allow_redirects=False, timeout=HTTP_TIMEOUT)
    else:
        assert page.form is not None, page
        data = {"csrf": form_token(browser), **page.form(world, ids)}
        answer = browser.post(url, data=data, allow_redirects=False, timeout=HTTP_TIMEOUT)
    return answer, ids


def refusal_sentence(role: str, action: str) -> str:
    words = strings.table(strings.DEFAULT)
    what = words.t(f"action.{action}")
    sentence = words.t("refused.role", role=words.t(f"role.{role}"), what=what)
    return html.escape(sentence, quote=False)


def menu_links(body: str) -> set[str]:
    nav = re.search(r"<nav[^>]*>(.*?)</nav>", body, re.S)
    return set(re.findall(r'href="([^"]+)"', nav.group(1))) if nav else set()


def shows_no_secrets(world: World, body: str, where: str) -> None:
    seen = sorted(s for s in world.secrets if s and s in body)
    assert not seen, f"{where} shows what it may not: {seen}"


def menu_is_the_roles(role: str, body: str, where: str) -> None:
    offered = {href: action for href, _, action in console.MENU}
    for href in menu_links(body):
        assert href in offered, (where, href)
        assert roles.allowed(role, offered[href]), f"{where}: the menu offers {href}"


# -- the table ---------------------------------------------------------------------------------


def test_every_console_route_has_a_row_and_every_action_a_place(
    console_routes: set[tuple[str, str]],
) -> None:
    rows = {page.key for page in PAGES}
    assert len(rows) == len(PAGES), "a route has two rows"
    missing = sorted(console_routes - rows - OPEN)
    assert not missing, f"console routes without a row in PAGES: {missing}"
    stale = sorted(rows - console_routes)
    assert not stale, f"rows of PAGES for routes the console no longer has: {stale}"
    actions = {page.action for page in PAGES}
    assert actions <= set(roles.ACTIONS)
    unplaced = sorted(set(roles.ACTIONS) - actions - API_ONLY)
    assert not unplaced, f"actions of server/roles.py neither a page's nor API_ONLY: {unplaced}"
    assert not actions & API_ONLY, "an action listed as API_ONLY has a console page"


def test_open_routes_answer_without_a_session(world: World) -> None:
    url = world.console.url
    for path, status in [
        ("/console/sign-in", 200),
        ("/console/static/console.css", 200),
        ("/console/lang?to=en_US&next=/console/orders", 303),
    ]:
        answer = requests.get(url + path, allow_redirects=False, timeout=HTTP_TIMEOUT)
        assert answer.status_code == status, (path, answer.text[:500])
        shows_no_secrets(world, answer.text, path)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.method} {p.path}")
def test_each_role_gets_the_page_or_its_refusal(
    world: World, browsers: dict[str, requests.Session], page: Page
) -> None:
    for who in WHO:
        if page.path == "/console/sign-out" and who != NOBODY:
            browser = signed_in(world.console.url, who)  # its own session, to end
        else:
            browser = browsers[who]
        allowed = who != NOBODY and roles.allowed(who, page.action)
        answer, ids = request_page(world, browser, page, fresh=allowed)
        where = f"{who}: {page.method} {page.path}"
        body = answer.text
        if who == NOBODY:
            assert answer.status_code == 303, (where, body[:500])
            target = answer.headers["location"]
            if page.method == "GET":
                path = answer.request.path_url
                assert target == f"/console/sign-in?next={quote(path, safe='')}", where
            else:
                assert target == "/console/sign-in", where
            continue
        if allowed:
            assert answer.status_code == page.allowed_status, (where, body[-1500:])
            if page.goes_to is not None:
                assert answer.headers["location"].startswith(page.goes_to), where
        elif page.refused_goes_to is not None:
            assert answer.status_code == 303, (where, body[:500])
            assert answer.headers["location"] == page.refused_goes_to, where
        else:
            assert answer.status_code == 403, (where, body[-1500:])
            assert refusal_sentence(who, page.action) in body, where
            shows_no_secrets(world, body, where)
        if who == roles.VOLUNTEER:
            shows_no_secrets(world, body, where)
        if answer.headers.get("content-type", "").startswith("text/html"):
            menu_is_the_roles(who, body, where)
        if page.fresh and not allowed:
            assert_unchanged(world, page, ids)


def assert_unchanged(world: World, page: Page, ids: dict[str, str]) -> None:
    """A refused form changed nothing of what it named."""
    if "order_id" in page.fresh:
        assert world.console.api.order_status(ids["order_id"]) == "sent"
    if "sos_id" in page.fresh:
        [sos] = [s for s in world.console.api.get("/sos").json() if s["sos_id"] == ids["sos_id"]]
        assert sos["acknowledged_at"] is None
    if "card" in page.fresh:
        assert world.console.api.get(f"/residents/{ids['card']}").status_code == 200
    if "tablet_card" in page.fresh:
        made = world.console.api.get("/calls", resident_card=ids["card"])
        assert made.status_code == 200 and made.json() == [], made.text
    if "account_id" in page.fresh and page.action == "calls.policy":
        links = world.console.api.get("/residents/10001/family").json()
        [link] = [k for k in links if str(k["account_id"]) == ids["account_id"]]
        assert link["auto_answer"] is False and link["auto_answer_set_by"] is None
    if "device_id" in page.fresh:
        devices = world.console.api.get("/devices").json()
        [kiosk] = [d for d in devices if d["device_id"] == ids["device_id"]]
        assert kiosk["revoked_at"] is None


def test_a_volunteers_console_is_the_lessons_and_holds_no_ones_data(
    world: World, browsers: dict[str, requests.Session]
) -> None:
    volunteer = browsers[roles.VOLUNTEER]
    start = volunteer.get(world.console.url + "/console/", timeout=HTTP_TIMEOUT)
    assert start.status_code == 200 and start.url.endswith("/console/tutorials")
    assert menu_links(start.text) == {"/console/tutorials", "/console/volunteering"}
    shows_no_secrets(world, start.text, "the volunteer's start")
    # Looking a card up shows the lessons, never who the card belongs to.
    lessons = volunteer.get(
        world.console.url + "/console/tutorials", params={"card": "10001"}, timeout=HTTP_TIMEOUT
    )
    assert lessons.status_code == 200
    shows_no_secrets(world, lessons.text, "the volunteer's lessons of card 10001")


def test_each_roles_menu_is_what_its_role_may_open(
    world: World, browsers: dict[str, requests.Session]
) -> None:
    for role in roles.ROLES:
        answer = browsers[role].get(world.console.url + "/console/tutorials", timeout=HTTP_TIMEOUT)
        assert answer.status_code == 200, role
        expected = {href for href, _, action in console.MENU if roles.allowed(role, action)}
        assert menu_links(answer.text) == expected, role


def test_the_walk_knows_a_refusal_when_it_sees_one(
    world: World, browsers: dict[str, requests.Session]
) -> None:
    """The control: a nurse's refusal of the kiosks page names the nurse and the action, and
    would not pass for another role's or action's."""
    answer = browsers[roles.NURSE].get(world.console.url + "/console/kiosks", timeout=HTTP_TIMEOUT)
    assert answer.status_code == 403
    assert refusal_sentence(roles.NURSE, "devices.read") in answer.text
    assert refusal_sentence(roles.NURSE, "devices.enrol") not in answer.text
    assert refusal_sentence(roles.VOLUNTEER, "devices.read") not in answer.text


def test_the_no_secrets_check_sees_a_name(world: World) -> None:
    with pytest.raises(AssertionError):
        shows_no_secrets(world, "<td>张秀英</td>", "a page with a name")
