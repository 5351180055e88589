"""Starting the real program on a damaged database: the out-of-service page, never a new empty
kiosk; the damaged files kept for staff byte for byte; the center told, when it can be.

Each test starts ``main.py`` in a child process, as systemd does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sync.client import CenterClient
from sync.credentials import ALLOW_PLAINTEXT_ENV, TokenStore
from tests.helpers.center import CenterProcess, StaffApi
from tests.helpers.damaged_db import files_of, garble_middle_pages, journal_lost, kiosk_with_data

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # child processes


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "ELDERKIOSK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


def start(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--exit-after-first-frame", *args],
        cwd=ROOT,
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=120,
    )


def database_in(home: Path) -> Path:
    (home / "data").mkdir(parents=True, exist_ok=True)
    return home / "data" / "kiosk.sqlite3"


def emptied(path: Path) -> None:
    kiosk_with_data(path)
    path.write_bytes(b"")  # as a file system that lost the data after a power cut


def garbled(path: Path) -> None:
    kiosk_with_data(path)
    garble_middle_pages(path)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "empty": emptied,
    "corrupt": garbled,
    "journal_lost": journal_lost,
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_database_is_kept_for_staff_and_the_kiosk_does_not_start_empty(
    tmp_path: Path, kind: str
) -> None:
    database = database_in(tmp_path)
    DAMAGE[kind](database)
    before = files_of(database)

    result = start(tmp_path)

    assert result.returncode == 2, result.stderr
    assert "first-frame" not in result.stdout  # the kiosk's own screens never came up
    assert f"cannot be used ({kind})" in result.stderr
    assert files_of(database) == before  # left where it was, unchanged, not made anew
    [kept] = (tmp_path / "data" / "damaged").iterdir()
    assert {name: (kept / name).read_bytes() for name in before} == before
    log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert f"STAFF: the kiosk database {database} cannot be used ({kind}" in log
    assert f"Exact copies were kept in {kept}" in log

    again = start(tmp_path)  # systemd starts it again: no second copy
    assert again.returncode == 2
    assert len(list((tmp_path / "data" / "damaged").iterdir())) == 1
    assert "at an earlier start" in again.stderr
    assert files_of(database) == before


def test_an_unreadable_database_is_not_replaced(tmp_path: Path) -> None:
    database = database_in(tmp_path)
    database.mkdir()  # what the kiosk finds where its file should be

    result = start(tmp_path)

    assert result.returncode == 2, result.stderr
    assert "cannot be used (unreadable)" in result.stderr
    assert "No copy could be made" in result.stderr
    assert database.is_dir() and list(database.iterdir()) == []


def test_a_new_kiosk_with_no_database_starts_as_before(tmp_path: Path) -> None:
    result = start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first-frame ")
    assert (tmp_path / "data" / "kiosk.sqlite3").stat().st_size > 0
    assert not (tmp_path / "data" / "damaged").exists()


def test_the_page_stays_up_and_the_center_is_told(tmp_path: Path, center: CenterProcess) -> None:
    """The whole path, as a kiosk in the field: enrolled, damaged, started by systemd."""
    staff = StaffApi(center, center.staff_token())
    try:
        code = staff.post("/enrolment-codes").json()["code"]
    finally:
        staff.close()
    client = CenterClient(center.url)
    enrolled = client.enrol(code, "damaged kiosk", "kiosk")
    client.close()
    allowed = {ALLOW_PLAINTEXT_ENV: "1"}
    TokenStore(center.url, tmp_path / "data", environ=allowed).save(enrolled.token)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(
        f'server_url = "{center.url}"\n', encoding="utf-8"
    )
    database = database_in(tmp_path)
    garbled(database)

    kiosk = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py")],
        cwd=ROOT,
        env={**environment(tmp_path), **allowed},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        query = "SELECT storage_fault FROM device_health WHERE device_id = :device"
        while not center.query(query, device=enrolled.device_id):
            assert kiosk.poll() is None, kiosk.communicate()
            if time.monotonic() > deadline:
                kiosk.send_signal(signal.SIGTERM)
                _out, err = kiosk.communicate(timeout=30)
                log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
                pytest.fail(f"the center was never told\n{err[-4000:]}\n--- log ---\n{log[-4000:]}")
            time.sleep(0.1)
        [(fault,)] = center.query(query, device=enrolled.device_id)
        assert fault.startswith("out of service: corrupt")
        time.sleep(1.0)
        assert kiosk.poll() is None  # the page stays up
    finally:
        kiosk.send_signal(signal.SIGTERM)
        kiosk.communicate(timeout=30)
    log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "the center was told this terminal is out of service" in log
    assert "STAFF: the kiosk database" in log
