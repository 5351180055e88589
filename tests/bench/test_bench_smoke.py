"""The server benchmarks still run: each one on a few kiosks for a few seconds, as
``python -m bench NAME`` runs it (a real server and a throwaway PostgreSQL on loopback), and
prints one JSON object whose figures add up. The speed itself is docs/PERFORMANCE.md's
business, not the tests'."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from server.pgtemp import TempPostgres

REPO_ROOT = Path(__file__).resolve().parents[2]
QUICK = ["--connect-over", "1"]  # not spread over the 25 s of a keepalive

pytestmark = [
    pytest.mark.slow,  # PostgreSQL and server processes
    pytest.mark.skipif(not TempPostgres.available(), reason="PostgreSQL is not installed"),
]


def run_bench(*argv: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench", *argv],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout  # exactly one JSON object on stdout
    return json.loads(lines[0])


def test_sos_bench_sees_every_emergency_answered_seen_and_acknowledged() -> None:
    result = run_bench("sos", "--kiosks", "20", "--seconds", "4", "--sos-every", "1", *QUICK)

    assert result["raised"] == 3
    assert result["lost"] == 0 and result["sos_errors"] == {}
    assert result["acks_not_heard"] == 0
    for name in ("received_p99_ms", "staff_seen_p99_ms", "ack_heard_p99_ms"):
        assert 0 < result[name] < 30_000, name
    assert result["sockets_open"] == 20
    assert result["kiosks_sends"]["errors"] == 0
    assert result["staff_socket_ended"] is None
    assert result["server_log"]["tracebacks"] == 0


def test_server_bench_holds_sockets_open_and_times_the_sends() -> None:
    result = run_bench(
        "server",
        "--kiosks",
        "20",
        "--seconds",
        "3",
        "--send-every",
        "0.5",
        "--ping-interval",
        "1",
        *QUICK,
    )

    (only,) = result["runs"]
    assert only["kiosks"] == 20 and only["sockets_open"] == 20
    assert only["errors"] == 0, only["error_causes"]
    assert only["sends"] > 20 and only["p99_ms"] is not None
    assert only["server_log"]["tracebacks"] == 0
