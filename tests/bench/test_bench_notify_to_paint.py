"""``python -m bench vitals --only notify_to_paint_ms`` measures a simulated cuff's reading all
the way to its number painted on the result screen, in a child process as the runner runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # a child process with a whole kiosk window
def test_notify_to_paint_gives_percentiles_of_the_runs_asked_for() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "vitals",
            "--only",
            "notify_to_paint_ms",
            "--paint-runs",
            "5",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    [line] = done.stdout.strip().splitlines()
    figure = json.loads(line)["notify_to_paint_ms"]
    assert figure["runs"] == 5
    assert 0 < figure["p50"] <= figure["p95"] <= figure["max"]
    assert figure["goal_p95"] == 100.0
