"""Enrolment at start-up: a one-time code is used only where the token it buys can be kept.

With no keyring (and no leave for a plain file) the kiosk used to enrol, throw the token away
and burn the code. Now it does not call the center at all, says why in the log, to staff and
in the header, and the code still works once a keyring is there. Against a real center.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

import kiosk_main as main
from app.config import Config
from app.paths import resolve_paths
from app.store import Store
from sync.client import CenterClient
from sync.credentials import ALLOW_PLAINTEXT_ENV, TokenStore
from sync.worker import SyncStatus
from tests.helpers.center import CenterProcess, StaffApi
from ui.sync_status import NOT_ENROLLED, SyncBridge


class Context:
    """What init_sync needs of the window's context: the bridge to the header."""

    def __init__(self) -> None:
        self.sync = SyncBridge()
        self.statuses: list[SyncStatus] = []
        self.sync.report_status = self.statuses.append  # type: ignore[method-assign]


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ALLOW_PLAINTEXT_ENV, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def enrolment_code(center: CenterProcess) -> str:
    staff = StaffApi(center, center.staff_token())
    try:
        return str(staff.post("/enrolment-codes").json()["code"])
    finally:
        staff.close()


def devices(center: CenterProcess) -> int:
    return int(center.scalar("SELECT COUNT(*) FROM devices"))


def kiosk_for(tmp_path: Path, center: CenterProcess, code: str, store: Store | None) -> Any:
    kiosk = main.Kiosk(main.parse_args([]))
    kiosk.paths = resolve_paths(tmp_path)
    kiosk.paths.create()
    kiosk.config = Config().with_changes(server_url=center.url, enrolment_code=code)
    kiosk.ctx = Context()
    kiosk.store = store
    return kiosk


def test_without_a_keyring_the_code_is_not_used_and_the_kiosk_says_why(
    qapp: Any,
    tmp_path: Path,
    center: CenterProcess,
    no_keyring: None,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = enrolment_code(center)
    before = devices(center)
    kiosk = kiosk_for(tmp_path, center, code, store=None)

    main.init_sync(kiosk)

    assert devices(center) == before  # the center never heard of it
    assert kiosk.sync_worker is None
    [notice] = kiosk.notices
    assert "the enrolment code was not used" in notice and "keyring" in notice.lower()
    assert any(
        r.levelno == logging.ERROR and "was not used" in r.getMessage() for r in caplog.records
    )
    assert "was not used" in capsys.readouterr().err
    assert kiosk.ctx.statuses[-1].refused == NOT_ENROLLED
    assert list((tmp_path / "data").iterdir()) == []  # and no token file either

    # The code is still good for the kiosk once it can keep a token.
    client = CenterClient(center.url)
    try:
        assert client.enrol(code, "the same kiosk", "kiosk").token
    finally:
        client.close()
    assert devices(center) == before + 1


def test_with_leave_for_a_protected_file_the_kiosk_enrols_and_keeps_its_token(
    qapp: Any,
    tmp_path: Path,
    center: CenterProcess,
    no_keyring: None,
    monkeypatch: pytest.MonkeyPatch,
    store: Store,
) -> None:
    monkeypatch.setenv(ALLOW_PLAINTEXT_ENV, "1")
    kiosk = kiosk_for(tmp_path, center, enrolment_code(center), store=store)
    try:
        main.init_sync(kiosk)
        assert kiosk.notices == []
        assert kiosk.sync_worker is not None
        token = TokenStore(center.url, tmp_path / "data", environ={ALLOW_PLAINTEXT_ENV: "1"}).load()
        assert token
    finally:
        for part in (kiosk.update_listener, kiosk.sync_worker):
            if part is not None:
                part.stop()
