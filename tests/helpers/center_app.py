"""A center server in the test's own process (FastAPI's TestClient over a SQLite file), for
the tests of hardened input, headers, the audit of reads, export, erasure and retention."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():  # it would rather have httpx2, which is not installed
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from server import auth
from server.__main__ import staff_token
from server.app import create_app
from server.center import Center
from server.settings import Settings


@dataclass
class CenterApp:
    client: TestClient
    center: Center
    data_dir: Path

    def token(self, name: str = "Admin Li", role: str | None = None) -> dict[str, str]:
        """Authorization headers of a member of staff (created the first time)."""
        with self.center.sessions() as session:
            return {"Authorization": f"Bearer {staff_token(session, name, role, 1)}"}

    def kiosk(self, name: str = "Hall kiosk") -> tuple[str, dict[str, str]]:
        """(device id, Authorization headers) of a newly enrolled kiosk."""
        with self.center.sessions() as session:
            code = auth.create_enrolment_code(session, "tests")
            session.commit()
        answer = self.client.post("/api/v1/enrol", json={"code": code, "device_name": name})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        return body["device_id"], {"Authorization": f"Bearer {body['token']}"}

    def scalar(self, sql: str, **params: Any) -> Any:
        from sqlalchemy import text

        with self.center.sessions() as session:
            return session.execute(text(sql), params).scalar()


def make_settings(folder: Path, **changes: Any) -> Settings:
    data = folder / "data"
    data.mkdir(mode=0o755, parents=True, exist_ok=True)
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{data / 'center.sqlite3'}",
        "demo_residents": True,
        "data_dir": data,
    }
    values.update(changes)
    return Settings(**values)


CLIENT_ADDRESS = "198.51.100.7"  # where the test client's requests come from


@contextlib.contextmanager
def running_center(folder: Path, **changes: Any) -> Iterator[CenterApp]:
    """A center with the demo's residents in ``folder``/data, running until the block ends.
    A test module's fixture wraps it: ``with running_center(tmp_path) as app: yield app``."""
    app = create_app(make_settings(folder, **changes))
    with TestClient(app, client=(CLIENT_ADDRESS, 50000)) as client:
        yield CenterApp(client, app.state.center, folder / "data")
