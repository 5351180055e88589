"""Stopping a running kiosk with SIGTERM, the way systemd does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.center import wait_until

ROOT = Path(__file__).resolve().parent.parent
# systemd's stop timeout for the kiosk unit; after it the kiosk would be SIGKILLed.
STOP_TIMEOUT_S = 15

# The real kiosk in a child process.
pytestmark = pytest.mark.slow


def test_sigterm_on_an_idle_kiosk_goes_through_the_shutdown_path(tmp_path: Path):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ELDERKIOSK_HOME": str(tmp_path)}
    environment["ELDERKIOSK_SPEECH_ENABLED"] = "false"
    log = tmp_path / "logs" / "kiosk.log"
    errors = (tmp_path / "stderr.txt").open("wb")
    kiosk = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py")],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )
    try:
        wait_until(lambda: log.exists() and " running" in log.read_text(), 60, "the kiosk running")
        kiosk.send_signal(signal.SIGTERM)
        # An idle Qt loop runs no Python for a long while; the signal must wake it.
        code = kiosk.wait(timeout=STOP_TIMEOUT_S)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
        errors.close()
    assert code == 0, (tmp_path / "stderr.txt").read_text()
    assert "stopped" in log.read_text()
