"""The center's personal and health columns sealed with its data key (server.crypto): not in
the stored bytes, read back through the API, console and export; a wrong or missing key
refuses to start; a damaged value spoils only its own row; the migration seals plain rows
and its downgrade opens them again."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from server import crypto
from server.db import alembic_config
from tests.helpers.center import REPO_ROOT, CenterMaker, CenterProcess, StaffApi
from tests.helpers.center_app import CenterApp, running_center
from tests.helpers.server_api import bearer, event, reading_payload

NAME = "欧阳密文"  # a name no demo resident has
SYSTOLIC, DIASTOLIC = 157, 93


def _keys(count: int = 1) -> crypto.DataKeys:
    return crypto.DataKeys(tuple(bytes([i]) * 32 for i in range(1, count + 1)), "test")


# -- the format ----------------------------------------------------------------------------


def test_a_sealed_value_opens_only_in_its_own_row_and_column() -> None:
    keys = _keys()
    sealed = keys.seal("residents", "name", "10001", NAME)
    assert sealed.startswith(f"e1:{keys.current_id}:") and NAME not in sealed
    assert keys.open("residents", "name", "10001", sealed) == NAME
    with pytest.raises(crypto.Unreadable, match="damaged or moved"):
        keys.open("residents", "name", "10002", sealed)  # copied into another row
    with pytest.raises(crypto.Unreadable, match="damaged or moved"):
        keys.open("residents", "phone", "10001", sealed)
    # One bit of the ciphertext changed (a base64 letter near the end may differ only in
    # padding bits, so the bytes themselves are changed).
    mark, kid, body = sealed.split(":", 2)
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[len(raw) // 2] ^= 0x01
    flipped = f"{mark}:{kid}:{base64.urlsafe_b64encode(bytes(raw)).decode('ascii')}"
    with pytest.raises(crypto.Unreadable):
        keys.open("residents", "name", "10001", flipped)
    with pytest.raises(crypto.Unreadable, match="not given"):
        crypto.DataKeys((bytes(32),), "other").open("residents", "name", "10001", sealed)
    assert "01010101" not in repr(keys)  # never the key in a log line


def test_an_older_key_still_opens_what_it_sealed_after_a_new_one_comes_first() -> None:
    old = crypto.DataKeys((bytes([1]) * 32,), "old")
    sealed = old.seal("readings", "sealed", "r1", "{}")
    both = crypto.DataKeys((bytes([2]) * 32, bytes([1]) * 32), "rotated")
    assert both.open("readings", "sealed", "r1", sealed) == "{}"
    assert both.seal("readings", "sealed", "r1", "{}").startswith(f"e1:{both.current_id}:")


def test_a_key_file_must_be_private_well_formed_and_outside_the_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    good = tmp_path / "key"
    crypto.make_key_file(good)
    assert good.stat().st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError):
        crypto.make_key_file(good)  # never over a key
    assert crypto.load_keys({"CENTER_DATA_KEY_FILE": str(good)}, data) is not None
    good.chmod(0o644)
    with pytest.raises(crypto.DataKeyProblem, match="chmod 600"):
        crypto.load_keys({"CENTER_DATA_KEY_FILE": str(good)}, data)
    inside = data / "key"
    crypto.make_key_file(inside)
    with pytest.raises(crypto.DataKeyProblem, match="inside the data folder"):
        crypto.load_keys({"CENTER_DATA_KEY_FILE": str(inside)}, data)
    bad = tmp_path / "bad"
    bad.write_text("not a key\n")
    bad.chmod(0o600)
    with pytest.raises(crypto.DataKeyProblem, match="64 hex digits"):
        crypto.load_keys({"CENTER_DATA_KEY_FILE": str(bad)}, data)
    assert crypto.load_keys({}, data) is None


def test_the_systemd_credential_comes_before_the_key_file(tmp_path: Path) -> None:
    (tmp_path / crypto.CREDENTIAL_NAME).write_text("ab" * 32)
    keys = crypto.load_keys(
        {"CREDENTIALS_DIRECTORY": str(tmp_path), "CENTER_DATA_KEY_FILE": "/nonexistent"}, None
    )
    assert keys is not None and keys.keys == (bytes.fromhex("ab" * 32),)


# -- a running center ----------------------------------------------------------------------


@pytest.fixture
def center_app(tmp_path: Path) -> Iterator[CenterApp]:
    with running_center(tmp_path) as app:
        yield app


def test_a_damaged_value_shows_its_row_unreadable_and_the_others_fine(
    center_app: CenterApp, caplog: pytest.LogCaptureFixture
) -> None:
    admin = center_app.token()
    with center_app.center.sessions() as session:
        session.execute(
            text(
                "UPDATE residents SET name = 'e1:' || substr(name, 4, 12) || 'AAAA' || "
                "substr(name, 20) WHERE card = '10002'"
            )
        )
        moved = session.execute(text("SELECT phone FROM residents WHERE card = '10003'")).scalar()
        session.execute(text("UPDATE residents SET phone = :p WHERE card = '10004'"), {"p": moved})
        session.commit()
    answer = center_app.client.get("/api/v1/staff/residents", headers=admin)
    assert answer.status_code == 200, answer.text
    names = {r["card"]: r for r in answer.json()}
    assert names["10002"]["name"] == crypto.UNREADABLE_TEXT
    assert names["10004"]["phone"] == ""  # another row's value: none (a phone has a pattern)
    assert names["10004"]["name"] == "陈桂兰"
    assert names["10001"]["name"] == "张秀英"
    assert names["10003"]["phone"] == "13700001111"
    assert "residents.name of 10002" in caplog.text


def test_a_damaged_reading_is_unreadable_in_the_export_and_the_others_are_there(
    center_app: CenterApp,
) -> None:
    _, kiosk = center_app.kiosk()
    good, spoilt = reading_payload(systolic=SYSTOLIC), reading_payload(systolic=140)
    events = [event("reading.record", good), event("reading.record", spoilt)]
    answer = center_app.client.post("/api/v1/events", json={"events": events}, headers=kiosk)
    assert [r["status"] for r in answer.json()["results"]] == ["applied"] * 2
    with center_app.center.sessions() as session:
        session.execute(
            text(
                "UPDATE readings SET sealed = (SELECT sealed FROM readings WHERE reading_id = :g)"
                " WHERE reading_id = :s"
            ),
            {"g": good["reading_id"], "s": spoilt["reading_id"]},
        )
        session.commit()
    admin = center_app.token()
    exported = center_app.client.get("/api/v1/staff/residents/10001/export", headers=admin)
    assert exported.status_code == 200, exported.text
    readings = {r["reading_id"]: r for r in exported.json()["readings"]}
    assert readings[good["reading_id"]]["systolic"] == SYSTOLIC
    assert readings[spoilt["reading_id"]]["unreadable"] is True
    assert readings[spoilt["reading_id"]]["systolic"] is None


# -- the migration -------------------------------------------------------------------------


def test_the_migration_seals_plain_rows_and_its_downgrade_opens_them(tmp_path: Path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    config = alembic_config(url)
    command.upgrade(config, "0011")
    engine = create_engine(url)
    reading_id = str(uuid.uuid4())
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO residents (card, name, phone, subsidy_tier, contacts, language,"
                " active, updated_at, updated_by) VALUES ('30001', :n, '13900000000', 'free',"
                " '[]', 'zh_CN', 1, 0, 'test')"
            ),
            {"n": NAME},
        )
        connection.execute(
            text(
                "INSERT INTO devices (id, name, mode, token_hash, created_at)"
                " VALUES ('d1', 'kiosk', 'kiosk', 'h', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO readings (reading_id, event_id, device_id, resident_card, kind,"
                " systolic, diastolic, measured_at, received_at, source, device_name, level,"
                " alert) VALUES (:r, 'e1', 'd1', '30001', 'blood_pressure', :s, :d, 0, 0,"
                " 'typed', 'cuff', 'high', 0)"
            ),
            {"r": reading_id, "s": SYSTOLIC, "d": DIASTOLIC},
        )
    keys = _keys()
    crypto.install(keys)
    command.upgrade(config, "head")
    with engine.connect() as connection:
        name, phone = connection.execute(
            text("SELECT name, phone FROM residents WHERE card = '30001'")
        ).one()
        systolic, sealed = connection.execute(
            text("SELECT systolic, sealed FROM readings WHERE reading_id = :r"), {"r": reading_id}
        ).one()
    assert NAME not in name and name.startswith("e1:") and phone.startswith("e1:")
    assert keys.open("residents", "name", "30001", name) == NAME
    assert systolic is None
    values = json.loads(keys.open("readings", "sealed", reading_id, sealed))
    assert (values["systolic"], values["diastolic"], values["level"]) == (
        SYSTOLIC,
        DIASTOLIC,
        "high",
    )
    crypto.verify_database(engine)  # the key was noted
    with pytest.raises(crypto.DataKeyProblem, match="sealed with data key"):
        crypto.install(crypto.DataKeys((bytes([9]) * 32,), "wrong"))
        crypto.verify_database(engine)
    crypto.install(keys)
    command.downgrade(config, "0011")
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT name FROM residents WHERE card = '30001'")).scalar()
            == NAME
        )
        assert connection.execute(
            text("SELECT systolic, level FROM readings WHERE reading_id = :r"), {"r": reading_id}
        ).one() == (SYSTOLIC, "high")
    engine.dispose()


# -- real server processes -----------------------------------------------------------------


def _stored_bytes(center: CenterProcess) -> bytes:
    folder = Path(center.env["CENTER_DATA_DIR"])
    return b"".join(p.read_bytes() for p in folder.glob("center.sqlite3*"))


@pytest.mark.slow
def test_a_name_and_a_blood_pressure_are_sealed_at_rest_and_read_back(
    center: CenterProcess,
) -> None:
    staff = StaffApi(center, center.staff_token())
    try:
        details: dict[str, Any] = {
            "name": NAME,
            "phone": "13912345678",
            "subsidy_tier": "free",
            "contacts": [{"name": "欧阳女儿", "phone": "13800001111"}],
        }
        put = staff.session.put(f"{staff.base}/residents/30009", json=details, timeout=10)
        assert put.status_code == 200, put.text
        made = staff.post("/enrolment-codes")
        device = staff.session.post(
            f"{center.api}/enrol",
            json={"code": made.json()["code"], "device_name": "hall"},
            timeout=10,
        ).json()
        reading = reading_payload(
            resident_card="30009", systolic=SYSTOLIC, diastolic=DIASTOLIC, pulse=71
        )
        sent = staff.session.post(
            f"{center.api}/events",
            json={"events": [event("reading.record", reading)]},
            headers=bearer(device["token"]),
            timeout=10,
        )
        assert sent.json()["results"][0]["status"] == "applied", sent.text
        # Read back through the API and the export.
        assert staff.get("/residents/30009").json()["name"] == NAME
        document = staff.get("/residents/30009/export").json()
        assert document["resident"]["contacts"][0]["name"] == "欧阳女儿"
        assert [(r["systolic"], r["diastolic"]) for r in document["readings"]] == [
            (SYSTOLIC, DIASTOLIC)
        ]
        fhir = staff.session.get(
            f"{center.url}/fhir/Observation", params={"subject": "30009"}, timeout=10
        )
        assert str(SYSTOLIC) in fhir.text, fhir.text[:500]
    finally:
        staff.close()
    # Not in the rows as stored (what a dump of the tables shows) ...
    residents = center.query("SELECT name, phone, contacts FROM residents WHERE card = '30009'")
    readings = center.query("SELECT * FROM readings WHERE resident_card = '30009'")
    copies = center.query("SELECT payload FROM ingested_events WHERE kind = 'reading.record'")
    raw = repr((residents, readings, copies))
    assert NAME not in raw and "13912345678" not in raw and "欧阳女儿" not in raw
    assert "systolic" not in raw and "simulator" in raw  # the values' JSON is sealed
    emptied = "SELECT systolic, diastolic, pulse, level FROM readings WHERE resident_card = :c"
    assert center.query(emptied, c="30009") == [(None, None, None, None)]
    assert center.reading_values(reading["reading_id"])["systolic"] == SYSTOLIC
    # ... nor in the SQLite files' bytes.
    if "CENTER_DATA_DIR" in center.env:
        stored = _stored_bytes(center)
        assert f'"systolic": {SYSTOLIC}'.encode() not in stored
        assert f'"systolic":{SYSTOLIC}'.encode() not in stored


@pytest.mark.slow
def test_a_center_without_its_key_or_with_another_refuses_to_start(
    center_factory: CenterMaker, tmp_path: Path
) -> None:
    center = center_factory("sqlite").start()
    center.stop()
    env = {k: v for k, v in center.env.items() if k != "CENTER_DEMO_RESIDENTS"}
    env.pop("CENTER_DATA_KEY_FILE")

    def serve(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server", "serve", "--port", "1"],
            cwd=REPO_ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    missing = serve(env)
    assert missing.returncode == 2
    assert "it has no data key; make one with `python -m server make-data-key PATH`" in (
        missing.stderr
    )
    other = tmp_path / "other-key"
    made = subprocess.run(
        [sys.executable, "-m", "server", "make-data-key", str(other)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0 and "a new data key" in made.stdout
    assert other.stat().st_mode & 0o777 == 0o600
    wrong = serve({**env, "CENTER_DATA_KEY_FILE": str(other)})
    assert wrong.returncode == 2
    assert "was sealed with data key" in wrong.stderr and "nothing was changed" in wrong.stderr
    assert other.read_text().strip() not in wrong.stderr + wrong.stdout
