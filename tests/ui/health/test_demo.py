"""Demo mode measures end to end: ``python main.py --demo`` with its simulated cuff and its
embedded center, Health, blood pressure: the reading appears, is saved, and reaches the
center (tests/helpers/health_demo.py drives the real start-up in a child process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow  # a child process: the whole kiosk and its center
def test_the_demo_measures_saves_and_sends_a_blood_pressure(tmp_path: Path) -> None:
    env = {**os.environ, "ELDERKIOSK_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.helpers.health_demo"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stderr[-3000:]
    assert lines[-1] == "sent", done.stdout[-2000:] + done.stderr[-2000:]
    results = [line.split() for line in lines if line.startswith("result ")]
    assert results, done.stdout[-2000:]
    systolic, diastolic = (int(v) for v in results[-1][1].split("/"))
    assert systolic > diastolic > 0
