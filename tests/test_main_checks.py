"""Checks main.py makes once the home screen is up: a broken thresholds file for vital signs
is said to staff (stderr, the log, the staff notices), and the kiosk carries on."""

from __future__ import annotations

from pathlib import Path

import pytest

import kiosk_main as main
from app import vitals


def test_a_broken_thresholds_file_is_told_to_staff(monkeypatch, capsys) -> None:
    broken = Path("assets/vitals/thresholds.toml")

    def refuse(path: Path | None = None) -> vitals.Thresholds:
        raise vitals.ThresholdsError(broken, ["blood_pressure.systolic: bands overlap"])

    monkeypatch.setattr(vitals, "load_thresholds", refuse)
    kiosk = main.Kiosk(main.parse_args([]))
    main._check_thresholds(kiosk)
    assert any("bands overlap" in notice for notice in kiosk.notices)
    assert "STAFF: health readings cannot be judged" in capsys.readouterr().err


def test_the_shipped_thresholds_pass_the_check(capsys) -> None:
    kiosk = main.Kiosk(main.parse_args([]))
    main._check_thresholds(kiosk)
    assert kiosk.notices == []
    assert capsys.readouterr().err == ""


@pytest.fixture(autouse=True)
def _quiet_log(caplog) -> None:
    caplog.set_level("CRITICAL", logger="main")
