"""systemd's notification protocol: where to send, what the watchdog asks, sending itself."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

from app import sd_notify
from tests.helpers.notify import NotifyListener


@pytest.fixture
def listener() -> Iterator[NotifyListener]:
    with NotifyListener() as listening:
        yield listening


@pytest.fixture(autouse=True)
def fresh_failure_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sd_notify, "_failed_once", False)


def test_a_path_or_an_abstract_name_is_an_address() -> None:
    assert sd_notify.notify_address({"NOTIFY_SOCKET": "/run/user/1000/systemd/notify"}) == (
        "/run/user/1000/systemd/notify"
    )
    assert sd_notify.notify_address({"NOTIFY_SOCKET": "@/org/freedesktop/systemd1/notify"}) == (
        b"\0/org/freedesktop/systemd1/notify"
    )


@pytest.mark.parametrize("value", [None, "", "vsock:2:1234", "relative/notify"])
def test_no_address_outside_systemd_or_of_a_kind_not_spoken(value: str | None) -> None:
    environ = {} if value is None else {"NOTIFY_SOCKET": value}
    assert sd_notify.notify_address(environ) is None


def test_the_watchdog_timeout_is_read_in_microseconds() -> None:
    assert sd_notify.watchdog_interval_s({"WATCHDOG_USEC": "30000000"}) == 30.0
    own = {"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}
    assert sd_notify.watchdog_interval_s(own) == 30.0


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"WATCHDOG_USEC": "0"},
        {"WATCHDOG_USEC": "soon"},
        {"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"},  # meant for another process
    ],
)
def test_no_watchdog_when_off_or_meant_for_another_process(environ: dict[str, str]) -> None:
    assert sd_notify.watchdog_interval_s(environ) is None


@pytest.mark.parametrize("abstract", [False, True], ids=["path", "abstract"])
def test_states_arrive_as_datagrams(abstract: bool) -> None:
    with NotifyListener(abstract=abstract) as listener:
        for state in (sd_notify.READY, sd_notify.WATCHDOG, sd_notify.STOPPING):
            assert sd_notify.notify(state, listener.environ())
        assert listener.receive() == ["READY=1", "WATCHDOG=1", "STOPPING=1"]


def test_outside_systemd_nothing_is_sent() -> None:
    assert not sd_notify.notify(sd_notify.READY, {})


def test_a_listener_gone_is_logged_once_and_never_raises(
    listener: NotifyListener, caplog: pytest.LogCaptureFixture
) -> None:
    environ = listener.environ()
    listener.close()

    assert not sd_notify.notify(sd_notify.WATCHDOG, environ)
    assert not sd_notify.notify(sd_notify.WATCHDOG, environ)

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "cannot notify the service manager" in warnings[0].getMessage()
