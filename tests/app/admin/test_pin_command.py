"""Setting the staff PIN from a pipe or a console, as ``main.py --set-admin-pin`` does."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from app.admin.pin import ACCEPTED, PinStore
from app.admin.pin_command import set_pin_command
from app.paths import REPO_ROOT
from tests.helpers.admin import STAFF_PIN, pin_store


class Console(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_pin_piped_in_is_set(tmp_path: Path) -> None:
    store = pin_store(tmp_path)
    out = io.StringIO()
    assert set_pin_command(store, io.StringIO(STAFF_PIN + "\n"), out) == 0
    assert "Staff PIN set" in out.getvalue()
    assert store.check(STAFF_PIN).outcome == ACCEPTED


def test_at_a_console_the_pin_is_asked_twice_and_must_match(tmp_path: Path) -> None:
    store = pin_store(tmp_path)
    answers = iter([STAFF_PIN, "999999"])
    out = io.StringIO()
    assert set_pin_command(store, Console(), out, ask=lambda _: next(answers)) == 1
    assert "differ" in out.getvalue() and not store.has_pin()
    answers = iter([STAFF_PIN, STAFF_PIN])
    assert set_pin_command(store, Console(), out, ask=lambda _: next(answers)) == 0
    assert store.has_pin()


@pytest.mark.parametrize("typed", ["", "12 34", "1234"])
def test_a_bad_pin_is_refused_with_the_reason(tmp_path: Path, typed: str) -> None:
    store = pin_store(tmp_path)
    out = io.StringIO()
    assert set_pin_command(store, io.StringIO(typed + "\n"), out) == 1
    assert "was not changed" in out.getvalue() and "digits" in out.getvalue()
    assert not store.has_pin()


@pytest.mark.slow
def test_main_sets_the_pin_in_the_data_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "main.py"),
            "--data-dir",
            str(tmp_path),
            "--set-admin-pin",
        ],
        input=STAFF_PIN + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert PinStore(tmp_path / "data").check(STAFF_PIN).outcome == ACCEPTED
