"""``python -m app.devices.parse UUID HEX``: one JSON object and exit code 0, or
{"error": ...} and exit code 1; in-process, and once as a real child process (slow)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.devices.parse import main

REPO_ROOT = Path(__file__).resolve().parents[3]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main(list(argv))
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) == 1, out  # exactly one JSON object
    return code, json.loads(lines[0])


def test_a_blood_pressure_measurement(capsys: pytest.CaptureFixture[str]) -> None:
    code, result = run(capsys, "2A35", "1e 8a00 5800 7800 e807 04 11 14 29 3b 3c00 01 2700")
    assert code == 0
    assert result["characteristic"] == "blood_pressure_measurement"
    assert result["systolic"] == 138.0 and result["diastolic"] == 88.0
    assert result["mean_arterial_pressure"] == 120.0 and result["unit"] == "mmHg"
    assert result["pulse_rate"] == 60.0 and result["user_id"] == 1
    assert result["timestamp"] == "2024-04-17T20:41:59"
    assert result["status"] == [
        "body_movement",
        "cuff_too_loose",
        "irregular_pulse",
        "improper_measurement_position",
    ]


def test_a_full_uuid_and_colons(capsys: pytest.CaptureFixture[str]) -> None:
    code, result = run(capsys, "00002a1c-0000-1000-8000-00805f9b34fb", "00:ff:ff:7f:00")
    assert code == 0
    assert result["characteristic"] == "temperature_measurement"
    assert result["temperature"] is None
    assert result["special_values"] == {"temperature": "NaN"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "expected 2 arguments, got 0"),
        (("2A35",), "expected 2 arguments, got 1"),
        (("2A35", "00", "extra"), "expected 2 arguments, got 3"),
        (("2A35", "0g"), "not hexadecimal"),
        (("2A35", "007"), "not hexadecimal"),
        (("2A19", "64"), "not a health measurement"),
        (("zz", "00"), "not a Bluetooth UUID"),
        (("2A35", "02 7800 5000 5d00"), "the timestamp needs"),
    ],
)
def test_errors_are_one_json_object_and_exit_code_1(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, result = run(capsys, *argv)
    assert code == 1
    assert list(result) == ["error"]
    assert message in str(result["error"])


@pytest.mark.slow  # a child process
def test_the_command_as_a_process() -> None:
    def command(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.devices.parse", *argv],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = command("0x2a37", "1648 0004")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "characteristic": "heart_rate_measurement",
        "heart_rate": 72,
        "sensor_contact": "detected",
        "energy_expended": None,
        "rr_intervals": [1.0],
        "value_format": "uint8",
        "special_values": {},
        "notes": [],
    }
    failed = command("2A5E", "00 6200")
    assert failed.returncode == 1
    assert "pulse_rate" in json.loads(failed.stdout)["error"]
    assert failed.stderr == ""
