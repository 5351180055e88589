"""The kiosk's start-up and residents' data at rest, as a kiosk in the field starts: a new
kiosk's database is encrypted and private; an older plain one is encrypted once, losing
nothing; one whose key is gone is not opened, not replaced, and staff are told why."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.people import add_resident, find_by_card
from app.privacy.key import CREDENTIAL_NAME, database_state
from app.store import Store
from tests.helpers.paths import REPO_ROOT

pytestmark = pytest.mark.slow


def start(home: Path, credentials: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ELDERKIOSK_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "CREDENTIALS_DIRECTORY": str(credentials),
        # No keyring: the credential is the only place for the key.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "--exit-after-first-frame"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def credentials_with_key(folder: Path) -> bytes:
    key = secrets.token_bytes(32)
    folder.mkdir()
    (folder / CREDENTIAL_NAME).write_text(key.hex(), encoding="ascii")
    return key


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_kiosk_keeps_its_data_encrypted_and_private(tmp_path: Path) -> None:
    home = tmp_path / "kiosk"
    key = credentials_with_key(tmp_path / "credentials")
    result = start(home, tmp_path / "credentials")
    assert result.returncode == 0, result.stderr
    database = home / "data" / "kiosk.sqlite3"
    assert database_state(database) == "encrypted"
    Store(database, key=key).close()
    for folder in (home / "config", home / "data", home / "logs"):
        assert mode(folder) == 0o700, folder
    for path in (database, home / "logs" / "kiosk.log"):
        assert mode(path) == 0o600, path


def test_an_older_plain_database_is_encrypted_at_start_with_its_residents(
    tmp_path: Path,
) -> None:
    home = tmp_path / "kiosk"
    (home / "data").mkdir(parents=True)
    database = home / "data" / "kiosk.sqlite3"
    plain = Store(database)
    add_resident(plain, card_number="30077", name="林秀珍", phone="13912345678")
    plain.close()
    key = credentials_with_key(tmp_path / "credentials")

    result = start(home, tmp_path / "credentials")

    assert result.returncode == 0, result.stderr
    assert database_state(database) == "encrypted"
    assert "林秀珍".encode() not in database.read_bytes()
    store = Store(database, key=key)
    resident = find_by_card(store, "30077")
    store.close()
    assert resident is not None and resident.name == "林秀珍"
    log = (home / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "the plain database was encrypted" in log


def test_a_kiosk_whose_key_is_gone_says_so_and_starts_no_new_database(tmp_path: Path) -> None:
    home = tmp_path / "kiosk"
    (home / "data").mkdir(parents=True)
    database = home / "data" / "kiosk.sqlite3"
    Store(database, key=secrets.token_bytes(32)).close()
    before = database.read_bytes()
    (tmp_path / "credentials").mkdir()  # the unit lost its credential

    result = start(home, tmp_path / "credentials")

    assert result.returncode == 2, result.stderr  # the out-of-service page
    assert "first-frame" not in result.stdout
    assert "is encrypted and its key cannot be found" in result.stderr
    assert database.read_bytes() == before
    assert not list((home / "data").glob("kiosk.sqlite3?*"))  # no journal, no copy made
    log = (home / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "STAFF: the kiosk database" in log and "restore the key" in log


def test_a_kiosk_with_nowhere_to_keep_a_key_does_not_start_unencrypted(tmp_path: Path) -> None:
    home = tmp_path / "kiosk"
    (tmp_path / "credentials").mkdir()
    result = start(home, tmp_path / "credentials")
    assert result.returncode == 2, result.stderr
    assert "no keyring and no systemd credential" in result.stderr
    assert not (home / "data" / "kiosk.sqlite3").exists()
