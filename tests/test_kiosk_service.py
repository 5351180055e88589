"""The kiosk as systemd runs it: the unit files, and the real kiosk talking to a stand-in for
systemd's notification socket (READY=1, heartbeats, STOPPING=1 on SIGTERM)."""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.center import wait_until
from tests.helpers.notify import NotifyListener
from ui.kiosk_exit import STAFF_EXIT_STATUS

ROOT = Path(__file__).resolve().parent.parent
UNITS = sorted((ROOT / "installer" / "systemd").glob("*.service"))
STOP_TIMEOUT_S = 15  # TimeoutStopSec of the units
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


def read_unit(path: Path) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    unit.read_string(path.read_text(encoding="utf-8"))
    return unit


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_units_restart_always_and_watch_the_kiosk(path: Path) -> None:
    unit = read_unit(path)
    service = unit["Service"]
    assert service["Type"] == "notify"
    assert service["NotifyAccess"] == "main"
    assert int(service["WatchdogSec"]) == 30
    assert service["Restart"] == "always"
    # Staff leaving on purpose is the one end that is not restarted.
    assert service["RestartPreventExitStatus"] == str(STAFF_EXIT_STATUS)
    assert service["SuccessExitStatus"] == str(STAFF_EXIT_STATUS)
    assert "StartLimitIntervalSec" in unit["Unit"]
    assert service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) == STOP_TIMEOUT_S


def runnable_copy(path: Path, folder: Path, text: str | None = None) -> Path:
    """The unit with its program and folder made ones this machine has, as verify wants."""
    text = path.read_text(encoding="utf-8") if text is None else text
    text = text.replace("%h/eldercare-kiosk/.venv/bin/python", sys.executable)
    text = text.replace("/opt/eldercare-kiosk/eldercare-kiosk", sys.executable)
    text = text.replace("WorkingDirectory=%h/eldercare-kiosk", f"WorkingDirectory={ROOT}")
    copy = folder / "eldercare-kiosk.service"
    copy.write_text(text, encoding="utf-8")
    return copy


def verify(unit: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    if SYSTEMD_ANALYZE is None:
        pytest.skip(
            "systemd-analyze is not installed (Debian package systemd;"
            " `bash installer/setup.sh --test` installs it)"
        )
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    return subprocess.run(
        [SYSTEMD_ANALYZE, "--user", "verify", str(unit)],
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow  # systemd-analyze in a child process
@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_units_pass_systemd_analyze_verify(path: Path, tmp_path: Path) -> None:
    result = verify(runnable_copy(path, tmp_path), tmp_path)

    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "eldercare-kiosk.service" not in said, said


@pytest.mark.slow  # systemd-analyze in a child process
def test_verify_finds_a_bad_line(tmp_path: Path) -> None:
    text = UNITS[0].read_text(encoding="utf-8").replace("WatchdogSec=30", "WatchdogSec=soon")
    result = verify(runnable_copy(UNITS[0], tmp_path, text), tmp_path)

    said = result.stdout + result.stderr
    assert "eldercare-kiosk.service:" in said and "soon" in said, said


def start_kiosk(home: Path, listener: NotifyListener) -> subprocess.Popen[bytes]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ELDERKIOSK_")},
        "QT_QPA_PLATFORM": "offscreen",
        "ELDERKIOSK_HOME": str(home),
        "ELDERKIOSK_SPEECH_ENABLED": "false",
        **listener.environ(watchdog_s=1.5),
    }
    with (home / "stderr.txt").open("wb") as errors:  # the child keeps its own copy
        return subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--mode", "kiosk"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )


@pytest.mark.slow  # the real kiosk in a child process
def test_a_kiosk_says_ready_beats_and_stops_on_sigterm(tmp_path: Path) -> None:
    with NotifyListener(abstract=True) as listener:
        kiosk = start_kiosk(tmp_path, listener)
        try:
            listener.wait("READY=1", 60)
            listener.wait("WATCHDOG=1", after="READY=1")
            # The window refuses the window manager's close in kiosk mode; systemd's stop
            # (SIGTERM, then quit) must still end it through the one shutdown path.
            kiosk.send_signal(signal.SIGTERM)
            code = kiosk.wait(timeout=STOP_TIMEOUT_S)
            listener.receive()
        finally:
            if kiosk.poll() is None:
                kiosk.kill()
                kiosk.wait()

    assert code == 0, (tmp_path / "stderr.txt").read_text()
    assert listener.messages[0] == "READY=1"
    assert listener.messages[-1] == "STOPPING=1"
    wait_until(lambda: "stopped" in (tmp_path / "logs" / "kiosk.log").read_text(), 5, "stopped")


@pytest.mark.slow  # the real kiosk in a child process
def test_a_kiosk_killed_by_the_watchdog_leaves_its_threads_tracebacks(tmp_path: Path) -> None:
    with NotifyListener() as listener:
        kiosk = start_kiosk(tmp_path, listener)
        try:
            listener.wait("WATCHDOG=1", 60)
            kiosk.send_signal(signal.SIGABRT)  # what systemd sends when heartbeats stop
            code = kiosk.wait(timeout=STOP_TIMEOUT_S)
        finally:
            if kiosk.poll() is None:
                kiosk.kill()
                kiosk.wait()

    assert code == -signal.SIGABRT
    errors = (tmp_path / "stderr.txt").read_text()
    assert "Fatal Python error: Aborted" in errors
    assert "main.py" in errors  # where the UI thread was
