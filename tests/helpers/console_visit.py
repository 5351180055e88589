"""A member of staff using the console in the test's own process: an account with a password
(made in the center's database), signed in through the console's own form by a client of
their own (each keeps its own cookies), and the form token read from a page as the browser
does. For tests of the console's pages without a browser (tests.helpers.center_app)."""

from __future__ import annotations

import re
import warnings
from typing import Any

from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # it would rather have httpx2, which is not installed
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from server import accounts
from tests.helpers.center_app import CLIENT_ADDRESS, CenterApp

PASSWORD = "green tea at ten"
TOKEN = re.compile(r'name="csrf" value="([0-9a-f]+)"')


class ConsoleVisitor:
    """One member of staff in the console, signed in through the sign-in form."""

    def __init__(self, center_app: CenterApp, name: str, role: str) -> None:
        with center_app.center.sessions() as session:
            if accounts.by_name(session, name) is None:
                accounts.create_account(session, name, role, password=PASSWORD, actor="tests")
                session.commit()
        self.name = name
        self.client = TestClient(center_app.client.app, client=(CLIENT_ADDRESS, 50001))
        signin = self.client.get("/console/sign-in")
        assert signin.status_code == 200, signin.text
        answer = self.client.post(
            "/console/sign-in",
            data={"csrf": self.token_of(signin.text), "name": name, "password": PASSWORD},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text

    @staticmethod
    def token_of(html: str) -> str:
        found = TOKEN.search(html)
        assert found is not None, "the page has no form token"
        return found.group(1)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params=params, follow_redirects=False)

    def post(self, path: str, form: dict[str, str], *, token_from: str = "/console/") -> Any:
        """Post ``form`` with the token of the page ``token_from`` (as the browser sends it)."""
        page = self.client.get(token_from)
        return self.client.post(
            path, data={"csrf": self.token_of(page.text), **form}, follow_redirects=False
        )

    def close(self) -> None:
        self.client.close()
